//! Every documented sample of the reference, through the typed API:
//!
//! - each sample request is reproduced on the wire by a typed call (method, path, query,
//!   form body, or JSON body for JSON samples, sent by a client with `json_bodies(true)`);
//! - each sample response decodes into its model and serializes back with nothing lost;
//! - every endpoint of the spec has a typed call in the table.

pub(crate) mod cases;

use std::collections::BTreeSet;

use livechat_api::{Client, Credentials};
use livechat_tests::fixtures::{self, RequestSample, differences};
use livechat_tests::recorder::{Recorder, Reply};
use serde_json::Value;

use cases::{Case, cases};

/// `resource.operation` of every endpoint the spec describes.
fn spec_endpoints() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let spec = codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"));
    spec.endpoints()
        .map(|(resource, endpoint)| format!("{}.{}", resource.name, endpoint.name))
        .collect()
}

fn find<'a>(cases: &'a [Case], endpoint: &str, sample: Option<&str>) -> &'a Case {
    cases
        .iter()
        .find(|case| case.endpoint == endpoint && case.sample == sample)
        .unwrap_or_else(|| panic!("no typed call for {endpoint} sample {sample:?} in cases.rs"))
}

/// A client of the recorder with the sample's kind of credentials, sending JSON bodies
/// for JSON samples and forms otherwise.
async fn client_for(recorder: &Recorder, auth: &str, variant: &str) -> Client {
    let credentials = match auth {
        "bearer" => Credentials::bearer("dal-token"),
        _ => Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"),
    };
    Client::builder(credentials)
        .base_url(&recorder.base_url)
        .max_retries(0)
        .json_bodies(variant == "json")
        .build()
        .expect("client builds")
}

/// Runs a case against the recorder, answering with `reply`, and returns the decoded
/// response as JSON.
async fn run(
    case: &Case,
    auth: &str,
    variant: &str,
    reply: Option<&Value>,
) -> (Recorder, livechat_api::Result<cases::Answer>) {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = client_for(&recorder, auth, variant).await;
    if let Some(reply) = reply {
        recorder.reply(Reply::json(200, reply.to_string()));
    }
    let outcome = (case.call)(&client).await;
    (recorder, outcome)
}

/// Pairs in key order. Repeated keys (`tag[]=a&tag[]=b`) keep their relative order,
/// which is all PHP reads from the order of a form: the position of distinct keys in
/// the body means nothing to it.
fn by_key(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

fn check_request(sample: &RequestSample, sent: &livechat_tests::recorder::Recorded) -> Vec<String> {
    let mut problems = Vec::new();
    let expect = |problems: &mut Vec<String>, what: &str, expected: String, actual: String| {
        if expected != actual {
            problems.push(format!("{what}: documented {expected}, sent {actual}"));
        }
    };
    expect(
        &mut problems,
        "method",
        sample.method.clone(),
        sent.method.clone(),
    );
    expect(&mut problems, "path", sample.path.clone(), sent.path());
    expect(
        &mut problems,
        "query",
        format!("{:?}", by_key(sample.query.clone())),
        format!("{:?}", by_key(sent.query())),
    );
    expect(
        &mut problems,
        "version header",
        "Some(\"2\")".into(),
        format!("{:?}", sent.header("x-api-version")),
    );
    let authorization = sent.header("authorization");
    let auth_ok = match sample.auth.as_str() {
        "none" => authorization.is_none(),
        "bearer" => authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Bearer ")),
        _ => authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Basic ")),
    };
    if !auth_ok {
        problems.push(format!(
            "authorization: documented {}, sent {authorization:?}",
            sample.auth
        ));
    }
    match sample.variant.as_str() {
        "json" => {
            expect(
                &mut problems,
                "content type",
                "Some(\"application/json\")".into(),
                format!("{:?}", sent.header("content-type")),
            );
            let sent_body = sent.json().unwrap_or(Value::Null);
            let documented = sample.json.clone().unwrap_or(Value::Null);
            for difference in differences(&documented, &sent_body) {
                problems.push(format!("JSON body {difference}"));
            }
        }
        _ => {
            if sent.json().is_some() && !sample.form.is_empty() {
                problems.push("sent JSON where the sample is a form".into());
            } else {
                let (documented, sent) = (by_key(sample.form.clone()), by_key(sent.form()));
                expect(
                    &mut problems,
                    "form",
                    format!("{documented:?}"),
                    format!("{sent:?}"),
                );
            }
        }
    }
    problems
}

/// The reply to serve for a sample: its documented response, except where the reference
/// only says "same as the single item of the list" (`chats.get`, `tickets.get`,
/// `tickets.create` point at a list page), where it is the page's first item; a sample
/// without any (two of `greetings.update`) gets what another sample of the same endpoint
/// documents, since the call needs an answer with the fields its model requires.
fn documented_reply(sample: &RequestSample, samples: &[RequestSample]) -> Option<Value> {
    let path = sample.response.as_deref().or_else(|| {
        samples
            .iter()
            .filter(|other| other.endpoint == sample.endpoint)
            .find_map(|other| other.response.as_deref())
    })?;
    let reply = fixtures::load(path);
    let is_list_page = path.rsplit('/').next() == Some("list.json");
    if !is_list_page || sample.endpoint.ends_with(".list") {
        return Some(reply);
    }
    let page = reply.as_object()?;
    page.values().find_map(|items| items.get(0)).cloned()
}

#[tokio::test]
async fn every_documented_request_is_reproduced() {
    let cases = cases();
    let mut failures = Vec::new();
    let in_spec = spec_endpoints();
    let samples = fixtures::request_samples();
    assert!(samples.len() >= 12, "request fixtures are missing");
    for sample in samples.iter().filter(|s| in_spec.contains(&s.endpoint)) {
        let case = find(&cases, &sample.endpoint, sample.sample.as_deref());
        let reply = documented_reply(sample, &samples);
        let (recorder, outcome) = run(case, &sample.auth, &sample.variant, reply.as_ref()).await;
        if let Err(error) = outcome {
            failures.push(format!(
                "{} ({}): the call failed: {error}",
                sample.endpoint, sample.source
            ));
        }
        let requests = recorder.requests();
        let [sent] = requests.as_slice() else {
            failures.push(format!(
                "{}: expected one request, got {}",
                sample.endpoint,
                requests.len()
            ));
            continue;
        };
        for problem in check_request(sample, sent) {
            failures.push(format!(
                "{} [{}] ({}): {problem}",
                sample.endpoint, sample.variant, sample.source
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_documented_response_decodes_without_loss() {
    let cases = cases();
    let mut failures = Vec::new();
    let in_spec = spec_endpoints();
    let fixtures = fixtures::response_fixtures();
    for (endpoint, file) in fixtures
        .iter()
        .filter(|(endpoint, _)| in_spec.contains(endpoint))
    {
        let Some(case) = cases.iter().find(|case| case.endpoint == endpoint.as_str()) else {
            failures.push(format!("{file}: no typed call for {endpoint}"));
            continue;
        };
        let sample = fixtures::load(file);
        let (_recorder, outcome) = run(case, "account", "form", Some(&sample)).await;
        match outcome {
            Ok(decoded) => {
                for difference in differences(&sample, &decoded.json) {
                    failures.push(format!("{file}: {difference}"));
                }
                // Nothing of a documented sample may need the escape hatches: no union
                // or enum value read as `Unknown`, no key left in an `extra` map.
                if decoded.debug.contains("Unknown(") {
                    failures.push(format!(
                        "{file}: something decoded as Unknown: {}",
                        decoded.debug
                    ));
                }
                if decoded.debug.contains("extra: {\"") {
                    failures.push(format!("{file}: keys left in `extra`: {}", decoded.debug));
                }
            }
            Err(error) => failures.push(format!("{file}: does not decode: {error}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_endpoint_of_the_spec_has_a_typed_call() {
    let in_spec = spec_endpoints();
    let in_table: BTreeSet<String> = cases()
        .iter()
        .map(|case| case.endpoint.to_owned())
        .collect();
    let missing: Vec<_> = in_spec.difference(&in_table).collect();
    let unknown: Vec<_> = in_table.difference(&in_spec).collect();
    assert!(
        missing.is_empty(),
        "endpoints without a typed call: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "typed calls for endpoints the spec lacks: {unknown:?}"
    );
    let sampled: BTreeSet<String> = fixtures::request_samples()
        .into_iter()
        .map(|s| s.endpoint)
        .collect();
    let unsampled: Vec<_> = in_spec.difference(&sampled).collect();
    assert!(
        unsampled.is_empty(),
        "endpoints without a documented request sample: {unsampled:?}"
    );
    let unspecified: Vec<_> = sampled.difference(&in_spec).collect();
    assert!(
        unspecified.is_empty(),
        "documented endpoints missing from the spec: {unspecified:?}"
    );
}

#[test]
fn every_documented_webhook_payload_decodes_without_loss() {
    let dir = fixtures::dir().join("webhooks");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/webhooks")
        .flatten()
        .collect();
    files.sort_by_key(|entry| entry.file_name());
    assert!(files.len() >= 7, "webhook fixtures are missing");
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_name().to_string_lossy().into_owned();
        let mut sample = fixtures::load(&format!("webhooks/{name}"));
        // The data-type samples show one piece of a delivery: give them the event that
        // carries that piece, as LiveChat would send them.
        if let Value::Object(object) = &mut sample
            && !object.contains_key("event_type")
        {
            let event_type = if object.contains_key("ticket") {
                "ticket_created"
            } else if object.contains_key("canned_response") {
                "canned_response_changed"
            } else {
                "chat_ended"
            };
            object.insert("event_type".into(), event_type.into());
            object.insert("token".into(), "27f41c8da685c81a890f9e5f8ce48387".into());
            object.insert("license_id".into(), "1025707".into());
        }
        let body = serde_json::to_vec(&sample).expect("JSON");
        match livechat_api::webhook::parse(&body) {
            Ok(event) => {
                let debug = format!("{event:?}");
                if debug.contains("Unknown(") {
                    failures.push(format!("{name}: something decoded as Unknown: {debug}"));
                }
                if debug.contains("extra: {\"") {
                    failures.push(format!("{name}: keys left in `extra`: {debug}"));
                }
                let decoded = serde_json::to_value(&event).expect("serializes");
                for difference in differences(&sample, &decoded) {
                    failures.push(format!("{name}: {difference}"));
                }
            }
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

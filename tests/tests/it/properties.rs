//! Property tests:
//!
//! - random nested parameter values, sent by the library (query, form body and JSON body)
//!   through a builder's `.param(name, value)`, read back by the fake's PHP-style parser
//!   (or as JSON) equal to what was sent, as PHP would see it;
//! - every documented response, truncated, with bytes flipped, inserted or repeated,
//!   decodes through the typed call to a value or an error, never a panic; webhook
//!   bodies likewise through `webhook::parse`;
//! - every documented response and webhook body, with any one key removed, decodes, or
//!   (when the spec says the API always sends that key) fails naming exactly its path.

use crate::samples::cases;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::header;
use livechat_api::{Client, Credentials, Error};
use livechat_tests::fake::{form_pairs, params_from_pairs};
use livechat_tests::fixtures;
use livechat_tests::recorder::Recorder;
use livechat_tests::server::Server;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config as Cases, TestRunner};
use serde_json::{Map, Value};

fn runtime() -> tokio::runtime::Runtime {
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn client(base_url: &str, json_bodies: bool) -> Client {
    Client::builder(Credentials::basic(
        "john.doe@mycompany.com",
        "c14b85863755158d7aa5cc4ba17f61cb",
    ))
    .base_url(base_url)
    .max_retries(0)
    .json_bodies(json_bodies)
    .build()
    .expect("client builds")
}

/// Texts with the characters that matter to a form: brackets, `&`, `=`, `%`, `+`,
/// blanks; and any unicode at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[\\[\\]&=%+ ;#?/a-z0-9é€😀]{0,12}", any::<String>(),]
}

/// A name for a nested key: no brackets (which PHP cannot carry inside a key) and not
/// all digits (which PHP reads as a list index).
fn key() -> impl Strategy<Value = String> {
    "[a-zA-Z_ é.-]{1,6}"
}

/// Nested values as a caller may pass them: no `null` and no empty list or map, which a
/// form cannot carry (they are left out, as PHP would never see them).
fn nested() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 1..4).prop_map(Value::Array),
            btree_map(key(), inner, 1..4)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// What PHP reads from a form: every scalar as text, booleans as `1`/`0`.
fn as_php_sees_it(value: &Value) -> Value {
    match value {
        Value::Bool(flag) => Value::String(if *flag { "1" } else { "0" }.into()),
        Value::Number(number) => Value::String(number.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(as_php_sees_it).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), as_php_sees_it(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Up to three extra parameters with distinct names that no endpoint documents.
fn extra_params() -> impl Strategy<Value = Vec<(String, Value)>> {
    btree_map("zz_[a-z]{1,5}", nested(), 1..4).prop_map(|map| map.into_iter().collect())
}

#[test]
fn nested_params_survive_the_encoder_and_the_fakes_parser() {
    let runtime = runtime();
    let recorder = runtime
        .block_on(Recorder::start())
        .expect("recorder starts");
    let form_client = client(&recorder.base_url, false);
    let json_client = client(&recorder.base_url, true);
    let mut runner = TestRunner::new(Cases {
        cases: 200,
        failure_persistence: None,
        ..Cases::default()
    });
    let outcome = runner.run(&extra_params(), |params| {
        // A GET carries them in the query, a POST in a form body or a JSON body.
        let sent = runtime.block_on(async {
            let mut list = form_client.agents().list();
            let mut form = form_client
                .tags()
                .create("vip", "john.doe@mycompany.com", 0);
            let mut json = json_client
                .tags()
                .create("vip", "john.doe@mycompany.com", 0);
            for (name, value) in &params {
                list = list.param(name.clone(), value.clone());
                form = form.param(name.clone(), value.clone());
                json = json.param(name.clone(), value.clone());
            }
            let mut sent = Vec::new();
            for request in [
                Box::pin(async { list.send().await.map(|_| ()) })
                    as std::pin::Pin<Box<dyn Future<Output = _>>>,
                Box::pin(async { form.send().await.map(|_| ()) }),
                Box::pin(async { json.send().await.map(|_| ()) }),
            ] {
                // The recorder's `{}` need not decode: only what was sent matters.
                let _ = request.await;
                sent.push(recorder.last().expect("a request was recorded"));
            }
            sent
        });
        let parsed_query = params_from_pairs(&form_pairs(
            sent[0].raw_query.as_deref().unwrap_or("").as_bytes(),
        ))
        .expect("within the fake's limits");
        let parsed_form =
            params_from_pairs(&form_pairs(&sent[1].body)).expect("within the fake's limits");
        let parsed_json = sent[2].json().expect("a JSON body");
        for (name, value) in &params {
            let expected = as_php_sees_it(value);
            prop_assert_eq!(parsed_query.get(name), Some(&expected), "query {}", name);
            prop_assert_eq!(parsed_form.get(name), Some(&expected), "form {}", name);
            prop_assert_eq!(&parsed_json[name], value, "JSON {}", name);
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// A change to a document.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(prop::sample::Index),
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, Vec<u8>),
    Repeat(prop::sample::Index, prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>;
    prop_oneof![
        index().prop_map(Mutation::Truncate),
        (index(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        (
            index(),
            prop_oneof![
                vec(any::<u8>(), 1..8),
                prop::sample::select(vec![
                    b"{".to_vec(),
                    b"}".to_vec(),
                    b"[".to_vec(),
                    b"\"".to_vec(),
                    b",".to_vec(),
                    b"null".to_vec(),
                    b"-1e999".to_vec(),
                    b"\\u0000".to_vec(),
                    b"\\ud800".to_vec(),
                    b" garbage".to_vec(),
                ])
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (index(), index()).prop_map(|(from, to)| Mutation::Repeat(from, to)),
    ]
}

fn apply(mutation: &Mutation, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    if bytes.is_empty() {
        return bytes;
    }
    match mutation {
        Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
        Mutation::Flip(at, mask) => {
            let at = at.index(bytes.len());
            bytes[at] ^= mask;
        }
        Mutation::Insert(at, inserted) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
        Mutation::Repeat(from, to) => {
            let (a, b) = (from.index(bytes.len()), to.index(bytes.len()));
            let (start, end) = (a.min(b), a.max(b) + 1);
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
    }
    bytes
}

/// A server answering every request with `200` and the body set last.
async fn scripted() -> (Server, Arc<Mutex<Bytes>>) {
    let body = Arc::new(Mutex::new(Bytes::new()));
    let shared = body.clone();
    let router = axum::Router::new().fallback(move || {
        let body = shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], body) }
    });
    (Server::start(0, router).await.expect("server starts"), body)
}

#[test]
fn mutated_responses_never_panic_the_typed_calls() {
    let runtime = runtime();
    let (server, body) = runtime.block_on(scripted());
    let client = client(server.base_url(), false);
    let cases = cases::cases();
    let responses: Vec<(&cases::Case, Vec<u8>)> = fixtures::response_fixtures()
        .into_iter()
        .filter_map(|(endpoint, file)| {
            let case = cases
                .iter()
                .find(|case| case.endpoint == endpoint && case.sample.is_none())?;
            let text = std::fs::read(fixtures::dir().join(&file)).expect("fixture readable");
            Some((case, text))
        })
        .collect();
    assert!(
        responses.len() >= 60,
        "only {} fixtures with a call",
        responses.len()
    );
    let mut runner = TestRunner::new(Cases {
        cases: 24,
        failure_persistence: None,
        ..Cases::default()
    });
    let outcome = runner.run(&mutation(), |mutation| {
        runtime.block_on(async {
            for (case, original) in &responses {
                *body.lock().unwrap_or_else(PoisonError::into_inner) =
                    Bytes::from(apply(&mutation, original));
                // Either outcome is fine; a panic fails the test.
                let _ = (case.call)(&client).await;
            }
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn mutated_webhook_bodies_never_panic_the_parser() {
    let bodies: Vec<Vec<u8>> = std::fs::read_dir(fixtures::dir().join("webhooks"))
        .expect("webhook fixtures")
        .flatten()
        .map(|entry| std::fs::read(entry.path()).expect("readable"))
        .collect();
    assert!(!bodies.is_empty());
    let mut runner = TestRunner::new(Cases {
        cases: 512,
        failure_persistence: None,
        ..Cases::default()
    });
    let outcome = runner.run(&mutation(), |mutation| {
        for original in &bodies {
            match livechat_api::webhook::parse(&apply(&mutation, original)) {
                Ok(event) => {
                    let _ = format!("{event:?}");
                }
                Err(error) => {
                    let _ = error.to_string();
                }
            }
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// The document without each of its keys in turn, with that key's path as decode errors
/// write it (`chats[0].visitor.id`, `[1].login`).
fn without_each_key(document: &Value) -> Vec<(String, Value)> {
    fn walk(node: &Value, path: &str, pointer: &str, found: &mut Vec<(String, String, String)>) {
        match node {
            Value::Object(object) => {
                for (key, value) in object {
                    let child = match path {
                        "" => key.clone(),
                        _ => format!("{path}.{key}"),
                    };
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    found.push((child.clone(), pointer.to_owned(), key.clone()));
                    walk(value, &child, &format!("{pointer}/{escaped}"), found);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(
                        item,
                        &format!("{path}[{index}]"),
                        &format!("{pointer}/{index}"),
                        found,
                    );
                }
            }
            _ => {}
        }
    }
    let mut keys = Vec::new();
    walk(document, "", "", &mut keys);
    keys.into_iter()
        .map(|(path, parent, key)| {
            let mut lacking = document.clone();
            if let Some(object) = lacking.pointer_mut(&parent).and_then(Value::as_object_mut) {
                object.remove(&key);
            }
            (path, lacking)
        })
        .collect()
}

/// Whether a decoding outcome is acceptable for a document lacking the key at `path`:
/// a value, or a decode error that names that very key as missing.
fn decodes_or_names_the_missing_key<T>(
    outcome: livechat_api::Result<T>,
    path: &str,
    what: &str,
) -> bool {
    match outcome {
        Ok(_) => false,
        Err(Error::Decode {
            path: at, message, ..
        }) if at == path && message.starts_with("missing field") => true,
        Err(error) => panic!("{what} without `{path}`: {error:?}"),
    }
}

#[test]
fn a_removed_key_is_tolerated_or_named_as_missing() {
    let runtime = runtime();
    let (server, body) = runtime.block_on(scripted());
    let client = client(server.base_url(), false);
    let cases = cases::cases();
    let (mut tried, mut refused) = (0, 0);
    runtime.block_on(async {
        for (endpoint, file) in fixtures::response_fixtures() {
            let Some(case) = cases
                .iter()
                .find(|case| case.endpoint == endpoint && case.sample.is_none())
            else {
                continue;
            };
            let text = std::fs::read(fixtures::dir().join(&file)).expect("fixture readable");
            let document: Value = serde_json::from_slice(&text).expect("fixture is JSON");
            for (path, lacking) in without_each_key(&document) {
                *body.lock().unwrap_or_else(PoisonError::into_inner) =
                    Bytes::from(lacking.to_string());
                tried += 1;
                let outcome = (case.call)(&client).await;
                refused += usize::from(decodes_or_names_the_missing_key(outcome, &path, &file));
            }
        }
    });
    let webhooks = std::fs::read_dir(fixtures::dir().join("webhooks")).expect("webhook fixtures");
    for entry in webhooks.flatten() {
        let text = std::fs::read(entry.path()).expect("readable");
        let document: Value = serde_json::from_slice(&text).expect("fixture is JSON");
        for (path, lacking) in without_each_key(&document) {
            tried += 1;
            let outcome = livechat_api::webhook::parse(lacking.to_string().as_bytes());
            let what = entry.path().display().to_string();
            refused += usize::from(decodes_or_names_the_missing_key(outcome, &path, &what));
        }
    }
    // Both outcomes happen: required keys exist, and most keys are optional.
    assert!(tried > 1000, "only {tried} keys removed");
    assert!(
        refused > 100 && refused < tried / 2,
        "{refused} of {tried} refused"
    );
}

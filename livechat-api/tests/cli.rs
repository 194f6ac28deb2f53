//! The real `livechat` binary, run against the fake LiveChat started in this process.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use livechat_fake::FakeLiveChat;
use serde_json::Value;

/// A fake served by a runtime of its own, so that the test thread can wait on the binary.
struct Fake {
    fake: FakeLiveChat,
    _runtime: tokio::runtime::Runtime,
}

impl Fake {
    fn start() -> Fake {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fake = runtime.block_on(FakeLiveChat::start()).unwrap();
        Fake {
            fake,
            _runtime: runtime,
        }
    }

    /// `livechat` with no credentials in its environment, pointed at the fake.
    fn bare(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_livechat"));
        for name in ["LIVECHAT_LOGIN", "LIVECHAT_API_KEY", "LIVECHAT_TOKEN"] {
            command.env_remove(name);
        }
        command.env("LIVECHAT_BASE_URL", self.fake.base_url());
        command
    }

    /// `livechat` with the fake's Basic credentials.
    fn livechat(&self) -> Command {
        let mut command = self.bare();
        command
            .env("LIVECHAT_LOGIN", &self.fake.config().login)
            .env("LIVECHAT_API_KEY", &self.fake.config().api_key);
        command
    }
}

fn run(command: &mut Command, args: &[&str]) -> Output {
    command.args(args).stdin(Stdio::null()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs a command that must succeed and returns its JSON answer.
fn json(command: &mut Command, args: &[&str]) -> Value {
    let output = run(command, args);
    assert!(
        output.status.success(),
        "livechat {args:?} failed: {}",
        stderr(&output)
    );
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn spec() -> codegen::Spec {
    codegen::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("api-spec"))
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The names under `Commands:` of a help text.
fn commands_in_help(help: &str) -> BTreeSet<String> {
    help.split_once("Commands:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_subcommands_are_the_endpoints_of_the_spec() {
    let fake = Fake::start();
    let spec = spec();
    let lines = codegen::endpoint_lines(&spec);
    assert_eq!(lines.lines().count(), 68);

    let top = stdout(&run(&mut fake.bare(), &["--help"]));
    let mut expected: BTreeSet<String> = spec
        .resources
        .iter()
        .map(|resource| resource.name.replace('_', "-"))
        .collect();
    expected.insert("completions".into());
    assert_eq!(commands_in_help(&top), expected);

    for resource in &spec.resources {
        let name = resource.name.replace('_', "-");
        let help = stdout(&run(&mut fake.bare(), &[&name, "--help"]));
        let operations: BTreeSet<String> = resource
            .endpoints
            .iter()
            .map(|endpoint| endpoint.name.replace('_', "-"))
            .collect();
        assert_eq!(commands_in_help(&help), operations, "operations of {name}");
    }

    for line in lines.lines() {
        let mut parts = line.split('\t');
        let (method, path, call) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let (resource, operation) = call.split_once('.').unwrap();
        let (resource_command, operation_command) =
            (resource.replace('_', "-"), operation.replace('_', "-"));
        let output = run(
            &mut fake.bare(),
            &[&resource_command, &operation_command, "--help"],
        );
        assert!(output.status.success(), "{call}: {}", stderr(&output));
        let help = stdout(&output);
        assert!(
            help.contains(&format!("{method} {path}")),
            "{call}: the help names its endpoint"
        );
        let endpoint = spec
            .endpoints()
            .find(|(r, e)| r.name == resource && e.name == operation)
            .map(|(_, e)| e)
            .unwrap();
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words(&help).contains(&words(&endpoint.doc)),
            "{call}: the help is the spec's doc"
        );
        for param in &endpoint.params {
            // A spread parameter is given field by field, each documented on its own.
            let docs: Vec<(&str, &str)> = match param.ty.model_name().map(|m| spec.model(m)) {
                Some(Some(codegen::spec::Model {
                    kind: codegen::spec::ModelKind::Struct(fields),
                    ..
                })) if param.spread => fields
                    .iter()
                    .map(|field| (field.name.as_str(), field.doc.as_str()))
                    .collect(),
                _ => vec![(param.name.as_str(), param.doc.as_str())],
            };
            for (name, doc) in docs {
                assert!(
                    words(&help).contains(&words(doc)),
                    "{call}: {name} is documented"
                );
            }
        }
        // The library's own spelling works too.
        if call.contains('_') {
            let output = run(&mut fake.bare(), &[resource, operation, "--help"]);
            assert!(output.status.success(), "{call} by its snake_case name");
        }
    }
}

#[test]
fn one_call_per_resource() {
    let fake = Fake::start();
    let licence = fake.fake.config().license_id.to_string();

    let agents = json(
        &mut fake.livechat(),
        &["agents", "list", "--status", "accepting chats"],
    );
    let agents = agents.as_array().unwrap();
    assert!(!agents.is_empty());
    assert!(
        agents
            .iter()
            .all(|agent| agent["status"] == "accepting chats")
    );

    let created = json(
        &mut fake.livechat(),
        &[
            "canned-responses",
            "create",
            "Have a great day, goodbye.",
            "--tags",
            "bye",
            "cu",
        ],
    );
    assert_eq!(created["tags"], serde_json::json!(["bye", "cu"]));
    let id = created["id"].to_string();
    let fetched = json(&mut fake.livechat(), &["canned-responses", "get", &id]);
    assert_eq!(fetched["text"], "Have a great day, goodbye.");

    let chats = json(&mut fake.livechat(), &["chats", "list"]);
    assert!(
        chats["chats"]
            .as_array()
            .is_some_and(|chats| !chats.is_empty())
    );

    let goal = json(
        &mut fake.livechat(),
        &[
            "goals",
            "create",
            "Newsletter",
            "url",
            "--url",
            "https://example.com/thanks",
            "--match-type",
            "exact",
        ],
    );
    assert_eq!(goal["name"], "Newsletter");

    let greetings = json(&mut fake.livechat(), &["greetings", "list"]);
    assert!(greetings.is_array());

    let group = json(&mut fake.livechat(), &["groups", "get", "0"]);
    assert_eq!(group["id"], 0);

    let report = json(
        &mut fake.livechat(),
        &["reports", "total-chats", "--group-by", "day"],
    );
    assert!(report.is_object());

    let status = json(&mut fake.livechat(), &["status", "get"]);
    assert!(status.is_object());

    let tag = json(
        &mut fake.livechat(),
        &["tags", "create", "refund", "john.doe@mycompany.com", "0"],
    );
    assert_eq!(tag["name"], "refund");

    let tickets = json(&mut fake.livechat(), &["tickets", "list"]);
    assert!(tickets["tickets"].is_array());

    // Visitor-side calls need no account credentials at all.
    let session = json(
        &mut fake.bare(),
        &[
            "visitor-chat",
            "start",
            "S1700000001.cli",
            &licence,
            "Hello from the shell",
        ],
    );
    assert!(session["secured_session_id"].is_string());

    let visitors = json(&mut fake.livechat(), &["visitors", "list"]);
    assert!(visitors.is_array());

    let webhook = json(
        &mut fake.livechat(),
        &[
            "webhooks",
            "create",
            "chat_started",
            "https://example.com/hook",
            "--data-types",
            "chat",
            "visitor",
        ],
    );
    assert_eq!(webhook["events"][0]["event_type"], "chat_started");
}

#[test]
fn all_streams_every_chat_of_every_page_as_json_lines_without_progress_on_a_pipe() {
    let fake = Fake::start();
    let first = json(&mut fake.livechat(), &["chats", "list"]);
    let total = first["total"].as_u64().unwrap();
    let pages = first["pages"].as_u64().unwrap();
    assert!(pages > 2, "the seed spans several pages ({pages})");

    let output = run(&mut fake.livechat(), &["chats", "list", "--all"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "",
        "no progress when stderr is not a terminal"
    );
    let text = stdout(&output);
    let ids: BTreeSet<String> = text
        .lines()
        .map(|line| {
            let chat: Value = serde_json::from_str(line).unwrap();
            chat["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(text.lines().count() as u64, total);
    assert_eq!(ids.len() as u64, total, "every chat once");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let fake = Fake::start();
    let mut child = fake
        .livechat()
        .args(["chats", "list", "--all"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.starts_with('{'));
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn output_formats() {
    let fake = Fake::start();
    let agents = json(&mut fake.livechat(), &["agents", "list"]);
    let count = agents.as_array().unwrap().len();

    let jsonl = stdout(&run(
        &mut fake.livechat(),
        &["agents", "list", "--output", "jsonl"],
    ));
    assert_eq!(jsonl.lines().count(), count);
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first, agents[0]);

    let table = stdout(&run(
        &mut fake.livechat(),
        &["agents", "list", "-o", "table"],
    ));
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    assert!(header.split_whitespace().any(|column| column == "login"));
    assert_eq!(lines.count(), count);
    assert!(table.contains("john.doe@mycompany.com"));
}

#[test]
fn a_bearer_token_from_the_environment_works_and_wins_over_basic() {
    let fake = Fake::start();
    let mut command = fake.bare();
    command.env("LIVECHAT_TOKEN", &fake.fake.config().token);
    let status = json(&mut command, &["status", "get"]);
    assert!(status.is_object());

    let mut command = fake.bare();
    command
        .env("LIVECHAT_TOKEN", &fake.fake.config().token)
        .env("LIVECHAT_LOGIN", &fake.fake.config().login)
        .env("LIVECHAT_API_KEY", "not-the-key");
    assert!(json(&mut command, &["status", "get"]).is_object());
}

#[test]
fn a_refused_request_exits_5() {
    let fake = Fake::start();
    let login = fake.fake.config().login.clone();
    // LiveChat wants the current password whenever a password changes.
    let output = run(
        &mut fake.livechat(),
        &["agents", "update", &login, "--password", "new-pass-1"],
    );
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "livechat: `PUT /agents/{login}` (agents.update): LiveChat rejected the request (HTTP 400"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_refused_credential_exits_3_with_the_library_message_and_no_secret() {
    let fake = Fake::start();
    let mut command = fake.bare();
    command
        .env("LIVECHAT_LOGIN", &fake.fake.config().login)
        .env("LIVECHAT_API_KEY", "0123456789abcdef-wrong");
    let output = run(&mut command, &["agents", "list"]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "livechat: `GET /agents` (agents.list): LiveChat refused the credentials (HTTP 401"
        ),
        "{message}"
    );
    assert!(!message.contains("0123456789abcdef-wrong"));
    assert!(
        !message.contains("Unauthorized("),
        "no Debug dump: {message}"
    );
    assert!(output.stdout.is_empty());

    let output = run(&mut fake.bare(), &["agents", "list"]);
    assert_eq!(output.status.code(), Some(3), "missing credentials");
    assert!(stderr(&output).contains("LIVECHAT_LOGIN and LIVECHAT_API_KEY, or LIVECHAT_TOKEN"));
}

#[test]
fn a_missing_resource_exits_4() {
    let fake = Fake::start();
    let output = run(
        &mut fake.livechat(),
        &["agents", "get", "nobody@example.com"],
    );
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).starts_with(
            "livechat: `GET /agents/{login}` (agents.get): LiveChat found no such resource (HTTP 404"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn date_arguments_are_days_and_report_rows_come_back_by_day() {
    let fake = Fake::start();
    let report = json(
        &mut fake.livechat(),
        &[
            "reports",
            "total-chats",
            "--date-from",
            "2013-01-30",
            "--date-to",
            "2013-02-02",
        ],
    );
    let days: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(
        days,
        ["2013-01-30", "2013-01-31", "2013-02-01", "2013-02-02"]
    );
}

#[test]
fn usage_errors_exit_2_before_anything_is_sent() {
    let fake = Fake::start();
    for args in [
        &["agents", "lisst"][..],
        &["agents", "list", "--status", "sleeping"],
        &[
            "agents",
            "update",
            "john.doe@mycompany.com",
            "--max-chats-count",
            "six",
        ],
        &[
            "agents",
            "update",
            "john.doe@mycompany.com",
            "--work-scheduler",
            "{not json",
        ],
        &["agents", "get"],
        &["chats", "list", "--date-from", "2013-02-30"],
        &["reports", "total-chats", "--date-to", "yesterday"],
        &["tags", "list", "--all"],
        &["completions", "tcsh"],
    ] {
        let output = run(&mut fake.livechat(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // A value the library refuses to put in a path is a usage error too.
    let output = run(&mut fake.livechat(), &["agents", "get", ".."]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn an_unreachable_api_exits_6() {
    let fake = Fake::start();
    // A port that was free a moment ago and has nothing listening now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The flag wins over LIVECHAT_BASE_URL.
    let mut command = fake.livechat();
    command.args(["--base-url", &format!("http://127.0.0.1:{port}")]);
    let output = run(&mut command, &["status", "get"]);
    assert_eq!(output.status.code(), Some(6), "{}", stderr(&output));
}

#[test]
fn a_secret_on_the_command_line_warns_and_one_from_stdin_does_not() {
    let fake = Fake::start();
    let login = fake.fake.config().login.clone();
    let output = run(
        &mut fake.livechat(),
        &[
            "agents",
            "update",
            &login,
            "--name",
            "John",
            "--password",
            "s3cret-pass",
            "--current-password",
            "-",
        ],
    );
    // `--current-password -` read an empty stdin: refused before anything is sent.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning: the value of --password is now in your shell history")
    );
    assert!(!stderr(&output).contains("s3cret-pass"));

    let mut child = fake
        .livechat()
        .args([
            "agents",
            "create",
            "new.agent@example.com",
            "New Agent",
            "--password",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"new-pass-1\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let agent: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(agent["login"], "new.agent@example.com");
}

#[test]
fn completions_cover_the_generated_commands() {
    let fake = Fake::start();
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&mut fake.bare(), &["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = stdout(&output);
        assert!(script.contains("canned-responses"), "{shell}");
        assert!(script.contains("reset-api-key"), "{shell}");
        assert!(
            script.contains("accepting chats"),
            "{shell}: enum values complete"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_cannot_be_written_exits_1() {
    let fake = Fake::start();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = fake
        .livechat()
        .args(["agents", "list"])
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("livechat: cannot write the output"));
}

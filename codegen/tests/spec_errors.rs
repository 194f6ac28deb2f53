//! A malformed spec is rejected with the file and the key at fault, never a panic.

use livechat_api_codegen::load_sources;

const RESOURCE: &str = r#"
[resource]
name = "things"
doc = "Things."

[[endpoint]]
name = "get"
doc = "Gets a thing."
method = "GET"
path = "/things/{id}"
response = "Thing"
reference = "x.md#get"

[[endpoint.param]]
name = "id"
type = "int"
doc = "Id."

[[model]]
name = "Thing"
doc = "A thing."

[[model.field]]
name = "id"
type = "int"
doc = "Id."
"#;

/// Loads `RESOURCE` with one edit and returns every problem as text.
fn problems(file: &str, from: &str, to: &str) -> Vec<String> {
    assert!(RESOURCE.contains(from), "test edit {from:?} does not apply");
    let text = RESOURCE.replacen(from, to, 1);
    let error = load_sources(&[(file.to_owned(), text)]).expect_err("the spec must be rejected");
    error.problems.iter().map(ToString::to_string).collect()
}

fn assert_reports(problems: &[String], expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "no problem contains {expected:?}; got {problems:#?}"
    );
}

#[test]
fn the_base_spec_is_valid() {
    let spec = load_sources(&[("things.toml".into(), RESOURCE.into())]).expect("valid");
    assert_eq!(
        livechat_api_codegen::endpoint_lines(&spec),
        "GET\t/things/{id}\tthings.get\n"
    );
}

#[test]
fn unknown_type_names() {
    let found = problems(
        "things.toml",
        "response = \"Thing\"",
        "response = \"Thingy\"",
    );
    assert_reports(
        &found,
        "things.toml: endpoint \"get\".response: unknown type \"Thingy\"",
    );
    let found = problems(
        "things.toml",
        "type = \"int\"\ndoc = \"Id.\"\n\n[[model]]",
        "type = \"list<Widget>\"\ndoc = \"Id.\"\n\n[[model]]",
    );
    assert_reports(&found, "things.toml: endpoint[0] \"get\" param \"id\".type");
}

#[test]
fn malformed_type_expressions() {
    let found = problems(
        "things.toml",
        "response = \"Thing\"",
        "response = \"list<Thing\"",
    );
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"get\".response: \"list<Thing\" is not a type expression",
    );
}

#[test]
fn duplicate_names() {
    let doubled = format!("{RESOURCE}\n[[model]]\nname = \"Thing\"\ndoc = \"Again.\"\n");
    let error = load_sources(&[("things.toml".into(), doubled)]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("things.toml: model \"Thing\": model name already declared in things.toml"),
        "{error}"
    );

    let two_files = load_sources(&[
        ("a.toml".into(), RESOURCE.into()),
        ("b.toml".into(), RESOURCE.into()),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        two_files.contains("b.toml: resource.name: resource \"things\" is declared twice"),
        "{two_files}"
    );
}

#[test]
fn undeclared_path_parameters() {
    let found = problems(
        "things.toml",
        "path = \"/things/{id}\"",
        "path = \"/things/{id}/parts/{part}\"",
    );
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"get\".path: path parameter {part} is not declared as a param",
    );
    let text = RESOURCE
        .replacen("path = \"/things/{id}\"", "path = \"/things/id\"", 1)
        .replacen(
            "name = \"id\"\ntype = \"int\"",
            "name = \"id\"\nin = \"path\"\ntype = \"int\"",
            1,
        );
    let error = load_sources(&[("things.toml".into(), text)])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("things.toml: endpoint[0] \"get\" param \"id\": declared in = \"path\""),
        "{error}"
    );
}

#[test]
fn unknown_methods_and_encodings() {
    let found = problems("things.toml", "method = \"GET\"", "method = \"FETCH\"");
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"get\".method: unknown method \"FETCH\"",
    );
    let found = problems(
        "things.toml",
        "method = \"GET\"",
        "method = \"GET\"\nencoding = \"xml\"",
    );
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"get\".encoding: unknown encoding \"xml\"",
    );
}

#[test]
fn missing_doc_lines() {
    let found = problems("things.toml", "doc = \"Gets a thing.\"", "doc = \"  \"");
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"get\".doc: missing doc line",
    );
    let found = problems("things.toml", "doc = \"A thing.\"", "");
    assert_reports(
        &found,
        "things.toml: model[0] \"Thing\".doc: missing doc line",
    );
}

#[test]
fn invalid_identifiers() {
    let found = problems("things.toml", "name = \"get\"", "name = \"Get-It\"");
    assert_reports(
        &found,
        "things.toml: endpoint[0] \"Get-It\".name: \"Get-It\" is not a snake_case identifier",
    );
    let found = problems("things.toml", "name = \"Thing\"", "name = \"thing\"");
    assert_reports(&found, "\"thing\" is not an UpperCamelCase identifier");
    let found = problems(
        "things.toml",
        "name = \"id\"\ntype = \"int\"\ndoc = \"Id.\"\n",
        "name = \"self\"\ntype = \"int\"\ndoc = \"Id.\"\n",
    );
    assert_reports(&found, "\"self\" is reserved");
}

#[test]
fn unknown_keys_and_broken_toml_name_the_file() {
    let found = problems(
        "things.toml",
        "method = \"GET\"",
        "method = \"GET\"\nmethdo = \"GET\"",
    );
    assert_reports(&found, "things.toml:");
    assert_reports(&found, "unknown field `methdo`");
    let found = problems("things.toml", "[resource]", "[resource");
    assert_reports(&found, "things.toml:");
    let found = problems("things.toml", "path = \"/things/{id}\"", "path = 42");
    assert_reports(&found, "things.toml:");
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = RESOURCE
        .replacen("method = \"GET\"", "method = \"FETCH\"", 1)
        .replacen("doc = \"A thing.\"", "", 1);
    let error = load_sources(&[("things.toml".into(), text)]).unwrap_err();
    assert!(error.problems.len() >= 2, "{error}");
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let error =
        livechat_api_codegen::load(std::path::Path::new("/nonexistent/api-spec")).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("/nonexistent/api-spec: cannot read the spec folder"),
        "{error}"
    );
}

#[test]
fn hostile_input_never_panics() {
    let samples = [
        "",
        "\0",
        "[[endpoint]]",
        "[resource]\nname = 1",
        "[[model]]\nname=\"A\"\ndoc=\"d\"\nkind=\"union\"",
        "[[model]]\nname=\"A\"\ndoc=\"d\"\n[[model.field]]\nname=\"x\"\ntype=\"map<map<map<\"\ndoc=\"d\"",
        "[resource]\nname=\"r\"\ndoc=\"d\"\n[[endpoint]]\nname=\"e\"\ndoc=\"d\"\nmethod=\"GET\"\npath=\"/{}/{{x}}\"\nresponse=\"json\"\nreference=\"r\"",
    ];
    for sample in samples {
        let _ = load_sources(&[("hostile.toml".into(), sample.into())]);
    }
}

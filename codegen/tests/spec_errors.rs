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

[[endpoint.param]]
name = "fields"
type = "list<string>"
doc = "Fields to include."

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

/// Asserts that the edit caused exactly this one problem, so that a test cannot pass on
/// a problem other than the one it is named for.
fn assert_only(problems: &[String], expected: &str) {
    assert_eq!(
        problems,
        [expected],
        "the problems differ from the one expected"
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
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".response: unknown type \"Thingy\"",
    );
    let found = problems(
        "things.toml",
        "type = \"list<string>\"",
        "type = \"list<Widget>\"",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\" param \"fields\".type: unknown type \"list<Widget>\"",
    );
    let found = problems(
        "things.toml",
        "[[model.field]]\nname = \"id\"\ntype = \"int\"",
        "[[model.field]]\nname = \"id\"\ntype = \"map<Widget>\"",
    );
    assert_only(
        &found,
        "things.toml: model[0] \"Thing\" field \"id\".type: unknown type \"map<Widget>\"",
    );
}

#[test]
fn path_parameters_must_be_scalars() {
    let found = problems(
        "things.toml",
        "name = \"id\"\ntype = \"int\"",
        "name = \"id\"\ntype = \"list<int>\"",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\" param \"id\".type: path parameters must be string, int or an id model",
    );
}

#[test]
fn a_union_variant_must_name_a_struct() {
    let union = "[[model]]\nname = \"Either\"\nkind = \"union\"\ntag = \"type\"\ndoc = \"One of.\"\n\n\
                 [[model.variant]]\ntag = \"a\"\nmodel = \"Missing\"\ndoc = \"A.\"\n";
    let text = format!("{RESOURCE}\n{union}");
    let error = load_sources(&[("things.toml".into(), text)]).expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "things.toml: model[1] \"Either\" variant \"a\".model: \"Missing\" is not a struct model of the spec",
    );
}

#[test]
fn malformed_type_expressions() {
    let found = problems(
        "things.toml",
        "response = \"Thing\"",
        "response = \"list<Thing\"",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".response: \"list<Thing\" is not a type expression (see the README's type table)",
    );
}

#[test]
fn duplicate_names() {
    let doubled = format!("{RESOURCE}\n[[model]]\nname = \"Thing\"\ndoc = \"Again.\"\n");
    let error = load_sources(&[("things.toml".into(), doubled)]).expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "things.toml: model[1] \"Thing\": model name already declared in things.toml",
    );

    let error = load_sources(&[
        ("a.toml".into(), RESOURCE.into()),
        (
            "b.toml".into(),
            RESOURCE
                .replace("name = \"Thing\"", "name = \"Other\"")
                .replace("\"Thing\"", "\"Other\""),
        ),
    ])
    .expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "b.toml: resource.name: resource \"things\" is declared twice",
    );

    let found = problems(
        "things.toml",
        "[[model]]",
        "[[endpoint]]\nname = \"get\"\ndoc = \"Again.\"\nmethod = \"GET\"\npath = \"/things\"\n\
         response = \"Thing\"\nreference = \"x.md#again\"\n\n[[model]]",
    );
    assert_only(
        &found,
        "things.toml: endpoint[1] \"get\": duplicate endpoint name in this resource",
    );
}

#[test]
fn undeclared_path_parameters() {
    let found = problems(
        "things.toml",
        "path = \"/things/{id}\"",
        "path = \"/things/{id}/parts/{part}\"",
    );
    assert_only(
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
    let error = load_sources(&[("things.toml".into(), text)]).expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\" param \"id\": declared in = \"path\" but the path has no such placeholder",
    );
}

#[test]
fn unknown_methods_and_encodings() {
    let found = problems("things.toml", "method = \"GET\"", "method = \"FETCH\"");
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".method: unknown method \"FETCH\" (expected GET, POST, PUT or DELETE)",
    );
    let found = problems(
        "things.toml",
        "method = \"GET\"",
        "method = \"GET\"\nencoding = \"xml\"",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".encoding: unknown encoding \"xml\" (expected form or json)",
    );
}

#[test]
fn missing_doc_lines() {
    let found = problems("things.toml", "doc = \"Gets a thing.\"", "doc = \"  \"");
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".doc: missing doc line (every item needs one)",
    );
    let found = problems("things.toml", "doc = \"A thing.\"", "");
    assert_only(
        &found,
        "things.toml: model[0] \"Thing\".doc: missing doc line (every item needs one)",
    );
}

#[test]
fn invalid_identifiers() {
    let found = problems("things.toml", "name = \"get\"", "name = \"Get-It\"");
    assert_only(
        &found,
        "things.toml: endpoint[0] \"Get-It\".name: \"Get-It\" is not a snake_case identifier",
    );
    let text = format!("{RESOURCE}\n[[model]]\nname = \"thing_part\"\ndoc = \"A part.\"\n");
    let error = load_sources(&[("things.toml".into(), text)]).expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "things.toml: model[1] \"thing_part\".name: \"thing_part\" is not an UpperCamelCase identifier",
    );
    let found = problems("things.toml", "name = \"fields\"", "name = \"self\"");
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\" param \"self\".name: \"self\" is reserved in Rust and cannot be a name",
    );
}

/// TOML errors carry the parser's own multi-line text; the test pins the file, that it is
/// the only problem, and the parser's words for the fault.
fn assert_toml_problem(problems: &[String], detail: &str) {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("things.toml: ") && problems[0].contains(detail),
        "expected a TOML problem mentioning {detail:?}; got {problems:#?}"
    );
}

#[test]
fn unknown_keys_and_broken_toml_name_the_file() {
    let found = problems(
        "things.toml",
        "method = \"GET\"",
        "method = \"GET\"\nmethdo = \"GET\"",
    );
    assert_toml_problem(&found, "unknown field `methdo`");
    let found = problems("things.toml", "[resource]", "[resource");
    assert_toml_problem(&found, "unclosed table, expected `]`");
    let found = problems("things.toml", "path = \"/things/{id}\"", "path = 42");
    assert_toml_problem(&found, "invalid type: integer `42`, expected a string");
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

/// `RESOURCE` plus a union `Shape` of `Thing`, whose variants are `variants`.
fn union_problems(variants: &str) -> Result<(), Vec<String>> {
    let text = format!(
        "{RESOURCE}\n[[model]]\nname = \"Shape\"\nkind = \"union\"\ntag = \"kind\"\ndoc = \"A shape.\"\n{variants}"
    );
    load_sources(&[("things.toml".to_owned(), text)])
        .map(|_| ())
        .map_err(|error| error.problems.iter().map(ToString::to_string).collect())
}

#[test]
fn tag_missing_variants_are_checked() {
    let tagged = "[[model.variant]]\ntag = \"round\"\nmodel = \"Thing\"\ndoc = \"Round.\"\n";
    let tagless = "[[model.variant]]\ntag_missing = true\nname = \"Plain\"\nmodel = \"Thing\"\ndoc = \"No tag.\"\n";
    assert_eq!(union_problems(&format!("{tagged}{tagless}")), Ok(()));

    let twice =
        union_problems(&format!("{tagless}{}", tagless.replace("Plain", "Other"))).unwrap_err();
    assert_only(
        &twice,
        "things.toml: model[1] \"Shape\" variant \"Other\".tag_missing: only one variant of a union can stand for objects without a tag",
    );

    let both =
        union_problems(&tagged.replace("tag = \"round\"", "tag = \"round\"\ntag_missing = true"))
            .unwrap_err();
    assert_only(
        &both,
        "things.toml: model[1] \"Shape\" variant \"round\".tag_missing: a variant has either a tag or tag_missing = true, not both",
    );

    let neither =
        union_problems("[[model.variant]]\nname = \"Plain\"\nmodel = \"Thing\"\ndoc = \"D.\"\n")
            .unwrap_err();
    assert_only(
        &neither,
        "things.toml: model[1] \"Shape\" variant \"Plain\".tag: a variant needs a tag value, or tag_missing = true",
    );

    let unnamed = union_problems(&tagless.replace("name = \"Plain\"\n", "")).unwrap_err();
    assert_only(
        &unnamed,
        "things.toml: model[1] \"Shape\" variant[0].name: a variant without a tag needs a name",
    );

    let not_a_bool =
        union_problems(&tagless.replace("tag_missing = true", "tag_missing = \"yes\""))
            .unwrap_err();
    assert_eq!(not_a_bool.len(), 1, "{not_a_bool:?}");
    assert!(
        not_a_bool[0].starts_with("things.toml: TOML parse error")
            && not_a_bool[0].contains("tag_missing")
            && not_a_bool[0].contains("expected a boolean"),
        "{not_a_bool:?}"
    );
}

#[test]
fn builder_names() {
    let spec = load_sources(&[("things.toml".into(), RESOURCE.into())]).expect("valid");
    assert_eq!(spec.resources[0].endpoints[0].builder, "GetThing");

    let found = problems(
        "things.toml",
        "name = \"get\"\n",
        "name = \"get\"\nbuilder = \"get_thing\"\n",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".builder: \"get_thing\" is not an UpperCamelCase identifier",
    );
    let found = problems(
        "things.toml",
        "name = \"get\"\n",
        "name = \"get\"\nbuilder = \"Thing\"\n",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".builder: builder name \"Thing\" is already a model name; set another with `builder = \"..\"`",
    );
    let found = problems(
        "things.toml",
        "name = \"get\"\n",
        "name = \"get\"\nbuilder = \"Things\"\n",
    );
    assert_only(
        &found,
        "things.toml: endpoint[0] \"get\".builder: builder name \"Things\" is already a resource handle name; set another with `builder = \"..\"`",
    );
    let found = problems(
        "things.toml",
        "[[model]]",
        "[[endpoint]]\nname = \"fetch\"\nbuilder = \"GetThing\"\ndoc = \"Again.\"\nmethod = \"GET\"\n\
         path = \"/things\"\nresponse = \"Thing\"\nreference = \"x.md#again\"\n\n[[model]]",
    );
    assert_only(
        &found,
        "things.toml: endpoint[1] \"fetch\".builder: builder name \"GetThing\" is already the builder of things.get; set another with `builder = \"..\"`",
    );
}

#[test]
fn the_builder_name_rule() {
    use livechat_api_codegen::spec::builder_name;
    assert_eq!(builder_name("agents", "list"), "ListAgents");
    assert_eq!(builder_name("agents", "get"), "GetAgent");
    assert_eq!(
        builder_name("canned_responses", "update"),
        "UpdateCannedResponse"
    );
    assert_eq!(builder_name("status", "get"), "GetStatus");
    assert_eq!(builder_name("reports", "total_chats"), "TotalChatsReport");
    assert_eq!(builder_name("visitor_chat", "close"), "CloseVisitorChat");
    assert_eq!(builder_name("glass", "get"), "GetGlass");
    assert_eq!(builder_name("switches", "update"), "UpdateSwitch");
    assert_eq!(builder_name("statuses", "get"), "GetStatus");
    assert_eq!(builder_name("addresses", "remove"), "RemoveAddress");
    assert_eq!(builder_name("switches", "list"), "ListSwitches");
}

#[test]
fn timestamps_and_periods_are_response_types_and_dates_stand_alone() {
    let param = "name = \"fields\"\ntype = \"list<string>\"";
    for ty in ["timestamp", "periods<int>", "list<timestamp>"] {
        let found = problems(
            "things.toml",
            param,
            &format!("name = \"fields\"\ntype = \"{ty}\""),
        );
        assert!(
            found.iter().any(|p| p
                == "things.toml: endpoint[0] \"get\" param \"fields\".type: timestamp and periods<> are response types; a parameter cannot have them"),
            "{ty}: {found:?}"
        );
    }
    let field = "[[model.field]]\nname = \"id\"\ntype = \"int\"";
    for ty in ["list<date>", "map<timestamp>", "periods<date>"] {
        let found = problems(
            "things.toml",
            field,
            &format!("[[model.field]]\nname = \"id\"\ntype = \"{ty}\""),
        );
        assert_only(
            &found,
            "things.toml: model[0] \"Thing\" field \"id\".type: flag, timestamp and date cannot be inside list<>, map<> or periods<>; use bool, int or string",
        );
    }
}

/// A field name means one kind of value: `date` is never a timestamp in one model and
/// text in another, and a name typed `timestamp` or `date` anywhere has that type everywhere.
#[test]
fn every_date_or_time_field_name_has_one_type_across_the_spec() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let spec = livechat_api_codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"));
    let fields: Vec<(&str, &str, &livechat_api_codegen::spec::TypeRef)> = spec
        .models
        .iter()
        .flat_map(|model| match &model.kind {
            livechat_api_codegen::spec::ModelKind::Struct(fields) => fields
                .iter()
                .map(|field| (model.name.as_str(), field.name.as_str(), &field.ty))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    use livechat_api_codegen::spec::TypeRef;
    let timed: std::collections::BTreeSet<&str> = fields
        .iter()
        .filter(|(_, _, ty)| matches!(ty, TypeRef::Timestamp | TypeRef::Date))
        .map(|(_, name, _)| *name)
        .chain(["date", "timestamp"])
        .collect();
    for name in timed {
        let types: std::collections::BTreeMap<String, Vec<&str>> = fields
            .iter()
            .filter(|(_, field, _)| *field == name)
            .fold(Default::default(), |mut types, (model, _, ty)| {
                types.entry(ty.to_string()).or_default().push(model);
                types
            });
        assert!(
            types.len() <= 1,
            "field `{name}` has several types: {types:?}"
        );
    }
}

#[test]
fn a_paged_list_must_announce_its_pages_in_a_required_field() {
    let spec = |pages: &str| {
        format!(
            r#"
[resource]
name = "things"
doc = "Things."

[[endpoint]]
name = "list"
doc = "Lists things."
method = "GET"
path = "/things"
response = "ThingPage"
page_items = "things"
reference = "x.md#list"

[[endpoint.param]]
name = "page"
type = "int"
doc = "Page."

[[model]]
name = "ThingPage"
doc = "A page of things."

[[model.field]]
name = "things"
type = "list<string>"
doc = "The things."

[[model.field]]
name = "pages"
type = "int"
doc = "How many pages."
{pages}
"#
        )
    };
    load_sources(&[("things.toml".into(), spec("required = true"))]).expect("valid");
    let error = load_sources(&[("things.toml".into(), spec(""))]).expect_err("rejected");
    let found: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert_only(
        &found,
        "things.toml: endpoint[0] \"list\".page_items: the response must be a struct model with a list field \"things\" and a required int field \"pages\"",
    );
}

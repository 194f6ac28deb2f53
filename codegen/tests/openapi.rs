//! The OpenAPI document: committed, deterministic, and read back by parsers this project
//! did not write (`oas3` for OpenAPI, `jsonschema` for the schemas).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use livechat_api_codegen::spec::{Location, Spec};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> Spec {
    livechat_api_codegen::load(&root().join("api-spec")).unwrap_or_else(|error| panic!("{error}"))
}

fn committed() -> String {
    std::fs::read_to_string(root().join("api-spec/openapi.json"))
        .expect("api-spec/openapi.json is readable")
}

#[test]
fn the_committed_document_is_the_generated_one() {
    let spec = spec();
    let generated = livechat_api_codegen::openapi_json(&spec);
    assert_eq!(generated, livechat_api_codegen::openapi_json(&self::spec()));
    assert!(
        committed() == generated,
        "api-spec/openapi.json is stale: run `cargo run -q -p codegen -- openapi --out api-spec/openapi.json`"
    );
}

fn endpoint_lines() -> Vec<(String, String, String)> {
    livechat_api_codegen::endpoint_lines(&spec())
        .lines()
        .map(|line| {
            let mut parts = line.split('\t').map(str::to_owned);
            let method = parts.next().expect("method");
            let path = parts.next().expect("path");
            let call = parts.next().expect("call");
            (method, path, call)
        })
        .collect()
}

#[test]
fn oas3_finds_every_endpoint_with_its_parameters_and_response_schema() {
    let document = oas3::from_json(committed()).expect("oas3 parses the document");
    assert_eq!(document.openapi, "3.1.0");
    assert!(document.validate_version().is_ok());
    let spec = spec();
    let lines = endpoint_lines();
    assert_eq!(lines.len(), 68);
    let operations: Vec<_> = document.operations().collect();
    assert_eq!(
        operations.len(),
        lines.len(),
        "one operation per endpoint, no more"
    );

    for (method, path, call) in &lines {
        let (resource, name) = call.split_once('.').expect("resource.operation");
        let (_, _, operation) = operations
            .iter()
            .find(|(p, m, _)| p == path && m.as_str() == method)
            .unwrap_or_else(|| panic!("{method} {path} is missing"));
        assert_eq!(
            operation.operation_id.as_deref(),
            Some(livechat_api_codegen::operation_id(resource, name).as_str())
        );
        assert_eq!(operation.tags, [resource]);
        let endpoint = spec
            .endpoints()
            .find(|(r, e)| r.name == resource && e.name == name)
            .map(|(_, e)| e)
            .expect("the endpoint is in the spec");
        assert_eq!(
            operation.description.as_deref(),
            Some(endpoint.doc.as_str())
        );

        let parameters = operation.parameters(&document).expect("parameters resolve");
        let named: BTreeSet<(String, String)> = parameters
            .iter()
            .map(|p| (p.name.clone(), format!("{:?}", p.location).to_lowercase()))
            .collect();
        // A spread parameter's fields travel as parameters of their own; one named like a
        // placeholder fills the path.
        let placeholders = endpoint.segments();
        let wire: Vec<(String, Location)> = endpoint
            .params
            .iter()
            .flat_map(
                |p| match p.ty.model_name().and_then(|name| spec.model(name)) {
                    Some(model) if p.spread => match &model.kind {
                        livechat_api_codegen::spec::ModelKind::Struct(fields) => fields
                            .iter()
                            .map(|field| {
                                let segment =
                                    livechat_api_codegen::spec::Segment::Param(&field.name);
                                let location = if placeholders.contains(&segment) {
                                    Location::Path
                                } else {
                                    p.location
                                };
                                (field.wire.clone(), location)
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                    _ => vec![(p.wire.clone(), p.location)],
                },
            )
            .collect();
        let mut expected: BTreeSet<(String, String)> = wire
            .iter()
            .filter(|(_, location)| *location != Location::Body)
            .map(|(name, location)| {
                let location = if *location == Location::Path {
                    "path"
                } else {
                    "query"
                };
                (name.clone(), location.to_owned())
            })
            .collect();
        expected.insert(("X-API-Version".into(), "header".into()));
        assert_eq!(named, expected, "{call}: path, query and header parameters");
        for parameter in &parameters {
            assert!(
                parameter.schema.is_some(),
                "{call}: {} has a schema",
                parameter.name
            );
        }

        let body: BTreeSet<&str> = wire
            .iter()
            .filter(|(_, location)| *location == Location::Body)
            .map(|(name, _)| name.as_str())
            .collect();
        match operation
            .request_body(&document)
            .expect("request body resolves")
        {
            None => assert!(body.is_empty(), "{call}: body parameters without a body"),
            Some(request) => {
                assert_eq!(request.content.len(), 1, "{call}: one media type");
                let media = request.content.values().next().expect("media type");
                let schema = media.schema(&document).expect("body schema resolves");
                let Some(oas3::spec::Schema::Object(schema)) = schema else {
                    panic!("{call}: the body has an object schema");
                };
                let oas3::spec::ObjectOrReference::Object(schema) = *schema else {
                    panic!("{call}: the body schema is resolved");
                };
                let properties: BTreeSet<&str> =
                    schema.properties.keys().map(String::as_str).collect();
                assert_eq!(properties, body, "{call}: body parameters");
            }
        }

        let responses = operation.responses(&document);
        let ok = responses
            .get("200")
            .unwrap_or_else(|| panic!("{call}: 200 response"));
        let media = ok.content.get("application/json").expect("JSON response");
        let schema = media.schema(&document).expect("response schema resolves");
        assert!(schema.is_some(), "{call}: response schema");
        assert!(responses.contains_key("404"), "{call}: error responses");
    }

    let security = document
        .components
        .as_ref()
        .expect("components")
        .security_schemes
        .clone();
    assert_eq!(
        security.keys().map(String::as_str).collect::<Vec<_>>(),
        ["basic", "bearer"]
    );
    assert!(
        !document.webhooks.is_empty(),
        "webhook payloads are described"
    );
}

/// A validator for one schema of the document, with the document's components in reach
/// of its `$ref`s.
fn validator(document: &Value, schema: &Value) -> jsonschema::Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document["components"],
        "allOf": [schema],
    });
    jsonschema::draft202012::new(&root).unwrap_or_else(|error| panic!("{error}"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(json_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn every_documented_response_validates_against_its_response_schema() {
    let document: Value = serde_json::from_str(&committed()).expect("JSON");
    let fixtures = root().join("tests/fixtures/responses");
    let calls: BTreeSet<String> = endpoint_lines()
        .into_iter()
        .map(|(_, _, call)| call)
        .collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in json_files(&fixtures) {
        let resource = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str());
        let operation = file
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next());
        let call = format!(
            "{}.{}",
            resource.unwrap_or_default(),
            operation.unwrap_or_default()
        );
        assert!(
            calls.contains(&call),
            "{} names no endpoint",
            file.display()
        );
        let (resource, operation) = call.split_once('.').expect("resource.operation");
        let id = livechat_api_codegen::operation_id(resource, operation);
        let schema = document["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .flat_map(|item| item.as_object().into_iter().flat_map(|ops| ops.values()))
            .find(|op| op["operationId"] == id.as_str())
            .map(|op| op["responses"]["200"]["content"]["application/json"]["schema"].clone())
            .unwrap_or_else(|| panic!("{id} has a response schema"));
        let instance: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture")).expect("JSON");
        let found = problems(&validator(&document, &schema), &instance);
        if !found.is_empty() {
            failures.push(format!("{}: {}", file.display(), found.join("; ")));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 60, "only {checked} response fixtures found");
}

#[test]
fn documented_webhook_deliveries_validate_against_their_payload_schema() {
    let document: Value = serde_json::from_str(&committed()).expect("JSON");
    let webhooks = document["webhooks"].as_object().expect("webhooks");
    let mut checked = 0;
    for file in json_files(&root().join("tests/fixtures/webhooks")) {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let event = name.split('.').next().unwrap_or_default();
        // The `data_type_*` files are fragments of a delivery, not deliveries.
        let Some(item) = webhooks.get(event) else {
            continue;
        };
        let schema = &item["post"]["requestBody"]["content"]["application/json"]["schema"];
        let instance: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture")).expect("JSON");
        let found = problems(&validator(&document, schema), &instance);
        assert!(found.is_empty(), "{}: {}", file.display(), found.join("; "));
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} webhook fixtures checked");
}

#[test]
fn the_schemas_reject_what_the_client_would_refuse() {
    let document: Value = serde_json::from_str(&committed()).expect("JSON");
    let agent = validator(&document, &json!({ "$ref": "#/components/schemas/Agent" }));
    assert!(agent.is_valid(&json!({ "login": "a@b.c", "name": "A", "max_chats_count": "6" })));
    assert!(!agent.is_valid(&json!({ "login": "a@b.c", "name": "A", "max_chats_count": "six" })));
    // The fields the API always sends are required, as the library's decoding requires them.
    assert!(!agent.is_valid(&json!({ "name": "A" })));
    assert!(!agent.is_valid(&json!([1, 2])));
    let error = validator(&document, &json!({ "$ref": "#/components/schemas/Error" }));
    assert!(error.is_valid(&json!({ "error": "Agent not found." })));
    assert!(!error.is_valid(&json!({ "error": 4 })));
}

fn refs<'v>(value: &'v Value, found: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => refs(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_schema_compiles() {
    let document: Value = serde_json::from_str(&committed()).expect("JSON");
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(found.len() > 500, "{} references", found.len());
    for target in found {
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(document.pointer(pointer).is_some(), "{target} resolves");
    }
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in schemas.keys() {
        validator(
            &document,
            &json!({ "$ref": format!("#/components/schemas/{name}") }),
        );
    }
    // Request bodies and webhook payloads are schemas too.
    for item in document["paths"]
        .as_object()
        .into_iter()
        .chain(document["webhooks"].as_object())
    {
        for operation in item
            .values()
            .flat_map(|ops| ops.as_object().into_iter().flat_map(|o| o.values()))
        {
            for media in operation["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
            {
                validator(&document, &media["schema"]);
            }
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter.get("schema").is_some() {
                    validator(&document, &parameter["schema"]);
                }
            }
        }
    }
}

#[test]
fn every_doc_line_is_a_description_and_every_list_says_how_it_is_written() {
    use livechat_api_codegen::spec::{Encoding, ModelKind, TypeRef};
    let spec = spec();
    let document: Value = serde_json::from_str(&committed()).expect("JSON");
    let schemas = &document["components"]["schemas"];
    for model in &spec.models {
        let schema = &schemas[&model.name];
        assert_eq!(schema["description"], model.doc.as_str(), "{}", model.name);
        match &model.kind {
            ModelKind::Struct(fields) => {
                for field in fields {
                    let property = &schema["properties"][&field.wire];
                    assert_eq!(
                        property["description"],
                        field.doc.as_str(),
                        "{}.{}",
                        model.name,
                        field.wire
                    );
                }
            }
            ModelKind::Enum(values) => {
                for value in values {
                    let docs = &schema["x-livechat-enum-descriptions"];
                    assert_eq!(docs[&value.wire], value.doc.as_str(), "{}", model.name);
                }
            }
            ModelKind::Id => assert_eq!(schema["type"], "string", "{}", model.name),
            ModelKind::Union { variants, .. } => {
                for (branch, variant) in schema["oneOf"]
                    .as_array()
                    .expect("branches")
                    .iter()
                    .zip(variants)
                {
                    assert_eq!(
                        branch["description"],
                        variant.doc.as_str(),
                        "{}",
                        model.name
                    );
                }
            }
        }
    }
    for resource in &spec.resources {
        let tag = document["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|tag| tag["name"] == resource.name.as_str())
            .expect("a tag per resource");
        assert_eq!(tag["description"], resource.doc.as_str());
    }
    for (resource, endpoint) in spec.endpoints() {
        let method = endpoint.method.as_str().to_ascii_lowercase();
        let operation = &document["paths"][&endpoint.path][&method];
        assert_eq!(
            operation["x-livechat-call"],
            format!("{}.{}", resource.name, endpoint.name)
        );
        for param in &endpoint.params {
            if param.spread {
                // Each field of a spread parameter is a parameter of its own on the wire.
                let Some(ModelKind::Struct(fields)) = param
                    .ty
                    .model_name()
                    .and_then(|name| spec.model(name))
                    .map(|model| &model.kind)
                else {
                    panic!("a spread parameter is a struct model");
                };
                for field in fields {
                    let in_parameters = operation["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|p| p["name"] == field.wire.as_str())
                        .map(|p| p["description"].clone());
                    let in_body = operation["requestBody"]["content"]
                        ["application/x-www-form-urlencoded"]["schema"]["properties"]
                        [&field.wire]["description"]
                        .clone();
                    let doc = in_parameters.unwrap_or(in_body);
                    assert_eq!(doc, field.doc.as_str(), "{} {}", endpoint.path, field.wire);
                }
                continue;
            }
            let (doc, style) = match param.location {
                Location::Body => {
                    let media = if endpoint.encoding == Encoding::Form {
                        "application/x-www-form-urlencoded"
                    } else {
                        "application/json"
                    };
                    let content = &operation["requestBody"]["content"][media];
                    (
                        content["schema"]["properties"][&param.wire]["description"].clone(),
                        content["encoding"][&param.wire]["x-livechat-form-style"].clone(),
                    )
                }
                _ => {
                    let parameter = operation["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|p| p["name"] == param.wire.as_str())
                        .expect("the parameter");
                    (
                        parameter["description"].clone(),
                        parameter["x-livechat-form-style"].clone(),
                    )
                }
            };
            assert_eq!(doc, param.doc.as_str(), "{} {}", endpoint.path, param.wire);
            let form = param.location != Location::Body || endpoint.encoding == Encoding::Form;
            if form && matches!(param.ty, TypeRef::List(_)) {
                assert!(
                    style == "brackets" || style == "indexed",
                    "{} {}: a list says how it is written, got {style}",
                    endpoint.path,
                    param.wire
                );
            }
        }
    }
}

//! Reading `api-spec/` and validating it into a [`Spec`].
//!
//! Every problem is reported with the file and the key it concerns; all problems of a
//! spec are collected, so one run shows everything to fix. Nothing here panics on input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::Deserialize;

use crate::spec::{
    Auth, Encoding, Endpoint, EnumValue, Field, ListStyle, Location, Method, Model, ModelKind,
    Param, Resource, Spec, TypeRef, Variant,
};

/// A spec that cannot be used, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

/// One problem of a spec: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name inside the spec folder (or the folder itself).
    pub file: String,
    /// The key at fault, e.g. `endpoint[2] "create" param "groups"`.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.key, self.message)
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "invalid api spec ({count} problem{})",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    resource: Option<RawResource>,
    #[serde(default)]
    endpoint: Vec<RawEndpoint>,
    #[serde(default)]
    model: Vec<RawModel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    name: String,
    doc: Option<String>,
    auth: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoint {
    name: String,
    builder: Option<String>,
    doc: Option<String>,
    method: String,
    path: String,
    encoding: Option<String>,
    auth: Option<String>,
    response: String,
    idempotent: Option<bool>,
    page_items: Option<String>,
    reference: Option<String>,
    #[serde(default)]
    param: Vec<RawParam>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    name: String,
    wire: Option<String>,
    #[serde(rename = "in")]
    location: Option<String>,
    #[serde(rename = "type")]
    ty: String,
    required: Option<bool>,
    list_style: Option<String>,
    spread: Option<bool>,
    doc: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    name: String,
    doc: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    #[serde(default)]
    field: Vec<RawField>,
    #[serde(default)]
    value: Vec<RawValue>,
    #[serde(default)]
    variant: Vec<RawVariant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    wire: Option<String>,
    #[serde(rename = "type")]
    ty: String,
    required: Option<bool>,
    doc: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    wire: String,
    name: Option<String>,
    doc: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    tag: Option<String>,
    #[serde(default)]
    tag_missing: bool,
    model: String,
    name: Option<String>,
    doc: Option<String>,
}

/// Collects problems while one file is being checked.
struct Checker<'a> {
    file: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            key: key.into(),
            message: message.into(),
        });
    }

    fn doc(&mut self, key: &str, doc: Option<String>) -> String {
        match doc {
            Some(doc) if !doc.trim().is_empty() => doc.trim().to_owned(),
            _ => {
                self.report(key, "missing doc line (every item needs one)");
                String::new()
            }
        }
    }

    fn snake_ident(&mut self, key: &str, name: &str) {
        if !is_identifier(name) || name.to_snake_case() != name {
            self.report(key, format!("\"{name}\" is not a snake_case identifier"));
        } else if RESERVED.contains(&name) {
            self.report(
                key,
                format!("\"{name}\" is reserved in Rust and cannot be a name"),
            );
        }
    }

    fn camel_ident(&mut self, key: &str, name: &str) {
        if !is_identifier(name) || name.to_upper_camel_case() != name {
            self.report(
                key,
                format!("\"{name}\" is not an UpperCamelCase identifier"),
            );
        } else if RESERVED.contains(&name) {
            self.report(
                key,
                format!("\"{name}\" is reserved in Rust and cannot be a name"),
            );
        }
    }

    fn type_ref(&mut self, key: &str, text: &str) -> Option<TypeRef> {
        let parsed = TypeRef::parse(text);
        if parsed.is_none() {
            self.report(
                key,
                format!("\"{text}\" is not a type expression (see the README's type table)"),
            );
        }
        parsed
    }
}

/// Names that cannot be used even as raw identifiers, plus names the generator needs.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "extra", "Unknown", "_"];

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads and validates every `*.toml` file of `dir`.
///
/// Files are read in name order. `models.toml` (or any file without a `[resource]`
/// table) may hold models only.
pub fn load(dir: &Path) -> Result<Spec, SpecError> {
    let dir_name = dir.display().to_string();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|ext| ext == "toml") {
                    files.push(path);
                }
            }
        }
        Err(error) => problems.push(Problem {
            file: dir_name.clone(),
            key: String::new(),
            message: format!("cannot read the spec folder: {error}"),
        }),
    }
    files.sort();
    if files.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file: dir_name,
            key: String::new(),
            message: "no .toml files in the spec folder".into(),
        });
    }

    let mut sources = Vec::new();
    for path in &files {
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((file, text)),
            Err(error) => problems.push(Problem {
                file,
                key: String::new(),
                message: format!("cannot read: {error}"),
            }),
        }
    }
    let spec = parse_sources(&sources, &mut problems);
    if problems.is_empty() {
        Ok(spec)
    } else {
        Err(SpecError { problems })
    }
}

/// Validates spec files given as `(file name, TOML text)` pairs.
pub fn load_sources(sources: &[(String, String)]) -> Result<Spec, SpecError> {
    let mut problems = Vec::new();
    let spec = parse_sources(sources, &mut problems);
    if problems.is_empty() {
        Ok(spec)
    } else {
        Err(SpecError { problems })
    }
}

fn parse_sources(sources: &[(String, String)], problems: &mut Vec<Problem>) -> Spec {
    let mut resources = Vec::new();
    let mut models: Vec<(String, Model)> = Vec::new();
    for (file, text) in sources {
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(error) => {
                problems.push(Problem {
                    file: file.clone(),
                    key: String::new(),
                    message: error.to_string().trim_end().replace('\n', "\n    "),
                });
                continue;
            }
        };
        let mut checker = Checker { file, problems };
        if let Some(resource) = file_resource(&mut checker, raw.resource, raw.endpoint) {
            resources.push(resource);
        }
        for (index, raw_model) in raw.model.into_iter().enumerate() {
            let model = file_model(&mut checker, index, raw_model);
            models.push((model_key(index, &model.name), model));
        }
    }

    check_names_unique(&resources, &models, problems);
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    // The keys travel with their models through the sort, so that later checks name a
    // model exactly as the first pass did (`model[3] "Agent"`).
    models.sort_by(|(_, a), (_, b)| a.name.cmp(&b.name));
    let (model_keys, models): (Vec<String>, Vec<Model>) = models.into_iter().unzip();
    let spec = Spec { resources, models };
    check_references(&spec, &model_keys, problems);
    spec
}

/// The one way every problem names an endpoint: its position in its file, then its name.
fn endpoint_key(index: usize, name: &str) -> String {
    format!("endpoint[{index}] \"{name}\"")
}

/// The one way every problem names a model: its position in its file, then its name.
fn model_key(index: usize, name: &str) -> String {
    format!("model[{index}] \"{name}\"")
}

fn file_resource(
    checker: &mut Checker<'_>,
    raw: Option<RawResource>,
    endpoints: Vec<RawEndpoint>,
) -> Option<Resource> {
    let Some(raw) = raw else {
        if !endpoints.is_empty() {
            checker.report(
                "endpoint",
                "endpoints need a [resource] table in the same file",
            );
        }
        return None;
    };
    checker.snake_ident("resource.name", &raw.name);
    let doc = checker.doc("resource.doc", raw.doc);
    let auth = parse_auth(checker, "resource.auth", raw.auth.as_deref()).unwrap_or(Auth::Account);
    let mut seen = BTreeSet::new();
    let mut parsed = Vec::new();
    for (index, endpoint) in endpoints.into_iter().enumerate() {
        let key = endpoint_key(index, &endpoint.name);
        if !seen.insert(endpoint.name.clone()) {
            checker.report(&key, "duplicate endpoint name in this resource");
        }
        parsed.push(file_endpoint(checker, &key, &raw.name, auth, endpoint));
    }
    if parsed.is_empty() {
        checker.report("endpoint", "a resource needs at least one endpoint");
    }
    Some(Resource {
        name: raw.name,
        doc,
        file: checker.file.to_owned(),
        endpoints: parsed,
    })
}

fn parse_auth(checker: &mut Checker<'_>, key: &str, auth: Option<&str>) -> Option<Auth> {
    match auth? {
        "account" => Some(Auth::Account),
        "none" => Some(Auth::None),
        other => {
            checker.report(
                key,
                format!("unknown auth \"{other}\" (expected account or none)"),
            );
            None
        }
    }
}

fn file_endpoint(
    checker: &mut Checker<'_>,
    key: &str,
    resource: &str,
    resource_auth: Auth,
    raw: RawEndpoint,
) -> Endpoint {
    checker.snake_ident(&format!("{key}.name"), &raw.name);
    let builder = match raw.builder {
        Some(builder) => {
            checker.camel_ident(&format!("{key}.builder"), &builder);
            builder
        }
        None => crate::spec::builder_name(resource, &raw.name),
    };
    let doc = checker.doc(&format!("{key}.doc"), raw.doc);
    let method = match raw.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        other => {
            checker.report(
                format!("{key}.method"),
                format!("unknown method \"{other}\" (expected GET, POST, PUT or DELETE)"),
            );
            Method::Get
        }
    };
    let encoding = match raw.encoding.as_deref() {
        None | Some("form") => Encoding::Form,
        Some("json") => Encoding::Json,
        Some(other) => {
            checker.report(
                format!("{key}.encoding"),
                format!("unknown encoding \"{other}\" (expected form or json)"),
            );
            Encoding::Form
        }
    };
    let auth =
        parse_auth(checker, &format!("{key}.auth"), raw.auth.as_deref()).unwrap_or(resource_auth);
    let response = checker
        .type_ref(&format!("{key}.response"), &raw.response)
        .unwrap_or(TypeRef::Json);
    let reference = match raw.reference {
        Some(reference) if !reference.trim().is_empty() => reference,
        _ => {
            checker.report(
                format!("{key}.reference"),
                "missing link into the reference docs",
            );
            String::new()
        }
    };

    let placeholders = path_placeholders(checker, &format!("{key}.path"), &raw.path);
    let mut params = Vec::new();
    let mut names = BTreeSet::new();
    let mut wires = BTreeSet::new();
    for raw_param in raw.param {
        let param_key = format!("{key} param \"{}\"", raw_param.name);
        if !names.insert(raw_param.name.clone()) {
            checker.report(&param_key, "duplicate parameter name");
        }
        let param = file_param(checker, &param_key, method, &placeholders, raw_param);
        if param.location != Location::Path && !wires.insert(param.wire.clone()) {
            checker.report(
                &param_key,
                format!("wire name \"{}\" is used twice", param.wire),
            );
        }
        params.push(param);
    }
    // A spread parameter's fields may fill placeholders; that is checked once its model
    // is known.
    let spreads = params.iter().any(|p| p.spread);
    for placeholder in &placeholders {
        if !spreads && !params.iter().any(|p| &p.name == placeholder) {
            checker.report(
                format!("{key}.path"),
                format!("path parameter {{{placeholder}}} is not declared as a param"),
            );
        }
    }
    let has_body = params.iter().any(|p| p.location == Location::Body);
    if has_body && method == Method::Get {
        checker.report(key, "a GET endpoint cannot have body parameters");
    }
    if let Some(items) = &raw.page_items {
        let has_page = params
            .iter()
            .any(|p| p.name == "page" && p.location == Location::Query && p.ty == TypeRef::Int);
        if !has_page || method != Method::Get {
            checker.report(
                format!("{key}.page_items"),
                format!(
                    "paginated endpoint (page_items = \"{items}\") must be a GET with an optional int query param \"page\""
                ),
            );
        }
    }
    Endpoint {
        name: raw.name,
        builder,
        doc,
        method,
        path: raw.path,
        encoding,
        auth,
        response,
        idempotent: raw.idempotent.unwrap_or(method != Method::Post),
        page_items: raw.page_items,
        reference,
        params,
    }
}

fn path_placeholders(checker: &mut Checker<'_>, key: &str, path: &str) -> Vec<String> {
    if !path.starts_with('/') {
        checker.report(key, format!("path \"{path}\" must start with /"));
    }
    let mut placeholders = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !is_identifier(name) {
                checker.report(key, format!("placeholder {{{name}}} is not an identifier"));
            } else if placeholders.iter().any(|p| p == name) {
                checker.report(key, format!("placeholder {{{name}}} appears twice"));
            } else {
                placeholders.push(name.to_owned());
            }
        } else if segment.contains(['{', '}', '?', '#', '%', ' ']) {
            checker.report(
                key,
                format!("segment \"{segment}\" must be literal text or one whole {{placeholder}}"),
            );
        }
    }
    placeholders
}

fn file_param(
    checker: &mut Checker<'_>,
    key: &str,
    method: Method,
    placeholders: &[String],
    raw: RawParam,
) -> Param {
    checker.snake_ident(&format!("{key}.name"), &raw.name);
    let doc = checker.doc(&format!("{key}.doc"), raw.doc);
    let ty = checker
        .type_ref(&format!("{key}.type"), &raw.ty)
        .unwrap_or(TypeRef::Json);
    let in_path = placeholders.contains(&raw.name);
    let location = match raw.location.as_deref() {
        None if in_path => Location::Path,
        None if matches!(method, Method::Get | Method::Delete) => Location::Query,
        None => Location::Body,
        Some("path") => Location::Path,
        Some("query") => Location::Query,
        Some("body") => Location::Body,
        Some(other) => {
            checker.report(
                format!("{key}.in"),
                format!("unknown location \"{other}\" (expected path, query or body)"),
            );
            Location::Query
        }
    };
    if location == Location::Path && !in_path {
        checker.report(
            key,
            "declared in = \"path\" but the path has no such placeholder",
        );
    }
    if location != Location::Path && in_path {
        checker.report(
            key,
            "the path has this placeholder, so it must be a path parameter",
        );
    }
    if location == Location::Path {
        if raw.required == Some(false) {
            checker.report(
                format!("{key}.required"),
                "path parameters are always required",
            );
        }
        // An id model is checked once every model is known (`check_references`).
        if !matches!(ty, TypeRef::String | TypeRef::Int | TypeRef::Model(_)) {
            checker.report(
                format!("{key}.type"),
                "path parameters must be string, int or an id model",
            );
        }
    }
    let list_style = match raw.list_style.as_deref() {
        None | Some("brackets") => ListStyle::Brackets,
        Some("indexed") => ListStyle::Indexed,
        Some(other) => {
            checker.report(
                format!("{key}.list_style"),
                format!("unknown list_style \"{other}\" (expected brackets or indexed)"),
            );
            ListStyle::Brackets
        }
    };
    if raw.list_style.is_some() && !matches!(ty, TypeRef::List(_)) {
        checker.report(
            format!("{key}.list_style"),
            "list_style applies to list types only",
        );
    }
    check_flag_position(checker, &format!("{key}.type"), &ty);
    check_param_type(checker, &format!("{key}.type"), &ty);
    let spread = raw.spread.unwrap_or(false);
    if spread {
        // Whether the model is a struct is checked once every model is known.
        if location == Location::Path || raw.location.is_some() || raw.wire.is_some() {
            checker.report(
                format!("{key}.spread"),
                "a spread parameter sends its fields under their own names; it takes no `in` or `wire`",
            );
        }
        if raw.required != Some(true) || !matches!(ty, TypeRef::Model(_)) {
            checker.report(
                format!("{key}.spread"),
                "a spread parameter must be a required struct model",
            );
        }
    }
    let wire = raw.wire.unwrap_or_else(|| raw.name.clone());
    if wire.is_empty() || wire.contains(['[', ']', '=', '&', '#', '?']) {
        checker.report(
            format!("{key}.wire"),
            format!("wire name \"{wire}\" must be a plain key; brackets are added by the encoder"),
        );
    }
    Param {
        name: raw.name,
        wire,
        location,
        ty,
        required: location == Location::Path || raw.required.unwrap_or(false),
        list_style,
        spread,
        doc,
    }
}

/// `flag`, `timestamp` and `date` change how one value is written, so they are allowed
/// only where they stand alone.
fn check_flag_position(checker: &mut Checker<'_>, key: &str, ty: &TypeRef) {
    if let TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Periods(inner) = ty
        && (is_written_alone(inner) || inner.model_name().is_none() && contains_flag(inner))
    {
        checker.report(
            key,
            "flag, timestamp and date cannot be inside list<>, map<> or periods<>; use bool, int or string",
        );
    }
}

fn is_written_alone(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Flag | TypeRef::Timestamp | TypeRef::Date)
}

fn contains_flag(ty: &TypeRef) -> bool {
    match ty {
        _ if is_written_alone(ty) => true,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Periods(inner) => {
            contains_flag(inner)
        }
        _ => false,
    }
}

/// Types that only responses carry: no parameter encoding is defined for them.
fn check_param_type(checker: &mut Checker<'_>, key: &str, ty: &TypeRef) {
    let received_only = |ty: &TypeRef| matches!(ty, TypeRef::Timestamp | TypeRef::Periods(_));
    let inner_received_only =
        matches!(ty, TypeRef::List(inner) | TypeRef::Map(inner) if received_only(inner));
    if received_only(ty) || inner_received_only {
        checker.report(
            key,
            "timestamp and periods<> are response types; a parameter cannot have them",
        );
    }
}

fn file_model(checker: &mut Checker<'_>, index: usize, raw: RawModel) -> Model {
    let key = model_key(index, &raw.name);
    checker.camel_ident(&format!("{key}.name"), &raw.name);
    let doc = checker.doc(&format!("{key}.doc"), raw.doc);
    let kind = raw.kind.as_deref().unwrap_or("struct");
    let misplaced = |present: bool, what: &str, checker: &mut Checker<'_>| {
        if present {
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            checker.report(&key, format!("{article} {kind} model cannot have {what}"));
        }
    };
    let kind = match kind {
        "id" => {
            misplaced(!raw.field.is_empty(), "fields", checker);
            misplaced(!raw.value.is_empty(), "values", checker);
            misplaced(!raw.variant.is_empty(), "variants", checker);
            misplaced(raw.tag.is_some(), "a tag", checker);
            ModelKind::Id
        }
        "struct" => {
            misplaced(!raw.value.is_empty(), "values", checker);
            misplaced(!raw.variant.is_empty(), "variants", checker);
            misplaced(raw.tag.is_some(), "a tag", checker);
            ModelKind::Struct(struct_fields(checker, &key, raw.field))
        }
        "enum" => {
            misplaced(!raw.field.is_empty(), "fields", checker);
            misplaced(!raw.variant.is_empty(), "variants", checker);
            misplaced(raw.tag.is_some(), "a tag", checker);
            ModelKind::Enum(enum_values(checker, &key, raw.value))
        }
        "union" => {
            misplaced(!raw.field.is_empty(), "fields", checker);
            misplaced(!raw.value.is_empty(), "values", checker);
            let tag = raw.tag.unwrap_or_else(|| {
                checker.report(format!("{key}.tag"), "a union needs the key of its tag");
                String::new()
            });
            ModelKind::Union {
                tag,
                variants: union_variants(checker, &key, raw.variant),
            }
        }
        other => {
            checker.report(
                format!("{key}.kind"),
                format!("unknown kind \"{other}\" (expected struct, enum, union or id)"),
            );
            ModelKind::Struct(Vec::new())
        }
    };
    Model {
        name: raw.name,
        doc,
        file: checker.file.to_owned(),
        kind,
    }
}

fn struct_fields(checker: &mut Checker<'_>, key: &str, raw: Vec<RawField>) -> Vec<Field> {
    let mut names = BTreeSet::new();
    let mut wires = BTreeSet::new();
    let mut fields = Vec::new();
    for field in raw {
        let field_key = format!("{key} field \"{}\"", field.name);
        checker.snake_ident(&format!("{field_key}.name"), &field.name);
        let doc = checker.doc(&format!("{field_key}.doc"), field.doc);
        let ty = checker
            .type_ref(&format!("{field_key}.type"), &field.ty)
            .unwrap_or(TypeRef::Json);
        check_flag_position(checker, &format!("{field_key}.type"), &ty);
        let wire = field.wire.unwrap_or_else(|| field.name.clone());
        if !names.insert(field.name.clone()) {
            checker.report(&field_key, "duplicate field name");
        }
        if !wires.insert(wire.clone()) {
            checker.report(&field_key, format!("JSON key \"{wire}\" is used twice"));
        }
        fields.push(Field {
            name: field.name,
            wire,
            ty,
            required: field.required.unwrap_or(false),
            doc,
        });
    }
    fields
}

fn enum_values(checker: &mut Checker<'_>, key: &str, raw: Vec<RawValue>) -> Vec<EnumValue> {
    if raw.is_empty() {
        checker.report(key, "an enum needs at least one value");
    }
    let mut names = BTreeSet::new();
    let mut wires = BTreeSet::new();
    let mut values = Vec::new();
    for value in raw {
        let value_key = format!("{key} value \"{}\"", value.wire);
        let name = value
            .name
            .unwrap_or_else(|| value.wire.to_upper_camel_case());
        checker.camel_ident(&format!("{value_key}.name"), &name);
        let doc = checker.doc(&format!("{value_key}.doc"), value.doc);
        if !names.insert(name.clone()) {
            checker.report(&value_key, format!("variant name \"{name}\" is used twice"));
        }
        if !wires.insert(value.wire.clone()) {
            checker.report(&value_key, "duplicate value");
        }
        values.push(EnumValue {
            name,
            wire: value.wire,
            doc,
        });
    }
    values
}

fn union_variants(checker: &mut Checker<'_>, key: &str, raw: Vec<RawVariant>) -> Vec<Variant> {
    if raw.is_empty() {
        checker.report(key, "a union needs at least one variant");
    }
    let mut names = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut variants = Vec::new();
    let mut tagless = 0;
    for (index, variant) in raw.into_iter().enumerate() {
        // Named like the other checks name variants: by tag, else by name, else by place.
        let variant_key = match variant.tag.as_ref().or(variant.name.as_ref()) {
            Some(label) => format!("{key} variant \"{label}\""),
            None => format!("{key} variant[{index}]"),
        };
        let name = match (&variant.name, &variant.tag) {
            (Some(name), _) => name.clone(),
            (None, Some(tag)) => tag.to_upper_camel_case(),
            (None, None) => {
                checker.report(
                    format!("{variant_key}.name"),
                    "a variant without a tag needs a name",
                );
                String::new()
            }
        };
        if !name.is_empty() {
            checker.camel_ident(&format!("{variant_key}.name"), &name);
        }
        let doc = checker.doc(&format!("{variant_key}.doc"), variant.doc);
        if !name.is_empty() && !names.insert(name.clone()) {
            checker.report(
                &variant_key,
                format!("variant name \"{name}\" is used twice"),
            );
        }
        let tag = match (variant.tag, variant.tag_missing) {
            (Some(tag), false) => {
                if !tags.insert(tag.clone()) {
                    checker.report(&variant_key, "duplicate tag value");
                }
                Some(tag)
            }
            (None, true) => {
                tagless += 1;
                if tagless == 2 {
                    checker.report(
                        format!("{variant_key}.tag_missing"),
                        "only one variant of a union can stand for objects without a tag",
                    );
                }
                None
            }
            (Some(_), true) => {
                checker.report(
                    format!("{variant_key}.tag_missing"),
                    "a variant has either a tag or tag_missing = true, not both",
                );
                None
            }
            (None, false) => {
                checker.report(
                    format!("{variant_key}.tag"),
                    "a variant needs a tag value, or tag_missing = true",
                );
                None
            }
        };
        variants.push(Variant {
            name,
            tag,
            model: variant.model,
            doc,
        });
    }
    variants
}

fn check_names_unique(
    resources: &[Resource],
    models: &[(String, Model)],
    problems: &mut Vec<Problem>,
) {
    let mut seen_resources = BTreeSet::new();
    for resource in resources {
        if !seen_resources.insert(&resource.name) {
            problems.push(Problem {
                file: resource.file.clone(),
                key: "resource.name".into(),
                message: format!("resource \"{}\" is declared twice", resource.name),
            });
        }
    }
    let mut seen_models: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, model) in models {
        if let Some(first) = seen_models.insert(&model.name, &model.file) {
            problems.push(Problem {
                file: model.file.clone(),
                key: key.clone(),
                message: format!("model name already declared in {first}"),
            });
        }
    }
}

/// Checks what only the whole spec can tell; `model_keys[i]` names `spec.models[i]`.
fn check_references(spec: &Spec, model_keys: &[String], problems: &mut Vec<Problem>) {
    let mut report = |file: &str, key: String, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            key,
            message,
        })
    };
    let known = |ty: &TypeRef| {
        ty.model_name()
            .is_none_or(|name| spec.model(name).is_some())
    };
    // Builder types share their resource's module with the resource handle and the
    // models it imports, and the docs name them across resources: one name, one type.
    let mut builders: BTreeMap<&str, String> = BTreeMap::new();
    for resource in &spec.resources {
        let file = resource.file.as_str();
        for (index, endpoint) in resource.endpoints.iter().enumerate() {
            let key = endpoint_key(index, &endpoint.name);
            let name = endpoint.builder.as_str();
            let operation = format!("{}.{}", resource.name, endpoint.name);
            // A resource or endpoint declared twice is reported as such, not again here.
            let clash = if let Some(first) = builders.get(name) {
                (*first != operation).then(|| format!("is already the builder of {first}"))
            } else if spec.model(name).is_some() {
                Some("is already a model name".to_owned())
            } else if spec
                .resources
                .iter()
                .any(|other| other.name.to_upper_camel_case() == name)
            {
                Some("is already a resource handle name".to_owned())
            } else {
                None
            };
            if let Some(clash) = clash {
                report(
                    file,
                    format!("{key}.builder"),
                    format!("builder name \"{name}\" {clash}; set another with `builder = \"..\"`"),
                );
            }
            builders.entry(name).or_insert(operation);
            if !known(&endpoint.response) {
                report(
                    file,
                    format!("{key}.response"),
                    format!("unknown type \"{}\"", endpoint.response),
                );
            }
            for param in &endpoint.params {
                if !known(&param.ty) {
                    report(
                        file,
                        format!("{key} param \"{}\".type", param.name),
                        format!("unknown type \"{}\"", param.ty),
                    );
                }
            }
            check_param_models(spec, file, &key, endpoint, &mut report);
            if let Some(items) = &endpoint.page_items {
                let fields = match &endpoint.response {
                    TypeRef::Model(name) => match spec.model(name).map(|m| &m.kind) {
                        Some(ModelKind::Struct(fields)) => Some(fields),
                        _ => None,
                    },
                    _ => None,
                };
                let has = |name: &str, ok: &dyn Fn(&Field) -> bool| {
                    fields.is_some_and(|fields| fields.iter().any(|f| f.name == name && ok(f)))
                };
                // Paging stops at the announced last page, so a page must announce it.
                if !has(items, &|f| matches!(f.ty, TypeRef::List(_)))
                    || !has("pages", &|f| f.ty == TypeRef::Int && f.required)
                {
                    report(
                        file,
                        format!("{key}.page_items"),
                        format!(
                            "the response must be a struct model with a list field \"{items}\" and a required int field \"pages\""
                        ),
                    );
                }
            }
        }
    }
    for (key, model) in model_keys.iter().zip(&spec.models) {
        match &model.kind {
            ModelKind::Struct(fields) => {
                for field in fields {
                    if !known(&field.ty) {
                        report(
                            &model.file,
                            format!("{key} field \"{}\".type", field.name),
                            format!("unknown type \"{}\"", field.ty),
                        );
                    }
                }
            }
            ModelKind::Union { tag, variants } => {
                check_tag_writing(spec, &model.file, key, tag, variants, &mut report);
                for variant in variants {
                    if !matches!(
                        spec.model(&variant.model).map(|m| &m.kind),
                        Some(ModelKind::Struct(_))
                    ) {
                        report(
                            &model.file,
                            format!(
                                "{key} variant \"{}\".model",
                                variant.tag.as_deref().unwrap_or(&variant.name)
                            ),
                            format!("\"{}\" is not a struct model of the spec", variant.model),
                        );
                    }
                }
            }
            ModelKind::Enum(_) | ModelKind::Id => {}
        }
    }
}

/// A union's tagged variants' models either all declare the tag key (response unions: the tag is
/// read into the model) or none does (input unions: the union writes the tag of the
/// variant, so a model cannot carry a tag of another variant). An input union also gets
/// one constructor per variant, named after it, which must not hide a shared accessor.
fn check_tag_writing(
    spec: &Spec,
    file: &str,
    key: &str,
    tag: &str,
    variants: &[Variant],
    report: &mut impl FnMut(&str, String, String),
) {
    // A variant chosen for objects without a tag has no tag to declare.
    let fields: Vec<&[Field]> = variants
        .iter()
        .filter(|variant| variant.tag.is_some())
        .filter_map(
            |variant| match spec.model(&variant.model).map(|m| &m.kind) {
                Some(ModelKind::Struct(fields)) => Some(fields.as_slice()),
                _ => None,
            },
        )
        .collect();
    let declaring = fields
        .iter()
        .filter(|fields| fields.iter().any(|field| field.wire == tag))
        .count();
    if declaring != 0 && declaring != fields.len() {
        report(
            file,
            format!("{key}.tag"),
            format!(
                "either every variant model declares the tag key \"{tag}\" or none does ({declaring} of {} do)",
                fields.len()
            ),
        );
    }
    if declaring == 0 {
        for variant in variants {
            let constructor = variant.name.to_snake_case();
            if fields
                .iter()
                .any(|fields| fields.iter().any(|field| field.name == constructor))
            {
                report(
                    file,
                    format!("{key} variant \"{}\".name", variant.name),
                    format!(
                        "its constructor `{constructor}` would have the name of a field of the variant models"
                    ),
                );
            }
        }
    }
}

/// Path parameters typed with a model need an id model; a spread parameter needs a struct
/// model whose fields are required scalars, do not clash with the endpoint's other
/// parameters, and fill the placeholders no parameter fills.
fn check_param_models(
    spec: &Spec,
    file: &str,
    key: &str,
    endpoint: &Endpoint,
    report: &mut impl FnMut(&str, String, String),
) {
    let is_id = |ty: &TypeRef| match ty {
        TypeRef::Model(name) => matches!(spec.model(name).map(|m| &m.kind), Some(ModelKind::Id)),
        _ => false,
    };
    let mut spread_fields: Vec<&Field> = Vec::new();
    for param in &endpoint.params {
        let param_key = format!("{key} param \"{}\"", param.name);
        if param.location == Location::Path
            && matches!(param.ty, TypeRef::Model(_))
            && !is_id(&param.ty)
        {
            report(
                file,
                format!("{param_key}.type"),
                "path parameters must be string, int or an id model".into(),
            );
        }
        if !param.spread {
            continue;
        }
        let fields = match param.ty.model_name().and_then(|name| spec.model(name)) {
            Some(Model {
                kind: ModelKind::Struct(fields),
                ..
            }) if matches!(param.ty, TypeRef::Model(_)) => fields,
            _ => {
                report(
                    file,
                    format!("{param_key}.type"),
                    format!(
                        "a spread parameter needs a struct model, not \"{}\"",
                        param.ty
                    ),
                );
                continue;
            }
        };
        for field in fields {
            let scalar = matches!(
                field.ty,
                TypeRef::String | TypeRef::Int | TypeRef::Secret | TypeRef::Float | TypeRef::Bool
            ) || is_id(&field.ty);
            if !field.required || !scalar {
                report(
                    file,
                    format!("{param_key}.type"),
                    format!(
                        "field \"{}\" of a spread model must be a required string, int, float, bool, secret or id",
                        field.name
                    ),
                );
            }
            let clash = endpoint.params.iter().any(|other| {
                !other.spread && (other.name == field.name || other.wire == field.wire)
            }) || spread_fields.iter().any(|seen| seen.wire == field.wire);
            if clash {
                report(
                    file,
                    param_key.clone(),
                    format!(
                        "field \"{}\" is also another parameter of the endpoint",
                        field.name
                    ),
                );
            }
            spread_fields.push(field);
        }
    }
    for segment in endpoint.segments() {
        let crate::spec::Segment::Param(placeholder) = segment else {
            continue;
        };
        let by_param = endpoint.params.iter().any(|p| p.name == placeholder);
        let by_field = spread_fields.iter().find(|field| field.name == placeholder);
        match by_field {
            Some(field)
                if !matches!(field.ty, TypeRef::String | TypeRef::Int) && !is_id(&field.ty) =>
            {
                report(
                    file,
                    format!("{key}.path"),
                    format!(
                        "spread field \"{placeholder}\" fills a path segment, so it must be string, int or an id model"
                    ),
                );
            }
            None if !by_param && endpoint.params.iter().any(|p| p.spread) => {
                report(
                    file,
                    format!("{key}.path"),
                    format!("path parameter {{{placeholder}}} is not declared as a param"),
                );
            }
            _ => {}
        }
    }
}

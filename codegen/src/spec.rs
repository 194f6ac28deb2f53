//! The validated, in-memory form of `api-spec/`.
//!
//! [`crate::load`] builds these types from the TOML files; [`crate::generate`] only ever
//! sees a `Spec` that passed validation, so the emitter can trust every name and type.

use std::fmt;

/// Everything `api-spec/` describes: resources with their endpoints, and all models.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Resources, sorted by name so that generation does not depend on directory order.
    pub resources: Vec<Resource>,
    /// Models of every file, sorted by name.
    pub models: Vec<Model>,
}

impl Spec {
    /// Looks a model up by name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }

    /// Every endpoint, resource by resource, in spec order within a resource.
    pub fn endpoints(&self) -> impl Iterator<Item = (&Resource, &Endpoint)> {
        self.resources
            .iter()
            .flat_map(|resource| resource.endpoints.iter().map(move |e| (resource, e)))
    }
}

/// One API resource, e.g. `agents`, and its operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// snake_case name: the `Client` accessor and the module name.
    pub name: String,
    /// One line of documentation.
    pub doc: String,
    /// File that declares it, for messages.
    pub file: String,
    /// Endpoints in the order the spec file lists them.
    pub endpoints: Vec<Endpoint>,
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The client's credentials (Basic or Bearer).
    Account,
    /// No `Authorization` header; the endpoint's own parameters authenticate it.
    None,
}

/// HTTP methods the LiveChat API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// How body parameters are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded` with PHP-style brackets.
    Form,
    /// `application/json`.
    Json,
}

/// One operation of a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// snake_case operation name.
    pub name: String,
    /// UpperCamelCase name of the request builder type, e.g. `ListAgents`: the spec's
    /// `builder` key, or the operation followed by the resource (see [`builder_name`]).
    pub builder: String,
    /// One line of documentation.
    pub doc: String,
    /// HTTP method.
    pub method: Method,
    /// Path template with `{param}` placeholders, e.g. `/agents/{login}`.
    pub path: String,
    /// Body encoding.
    pub encoding: Encoding,
    /// Authentication of the request.
    pub auth: Auth,
    /// The decoded response type.
    pub response: TypeRef,
    /// Whether a failed attempt may be retried.
    pub idempotent: bool,
    /// For paginated endpoints: the list field of the response model holding the items.
    pub page_items: Option<String>,
    /// Anchor in the reference docs.
    pub reference: String,
    /// Parameters in spec order.
    pub params: Vec<Param>,
}

impl Endpoint {
    /// The path split into literal segments and parameter names.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        self.path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param(name),
                    None => Segment::Literal(segment),
                },
            )
            .collect()
    }

    /// Required parameters (path parameters included), in spec order.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.required)
    }
}

/// A piece of an endpoint path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text sent as is.
    Literal(&'a str),
    /// A path parameter, by name.
    Param(&'a str),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// One segment of the path.
    Path,
    /// The query string.
    Query,
    /// The request body.
    Body,
}

/// How a list of scalars is written in a form or query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `name[]=a&name[]=b`
    Brackets,
    /// `name[0]=a&name[1]=b`
    Indexed,
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// snake_case Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it travels.
    pub location: Location,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// How lists are written.
    pub list_style: ListStyle,
    /// `spread = true`: a struct model whose fields travel as parameters of their own,
    /// so that values which belong together are given as one named value.
    pub spread: bool,
    /// One line of documentation.
    pub doc: String,
}

/// A type expression of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `string`
    String,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `flag`: a bool sent as 1/0.
    Flag,
    /// `secret`: a string never printed.
    Secret,
    /// `json`: any JSON value.
    Json,
    /// `timestamp`: an instant, sent as Unix seconds.
    Timestamp,
    /// `date`: a civil day, sent as `YYYY-MM-DD`.
    Date,
    /// `list<T>`
    List(Box<TypeRef>),
    /// `map<T>`
    Map(Box<TypeRef>),
    /// `periods<T>`: report rows keyed by a day, month, hour or day and hour.
    Periods(Box<TypeRef>),
    /// A model, by name.
    Model(String),
}

impl TypeRef {
    /// Parses a type expression; `None` when it is not well formed.
    pub fn parse(text: &str) -> Option<TypeRef> {
        let text = text.trim();
        let inner = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(inner) = inner("list<") {
            return TypeRef::parse(inner).map(|t| TypeRef::List(Box::new(t)));
        }
        if let Some(inner) = inner("map<") {
            return TypeRef::parse(inner).map(|t| TypeRef::Map(Box::new(t)));
        }
        if let Some(inner) = inner("periods<") {
            return TypeRef::parse(inner).map(|t| TypeRef::Periods(Box::new(t)));
        }
        let builtin = match text {
            "string" => TypeRef::String,
            "int" => TypeRef::Int,
            "float" => TypeRef::Float,
            "bool" => TypeRef::Bool,
            "flag" => TypeRef::Flag,
            "secret" => TypeRef::Secret,
            "json" => TypeRef::Json,
            "timestamp" => TypeRef::Timestamp,
            "date" => TypeRef::Date,
            _ => {
                let mut chars = text.chars();
                let first = chars.next()?;
                if !first.is_ascii_uppercase() || !chars.all(|c| c.is_ascii_alphanumeric()) {
                    return None;
                }
                TypeRef::Model(text.to_owned())
            }
        };
        Some(builtin)
    }

    /// The model this type names, looking through lists and maps.
    pub fn model_name(&self) -> Option<&str> {
        match self {
            TypeRef::Model(name) => Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Periods(inner) => {
                inner.model_name()
            }
            _ => None,
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Int => f.write_str("int"),
            TypeRef::Float => f.write_str("float"),
            TypeRef::Bool => f.write_str("bool"),
            TypeRef::Flag => f.write_str("flag"),
            TypeRef::Secret => f.write_str("secret"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::Timestamp => f.write_str("timestamp"),
            TypeRef::Date => f.write_str("date"),
            TypeRef::List(inner) => write!(f, "list<{inner}>"),
            TypeRef::Map(inner) => write!(f, "map<{inner}>"),
            TypeRef::Periods(inner) => write!(f, "periods<{inner}>"),
            TypeRef::Model(name) => f.write_str(name),
        }
    }
}

/// A named model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// UpperCamelCase Rust name.
    pub name: String,
    /// One line of documentation.
    pub doc: String,
    /// File that declares it, for messages.
    pub file: String,
    /// What kind of model it is.
    pub kind: ModelKind,
}

/// The kinds of model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An identifier: a string with a type of its own, so that ids of different things
    /// cannot be mixed up.
    Id,
    /// A JSON object with named fields.
    Struct(Vec<Field>),
    /// A string with a known set of values.
    Enum(Vec<EnumValue>),
    /// An object whose shape depends on a tag key.
    Union {
        /// The key holding the tag.
        tag: String,
        /// Known tag values.
        variants: Vec<Variant>,
    },
}

/// A field of a struct model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// snake_case Rust name.
    pub name: String,
    /// JSON key.
    pub wire: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether a response always carries it.
    pub required: bool,
    /// One line of documentation.
    pub doc: String,
}

/// A value of an enum model.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// UpperCamelCase variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
    /// One line of documentation.
    pub doc: String,
}

/// A variant of a union model.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// UpperCamelCase variant name.
    pub name: String,
    /// The tag value that selects it; `None` for the variant chosen when an object has
    /// no tag at all (the spec's `tag_missing = true`).
    pub tag: Option<String>,
    /// The struct model it decodes into.
    pub model: String,
    /// One line of documentation.
    pub doc: String,
}

/// The builder type name the spec's rule gives an endpoint: the operation followed by the
/// resource, in UpperCamelCase, with the resource's last word singular unless the
/// operation is `list` (`agents.list` is `ListAgents`, `agents.get` is `GetAgent`,
/// `canned_responses.update` is `UpdateCannedResponse`).
///
/// The singular drops a final `es` after `ch`, `sh`, `x`, `ss` or `us` (`switches`,
/// `statuses`), else one final `s`, except after `s` or `u` (`status` stays `status`).
pub fn builder_name(resource: &str, operation: &str) -> String {
    use heck::ToUpperCamelCase;
    let noun = if operation == "list" {
        resource.to_owned()
    } else {
        singular(resource)
    };
    format!("{operation}_{noun}").to_upper_camel_case()
}

fn singular(name: &str) -> String {
    // `switches`, `boxes`, `addresses`, `statuses`: the plural added `es`.
    if let Some(stem) = name.strip_suffix("es")
        && ["ch", "sh", "x", "ss", "us"]
            .iter()
            .any(|end| stem.ends_with(end))
    {
        return stem.to_owned();
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u']) && !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

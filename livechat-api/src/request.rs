//! The description of one request, as the generated operations hand it to the core.
//!
//! This is the seam between generated and handwritten code: an operation fills a
//! [`Request`] (method, encoded path, parameters as JSON values), and
//! [`Client::call`](crate::Client) does the rest.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// HTTP methods of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// How body parameters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// `application/x-www-form-urlencoded` with PHP-style brackets.
    Form,
    /// `application/json`.
    Json,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Query,
    Body,
}

/// How a top-level list of scalars is written in a form or query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListStyle {
    /// `tag[]=a&tag[]=b`
    Brackets,
    /// `agents[0]=a&agents[1]=b`
    Indexed,
}

/// One piece of a path template.
pub(crate) enum Segment<'a> {
    Literal(&'static str),
    /// A caller's value, with the parameter name for error messages.
    Param(&'static str, &'a str),
}

/// One parameter, ready to encode.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) value: Value,
    pub(crate) style: ListStyle,
}

/// The facts of one endpoint, as the spec states them; one `const` per generated
/// operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// `resource.endpoint`, e.g. `agents.get`: names the call in traces.
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    /// The path template, e.g. `/agents/{login}`: traced instead of the path, which
    /// carries caller values.
    pub(crate) template: &'static str,
    pub(crate) encoding: Encoding,
    /// Whether the client's credentials are sent.
    pub(crate) authenticated: bool,
    /// Whether a failed attempt may be repeated.
    pub(crate) idempotent: bool,
}

/// Everything the core needs to send one call.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) operation: &'static Operation,
    /// Already percent-encoded, starting with `/`.
    pub(crate) path: String,
    pub(crate) query: Vec<Param>,
    pub(crate) body: Vec<Param>,
}

impl Request {
    /// A request of `operation` to `path`, without parameters yet.
    pub(crate) fn new(operation: &'static Operation, path: String) -> Self {
        Request {
            operation,
            path,
            query: Vec::new(),
            body: Vec::new(),
        }
    }

    /// What errors of this request name it by.
    pub(crate) fn info(&self) -> crate::RequestInfo {
        crate::RequestInfo::of(self.operation)
    }

    pub(crate) fn push(
        &mut self,
        location: Location,
        name: impl Into<String>,
        value: Value,
        style: ListStyle,
    ) {
        let param = Param {
            name: name.into(),
            value,
            style,
        };
        match location {
            Location::Query => self.query.push(param),
            Location::Body => self.body.push(param),
        }
    }
}

/// Bytes kept as they are in a path segment: RFC 3986 unreserved characters and `@`
/// (logins are e-mail addresses, and the API documents them unescaped). Everything
/// else, `/`, `?`, `#`, `%` and `+` included, is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Joins literal segments and caller values into an encoded path.
///
/// Each value becomes exactly one segment. An empty value, `.` or `..` would address a
/// different resource once a URL parser normalizes the path, so they are refused.
pub(crate) fn path(segments: &[Segment<'_>]) -> Result<String, Error> {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        match segment {
            Segment::Literal(text) => path.push_str(text),
            Segment::Param(name, value) => {
                if value.is_empty() || *value == "." || *value == ".." {
                    return Err(Error::InvalidInput(format!(
                        "path parameter `{name}` cannot be {value:?}: it would address a different resource"
                    )));
                }
                path.extend(utf8_percent_encode(value, SEGMENT));
            }
        }
    }
    Ok(path)
}

/// A parameter value as JSON.
pub(crate) fn value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::InvalidInput(format!("cannot encode a parameter: {error}")))
}

/// A yes/no parameter the way LiveChat documents it: `1` or `0`.
pub(crate) fn flag(value: bool) -> Value {
    Value::from(u8::from(value))
}

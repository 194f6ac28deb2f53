//! The description of one request, as the generated builders hand it to the core.
//!
//! This is the seam between generated and handwritten code. A builder states what its
//! call is (an [`Operation`], one `const` per endpoint) and writes its parameters into
//! [`Parameters`]; [`build`] turns that into a [`Request`] (encoded path, parameters as
//! JSON values), and [`Client::call`](crate::Client) does the rest.
//!
//! The types are `pub` only so that the sealed [`BuildRequest`] can name them: this module
//! is private, so nothing outside the crate reaches them.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::{Client, Error};

/// HTTP methods of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
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
pub enum Encoding {
    /// `application/x-www-form-urlencoded` with PHP-style brackets.
    Form,
    /// `application/json`.
    Json,
}

/// How a top-level list of scalars is written in a form or query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListStyle {
    /// `tag[]=a&tag[]=b`
    Brackets,
    /// `agents[0]=a&agents[1]=b`
    Indexed,
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
pub struct Operation {
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
    /// What errors of this request name it by.
    pub(crate) fn info(&self) -> crate::RequestInfo {
        crate::RequestInfo::of(self.operation)
    }
}

/// What every generated request builder is to the core: the facts of its endpoint and a
/// way to write its parameters. Sealed: this module is private, so only the crate's own
/// builders implement it; [`ApiRequest`](crate::ApiRequest) is what callers see.
pub trait BuildRequest {
    /// The endpoint this builder calls.
    const OPERATION: &'static Operation;

    /// The client the request goes out through.
    fn client(&self) -> &Client;

    /// The parameters added with `.param(..)`.
    fn extra(&mut self) -> &mut Extra;

    /// Writes the documented parameters: path values, then query and body parameters in
    /// spec order.
    fn write(&self, parameters: &mut Parameters) -> Result<(), Error>;
}

/// The parameters a caller added with `.param(..)`, sent as given after the documented
/// ones: in the query of a `GET` or `DELETE`, in the body otherwise.
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Vec<(String, Value)>);

impl Extra {
    pub(crate) fn push(&mut self, name: String, value: Value) {
        self.0.push((name, value));
    }
}

/// Hides the values of secret names, also inside nested JSON.
impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::redact::Redacted(&self.0).fmt(f)
    }
}

/// The parameters of one request as a builder writes them. Each method takes the value
/// as an `Option`: `None` (an optional parameter left unset) is not sent at all.
#[derive(Debug, Default)]
pub struct Parameters {
    path: Vec<(&'static str, String)>,
    query: Vec<Param>,
    body: Vec<Param>,
}

impl Parameters {
    /// The value of the path placeholder `{name}`.
    pub(crate) fn path(&mut self, name: &'static str, value: &(impl fmt::Display + ?Sized)) {
        self.path.push((name, value.to_string()));
    }

    /// A query parameter; a list of scalars is written `name[]=a&name[]=b`.
    pub(crate) fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        push(&mut self.query, name, value, ListStyle::Brackets)
    }

    /// A body parameter; a list of scalars is written `name[]=a&name[]=b` in a form.
    pub(crate) fn body<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        push(&mut self.body, name, value, ListStyle::Brackets)
    }

    /// A query parameter whose list of scalars is written `name[0]=a&name[1]=b`.
    #[allow(
        dead_code,
        reason = "the generator's call for an indexed query list, which the spec may not have"
    )]
    pub(crate) fn query_indexed<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        push(&mut self.query, name, value, ListStyle::Indexed)
    }

    /// A body parameter whose list of scalars is written `name[0]=a&name[1]=b`.
    pub(crate) fn body_indexed<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        push(&mut self.body, name, value, ListStyle::Indexed)
    }

    /// A yes/no query parameter, sent as LiveChat documents it: `1` or `0`.
    pub(crate) fn query_flag(&mut self, name: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.query.push(Param::new(name, flag(value)));
        }
    }

    /// A yes/no body parameter, sent as `1` or `0`.
    pub(crate) fn body_flag(&mut self, name: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.body.push(Param::new(name, flag(value)));
        }
    }
}

fn push<T: Serialize + ?Sized>(
    to: &mut Vec<Param>,
    name: &str,
    value: Option<&T>,
    style: ListStyle,
) -> Result<(), Error> {
    if let Some(value) = value {
        to.push(Param {
            name: name.to_owned(),
            value: self::value(value)?,
            style,
        });
    }
    Ok(())
}

impl Param {
    fn new(name: &str, value: Value) -> Self {
        Param {
            name: name.to_owned(),
            value,
            style: ListStyle::Brackets,
        }
    }
}

/// The request a builder describes, its `.param(..)` additions last.
pub(crate) fn build<B: BuildRequest>(builder: &mut B) -> Result<Request, Error> {
    let operation = B::OPERATION;
    let mut parameters = Parameters::default();
    builder.write(&mut parameters)?;
    let Parameters {
        path: values,
        mut query,
        mut body,
    } = parameters;
    let extra = std::mem::take(builder.extra());
    let added = extra.0.into_iter().map(|(name, value)| Param {
        name,
        value,
        style: ListStyle::Brackets,
    });
    match operation.method {
        Method::Get | Method::Delete => query.extend(added),
        Method::Post | Method::Put => body.extend(added),
    }
    Ok(Request {
        operation,
        path: path(operation.template, &values)?,
        query,
        body,
    })
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

/// Fills the placeholders of `template` (`/agents/{login}`) with caller values.
///
/// Each value becomes exactly one segment. An empty value, `.` or `..` would address a
/// different resource once a URL parser normalizes the path, so they are refused.
fn path(template: &str, values: &[(&'static str, String)]) -> Result<String, Error> {
    let mut path = String::new();
    for segment in template.split('/').filter(|segment| !segment.is_empty()) {
        path.push('/');
        let Some(name) = segment
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        else {
            path.push_str(segment);
            continue;
        };
        // The spec checks that every placeholder is a declared parameter and the
        // generator writes each one; a miss is a generator bug, reported, not a panic.
        let Some((_, value)) = values.iter().find(|(known, _)| *known == name) else {
            return Err(Error::InvalidInput(format!(
                "path parameter `{name}` has no value"
            )));
        };
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::InvalidInput(format!(
                "path parameter `{name}` cannot be {value:?}: it would address a different resource"
            )));
        }
        path.extend(utf8_percent_encode(value, SEGMENT));
    }
    Ok(path)
}

/// A parameter value as JSON.
fn value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::InvalidInput(format!("cannot encode a parameter: {error}")))
}

/// A yes/no parameter the way LiveChat documents it: `1` or `0`.
fn flag(value: bool) -> Value {
    Value::from(u8::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(template: &str, values: &[(&'static str, &str)]) -> Result<String, Error> {
        let values: Vec<(&'static str, String)> = values
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        path(template, &values)
    }

    #[test]
    fn each_value_fills_its_own_placeholder_as_one_segment() {
        assert_eq!(
            filled(
                "/visitors/{visitor_id}/chat/{chat}",
                &[
                    ("chat", "a/b?c#d"),
                    ("visitor_id", "jenny+test@example.com")
                ]
            )
            .unwrap(),
            "/visitors/jenny%2Btest@example.com/chat/a%2Fb%3Fc%23d"
        );
        assert_eq!(filled("/agents", &[]).unwrap(), "/agents");
    }

    #[test]
    fn values_that_would_address_another_resource_are_refused() {
        for value in ["", ".", ".."] {
            let error = filled("/agents/{login}", &[("login", value)]).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidInput(text) if text.contains("`login`")),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_placeholder_without_a_value_is_an_error_not_a_panic() {
        let error = filled("/agents/{login}", &[("other", "x")]).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidInput(text) if text.contains("`login` has no value")),
            "{error:?}"
        );
    }

    #[test]
    fn unset_parameters_are_not_sent_and_set_ones_keep_their_order() {
        let mut parameters = Parameters::default();
        parameters.query("a", None::<&i64>).unwrap();
        parameters.query("b", Some(&2)).unwrap();
        parameters.query_flag("c", None);
        parameters.query_flag("d", Some(true));
        parameters.body_indexed("e", Some(&["x", "y"])).unwrap();
        parameters.body_flag("f", Some(false));
        let names = |params: &[Param]| -> Vec<(String, Value, ListStyle)> {
            params
                .iter()
                .map(|param| (param.name.clone(), param.value.clone(), param.style))
                .collect()
        };
        assert_eq!(
            names(&parameters.query),
            [
                ("b".to_owned(), Value::from(2), ListStyle::Brackets),
                ("d".to_owned(), Value::from(1), ListStyle::Brackets),
            ]
        );
        assert_eq!(
            names(&parameters.body),
            [
                (
                    "e".to_owned(),
                    serde_json::json!(["x", "y"]),
                    ListStyle::Indexed
                ),
                ("f".to_owned(), Value::from(0), ListStyle::Brackets),
            ]
        );
    }
}

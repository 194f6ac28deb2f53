//! From the command line's text to the typed values the library's builders take.

use std::io::{BufRead, Read};

use clap::ArgMatches;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::outcome::Failure;
use crate::table::{EndpointInfo, ParamInfo, Shape, kebab};

/// The values given to one operation.
pub(crate) struct Args<'m> {
    endpoint: &'static EndpointInfo,
    matches: &'m ArgMatches,
}

impl<'m> Args<'m> {
    pub(crate) fn new(endpoint: &'static EndpointInfo, matches: &'m ArgMatches) -> Self {
        Args { endpoint, matches }
    }

    /// A value clap made sure is there.
    pub(crate) fn required<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        self.optional(name)?
            .ok_or_else(|| Failure::usage(format!("missing <{}>", name.to_uppercase())))
    }

    /// A value the caller may leave out.
    pub(crate) fn optional<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        let param = self
            .endpoint
            .params
            .iter()
            .find(|param| param.name == name)
            .ok_or_else(|| Failure::usage(format!("no parameter `{name}`")))?;
        let Some(value) = self.value(param)? else {
            return Ok(None);
        };
        serde_json::from_value(value)
            .map(Some)
            .map_err(|error| Failure::usage(format!("{}: {error}", label(param))))
    }

    /// Whether `--all` was given.
    pub(crate) fn all(&self) -> bool {
        self.matches
            .try_get_one::<bool>("all")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false)
    }

    /// The parameter's value as the JSON the library's types decode.
    fn value(&self, param: &ParamInfo) -> Result<Option<Value>, Failure> {
        let texts = match self.matches.try_get_many::<String>(param.name) {
            Ok(Some(texts)) => texts,
            Ok(None) => return Ok(None),
            Err(error) => return Err(Failure::usage(format!("{}: {error}", param.name))),
        };
        let values = texts
            .map(|text| convert(param, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if param.list {
            Some(Value::Array(values))
        } else {
            values.into_iter().next()
        })
    }
}

/// How the user wrote the parameter: `<LOGIN>` for a positional value, `--job-title` else.
fn label(param: &ParamInfo) -> String {
    if param.required && !param.list {
        format!("<{}>", param.name.to_uppercase())
    } else {
        format!("--{}", kebab(param.name))
    }
}

fn convert(param: &ParamInfo, text: &str) -> Result<Value, Failure> {
    let flag = label(param);
    let invalid = |what: &str| Failure::usage(format!("{flag}: {text:?} is not {what}"));
    match param.shape {
        Shape::Text => Ok(Value::String(text.to_owned())),
        Shape::Secret => secret(&flag, text).map(Value::String),
        Shape::Int => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| invalid("an integer")),
        Shape::Float => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| invalid("a number")),
        Shape::Bool => match text {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(invalid("true, false, 1 or 0")),
        },
        Shape::Json => serde_json::from_str(text)
            .map_err(|error| Failure::usage(format!("{flag}: not valid JSON: {error}"))),
    }
}

/// A secret parameter: `-` reads it from the first line of standard input; a value on
/// the command line works but is kept in shell history, which the user is told.
fn secret(flag: &str, text: &str) -> Result<String, Failure> {
    if text != "-" {
        eprintln!(
            "livechat: warning: the value of {flag} is now in your shell history; give `-` to read it from standard input"
        );
        return Ok(text.to_owned());
    }
    let mut line = String::new();
    // A secret is one short line; the cap keeps a piped file from being read whole.
    std::io::stdin()
        .lock()
        .take(64 * 1024)
        .read_line(&mut line)
        .map_err(|error| Failure::usage(format!("{flag}: cannot read standard input: {error}")))?;
    let value = line.trim_end_matches(['\r', '\n']);
    if value.is_empty() {
        return Err(Failure::usage(format!("{flag}: standard input is empty")));
    }
    Ok(value.to_owned())
}

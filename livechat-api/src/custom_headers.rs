//! Headers an application adds to every request (a trace id, a debug flag).

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::Secret;
use crate::error::{Error, Result};

/// Headers the client sets itself and a custom header must not replace: the
/// credentials, the API version and the body's type, and the headers that frame the
/// message on the wire.
const RESERVED: [&str; 6] = [
    "authorization",
    "x-api-version",
    "content-type",
    "content-length",
    "transfer-encoding",
    "host",
];

/// Checks the headers given to the builder, in the order given; a name given twice
/// keeps its last value.
pub(crate) fn check(headers: &[(String, Secret)]) -> Result<HeaderMap> {
    let mut checked = HeaderMap::new();
    for (name, value) in headers {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::InvalidInput(format!("{name:?} is not a valid HTTP header name"))
        })?;
        if RESERVED.contains(&header.as_str()) {
            return Err(Error::InvalidInput(format!(
                "the custom header {header} would replace what the client sends itself"
            )));
        }
        // The value is not repeated: it may be a secret of the application.
        let mut value = HeaderValue::from_str(value.expose()).map_err(|_| {
            Error::InvalidInput(format!(
                "the value of the custom header {header} contains characters an HTTP header cannot carry"
            ))
        })?;
        value.set_sensitive(true);
        checked.insert(header, value);
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_refused_in_any_case() {
        for name in ["Authorization", "X-API-Version", "content-TYPE", "Host"] {
            let error = check(&[(name.into(), "x".into())]).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidInput(message) if message.contains("would replace")),
                "{name}: {error}"
            );
        }
    }

    #[test]
    fn bad_names_and_values_are_refused_without_echoing_the_value() {
        assert!(check(&[("two words".into(), "x".into())]).is_err());
        let error = check(&[("X-Trace".into(), "line\nbreak-s3cret".into())]).unwrap_err();
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }

    #[test]
    fn later_values_replace_earlier_ones() {
        let headers = check(&[
            ("X-Trace-Id".into(), "a".into()),
            ("x-trace-id".into(), "b".into()),
        ])
        .unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers["x-trace-id"], "b");
    }
}

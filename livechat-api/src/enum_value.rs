//! Reading an API enum from text a caller holds.

use std::fmt;

/// Text that names none of the documented values of an API enum, returned by the
/// enums' `FromStr`.
///
/// Its message names the enum, the text (in quotes) and every accepted value:
///
/// ```
/// use livechat_api::models::GoalMatchType;
///
/// let error = "fuzzy".parse::<GoalMatchType>().unwrap_err();
/// assert_eq!(error.value(), "fuzzy");
/// assert_eq!(error.accepted(), ["substring", "exact"]);
/// assert_eq!(
///     error.to_string(),
///     r#"GoalMatchType: "fuzzy" is not a known value (expected one of: substring, exact)"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
    accepted: &'static [&'static str],
}

impl ParseEnumError {
    pub(crate) fn new(
        type_name: &'static str,
        value: &str,
        accepted: &'static [&'static str],
    ) -> Self {
        ParseEnumError {
            type_name,
            value: value.to_owned(),
            accepted,
        }
    }

    /// The name of the enum that was asked for, e.g. `"GoalMatchType"`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The text that was not accepted, as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The wire values the enum accepts, in the order the spec lists them.
    pub fn accepted(&self) -> &'static [&'static str] {
        self.accepted
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?} is not a known value (expected one of: {})",
            self.type_name,
            self.value,
            self.accepted.join(", ")
        )
    }
}

impl std::error::Error for ParseEnumError {}

//! Integer parameters of any primitive integer type.
//!
//! The API's integers are 64-bit signed numbers, but callers hold ids as `u64`, `usize`,
//! `u32`... A parameter accepts every primitive integer ([`Integer`]) and keeps it
//! widened ([`IntArg`]); a value the API cannot take is refused when the request is
//! built, as [`Error::InvalidInput`] naming the parameter, before anything is sent.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::Error;

mod sealed {
    pub trait Sealed {}
}

/// A primitive integer type, accepted wherever the API takes an integer parameter.
///
/// Implemented for `i8` to `i128`, `u8` to `u128`, `isize` and `usize`; it cannot be
/// implemented outside this crate. A value outside the API's range (`i64`) does not
/// fail the call that takes it: sending the request gives [`Error::InvalidInput`]
/// naming the parameter, and nothing is sent.
///
/// ```
/// # async fn example(client: &livechat_api::Client) -> livechat_api::Result<()> {
/// let from_a_database: u64 = 2411;
/// let greeting = client.greetings().get(from_a_database).send().await?;
///
/// let error = client.greetings().get(u64::MAX).send().await.unwrap_err();
/// assert_eq!(error.kind(), livechat_api::ErrorKind::InvalidInput);
/// assert!(error.to_string().contains("`id`"));
/// # let _ = greeting;
/// # Ok(())
/// # }
/// ```
pub trait Integer: sealed::Sealed + Copy {
    /// The value, widened without loss (a `u128` above `i128::MAX` saturates, which is
    /// out of the API's range either way).
    #[doc(hidden)]
    fn widen(self) -> i128;
}

macro_rules! integer {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl Integer for $ty {
            fn widen(self) -> i128 {
                i128::from(self)
            }
        }
    )*};
}

integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl sealed::Sealed for u128 {}
impl Integer for u128 {
    fn widen(self) -> i128 {
        i128::try_from(self).unwrap_or(i128::MAX)
    }
}

impl sealed::Sealed for isize {}
impl Integer for isize {
    fn widen(self) -> i128 {
        // isize is at most 64 bits on every platform Rust supports.
        i128::try_from(self).unwrap_or(i128::MAX)
    }
}

impl sealed::Sealed for usize {}
impl Integer for usize {
    fn widen(self) -> i128 {
        i128::try_from(self).unwrap_or(i128::MAX)
    }
}

/// An integer parameter as the caller gave it, with the name it is reported under.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct IntArg {
    name: &'static str,
    value: i128,
}

impl IntArg {
    pub(crate) fn new(name: &'static str, value: impl Integer) -> Self {
        IntArg {
            name,
            value: value.widen(),
        }
    }

    /// The value, or the error to give when the API cannot take it.
    pub(crate) fn get(&self) -> Result<i64, Error> {
        i64::try_from(self.value).map_err(|_| {
            Error::InvalidInput(format!(
                "parameter `{}` is {}, outside the range the API takes ({}..={})",
                self.name,
                self.value,
                i64::MIN,
                i64::MAX
            ))
        })
    }
}

impl fmt::Debug for IntArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

/// Out of range is a serialization error naming the parameter, which the request
/// builder turns into [`Error::InvalidInput`].
impl Serialize for IntArg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.get() {
            Ok(value) => serializer.serialize_i64(value),
            Err(error) => Err(serde::ser::Error::custom(match error {
                Error::InvalidInput(message) => message,
                other => other.to_string(),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_integer_type_in_range_is_kept() {
        assert_eq!(IntArg::new("id", 7_u8).get().unwrap(), 7);
        assert_eq!(IntArg::new("id", -7_i16).get().unwrap(), -7);
        assert_eq!(IntArg::new("id", i64::MAX as u64).get().unwrap(), i64::MAX);
        assert_eq!(IntArg::new("id", i64::MIN as i128).get().unwrap(), i64::MIN);
        assert_eq!(IntArg::new("id", 3_usize).get().unwrap(), 3);
        assert_eq!(IntArg::new("id", -3_isize).get().unwrap(), -3);
        assert_eq!(IntArg::new("id", 9_u128).get().unwrap(), 9);
    }

    #[test]
    fn out_of_range_names_the_parameter() {
        for arg in [
            IntArg::new("group", u64::MAX),
            IntArg::new("group", i64::MAX as u64 + 1),
            IntArg::new("group", u128::MAX),
            IntArg::new("group", i128::MIN),
        ] {
            let error = arg.get().unwrap_err();
            assert!(matches!(&error, Error::InvalidInput(m) if m.contains("`group`")));
            let serialized = serde_json::to_value(arg).unwrap_err().to_string();
            assert!(serialized.contains("`group`"), "{serialized}");
        }
    }
}

//! The `#[serde(with = "..")]` modules of generated model fields, one per shape of field.
//!
//! Each pairs the tolerant reading of [`tolerant`](crate::tolerant) with the way the field
//! is written back, so that a generated field needs one short attribute:
//! `#[serde(with = "wire::option", skip_serializing_if = "Option::is_none")]`.

use serde::{Serialize, Serializer};

/// Writes a field the way its type serializes, for the fields read tolerantly but written
/// plainly.
pub(crate) fn as_is<S: Serializer, T: Serialize + ?Sized>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// An optional field: every form of "empty" reads as `None`; written as is.
pub(crate) mod option {
    use serde::Deserializer;

    use crate::tolerant::{self, Tolerant};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tolerant>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        tolerant::option(deserializer)
    }

    pub(crate) use super::as_is as serialize;
}

/// A required field: an empty value is an error naming the field; written as is.
pub(crate) mod required {
    use serde::Deserializer;

    use crate::tolerant::{self, Tolerant};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tolerant>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        tolerant::required(deserializer)
    }

    pub(crate) use super::as_is as serialize;
}

/// A list field: empty when absent or empty in any form; written as is.
pub(crate) mod list {
    use serde::Deserializer;

    use crate::tolerant::{self, Tolerant};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tolerant>(
        deserializer: D,
    ) -> Result<Vec<T>, D::Error> {
        tolerant::list(deserializer)
    }

    pub(crate) use super::as_is as serialize;
}

/// A map field (keyed by text or by [`Period`](crate::Period)): empty when absent or
/// empty in any form; written as is.
pub(crate) mod map {
    use std::collections::BTreeMap;

    use serde::Deserializer;
    use serde::de::DeserializeOwned;

    use crate::tolerant::{self, Tolerant};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, K: DeserializeOwned + Ord, T: Tolerant>(
        deserializer: D,
    ) -> Result<BTreeMap<K, T>, D::Error> {
        tolerant::map(deserializer)
    }

    pub(crate) use super::as_is as serialize;
}

/// Declares the pair of modules of a type whose wire form is written by a function of
/// [`tolerant`](crate::tolerant) or [`dates`](crate::dates): read tolerantly, written in
/// the API's own form.
macro_rules! written_by {
    ($required:ident, $optional:ident, $ty:ty, $write:path, $write_optional:path, $what:literal) => {
        #[doc = concat!("A required ", $what, " field.")]
        #[allow(
            dead_code,
            reason = "the generator's shape for a required field of this type, which the spec may not have"
        )]
        pub(crate) mod $required {
            use serde::{Deserializer, Serializer};

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$ty, D::Error> {
                crate::tolerant::required(deserializer)
            }

            pub(crate) fn serialize<S: Serializer>(
                value: &$ty,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $write(value, serializer)
            }
        }

        #[doc = concat!("An optional ", $what, " field.")]
        #[allow(
            dead_code,
            reason = "the generator's shape for an optional field of this type, which the spec may not have"
        )]
        pub(crate) mod $optional {
            use serde::{Deserializer, Serializer};

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$ty>, D::Error> {
                crate::tolerant::option(deserializer)
            }

            pub(crate) fn serialize<S: Serializer>(
                value: &Option<$ty>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $write_optional(value, serializer)
            }
        }
    };
}

written_by!(
    flag,
    optional_flag,
    bool,
    crate::tolerant::flag,
    crate::tolerant::optional_flag,
    "yes/no (`flag`, written as `1` / `0`)"
);
written_by!(
    timestamp,
    optional_timestamp,
    jiff::Timestamp,
    crate::dates::timestamp,
    crate::dates::optional_timestamp,
    "Unix-seconds timestamp (written back as whole or fractional seconds)"
);
written_by!(
    date,
    optional_date,
    jiff::civil::Date,
    crate::dates::date,
    crate::dates::optional_date,
    "`YYYY-MM-DD` date"
);

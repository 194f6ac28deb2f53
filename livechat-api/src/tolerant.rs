//! Decoding what the live API really sends, not only what its documentation shows.
//!
//! LiveChat's PHP backend writes an empty value as `""`, `{}`, `[]` or `null` depending on
//! the endpoint, sends numbers as strings now and then, and writes yes/no as `true`,
//! `1` or `"1"`. The generated models decode every field through [`Tolerant`], which
//! reads all of those as the value they mean, and fails only on a value that cannot mean
//! anything for the field (a word where a number belongs, say).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Serializer};
use serde_json::{Map, Value};

/// A value of an API enum that this version of the library does not know.
///
/// Only the library makes these, from what the API sent; `as_str` gives the value back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A type that decodes leniently; `None` means "the API sent an empty value".
pub trait Tolerant: Sized {
    /// Decodes one value, reading every form of "empty" as `None`.
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error>;
}

/// `deserialize_with` for optional fields.
pub(crate) fn option<'de, D: Deserializer<'de>, T: Tolerant>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize_tolerant(deserializer)
}

/// `deserialize_with` for required fields: empty is an error.
pub(crate) fn required<'de, D: Deserializer<'de>, T: Tolerant>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_tolerant(deserializer)?
        .ok_or_else(|| de::Error::custom("a value is required here, the API sent an empty one"))
}

/// `deserialize_with` for list fields: empty means an empty list.
pub(crate) fn list<'de, D: Deserializer<'de>, T: Tolerant>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<T>::deserialize_tolerant(deserializer)?.unwrap_or_default())
}

/// `deserialize_with` for map fields: empty means an empty map.
pub(crate) fn map<'de, D: Deserializer<'de>, T: Tolerant>(
    deserializer: D,
) -> Result<BTreeMap<String, T>, D::Error> {
    Ok(BTreeMap::<String, T>::deserialize_tolerant(deserializer)?.unwrap_or_default())
}

/// `serialize_with` for optional `flag` fields: written as `1` / `0`.
pub(crate) fn optional_flag<S: Serializer>(
    value: &Option<bool>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => flag(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// `serialize_with` for required `flag` fields: written as `1` / `0`.
pub(crate) fn flag<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u8(u8::from(*value))
}

/// The tag of a union object as text, whether the API sent a string or a number.
pub(crate) fn tag(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Decodes a union variant from the object that selected it.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(
    object: Map<String, Value>,
) -> Result<T, E> {
    T::deserialize(Value::Object(object)).map_err(E::custom)
}

/// Strict decoding of an enum's wire value (numbers are read as their digits).
pub(crate) fn wire_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer
        .deserialize_any(ScalarVisitor::<String>(PhantomData))?
        .ok_or_else(|| de::Error::custom("expected a value, found an empty one"))
}

/// Tolerant decoding of an enum: its wire value, where `""` means absent.
pub(crate) fn wire_enum<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from_wire: fn(&str) -> T,
) -> Result<Option<T>, D::Error> {
    let value = deserializer.deserialize_any(ScalarVisitor::<String>(PhantomData))?;
    Ok(value
        .filter(|value| !value.is_empty())
        .map(|value| from_wire(&value)))
}

/// Tolerant decoding of an object model: `null`, `""` and `[]` are "absent".
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(ObjectVisitor(Model::<T>(PhantomData)))
}

/// What an object-shaped value becomes once the API sent a real object.
trait ReadObject<'de> {
    type Output;
    fn read<A: MapAccess<'de>>(self, map: A) -> Result<Self::Output, A::Error>;
}

/// An object read by the type's own `Deserialize` (a generated model).
struct Model<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> ReadObject<'de> for Model<T> {
    type Output = T;
    fn read<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

/// An object read as a map of tolerant values, leaving out the empty ones.
struct Entries<T>(PhantomData<T>);

impl<'de, T: Tolerant> ReadObject<'de> for Entries<T> {
    type Output = BTreeMap<String, T>;
    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, item)) =
            map.next_entry_seed(PhantomData::<String>, Element::<T>(PhantomData))?
        {
            if let Some(item) = item {
                entries.insert(key, item);
            }
        }
        Ok(entries)
    }
}

/// Reads an object, or one of the shapes PHP gives an empty one, as `None`.
struct ObjectVisitor<R>(R);

impl<'de, R: ReadObject<'de>> Visitor<'de> for ObjectVisitor<R> {
    type Value = Option<R::Output>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.read(map).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // PHP encodes an empty associative array as `[]`.
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value.trim().is_empty() {
            Ok(None)
        } else {
            Err(E::invalid_type(de::Unexpected::Str(value), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Reads one scalar leniently as `S`.
struct ScalarVisitor<S>(PhantomData<S>);

/// Conversions of the JSON scalars into one field type; `None` if it cannot hold them.
trait FromScalar: Sized {
    const EXPECTING: &'static str;
    fn from_str(value: &str) -> Option<Self>;
    fn from_i64(value: i64) -> Option<Self>;
    fn from_u64(value: u64) -> Option<Self>;
    fn from_f64(value: f64) -> Option<Self>;
    fn from_bool(value: bool) -> Option<Self>;
}

impl FromScalar for String {
    const EXPECTING: &'static str = "a string";
    fn from_str(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_bool(value: bool) -> Option<Self> {
        Some(value.to_string())
    }
}

impl FromScalar for i64 {
    const EXPECTING: &'static str = "an integer (or an integer in a string)";
    fn from_str(value: &str) -> Option<Self> {
        let value = value.trim();
        value
            .parse()
            .ok()
            .or_else(|| value.parse::<f64>().ok().and_then(Self::from_f64))
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value)
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok()
    }
    fn from_f64(value: f64) -> Option<Self> {
        // Only whole numbers inside i64's range; anything else is not an integer.
        (value.fract() == 0.0 && value.abs() < 9.0e18).then_some(value as i64)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl FromScalar for f64 {
    const EXPECTING: &'static str = "a number (or a number in a string)";
    fn from_str(value: &str) -> Option<Self> {
        value
            .trim()
            .parse()
            .ok()
            .filter(|number: &f64| number.is_finite())
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl FromScalar for bool {
    const EXPECTING: &'static str = "true/false, 1/0 or \"1\"/\"0\"";
    fn from_str(value: &str) -> Option<Self> {
        match value.trim() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        }
    }
    fn from_i64(value: i64) -> Option<Self> {
        match value {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        }
    }
    fn from_u64(value: u64) -> Option<Self> {
        Self::from_i64(i64::try_from(value).ok()?)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Self::from_i64(i64::from_f64(value)?)
    }
    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl<'de, S: FromScalar> Visitor<'de> for ScalarVisitor<S> {
    type Value = Option<S>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        match S::from_str(value) {
            Some(parsed) => Ok(Some(parsed)),
            None if value.trim().is_empty() => Ok(None),
            None => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        S::from_i64(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        S::from_u64(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        S::from_f64(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        S::from_bool(value)
            .map(Some)
            .ok_or_else(|| E::invalid_type(de::Unexpected::Bool(value), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

macro_rules! tolerant_scalar {
    ($($ty:ty),*) => {$(
        impl Tolerant for $ty {
            fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
                deserializer.deserialize_any(ScalarVisitor::<$ty>(PhantomData))
            }
        }
    )*};
}

tolerant_scalar!(String, i64, f64, bool);

impl Tolerant for crate::Secret {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        Ok(String::deserialize_tolerant(deserializer)?.map(crate::Secret::from))
    }
}

impl Tolerant for Value {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        Ok(Some(Value::deserialize(deserializer)?).filter(|value| !value.is_null()))
    }
}

/// Decodes one element of a list or map through [`Tolerant`].
struct Element<T>(PhantomData<T>);

impl<'de, T: Tolerant> DeserializeSeed<'de> for Element<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_tolerant(deserializer)
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Tolerant> Visitor<'de> for ListVisitor<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(Element::<T>(PhantomData))? {
            // An empty element carries nothing: skip it rather than fail the whole list.
            items.extend(item);
        }
        Ok(Some(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // PHP writes a list whose keys are not 0..n as an object: keep its values in order.
        let mut items = Vec::new();
        while let Some((_, item)) =
            map.next_entry_seed(PhantomData::<de::IgnoredAny>, Element::<T>(PhantomData))?
        {
            items.extend(item);
        }
        Ok(Some(items))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value.trim().is_empty() {
            Ok(None)
        } else {
            Err(E::invalid_type(de::Unexpected::Str(value), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<T: Tolerant> Tolerant for Vec<T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_any(ListVisitor::<T>(PhantomData))
    }
}

impl<T: Tolerant> Tolerant for BTreeMap<String, T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_any(ObjectVisitor(Entries::<T>(PhantomData)))
    }
}

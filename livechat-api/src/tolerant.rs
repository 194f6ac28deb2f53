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
use serde_json::value::RawValue;
use serde_json::{Number, Value};

/// The `visit_*` methods of a visitor whose value is `Option<_>` that read `null` (and a
/// present `Some` around any shape) as PHP's "absent".
macro_rules! null_is_none {
    ($de:lifetime) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<$de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    };
}

/// [`null_is_none`], plus `[]` and `{}` (PHP's empty array, either way) read as absent for a
/// scalar; a list or object with something in it is a type error.
macro_rules! null_and_empty_collections_are_none {
    ($de:lifetime) => {
        null_is_none!($de);

        fn visit_seq<A: SeqAccess<$de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            match seq.next_element::<de::IgnoredAny>()? {
                None => Ok(None),
                Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
            }
        }

        fn visit_map<A: MapAccess<$de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            match map.next_key::<de::IgnoredAny>()? {
                None => Ok(None),
                Some(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    };
}

/// A value of an API enum that this version of the library does not know.
///
/// Only the library makes these, from what the API sent; `as_str` gives the value back.
///
/// ```
/// use livechat_api::models::AgentStatus;
///
/// let status: AgentStatus = serde_json::from_str(r#""on a break""#)?;
/// match status {
///     AgentStatus::AcceptingChats | AgentStatus::NotAcceptingChats | AgentStatus::Offline => {}
///     AgentStatus::Unknown(value) => assert_eq!(value.as_str(), "on a break"),
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
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
///
/// The generated models decode every field through it; it is public so that code which
/// decodes LiveChat's JSON by itself can read values the same way.
///
/// ```
/// use livechat_api::Tolerant;
///
/// let read = |json: &str| {
///     i64::deserialize_tolerant(&mut serde_json::Deserializer::from_str(json))
/// };
/// assert_eq!(read("42")?, Some(42));
/// assert_eq!(read(r#""42""#)?, Some(42)); // a number sent as a string
/// assert_eq!(read(r#""""#)?, None); // PHP's empty value
/// assert_eq!(read("null")?, None);
/// assert!(read(r#""soon""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
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

/// `deserialize_with` for map fields (keyed by text or by [`Period`](crate::Period)):
/// empty means an empty map.
pub(crate) fn map<'de, D: Deserializer<'de>, K: DeserializeOwned + Ord, T: Tolerant>(
    deserializer: D,
) -> Result<BTreeMap<K, T>, D::Error> {
    Ok(BTreeMap::<K, T>::deserialize_tolerant(deserializer)?.unwrap_or_default())
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
struct Entries<K, T>(PhantomData<(K, T)>);

impl<'de, K: Deserialize<'de> + Ord, T: Tolerant> ReadObject<'de> for Entries<K, T> {
    type Output = BTreeMap<K, T>;
    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, item)) =
            map.next_entry_seed(PhantomData::<K>, Element::<T>(PhantomData))?
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

    null_is_none!('de);
}

/// Strict decoding of an enum's wire value (numbers are read as their digits).
pub(crate) fn wire_enum_strict<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from_wire: fn(&str) -> T,
) -> Result<T, D::Error> {
    deserializer
        .deserialize_any(WireVisitor {
            from_wire,
            blank_is_empty: false,
        })?
        .ok_or_else(|| de::Error::custom("expected a value, found an empty one"))
}

/// Tolerant decoding of an enum: its wire value, where `""` means absent.
pub(crate) fn wire_enum<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from_wire: fn(&str) -> T,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(WireVisitor {
        from_wire,
        blank_is_empty: true,
    })
}

/// Reads an enum's wire value straight from the text the parser holds, so that a known
/// value costs no allocation.
struct WireVisitor<T> {
    from_wire: fn(&str) -> T,
    /// Whether `""` means "absent" (tolerant fields) or is a value of its own.
    blank_is_empty: bool,
}

impl<'de, T> Visitor<'de> for WireVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(<String as FromScalar>::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if self.blank_is_empty && value.is_empty() {
            return Ok(None);
        }
        Ok(Some((self.from_wire)(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        self.visit_str(if value { "true" } else { "false" })
    }

    null_and_empty_collections_are_none!('de);
}

/// Reads the model of a union variant, or the whole object of an unknown one, from the
/// object's JSON text.
pub(crate) type PickVariant<T> = fn(Tag, &str) -> serde_json::Result<T>;

/// What a union's object says in its tag key.
pub(crate) enum Tag {
    /// No tag key, or `null`: the union's tagless variant, if it has one.
    Missing,
    /// A string, or a number as its digits.
    Text(String),
    /// Another JSON type, which no variant is selected by.
    Other,
}

/// Decodes a union: the object is kept as its JSON text (one copy, no tree of values),
/// its tag is read from that text, and the text is then decoded once as the model the
/// tag selects.
pub(crate) fn union<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    tag: &str,
    pick: PickVariant<T>,
) -> Result<T, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    match read_tag(&raw, tag)? {
        Shape::Object(tag) => pick(tag, raw.get()).map_err(position_free),
        Shape::Empty(unexpected) => Err(de::Error::invalid_type(unexpected, &"an object")),
    }
}

/// Tolerant decoding of a union: `null`, `""` and `[]` are "absent".
pub(crate) fn optional_union<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    tag: &str,
    pick: PickVariant<T>,
) -> Result<Option<T>, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    match read_tag(&raw, tag)? {
        Shape::Object(tag) => pick(tag, raw.get()).map(Some).map_err(position_free),
        Shape::Empty(_) => Ok(None),
    }
}

/// Decodes a variant's model from the union object's text.
///
/// The outer decoder knows where the union stands but not where inside it the variant's
/// decoding failed, and a serde error carries only text: a failure below the union's top
/// level says where in its message, as "within `author.id`: ..." (see [`error_path`]).
pub(crate) fn variant<T: DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    let untracked = match serde_json::from_str(json) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // As in `client::decode`: the path costs a String per key, paid only on failure.
    let mut parser = serde_json::Deserializer::from_str(json);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut parser) {
        Ok(_) => return Err(untracked),
        Err(error) => error,
    };
    let path = error.path().to_string();
    let (path, message) = within(path, without_position(&error.into_inner()));
    Err(match path.as_str() {
        "." => de::Error::custom(message),
        _ => de::Error::custom(format!("{WITHIN}{path}`: {message}")),
    })
}

/// How a union's error message starts when it names a place inside the union.
const WITHIN: &str = "within `";

/// The full JSON path of a decoding failure found at `path`: a place inside a union that
/// the message names (from [`variant`]) is appended, and so is the key of a missing field,
/// which serde reports at the object that lacks it.
pub(crate) fn error_path(path: String, message: String) -> (String, String) {
    let (path, message) = within(path, message);
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(field, _)| field.to_owned());
    match missing {
        Some(field) => (join_path(path, &field), message),
        None => (path, message),
    }
}

/// Moves the place inside a union that a message names onto the path.
fn within(path: String, message: String) -> (String, String) {
    match message
        .strip_prefix(WITHIN)
        .and_then(|rest| rest.split_once("`: "))
    {
        Some((inner, rest)) => (join_path(path, inner), rest.to_owned()),
        None => (path, message),
    }
}

/// `outer` followed by `inner`, in `serde_path_to_error`'s notation (`.` is the root).
fn join_path(outer: String, inner: &str) -> String {
    match outer.as_str() {
        "." => inner.to_owned(),
        _ if inner.starts_with('[') => outer + inner,
        _ => outer + "." + inner,
    }
}

/// What a union's JSON text turned out to be.
enum Shape {
    /// An object, with what its tag key holds.
    Object(Tag),
    /// One of PHP's empty shapes, described for an error where empty is not allowed.
    Empty(de::Unexpected<'static>),
}

fn read_tag<E: de::Error>(raw: &RawValue, tag: &str) -> Result<Shape, E> {
    let mut parser = serde_json::Deserializer::from_str(raw.get());
    parser
        .deserialize_any(ShapeVisitor { tag })
        .map_err(position_free)
}

/// A union's own errors are reported where the union starts; the line and column of its
/// copied text would point nowhere in the real body.
fn position_free<E: de::Error>(error: serde_json::Error) -> E {
    E::custom(without_position(&error))
}

fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => message,
    }
}

struct ShapeVisitor<'a> {
    tag: &'a str,
}

impl<'de> Visitor<'de> for ShapeVisitor<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut found = Tag::Missing;
        while let Some(is_tag) = map.next_key_seed(IsTag(self.tag))? {
            if is_tag {
                // A repeated tag is refused later by the variant's own decoding.
                found = map.next_value::<TagText>()?.0;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(Shape::Object(found))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        // PHP encodes an empty associative array as `[]`.
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(Shape::Empty(de::Unexpected::Seq)),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Shape, E> {
        if value.trim().is_empty() {
            Ok(Shape::Empty(de::Unexpected::Str("")))
        } else {
            Err(E::invalid_type(de::Unexpected::Str(value), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Empty(de::Unexpected::Unit))
    }
}

/// Tells whether an object key is the tag's, comparing it where the parser holds it.
struct IsTag<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for IsTag<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsTag<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// A tag's value as text: strings as they are, numbers as JSON writes them, anything
/// else as "no tag".
struct TagText(Tag);

impl<'de> Deserialize<'de> for TagText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TagText, E> {
                Ok(TagText(Tag::Text(text.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<TagText, E> {
                Ok(TagText(Tag::Text(number.to_string())))
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<TagText, E> {
                Ok(TagText(Tag::Text(number.to_string())))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<TagText, E> {
                Ok(TagText(match Number::from_f64(number) {
                    Some(number) => Tag::Text(number.to_string()),
                    None => Tag::Other,
                }))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TagText, E> {
                Ok(TagText(Tag::Other))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TagText, E> {
                Ok(TagText(Tag::Missing))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TagText, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(TagText(Tag::Other))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TagText, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(TagText(Tag::Other))
            }
        }
        deserializer.deserialize_any(TagVisitor)
    }
}

/// Reads one scalar leniently as `S`.
struct ScalarVisitor<S>(PhantomData<S>);

/// Conversions of the JSON scalars into one field type; `None` if it cannot hold them.
pub(crate) trait FromScalar: Sized {
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

    null_and_empty_collections_are_none!('de);
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

tolerant_scalar!(String, i64, f64, bool, jiff::Timestamp, jiff::civil::Date);

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

    null_is_none!('de);
}

impl<T: Tolerant> Tolerant for Vec<T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_any(ListVisitor::<T>(PhantomData))
    }
}

impl<K: DeserializeOwned + Ord, T: Tolerant> Tolerant for BTreeMap<K, T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_any(ObjectVisitor(Entries::<K, T>(PhantomData)))
    }
}

#[cfg(test)]
mod tests {
    use crate::models::{AgentStatus, ChatEvent, ChatList, WebhookEvent};

    fn events(json: &str) -> Vec<ChatEvent> {
        let page =
            format!(r#"{{"chats": [{{"id": "c", "events": {json}}}], "total": 1, "pages": 1}}"#);
        let mut list: ChatList = serde_json::from_str(&page).unwrap();
        std::mem::take(&mut list.chats[0].events)
    }

    #[test]
    fn unions_pick_their_variant_wherever_the_tag_stands() {
        let found = events(
            r#"[{"text": "hi", "timestamp": "5", "type": "message"},
                {"type": "attachment", "files": ["f"], "timestamp": 6}]"#,
        );
        assert!(matches!(&found[0], ChatEvent::Message(message)
            if message.text == "hi" && message.timestamp.as_second() == 5));
        assert!(
            matches!(&found[1], ChatEvent::Attachment(attachment) if attachment.files == ["f"])
        );
    }

    #[test]
    fn a_repeated_tag_is_refused_as_any_repeated_field_is() {
        let page = r#"{"chats": [{"id": "c", "events": [{"type": "message", "type": "event"}]}]}"#;
        let error = serde_json::from_str::<ChatList>(page)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("duplicate field `type`"), "{error}");
        let page = r#"{"chats": [{"id": "c", "id": "d"}]}"#;
        let error = serde_json::from_str::<ChatList>(page)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("duplicate field `id`"), "{error}");
    }

    #[test]
    fn unions_keep_unknown_and_untagged_objects_whole() {
        let found = events(
            r#"[{"type": "poll", "q": [1, {"a": null}]}, {"text": "no tag"}, {"type": {"x": 1}}]"#,
        );
        let ChatEvent::Unknown(unknown) = &found[0] else {
            panic!("{:?}", found[0]);
        };
        assert_eq!(
            serde_json::Value::Object(unknown.clone()),
            serde_json::json!({"type": "poll", "q": [1, {"a": null}]})
        );
        assert!(matches!(&found[1], ChatEvent::Unknown(object) if object["text"] == "no tag"));
        assert!(matches!(&found[2], ChatEvent::Unknown(_)));
    }

    #[test]
    fn numeric_tags_are_read_as_json_writes_them() {
        let tag_of = |json: &str| {
            let raw = serde_json::value::RawValue::from_string(json.to_owned()).unwrap();
            match super::read_tag::<serde_json::Error>(&raw, "t").unwrap() {
                super::Shape::Object(super::Tag::Text(text)) => Ok(text),
                super::Shape::Object(super::Tag::Missing) => Err("missing"),
                super::Shape::Object(super::Tag::Other) => Err("other"),
                super::Shape::Empty(_) => panic!("{json} is an object"),
            }
        };
        assert_eq!(tag_of(r#"{"t": 7}"#).as_deref(), Ok("7"));
        assert_eq!(tag_of(r#"{"t": -2}"#).as_deref(), Ok("-2"));
        assert_eq!(tag_of(r#"{"t": 1.5}"#).as_deref(), Ok("1.5"));
        assert_eq!(tag_of(r#"{"t": "a\u0062"}"#).as_deref(), Ok("ab"));
        assert_eq!(tag_of(r#"{"a": 1, "t\u0000": 2}"#), Err("missing"));
        assert_eq!(tag_of(r#"{"t": null}"#), Err("missing"));
        assert_eq!(tag_of(r#"{"t": true, "u": 1}"#), Err("other"));
        assert_eq!(tag_of(r#"{"t": [1], "u": 1}"#), Err("other"));
        let event: WebhookEvent = serde_json::from_str(
            r#"{"token": "t", "event_type": "chat_started", "license_id": "1"}"#,
        )
        .unwrap();
        assert!(matches!(event, WebhookEvent::ChatStarted(_)));
    }

    #[test]
    fn empty_shapes_in_a_list_of_unions_are_skipped() {
        let found = events(r#"[null, "", [], {"type": "event", "text": "x", "timestamp": 1}]"#);
        assert_eq!(found.len(), 1);
        assert!(matches!(&found[0], ChatEvent::Event(_)));
    }

    #[test]
    fn a_union_that_is_not_an_object_is_an_error() {
        for body in [r#""text""#, "[1]", "5"] {
            let error = serde_json::from_str::<WebhookEvent>(body).unwrap_err();
            assert!(
                error.to_string().starts_with("invalid type"),
                "{body}: {error}"
            );
        }
        let error = serde_json::from_str::<WebhookEvent>("null").unwrap_err();
        assert!(error.to_string().contains("expected an object"), "{error}");
    }

    #[test]
    fn errors_inside_a_variant_name_no_position_of_the_copied_text() {
        let page =
            r#"{"chats": [{"id": "c", "events": [{"type": "message", "timestamp": "soon"}]}]}"#;
        let error = serde_json::from_str::<ChatList>(page)
            .unwrap_err()
            .to_string();
        // Where inside the union, since the outer parser can only say where it starts.
        assert!(
            error.starts_with("within `timestamp`: invalid value: string \"soon\""),
            "{error}"
        );
        // One position only: where the outer parser stood, not one inside the copy.
        assert_eq!(error.matches(" at line ").count(), 1, "{error}");
    }

    #[test]
    fn enum_values_decode_without_changing_meaning() {
        let strict = |json: &str| serde_json::from_str::<AgentStatus>(json);
        assert_eq!(
            strict(r#""accepting chats""#).unwrap(),
            AgentStatus::AcceptingChats
        );
        assert_eq!(strict(r#""""#).unwrap().as_str(), "");
        assert_eq!(strict("12").unwrap().as_str(), "12");
        assert_eq!(strict("true").unwrap().as_str(), "true");
        assert!(strict("null").is_err() && strict("[1]").is_err());
    }
}

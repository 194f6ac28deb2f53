//! Unions whose variant models do not carry the tag: the union writes it.
//!
//! Input unions (a greeting rule to send, say) are built by variant, so the tag follows
//! from the variant and a model cannot hold the tag of another one. Such a union writes
//! its variant's tag beside the model's keys, and reading one back drops the tag before
//! the model is decoded, so that it does not land in the model's `extra`.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Serializes `model` as an object with `key: tag` added.
pub(crate) fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    key: &str,
    tag: &str,
    model: &T,
) -> Result<S::Ok, S::Error> {
    let mut object = match serde_json::to_value(model) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            return Err(serde::ser::Error::custom(
                "a union variant is not an object",
            ));
        }
        Err(error) => return Err(serde::ser::Error::custom(error)),
    };
    object.insert(key.to_owned(), Value::from(tag));
    object.serialize(serializer)
}

/// Decodes a variant's model from the union object's text, without its tag.
pub(crate) fn variant<T: DeserializeOwned>(json: &str, key: &str) -> serde_json::Result<T> {
    let mut object: serde_json::Map<String, Value> = serde_json::from_str(json)?;
    object.remove(key);
    serde_json::from_value(Value::Object(object))
}

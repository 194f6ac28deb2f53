//! Lookups the handlers share: a kind of record is a list of JSON objects, and one record
//! is named by the value of one key (`id`, `login`). A record that is not there is the
//! handler's own 404, passed in as `missing`.

use serde_json::Value;

use super::Failure;

/// A path id: a number (surrounding blanks allowed), or `missing` when it is not one.
pub(crate) fn parse_id(raw: &str, missing: fn() -> Failure) -> Result<i64, Failure> {
    raw.trim().parse().map_err(|_| missing())
}

/// Finding, changing and removing the first record whose `key` holds a value.
pub(crate) trait Records {
    /// The records.
    fn records(&self) -> &[Value];

    /// The records, to change.
    fn records_mut(&mut self) -> &mut Vec<Value>;

    /// The index of the first record whose `key` is `value`.
    fn position_of<V>(
        &self,
        key: &str,
        value: V,
        missing: fn() -> Failure,
    ) -> Result<usize, Failure>
    where
        Value: PartialEq<V>,
    {
        self.records()
            .iter()
            .position(|record| record[key] == value)
            .ok_or_else(missing)
    }

    /// The first record whose `key` is `value`.
    fn find_by<V>(&self, key: &str, value: V, missing: fn() -> Failure) -> Result<&Value, Failure>
    where
        Value: PartialEq<V>,
    {
        let index = self.position_of(key, value, missing)?;
        Ok(&self.records()[index])
    }

    /// The first record whose `key` is `value`, to change.
    fn find_by_mut<V>(
        &mut self,
        key: &str,
        value: V,
        missing: fn() -> Failure,
    ) -> Result<&mut Value, Failure>
    where
        Value: PartialEq<V>,
    {
        let index = self.position_of(key, value, missing)?;
        Ok(&mut self.records_mut()[index])
    }

    /// Takes out the first record whose `key` is `value`.
    fn remove_by<V>(
        &mut self,
        key: &str,
        value: V,
        missing: fn() -> Failure,
    ) -> Result<Value, Failure>
    where
        Value: PartialEq<V>,
    {
        let index = self.position_of(key, value, missing)?;
        Ok(self.records_mut().remove(index))
    }
}

impl Records for Vec<Value> {
    fn records(&self) -> &[Value] {
        self
    }

    fn records_mut(&mut self) -> &mut Vec<Value> {
        self
    }
}

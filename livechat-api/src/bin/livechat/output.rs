//! Writing answers: pretty JSON, JSON Lines or an aligned table.

use std::io::Write;

use futures_util::StreamExt;
use serde_json::Value;

use crate::outcome::{Failure, Outcome};
use crate::progress::Progress;

/// How answers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Jsonl,
    Table,
}

impl Format {
    pub(crate) fn parse(name: &str) -> Format {
        match name {
            "jsonl" => Format::Jsonl,
            "table" => Format::Table,
            _ => Format::Json,
        }
    }
}

/// Writes an outcome; a stream is written item by item as JSON Lines, whatever the format.
pub(crate) async fn write(
    out: &mut impl Write,
    outcome: Outcome<'_>,
    format: Format,
) -> Result<(), Failure> {
    match outcome {
        Outcome::Value(value) => {
            write_value(out, &value, format)?;
            Ok(())
        }
        Outcome::Stream(mut items) => {
            let mut progress = Progress::on_stderr();
            while let Some(item) = items.next().await {
                let item = match item {
                    Ok(item) => item,
                    Err(failure) => {
                        progress.finish();
                        out.flush()?;
                        return Err(failure);
                    }
                };
                serde_json::to_writer(&mut *out, &item).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
                progress.item();
            }
            progress.finish();
            out.flush()?;
            Ok(())
        }
    }
}

fn write_value(out: &mut impl Write, value: &Value, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, value)?;
            out.write_all(b"\n")?;
        }
        Format::Jsonl => match value {
            Value::Array(items) => {
                for item in items {
                    serde_json::to_writer(&mut *out, item)?;
                    out.write_all(b"\n")?;
                }
            }
            other => {
                serde_json::to_writer(&mut *out, other)?;
                out.write_all(b"\n")?;
            }
        },
        Format::Table => out.write_all(table(value).as_bytes())?,
    }
    out.flush()
}

/// Longest cell, in characters; longer values are cut with `…`.
const MAX_CELL: usize = 48;

/// A list of objects as rows under the union of their keys; an object as key/value rows.
fn table(value: &Value) -> String {
    let rows: Vec<Vec<String>> = match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut columns: Vec<&str> = Vec::new();
            for item in items.iter().filter_map(Value::as_object) {
                for key in item.keys() {
                    if !columns.contains(&key.as_str()) {
                        columns.push(key);
                    }
                }
            }
            let header = columns.iter().map(|c| (*c).to_owned()).collect();
            let body = items.iter().map(|item| {
                columns
                    .iter()
                    .map(|column| item.get(*column).map(cell).unwrap_or_default())
                    .collect()
            });
            std::iter::once(header).chain(body).collect()
        }
        Value::Array(items) => items.iter().map(|item| vec![cell(item)]).collect(),
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| vec![key.clone(), cell(value)])
            .collect(),
        other => vec![vec![cell(other)]],
    };
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..width)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in &rows {
        let mut line = String::new();
        for (column, value) in row.iter().enumerate() {
            if column > 0 {
                line.push_str("  ");
            }
            line.push_str(value);
            let pad = widths[column].saturating_sub(value.chars().count());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= MAX_CELL {
        return flat;
    }
    let mut cut: String = flat.chars().take(MAX_CELL - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_of_objects_is_aligned_under_the_union_of_its_keys() {
        let text = table(&json!([{ "id": 1, "name": "Sales" }, { "id": 12, "extra": [1] }]));
        assert_eq!(text, "id  name   extra\n1   Sales\n12         [1]\n");
    }

    #[test]
    fn an_object_is_key_value_rows_and_long_or_multiline_cells_are_cut() {
        let long = "x".repeat(100);
        let text = table(&json!({ "a": "line\nbreak", "b": long }));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a  line break");
        assert_eq!(lines[1].chars().count(), 3 + MAX_CELL);
        assert!(lines[1].ends_with('…'));
    }
}

//! The paging and filter parameters the archive lists (`/chats`, `/tickets`) share.

use serde_json::{Map, Value};

use crate::calendar::parse_day;
use crate::{Failure, ParamsExt};

/// Items on one page of `/chats` and `/tickets`.
pub(crate) const PAGE_SIZE: usize = 25;

/// `date_from`/`date_to` as a half-open range of Unix seconds `[from, to)`, whole UTC
/// days, both inclusive. A malformed date or a reversed range is a 400.
pub(crate) fn date_range(params: &Map<String, Value>) -> Result<(i64, i64), Failure> {
    let bound = |key: &str| -> Result<Option<i64>, Failure> {
        match params.text(key) {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => parse_day(text.trim()).map(Some).ok_or_else(|| {
                Failure::invalid([format!(
                    "{key} must be a date in the format YYYY-MM-DD, got \"{text}\""
                )])
            }),
        }
    };
    let from = bound("date_from")?;
    let to = bound("date_to")?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Failure::invalid(["date_from must not be after date_to"]));
    }
    Ok((
        from.map_or(i64::MIN, |day| day * 86_400),
        to.map_or(i64::MAX, |day| (day + 1) * 86_400),
    ))
}

/// The `page` parameter: 1 when absent, 400 unless a positive number.
pub(crate) fn page_param(params: &Map<String, Value>) -> Result<usize, Failure> {
    match params.text("page") {
        None => Ok(1),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|page| *page >= 1)
            .ok_or_else(|| {
                Failure::invalid([format!("page must be a positive number, got \"{text}\"")])
            }),
    }
}

/// One page of `items`: `(items of the page, total, pages)`.
pub(crate) fn paginate(items: Vec<Value>, page: usize) -> (Vec<Value>, usize, usize) {
    let total = items.len();
    let pages = total.div_ceil(PAGE_SIZE);
    let start = (page - 1).saturating_mul(PAGE_SIZE);
    let chosen = items.into_iter().skip(start).take(PAGE_SIZE).collect();
    (chosen, total, pages)
}

/// A 0/1 filter parameter: `None` when absent, 400 when anything else.
pub(crate) fn flag_param(params: &Map<String, Value>, key: &str) -> Result<Option<bool>, Failure> {
    match params.get(key) {
        None => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(_) => params
            .flag(key)
            .map(Some)
            .ok_or_else(|| Failure::invalid([format!("{key} must be 0 or 1")])),
    }
}

/// The trimmed text of a parameter; `None` when it is absent or blank, as LiveChat reads
/// an empty filter as no filter.
pub(crate) fn filled_text(params: &Map<String, Value>, key: &str) -> Option<String> {
    params
        .text(key)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

//! The rows of a report: the span of days it covers, how it is split (`group_by`), the
//! documented key of each row and the period a moment falls in.
//!
//! Days are whole UTC days, like the archive filters of the fake.

use serde_json::{Map, Value, json};

use super::super::Failure;
use crate::calendar::{civil, days_from_civil};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// The most rows one report may have; longer reports are refused rather than built.
pub(crate) const MAX_ROWS: usize = 50_000;

/// How a report splits its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupBy {
    Hour,
    Day,
    Month,
}

impl GroupBy {
    pub(crate) fn parse(text: &str) -> Option<GroupBy> {
        match text {
            "hour" => Some(GroupBy::Hour),
            "day" => Some(GroupBy::Day),
            "month" => Some(GroupBy::Month),
            _ => None,
        }
    }
}

/// `YYYY-MM-DD` of a day number.
pub(crate) fn day_key(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day number of a moment (Unix seconds).
pub(crate) fn day_of(ts: i64) -> i64 {
    ts.div_euclid(DAY)
}

/// Days `first..=last` (day numbers); empty when `first > last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) first: i64,
    pub(crate) last: i64,
}

impl Span {
    /// The span a report covers: `date_from` defaults to the day of the oldest record
    /// (`today` without records, and never after an explicit `date_to`), `date_to` to
    /// `today`. An explicit `date_from` after a defaulted `date_to` gives an empty span.
    pub(crate) fn resolve(
        date_from: Option<i64>,
        date_to: Option<i64>,
        oldest: Option<i64>,
        today: i64,
    ) -> Span {
        let last = date_to.unwrap_or(today);
        let first = date_from.unwrap_or_else(|| oldest.map_or(today, day_of).min(last));
        Span { first, last }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.first > self.last
    }

    /// `[start, end)` in Unix seconds; `None` when empty.
    pub(crate) fn seconds(&self) -> Option<(i64, i64)> {
        (!self.is_empty()).then(|| (self.first * DAY, (self.last + 1) * DAY))
    }

    /// The days of the span, in order.
    pub(crate) fn days(&self) -> impl Iterator<Item = i64> {
        self.first..=self.last
    }
}

/// One row of a report: its key and the seconds `[start, end)` it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) key: String,
    pub(crate) start: i64,
    pub(crate) end: i64,
}

/// The rows of a report, in time order, without gaps.
#[derive(Debug, Clone)]
pub(crate) struct Periods {
    pub(crate) group_by: GroupBy,
    pub(crate) list: Vec<Period>,
}

fn too_long() -> Failure {
    Failure::invalid([format!(
        "the report would have more than {MAX_ROWS} rows: narrow date_from/date_to or group_by"
    )])
}

impl Periods {
    /// Splits a span. Without `group_by`, a one-day span is split by hour, any other by
    /// day. Hour keys are `HH:MM` for one day and `YYYY-MM-DD HH:MM` for more.
    pub(crate) fn split(span: Span, group_by: Option<GroupBy>) -> Result<Periods, Failure> {
        let group_by = group_by.unwrap_or(if span.first == span.last {
            GroupBy::Hour
        } else {
            GroupBy::Day
        });
        let days = usize::try_from(span.last - span.first + 1).unwrap_or(0);
        let rows = match group_by {
            GroupBy::Hour => days.saturating_mul(24),
            GroupBy::Day => days,
            GroupBy::Month => days / 28 + 2,
        };
        if rows > MAX_ROWS {
            return Err(too_long());
        }
        let mut list = Vec::with_capacity(rows);
        match group_by {
            GroupBy::Hour => {
                for day in span.days() {
                    for hour in 0..24 {
                        let key = if span.first == span.last {
                            format!("{hour:02}:00")
                        } else {
                            format!("{} {hour:02}:00", day_key(day))
                        };
                        let start = day * DAY + hour * HOUR;
                        list.push(Period {
                            key,
                            start,
                            end: start + HOUR,
                        });
                    }
                }
            }
            GroupBy::Day => list.extend(span.days().map(|day| Period {
                key: day_key(day),
                start: day * DAY,
                end: (day + 1) * DAY,
            })),
            GroupBy::Month => {
                let mut day = span.first;
                while day <= span.last {
                    let (y, m, _) = civil(day);
                    let next = if m == 12 {
                        days_from_civil(y + 1, 1, 1)
                    } else {
                        days_from_civil(y, m + 1, 1)
                    };
                    let end = next.min(span.last + 1);
                    list.push(Period {
                        key: format!("{y:04}-{m:02}"),
                        start: day * DAY,
                        end: end * DAY,
                    });
                    day = end;
                }
            }
        }
        Ok(Periods { group_by, list })
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The index of the period holding the moment `ts`.
    pub(crate) fn find(&self, ts: i64) -> Option<usize> {
        let after = self.list.partition_point(|p| p.start <= ts);
        let index = after.checked_sub(1)?;
        (ts < self.list[index].end).then_some(index)
    }

    /// The index of the first period ending after `ts` (`len()` when none does).
    pub(crate) fn first_ending_after(&self, ts: i64) -> usize {
        self.list.partition_point(|p| p.end <= ts)
    }

    /// The report: one member per period, keyed as documented. Monthly rows of the
    /// reports that show them start with `begin` and `end`, the first and last day the
    /// row covers (a month cut by the span covers only part of it).
    pub(crate) fn report(&self, rows: Vec<Value>, bounds: bool) -> Value {
        let mut out = Map::new();
        for (period, mut row) in self.list.iter().zip(rows) {
            if bounds
                && self.group_by == GroupBy::Month
                && let Value::Object(fields) = &mut row
            {
                let mut with_bounds = Map::new();
                with_bounds.insert("begin".into(), json!(day_key(day_of(period.start))));
                with_bounds.insert("end".into(), json!(day_key(day_of(period.end - 1))));
                with_bounds.append(fields);
                row = Value::Object(with_bounds);
            }
            out.insert(period.key.clone(), row);
        }
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_day;

    fn day(text: &str) -> i64 {
        parse_day(text).unwrap_or_else(|| panic!("a day: {text}"))
    }

    fn span(from: &str, to: &str) -> Span {
        Span {
            first: day(from),
            last: day(to),
        }
    }

    fn keys(periods: &Periods) -> Vec<&str> {
        periods.list.iter().map(|p| p.key.as_str()).collect()
    }

    #[test]
    fn one_day_defaults_to_hours_keyed_hh_mm() {
        let periods = Periods::split(span("2013-01-29", "2013-01-29"), None).unwrap();
        assert_eq!(periods.group_by, GroupBy::Hour);
        assert_eq!(periods.len(), 24);
        assert_eq!(keys(&periods)[0], "00:00");
        assert_eq!(keys(&periods)[23], "23:00");
        let noon = day("2013-01-29") * DAY + 12 * HOUR + 59;
        assert_eq!(periods.find(noon), Some(12));
        assert_eq!(periods.find(noon + DAY), None);
    }

    #[test]
    fn several_days_default_to_days_and_hours_carry_the_date() {
        let periods = Periods::split(span("2013-01-28", "2013-01-30"), None).unwrap();
        assert_eq!(keys(&periods), ["2013-01-28", "2013-01-29", "2013-01-30"]);
        let hours = Periods::split(span("2013-01-28", "2013-01-29"), Some(GroupBy::Hour)).unwrap();
        assert_eq!(hours.len(), 48);
        assert_eq!(keys(&hours)[25], "2013-01-29 01:00");
    }

    #[test]
    fn months_are_cut_by_the_span_and_carry_their_bounds() {
        let periods =
            Periods::split(span("2012-01-29", "2013-01-29"), Some(GroupBy::Month)).unwrap();
        assert_eq!(periods.len(), 13);
        assert_eq!(keys(&periods)[0], "2012-01");
        assert_eq!(keys(&periods)[12], "2013-01");
        let rows = (0..periods.len()).map(|_| json!({ "good": 0 })).collect();
        let report = periods.report(rows, true);
        assert_eq!(
            report["2012-01"],
            json!({ "begin": "2012-01-29", "end": "2012-01-31", "good": 0 })
        );
        assert_eq!(report["2012-02"]["end"], "2012-02-29");
        assert_eq!(report["2013-01"]["end"], "2013-01-29");
        let days = Periods::split(span("2013-01-01", "2013-01-02"), None).unwrap();
        let plain = days.report(vec![json!({ "good": 0 }), json!({ "good": 1 })], true);
        assert_eq!(plain["2013-01-02"], json!({ "good": 1 }));
    }

    #[test]
    fn spans_default_to_the_oldest_record_and_today() {
        let today = day("2013-06-30");
        let oldest = day("2013-01-05") * DAY + 77;
        assert_eq!(
            Span::resolve(None, None, Some(oldest), today),
            span("2013-01-05", "2013-06-30")
        );
        assert_eq!(
            Span::resolve(None, Some(day("2013-01-01")), Some(oldest), today),
            span("2013-01-01", "2013-01-01")
        );
        assert!(Span::resolve(Some(today + 3), None, None, today).is_empty());
        assert_eq!(
            Span::resolve(None, None, None, today),
            span("2013-06-30", "2013-06-30")
        );
    }

    #[test]
    fn huge_reports_are_refused() {
        assert!(Periods::split(span("0001-01-01", "2013-01-01"), Some(GroupBy::Day)).is_err());
        assert!(Periods::split(span("2000-01-01", "2013-01-01"), Some(GroupBy::Hour)).is_err());
        assert!(Periods::split(span("0001-01-01", "2013-01-01"), Some(GroupBy::Month)).is_ok());
    }
}

//! Dates and times as the API writes them: instants as Unix seconds, days as
//! `YYYY-MM-DD`, report rows keyed by the period they count.
//!
//! The types are [jiff](https://docs.rs/jiff)'s; this module only reads and writes the
//! API's spellings of them. All calendar arithmetic is left to jiff.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime, Time};
use jiff::{SignedDuration, Timestamp};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::Error;
use crate::tolerant::FromScalar;

/// Reads `YYYY-MM-DD` and nothing else: no other separators, widths or trailing text.
fn parse_day(text: &str) -> Result<Date, jiff::Error> {
    let date = Date::strptime("%Y-%m-%d", text)?;
    // strptime accepts shorter fields (`2024-1-5`); writing the date back and comparing
    // keeps only the one spelling the API uses, so a key or value always round-trips.
    if date.strftime("%Y-%m-%d").to_string() == text {
        Ok(date)
    } else {
        Err(jiff::Error::from_args(format_args!(
            "{text:?} is not written YYYY-MM-DD"
        )))
    }
}

impl FromScalar for Timestamp {
    const EXPECTING: &'static str = "a Unix timestamp in seconds (a number, or a number in a string) within years -9999 to 9999";
    fn from_str(value: &str) -> Option<Self> {
        let value = value.trim();
        match value.parse::<i64>() {
            Ok(seconds) => Self::from_i64(seconds),
            Err(_) => value.parse::<f64>().ok().and_then(Self::from_f64),
        }
    }
    fn from_i64(value: i64) -> Option<Self> {
        Timestamp::from_second(value).ok()
    }
    fn from_u64(value: u64) -> Option<Self> {
        Self::from_i64(i64::try_from(value).ok()?)
    }
    fn from_f64(value: f64) -> Option<Self> {
        // Fractions of a second are kept to the nanosecond, and written back as a float.
        let duration = SignedDuration::try_from_secs_f64(value).ok()?;
        Timestamp::from_duration(duration).ok()
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl FromScalar for Date {
    const EXPECTING: &'static str = "a date written YYYY-MM-DD";
    fn from_str(value: &str) -> Option<Self> {
        parse_day(value).ok()
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

/// `serialize_with` for required `timestamp` fields: whole seconds as an integer, an
/// instant with a fraction of a second as a float, as the API would have sent it.
pub(crate) fn timestamp<S: Serializer>(
    value: &Timestamp,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if value.subsec_nanosecond() == 0 {
        serializer.serialize_i64(value.as_second())
    } else {
        serializer.serialize_f64(value.as_duration().as_secs_f64())
    }
}

/// `serialize_with` for optional `timestamp` fields.
pub(crate) fn optional_timestamp<S: Serializer>(
    value: &Option<Timestamp>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => timestamp(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// `serialize_with` for required `date` fields: `YYYY-MM-DD`.
pub(crate) fn date<S: Serializer>(value: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&value.strftime("%Y-%m-%d"))
}

/// `serialize_with` for optional `date` fields.
pub(crate) fn optional_date<S: Serializer>(
    value: &Option<Date>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => date(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// A union's shared `timestamp` accessor on an object kept as sent: whole seconds only.
pub(crate) fn timestamp_in(value: &Value) -> Option<Timestamp> {
    Timestamp::from_second(value.as_i64()?).ok()
}

/// A union's shared `date` accessor on an object kept as sent.
#[allow(
    dead_code,
    reason = "generated when every variant of a union has the same `date` field; today's spec has no such union"
)]
pub(crate) fn date_in(value: &Value) -> Option<Date> {
    parse_day(value.as_str()?).ok()
}

/// The value of a date parameter: a [`Date`], or `YYYY-MM-DD` text a caller already has.
///
/// Text is checked when the request is built, before anything is sent: text that is not
/// a real day written `YYYY-MM-DD` makes the call fail with
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the parameter.
///
/// Ranges such as "last month" are jiff's arithmetic, not the library's:
///
/// ```
/// use livechat_api::DateParam;
/// use livechat_api::jiff::civil::date;
/// use livechat_api::jiff::tz::TimeZone;
/// use livechat_api::jiff::{Timestamp, ToSpan};
///
/// // Today where the reports count (UTC here: no time zone database needed).
/// let today = Timestamp::now().to_zoned_datetime(TimeZone::UTC).date();
/// assert!(today.first_of_month() <= today);
///
/// let today = date(2024, 3, 15);
/// let last_month = today.first_of_month() - 1.month();
/// let (first, last) = (last_month, last_month.last_of_month());
/// assert_eq!((first, last), (date(2024, 2, 1), date(2024, 2, 29)));
///
/// // A date and the same day as text are the same parameter.
/// let typed: DateParam = last.into();
/// assert_eq!(typed, DateParam::from("2024-02-29"));
/// ```
///
/// ```no_run
/// # use livechat_api::{Client, Credentials, Error};
/// # use livechat_api::jiff::civil::date;
/// # async fn example(client: Client) -> livechat_api::Result<()> {
/// let february = date(2024, 2, 1);
/// let report = client
///     .reports()
///     .total_chats()
///     .date_from(february)
///     .date_to(february.last_of_month())
///     .send()
///     .await?;
/// for (day, row) in &report {
///     println!("{day}: {:?} chats", row.chats);
/// }
///
/// // Text a caller already has works too, and a typo fails before anything is sent.
/// let error = client.chats().list().date_from("2024-02-30").send().await.unwrap_err();
/// assert!(matches!(error, Error::InvalidInput(_)));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct DateParam(DateInput);

#[derive(Debug, Clone)]
enum DateInput {
    Date(Date),
    Text(String),
}

impl DateParam {
    /// The day this parameter names, or why it names none.
    fn date(&self) -> Result<Date, String> {
        match &self.0 {
            DateInput::Date(date) => Ok(*date),
            DateInput::Text(text) => parse_day(text).map_err(|error| {
                format!("must be a day written YYYY-MM-DD, got {text:?} ({error})")
            }),
        }
    }

    /// The value sent for the parameter `name`, which a bad one names.
    pub(crate) fn to_wire(&self, name: &str) -> Result<Value, Error> {
        self.date()
            .map(|date| Value::String(date.strftime("%Y-%m-%d").to_string()))
            .map_err(|reason| Error::InvalidInput(format!("parameter `{name}` {reason}")))
    }
}

/// Two parameters are equal when they name the same day, or are the same unreadable text.
impl PartialEq for DateParam {
    fn eq(&self, other: &Self) -> bool {
        match (self.date(), other.date()) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => {
                matches!((&self.0, &other.0), (DateInput::Text(a), DateInput::Text(b)) if a == b)
            }
            _ => false,
        }
    }
}

impl Eq for DateParam {}

impl From<Date> for DateParam {
    fn from(date: Date) -> Self {
        DateParam(DateInput::Date(date))
    }
}

impl From<&str> for DateParam {
    fn from(text: &str) -> Self {
        DateParam(DateInput::Text(text.to_owned()))
    }
}

impl From<String> for DateParam {
    fn from(text: String) -> Self {
        DateParam(DateInput::Text(text))
    }
}

impl From<&String> for DateParam {
    fn from(text: &String) -> Self {
        DateParam::from(text.as_str())
    }
}

/// Reads `YYYY-MM-DD` text, refusing anything else at once (the command line's reading
/// of a date argument).
impl<'de> Deserialize<'de> for DateParam {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_day(&text)
            .map(DateParam::from)
            .map_err(|error| de::Error::custom(format!("not a day written YYYY-MM-DD: {error}")))
    }
}

/// The key of one report row: the day, month or hour it counts.
///
/// LiveChat keys report rows `YYYY-MM-DD`, `YYYY-MM`, `HH:MM` or `YYYY-MM-DD HH:MM`,
/// depending on the report and its `group_by`. Each spelling reads as its own variant,
/// and keys of one variant sort in time order, so a report map iterates from the first
/// period to the last. A key in any other shape is kept as sent in
/// [`Other`](Period::Other) (sorted after the rest), so no row is lost; every key writes
/// back exactly as it came.
///
/// ```
/// use livechat_api::Period;
/// use livechat_api::jiff::civil::date;
///
/// let day: Period = "2024-02-29".parse()?;
/// assert_eq!(day, Period::Day(date(2024, 2, 29)));
/// assert_eq!(day.date(), Some(date(2024, 2, 29)));
/// assert_eq!(day.to_string(), "2024-02-29");
///
/// let month: Period = "2024-02".parse()?;
/// assert_eq!(month, Period::Month(date(2024, 2, 1)));
///
/// let odd: Period = "2024-02-30".parse()?;
/// assert_eq!(odd, Period::Other("2024-02-30".to_owned()));
/// # Ok::<(), std::convert::Infallible>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A month, keyed `YYYY-MM`; holds the month's first day.
    Month(Date),
    /// A day, keyed `YYYY-MM-DD`.
    Day(Date),
    /// One hour of one day, keyed `YYYY-MM-DD HH:MM`.
    DayHour(DateTime),
    /// An hour of the day over the whole range asked for, keyed `HH:MM`.
    Hour(Time),
    /// A key in none of the shapes above, kept as sent.
    Other(String),
}

impl Period {
    /// The day the period is on or starts with: the day itself, a month's first day, the
    /// day of a day-and-hour key; `None` for an hour of the day or an unreadable key.
    pub fn date(&self) -> Option<Date> {
        match self {
            Period::Month(date) | Period::Day(date) => Some(*date),
            Period::DayHour(datetime) => Some(datetime.date()),
            Period::Hour(_) | Period::Other(_) => None,
        }
    }

    /// Reads one key; `None` when it is in none of the API's shapes.
    fn read(key: &str) -> Option<Period> {
        // Every shape is checked by writing it back: only the exact spelling is taken,
        // so that `to_string()` gives the key as sent.
        let exact = |period: Period| (period.to_string() == key).then_some(period);
        match key.len() {
            // YYYY-MM
            7 => exact(Period::Month(parse_day(&format!("{key}-01")).ok()?)),
            // YYYY-MM-DD
            10 => exact(Period::Day(parse_day(key).ok()?)),
            // HH:MM
            5 => exact(Period::Hour(Time::strptime("%H:%M", key).ok()?)),
            // YYYY-MM-DD HH:MM
            16 => exact(Period::DayHour(
                DateTime::strptime("%Y-%m-%d %H:%M", key).ok()?,
            )),
            _ => None,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(date) => write!(f, "{}", date.strftime("%Y-%m")),
            Period::Day(date) => write!(f, "{}", date.strftime("%Y-%m-%d")),
            Period::DayHour(datetime) => write!(f, "{}", datetime.strftime("%Y-%m-%d %H:%M")),
            Period::Hour(time) => write!(f, "{}", time.strftime("%H:%M")),
            Period::Other(key) => f.write_str(key),
        }
    }
}

/// Never fails: a key in no known shape becomes [`Period::Other`].
impl FromStr for Period {
    type Err = Infallible;
    fn from_str(key: &str) -> Result<Self, Infallible> {
        Ok(Period::read(key).unwrap_or_else(|| Period::Other(key.to_owned())))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a report key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Period, E> {
                let Ok(period) = key.parse();
                Ok(period)
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn every_key_shape_reads_as_its_period_and_writes_back() {
        let cases = [
            ("2019-01-31", Period::Day(date(2019, 1, 31))),
            ("2019-01", Period::Month(date(2019, 1, 1))),
            ("07:00", Period::Hour(time(7, 0, 0, 0))),
            (
                "2019-01-31 23:00",
                Period::DayHour(date(2019, 1, 31).at(23, 0, 0, 0)),
            ),
        ];
        for (key, expected) in cases {
            let period: Period = key.parse().unwrap();
            assert_eq!(period, expected, "{key}");
            assert_eq!(period.to_string(), key);
        }
    }

    #[test]
    fn keys_in_no_known_shape_are_kept_as_sent() {
        for key in [
            "2019-1-31",
            "2019-02-30",
            "2019-13",
            "24:00",
            "7:00",
            "2019-01-31T23:00",
            "",
            "total",
            "２０１９-01-31",
            "2019-01-31 23:00:00",
        ] {
            let period: Period = key.parse().unwrap();
            assert_eq!(period, Period::Other(key.to_owned()), "{key:?}");
            assert_eq!(period.to_string(), key);
        }
    }

    #[test]
    fn periods_of_one_kind_sort_in_time_order_and_unreadable_keys_last() {
        let mut keys: Vec<Period> = [
            "2019-02-01",
            "zzz",
            "2018-12-31",
            "2019-01-09",
            "2019-01-10",
        ]
        .iter()
        .map(|key| key.parse().unwrap())
        .collect();
        keys.sort();
        let written: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(
            written,
            [
                "2018-12-31",
                "2019-01-09",
                "2019-01-10",
                "2019-02-01",
                "zzz"
            ]
        );
    }

    #[test]
    fn date_params_accept_only_real_days_written_yyyy_mm_dd() {
        let good = DateParam::from("2024-02-29").to_wire("date_from").unwrap();
        assert_eq!(good, Value::from("2024-02-29"));
        assert_eq!(
            DateParam::from(date(2024, 2, 29))
                .to_wire("date_from")
                .unwrap(),
            good
        );
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "29/02/2024",
            "2024-02-29T00:00",
            "",
            " 2024-02-29",
        ] {
            let error = DateParam::from(bad).to_wire("date_to").unwrap_err();
            assert!(
                matches!(error, Error::InvalidInput(_)),
                "{bad:?}: {error:?}"
            );
            let message = error.to_string();
            assert!(message.contains("`date_to`"), "{message}");
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }

    #[test]
    fn timestamps_write_whole_seconds_as_integers_and_fractions_as_floats() {
        let whole = Timestamp::from_second(1_500_000_000).unwrap();
        let written = timestamp(&whole, serde_json::value::Serializer).unwrap();
        assert_eq!(written, Value::from(1_500_000_000));
        let fraction = Timestamp::from_f64(1_500_000_000.5).unwrap();
        let written = timestamp(&fraction, serde_json::value::Serializer).unwrap();
        assert_eq!(written, Value::from(1_500_000_000.5));
    }
}

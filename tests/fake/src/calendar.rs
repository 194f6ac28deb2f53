//! Calendar arithmetic and the date formats of the API, all in UTC (the seeded licence's
//! time zone): proleptic Gregorian days, the archive's text dates, ISO and plain times.

/// (year, month, day) of a day number (days since 1970-01-01).
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number of a date.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn clock(ts: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    let weekday = (days + 4).rem_euclid(7);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60, weekday)
}

/// A chat date as the archives write it: `Wed, 01/23/13 11:40:53 am`.
pub(crate) fn chat_date(ts: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let (y, m, d, h, min, s, weekday) = clock(ts);
    let half = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        other => other,
    };
    format!(
        "{}, {m:02}/{d:02}/{:02} {h12:02}:{min:02}:{s:02} {half}",
        WEEKDAYS[weekday as usize],
        y.rem_euclid(100)
    )
}

/// `2017-02-16 12:54:26`, as the visitors list writes its times.
pub(crate) fn plain_time(ts: i64) -> String {
    let (y, m, d, h, min, s, _) = clock(ts);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}")
}

/// `2014-08-18T10:05:05Z`, as the webhook ticket payload writes its dates.
pub(crate) fn iso_time(ts: i64) -> String {
    let (y, m, d, h, min, s, _) = clock(ts);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

/// The day number of a strict `YYYY-MM-DD`.
pub(crate) fn parse_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<i64>().ok())
            .flatten()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil(days) == (year, month, day)).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_the_archive_writes_them() {
        assert_eq!(chat_date(1_358_937_653), "Wed, 01/23/13 10:40:53 am");
        assert_eq!(chat_date(1_358_939_109), "Wed, 01/23/13 11:05:09 am");
        assert_eq!(chat_date(1_356_998_400), "Tue, 01/01/13 12:00:00 am");
        assert_eq!(chat_date(1_357_041_600), "Tue, 01/01/13 12:00:00 pm");
        assert_eq!(plain_time(1_487_246_066), "2017-02-16 11:54:26");
        assert_eq!(iso_time(1_408_356_305), "2014-08-18T10:05:05Z");
        assert_eq!(
            parse_day("2013-01-01"),
            Some(crate::seed::SEED_FROM / 86_400)
        );
        assert_eq!(parse_day("2012-02-29"), Some(15_399));
        for bad in [
            "2013-02-29",
            "2013-1-01",
            "2013/01/01",
            "13-01-01",
            "2013-00-10",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}

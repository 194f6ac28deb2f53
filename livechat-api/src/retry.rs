//! When a failed attempt is sent again, and how long to wait first.
//!
//! [`RetryPolicy`] holds the numbers a caller may change; [`classify`] is the one place
//! that decides whether a failure may be repeated at all.

use std::time::{Duration, SystemTime};

use crate::Error;

/// How failed requests are repeated. Set it with
/// [`ClientBuilder::retry`](crate::ClientBuilder::retry).
///
/// A request is repeated only when repeating it cannot apply a change twice: idempotent
/// requests (`GET`, `PUT`, `DELETE`) after a timeout, a connection failure, a 429 or a 5xx
/// answer; requests that create something (`POST`) only when the connection could not
/// even be opened, so nothing was sent. Redirects, invalid input, TLS certificate
/// errors, undecodable answers and 4xx answers other than 429 are never repeated.
///
/// The wait before retry `n` (counted from 0) is a random duration between zero and
/// `min(max_backoff, initial_backoff · 2ⁿ)` ("full jitter"), so that many clients failing
/// together do not come back together. When LiveChat sends `Retry-After` (seconds or an
/// HTTP date), that wait is used instead, if it is at most
/// [`max_retry_after`](RetryPolicy::max_retry_after); a longer one ends the call with the
/// error, whose [`Error::retry_after`] tells the wait asked for. No wait runs past the
/// client's [`deadline`](crate::ClientBuilder::deadline).
///
/// ```
/// use std::time::Duration;
/// use livechat_api::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_retries(5)
///     .initial_backoff(Duration::from_millis(500))
///     .max_backoff(Duration::from_secs(10));
/// let never = RetryPolicy::none();
/// assert_eq!(never.retries(), 0);
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries, backoff from 200 ms up to 5 s, `Retry-After` honoured up to 20 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// Never repeats a request.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a request may be repeated after its first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The upper bound of the first wait (default 200 ms); it doubles with each retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest upper bound a wait can reach by doubling (default 5 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` that is waited for (default 20 s). A longer one is not
    /// waited for: the call fails with the answer and [`Error::retry_after`] tells it.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// How many times a request may be repeated.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry `retry` (from 0), given a uniform random number in `[0, 1)`.
    pub(crate) fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(31)))
            .min(self.max_backoff);
        let unit = if unit.is_nan() {
            0.0
        } else {
            unit.clamp(0.0, 1.0)
        };
        // Through f64, huge ceilings round up past `Duration::MAX`, where `mul_f64`
        // would panic: fall back to the ceiling itself.
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * unit)
            .map_or(ceiling, |wait| wait.min(ceiling))
    }

    /// The wait before retry `retry`, with a fresh random number.
    pub(crate) fn jittered_backoff(&self, retry: u32) -> Duration {
        self.backoff(retry, fastrand::f64())
    }

    pub(crate) fn honours(&self, retry_after: Duration) -> bool {
        retry_after <= self.max_retry_after
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Send again, after the server's `Retry-After` if it gave one.
    Retry { retry_after: Option<Duration> },
    /// Give up and return the error.
    Stop,
}

/// Whether a failed attempt may be sent again.
///
/// `idempotent` comes from the spec; `reached_server` is false only when the connection
/// could not be opened, which is the one failure after which a `POST` is safe to repeat.
pub(crate) fn classify(error: &Error, idempotent: bool, reached_server: bool) -> Verdict {
    if !error.is_retryable() {
        return Verdict::Stop;
    }
    if !idempotent && reached_server {
        return Verdict::Stop;
    }
    Verdict::Retry {
        retry_after: error.retry_after(),
    }
}

/// Whether an answer's status means "try again later".
pub(crate) fn retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// Reads `Retry-After`: delta-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &[u8]) -> Option<Duration> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        // Absurdly long digit strings saturate instead of failing.
        let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Whether sending again cannot cure a transport failure: a TLS certificate the client
/// refused (the next attempt meets the same certificate), or a redirect policy of a
/// caller-supplied HTTP client that gave up.
pub(crate) fn is_permanent_transport(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        let gave_up_redirecting = error
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_redirect);
        if gave_up_redirecting || refused_certificate(error) {
            return true;
        }
        current = error.source();
    }
    false
}

#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc"))]
fn refused_certificate(mut error: &(dyn std::error::Error + 'static)) -> bool {
    // The connector wraps rustls' error in `io::Error`s, whose `source()` skips the
    // wrapped error itself: unwrap them by hand.
    while let Some(inner) = error
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        error = inner;
    }
    matches!(
        error.downcast_ref::<rustls::Error>(),
        Some(rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented)
    )
}

#[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
fn refused_certificate(_error: &(dyn std::error::Error + 'static)) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_between_zero_and_the_doubling_ceiling() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500));
        let ceilings = [100, 200, 400, 500, 500];
        for (retry, ceiling) in ceilings.into_iter().enumerate() {
            let retry = retry as u32;
            let ceiling = Duration::from_millis(ceiling);
            assert_eq!(policy.backoff(retry, 0.0), Duration::ZERO);
            assert_eq!(policy.backoff(retry, 0.5), ceiling / 2);
            assert!(policy.backoff(retry, 0.999_999) <= ceiling);
            for _ in 0..1000 {
                assert!(policy.jittered_backoff(retry) <= ceiling);
            }
        }
        assert_eq!(
            policy.backoff(u32::MAX, 1.0),
            Duration::from_millis(500),
            "no overflow on huge retry counts"
        );
        // Out-of-range random numbers are clamped rather than trusted.
        assert_eq!(policy.backoff(0, 7.0), Duration::from_millis(100));
        assert_eq!(policy.backoff(0, -1.0), Duration::ZERO);
        assert_eq!(policy.backoff(0, f64::NAN), Duration::ZERO);
        let unbounded = RetryPolicy::default()
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX);
        assert_eq!(unbounded.backoff(40, 1.0), Duration::MAX);
        assert!(unbounded.backoff(40, 0.5) < Duration::MAX);
    }

    #[test]
    fn jitter_spreads_waits() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(1))
            .max_backoff(Duration::from_secs(1));
        let waits: Vec<Duration> = (0..200).map(|_| policy.jittered_backoff(0)).collect();
        let low = waits
            .iter()
            .filter(|w| **w < Duration::from_millis(500))
            .count();
        // Lockstep waits would put all 200 on one side; a fair coin puts both sides far
        // above 20 with overwhelming probability.
        assert!(low > 20 && low < 180, "{low} of 200 below the middle");
    }

    #[test]
    fn retry_after_in_both_forms() {
        assert_eq!(parse_retry_after(b"7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(b" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(b"99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        let later = SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(later);
        let wait = parse_retry_after(date.as_bytes()).expect("an HTTP date");
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        assert_eq!(
            parse_retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        for junk in [&b""[..], b"-1", b"1.5", b"soon", b"\xff\xfe"] {
            assert_eq!(parse_retry_after(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn retry_after_cap() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(3));
        assert!(policy.honours(Duration::from_secs(3)));
        assert!(!policy.honours(Duration::from_secs(4)));
    }
}

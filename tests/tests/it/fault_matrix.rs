//! The fault matrix: every fault mode of the fake against a read, an update, a delete and
//! a create made through the library, with the outcome, the attempts the fake saw, the
//! time taken and the state left behind checked for each pair.
//!
//! The operations work on canned responses, the one resource of the fake with all four
//! (`GET`/`PUT`/`DELETE /canned_responses/{id}`, `POST /canned_responses`), and whose
//! creates are not deduplicated by the fake: a create applied twice would show as two
//! records with the same text.
//!
//! Every case runs against its own fake, so the request log and the state belong to it
//! alone. All wrong outcomes are collected and reported together.

use std::fmt;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use livechat_api::{Client, Error, RetryPolicy};
use livechat_tests::fake::{FakeLiveChat, Fault};
use reqwest::{Method, StatusCode};

/// Per-attempt timeout of the matrix's client: far below every latency or stall a fault
/// uses, far above what an answer takes on a loaded machine (the other suites of this
/// binary run beside the matrix on two cores; 1 s was once too short there).
const TIMEOUT: Duration = Duration::from_secs(3);
/// How long a fault makes the fake wait when it should outlast [`TIMEOUT`].
const SLOW: Duration = Duration::from_secs(6);
/// The client's deadline; every case must end within it, plus [`SLACK`].
const DEADLINE: Duration = Duration::from_secs(15);
const SLACK: Duration = Duration::from_secs(1);
/// The matrix allows 2 retries, as the default policy does, with short waits.
const RETRIES: u32 = 2;

/// The fault modes of the fake, each as the matrix arms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultMode {
    /// A proxy's 500 HTML page, once, before the handler.
    Html500Once,
    /// 502 with an empty body, once, before the handler.
    Bad502Once,
    /// 502 once, after the handler: applied, the answer lost.
    Bad502AfterOnce,
    /// 502 on every attempt, after the handler.
    Bad502AfterAlways,
    /// 500 on every attempt, before the handler.
    Html500Always,
    /// 503 with `Retry-After: 1`, once, before the handler.
    Unavailable503RetryAfter1s,
    /// 429 with `Retry-After` as an HTTP date in the past ("now"), once.
    TooMany429RetryAfterPastDate,
    /// 429 with `Retry-After: 3600`, longer than the policy waits for.
    TooMany429RetryAfterHour,
    /// 400 once: a 4xx other than 429 is not repeated.
    BadRequest400Once,
    /// 150 ms of latency before the handler: slow but in time.
    LatencyShort,
    /// Latency beyond the timeout, once, before the handler: nothing applied.
    LatencyLongOnce,
    /// Latency beyond the timeout, once, after the handler: applied, answer lost.
    LatencyLongAfterOnce,
    /// Headers and half the body, then a stall beyond the timeout, once, after the handler.
    StalledBodyAfterOnce,
    /// A stalled body on every attempt, before the handler.
    StalledBodyAlways,
    /// Headers and half the body, then the connection cut, once, before the handler.
    ResetMidBodyOnce,
    /// The same after the handler: applied, answer cut.
    ResetMidBodyAfterOnce,
    /// A complete answer with the first half of the JSON, after the handler.
    TruncatedJsonAfterOnce,
    /// The JSON followed by a second document, after the handler.
    TrailingGarbageAfterOnce,
    /// 307 to the fake's other origin, before the handler.
    Redirect307,
    /// 308 to the fake's other origin, before the handler.
    Redirect308,
    /// 303 to the other origin: following it would turn a write into a read.
    Redirect303,
    /// 302 after the handler: applied, the answer replaced by a redirect.
    Redirect302After,
    /// `Content-Length` of 1 MiB, the real (short) body, then the connection closed, once,
    /// after the handler.
    DeclaredLengthAfterOnce,
    /// `Content-Length` above the library's 32 MiB limit, before the handler.
    DeclaredLengthHuge,
    /// A 2xx body streamed without `Content-Length` past the 32 MiB limit.
    EndlessBody,
}

use FaultMode::*;

const ALL_FAULTS: &[FaultMode] = &[
    Html500Once,
    Bad502Once,
    Bad502AfterOnce,
    Bad502AfterAlways,
    Html500Always,
    Unavailable503RetryAfter1s,
    TooMany429RetryAfterPastDate,
    TooMany429RetryAfterHour,
    BadRequest400Once,
    LatencyShort,
    LatencyLongOnce,
    LatencyLongAfterOnce,
    StalledBodyAfterOnce,
    StalledBodyAlways,
    ResetMidBodyOnce,
    ResetMidBodyAfterOnce,
    TruncatedJsonAfterOnce,
    TrailingGarbageAfterOnce,
    Redirect307,
    Redirect308,
    Redirect303,
    Redirect302After,
    DeclaredLengthAfterOnce,
    DeclaredLengthHuge,
    EndlessBody,
];

impl FaultMode {
    /// The fault, not yet limited to an operation.
    fn fault(self) -> Fault {
        let past = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        match self {
            Html500Once => Fault::html_error().times(1),
            Bad502Once => Fault::status(StatusCode::BAD_GATEWAY).times(1),
            Bad502AfterOnce => Fault::status(StatusCode::BAD_GATEWAY)
                .times(1)
                .after_handler(),
            Bad502AfterAlways => Fault::status(StatusCode::BAD_GATEWAY).after_handler(),
            Html500Always => Fault::html_error(),
            Unavailable503RetryAfter1s => Fault::status(StatusCode::SERVICE_UNAVAILABLE)
                .retry_after_seconds(1)
                .times(1),
            TooMany429RetryAfterPastDate => Fault::status(StatusCode::TOO_MANY_REQUESTS)
                .retry_after_date(past)
                .body("application/json", r#"{"error":"Too many requests"}"#)
                .times(1),
            TooMany429RetryAfterHour => {
                Fault::status(StatusCode::TOO_MANY_REQUESTS).retry_after_seconds(3600)
            }
            BadRequest400Once => Fault::status(StatusCode::BAD_REQUEST)
                .body("application/json", r#"{"error":"Injected"}"#)
                .times(1),
            LatencyShort => Fault::latency(Duration::from_millis(150)),
            LatencyLongOnce => Fault::latency(SLOW).times(1),
            LatencyLongAfterOnce => Fault::latency(SLOW).times(1).after_handler(),
            StalledBodyAfterOnce => Fault::stalled_body(SLOW).times(1).after_handler(),
            StalledBodyAlways => Fault::stalled_body(SLOW),
            ResetMidBodyOnce => Fault::reset_mid_body().times(1),
            ResetMidBodyAfterOnce => Fault::reset_mid_body().times(1).after_handler(),
            TruncatedJsonAfterOnce => Fault::truncated_json().times(1).after_handler(),
            TrailingGarbageAfterOnce => Fault::trailing_garbage(r#"{"second":1}"#)
                .times(1)
                .after_handler(),
            Redirect307 => Fault::redirect(StatusCode::TEMPORARY_REDIRECT),
            Redirect308 => Fault::redirect(StatusCode::PERMANENT_REDIRECT),
            Redirect303 => Fault::redirect(StatusCode::SEE_OTHER),
            Redirect302After => Fault::redirect(StatusCode::FOUND).after_handler(),
            DeclaredLengthAfterOnce => Fault::declared_length(1024 * 1024).times(1).after_handler(),
            DeclaredLengthHuge => Fault::declared_length(64 * 1024 * 1024),
            EndlessBody => Fault::endless_body(33 * 1024 * 1024),
        }
    }

    /// The per-attempt timeout of the case's client. Reading 32 MiB takes longer than
    /// [`TIMEOUT`] in a debug build, and the endless body must hit the size limit, not
    /// the clock.
    fn timeout(self) -> Duration {
        match self {
            EndlessBody => DEADLINE,
            _ => TIMEOUT,
        }
    }

    /// The least time a case must take: a wait the client must honour.
    fn least_elapsed(self, attempts: u32) -> Duration {
        match self {
            Unavailable503RetryAfter1s if attempts > 1 => Duration::from_millis(950),
            LatencyShort => Duration::from_millis(140),
            _ => Duration::ZERO,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    /// `canned_responses().get(id)`
    Read,
    /// `canned_responses().update(id).text(..)`
    Update,
    /// `canned_responses().remove(id)`
    Delete,
    /// `canned_responses().create(..)`
    Create,
}

use Operation::*;

impl Operation {
    fn method(self) -> Method {
        match self {
            Read => Method::GET,
            Update => Method::PUT,
            Delete => Method::DELETE,
            Create => Method::POST,
        }
    }

    fn template(self) -> &'static str {
        match self {
            Create => "/canned_responses",
            _ => "/canned_responses/{id}",
        }
    }
}

/// How the call ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// `Error::Api` with this status.
    Api(u16),
    /// `Error::NotFound`, with `earlier_attempt_may_have_applied` as given.
    NotFound {
        earlier_may_have_applied: bool,
    },
    Timeout,
    Transport,
    /// `Error::Decode` of a 2xx answer.
    Decode,
    /// `Error::Redirect` with this status.
    Redirect(u16),
}

/// What the call left in the fake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// A read: the record is as it was.
    Unchanged,
    /// The write happened, once: the record exists once (create), holds the new text
    /// (update) or is gone (delete).
    Applied,
    /// The write did not happen: no such record (create), the old text (update), the
    /// record still there (delete).
    NotApplied,
}

use Effect::*;

struct Case {
    fault: FaultMode,
    operation: Operation,
    outcome: Outcome,
    /// Requests the fake logged for the operation.
    attempts: u32,
    effect: Effect,
}

const fn case(
    fault: FaultMode,
    operation: Operation,
    outcome: Outcome,
    attempts: u32,
    effect: Effect,
) -> Case {
    Case {
        fault,
        operation,
        outcome,
        attempts,
        effect,
    }
}

const OK: Outcome = Outcome::Ok;
const TIMEOUT_: Outcome = Outcome::Timeout;
const TRANSPORT: Outcome = Outcome::Transport;
const DECODE: Outcome = Outcome::Decode;
const GONE_AFTER_RETRY: Outcome = Outcome::NotFound {
    earlier_may_have_applied: true,
};
const fn api(status: u16) -> Outcome {
    Outcome::Api(status)
}
const fn redirect(status: u16) -> Outcome {
    Outcome::Redirect(status)
}

/// The matrix. A create (`POST`) is repeated only when the connection could not be
/// opened, which none of these faults causes, so every failed create is reported after
/// one attempt; reads, updates and deletes are repeated up to twice after a timeout, a
/// lost connection, a 429 or a 5xx. A delete whose first attempt was applied but whose
/// answer was lost meets a 404 on the retry: `NotFound` with the "may have applied" flag.
#[rustfmt::skip]
const MATRIX: &[Case] = &[
    //    fault                          operation outcome            attempts effect
    case(Html500Once,                  Read,   OK,                  2, Unchanged),
    case(Html500Once,                  Update, OK,                  2, Applied),
    case(Html500Once,                  Delete, OK,                  2, Applied),
    case(Html500Once,                  Create, api(500),            1, NotApplied),

    case(Bad502Once,                   Read,   OK,                  2, Unchanged),
    case(Bad502Once,                   Update, OK,                  2, Applied),
    case(Bad502Once,                   Delete, OK,                  2, Applied),
    case(Bad502Once,                   Create, api(502),            1, NotApplied),

    case(Bad502AfterOnce,              Read,   OK,                  2, Unchanged),
    case(Bad502AfterOnce,              Update, OK,                  2, Applied),
    case(Bad502AfterOnce,              Delete, GONE_AFTER_RETRY,    2, Applied),
    case(Bad502AfterOnce,              Create, api(502),            1, Applied),

    case(Bad502AfterAlways,            Read,   api(502),            3, Unchanged),
    case(Bad502AfterAlways,            Update, api(502),            3, Applied),
    case(Bad502AfterAlways,            Delete, api(502),            3, Applied),
    case(Bad502AfterAlways,            Create, api(502),            1, Applied),

    case(Html500Always,                Read,   api(500),            3, Unchanged),
    case(Html500Always,                Update, api(500),            3, NotApplied),
    case(Html500Always,                Delete, api(500),            3, NotApplied),
    case(Html500Always,                Create, api(500),            1, NotApplied),

    case(Unavailable503RetryAfter1s,   Read,   OK,                  2, Unchanged),
    case(Unavailable503RetryAfter1s,   Update, OK,                  2, Applied),
    case(Unavailable503RetryAfter1s,   Delete, OK,                  2, Applied),
    case(Unavailable503RetryAfter1s,   Create, api(503),            1, NotApplied),

    case(TooMany429RetryAfterPastDate, Read,   OK,                  2, Unchanged),
    case(TooMany429RetryAfterPastDate, Update, OK,                  2, Applied),
    case(TooMany429RetryAfterPastDate, Delete, OK,                  2, Applied),
    case(TooMany429RetryAfterPastDate, Create, api(429),            1, NotApplied),

    case(TooMany429RetryAfterHour,     Read,   api(429),            1, Unchanged),
    case(TooMany429RetryAfterHour,     Update, api(429),            1, NotApplied),
    case(TooMany429RetryAfterHour,     Delete, api(429),            1, NotApplied),
    case(TooMany429RetryAfterHour,     Create, api(429),            1, NotApplied),

    case(BadRequest400Once,            Read,   api(400),            1, Unchanged),
    case(BadRequest400Once,            Update, api(400),            1, NotApplied),
    case(BadRequest400Once,            Delete, api(400),            1, NotApplied),
    case(BadRequest400Once,            Create, api(400),            1, NotApplied),

    case(LatencyShort,                 Read,   OK,                  1, Unchanged),
    case(LatencyShort,                 Update, OK,                  1, Applied),
    case(LatencyShort,                 Delete, OK,                  1, Applied),
    case(LatencyShort,                 Create, OK,                  1, Applied),

    case(LatencyLongOnce,              Read,   OK,                  2, Unchanged),
    case(LatencyLongOnce,              Update, OK,                  2, Applied),
    case(LatencyLongOnce,              Delete, OK,                  2, Applied),
    case(LatencyLongOnce,              Create, TIMEOUT_,            1, NotApplied),

    case(LatencyLongAfterOnce,         Read,   OK,                  2, Unchanged),
    case(LatencyLongAfterOnce,         Update, OK,                  2, Applied),
    case(LatencyLongAfterOnce,         Delete, GONE_AFTER_RETRY,    2, Applied),
    case(LatencyLongAfterOnce,         Create, TIMEOUT_,            1, Applied),

    case(StalledBodyAfterOnce,         Read,   OK,                  2, Unchanged),
    case(StalledBodyAfterOnce,         Update, OK,                  2, Applied),
    case(StalledBodyAfterOnce,         Delete, GONE_AFTER_RETRY,    2, Applied),
    case(StalledBodyAfterOnce,         Create, TIMEOUT_,            1, Applied),

    case(StalledBodyAlways,            Read,   TIMEOUT_,            3, Unchanged),
    case(StalledBodyAlways,            Update, TIMEOUT_,            3, NotApplied),
    case(StalledBodyAlways,            Delete, TIMEOUT_,            3, NotApplied),
    case(StalledBodyAlways,            Create, TIMEOUT_,            1, NotApplied),

    case(ResetMidBodyOnce,             Read,   OK,                  2, Unchanged),
    case(ResetMidBodyOnce,             Update, OK,                  2, Applied),
    case(ResetMidBodyOnce,             Delete, OK,                  2, Applied),
    case(ResetMidBodyOnce,             Create, TRANSPORT,           1, NotApplied),

    case(ResetMidBodyAfterOnce,        Read,   OK,                  2, Unchanged),
    case(ResetMidBodyAfterOnce,        Update, OK,                  2, Applied),
    case(ResetMidBodyAfterOnce,        Delete, GONE_AFTER_RETRY,    2, Applied),
    case(ResetMidBodyAfterOnce,        Create, TRANSPORT,           1, Applied),

    case(TruncatedJsonAfterOnce,       Read,   DECODE,              1, Unchanged),
    case(TruncatedJsonAfterOnce,       Update, DECODE,              1, Applied),
    case(TruncatedJsonAfterOnce,       Delete, DECODE,              1, Applied),
    case(TruncatedJsonAfterOnce,       Create, DECODE,              1, Applied),

    case(TrailingGarbageAfterOnce,     Read,   DECODE,              1, Unchanged),
    case(TrailingGarbageAfterOnce,     Update, DECODE,              1, Applied),
    case(TrailingGarbageAfterOnce,     Delete, DECODE,              1, Applied),
    case(TrailingGarbageAfterOnce,     Create, DECODE,              1, Applied),

    case(Redirect307,                  Read,   redirect(307),       1, Unchanged),
    case(Redirect307,                  Update, redirect(307),       1, NotApplied),
    case(Redirect307,                  Delete, redirect(307),       1, NotApplied),
    case(Redirect307,                  Create, redirect(307),       1, NotApplied),

    case(Redirect308,                  Read,   redirect(308),       1, Unchanged),
    case(Redirect308,                  Update, redirect(308),       1, NotApplied),
    case(Redirect308,                  Delete, redirect(308),       1, NotApplied),
    case(Redirect308,                  Create, redirect(308),       1, NotApplied),

    case(Redirect303,                  Read,   redirect(303),       1, Unchanged),
    case(Redirect303,                  Update, redirect(303),       1, NotApplied),
    case(Redirect303,                  Delete, redirect(303),       1, NotApplied),
    case(Redirect303,                  Create, redirect(303),       1, NotApplied),

    case(Redirect302After,             Read,   redirect(302),       1, Unchanged),
    case(Redirect302After,             Update, redirect(302),       1, Applied),
    case(Redirect302After,             Delete, redirect(302),       1, Applied),
    case(Redirect302After,             Create, redirect(302),       1, Applied),

    case(DeclaredLengthAfterOnce,      Read,   OK,                  2, Unchanged),
    case(DeclaredLengthAfterOnce,      Update, OK,                  2, Applied),
    case(DeclaredLengthAfterOnce,      Delete, GONE_AFTER_RETRY,    2, Applied),
    case(DeclaredLengthAfterOnce,      Create, TRANSPORT,           1, Applied),

    case(DeclaredLengthHuge,           Read,   DECODE,              1, Unchanged),
    case(DeclaredLengthHuge,           Update, DECODE,              1, NotApplied),
    case(DeclaredLengthHuge,           Delete, DECODE,              1, NotApplied),
    case(DeclaredLengthHuge,           Create, DECODE,              1, NotApplied),

    case(EndlessBody,                  Read,   DECODE,              1, Unchanged),
    case(EndlessBody,                  Update, DECODE,              1, NotApplied),
    case(EndlessBody,                  Delete, DECODE,              1, NotApplied),
    case(EndlessBody,                  Create, DECODE,              1, NotApplied),
];

const OLD_TEXT: &str = "Hello, how can I help?";

/// A case's own fake, with one canned response the operations work on.
struct Stage {
    fake: FakeLiveChat,
    /// A client without faults' timing constraints, to set up and to read the state back.
    plain: Client,
    id: i64,
}

impl Stage {
    async fn new() -> Stage {
        let fake = FakeLiveChat::start().await.expect("the fake starts");
        let plain = fake.client();
        let created = plain
            .canned_responses()
            .create(OLD_TEXT, ["help"])
            .send()
            .await
            .expect("the record to work on");
        let id = created.id;
        fake.clear_requests();
        Stage { fake, plain, id }
    }

    fn client(&self, fault: FaultMode) -> Client {
        Client::builder(self.fake.credentials())
            .base_url(self.fake.base_url())
            .timeout(fault.timeout())
            .deadline(DEADLINE)
            .retry(
                RetryPolicy::default()
                    .max_retries(RETRIES)
                    .initial_backoff(Duration::from_millis(20))
                    .max_backoff(Duration::from_millis(100))
                    .max_retry_after(Duration::from_secs(2)),
            )
            .build()
            .expect("the client builds")
    }

    /// Runs the operation; `Ok` carries nothing, the state is read back separately.
    async fn run(&self, client: &Client, operation: Operation, text: &str) -> Result<(), Error> {
        let canned = client.canned_responses();
        match operation {
            Read => canned.get(self.id).send().await.map(drop),
            Update => canned.update(self.id).text(text).send().await.map(drop),
            Delete => canned.remove(self.id).send().await.map(drop),
            Create => canned.create(text, ["matrix"]).send().await.map(drop),
        }
    }

    /// Requests of the operation the fake logged.
    fn attempts(&self, operation: Operation) -> usize {
        let method = operation.method();
        self.fake
            .requests()
            .iter()
            .filter(|request| {
                request.method == method.as_str()
                    && match operation {
                        Create => request.path == "/canned_responses",
                        _ => request.path == format!("/canned_responses/{}", self.id),
                    }
            })
            .count()
    }

    /// Requests of the operation the fake logged, once the ones the client gave up on
    /// are in: the fake logs such a request when it notices the closed connection, which
    /// may be a moment after the call returned. Nothing new can arrive (the call is over),
    /// so waiting for the expected count cannot hide an extra attempt.
    async fn settled_attempts(&self, operation: Operation, expected: u32) -> usize {
        let give_up = Instant::now() + Duration::from_secs(3);
        loop {
            let seen = self.attempts(operation);
            if seen >= expected as usize || Instant::now() > give_up {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What the fake holds now: the effect the operation had, or why it is inconsistent.
    async fn effect(&self, operation: Operation, text: &str) -> Result<Effect, String> {
        self.fake.clear_faults();
        let all = self
            .plain
            .canned_responses()
            .list()
            .send()
            .await
            .map_err(|error| format!("reading the state back failed: {error}"))?;
        let target: Vec<_> = all.iter().filter(|c| c.id == self.id).collect();
        let with_text = all.iter().filter(|c| c.text == text).count();
        match operation {
            Create => match (target.len(), with_text) {
                (1, 0) => Ok(NotApplied),
                (1, 1) => Ok(Applied),
                (_, count) => Err(format!("{count} records created")),
            },
            Read | Update => {
                let [record] = target[..] else {
                    return Err(format!("{} copies of the record", target.len()));
                };
                let stored = Some(record.text.as_str());
                match (operation, stored) {
                    (Read, Some(OLD_TEXT)) => Ok(Unchanged),
                    (Update, Some(OLD_TEXT)) => Ok(NotApplied),
                    (Update, Some(new)) if new == text => Ok(Applied),
                    _ => Err(format!("the record holds {stored:?}")),
                }
            }
            Delete => match target.len() {
                0 => Ok(Applied),
                1 => Ok(NotApplied),
                count => Err(format!("{count} copies of the record")),
            },
        }
    }
}

fn outcome_of(result: &Result<(), Error>) -> Result<Outcome, String> {
    Ok(match result {
        Ok(()) => Outcome::Ok,
        Err(Error::Api(api)) => Outcome::Api(api.status),
        Err(Error::NotFound(api)) => Outcome::NotFound {
            earlier_may_have_applied: api.earlier_attempt_may_have_applied,
        },
        Err(Error::Timeout { .. }) => Outcome::Timeout,
        Err(Error::Transport { .. }) => Outcome::Transport,
        Err(Error::Decode {
            status: Some(200), ..
        }) => Outcome::Decode,
        Err(Error::Redirect { status, .. }) => Outcome::Redirect(*status),
        Err(other) => return Err(format!("unexpected error: {other}")),
    })
}

/// What went wrong in one case; empty when it went as the table says.
struct Finding {
    fault: FaultMode,
    operation: Operation,
    problems: Vec<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} × {:?}: {}",
            self.fault,
            self.operation,
            self.problems.join("; ")
        )
    }
}

async fn run_case(case: &Case) -> Finding {
    let stage = Stage::new().await;
    let client = stage.client(case.fault);
    let text = format!("{:?} × {:?}", case.fault, case.operation);
    stage.fake.inject(
        case.fault
            .fault()
            .on(case.operation.method(), case.operation.template()),
    );
    let started = Instant::now();
    let result = stage.run(&client, case.operation, &text).await;
    let elapsed = started.elapsed();
    let mut problems = Vec::new();

    match outcome_of(&result) {
        Ok(outcome) if outcome == case.outcome => {}
        Ok(outcome) => problems.push(format!(
            "ended {outcome:?}, expected {:?} ({result:?})",
            case.outcome
        )),
        Err(problem) => problems.push(problem),
    }
    let attempts = stage.settled_attempts(case.operation, case.attempts).await;
    if attempts != case.attempts as usize {
        problems.push(format!(
            "the fake saw {attempts} attempts, expected {}",
            case.attempts
        ));
    }
    if let Err(error) = &result {
        // The error's own count must agree with what the fake saw, where it keeps one.
        if let Some(counted) = error.attempts()
            && counted as usize != attempts
        {
            problems.push(format!("the error counts {counted} attempts"));
        }
        if let Error::Timeout {
            elapsed: reported, ..
        } = error
            && (*reported > elapsed || *reported < TIMEOUT.mul_f32(0.9))
        {
            problems.push(format!(
                "the timeout reports {reported:?} for a call of {elapsed:?}"
            ));
        }
    }
    if elapsed > DEADLINE + SLACK {
        problems.push(format!("took {elapsed:?}, past the deadline"));
    }
    let least = case.fault.least_elapsed(case.attempts);
    if elapsed < least {
        problems.push(format!(
            "took {elapsed:?}, less than the {least:?} it must wait"
        ));
    }
    match stage.effect(case.operation, &text).await {
        Ok(effect) if effect == case.effect => {}
        Ok(effect) => problems.push(format!("left {effect:?}, expected {:?}", case.effect)),
        Err(inconsistent) => problems.push(inconsistent),
    }
    if result.is_ok() && case.operation != Read && case.effect != Applied {
        problems.push("a write reported Ok that the table says did not apply".into());
    }
    let foreign = stage.fake.other_origin_requests();
    if !foreign.is_empty() {
        problems.push(format!(
            "{} requests reached the other origin",
            foreign.len()
        ));
    }
    Finding {
        fault: case.fault,
        operation: case.operation,
        problems,
    }
}

#[test]
fn the_table_covers_every_fault_with_every_operation() {
    for fault in ALL_FAULTS {
        for operation in [Read, Update, Delete, Create] {
            let rows = MATRIX
                .iter()
                .filter(|case| case.fault == *fault && case.operation == operation)
                .count();
            assert_eq!(rows, 1, "{fault:?} × {operation:?}");
        }
    }
    assert_eq!(MATRIX.len(), ALL_FAULTS.len() * 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_with_every_operation() {
    let _alone = crate::common::EXCLUSIVE.lock().await;
    // Streaming 32 MiB keeps a core busy in a debug build, which could push a parallel
    // case past its timeout: those cases run alone, first. Most of every other case is
    // waiting on a timer, so a few run at once.
    let (heavy, light): (Vec<&Case>, Vec<&Case>) =
        MATRIX.iter().partition(|case| case.fault == EndlessBody);
    let mut findings = Vec::new();
    for case in heavy {
        findings.push(run_case(case).await);
    }
    findings.extend(
        stream::iter(light)
            .map(run_case)
            .buffer_unordered(4)
            .collect::<Vec<_>>()
            .await,
    );
    assert_eq!(findings.len(), MATRIX.len());
    let wrong: Vec<String> = findings
        .iter()
        .filter(|finding| !finding.problems.is_empty())
        .map(ToString::to_string)
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases went wrong:\n{}",
        wrong.len(),
        MATRIX.len(),
        wrong.join("\n")
    );
}

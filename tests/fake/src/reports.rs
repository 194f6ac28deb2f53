//! `/reports/...`: the twenty report endpoints, computed on every call from the fake's
//! archived chats, tickets, agents, greetings and visitors, so that anything that changes
//! those records changes the figures.
//!
//! Common rules:
//! - Days are whole UTC days (the seeded licence's time zone). `timezone` is accepted and
//!   ignored.
//! - `date_from`/`date_to` are `YYYY-MM-DD`, both inclusive; anything else, or a
//!   `date_from` after `date_to`, is a 400 `{"errors": [..]}`. `date_from` defaults to
//!   the day of the oldest record the report reads ("the beginning of time"), `date_to` to
//!   the fake's today: the day of its clock (`Data::now`), which also dates the chats
//!   that visitors start and close through the API.
//! - `group_by` is `hour`, `day` or `month` (else a 400); without it a one-day report is
//!   split by hour and a longer one by day. Keys: `HH:MM` for the hours of one day,
//!   `YYYY-MM-DD HH:MM` for the hours of several days (the docs' engagement sample, which
//!   asks for hours over two days and shows day keys, is not followed), `YYYY-MM-DD`,
//!   `YYYY-MM`. Every period of the span has its row, zeros included. Monthly rows of the
//!   ratings, goals and greetings reports start with `begin` and `end`. A report of more
//!   than 50 000 rows is a 400.
//! - `tag` and `tag[]` are the same filter; several tags keep the records carrying all of
//!   them (as `GET /chats` does). `group` keeps the chats whose `group` list (tickets:
//!   `groups`) holds the id; `agent` the chats whose `agents` list holds the login (see
//!   each report for tickets and response times). A non-numeric `group`, `goal` or
//!   `greeting` is a 400. Each report reads only the parameters its documentation lists
//!   (plus the few noted below) and ignores the others, unchecked.
//! - Chat reports count the archived chats (`Data::chats`), each in the period of its
//!   `started_timestamp`; chats still running are not counted.
//!
//! The computations live in [`chats`] and [`tickets`]; each says what it approximates.

mod chats;
mod periods;
mod tickets;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{MethodRouter, get};
use serde_json::{Map, Value};

use super::{Answer, AppState, Data, Failure, Input, ParamsExt};
use crate::calendar::parse_day;
use crate::listing::filled_text;
use periods::{GroupBy, Periods, Span};

/// A report: the fake's data and the request's parameters in, the answer's JSON out.
type Report = fn(&Data, &Query) -> Result<Value, Failure>;

const DATES: &[&str] = &["date_from", "date_to"];
/// Filters of total chats, engagement and chat ratings.
const CHAT_FILTERS: &[&str] = &["date_from", "date_to", "group", "agent", "group_by", "tag"];
const RANKING: &[&str] = &["date_from", "date_to", "group", "tag"];
const QUEUE: &[&str] = &["date_from", "date_to", "group", "group_by"];
/// Availability: the table's filters plus `group_by`, which its sample request sends.
const AVAILABILITY: &[&str] = &["date_from", "date_to", "group", "agent", "group_by"];
/// Chatting time: the table has no `group_by`; it is read all the same, like elsewhere.
const CHATTING: &[&str] = CHAT_FILTERS;
/// Occupancy: `weekday` is documented; the span, group and agent are extensions.
const OCCUPANCY: &[&str] = &["weekday", "date_from", "date_to", "group", "agent"];
const GOALS: &[&str] = &[
    "date_from",
    "date_to",
    "group",
    "goal",
    "agent",
    "group_by",
    "tag",
    "sales_tracker",
    "currency",
];
const GREETINGS: &[&str] = &[
    "date_from",
    "date_to",
    "group",
    "goal",
    "greeting",
    "group_by",
    "tag",
];
/// New tickets and ticket sources.
const TICKET_COUNTS: &[&str] = &["date_from", "date_to", "group", "group_by", "tag"];
/// Ticket first response, solved, resolution time and ratings.
const TICKET_FILTERS: &[&str] = &["date_from", "date_to", "group", "agent", "group_by", "tag"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/reports/chats/total_chats",
            report(CHAT_FILTERS, chats::total_chats),
        )
        .route(
            "/reports/chats/engagement",
            report(CHAT_FILTERS, chats::engagement),
        )
        .route(
            "/reports/chats/ratings",
            report(CHAT_FILTERS, chats::ratings),
        )
        .route(
            "/reports/chats/ratings/ranking",
            report(RANKING, chats::ranking),
        )
        .route(
            "/reports/chats/queued_visitors",
            report(QUEUE, chats::queued_visitors),
        )
        .route(
            "/reports/chats/queued_visitors/waiting_times",
            report(QUEUE, chats::waiting_times),
        )
        .route(
            "/reports/availability",
            report(AVAILABILITY, chats::availability),
        )
        .route(
            "/reports/chats/chatting_time",
            report(CHATTING, chats::chatting_time),
        )
        .route(
            "/reports/chats/first_response_time",
            report(CHAT_FILTERS, chats::first_response_time),
        )
        .route(
            "/reports/chats/response_time",
            report(CHAT_FILTERS, chats::response_time),
        )
        .route(
            "/reports/chats/agents_occupancy",
            report(OCCUPANCY, chats::agents_occupancy),
        )
        .route("/reports/chats/goals", report(GOALS, chats::goals))
        .route(
            "/reports/chats/greetings",
            report(GREETINGS, chats::greetings),
        )
        .route(
            "/reports/tickets/new_tickets",
            report(TICKET_COUNTS, tickets::new_tickets),
        )
        .route(
            "/reports/tickets/first_response_time",
            report(TICKET_FILTERS, tickets::first_response_time),
        )
        .route(
            "/reports/tickets/solved_tickets",
            report(TICKET_FILTERS, tickets::solved_tickets),
        )
        .route(
            "/reports/tickets/resolution_time",
            report(TICKET_FILTERS, tickets::resolution_time),
        )
        .route(
            "/reports/tickets/ticket_sources",
            report(TICKET_COUNTS, tickets::ticket_sources),
        )
        .route(
            "/reports/tickets/ratings",
            report(TICKET_FILTERS, tickets::ratings),
        )
        .route(
            "/reports/tickets/ratings/ranking",
            report(RANKING, tickets::ranking),
        )
}

/// A GET endpoint reading the parameters `reads` and answering with `compute`.
fn report(reads: &'static [&'static str], compute: Report) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, Input(params): Input| async move {
            let answer: Answer = Query::read(&params, reads)
                .and_then(|query| compute(&state.data(), &query))
                .map(Json);
            answer
        },
    )
}

/// The parameters of a report request, read and checked. Parameters the report does not
/// read stay unset.
#[derive(Debug, Default, Clone)]
pub(crate) struct Query {
    /// `date_from` as a day number.
    pub(crate) date_from: Option<i64>,
    /// `date_to` as a day number.
    pub(crate) date_to: Option<i64>,
    pub(crate) group_by: Option<GroupBy>,
    pub(crate) group: Option<i64>,
    pub(crate) agent: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) goal: Option<i64>,
    pub(crate) greeting: Option<i64>,
    pub(crate) sales_tracker: bool,
    pub(crate) currency: Option<String>,
    /// `weekday` as 0 (Sunday) to 6 (Saturday).
    pub(crate) weekday: Option<i64>,
}

const WEEKDAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

impl Query {
    /// Reads the parameters named in `reads`; every malformed one is listed in one 400.
    pub(crate) fn read(params: &Map<String, Value>, reads: &[&str]) -> Result<Query, Failure> {
        let mut errors = Vec::new();
        let mut query = Query::default();
        let wanted = |key: &str| reads.contains(&key);
        let number = |key: &str, errors: &mut Vec<String>| {
            let value = filled_text(params, key).filter(|_| wanted(key))?;
            let parsed = value.parse().ok();
            if parsed.is_none() {
                errors.push(format!("{key} must be a number, got \"{value}\""));
            }
            parsed
        };
        query.group = number("group", &mut errors);
        query.goal = number("goal", &mut errors);
        query.greeting = number("greeting", &mut errors);
        for key in DATES.iter().filter(|key| wanted(key)) {
            let Some(value) = filled_text(params, key) else {
                continue;
            };
            let day = parse_day(&value);
            if day.is_none() {
                errors.push(format!(
                    "{key} must be a date in the format YYYY-MM-DD, got \"{value}\""
                ));
            }
            if *key == "date_from" {
                query.date_from = day;
            } else {
                query.date_to = day;
            }
        }
        if let (Some(from), Some(to)) = (query.date_from, query.date_to)
            && from > to
        {
            errors.push("date_from must not be after date_to".to_owned());
        }
        if let Some(value) = filled_text(params, "group_by").filter(|_| wanted("group_by")) {
            query.group_by = GroupBy::parse(&value);
            if query.group_by.is_none() {
                errors.push(format!(
                    "group_by must be one of: day, hour, month, got \"{value}\""
                ));
            }
        }
        if wanted("agent") {
            query.agent = filled_text(params, "agent");
        }
        if wanted("tag") {
            query.tags = ["tag", "tag[]"]
                .iter()
                .filter_map(|key| params.texts(key))
                .flatten()
                .map(|tag| tag.trim().to_owned())
                .filter(|tag| !tag.is_empty())
                .collect();
        }
        if wanted("sales_tracker") && filled_text(params, "sales_tracker").is_some() {
            match params.flag("sales_tracker") {
                Some(flag) => query.sales_tracker = flag,
                None => errors.push("sales_tracker must be 0 or 1".to_owned()),
            }
        }
        if wanted("currency") {
            query.currency = filled_text(params, "currency").map(|c| c.to_uppercase());
        }
        if wanted("weekday") {
            match filled_text(params, "weekday").map(|w| w.to_lowercase()) {
                None => errors.push(format!(
                    "weekday is required: one of {}",
                    WEEKDAYS.join(", ")
                )),
                Some(day) => match WEEKDAYS.iter().position(|w| *w == day) {
                    Some(index) => query.weekday = Some(index as i64),
                    None => errors.push(format!(
                        "weekday must be one of: {}, got \"{day}\"",
                        WEEKDAYS.join(", ")
                    )),
                },
            }
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(Failure::invalid(errors))
        }
    }

    /// The span of days asked for, `oldest` being the first moment of the report's data.
    pub(crate) fn span(&self, data: &Data, oldest: Option<i64>) -> Span {
        Span::resolve(
            self.date_from,
            self.date_to,
            oldest,
            periods::day_of(data.now),
        )
    }

    /// The span split into the rows of the report.
    pub(crate) fn periods(&self, data: &Data, oldest: Option<i64>) -> Result<Periods, Failure> {
        Periods::split(self.span(data, oldest), self.group_by)
    }

    /// Whether a list of tags (a JSON array of strings) carries every asked tag.
    pub(crate) fn tagged(&self, tags: &Value) -> bool {
        self.tags.iter().all(|wanted| {
            tags.as_array()
                .is_some_and(|tags| tags.iter().any(|tag| tag == wanted.as_str()))
        })
    }

    /// Whether a list of group ids (a JSON array) holds the asked group.
    pub(crate) fn in_group(&self, groups: &Value) -> bool {
        self.group.is_none_or(|group| {
            groups
                .as_array()
                .is_some_and(|groups| groups.iter().any(|g| g.as_i64() == Some(group)))
        })
    }
}

/// A number rounded to two decimals, written without a fraction when it has none.
pub(crate) fn rounded(value: f64) -> Value {
    let value = (value * 100.0).round() / 100.0;
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// The mean of some numbers, rounded; `null` without numbers.
pub(crate) fn mean(values: &[f64]) -> Value {
    if values.is_empty() {
        Value::Null
    } else {
        rounded(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// The rating score of an agent: the lower bound of the Wilson score interval of the
/// share of good ratings. The reference does not say how it scores; with z = 2.68395 this
/// reproduces the first two entries of its sample ranking to six decimals (the third
/// entry fits no common formula), and it orders agents with few ratings below agents
/// with as good a share over many.
pub(crate) fn wilson_score(good: u64, total: u64) -> f64 {
    const Z: f64 = 2.68395;
    if total == 0 {
        return 0.0;
    }
    let n = total as f64;
    let p = good as f64 / n;
    let z2 = Z * Z;
    (p + z2 / (2.0 * n) - Z * ((p * (1.0 - p) + z2 / (4.0 * n)) / n).sqrt()) / (1.0 + z2 / n)
}

/// `{"ranking": [..]}` from `(login, good, bad)` tallies: best score first, then most
/// good ratings, then by login; agents without ratings are left out.
pub(crate) fn ranking(tallies: impl IntoIterator<Item = (String, u64, u64)>) -> Value {
    let mut entries: Vec<(String, u64, u64, f64)> = tallies
        .into_iter()
        .filter(|(_, good, bad)| good + bad > 0)
        .map(|(name, good, bad)| {
            let score = wilson_score(good, good + bad);
            (name, good, bad, score)
        })
        .collect();
    entries.sort_by(|a, b| {
        b.3.total_cmp(&a.3)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    let ranking: Vec<Value> = entries
        .into_iter()
        .map(|(name, good, bad, score)| {
            serde_json::json!({
                "good": good,
                "bad": bad,
                "total": good + bad,
                "score": score,
                "name": name,
            })
        })
        .collect();
    serde_json::json!({ "ranking": ranking })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn errors(result: Result<Query, Failure>) -> Vec<String> {
        let failure = result.expect_err("a 400");
        failure.body["errors"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn malformed_parameters_are_listed_together() {
        let found = errors(Query::read(
            &params(json!({
                "date_from": "2013-13-01",
                "date_to": "29.01.2013",
                "group_by": "week",
                "group": "sales",
            })),
            CHAT_FILTERS,
        ));
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.iter().any(|e| e.contains("group_by")));
        let reversed = errors(Query::read(
            &params(json!({ "date_from": "2013-02-01", "date_to": "2013-01-01" })),
            CHAT_FILTERS,
        ));
        assert_eq!(reversed, ["date_from must not be after date_to"]);
        assert_eq!(errors(Query::read(&Map::new(), OCCUPANCY)).len(), 1);
        assert_eq!(
            errors(Query::read(
                &params(json!({ "weekday": "monday" })),
                OCCUPANCY
            ))
            .len(),
            1
        );
    }

    #[test]
    fn parameters_a_report_does_not_read_are_ignored() {
        let query = Query::read(
            &params(json!({ "goal": "x", "agent": "a@b.c", "tag": ["sales"] })),
            QUEUE,
        )
        .expect("ignored");
        assert_eq!(query.agent, None);
        assert!(query.tags.is_empty());
    }

    #[test]
    fn both_tag_spellings_are_read() {
        let bracketed = params(Value::Object(
            crate::params_from_pairs(&[
                ("tag[]".to_owned(), "sales".to_owned()),
                ("tag[]".to_owned(), "support".to_owned()),
            ])
            .expect("within the limits"),
        ));
        let plain = params(json!({ "tag": "sales", "tag[]": ["support"] }));
        for given in [bracketed, plain] {
            let query = Query::read(&given, CHAT_FILTERS).expect("valid");
            assert_eq!(query.tags, ["sales", "support"]);
            assert!(query.tagged(&json!(["support", "x", "sales"])));
            assert!(!query.tagged(&json!(["sales"])));
        }
        let query = Query::read(
            &params(json!({ "weekday": "MON", "sales_tracker": "1", "currency": "usd" })),
            &["weekday", "sales_tracker", "currency"],
        )
        .expect("valid");
        assert_eq!(query.weekday, Some(1));
        assert!(query.sales_tracker);
        assert_eq!(query.currency.as_deref(), Some("USD"));
    }

    #[test]
    fn the_score_reproduces_the_documented_ranking() {
        assert!((wilson_score(2502, 2928) - 0.836_148_966_965_825_1).abs() < 1e-6);
        assert!((wilson_score(2164, 2607) - 0.809_427_399_903_449_6).abs() < 1e-6);
        let ranked = ranking([
            ("few@x.com".to_owned(), 3, 0),
            ("many@x.com".to_owned(), 300, 10),
            ("none@x.com".to_owned(), 0, 0),
        ]);
        let names: Vec<&Value> = ranked["ranking"]
            .as_array()
            .map(|r| r.iter().map(|e| &e["name"]).collect())
            .unwrap_or_default();
        assert_eq!(names, [&json!("many@x.com"), &json!("few@x.com")]);
        assert_eq!(ranked["ranking"][0]["total"], 310);
    }

    #[test]
    fn numbers_are_rounded_to_two_decimals() {
        assert_eq!(rounded(7.849_9), json!(7.85));
        assert_eq!(rounded(0.0), json!(0));
        assert_eq!(mean(&[]), Value::Null);
        assert_eq!(mean(&[1.0, 2.0]), json!(1.5));
    }
}

//! The chat reports, computed from the archived chats (`Data::chats`, in the shape of
//! `GET /chats/{id}`), the agents, the greetings and the visitors on the site.
//!
//! What each figure is, and where it approximates LiveChat:
//! - total chats: chats started in the period. Engagement: the same chats split by their
//!   `engagement` (chats with another or no value are in no column).
//! - ratings: the period's chats (`chats`) and those with `rate` `rated_good` / `rated_bad`,
//!   dated by the start of the chat rather than the moment of the rating.
//! - ranking: good and bad ratings of the span's chats, credited to every agent of the
//!   chat's `agents` (a transferred chat counts for both); scored by
//!   [`wilson_score`](super::wilson_score), best first.
//! - queued visitors and waiting times: chats with a `queue` object, waiting
//!   `queue.duration` seconds. The archive only keeps chats, so a visitor who left the
//!   queue is seen only as a queued chat no agent wrote in (`left_queue`); the others
//!   `entered_chat`. Visitors queued right now are not counted.
//! - availability: LiveChat logs when agents accept chats; the fake has no such log, so
//!   an agent counts as available from the start of each of their chats to its end, and
//!   through gaps of up to 30 minutes between them. Every agent in scope adds their time
//!   (`group`: the agents serving the group, all of them for group 0).
//! - chatting time: per agent, the time during which they had at least one of the
//!   period's chats open (chats overlapping in time count once), from the chat's start to
//!   its end whenever the agent joined; summed over the agents in scope.
//! - Both are hours per row, except hourly rows (one-day reports), which hold minutes,
//!   as the reference's prose says, under the documented key `hours`.
//! - first response time: per chat, from the first visitor message to the first agent
//!   message after it; response time: every run of visitor messages answered by an agent,
//!   from the run's first message to the answer. Supervisors' whispers are not answers.
//!   Dated by the chat's start; `agent` keeps the answers that agent wrote; `seconds` is
//!   the mean, `null` without answers.
//! - occupancy: the largest number of chats open at the same moment within each hour of
//!   the last four `weekday`s up to today (the sample shows four weeks); `date_from` /
//!   `date_to` instead take every such weekday of the span, `group` and `agent` narrow
//!   the chats (both extensions).
//! - goals: the `goals` entries of the chats, dated by their own `timestamp`. Without
//!   `sales_tracker` (or with 0) `goals` counts the entries that are not sales, with 1
//!   only the sales (of `currency` when given); `value` always sums the sales by the
//!   currency of their order (`currency` keeps one), with their number.
//! - greetings: `accepted` counts the chats that began from an automatic invitation
//!   (`engagement: auto_invite`), `goals` the goals reached in them, `displayed` those
//!   chats plus the invitations shown to the visitors on the site now and not accepted
//!   (`greetings_all - greetings_accepted`, dated by their `last_visit_ts`): displays
//!   that led nowhere are not archived. `greeting` keeps chats naming it (`greeting.id`
//!   or `greeting_id`, when a chat records one) and visitors whose `invitation` is its
//!   name; a `tag` filter leaves the visitors out (they carry no tags).
//!
//! At about 600 lines this file is over the fake's usual size on purpose: the thirteen
//! reports share the scoping and interval helpers at its top, and split apart they would
//! only import each other's internals. Its unit tests live in `chats/tests.rs`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::periods::{GroupBy, MAX_ROWS, Periods, Span, day_key, day_of};
use super::{Query, mean, ranking as ranked, rounded};
use crate::{Data, Failure};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// Gaps between an agent's chats shorter than this count as available time.
const AVAILABILITY_GAP: i64 = 1_800;

fn started(chat: &Value) -> Option<i64> {
    chat["started_timestamp"].as_i64()
}

/// `[start, end)` of a chat in seconds, at least one second long.
fn interval(chat: &Value) -> Option<(i64, i64)> {
    let start = started(chat)?;
    let end = chat["ended_timestamp"]
        .as_i64()
        .or_else(|| chat["duration"].as_i64().map(|d| start + d))
        .unwrap_or(start);
    Some((start, end.max(start + 1)))
}

/// Logins of the agents of a chat.
fn logins(chat: &Value) -> impl Iterator<Item = &str> {
    chat["agents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|agent| agent["email"].as_str())
}

fn oldest(data: &Data) -> Option<i64> {
    data.chats.iter().filter_map(started).min()
}

/// The chats kept by the group and tag filters, and by the agent filter if `by_agent`.
fn kept<'a>(data: &'a Data, query: &'a Query, by_agent: bool) -> impl Iterator<Item = &'a Value> {
    data.chats.iter().filter(move |chat| {
        query.in_group(&chat["group"])
            && query.tagged(&chat["tags"])
            && (!by_agent
                || query
                    .agent
                    .as_deref()
                    .is_none_or(|agent| logins(chat).any(|login| login == agent)))
    })
}

/// The chats of each period, by the moment they started.
fn by_start<'a>(periods: &Periods, chats: impl Iterator<Item = &'a Value>) -> Vec<Vec<&'a Value>> {
    let mut buckets = vec![Vec::new(); periods.len()];
    for chat in chats {
        if let Some(index) = started(chat).and_then(|ts| periods.find(ts)) {
            buckets[index].push(chat);
        }
    }
    buckets
}

/// A report with one row per period built from the chats started in it.
fn per_period(
    data: &Data,
    query: &Query,
    by_agent: bool,
    bounds: bool,
    row: impl Fn(&[&Value]) -> Value,
) -> Result<Value, Failure> {
    let periods = query.periods(data, oldest(data))?;
    let rows = by_start(&periods, kept(data, query, by_agent))
        .iter()
        .map(|chats| row(chats))
        .collect();
    Ok(periods.report(rows, bounds))
}

pub(crate) fn total_chats(data: &Data, query: &Query) -> Result<Value, Failure> {
    per_period(
        data,
        query,
        true,
        false,
        |chats| json!({ "chats": chats.len() }),
    )
}

pub(crate) fn engagement(data: &Data, query: &Query) -> Result<Value, Failure> {
    per_period(data, query, true, false, |chats| {
        let count = |kind: &str| chats.iter().filter(|c| c["engagement"] == kind).count();
        json!({
            "chats_from_auto_invite": count("auto_invite"),
            "chats_from_immediate_start": count("immediate_start"),
            "chats_from_manual_invite": count("manual_invite"),
        })
    })
}

pub(crate) fn ratings(data: &Data, query: &Query) -> Result<Value, Failure> {
    per_period(data, query, true, true, |chats| {
        let count = |rate: &str| chats.iter().filter(|c| c["rate"] == rate).count();
        json!({
            "bad": count("rated_bad"),
            "good": count("rated_good"),
            "chats": chats.len(),
        })
    })
}

pub(crate) fn ranking(data: &Data, query: &Query) -> Result<Value, Failure> {
    let mut tallies: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    if let Some((from, to)) = query.span(data, oldest(data)).seconds() {
        let in_span = kept(data, query, false)
            .filter(|chat| started(chat).is_some_and(|ts| (from..to).contains(&ts)));
        for chat in in_span {
            let (good, bad) = match chat["rate"].as_str() {
                Some("rated_good") => (1, 0),
                Some("rated_bad") => (0, 1),
                _ => continue,
            };
            for login in logins(chat) {
                let tally = tallies.entry(login.to_owned()).or_default();
                tally.0 += good;
                tally.1 += bad;
            }
        }
    }
    Ok(ranked(
        tallies
            .into_iter()
            .map(|(name, (good, bad))| (name, good, bad)),
    ))
}

/// How long a chat waited in the queue, and whether an agent then wrote in it; `None`
/// for a chat that was not queued.
fn queued(chat: &Value) -> Option<(f64, bool)> {
    let queue = chat.get("queue").filter(|q| q.is_object())?;
    let waited = queue["duration"].as_f64().unwrap_or(0.0);
    let answered = chat["messages"]
        .as_array()
        .is_some_and(|messages| messages.iter().any(|m| m["user_type"] == "agent"));
    Some((waited, answered))
}

/// The waits of a period: all, those who left the queue, those who entered a chat.
fn waits(chats: &[&Value]) -> [Vec<f64>; 3] {
    let mut out: [Vec<f64>; 3] = Default::default();
    for (waited, answered) in chats.iter().filter_map(|chat| queued(chat)) {
        out[0].push(waited);
        out[if answered { 2 } else { 1 }].push(waited);
    }
    out
}

const QUEUE_OUTCOMES: [&str; 3] = ["queued", "left_queue", "entered_chat"];

pub(crate) fn queued_visitors(data: &Data, query: &Query) -> Result<Value, Failure> {
    per_period(data, query, false, false, |chats| {
        let mut row = Map::new();
        for (name, waits) in QUEUE_OUTCOMES.iter().zip(waits(chats)) {
            row.insert((*name).into(), json!({ "count": waits.len() }));
        }
        Value::Object(row)
    })
}

pub(crate) fn waiting_times(data: &Data, query: &Query) -> Result<Value, Failure> {
    per_period(data, query, false, false, |chats| {
        let mut row = Map::new();
        for (name, waits) in QUEUE_OUTCOMES.iter().zip(waits(chats)) {
            let extreme = |pick: fn(f64, f64) -> f64| {
                waits
                    .iter()
                    .copied()
                    .reduce(pick)
                    .map_or(Value::Null, rounded)
            };
            row.insert(
                (*name).into(),
                json!({
                    "count": waits.len(),
                    "min": { "seconds": extreme(f64::min) },
                    "max": { "seconds": extreme(f64::max) },
                    "average": { "seconds": mean(&waits) },
                }),
            );
        }
        Value::Object(row)
    })
}

/// Sorted, disjoint intervals covering the given ones; intervals at most `gap` apart
/// are joined, the gap included.
fn merged(mut intervals: Vec<(i64, i64)>, gap: i64) -> Vec<(i64, i64)> {
    intervals.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (start, end) in intervals {
        match out.last_mut() {
            Some(last) if start <= last.1 + gap => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Adds to each period the seconds of the intervals that fall in it.
fn spread(periods: &Periods, intervals: &[(i64, i64)], seconds: &mut [f64]) {
    for &(start, end) in intervals {
        let first = periods.first_ending_after(start);
        for (index, period) in periods.list.iter().enumerate().skip(first) {
            if period.start >= end {
                break;
            }
            let overlap = end.min(period.end) - start.max(period.start);
            if overlap > 0 {
                seconds[index] += overlap as f64;
            }
        }
    }
}

/// `{"hours": ..}` rows from seconds: hours, or minutes in hourly rows.
fn time_rows(periods: &Periods, seconds: &[f64]) -> Vec<Value> {
    let unit = if periods.group_by == GroupBy::Hour {
        60.0
    } else {
        3_600.0
    };
    seconds
        .iter()
        .map(|s| json!({ "hours": rounded(s / unit) }))
        .collect()
}

/// The intervals of each agent's chats among `chats`, by login.
fn intervals_by_agent<'a>(
    chats: impl Iterator<Item = &'a Value>,
) -> BTreeMap<&'a str, Vec<(i64, i64)>> {
    let mut out: BTreeMap<&str, Vec<(i64, i64)>> = BTreeMap::new();
    for chat in chats {
        let Some(interval) = interval(chat) else {
            continue;
        };
        for login in logins(chat) {
            out.entry(login).or_default().push(interval);
        }
    }
    out
}

/// Whether the agent with this login serves the group (everyone serves group 0).
fn serves(data: &Data, login: &str, group: i64) -> bool {
    group == 0
        || data.agents.iter().any(|agent| {
            agent["login"] == login
                && agent["groups"]
                    .as_array()
                    .is_some_and(|groups| groups.iter().any(|g| g["id"] == group))
        })
}

pub(crate) fn availability(data: &Data, query: &Query) -> Result<Value, Failure> {
    let periods = query.periods(data, oldest(data))?;
    let mut seconds = vec![0.0; periods.len()];
    for (login, intervals) in intervals_by_agent(data.chats.iter()) {
        let in_scope = query.agent.as_deref().is_none_or(|agent| agent == login)
            && query.group.is_none_or(|group| serves(data, login, group));
        if in_scope {
            spread(&periods, &merged(intervals, AVAILABILITY_GAP), &mut seconds);
        }
    }
    Ok(periods.report(time_rows(&periods, &seconds), false))
}

pub(crate) fn chatting_time(data: &Data, query: &Query) -> Result<Value, Failure> {
    let periods = query.periods(data, oldest(data))?;
    let mut seconds = vec![0.0; periods.len()];
    for (login, intervals) in intervals_by_agent(kept(data, query, true)) {
        if query.agent.as_deref().is_none_or(|agent| agent == login) {
            spread(&periods, &merged(intervals, 0), &mut seconds);
        }
    }
    Ok(periods.report(time_rows(&periods, &seconds), false))
}

/// One answer of an agent: when the visitor started waiting, when the agent answered,
/// and who answered.
struct Answer<'a> {
    asked: i64,
    answered: i64,
    by: Option<&'a str>,
}

/// The answers of a chat, in order: each run of visitor messages and the first agent
/// message after it.
fn answers(chat: &Value) -> Vec<Answer<'_>> {
    let mut messages: Vec<&Value> = chat["messages"].as_array().into_iter().flatten().collect();
    messages.sort_by_key(|m| m["timestamp"].as_i64().unwrap_or(0));
    let mut out = Vec::new();
    let mut waiting: Option<i64> = None;
    for message in messages {
        let Some(at) = message["timestamp"].as_i64() else {
            continue;
        };
        match message["user_type"].as_str() {
            Some("visitor") => {
                waiting.get_or_insert(at);
            }
            Some("agent") => {
                if let Some(asked) = waiting.take() {
                    out.push(Answer {
                        asked,
                        answered: at,
                        by: message["agent_id"].as_str(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A response time report: `pick` chooses the answers of a chat that count.
fn response_report(
    data: &Data,
    query: &Query,
    key: &str,
    pick: fn(Vec<Answer<'_>>) -> Vec<Answer<'_>>,
) -> Result<Value, Failure> {
    per_period(data, query, false, false, |chats| {
        let times: Vec<f64> = chats
            .iter()
            .flat_map(|chat| pick(answers(chat)))
            .filter(|answer| {
                query
                    .agent
                    .as_deref()
                    .is_none_or(|agent| answer.by == Some(agent))
            })
            .map(|answer| (answer.answered - answer.asked) as f64)
            .collect();
        json!({ key: { "count": times.len(), "seconds": mean(&times) } })
    })
}

pub(crate) fn first_response_time(data: &Data, query: &Query) -> Result<Value, Failure> {
    response_report(data, query, "first_response_time", |answers| {
        answers.into_iter().take(1).collect()
    })
}

pub(crate) fn response_time(data: &Data, query: &Query) -> Result<Value, Failure> {
    response_report(data, query, "avg_response_time", |answers| answers)
}

/// The most intervals open at one moment within `[from, to)`.
fn most_at_once(intervals: &[(i64, i64)], from: i64, to: i64) -> i64 {
    let mut edges: Vec<(i64, i64)> = Vec::new();
    for &(start, end) in intervals {
        if start < to && end > from {
            edges.push((start.max(from), 1));
            edges.push((end.min(to), -1));
        }
    }
    // At the same moment, ends sort before starts: back-to-back chats do not overlap.
    edges.sort_unstable();
    let mut open = 0;
    let mut most = 0;
    for (_, change) in edges {
        open += change;
        most = most.max(open);
    }
    most
}

pub(crate) fn agents_occupancy(data: &Data, query: &Query) -> Result<Value, Failure> {
    let weekday = query.weekday.unwrap_or(1);
    let is_weekday = |day: &i64| (day + 4).rem_euclid(7) == weekday;
    let today = day_of(data.now);
    let days: Vec<i64> = if query.date_from.is_some() || query.date_to.is_some() {
        let span: Span = query.span(data, oldest(data));
        if span.days().count() / 7 * 24 > MAX_ROWS {
            return Err(Failure::invalid([format!(
                "the report would have more than {MAX_ROWS} rows: narrow date_from/date_to"
            )]));
        }
        span.days().filter(is_weekday).collect()
    } else {
        let last = (today - 6..=today).rev().find(is_weekday).unwrap_or(today);
        (0..4).rev().map(|weeks| last - 7 * weeks).collect()
    };
    let intervals: Vec<(i64, i64)> = kept(data, query, true).filter_map(interval).collect();
    let mut out = Map::new();
    for day in days {
        for hour in 0..24 {
            let from = day * DAY + hour * HOUR;
            out.insert(
                format!("{} {hour:02}:00", day_key(day)),
                json!(most_at_once(&intervals, from, from + HOUR)),
            );
        }
    }
    Ok(Value::Object(out))
}

/// A goal reached in a chat: when, which, and for a sale its currency and amount.
struct Reached {
    at: i64,
    id: Option<i64>,
    sale: Option<(Option<String>, f64)>,
}

fn reached(data: &Data, chat: &Value) -> Vec<Reached> {
    let start = started(chat).unwrap_or(0);
    chat["goals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|goal| {
            let id = goal["id"].as_i64();
            let sale = (goal["type"] == "sales_tracker").then(|| {
                let order = &goal["order"];
                let amount = order["price"]
                    .as_f64()
                    .or_else(|| order["price"].as_str().and_then(|p| p.trim().parse().ok()))
                    .unwrap_or(0.0);
                let currency = order["currency"]
                    .as_str()
                    .filter(|c| !c.is_empty())
                    .or_else(|| {
                        data.goals
                            .iter()
                            .find(|g| g["id"].as_i64() == id && id.is_some())
                            .and_then(|g| g["currency"].as_str())
                            .filter(|c| !c.is_empty())
                    })
                    .map(str::to_uppercase);
                (currency, amount)
            });
            Reached {
                at: goal["timestamp"].as_i64().unwrap_or(start),
                id,
                sale,
            }
        })
        .collect()
}

pub(crate) fn goals(data: &Data, query: &Query) -> Result<Value, Failure> {
    let periods = query.periods(data, oldest(data))?;
    let mut counts = vec![0_u64; periods.len()];
    let mut sales: Vec<BTreeMap<String, (u64, f64)>> = vec![BTreeMap::new(); periods.len()];
    for chat in kept(data, query, true) {
        for goal in reached(data, chat) {
            let Some(index) = periods.find(goal.at) else {
                continue;
            };
            if query.goal.is_some_and(|id| goal.id != Some(id)) {
                continue;
            }
            let currency_kept = |currency: &Option<String>| {
                query
                    .currency
                    .as_ref()
                    .is_none_or(|wanted| currency.as_ref() == Some(wanted))
            };
            match &goal.sale {
                None if !query.sales_tracker => counts[index] += 1,
                Some((currency, amount)) if currency_kept(currency) => {
                    if query.sales_tracker {
                        counts[index] += 1;
                    }
                    if let Some(currency) = currency {
                        let total = sales[index].entry(currency.clone()).or_default();
                        total.0 += 1;
                        total.1 += amount;
                    }
                }
                _ => {}
            }
        }
    }
    let rows = counts
        .iter()
        .zip(&sales)
        .map(|(goals, sales)| {
            let value: Map<String, Value> = sales
                .iter()
                .map(|(currency, (count, amount))| {
                    (
                        currency.clone(),
                        json!({ "sales_count": count, "value": rounded(*amount) }),
                    )
                })
                .collect();
            json!({ "goals": goals, "value": value })
        })
        .collect();
    Ok(periods.report(rows, true))
}

/// The greeting a chat records, if it records one.
fn greeting_of(chat: &Value) -> Option<i64> {
    chat["greeting"]["id"]
        .as_i64()
        .or_else(|| chat["greeting_id"].as_i64())
}

pub(crate) fn greetings(data: &Data, query: &Query) -> Result<Value, Failure> {
    let periods = query.periods(data, oldest(data))?;
    let invited = kept(data, query, false).filter(|chat| {
        chat["engagement"] == "auto_invite"
            && query
                .greeting
                .is_none_or(|id| greeting_of(chat) == Some(id))
    });
    let buckets = by_start(&periods, invited);
    let mut displayed: Vec<u64> = buckets.iter().map(|chats| chats.len() as u64).collect();
    let greeting_name = query.greeting.map(|id| {
        data.greetings
            .iter()
            .find(|g| g["id"].as_i64() == Some(id))
            .and_then(|g| g["name"].as_str())
    });
    let visitors = data.visitors.iter().filter(|visitor| {
        query.tags.is_empty()
            && query.group.is_none_or(|group| visitor["group"] == group)
            && greeting_name
                .is_none_or(|name| name.is_some_and(|name| visitor["invitation"] == name))
    });
    for visitor in visitors {
        let shown = visitor["greetings_all"].as_u64().unwrap_or(0);
        let accepted = visitor["greetings_accepted"].as_u64().unwrap_or(0);
        if let Some(index) = visitor["last_visit_ts"]
            .as_i64()
            .and_then(|t| periods.find(t))
        {
            displayed[index] += shown.saturating_sub(accepted);
        }
    }
    let rows = buckets
        .iter()
        .zip(displayed)
        .map(|(chats, displayed)| {
            let goals = chats
                .iter()
                .flat_map(|chat| reached(data, chat))
                .filter(|goal| query.goal.is_none_or(|id| goal.id == Some(id)))
                .count();
            json!({ "displayed": displayed, "accepted": chats.len(), "goals": goals })
        })
        .collect();
    Ok(periods.report(rows, true))
}

#[cfg(test)]
mod tests;

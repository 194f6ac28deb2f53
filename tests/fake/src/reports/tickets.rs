//! The ticket reports, computed from the tickets (`Data::tickets`, in the shape of
//! `GET /tickets/{id}`).
//!
//! What each figure is, and where it approximates LiveChat:
//! - A ticket is created at its `date` when it has one, else at the start of its first
//!   `opened` interval, else at its first event.
//! - new tickets and sources: tickets created in the period. Sources: `chat-window` is
//!   `tickets_from_chat_window`, `mail` `tickets_from_mail`, `lc2` (made from a chat)
//!   `tickets_from_chat`; `facebook` and `agent-app-manual` tickets have no column.
//! - first response time: tickets whose `firstResponse.date` falls in the period, hours
//!   from creation to it; `agent` keeps the responses of that agent
//!   (`firstResponse.author.id`, else the assignee).
//! - solved and resolution time: a ticket is solved at the end (`to`) of each of its
//!   `opened` intervals, except the last one of a ticket marked `spam`; a ticket solved,
//!   reopened and solved again counts twice. Resolution time: hours from creation to each
//!   solution. `agent` keeps the tickets assigned to that agent now.
//! - ratings and ranking: the reference documents no rating field on tickets; a ticket
//!   with `rate` `rated_good`/`good` or `rated_bad`/`bad` counts, rated at the last of
//!   its events whose `type` is `rated` or `rating`, else at its `modified` time. The
//!   ranking credits the assignee.
//! - `hours` is the mean, rounded to two decimals, `null` when nothing was measured.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::periods::Periods;
use super::{Query, mean, ranking as ranked};
use crate::{Data, Failure};

fn events(ticket: &Value) -> impl Iterator<Item = &Value> {
    ticket["events"].as_array().into_iter().flatten()
}

fn created(ticket: &Value) -> Option<i64> {
    ticket["date"]
        .as_i64()
        .or_else(|| ticket["opened"][0]["from"].as_i64())
        .or_else(|| events(ticket).filter_map(|e| e["date"].as_i64()).min())
}

/// The moments the ticket was solved.
fn solutions(ticket: &Value) -> Vec<i64> {
    let intervals = ticket["opened"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let spam = ticket["status"] == "spam";
    intervals
        .iter()
        .enumerate()
        .filter(|(index, _)| !(spam && index + 1 == intervals.len()))
        .filter_map(|(_, interval)| interval["to"].as_i64())
        .collect()
}

fn assignee(ticket: &Value) -> Option<&str> {
    ticket["assignee"]["id"].as_str()
}

/// When the ticket got its first response, and from whom.
fn first_response(ticket: &Value) -> Option<(i64, Option<&str>)> {
    let response = &ticket["firstResponse"];
    let at = response["date"].as_i64()?;
    Some((
        at,
        response["author"]["id"]
            .as_str()
            .or_else(|| assignee(ticket)),
    ))
}

/// Whether the ticket was rated good, and when; `None` when not rated.
fn rating(ticket: &Value) -> Option<(bool, i64)> {
    let good = match ticket["rate"].as_str()? {
        "rated_good" | "good" => true,
        "rated_bad" | "bad" => false,
        _ => return None,
    };
    let at = events(ticket)
        .filter(|e| e["type"] == "rated" || e["type"] == "rating")
        .filter_map(|e| e["date"].as_i64())
        .max()
        .or_else(|| ticket["modified"].as_i64())
        .or_else(|| created(ticket))?;
    Some((good, at))
}

fn oldest(data: &Data) -> Option<i64> {
    data.tickets.iter().filter_map(created).min()
}

/// The tickets kept by the group and tag filters.
fn kept<'a>(data: &'a Data, query: &'a Query) -> impl Iterator<Item = &'a Value> {
    data.tickets
        .iter()
        .filter(move |ticket| query.in_group(&ticket["groups"]) && query.tagged(&ticket["tags"]))
}

/// What happened to the kept tickets in each period: `moments` gives, per ticket, when
/// something happened, who did it (for the `agent` filter) and a value to report.
fn collect<'a, T>(
    data: &'a Data,
    query: &'a Query,
    moments: impl Fn(&'a Value) -> Vec<(i64, Option<&'a str>, T)>,
) -> Result<(Periods, Vec<Vec<T>>), Failure> {
    let periods = query.periods(data, oldest(data))?;
    let mut buckets: Vec<Vec<T>> = (0..periods.len()).map(|_| Vec::new()).collect();
    for ticket in kept(data, query) {
        for (at, by, value) in moments(ticket) {
            let agent_kept = query.agent.as_deref().is_none_or(|agent| by == Some(agent));
            if let (true, Some(index)) = (agent_kept, periods.find(at)) {
                buckets[index].push(value);
            }
        }
    }
    Ok((periods, buckets))
}

fn hours_since_creation(ticket: &Value, at: i64) -> f64 {
    (at - created(ticket).unwrap_or(at)) as f64 / 3_600.0
}

pub(crate) fn new_tickets(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, |ticket| {
        created(ticket)
            .map(|at| (at, None, ()))
            .into_iter()
            .collect()
    })?;
    let rows = buckets
        .iter()
        .map(|tickets| json!({ "new_tickets": tickets.len() }))
        .collect();
    Ok(periods.report(rows, false))
}

pub(crate) fn first_response_time(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, |ticket| {
        first_response(ticket)
            .map(|(at, by)| (at, by, hours_since_creation(ticket, at)))
            .into_iter()
            .collect()
    })?;
    let rows = buckets
        .iter()
        .map(|hours| json!({ "count": hours.len(), "hours": mean(hours) }))
        .collect();
    Ok(periods.report(rows, false))
}

fn solved(ticket: &Value) -> Vec<(i64, Option<&str>, f64)> {
    solutions(ticket)
        .into_iter()
        .map(|at| (at, assignee(ticket), hours_since_creation(ticket, at)))
        .collect()
}

pub(crate) fn solved_tickets(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, solved)?;
    let rows = buckets
        .iter()
        .map(|solved| json!({ "solved_tickets": solved.len() }))
        .collect();
    Ok(periods.report(rows, false))
}

pub(crate) fn resolution_time(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, solved)?;
    let rows = buckets
        .iter()
        .map(|hours| json!({ "count": hours.len(), "hours": mean(hours) }))
        .collect();
    Ok(periods.report(rows, false))
}

pub(crate) fn ticket_sources(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, |ticket| {
        created(ticket)
            .map(|at| (at, None, ticket["source"]["type"].as_str().unwrap_or("")))
            .into_iter()
            .collect()
    })?;
    let rows = buckets
        .iter()
        .map(|sources| {
            let count = |kind: &str| sources.iter().filter(|s| **s == kind).count();
            json!({
                "tickets_from_chat_window": count("chat-window"),
                "tickets_from_mail": count("mail"),
                "tickets_from_chat": count("lc2"),
            })
        })
        .collect();
    Ok(periods.report(rows, false))
}

pub(crate) fn ratings(data: &Data, query: &Query) -> Result<Value, Failure> {
    let (periods, buckets) = collect(data, query, |ticket| {
        rating(ticket)
            .map(|(good, at)| (at, assignee(ticket), good))
            .into_iter()
            .collect()
    })?;
    let rows = buckets
        .iter()
        .map(|rated| {
            let good = rated.iter().filter(|good| **good).count();
            json!({ "bad": rated.len() - good, "good": good })
        })
        .collect();
    Ok(periods.report(rows, true))
}

pub(crate) fn ranking(data: &Data, query: &Query) -> Result<Value, Failure> {
    let mut tallies: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    if let Some((from, to)) = query.span(data, oldest(data)).seconds() {
        for ticket in kept(data, query) {
            let (Some((good, at)), Some(login)) = (rating(ticket), assignee(ticket)) else {
                continue;
            };
            if (from..to).contains(&at) {
                let tally = tallies.entry(login.to_owned()).or_default();
                if good {
                    tally.0 += 1;
                } else {
                    tally.1 += 1;
                }
            }
        }
    }
    Ok(ranked(
        tallies
            .into_iter()
            .map(|(name, (good, bad))| (name, good, bad)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_day;
    use serde_json::Map;

    const JOHN: &str = "john.doe@mycompany.com";
    const JANE: &str = "jane.doe@mycompany.com";

    fn at(day: &str, hour: i64) -> i64 {
        parse_day(day).unwrap_or_else(|| panic!("{day}")) * 86_400 + hour * 3_600
    }

    /// A ticket in the documented shape, opened at `opened`.
    fn ticket(opened: i64, source: &str, group: i64, assignee: Option<&str>) -> Value {
        let mut ticket = json!({
            "events": [{
                "author": { "id": "mary.brown@email.com", "name": "Mary Brown", "type": "client" },
                "date": opened,
                "is_private": false,
                "message": "Hello",
                "type": "message",
                "source": { "type": source },
            }],
            "id": format!("T{opened}"),
            "requester": { "mail": "mary.brown@email.com", "name": "Mary Brown" },
            "groups": [group],
            "status": "open",
            "subject": "Broken shoes",
            "modified": opened,
            "source": { "type": source },
            "opened": [{ "from": opened }],
            "firstResponse": {},
            "tags": [],
        });
        if let Some(login) = assignee {
            ticket["assignee"] = json!({ "id": login, "name": "Agent" });
        }
        ticket
    }

    fn sample() -> Data {
        let mut first = ticket(at("2014-01-10", 8), "mail", 1, Some(JOHN));
        first["firstResponse"] =
            json!({ "date": at("2014-01-10", 10), "author": { "id": JOHN, "name": "John" } });
        first["status"] = json!("solved");
        first["opened"] = json!([{ "from": at("2014-01-10", 8), "to": at("2014-01-11", 8) }]);
        first["rate"] = json!("rated_good");
        first["modified"] = json!(at("2014-01-11", 9));
        first["tags"] = json!(["sales"]);
        let mut second = ticket(at("2014-01-10", 9), "chat-window", 2, Some(JANE));
        second["firstResponse"] = json!({ "date": at("2014-01-10", 10) });
        second["status"] = json!("open");
        second["opened"] = json!([
            { "from": at("2014-01-10", 9), "to": at("2014-01-10", 13) },
            { "from": at("2014-01-11", 0) },
        ]);
        second["rate"] = json!("rated_bad");
        if let Some(events) = second["events"].as_array_mut() {
            events.push(json!({ "type": "rated", "date": at("2014-01-10", 14) }));
        }
        let mut spam = ticket(at("2014-01-11", 5), "lc2", 1, None);
        spam["status"] = json!("spam");
        spam["opened"] = json!([{ "from": at("2014-01-11", 5), "to": at("2014-01-11", 6) }]);
        Data {
            tickets: vec![
                first,
                second,
                spam,
                ticket(at("2014-01-11", 7), "facebook", 0, None),
            ],
            now: at("2014-01-20", 12),
            ..Data::default()
        }
    }

    fn query(pairs: Value) -> Query {
        let Value::Object(params) = pairs else {
            panic!("an object")
        };
        Query::read(
            &params,
            &["date_from", "date_to", "group", "agent", "group_by", "tag"],
        )
        .unwrap_or_else(|f| panic!("{:?}", f.body))
    }

    fn days() -> Value {
        json!({ "date_from": "2014-01-10", "date_to": "2014-01-12" })
    }

    #[test]
    fn new_tickets_and_sources_count_creations() {
        let data = sample();
        let created = new_tickets(&data, &query(days())).unwrap();
        assert_eq!(
            created,
            json!({
                "2014-01-10": { "new_tickets": 2 },
                "2014-01-11": { "new_tickets": 2 },
                "2014-01-12": { "new_tickets": 0 },
            })
        );
        let sources = ticket_sources(&data, &query(days())).unwrap();
        assert_eq!(
            sources["2014-01-10"],
            json!({ "tickets_from_chat_window": 1, "tickets_from_mail": 1, "tickets_from_chat": 0 })
        );
        assert_eq!(sources["2014-01-11"]["tickets_from_chat"], 1);
        let mut group = days();
        group["group"] = json!(1);
        assert_eq!(
            new_tickets(&data, &query(group)).unwrap()["2014-01-10"]["new_tickets"],
            1
        );
        let hourly = new_tickets(
            &data,
            &query(json!({ "date_from": "2014-01-11", "date_to": "2014-01-11" })),
        )
        .unwrap();
        assert_eq!(hourly["05:00"]["new_tickets"], 1);
        assert_eq!(hourly.as_object().map(Map::len), Some(24));
    }

    #[test]
    fn first_responses_are_dated_when_given() {
        let data = sample();
        let report = first_response_time(&data, &query(days())).unwrap();
        assert_eq!(report["2014-01-10"], json!({ "count": 2, "hours": 1.5 }));
        assert_eq!(report["2014-01-11"], json!({ "count": 0, "hours": null }));
        let mut jane = days();
        jane["agent"] = json!(JANE);
        let hers = first_response_time(&data, &query(jane)).unwrap();
        assert_eq!(hers["2014-01-10"], json!({ "count": 1, "hours": 1 }));
    }

    #[test]
    fn solutions_and_resolution_times_skip_spam() {
        let data = sample();
        let solved = solved_tickets(&data, &query(days())).unwrap();
        assert_eq!(solved["2014-01-10"]["solved_tickets"], 1);
        assert_eq!(solved["2014-01-11"]["solved_tickets"], 1);
        let times = resolution_time(&data, &query(days())).unwrap();
        assert_eq!(times["2014-01-10"], json!({ "count": 1, "hours": 4 }));
        assert_eq!(times["2014-01-11"], json!({ "count": 1, "hours": 24 }));
        assert_eq!(times["2014-01-12"], json!({ "count": 0, "hours": null }));
        let mut john = days();
        john["agent"] = json!(JOHN);
        let his = solved_tickets(&data, &query(john)).unwrap();
        assert_eq!(his["2014-01-10"]["solved_tickets"], 0);
    }

    #[test]
    fn ratings_and_ranking_read_the_rate() {
        let data = sample();
        let report = ratings(
            &data,
            &query(
                json!({ "date_from": "2014-01-01", "date_to": "2014-01-20", "group_by": "month" }),
            ),
        )
        .unwrap();
        assert_eq!(
            report,
            json!({ "2014-01": { "begin": "2014-01-01", "end": "2014-01-20", "bad": 1, "good": 1 } })
        );
        let days = ratings(&data, &query(days())).unwrap();
        assert_eq!(
            days["2014-01-10"],
            json!({ "bad": 1, "good": 0 }),
            "rated at the event"
        );
        assert_eq!(
            days["2014-01-11"],
            json!({ "bad": 0, "good": 1 }),
            "rated when modified"
        );
        let ranked = ranking(&data, &query(json!({}))).unwrap();
        assert_eq!(ranked["ranking"][0]["name"], JOHN);
        assert_eq!(ranked["ranking"][1]["bad"], 1);
        let tagged = ranking(&data, &query(json!({ "tag": "sales" }))).unwrap();
        assert_eq!(tagged["ranking"].as_array().map(Vec::len), Some(1));
    }
}

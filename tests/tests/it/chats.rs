//! The fake's archives (`/chats`) over raw HTTP: paging, every filter
//! cross-checked against the seeded chats read back, 404s and 400s, retagging and the tag
//! counts it changes.

use std::collections::HashSet;

use livechat_tests::raw::{Pairs, Raw, ids, strings, utc_date};
use reqwest::Method;
use serde_json::{Value, json};

/// Every chat the query matches, reading page after page; checks the paging as it goes.
async fn all_chats(raw: &Raw, query: Pairs<'_>) -> Vec<Value> {
    raw.all_pages("/chats", "chats", query).await
}

/// `MM/DD/YY` and `HH:MM:SS am` of a Unix time, as the archive writes dates (UTC).
fn archive_date(ts: i64) -> String {
    let (y, m, d) = utc_date(ts);
    let secs = ts.rem_euclid(86_400);
    let (h, min, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let half = if h < 12 { "am" } else { "pm" };
    format!(
        "{m:02}/{d:02}/{:02} {h12:02}:{min:02}:{s:02} {half}",
        y % 100
    )
}

/// The seeded chats must be there to check the filters against.
pub(crate) async fn seeded(raw: &Raw) -> Vec<Value> {
    let chats = all_chats(raw, &[]).await;
    assert!(chats.len() >= 400, "several hundred seeded chats");
    chats
}

/// Checks that a filter returns exactly the expected chats (newest first), and that it
/// narrows the archive without emptying it.
async fn check_filter(raw: &Raw, all: &[Value], query: Pairs<'_>, keep: impl Fn(&Value) -> bool) {
    raw.check_filter("/chats", "chats", all, query, keep).await;
}

#[tokio::test]
async fn chats_are_paged_newest_first_25_a_page() {
    let raw = Raw::start().await;
    let (status, first) = raw.get("/chats", &[]).await;
    assert_eq!(status, 200);
    let total = first["total"].as_u64().unwrap() as usize;
    assert_eq!(total, 450);
    assert_eq!(first["pages"], 18);
    assert_eq!(first["chats"].as_array().unwrap().len(), 25);

    let all = seeded(&raw).await;
    let unique: HashSet<String> = ids(&all).into_iter().collect();
    assert_eq!(unique.len(), total, "no chat appears on two pages");
    let starts: Vec<i64> = all
        .iter()
        .map(|c| c["started_timestamp"].as_i64().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(ids(&all[..25]), ids(first["chats"].as_array().unwrap()));

    let (status, last) = raw.get("/chats", &[("page", "18")]).await;
    assert_eq!(status, 200);
    assert_eq!(last["chats"].as_array().unwrap().len(), total - 17 * 25);
    let (status, beyond) = raw.get("/chats", &[("page", "19")]).await;
    assert_eq!(status, 200);
    assert_eq!(beyond["chats"], json!([]));
    assert_eq!(beyond["total"], total);
    assert_eq!(beyond["pages"], 18);
}

#[tokio::test]
async fn seeded_chats_are_consistent_archive_records() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let (_, agents) = raw.get("/agents", &[]).await;
    let logins: Vec<&str> = agents
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap())
        .collect();
    let (_, tags) = raw.get("/tags", &[]).await;
    let tag_names: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let (from, to) = (1_356_998_400, 1_372_636_800); // 2013-01-01 .. 2013-07-01 UTC
    let mut groups = HashSet::new();
    let mut rates = HashSet::new();
    let mut engagements = HashSet::new();
    for chat in &all {
        let id = &chat["id"];
        assert_eq!(chat["type"], "chat");
        let started = chat["started_timestamp"].as_i64().unwrap();
        let ended = chat["ended_timestamp"].as_i64().unwrap();
        assert!((from..to).contains(&started), "{id}: started in 2013 H1");
        assert!(ended > started, "{id}");
        assert_eq!(chat["duration"], ended - started, "{id}");
        assert!(
            chat["started"]
                .as_str()
                .unwrap()
                .ends_with(&archive_date(started)),
            "{id}: {} vs {started}",
            chat["started"]
        );
        assert!(
            chat["ended"]
                .as_str()
                .unwrap()
                .ends_with(&archive_date(ended))
        );
        let events = chat["events"].as_array().unwrap();
        let times: Vec<i64> = events
            .iter()
            .map(|e| e["timestamp"].as_i64().unwrap())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "{id}: events in order"
        );
        assert!(times.iter().all(|t| (started..=ended).contains(t)), "{id}");
        let last = events.last().unwrap();
        assert_eq!(last["event_type"], "closed", "{id}");
        assert_eq!(last["timestamp"], ended, "{id}");
        for event in events {
            let ts = event["timestamp"].as_i64().unwrap();
            assert!(event["date"].as_str().unwrap().ends_with(&archive_date(ts)));
        }
        let messages: Vec<Value> = events
            .iter()
            .filter(|e| e["type"] == "message")
            .map(|e| {
                let mut m = e.clone();
                m.as_object_mut().unwrap().remove("type");
                m
            })
            .collect();
        assert_eq!(
            chat["messages"],
            json!(messages),
            "{id}: messages are the message events"
        );
        assert!(messages.len() >= 3, "{id}");
        for agent in chat["agents"].as_array().unwrap() {
            assert!(logins.contains(&agent["email"].as_str().unwrap()), "{id}");
        }
        for tag in strings(&chat["tags"]) {
            assert!(tag_names.contains(&tag), "{id}: {tag} is a seeded tag");
        }
        for goal in chat["goals"].as_array().into_iter().flatten() {
            let at = goal["timestamp"].as_i64().unwrap();
            assert!(
                (started..=ended).contains(&at),
                "{id}: goal during the chat"
            );
            assert!(goal["order"]["price"].is_string());
        }
        groups.insert(chat["group"][0].as_i64().unwrap());
        rates.insert(chat["rate"].as_str().unwrap().to_owned());
        engagements.insert(chat["engagement"].as_str().unwrap().to_owned());
        assert!(chat["visitor"]["id"].as_str().unwrap().starts_with('S'));
    }
    assert_eq!(groups, HashSet::from([0, 1, 2]));
    assert_eq!(rates.len(), 3, "{rates:?}");
    assert_eq!(engagements.len(), 3, "{engagements:?}");
    assert!(
        all.iter()
            .any(|c| c["agents"].as_array().unwrap().len() == 2),
        "some transfers"
    );
    assert!(
        all.iter()
            .any(|c| !c["supervisors"].as_array().unwrap().is_empty())
    );
}

#[tokio::test]
async fn a_chat_is_read_by_id() {
    let raw = Raw::start().await;
    let (_, page) = raw.get("/chats", &[("page", "3")]).await;
    let chat = &page["chats"][7];
    let id = chat["id"].as_str().unwrap();
    let (status, found) = raw.get(&format!("/chats/{id}"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(&found, chat);
    let (status, body) = raw.get("/chats/NOSUCHCHAT", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Chat not found");
}

#[tokio::test]
async fn date_filters_take_whole_utc_days() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    // March 2013: 1362096000 .. 1364774400.
    check_filter(
        &raw,
        &all,
        &[("date_from", "2013-03-01"), ("date_to", "2013-03-31")],
        |c| (1_362_096_000..1_364_774_400).contains(&c["started_timestamp"].as_i64().unwrap()),
    )
    .await;
    // One day, the day of a chat: it is there, whatever its hour.
    let chat = &all[100];
    let (y, m, d) = utc_date(chat["started_timestamp"].as_i64().unwrap());
    let day = format!("{y:04}-{m:02}-{d:02}");
    let found = all_chats(&raw, &[("date_from", &day), ("date_to", &day)]).await;
    assert!(ids(&found).contains(&chat["id"].as_str().unwrap().to_owned()));
    assert!(
        found
            .iter()
            .all(|c| utc_date(c["started_timestamp"].as_i64().unwrap()) == (y, m, d))
    );
    // Only a start or only an end.
    let since = all_chats(&raw, &[("date_from", "2013-06-01")]).await;
    assert_eq!(
        since.len(),
        all.iter()
            .filter(|c| c["started_timestamp"].as_i64().unwrap() >= 1_370_044_800)
            .count()
    );
    let until = all_chats(&raw, &[("date_to", "2013-01-31")]).await;
    assert_eq!(
        until.len(),
        all.iter()
            .filter(|c| c["started_timestamp"].as_i64().unwrap() < 1_359_676_800)
            .count()
    );
    assert!(!until.is_empty() && !since.is_empty());
    // The time zone is accepted (and ignored: the licence's dates are UTC).
    let (status, zoned) = raw
        .get(
            "/chats",
            &[
                ("date_from", "2013-03-01"),
                ("date_to", "2013-03-31"),
                ("timezone", "America/Phoenix"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(zoned["total"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn malformed_dates_and_filters_are_400() {
    let raw = Raw::start().await;
    for (key, value, fragment) in [
        (
            "date_from",
            "2013/01/01",
            "date_from must be a date in the format YYYY-MM-DD",
        ),
        (
            "date_to",
            "2013-02-30",
            "date_to must be a date in the format YYYY-MM-DD",
        ),
        ("date_from", "yesterday", "date_from must be a date"),
        ("rate", "great", "rate must be one of"),
        ("has_goal", "yes", "has_goal must be 0 or 1"),
        ("tagged", "2", "tagged must be 0 or 1"),
        ("group", "sales", "group must be a number"),
        ("page", "0", "page must be a positive number"),
    ] {
        let (status, body) = raw.get("/chats", &[(key, value)]).await;
        assert_eq!(status, 400, "{key}={value}: {body}");
        let message = body["errors"][0].as_str().unwrap_or("");
        assert!(message.contains(fragment), "{key}={value}: {body}");
    }
    let (status, body) = raw
        .get(
            "/chats",
            &[("date_from", "2013-05-01"), ("date_to", "2013-04-01")],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0], "date_from must not be after date_to");
}

#[tokio::test]
async fn no_match_gives_zero_pages() {
    let raw = Raw::start().await;
    for query in [
        &[("query", "no chat says this")][..],
        &[("date_from", "2012-01-01"), ("date_to", "2012-12-31")][..],
        &[("agent", "nobody@mycompany.com")][..],
    ] {
        let (status, body) = raw.get("/chats", query).await;
        assert_eq!(status, 200);
        assert_eq!(
            body,
            json!({"chats": [], "total": 0, "pages": 0}),
            "{query:?}"
        );
    }
}

#[tokio::test]
async fn who_and_where_filters_narrow_the_list() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let sample = all
        .iter()
        .find(|c| c["visitor"]["region"] != "")
        .unwrap()
        .clone();

    let visitor = sample["visitor"]["id"].as_str().unwrap();
    check_filter(&raw, &all, &[("visitor_id", visitor)], |c| {
        c["visitor"]["id"] == visitor
    })
    .await;

    let login = sample["agents"][0]["email"].as_str().unwrap();
    check_filter(&raw, &all, &[("agent", login)], |c| {
        c["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["email"] == login)
    })
    .await;

    for group in ["0", "1", "2"] {
        let id: i64 = group.parse().unwrap();
        check_filter(&raw, &all, &[("group", group)], |c| c["group"][0] == id).await;
    }

    let city = sample["visitor"]["city"].as_str().unwrap();
    check_filter(&raw, &all, &[("city", city)], |c| {
        c["visitor"]["city"] == city
    })
    .await;
    let region = sample["visitor"]["region"].as_str().unwrap();
    check_filter(&raw, &all, &[("region", region)], |c| {
        c["visitor"]["region"] == region
    })
    .await;
    let country = sample["visitor"]["country"].as_str().unwrap();
    check_filter(&raw, &all, &[("country", country)], |c| {
        c["visitor"]["country"] == country
    })
    .await;

    // The query looks in the messages and the visitor's name, whatever the case.
    check_filter(&raw, &all, &[("query", "PARCEL")], |c| {
        c["messages"].as_array().unwrap().iter().any(|m| {
            m["text"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("parcel")
        })
    })
    .await;
    let name = sample["visitor"]["name"].as_str().unwrap();
    let by_name = all_chats(&raw, &[("query", name)]).await;
    assert!(ids(&by_name).contains(&sample["id"].as_str().unwrap().to_owned()));
}

#[tokio::test]
async fn outcome_filters_narrow_the_list() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let goals = |c: &Value| c["goals"].as_array().cloned().unwrap_or_default();
    let sales = |c: &Value| {
        goals(c)
            .into_iter()
            .filter(|g| g["type"] == "sales_tracker")
            .collect::<Vec<_>>()
    };

    check_filter(&raw, &all, &[("has_goal", "1")], |c| !goals(c).is_empty()).await;
    let goal = all
        .iter()
        .flat_map(goals)
        .next()
        .expect("some chat reached a goal");
    let goal_id = goal["id"].to_string();
    check_filter(&raw, &all, &[("goal", &goal_id)], |c| {
        goals(c).iter().any(|g| g["id"] == goal["id"])
    })
    .await;
    check_filter(&raw, &all, &[("has_sale", "1")], |c| !sales(c).is_empty()).await;
    let sale = all
        .iter()
        .flat_map(sales)
        .next()
        .expect("some chat tracked a sale");
    assert!(sale["order"]["id"].as_str().unwrap().starts_with("ORD-"));
    let sale_id = sale["id"].to_string();
    check_filter(&raw, &all, &[("sale", &sale_id)], |c| {
        sales(c).iter().any(|g| g["id"] == sale["id"])
    })
    .await;
    // 0 means "no filter" for the flags that document only 1.
    assert_eq!(all_chats(&raw, &[("has_goal", "0")]).await.len(), all.len());

    check_filter(&raw, &all, &[("queued", "1")], |c| {
        c["queue"]["duration"].as_i64().is_some_and(|d| d > 0)
    })
    .await;

    check_filter(&raw, &all, &[("rate", "rated")], |c| {
        c["rate"] != "not_rated"
    })
    .await;
    for rate in ["not_rated", "rated_good", "rated_bad"] {
        check_filter(&raw, &all, &[("rate", rate)], |c| c["rate"] == rate).await;
    }
    check_filter(&raw, &all, &[("comment", "1")], |c| {
        c["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event_type"] == "rating_comment")
    })
    .await;
    let commented = all_chats(&raw, &[("comment", "1")]).await;
    assert!(
        commented.iter().all(|c| c["rate"] != "not_rated"),
        "comments come with a rating"
    );
}

#[tokio::test]
async fn tag_filters_narrow_the_list() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let tags = |c: &Value| {
        strings(&c["tags"])
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    check_filter(&raw, &all, &[("tagged", "1")], |c| !tags(c).is_empty()).await;
    check_filter(&raw, &all, &[("tagged", "0")], |c| tags(c).is_empty()).await;
    check_filter(&raw, &all, &[("tag[]", "support")], |c| {
        tags(c).contains(&"support".into())
    })
    .await;
    // Several tags: chats carrying all of them.
    check_filter(
        &raw,
        &all,
        &[("tag[]", "support"), ("tag[]", "feedback")],
        |c| {
            let t = tags(c);
            t.contains(&"support".into()) && t.contains(&"feedback".into())
        },
    )
    .await;
    // Filters combine.
    check_filter(
        &raw,
        &all,
        &[("tag[]", "sales"), ("rate", "rated_good"), ("group", "1")],
        |c| tags(c).contains(&"sales".into()) && c["rate"] == "rated_good" && c["group"][0] == 1,
    )
    .await;
}

#[tokio::test]
async fn running_chats_are_listed_only_with_include_pending() {
    let raw = Raw::start().await;
    let (_, without) = raw.get("/chats", &[]).await;
    let (status, with) = raw.get("/chats", &[("include_pending", "1")]).await;
    assert_eq!(status, 200);
    let (_, chatting) = raw.get("/visitors", &[("state", "chatting")]).await;
    let running = chatting.as_array().unwrap().len() as u64;
    assert!(running > 0);
    assert_eq!(
        with["total"].as_u64().unwrap(),
        without["total"].as_u64().unwrap() + running
    );
    let pending: Vec<&Value> = with["chats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["pending"] == true)
        .collect();
    assert_eq!(
        pending.len() as u64,
        running,
        "running chats are the newest"
    );
    for chat in pending {
        assert!(chat.get("ended_timestamp").is_none());
        let visitor = &chat["visitor"]["id"];
        assert!(
            chatting
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v["id"] == *visitor)
        );
    }
    assert!(
        without["chats"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("pending").is_none())
    );
}

#[tokio::test]
async fn transcripts_are_sent_to_an_email_address() {
    let raw = Raw::start().await;
    let (_, page) = raw.get("/chats", &[]).await;
    let id = page["chats"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/chats/{id}/send_transcript");
    let (status, body) = raw
        .form(Method::POST, &path, &[("to", "mary.brown@email.com")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"result": "E-mail has been sent to mary.brown@email.com."})
    );
    let (status, body) = raw
        .json(Method::POST, &path, &json!({"to": "ops@mycompany.com"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["result"], "E-mail has been sent to ops@mycompany.com.");

    let (status, body) = raw
        .form(Method::POST, &path, &[("to", "mary at email")])
        .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0].as_str().unwrap().contains("valid e-mail"),
        "{body}"
    );
    let (status, body) = Raw::send(raw.request(Method::POST, &path)).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"], json!(["to is required"]));
    let (status, _) = raw
        .form(
            Method::POST,
            "/chats/NOSUCHCHAT/send_transcript",
            &[("to", "mary.brown@email.com")],
        )
        .await;
    assert_eq!(status, 404);
}

// ---------------------------------------------------------------------------------------
// Through the typed client

mod typed {
    use std::collections::HashSet;

    use livechat_api::Error;
    use livechat_api::models::{Chat, ChatEngagement, ChatEvent, ChatRate, ChatRateFilter};
    use livechat_tests::fake::FakeLiveChat;

    fn id(chat: &Chat) -> String {
        chat.id.clone().into_string()
    }

    #[tokio::test]
    async fn chats_page_stream_and_decode_without_loss() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let first = client.chats().list().send().await.unwrap();
        assert_eq!(first.total, 450);
        assert_eq!(first.pages, 18);
        assert_eq!(first.chats.len(), 25);

        let all: Vec<Chat> = client.chats().list().stream().try_collect().await.unwrap();
        assert_eq!(all.len(), 450);
        assert_eq!(all.iter().map(id).collect::<HashSet<_>>().len(), 450);
        assert!(
            all.windows(2)
                .all(|w| w[0].started_timestamp >= w[1].started_timestamp)
        );
        assert_eq!(all[..25], first.chats[..]);
        let tail: Vec<Chat> = client
            .chats()
            .list()
            .page(17)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(tail[..], all[400..]);

        // Every field the fake sends is a modelled field.
        for chat in &all {
            assert!(chat.extra.is_empty(), "{:?}", chat.extra);
            assert!(chat.visitor.as_ref().unwrap().extra.is_empty());
            assert!(chat.engagement.is_some());
            for goal in &chat.goals {
                assert!(goal.extra.is_empty() && goal.order.as_ref().unwrap().extra.is_empty());
            }
            let closing = chat.events.last().unwrap();
            let ChatEvent::Event(closing) = closing else {
                panic!("the last event closes the chat: {closing:?}");
            };
            assert_eq!(closing.event_type.as_deref(), Some("closed"));
            assert_eq!(Some(closing.timestamp), chat.ended_timestamp);
            let messages = chat
                .events
                .iter()
                .filter(|e| matches!(e, ChatEvent::Message(_)))
                .count();
            assert_eq!(messages, chat.messages.len());
        }
        assert!(
            all.iter()
                .any(|c| c.engagement == Some(ChatEngagement::AutoInvite))
        );
        assert!(all.iter().any(|c| {
            c.events
                .iter()
                .any(|e| matches!(e, ChatEvent::Attachment(_)))
        }));

        let one = client.chats().get(id(&all[42])).send().await.unwrap();
        assert_eq!(one, all[42]);
        let error = client.chats().get("NOSUCHCHAT").send().await.unwrap_err();
        assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    }

    #[tokio::test]
    async fn typed_filters_match_the_archive() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let all: Vec<Chat> = client.chats().list().stream().try_collect().await.unwrap();
        let ids = |chats: &[Chat]| chats.iter().map(id).collect::<Vec<_>>();

        let bad: Vec<Chat> = client
            .chats()
            .list()
            .rate(ChatRateFilter::RatedBad)
            .group(1)
            .stream()
            .try_collect()
            .await
            .unwrap();
        let expected: Vec<Chat> = all
            .iter()
            .filter(|c| c.rate == Some(ChatRate::RatedBad) && c.group == [1])
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids(&bad), ids(&expected));

        let both: Vec<Chat> = client
            .chats()
            .list()
            .tags(["support", "complaint"])
            .date_from("2013-02-01")
            .date_to("2013-04-30")
            .stream()
            .try_collect()
            .await
            .unwrap();
        let expected: Vec<Chat> = all
            .iter()
            .filter(|c| {
                c.tags.iter().any(|t| t == "support")
                    && c.tags.iter().any(|t| t == "complaint")
                    && (1_359_676_800..1_367_366_400)
                        .contains(&c.started_timestamp.unwrap().as_second())
            })
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids(&both), ids(&expected));

        let untagged = client.chats().list().tagged(false).send().await.unwrap();
        assert_eq!(
            untagged.total,
            all.iter().filter(|c| c.tags.is_empty()).count() as i64
        );
        let queued = client.chats().list().queued(true).send().await.unwrap();
        assert_eq!(
            queued.total,
            all.iter().filter(|c| c.queue.is_some()).count() as i64
        );
        let with_goal = client.chats().list().has_goal(true).send().await.unwrap();
        let expected = all.iter().filter(|c| !c.goals.is_empty()).count() as i64;
        assert!(expected > 0, "some seeded chats reached a goal");
        assert_eq!(with_goal.total, expected);

        // The client refuses a malformed date before sending it...
        let error = client
            .chats()
            .list()
            .date_from("2013-13-01")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
        assert!(error.to_string().contains("`date_from`"), "{error}");
        // ...and the fake, given it through the escape hatch, refuses it as LiveChat does.
        let error = client
            .chats()
            .list()
            .param("date_from", "2013-13-01")
            .send()
            .await
            .unwrap_err();
        let api = error.api_error().unwrap();
        assert_eq!(api.status, 400);
        assert!(api.messages[0].contains("YYYY-MM-DD"), "{:?}", api.messages);
    }

    #[tokio::test]
    async fn typed_transcripts_retags_and_tags() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let chat = client.chats().list().send().await.unwrap().chats[3].clone();
        let chat_id = id(&chat);

        let sent = client
            .chats()
            .send_transcript(&chat_id, "mary.brown@email.com")
            .send()
            .await
            .unwrap();
        assert_eq!(sent.result, "E-mail has been sent to mary.brown@email.com.");
        let error = client
            .chats()
            .send_transcript(&chat_id, "mary.brown")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(400));

        let tags_before = client.tags().list().send().await.unwrap();
        let count = |tags: &[livechat_api::models::Tag], name: &str| {
            tags.iter()
                .find(|t| t.name == name)
                .and_then(|t| Some(t.count.as_ref()?.in_chats))
                .unwrap()
        };
        let had_feedback = chat.tags.iter().any(|t| t == "feedback");
        let updated = client
            .chats()
            .update_tags(&chat_id, ["feedback"])
            .send()
            .await
            .unwrap();
        assert_eq!(updated.total, 1);
        assert_eq!(updated.chats[0].tags, ["feedback"]);
        let tags_after = client.tags().list().send().await.unwrap();
        assert_eq!(
            count(&tags_after, "feedback"),
            count(&tags_before, "feedback") + i64::from(!had_feedback)
        );

        let login = fake.config().login.clone();
        let created = client
            .tags()
            .create("returns", &login, 0)
            .send()
            .await
            .unwrap();
        assert_eq!(created.name, "returns");
        assert_eq!(created.count.as_ref().unwrap().in_chats, 0);
        client
            .chats()
            .update_tags(&chat_id, ["returns", "feedback"])
            .send()
            .await
            .unwrap();
        let listed = client.tags().list().group(0).send().await.unwrap();
        assert_eq!(count(&listed, "returns"), 1);
        assert!(listed.iter().all(|t| t.group == 0));

        let error = client
            .tags()
            .create("returns", &login, 0)
            .send()
            .await
            .unwrap_err();
        assert!(error.api_error().unwrap().messages[0].contains("already exists"));
        let removed = client.tags().remove("returns", 0).send().await.unwrap();
        assert!(removed.ok);
        let error = client.tags().remove("returns", 0).send().await.unwrap_err();
        assert!(matches!(error, Error::NotFound(_)), "{error:?}");
        let still = client.chats().get(&chat_id).send().await.unwrap();
        assert_eq!(
            still.tags,
            ["returns", "feedback"],
            "deleting a tag keeps it on chats"
        );
    }
}

//! The fake's `/tickets` over raw HTTP: paging and order, every filter cross-checked
//! against the seeded tickets read back, creation, tags, 404s and 400s.

use std::collections::HashSet;

use livechat_tests::raw::{Pairs, Raw, ids, strings};
use reqwest::Method;
use serde_json::{Value, json};

/// Every ticket the query matches, page after page, checking the paging.
async fn all_tickets(raw: &Raw, query: Pairs<'_>) -> Vec<Value> {
    raw.all_pages("/tickets", "tickets", query).await
}

async fn seeded(raw: &Raw) -> Vec<Value> {
    let tickets = all_tickets(raw, &[]).await;
    assert!(tickets.len() >= 100, "about 150 seeded tickets");
    tickets
}

/// A filter returns exactly the expected tickets, in the default order, and narrows the
/// list without emptying it.
async fn check_filter(raw: &Raw, all: &[Value], query: Pairs<'_>, keep: impl Fn(&Value) -> bool) {
    raw.check_filter("/tickets", "tickets", all, query, keep)
        .await;
}

fn modified(ticket: &Value) -> i64 {
    ticket["modified"].as_i64().unwrap()
}

#[tokio::test]
async fn tickets_are_paged_by_last_modification() {
    let raw = Raw::start().await;
    let (status, first) = raw.get("/tickets", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(first["total"], 150);
    assert_eq!(first["pages"], 6);
    assert_eq!(first["tickets"].as_array().unwrap().len(), 25);
    let all = seeded(&raw).await;
    assert_eq!(ids(&all).into_iter().collect::<HashSet<_>>().len(), 150);
    assert!(
        all.windows(2).all(|w| modified(&w[0]) >= modified(&w[1])),
        "desc by default"
    );

    let ascending = all_tickets(&raw, &[("order", "asc")]).await;
    assert!(
        ascending
            .windows(2)
            .all(|w| modified(&w[0]) <= modified(&w[1]))
    );
    assert_eq!(ascending.len(), all.len());
    let descending = all_tickets(&raw, &[("order", "desc")]).await;
    assert_eq!(ids(&descending), ids(&all));

    let (status, beyond) = raw.get("/tickets", &[("page", "7")]).await;
    assert_eq!(status, 200);
    assert_eq!(beyond, json!({"pages": 6, "total": 150, "tickets": []}));
    let (status, none) = raw.get("/tickets", &[("query", "nothing like this")]).await;
    assert_eq!(status, 200);
    assert_eq!(none, json!({"pages": 0, "total": 0, "tickets": []}));
}

#[tokio::test]
async fn seeded_tickets_are_consistent() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let (from, to) = (1_356_998_400, 1_372_636_800 + 86_400 * 7);
    let mut statuses = HashSet::new();
    let mut sources = HashSet::new();
    for ticket in &all {
        let id = &ticket["id"];
        assert_eq!(id.as_str().unwrap().len(), 5);
        let events = ticket["events"].as_array().unwrap();
        let dates: Vec<i64> = events.iter().map(|e| e["date"].as_i64().unwrap()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "{id}: events in order"
        );
        assert!(dates.iter().all(|d| (from..to).contains(d)), "{id}");
        let opened = ticket["opened"].as_array().unwrap();
        assert_eq!(
            opened[0]["from"], dates[0],
            "{id}: opened with the first message"
        );
        assert_eq!(events[0]["author"]["type"], "client", "{id}");
        assert_eq!(
            events[0]["author"]["id"], ticket["requester"]["mail"],
            "{id}"
        );
        assert!(modified(ticket) >= *dates.last().unwrap(), "{id}");
        let status = ticket["status"].as_str().unwrap();
        if matches!(status, "solved" | "spam") {
            assert!(
                opened.last().unwrap()["to"].is_i64(),
                "{id}: a closed range"
            );
        } else {
            assert!(
                opened.last().unwrap().get("to").is_none(),
                "{id}: still open"
            );
        }
        if let Some(assignee) = ticket.get("assignee") {
            assert!(
                events
                    .iter()
                    .any(|e| e["type"] == "assignee_changed" && e["to"] == *assignee),
                "{id}"
            );
        }
        let replied = events.iter().find(|e| {
            e["type"] == "message" && e["author"]["type"] == "agent" && e["is_private"] == false
        });
        match replied {
            Some(reply) => assert_eq!(ticket["firstResponse"]["date"], reply["date"], "{id}"),
            None => assert_eq!(ticket["firstResponse"], json!({}), "{id}"),
        }
        statuses.insert(status.to_owned());
        sources.insert(ticket["source"]["type"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses.len(), 4, "{statuses:?}");
    assert!(sources.len() >= 4, "{sources:?}");

    // Tickets made from chats point at an archived chat of the same visitor.
    let from_chats: Vec<&Value> = all
        .iter()
        .filter(|t| t["source"]["id"].is_string())
        .collect();
    assert!(from_chats.len() > 10);
    for ticket in from_chats.iter().take(12) {
        let chat_id = ticket["source"]["id"].as_str().unwrap();
        let (status, chat) = raw.get(&format!("/chats/{chat_id}"), &[]).await;
        assert_eq!(status, 200, "{chat_id}");
        assert_eq!(chat["visitor"]["name"], ticket["requester"]["name"]);
        assert_eq!(chat["group"], ticket["groups"]);
        assert!(ticket["opened"][0]["from"].as_i64() > chat["ended_timestamp"].as_i64());
    }
}

#[tokio::test]
async fn a_ticket_is_read_by_id() {
    let raw = Raw::start().await;
    let (_, page) = raw.get("/tickets", &[("page", "2")]).await;
    let ticket = &page["tickets"][3];
    let (status, found) = raw
        .get(&format!("/tickets/{}", ticket["id"].as_str().unwrap()), &[])
        .await;
    assert_eq!(status, 200);
    assert_eq!(&found, ticket);
    let (status, body) = raw.get("/tickets/NOPE1", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Ticket not found");
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    for status in ["open", "pending", "solved", "spam"] {
        check_filter(&raw, &all, &[("status", status)], |t| t["status"] == status).await;
    }
    check_filter(&raw, &all, &[("assigned", "1")], |t| {
        t.get("assignee").is_some()
    })
    .await;
    check_filter(&raw, &all, &[("assigned", "0")], |t| {
        t.get("assignee").is_none()
    })
    .await;
    let login = all
        .iter()
        .find_map(|t| t["assignee"]["id"].as_str())
        .unwrap()
        .to_owned();
    check_filter(&raw, &all, &[("assignee", &login)], |t| {
        t["assignee"]["id"] == login.as_str()
    })
    .await;
    for group in [0, 1, 2] {
        check_filter(&raw, &all, &[("group", &group.to_string())], |t| {
            t["groups"].as_array().unwrap().contains(&json!(group))
        })
        .await;
    }
    for source in ["lc2", "mail", "chat-window"] {
        check_filter(&raw, &all, &[("source", source)], |t| {
            t["source"]["type"] == source
        })
        .await;
    }
    check_filter(&raw, &all, &[("tag", "support")], |t| {
        strings(&t["tags"]).contains(&"support")
    })
    .await;
    check_filter(&raw, &all, &[("tagged", "1")], |t| {
        !strings(&t["tags"]).is_empty()
    })
    .await;
    check_filter(&raw, &all, &[("tagged", "0")], |t| {
        strings(&t["tags"]).is_empty()
    })
    .await;
    let mail = all[10]["requester"]["mail"].as_str().unwrap().to_owned();
    check_filter(&raw, &all, &[("requester[mail]", &mail)], |t| {
        t["requester"]["mail"] == mail.as_str()
    })
    .await;
    check_filter(&raw, &all, &[("query", "SHOES")], |t| {
        let has = |v: &Value| {
            v.as_str()
                .is_some_and(|s| s.to_lowercase().contains("shoes"))
        };
        has(&t["subject"])
            || t["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| has(&e["message"]))
    })
    .await;
    let chat_id = all
        .iter()
        .find_map(|t| t["source"]["id"].as_str())
        .unwrap()
        .to_owned();
    check_filter(&raw, &all, &[("source_id", &chat_id)], |t| {
        t["source"]["id"] == chat_id.as_str()
    })
    .await;
    // Combined.
    check_filter(&raw, &all, &[("status", "solved"), ("group", "2")], |t| {
        t["status"] == "solved" && t["groups"][0] == 2
    })
    .await;
    // Any activity on the days: April 2013 (1364774400 .. 1367366400).
    let april = |t: &Value| {
        t["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| (1_364_774_400..1_367_366_400).contains(&e["date"].as_i64().unwrap()))
    };
    check_filter(
        &raw,
        &all,
        &[("date_from", "2013-04-01"), ("date_to", "2013-04-30")],
        april,
    )
    .await;
}

#[tokio::test]
async fn malformed_filters_are_400() {
    let raw = Raw::start().await;
    for (key, value, fragment) in [
        (
            "status",
            "closed",
            "status must be one of: open, pending, solved, spam",
        ),
        ("order", "newest", "order must be asc or desc"),
        ("assigned", "yes", "assigned must be 0 or 1"),
        (
            "date_from",
            "15-11-2013",
            "date_from must be a date in the format YYYY-MM-DD",
        ),
        ("source", "phone", "source must be one of"),
        ("page", "-1", "page must be a positive number"),
    ] {
        let (status, body) = raw.get("/tickets", &[(key, value)]).await;
        assert_eq!(status, 400, "{key}={value}: {body}");
        assert!(
            body["errors"][0].as_str().unwrap_or("").contains(fragment),
            "{key}={value}: {body}"
        );
    }
}

#[tokio::test]
async fn tickets_are_created_from_a_form_or_json() {
    let raw = Raw::start().await;
    let (status, created) = Raw::send(
        raw.request(Method::POST, "/tickets")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(
                "subject=I+have+a+problem&message=Hi,I+have+a+problem+with+my+shoes.+Could+you+please+advise?\
                 &requester[mail]=mary.brown@email.com&requester[name]=Mary+Brown",
            ),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["subject"], "I have a problem");
    assert_eq!(
        created["requester"],
        json!({"mail": "mary.brown@email.com", "name": "Mary Brown"})
    );
    assert_eq!(created["status"], "open");
    assert_eq!(created["groups"], json!([0]));
    assert_eq!(created["source"]["type"], "lc2");
    assert_eq!(created["tags"], json!([]));
    assert_eq!(created["firstResponse"], json!({}));
    assert!(created.get("assignee").is_none());
    let event = &created["events"][0];
    assert_eq!(
        event["message"],
        "Hi,I have a problem with my shoes. Could you please advise?"
    );
    assert_eq!(event["author"]["id"], "mary.brown@email.com");
    assert_eq!(event["type"], "message");
    assert_eq!(created["opened"][0]["from"], event["date"]);
    let id = created["id"].as_str().unwrap();
    assert_eq!(id.len(), 5);

    let (status, read) = raw.get(&format!("/tickets/{id}"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(read, created);
    let (_, first) = raw.get("/tickets", &[]).await;
    assert_eq!(first["total"], 151);
    assert_eq!(
        first["tickets"][0]["id"], id,
        "the newest modification comes first"
    );
    let mine = all_tickets(&raw, &[("requester[mail]", "mary.brown@email.com")]).await;
    assert!(ids(&mine).contains(&id.to_owned()));

    let login = raw.fake().config().login.clone();
    let (status, created) = raw
        .json(
            Method::POST,
            "/tickets",
            &json!({
                "message": "Please call me back.",
                "requester": {"mail": "tom.lee@example.org"},
                "assignee": {"id": "mary.major@mycompany.com"},
                "source": {"type": "chat-window", "url": "https://www.mycompany.com/contact"},
                "group": [2],
            }),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["subject"], "(no subject)");
    assert_eq!(created["groups"], json!([2]));
    assert_eq!(
        created["assignee"],
        json!({"id": "mary.major@mycompany.com", "name": "Mary Major"})
    );
    assert_eq!(
        created["source"],
        json!({"type": "chat-window", "url": "https://www.mycompany.com/contact"})
    );
    assert_eq!(created["events"][1]["type"], "assignee_changed");
    assert_eq!(created["events"][1]["author"]["id"], login.as_str());
    let (_, assigned) = raw
        .get(
            "/tickets",
            &[("assignee", "mary.major@mycompany.com"), ("order", "desc")],
        )
        .await;
    assert_eq!(assigned["tickets"][0]["id"], created["id"]);
}

#[tokio::test]
async fn invalid_tickets_are_400_with_every_problem() {
    let raw = Raw::start().await;
    let (status, body) = raw
        .form(Method::POST, "/tickets", &[("subject", "x")])
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!(["message is required", "requester[mail] is required"])
    );
    let (status, body) = raw
        .json(
            Method::POST,
            "/tickets",
            &json!({
                "message": "Hi",
                "requester": {"mail": "not-an-address"},
                "source": {"type": "phone"},
                "group": [9],
                "assignee": {"id": "nobody@mycompany.com"},
            }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "requester[mail] must be a valid e-mail address, got \"not-an-address\"",
            "source[type] must be one of: chat-window, mail, lc2",
            "group must list existing group ids",
            "assignee[id] nobody@mycompany.com is not an agent",
        ])
    );
    let (_, list) = raw.get("/tickets", &[]).await;
    assert_eq!(list["total"], 150, "nothing was created");
}

#[tokio::test]
async fn ticket_tags_are_replaced_and_counted() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let ticket = all
        .iter()
        .find(|t| t["groups"] == json!([2]) && strings(&t["tags"]).is_empty())
        .expect("an untagged ticket of group 2")
        .clone();
    let id = ticket["id"].as_str().unwrap();
    let count = |tags: &Value, name: &str| {
        tags.as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["count"]["inTickets"].as_u64().unwrap())
            .unwrap()
    };
    let (_, before) = raw.get("/tags", &[]).await;

    let (status, body) = Raw::send(
        raw.request(Method::PUT, &format!("/tickets/{id}/tags"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("tag[]=bug&tag[]=support"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 1);
    assert_eq!(body["pages"], 1);
    assert_eq!(body["tickets"][0]["id"], id);
    assert_eq!(body["tickets"][0]["tags"], json!(["bug", "support"]));
    assert!(
        modified(&body["tickets"][0]) > modified(&ticket),
        "a change modifies it"
    );
    let (_, after) = raw.get("/tags", &[]).await;
    assert_eq!(count(&after, "bug"), count(&before, "bug") + 1);
    assert_eq!(count(&after, "support"), count(&before, "support") + 1);
    let tagged = all_tickets(&raw, &[("tag", "bug")]).await;
    assert!(ids(&tagged).contains(&id.to_owned()));
    let (_, first) = raw.get("/tickets", &[]).await;
    assert_eq!(first["tickets"][0]["id"], id, "now the last modified");

    let (status, body) = raw
        .json(
            Method::PUT,
            &format!("/tickets/{id}/tags"),
            &json!({"tag": ["installation"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["tickets"][0]["tags"], json!(["installation"]));
    let (_, read) = raw.get(&format!("/tickets/{id}"), &[]).await;
    assert_eq!(read["tags"], json!(["installation"]));
    let (_, last) = raw.get("/tags", &[]).await;
    assert_eq!(count(&last, "bug"), count(&before, "bug"));

    let (status, _) = Raw::send(raw.request(Method::PUT, &format!("/tickets/{id}/tags"))).await;
    assert_eq!(status, 400);
    let (status, _) = raw
        .form(Method::PUT, "/tickets/NOPE1/tags", &[("tag[]", "bug")])
        .await;
    assert_eq!(status, 404);
}

// ---------------------------------------------------------------------------------------
// Through the typed client

mod typed {
    use livechat_api::Error;
    use livechat_api::models::{
        Ticket, TicketAssigneeInput, TicketEvent, TicketOrder, TicketRequesterFilter,
        TicketRequesterInput, TicketSourceInput, TicketSourceType, TicketStatus,
    };
    use livechat_tests::fake::FakeLiveChat;

    fn ids(tickets: &[Ticket]) -> Vec<String> {
        tickets.iter().map(|t| t.id.clone().into_string()).collect()
    }

    #[tokio::test]
    async fn tickets_stream_filter_and_decode_without_loss() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let all: Vec<Ticket> = client
            .tickets()
            .list()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), 150);
        for ticket in &all {
            assert!(ticket.extra.is_empty(), "{:?}", ticket.extra);
            assert!(ticket.status.is_some() && ticket.source.as_ref().unwrap().r#type.is_some());
            assert!(!ticket.events.is_empty());
            assert!(
                ticket
                    .events
                    .iter()
                    .all(|e| !matches!(e, TicketEvent::Unknown(_))),
                "{:?}",
                ticket.events
            );
            assert!(ticket.first_response.as_ref().unwrap().is_object());
        }

        let asc: Vec<Ticket> = client
            .tickets()
            .list()
            .order(TicketOrder::Asc)
            .stream()
            .try_collect()
            .await
            .unwrap();
        let mut reversed = ids(&all);
        reversed.reverse();
        let modified: Vec<_> = asc.iter().map(|t| t.modified.unwrap()).collect();
        assert!(modified.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            ids(&asc)
                .into_iter()
                .collect::<std::collections::HashSet<_>>(),
            reversed.into_iter().collect()
        );

        let solved: Vec<Ticket> = client
            .tickets()
            .list()
            .status(TicketStatus::Solved)
            .assigned(true)
            .stream()
            .try_collect()
            .await
            .unwrap();
        let expected: Vec<Ticket> = all
            .iter()
            .filter(|t| t.status == Some(TicketStatus::Solved) && t.assignee.is_some())
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids(&solved), ids(&expected));

        let mail = all[20].requester.mail.clone();
        let theirs = client
            .tickets()
            .list()
            .requester(TicketRequesterFilter::new(&mail))
            .send()
            .await
            .unwrap();
        assert!(theirs.total >= 1);
        assert!(theirs.tickets.iter().all(|t| t.requester.mail == mail));

        let from_window = client
            .tickets()
            .list()
            .source(TicketSourceType::ChatWindow)
            .send()
            .await
            .unwrap();
        assert_eq!(
            from_window.total,
            all.iter()
                .filter(|t| t.source.as_ref().unwrap().r#type == Some(TicketSourceType::ChatWindow))
                .count() as i64
        );
        assert!(
            from_window
                .tickets
                .iter()
                .all(|t| t.source.as_ref().unwrap().url.is_some())
        );
        let chat_id = all
            .iter()
            .find_map(|t| t.source.as_ref()?.id.clone())
            .unwrap();
        let linked = client
            .tickets()
            .list()
            .source_id(&chat_id)
            .send()
            .await
            .unwrap();
        assert!(linked.total >= 1);
        client.chats().get(&chat_id).send().await.unwrap();
    }

    #[tokio::test]
    async fn tickets_are_created_read_and_retagged() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let mut requester = TicketRequesterInput::new("mary.brown@email.com");
        requester.name = Some("Mary Brown".into());
        let mut source = TicketSourceInput::new(TicketSourceType::ChatWindow);
        source.url = Some("https://www.mycompany.com/contact".into());
        let created = client
            .tickets()
            .create("My new shoes are broken.", requester)
            .subject("Broken shoes")
            .groups([1])
            .assignee(TicketAssigneeInput::new("jane.doe@mycompany.com"))
            .source(source)
            .send()
            .await
            .unwrap();
        let id = created.id.clone();
        assert_eq!(created.subject.as_deref(), Some("Broken shoes"));
        assert_eq!(created.status, Some(TicketStatus::Open));
        assert_eq!(created.groups, [1]);
        assert_eq!(
            created.assignee.as_ref().unwrap().name.as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            created.source.as_ref().unwrap().r#type,
            Some(TicketSourceType::ChatWindow)
        );
        let TicketEvent::Message(first) = &created.events[0] else {
            panic!("{:?}", created.events);
        };
        assert_eq!(first.message, "My new shoes are broken.");
        assert_eq!(first.is_private, Some(false));
        assert!(matches!(created.events[1], TicketEvent::AssigneeChanged(_)));

        let read = client.tickets().get(&id).send().await.unwrap();
        assert_eq!(read, created);
        let newest = client.tickets().list().send().await.unwrap();
        assert_eq!(newest.total, 151);
        assert_eq!(newest.tickets[0].id, id);

        let tagged = client
            .tickets()
            .update_tags(&id, ["sales", "discount"])
            .send()
            .await
            .unwrap();
        assert_eq!(tagged.tickets[0].tags, ["sales", "discount"]);
        let by_tag = client
            .tickets()
            .list()
            .tag("discount")
            .group(1)
            .send()
            .await
            .unwrap();
        assert!(by_tag.tickets.iter().any(|t| t.id == id));

        let error = client.tickets().get("NOPE1").send().await.unwrap_err();
        assert!(matches!(error, Error::NotFound(_)), "{error:?}");
        let error = client
            .tickets()
            .create("Hi", TicketRequesterInput::new("not-an-address"))
            .send()
            .await
            .unwrap_err();
        let api = error.api_error().unwrap();
        assert_eq!(api.status, 400);
        assert!(
            api.messages[0].contains("requester[mail]"),
            "{:?}",
            api.messages
        );
    }
}

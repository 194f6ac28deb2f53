//! Tags (`/tags`) over raw HTTP: counts per group, retagging a chat and the counts it
//! moves, adding and deleting tags.

use livechat_tests::raw::{Pairs, Raw, ids, strings};

use crate::chats::seeded;
use reqwest::Method;
use serde_json::{Value, json};

/// Every chat the query matches, reading page after page; checks the paging as it goes.
async fn all_chats(raw: &Raw, query: Pairs<'_>) -> Vec<Value> {
    raw.all_pages("/chats", "chats", query).await
}

fn count_of(tags: &Value, name: &str, group: i64) -> (u64, u64) {
    let tag = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name && t["group"] == group)
        .unwrap_or_else(|| panic!("tag {name} in group {group}: {tags}"));
    (
        tag["count"]["inChats"].as_u64().unwrap(),
        tag["count"]["inTickets"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn tags_are_listed_with_counts_of_their_group() {
    let raw = Raw::start().await;
    let (status, tags) = raw.get("/tags", &[]).await;
    assert_eq!(status, 200);
    let tags = tags.as_array().unwrap().clone();
    assert!(tags.len() >= 8);
    let chats = seeded(&raw).await;
    let (_, first) = raw.get("/tickets", &[]).await;
    let mut tickets = Vec::new();
    for page in 1..=first["pages"].as_u64().unwrap() {
        let (_, body) = raw.get("/tickets", &[("page", &page.to_string())]).await;
        tickets.extend(body["tickets"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(tickets.len() as u64, first["total"].as_u64().unwrap());
    for tag in &tags {
        for key in ["name", "author", "creation_date", "group"] {
            assert!(tag.get(key).is_some(), "{key} in {tag}");
        }
        let name = tag["name"].as_str().unwrap();
        let group = tag["group"].as_i64().unwrap();
        let in_group =
            |groups: &Value| group == 0 || groups.as_array().unwrap().contains(&json!(group));
        let in_chats = chats
            .iter()
            .filter(|c| in_group(&c["group"]) && strings(&c["tags"]).contains(&name))
            .count() as u64;
        let in_tickets = tickets
            .iter()
            .filter(|t| in_group(&t["groups"]) && strings(&t["tags"]).contains(&name))
            .count() as u64;
        assert_eq!(
            count_of(&json!(tags), name, group),
            (in_chats, in_tickets),
            "{name}"
        );
        assert!(in_chats > 0, "{name} is used in chats");
    }

    let (status, sales_group) = raw.get("/tags", &[("group", "1")]).await;
    assert_eq!(status, 200);
    let sales_group = sales_group.as_array().unwrap();
    assert!(!sales_group.is_empty());
    assert!(sales_group.iter().all(|t| t["group"] == 1));
    assert_eq!(
        sales_group.len(),
        tags.iter().filter(|t| t["group"] == 1).count()
    );
    let (status, _) = raw.get("/tags", &[("group", "one")]).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn retagging_a_chat_replaces_its_tags_and_moves_the_counts() {
    let raw = Raw::start().await;
    let all = seeded(&raw).await;
    let chat = all
        .iter()
        .find(|c| c["group"][0] == 1 && strings(&c["tags"]) == ["support"])
        .or_else(|| {
            all.iter().find(|c| {
                c["group"][0] == 1
                    && strings(&c["tags"]).contains(&"support")
                    && !strings(&c["tags"]).contains(&"sales")
            })
        })
        .expect("a chat of group 1 tagged support, not sales")
        .clone();
    let id = chat["id"].as_str().unwrap();
    let (_, before) = raw.get("/tags", &[]).await;

    let (status, body) = Raw::send(
        raw.request(Method::PUT, &format!("/chats/{id}/tags"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("tag[]=sales&tag[]=pricing"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 1);
    assert_eq!(body["pages"], 1);
    assert_eq!(body["chats"][0]["id"], id);
    assert_eq!(body["chats"][0]["tags"], json!(["sales", "pricing"]));
    let (_, read) = raw.get(&format!("/chats/{id}"), &[]).await;
    assert_eq!(read["tags"], json!(["sales", "pricing"]));
    let mut unchanged = read.clone();
    unchanged["tags"] = chat["tags"].clone();
    assert_eq!(unchanged, chat, "only the tags changed");

    let (_, after) = raw.get("/tags", &[]).await;
    let (sales_before, _) = count_of(&before, "sales", 1);
    let (pricing_before, _) = count_of(&before, "pricing", 1);
    let (support_before, _) = count_of(&before, "support", 0);
    assert_eq!(count_of(&after, "sales", 1).0, sales_before + 1);
    assert_eq!(count_of(&after, "pricing", 1).0, pricing_before + 1);
    assert_eq!(count_of(&after, "support", 0).0, support_before - 1);
    let tagged = all_chats(&raw, &[("tag[]", "pricing"), ("tag[]", "sales")]).await;
    assert!(ids(&tagged).contains(&id.to_owned()));

    // JSON body, and clearing the tags.
    let (status, body) = raw
        .json(
            Method::PUT,
            &format!("/chats/{id}/tags"),
            &json!({"tag": []}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["chats"][0]["tags"], json!([]));
    let (_, cleared) = raw.get("/tags", &[]).await;
    assert_eq!(count_of(&cleared, "sales", 1).0, sales_before);

    let (status, body) = raw
        .form(Method::PUT, &format!("/chats/{id}/tags"), &[("other", "x")])
        .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("tag is required")
    );
    let (status, _) = raw
        .form(Method::PUT, "/chats/NOSUCHCHAT/tags", &[("tag[]", "sales")])
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn tags_are_added_and_deleted_per_group() {
    let raw = Raw::start().await;
    let login = raw.fake().config().login.clone();
    let (status, created) = raw
        .form(
            Method::POST,
            "/tags",
            &[("tag", "vip"), ("author", &login), ("group", "1")],
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["name"], "vip");
    assert_eq!(created["author"], login.as_str());
    assert_eq!(created["group"], 1);
    assert_eq!(created["count"], json!({"inChats": 0, "inTickets": 0}));
    assert!(created["creation_date"].as_i64().unwrap() > 0);
    let (_, listed) = raw.get("/tags", &[("group", "1")]).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "vip")
    );

    // The same name in another group is another tag; in the same group, a duplicate.
    let (status, _) = raw
        .json(
            Method::POST,
            "/tags",
            &json!({"tag": "vip", "author": login, "group": 2}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = raw
        .form(
            Method::POST,
            "/tags",
            &[("tag", "vip"), ("author", &login), ("group", "1")],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"], json!(["tag vip already exists in group 1"]));
    let (status, body) = raw.form(Method::POST, "/tags", &[("tag", "x")]).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!(["author is required", "group is required"])
    );
    let (status, body) = raw
        .form(
            Method::POST,
            "/tags",
            &[
                ("tag", "x"),
                ("author", "nobody@mycompany.com"),
                ("group", "7"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "author nobody@mycompany.com is not an agent",
            "group 7 does not exist"
        ])
    );

    // A tag already on chats counts them as soon as it exists.
    let (status, created) = raw
        .form(
            Method::POST,
            "/tags",
            &[("tag", "sales"), ("author", &login), ("group", "2")],
        )
        .await;
    assert_eq!(status, 200);
    let all = seeded(&raw).await;
    let expected = all
        .iter()
        .filter(|c| c["group"][0] == 2 && strings(&c["tags"]).contains(&"sales"))
        .count();
    assert_eq!(created["count"]["inChats"], expected);

    // Deleting: `group` travels in the body of the DELETE.
    let (status, body) = raw
        .form(Method::DELETE, "/tags/vip", &[("group", "1")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"ok": true}));
    let (_, listed) = raw.get("/tags", &[]).await;
    let vips: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["name"] == "vip")
        .collect();
    assert_eq!(vips.len(), 1);
    assert_eq!(vips[0]["group"], 2);
    let (status, body) = raw
        .form(Method::DELETE, "/tags/vip", &[("group", "1")])
        .await;
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("vip"));
    let (status, body) = Raw::send(raw.request(Method::DELETE, "/tags/vip")).await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("group is required")
    );
    let (status, _) = raw
        .json(Method::DELETE, "/tags/vip", &json!({"group": 2}))
        .await;
    assert_eq!(status, 200);

    // Deleting a tag keeps it on the archived chats.
    let before = all_chats(&raw, &[("tag[]", "discount")]).await.len();
    assert!(before > 0);
    let (status, _) = raw
        .form(Method::DELETE, "/tags/discount", &[("group", "1")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        all_chats(&raw, &[("tag[]", "discount")]).await.len(),
        before
    );
}

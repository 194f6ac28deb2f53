//! Raw HTTP against the fake, for tests of its wire contract: requests built by hand with
//! the version header and the account's Basic credentials (or without them), answers read
//! as `(status, JSON)`; and a few helpers to check those answers with ([`ids`],
//! [`strings`], [`utc_date`]).
//!
//! ```no_run
//! # async fn example() {
//! use livechat_tests::raw::Raw;
//!
//! let raw = Raw::start().await;
//! let (status, chats) = raw.get("/chats", &[("page", "2")]).await;
//! assert_eq!(status, 200);
//! let (status, _) = raw
//!     .form(reqwest::Method::POST, "/tags", &[("tag", "vip"), ("group", "1")])
//!     .await;
//! # }
//! ```
//!
//! Every helper panics when the fake cannot be reached or, for the JSON ones, when the
//! answer is not JSON: they are meant for tests.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

use crate::fake::{Config, FakeLiveChat};

/// Query or form pairs, in order.
pub type Pairs<'a> = &'a [(&'a str, &'a str)];

/// Items on one page of `/chats` and `/tickets`.
const PAGE_SIZE: usize = 25;

/// A running fake and an HTTP client to call it with.
pub struct Raw {
    fake: FakeLiveChat,
    http: reqwest::Client,
}

impl Raw {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> Raw {
        Raw::start_with(Config::default()).await
    }

    /// Starts a fake with the given configuration.
    pub async fn start_with(config: Config) -> Raw {
        // reqwest is built without a crypto provider of its own (see livechat-api's features).
        let _ = rustls::crypto::ring::default_provider().install_default();
        Raw {
            fake: FakeLiveChat::start_with(config).await.expect("fake starts"),
            http: reqwest::Client::new(),
        }
    }

    /// The fake, for its configuration, its deliveries or a typed client.
    pub fn fake(&self) -> &FakeLiveChat {
        &self.fake
    }

    /// The HTTP client, for requests without the usual headers.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The `Authorization` header of the account's Basic credentials.
    pub fn basic(&self) -> String {
        let config = self.fake.config();
        let pair = format!("{}:{}", config.login, config.api_key);
        format!("Basic {}", STANDARD.encode(pair))
    }

    /// The licence number as text, as visitor calls send it.
    pub fn licence(&self) -> String {
        self.fake.config().license_id.to_string()
    }

    /// A request with `X-API-Version: 2` and the account's credentials. `path` may carry
    /// a query (see [`with_query`]).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.visitor(method, path)
            .header(AUTHORIZATION, self.basic())
    }

    /// A request as a visitor's widget sends it: `X-API-Version: 2`, no credentials.
    pub fn visitor(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.fake.base_url()))
            .header("X-API-Version", "2")
    }

    /// Sends a request: the status and the body as text.
    pub async fn send_text(builder: RequestBuilder) -> (u16, String) {
        let response = builder.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    /// Sends a request: the status and the body as JSON.
    pub async fn send(builder: RequestBuilder) -> (u16, Value) {
        let (status, text) = Raw::send_text(builder).await;
        let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (status, body)
    }

    /// `GET path?query` with the account's credentials.
    pub async fn get(&self, path: &str, query: Pairs<'_>) -> (u16, Value) {
        Raw::send(self.request(Method::GET, &with_query(path, query))).await
    }

    /// `GET path?query` that must succeed: the body.
    ///
    /// # Panics
    /// On another status than 200.
    pub async fn get_ok(&self, path: &str, query: Pairs<'_>) -> Value {
        let (status, body) = self.get(path, query).await;
        assert_eq!(status, 200, "{path} {query:?}: {body}");
        body
    }

    /// A form body (`application/x-www-form-urlencoded`) sent with the account's
    /// credentials.
    pub async fn form(&self, method: Method, path: &str, form: Pairs<'_>) -> (u16, Value) {
        Raw::send(with_form(self.request(method, path), form)).await
    }

    /// A JSON body sent with the account's credentials.
    pub async fn json(&self, method: Method, path: &str, body: &Value) -> (u16, Value) {
        Raw::send(
            self.request(method, path)
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string()),
        )
        .await
    }

    /// A form POSTed as a visitor's widget sends it, without account credentials.
    pub async fn visitor_form(&self, path: &str, form: Pairs<'_>) -> (u16, Value) {
        Raw::send(with_form(self.visitor(Method::POST, path), form)).await
    }

    /// A visitor's chat call, `POST /visitors/{visitor}/chat/{what}`: the licence number
    /// (`licence_id`) and then `form`, without account credentials.
    pub async fn visitor_chat(&self, visitor: &str, what: &str, form: Pairs<'_>) -> (u16, Value) {
        let licence = self.licence();
        let mut pairs = vec![("licence_id", licence.as_str())];
        pairs.extend_from_slice(form);
        self.visitor_form(&format!("/visitors/{visitor}/chat/{what}"), &pairs)
            .await
    }

    /// Every item of a paged list (`/chats`, `/tickets`) that `query` matches, the items
    /// under `key` of page after page. Checks the paging as it goes: a 200 for every
    /// page, 25 items a page but the last, `pages` and `total` that agree.
    pub async fn all_pages(&self, path: &str, key: &str, query: Pairs<'_>) -> Vec<Value> {
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let page_text = page.to_string();
            let mut with_page = query.to_vec();
            with_page.push(("page", &page_text));
            let (status, body) = self.get(path, &with_page).await;
            assert_eq!(status, 200, "{path} {query:?}: {body}");
            let total = body["total"].as_u64().unwrap() as usize;
            let pages = body["pages"].as_u64().unwrap() as usize;
            assert_eq!(pages, total.div_ceil(PAGE_SIZE), "{path} {query:?}");
            let found = body[key].as_array().unwrap();
            let expected = match page.cmp(&pages) {
                std::cmp::Ordering::Less => PAGE_SIZE,
                std::cmp::Ordering::Equal => total - PAGE_SIZE * (pages - 1),
                std::cmp::Ordering::Greater => 0,
            };
            assert_eq!(found.len(), expected, "{path} {query:?} page {page}");
            items.extend(found.iter().cloned());
            if page >= pages {
                assert_eq!(items.len(), total, "{path} {query:?}");
                return items;
            }
            page += 1;
        }
    }

    /// Checks a filter of a paged list: `query` keeps exactly the items of `all` (the
    /// whole list, as [`all_pages`](Raw::all_pages) reads it) that `keep` accepts, in
    /// their order, and narrows the list without emptying it.
    pub async fn check_filter(
        &self,
        path: &str,
        key: &str,
        all: &[Value],
        query: Pairs<'_>,
        keep: impl Fn(&Value) -> bool,
    ) {
        let expected = ids(all.iter().filter(|item| keep(item)));
        assert!(!expected.is_empty(), "{query:?} matches some seeded {key}");
        assert!(
            expected.len() < all.len(),
            "{query:?} leaves some {key} out"
        );
        let found = self.all_pages(path, key, query).await;
        assert_eq!(ids(&found), expected, "{query:?}");
    }
}

/// The request with a form body (`application/x-www-form-urlencoded`).
fn with_form(builder: RequestBuilder, form: Pairs<'_>) -> RequestBuilder {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    builder
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
}

/// The `id` of each item, as text.
pub fn ids<'a>(items: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    items
        .into_iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The strings of a JSON list (none when it is not a list).
pub fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `path` with the query pairs appended, percent-encoded: `/chats?tag%5B%5D=sales`.
pub fn with_query(path: &str, query: Pairs<'_>) -> String {
    const BASE: &str = "http://x";
    let mut url = url::Url::parse(BASE)
        .and_then(|base| base.join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"));
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    url.as_str()[BASE.len()..].to_owned()
}

/// (year, month, day) of a Unix time in UTC, counted year by year and month by month
/// from 1970: apart from the fake's own date arithmetic, so that tests check it rather
/// than repeat it.
pub fn utc_date(ts: i64) -> (i64, i64, i64) {
    let leap = |year: i64| (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let year_days = |year: i64| if leap(year) { 366 } else { 365 };
    let month_days = |year: i64, month: i64| match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let mut days = ts.div_euclid(86_400);
    let mut year = 1970;
    while days < 0 {
        year -= 1;
        days += year_days(year);
    }
    while days >= year_days(year) {
        days -= year_days(year);
        year += 1;
    }
    let mut month = 1;
    while days >= month_days(year, month) {
        days -= month_days(year, month);
        month += 1;
    }
    (year, month, days + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates_count_leap_years() {
        assert_eq!(utc_date(0), (1970, 1, 1));
        assert_eq!(utc_date(-1), (1969, 12, 31));
        assert_eq!(utc_date(951_782_400), (2000, 2, 29));
        assert_eq!(utc_date(1_356_998_400), (2013, 1, 1));
        assert_eq!(utc_date(1_372_636_799), (2013, 6, 30));
    }

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(with_query("/chats", &[]), "/chats");
        assert_eq!(
            with_query("/chats", &[("tag[]", "a b"), ("page", "2")]),
            "/chats?tag%5B%5D=a+b&page=2"
        );
    }
}

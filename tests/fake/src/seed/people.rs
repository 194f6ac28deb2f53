//! Names, places, browsers and pages that seeded visitors are made of.

use serde_json::{Value, json};

use super::SEED_FROM;
use super::rng::{Rng, between, chance, pick, word};
use crate::ids::visitor_id;

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Mary", "James", "Anna", "Peter", "Laura", "Tom", "Sofia", "Lucas", "Emma", "Noah", "Olivia",
    "Liam", "Mia", "Jakub", "Zofia", "Hans", "Chloe", "Mateo", "Yuki", "Grace",
];
pub(crate) const LAST_NAMES: &[&str] = &[
    "Brown", "Smith", "Kowalski", "Nowak", "Schmidt", "Martin", "Garcia", "Tanaka", "Wilson",
    "Taylor", "Dubois", "Rossi", "Lee", "Walker", "Young",
];

/// City, region, country, country code, time zone.
pub(crate) const PLACES: &[(&str, &str, &str, &str, &str)] = &[
    ("Central District", "", "Hong Kong", "HK", "Asia/Hong_Kong"),
    (
        "New York",
        "New York",
        "United States",
        "US",
        "America/New_York",
    ),
    (
        "Greenville",
        "North Carolina",
        "United States",
        "US",
        "America/New_York",
    ),
    (
        "Phoenix",
        "Arizona",
        "United States",
        "US",
        "America/Phoenix",
    ),
    (
        "San Francisco",
        "California",
        "United States",
        "US",
        "America/Los_Angeles",
    ),
    ("London", "England", "United Kingdom", "GB", "Europe/London"),
    ("Berlin", "Berlin", "Germany", "DE", "Europe/Berlin"),
    ("Munich", "Bavaria", "Germany", "DE", "Europe/Berlin"),
    ("Wroclaw", "Lower Silesia", "Poland", "PL", "Europe/Warsaw"),
    ("Warsaw", "Masovia", "Poland", "PL", "Europe/Warsaw"),
    ("Paris", "Ile-de-France", "France", "FR", "Europe/Paris"),
    ("Toronto", "Ontario", "Canada", "CA", "America/Toronto"),
    (
        "Sydney",
        "New South Wales",
        "Australia",
        "AU",
        "Australia/Sydney",
    ),
    ("Madrid", "Madrid", "Spain", "ES", "Europe/Madrid"),
    ("Tokyo", "Tokyo", "Japan", "JP", "Asia/Tokyo"),
];

pub(crate) const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; rv:20.0) Gecko/20100101 Firefox/20.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 6_1_3 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10B329 Safari/8536.25",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
];

/// Pages of the licence's site: (URL, title).
pub(crate) const PAGES: &[(&str, &str)] = &[
    (
        "https://www.mycompany.com/",
        "MyCompany - Shoes for everyone",
    ),
    ("https://www.mycompany.com/pricing", "Pricing - MyCompany"),
    (
        "https://www.mycompany.com/shop/running",
        "Running shoes - MyCompany",
    ),
    (
        "https://www.mycompany.com/shop/cart",
        "Your cart - MyCompany",
    ),
    (
        "https://www.mycompany.com/help/installation",
        "Installation guide - MyCompany",
    ),
    (
        "https://www.mycompany.com/contact",
        "Contact us - MyCompany",
    ),
];

pub(crate) const REFERRERS: &[&str] = &[
    "https://www.google.com/",
    "https://www.facebook.com/",
    "https://duckduckgo.com/",
    "https://news.ycombinator.com/",
];

/// Someone who chats: the `visitor` of an archived chat plus an e-mail address.
#[derive(Clone)]
pub(crate) struct Person {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) ip: String,
    pub(crate) place: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    pub(crate) user_agent: &'static str,
    pub(crate) login: Option<String>,
}

pub(crate) fn person(rng: &mut Rng) -> Person {
    let first = *pick(rng, FIRST_NAMES);
    let last = *pick(rng, LAST_NAMES);
    let seen = between(rng, SEED_FROM - 86_400 * 200, SEED_FROM);
    Person {
        id: visitor_id(rng, seen),
        name: format!("{first} {last}"),
        email: format!(
            "{}.{}{}@{}",
            first.to_lowercase(),
            last.to_lowercase(),
            rng.below(90) + 10,
            pick(rng, &["email.com", "example.org", "mail.net"])
        ),
        ip: format!(
            "{}.{}.{}.{}",
            between(rng, 11, 223),
            rng.below(256),
            rng.below(256),
            between(rng, 1, 254)
        ),
        place: *pick(rng, PLACES),
        user_agent: word(rng, USER_AGENTS),
        login: chance(rng, 30).then(|| format!("{}_{}", first.to_lowercase(), last.to_lowercase())),
    }
}

impl Person {
    pub(crate) fn visitor(&self) -> Value {
        let (city, region, country, code, timezone) = self.place;
        json!({
            "id": self.id,
            "name": self.name,
            "ip": self.ip,
            "city": city,
            "country": country,
            "country_code": code,
            "timezone": timezone,
            "region": region,
            "user_agent": self.user_agent,
        })
    }
}

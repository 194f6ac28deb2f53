//! The seeded tags, and how seeded chats and tickets pick theirs.

use super::SEED_FROM;
use super::rng::{Rng, between, chance, pick};
use crate::Data;
use crate::tags::Tag;

/// Name, group, author index (0 = the owner).
const TAGS: &[(&str, i64, usize)] = &[
    ("support", 0, 0),
    ("feedback", 0, 0),
    ("complaint", 0, 1),
    ("sales", 1, 0),
    ("pricing", 1, 1),
    ("discount", 1, 1),
    ("bug", 2, 0),
    ("installation", 2, 2),
];

pub(crate) fn seed(data: &mut Data, rng: &mut Rng) {
    let mut created = SEED_FROM - 86_400 * 45;
    for (name, group, author) in TAGS {
        created += between(rng, 3_600, 86_400 * 4);
        let author = data
            .agents
            .get(*author)
            .or_else(|| data.agents.first())
            .and_then(|agent| agent["login"].as_str())
            .unwrap_or(&data.config.login)
            .to_owned();
        data.tags.push(Tag {
            name: (*name).to_owned(),
            group: *group,
            author,
            creation_date: created,
        });
    }
}

/// Tag names a chat or ticket of `group` can carry.
pub(crate) fn tags_for(data: &Data, group: i64) -> Vec<String> {
    data.tags
        .iter()
        .filter(|tag| tag.group == 0 || tag.group == group)
        .map(|tag| tag.name.clone())
        .collect()
}

pub(crate) fn choose_tags(rng: &mut Rng, available: &[String], percent_tagged: u64) -> Vec<String> {
    let mut tags = Vec::new();
    if available.is_empty() || !chance(rng, percent_tagged) {
        return tags;
    }
    let count = 1 + rng.below(3) as usize;
    for _ in 0..count {
        let tag = pick(rng, available).clone();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

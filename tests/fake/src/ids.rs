//! Identifiers of chats, tickets and visitors: random, and never one already in use.

use std::collections::HashSet;

use crate::Data;
use crate::seed::Rng;

const ID_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// An id of `len` upper-case letters and digits that `taken` does not hold yet.
pub(crate) fn unique_id(rng: &mut Rng, len: usize, taken: &mut HashSet<String>) -> String {
    loop {
        let id: String = (0..len)
            .map(|_| ID_CHARS[rng.below(ID_CHARS.len() as u64) as usize] as char)
            .collect();
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

/// The ids already used by chats (archived and running) and tickets.
pub(crate) fn taken_ids(data: &Data) -> HashSet<String> {
    data.chats
        .iter()
        .chain(data.tickets.iter())
        .filter_map(|item| item["id"].as_str())
        .chain(
            data.visitor_chats
                .iter()
                .filter_map(|session| session["chat"]["id"].as_str()),
        )
        .map(str::to_owned)
        .collect()
}

/// A visitor id like `S1355415390.49b8940793`.
pub(crate) fn visitor_id(rng: &mut Rng, first_seen: i64) -> String {
    format!("S{first_seen}.{}", &rng.hex()[..10])
}

//! Where an endpoint's `reference` key points: a section of LiveChat's public REST API v2
//! documentation, in their public repository, at the commit whose pages the spec follows.
//!
//! A key reads `<edition>/<page>.md#<anchor>`. The edition picks the commit and folder:
//! `2017` is the documentation as of August 2017, `2019` as of September 2019, the last
//! state before LiveChat retired these pages. The anchor is the one GitHub gives the
//! heading when it renders the page: the visible heading text, lowercased, without
//! punctuation other than `-` and `_`, spaces turned into `-`, and `-1`, `-2`… on
//! repeated headings (a `{#custom-id}` suffix is text to GitHub, so it becomes part of
//! the anchor).

/// LiveChat's public documentation repository.
const REPOSITORY: &str = "https://github.com/livechat/livechat-public-docs";

/// One edition of the reference pages: where its `<page>.md` lives in the repository.
struct Edition {
    /// The first segment of a `reference` key.
    name: &'static str,
    /// The commit whose files are byte for byte the pages the spec was written from.
    commit: &'static str,
    /// What goes before `<page>.md` in the repository.
    prefix: &'static str,
}

const EDITIONS: [Edition; 2] = [
    Edition {
        name: "2017",
        commit: "0cd6efacf3afa09804d62cb702d3b16e4cba0212",
        prefix: "rest-api/_",
    },
    Edition {
        name: "2019",
        commit: "93c885d9c7354460487040a188865eb6b8ef02a3",
        prefix: "site/content/rest-api/",
    },
];

/// The commit-pinned GitHub URL of a `reference` key, or `None` when the key does not
/// name an edition above, a page and an anchor made of the characters they can hold.
pub fn url(reference: &str) -> Option<String> {
    let (edition, rest) = reference.split_once('/')?;
    let (page, anchor) = rest.split_once('#')?;
    let edition = EDITIONS.iter().find(|known| known.name == edition)?;
    let page = page.strip_suffix(".md")?;
    let plain = |text: &str, extra: &[char]| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
    };
    if !plain(page, &['-']) || !plain(anchor, &['-', '_']) {
        return None;
    }
    Some(format!(
        "{REPOSITORY}/blob/{commit}/{prefix}{page}.md#{anchor}",
        commit = edition.commit,
        prefix = edition.prefix,
    ))
}

/// The closing line of an endpoint's documentation: the key, linked when it maps to a URL.
pub(crate) fn doc_line(reference: &str) -> String {
    match url(reference) {
        Some(url) => format!("Reference: [`{reference}`]({url})."),
        None => format!("Reference: `{reference}`."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_pinned_pages() {
        assert_eq!(
            url("2019/agents.md#update-an-agent").as_deref(),
            Some(
                "https://github.com/livechat/livechat-public-docs/blob/93c885d9c7354460487040a188865eb6b8ef02a3/site/content/rest-api/agents.md#update-an-agent"
            )
        );
        assert_eq!(
            url("2017/visitors-chat.md#start-chat").as_deref(),
            Some(
                "https://github.com/livechat/livechat-public-docs/blob/0cd6efacf3afa09804d62cb702d3b16e4cba0212/rest-api/_visitors-chat.md#start-chat"
            )
        );
    }

    #[test]
    fn keys_outside_the_scheme_stay_text() {
        for key in [
            "x.md#get",
            "2018/agents.md#list",
            "2019/agents.md",
            "2019/agents#list",
            "2019/agents.md#",
            "2019/../secrets.md#x",
            "2019/agents.md#list all",
            "2019/Agents.md#list",
            "2019/agents.md#a)b",
        ] {
            assert_eq!(url(key), None, "{key}");
            assert_eq!(doc_line(key), format!("Reference: `{key}`."));
        }
        assert!(
            doc_line("2019/tags.md#list-all-tags").starts_with(
                "Reference: [`2019/tags.md#list-all-tags`](https://github.com/livechat/"
            )
        );
    }
}

//! Every endpoint's `reference` becomes a link that lands on a heading of its page.
//!
//! The pages themselves are not part of this repository, so `reference-headings.txt`
//! beside this file keeps the anchors GitHub gives the headings of every page the spec
//! links to. With `LIVECHAT_REFERENCE_DIR` pointing at a copy of the pages (the folder
//! holding `2017/` and `2019/`), `the_table_matches_the_pages` recomputes the anchors
//! from them and compares; with `UPDATE_REFERENCE_HEADINGS=1` as well, it rewrites the
//! table instead.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use livechat_api_codegen::reference;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn table_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference-headings.txt")
}

/// Every `reference` of the spec.
fn references() -> Vec<String> {
    let spec = livechat_api_codegen::load(&root().join("api-spec"))
        .unwrap_or_else(|error| panic!("{error}"));
    spec.endpoints()
        .map(|(_, endpoint)| endpoint.reference.clone())
        .collect()
}

/// The committed table: page → its anchors, in page order.
fn table() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(table_path()).expect("the table is readable");
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let (page, anchor) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("`page anchor` expected: {line:?}"));
        pages.entry(page.into()).or_default().push(anchor.into());
    }
    pages
}

#[test]
fn every_reference_links_a_heading_of_its_page() {
    let table = table();
    let references = references();
    assert_eq!(references.len(), 68);
    for key in &references {
        let url = reference::url(key).unwrap_or_else(|| panic!("{key} maps to no URL"));
        let (page, anchor) = key.split_once('#').expect("an anchor");
        let anchors = table
            .get(page)
            .unwrap_or_else(|| panic!("{key}: {page} is not in the table"));
        assert!(
            anchors.iter().any(|known| known == anchor),
            "{key}: no heading of {page} has the anchor {anchor:?}"
        );
        assert!(url.ends_with(&format!(".md#{anchor}")), "{url}");
        assert!(
            url.starts_with("https://github.com/livechat/livechat-public-docs/blob/"),
            "{url}"
        );
    }
    // The table holds the pages the spec links to, and no other.
    let linked: BTreeSet<&str> = references
        .iter()
        .filter_map(|key| key.split_once('#').map(|(page, _)| page))
        .collect();
    let tabled: BTreeSet<&str> = table.keys().map(String::as_str).collect();
    assert_eq!(linked, tabled);
}

#[test]
fn generated_builders_link_the_reference() {
    let spec = livechat_api_codegen::load(&root().join("api-spec"))
        .unwrap_or_else(|error| panic!("{error}"));
    let code = livechat_api_codegen::generate(&spec);
    let links = code
        .matches("https://github.com/livechat/livechat-public-docs/blob/")
        .count();
    assert_eq!(links, 68);
    assert!(
        !code.contains("Reference: `20"),
        "an unlinked reference is left"
    );
}

/// The anchor GitHub gives a heading: its text lowercased, every character but letters,
/// digits, `-`, `_` and spaces dropped, spaces turned into `-`.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown page's ATX headings in order, repeats numbered as GitHub
/// numbers them, skipping front matter and fenced code.
fn anchors(page: &str) -> Vec<String> {
    let mut lines = page.lines().peekable();
    if lines.peek().map(|line| line.trim()) == Some("---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
        }
    }
    let mut fence: Option<String> = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut found = Vec::new();
    for line in lines {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        if marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(open) if marker.starts_with(open.as_str()) && trimmed.trim() == marker => {
                    fence = None
                }
                Some(_) => {}
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        let rest = &trimmed[level..];
        if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        let text = rest.trim().trim_end_matches('#').trim();
        let base = slug(text);
        let count = seen.entry(base.clone()).or_insert(0);
        found.push(if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        });
        *count += 1;
    }
    found
}

#[test]
fn anchors_follow_githubs_rules() {
    let page = "---\nweight: 20\n---\n\n# Visitor’s chat\n\n## Available paths {#agents-available-paths}\n\n\
        ```\n# not a heading\n```\n\n## Send chat transcript to e-mail\n#### Required properties\n\
        #### Required properties\n## Additional info:\n#hashtag\n";
    assert_eq!(
        anchors(page),
        [
            "visitors-chat",
            "available-paths-agents-available-paths",
            "send-chat-transcript-to-e-mail",
            "required-properties",
            "required-properties-1",
            "additional-info",
        ]
    );
}

#[test]
fn the_table_matches_the_pages() {
    let Some(dir) = std::env::var_os("LIVECHAT_REFERENCE_DIR") else {
        eprintln!("LIVECHAT_REFERENCE_DIR is not set: the pages are not compared");
        return;
    };
    let pages: BTreeSet<String> = references()
        .iter()
        .filter_map(|key| key.split_once('#').map(|(page, _)| page.to_owned()))
        .collect();
    let mut text = String::from(
        "# GitHub anchors of the headings of the reference pages api-spec/ links to, one\n\
         # `page anchor` per line in page order. Made by tests/reference_links.rs from the\n\
         # pages: LIVECHAT_REFERENCE_DIR=<folder of 2017/ and 2019/> UPDATE_REFERENCE_HEADINGS=1\n",
    );
    for page in &pages {
        let source = std::fs::read_to_string(Path::new(&dir).join(page))
            .unwrap_or_else(|error| panic!("{page}: {error}"));
        for anchor in anchors(&source) {
            text.push_str(&format!("{page} {anchor}\n"));
        }
    }
    if std::env::var_os("UPDATE_REFERENCE_HEADINGS").is_some() {
        std::fs::write(table_path(), &text).expect("the table is writable");
    } else {
        let committed = std::fs::read_to_string(table_path()).expect("the table is readable");
        assert!(
            committed == text,
            "tests/reference-headings.txt differs from the pages; rerun with UPDATE_REFERENCE_HEADINGS=1"
        );
    }
}

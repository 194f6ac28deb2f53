//! The generated code of the real spec: deterministic, and kept under review as a snapshot.

use std::path::Path;

fn spec() -> livechat_api_codegen::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    livechat_api_codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn generation_is_deterministic() {
    let spec = spec();
    assert_eq!(
        livechat_api_codegen::generate(&spec),
        livechat_api_codegen::generate(&spec)
    );
    assert_eq!(
        livechat_api_codegen::generate(&spec),
        livechat_api_codegen::generate(&self::spec())
    );
}

#[test]
fn generated_code_snapshot() {
    let code = livechat_api_codegen::generate(&spec());
    insta::assert_snapshot!("generated", code);
}

#[test]
fn endpoint_listing_snapshot() {
    insta::assert_snapshot!("endpoints", livechat_api_codegen::endpoint_lines(&spec()));
}

#[test]
fn the_readme_lists_every_endpoint() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md is readable");
    let start = "<!-- endpoints:start (cargo run -q -p codegen -- table) -->\n";
    let end = "<!-- endpoints:end -->";
    let block = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(block, _)| block)
        .expect("README.md has the endpoints block");
    assert_eq!(
        block,
        livechat_api_codegen::endpoint_table(&spec()),
        "README.md's endpoint table is stale: replace it with `cargo run -q -p codegen -- table`"
    );
}

/// The README quotes how long the generated code is; the figure must be today's.
#[test]
fn the_readme_states_the_generated_line_count() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md is readable");
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let marker = "writes it out (";
    let quoted = flat
        .split_once(marker)
        .and_then(|(_, rest)| rest.split_once(" lines today"))
        .map(|(count, _)| count.replace(',', ""))
        .expect("README.md says how many lines `codegen generate` writes");
    let lines = livechat_api_codegen::generate(&spec()).lines().count();
    assert_eq!(
        quoted,
        lines.to_string(),
        "README.md's line count of the generated code is stale: it is {lines} today"
    );
}

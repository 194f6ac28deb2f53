//! The generated code of the real spec: deterministic, and kept under review as a snapshot.

use std::path::Path;

fn spec() -> codegen::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn generation_is_deterministic() {
    let spec = spec();
    assert_eq!(codegen::generate(&spec), codegen::generate(&spec));
    assert_eq!(codegen::generate(&spec), codegen::generate(&self::spec()));
}

#[test]
fn generated_code_snapshot() {
    let code = codegen::generate(&spec());
    insta::assert_snapshot!("generated", code);
}

#[test]
fn endpoint_listing_snapshot() {
    insta::assert_snapshot!("endpoints", codegen::endpoint_lines(&spec()));
}

//! One tiny spec per generator feature and the code it generates, kept as a snapshot next
//! to the spec (`features/<feature>/generated.snap`), so a change to one feature of the
//! generator shows in that feature's output and a failure names the feature. The
//! whole-spec snapshot (`generated.rs`) still covers everything together.

use std::path::Path;

fn check(feature: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/features")
        .join(feature);
    let spec = livechat_api_codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"));
    let code = livechat_api_codegen::generate(&spec);
    insta::with_settings!({
        snapshot_path => dir,
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("generated", code);
    });
}

#[test]
fn enums() {
    check("enums");
}

#[test]
fn unions() {
    check("unions");
}

#[test]
fn paged_lists() {
    check("paged_lists");
}

#[test]
fn auth_less() {
    check("auth_less");
}

#[test]
fn flags() {
    check("flags");
}

#[test]
fn secrets() {
    check("secrets");
}

#[test]
fn input_setters() {
    check("input_setters");
}

#[test]
fn dates() {
    check("dates");
}

#[test]
fn ids_and_spread() {
    check("ids_and_spread");
}

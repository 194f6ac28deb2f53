//! Which fields of a union become shared accessors, and how a missing tag is decoded.

use livechat_api_codegen::{generate, load_sources};

const SPEC: &str = r#"
[resource]
name = "shapes"
doc = "Shapes."

[[endpoint]]
name = "get"
doc = "Gets a shape."
method = "GET"
path = "/shapes"
response = "Shape"
reference = "x.md#get"

[[model]]
name = "Shape"
kind = "union"
tag = "kind"
doc = "A shape."

[[model.variant]]
tag = "round"
model = "Round"
doc = "Round."

[[model.variant]]
tag = "square"
model = "Square"
doc = "Square."
TAGLESS

[[model]]
name = "Round"
doc = "A round shape."

[[model.field]]
name = "kind"
type = "string"
doc = "The tag."

[[model.field]]
name = "label"
type = "string"
doc = "Shared, same type."

[[model.field]]
name = "size"
type = "int"
doc = "Shared name, other type."

[[model.field]]
name = "key"
type = "secret"
doc = "Shared secret."

[[model.field]]
name = "corners"
type = "list<int>"
required = true
doc = "Shared list."

[[model]]
name = "Square"
doc = "A square shape."

[[model.field]]
name = "kind"
type = "string"
doc = "The tag."

[[model.field]]
name = "label"
type = "string"
required = true
doc = "Shared, same type, required here."

[[model.field]]
name = "size"
type = "float"
doc = "Shared name, other type."

[[model.field]]
name = "key"
type = "secret"
doc = "Shared secret."

[[model.field]]
name = "corners"
type = "list<int>"
doc = "Shared list."
"#;

fn generated(tagless: &str) -> String {
    let text = SPEC.replace("TAGLESS", tagless);
    let spec = load_sources(&[("shapes.toml".to_owned(), text)]).unwrap_or_else(|e| panic!("{e}"));
    generate(&spec)
}

#[test]
fn only_fields_every_variant_shares_with_one_type_become_accessors() {
    let code = generated("");
    assert!(
        code.contains("pub fn label(&self) -> Option<&str>"),
        "{code}"
    );
    assert!(code.contains("Self::Square(value) => Some(value.label.as_str())"));
    assert!(code.contains("Self::Round(value) => value.label.as_deref()"));
    assert!(code.contains("pub fn corners(&self) -> &[i64]"));
    assert!(
        !code.contains("pub fn size("),
        "types differ between variants"
    );
    assert!(!code.contains("pub fn kind("), "the tag is not an accessor");
    assert!(!code.contains("pub fn key("), "secrets get no accessor");
    assert!(
        !code.contains("Tag::Missing"),
        "no tagless branch without a tagless variant"
    );
}

#[test]
fn a_tagless_variant_takes_absent_or_null_tags_and_shares_its_fields() {
    let code = generated(
        "\n[[model.variant]]\ntag_missing = true\nname = \"Plain\"\nmodel = \"Round\"\ndoc = \"Untagged.\"\n",
    );
    assert!(
        code.contains("Tag::Missing => tolerant::variant(json).map(Self::Plain)")
            && code.contains("tolerant::variant(json).map(Self::Plain)"),
        "{code}"
    );
    assert!(code.contains("Self::Plain(value) => value.label.as_deref()"));
    assert!(code.contains("Selected when the object has no `kind` key, or a null one."));
}

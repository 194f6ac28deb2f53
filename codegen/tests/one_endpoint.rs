//! A change to one endpoint of the spec changes the generated code of that endpoint only:
//! its constructor on the resource handle, its builder type and the builder's impls. No
//! import, model or other endpoint moves, so a spec change reviews as a small diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use quote::ToTokens;
use syn::{ImplItem, Item};

/// The real spec's files, as `load_sources` takes them.
fn sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("api-spec is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .expect("a file name")
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("a spec file is readable");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn generate(sources: &[(String, String)]) -> String {
    let spec =
        livechat_api_codegen::load_sources(sources).unwrap_or_else(|error| panic!("{error}"));
    livechat_api_codegen::generate(&spec)
}

fn text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

/// Every item of the generated file by a key that survives reordering: modules are
/// walked into, and each method of an `impl` block is an entry of its own.
fn items(code: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, items: &[Item], out: &mut BTreeMap<String, String>) {
        for item in items {
            match item {
                Item::Mod(module) => {
                    let name = format!("{prefix}{}::", module.ident);
                    if let Some((_, inner)) = &module.content {
                        walk(&name, inner, out);
                    }
                }
                Item::Impl(block) => {
                    let trait_name = block
                        .trait_
                        .as_ref()
                        .map(|(path, _)| format!("{} for ", text(path)))
                        .unwrap_or_default();
                    let key = format!("{prefix}impl {trait_name}{}", text(&block.self_ty));
                    let rest: String = block
                        .attrs
                        .iter()
                        .map(text)
                        .chain(block.items.iter().filter_map(|item| match item {
                            ImplItem::Fn(_) => None,
                            other => Some(text(other)),
                        }))
                        .collect();
                    out.insert(key.clone(), format!("{} {rest}", text(&block.generics)));
                    for item in &block.items {
                        if let ImplItem::Fn(method) = item {
                            out.insert(format!("{key} fn {}", method.sig.ident), text(method));
                        }
                    }
                }
                other => {
                    let key = format!("{prefix}{}", text(other).split('{').next().unwrap_or(""));
                    let previous = out.insert(key.clone(), text(other));
                    assert!(previous.is_none(), "two items share the key {key}");
                }
            }
        }
    }
    let file = syn::parse_file(code).expect("the generated code parses");
    let mut out = BTreeMap::new();
    walk("", &file.items, &mut out);
    out
}

/// The keys whose item differs between the two versions, or exists in one only.
fn changed(before: &str, after: &str) -> BTreeSet<String> {
    let before = items(before);
    let after = items(after);
    before
        .keys()
        .chain(after.keys())
        .filter(|key| before.get(*key) != after.get(*key))
        .cloned()
        .collect()
}

/// Whether a changed item belongs to the endpoint `agents.list`, whose builder is
/// `ListAgents` and whose constructor is `Agents::list`.
fn belongs_to_agents_list(key: &str) -> bool {
    let own_builder = |key: &str| {
        key.split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == "ListAgents")
    };
    key.starts_with("agents::") && (own_builder(key) || key == "agents::impl Agents < 'a > fn list")
}

fn edited(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut sources = sources();
    let (_, text) = sources
        .iter_mut()
        .find(|(name, _)| name == file)
        .expect("the spec file exists");
    assert_eq!(
        text.matches(from).count(),
        1,
        "the edit {from:?} applies once"
    );
    *text = text.replacen(from, to, 1);
    sources
}

const LIST_STATUS: &str = "name = \"status\"\ntype = \"AgentStatus\"\ndoc = \"Only return agents currently in this status.\"\n";

#[test]
fn a_new_parameter_changes_its_endpoint_only() {
    let before = generate(&sources());
    let after = generate(&edited(
        "agents.toml",
        LIST_STATUS,
        &format!(
            "{LIST_STATUS}\n[[endpoint.param]]\nname = \"group\"\ntype = \"int\"\ndoc = \"Only agents of this group.\"\n"
        ),
    ));
    let changed = changed(&before, &after);
    assert!(
        changed.iter().any(|key| key.contains("struct ListAgents")),
        "the builder gains a field: {changed:#?}"
    );
    let strays: Vec<&String> = changed
        .iter()
        .filter(|key| !belongs_to_agents_list(key))
        .collect();
    assert!(
        strays.is_empty(),
        "items outside agents.list changed: {strays:#?}"
    );
}

#[test]
fn a_changed_parameter_type_changes_its_endpoint_only() {
    let before = generate(&sources());
    let after = generate(&edited(
        "agents.toml",
        LIST_STATUS,
        &LIST_STATUS.replace("type = \"AgentStatus\"", "type = \"list<AgentStatus>\""),
    ));
    let changed = changed(&before, &after);
    assert!(!changed.is_empty(), "the edit changes the output");
    let strays: Vec<&String> = changed
        .iter()
        .filter(|key| !belongs_to_agents_list(key))
        .collect();
    assert!(
        strays.is_empty(),
        "items outside agents.list changed: {strays:#?}"
    );
}

/// The test's own yardstick: a change to another endpoint is seen as one.
#[test]
fn a_change_elsewhere_is_not_taken_for_agents_list() {
    let before = generate(&sources());
    let after = generate(&edited(
        "agents.toml",
        "doc = \"Fetches every detail of one agent.\"",
        "doc = \"Fetches one agent.\"",
    ));
    let changed = changed(&before, &after);
    assert!(!changed.is_empty());
    assert!(
        changed.iter().all(|key| !belongs_to_agents_list(key)),
        "{changed:#?}"
    );
}

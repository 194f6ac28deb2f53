//! Turns the generated code's fully qualified paths into `use` items at the top of each
//! module, the way a person writes them.
//!
//! The emitters write every reference to the library and to `serde`, `serde_json` and
//! `std` in full (`crate::models::Agent`, `serde_json::Value`), which is unambiguous
//! wherever it lands. This pass then shortens each one to its first type-like segment
//! (`Agent`, `Value`, `Method::Get`) or, for a function, to its module
//! (`tolerant::object`; `std::fmt` items keep `fmt::`, as is usual), and adds the matching
//! `use` items. It works on the syntax tree, so it holds for any item an emitter adds.
//!
//! A path stays in full when its short name already means something else in the module:
//! an item of the module, a one-segment name used there (`Result` for
//! `std::result::Result`, a local variable), a name imported from elsewhere, or the short
//! name of another path.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit_mut::{self, VisitMut};
use syn::{Item, Path};

/// The crates whose paths are shortened.
const ROOTS: &[&str] = &["crate", "serde", "serde_json", "std"];

/// Shortens the qualified paths inside every inline module of `file`.
pub(crate) fn shorten(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && let Some((_, items)) = &mut module.content
        {
            shorten_module(&module.ident.to_string(), items);
        }
    }
}

/// A qualified path split into what is imported and what is left in the code.
struct Split {
    /// The imported path without its last segment, e.g. `crate::models`; `None` for an
    /// item of the module itself, which needs no import.
    parent: Option<String>,
    /// The short name left in the code: the first segment kept.
    name: String,
    /// How many leading segments the short form drops.
    dropped: usize,
}

/// Where a `crate::` path is cut: before its first UpperCamelCase segment (a type, trait
/// or enum: `crate::request::Method::Get` keeps `Method::Get`), or else before its module
/// (`crate::tolerant::object` keeps `tolerant::object`).
fn split(module: &str, segments: &[String]) -> Option<Split> {
    if segments.len() < 2 || !ROOTS.contains(&segments[0].as_str()) {
        return None;
    }
    if segments.len() >= 3 && segments[0] == "std" && segments[1] == "fmt" {
        return Some(Split {
            parent: Some("std".to_owned()),
            name: "fmt".to_owned(),
            dropped: 1,
        });
    }
    if segments.len() >= 3 && segments[0] == "crate" && segments[1] == module {
        return Some(Split {
            parent: None,
            name: segments[2].clone(),
            dropped: 2,
        });
    }
    let kept = match segments[1..]
        .iter()
        .position(|segment| segment.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        Some(index) => index + 1,
        // `crate::function` has no module to keep.
        None if segments.len() >= 3 => segments.len() - 2,
        None if segments[0] != "crate" => return None,
        None => return None,
    };
    Some(Split {
        parent: Some(segments[..kept].join("::")),
        name: segments[kept].clone(),
        dropped: kept,
    })
}

fn names(path: &Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect()
}

/// Gathers the module's one-segment names and its qualified paths.
#[derive(Default)]
struct Survey {
    single: BTreeSet<String>,
    qualified: BTreeSet<Vec<String>>,
}

impl VisitMut for Survey {
    fn visit_path_mut(&mut self, path: &mut Path) {
        let segments = names(path);
        if segments.len() == 1 && path.leading_colon.is_none() {
            self.single.extend(segments);
        } else if segments
            .first()
            .is_some_and(|first| ROOTS.contains(&first.as_str()))
        {
            self.qualified.insert(segments);
        }
        visit_mut::visit_path_mut(self, path);
    }
}

/// Replaces each chosen path by its short form, in code and in doc links.
struct Shorten<'a> {
    chosen: &'a BTreeMap<Vec<String>, usize>,
    module: &'a str,
    /// The names of the module's own items.
    own: &'a BTreeSet<String>,
}

impl Shorten<'_> {
    /// Whether the doc link `[`label`](target)` reaches the same item without its
    /// target, now that the label's path is in scope.
    fn label_suffices(&self, label: &str, target: &str) -> bool {
        let segments: Vec<String> = target.split("::").map(str::to_owned).collect();
        if let Some(&dropped) = self.chosen.get(&segments) {
            return segments[dropped..].join("::") == label;
        }
        segments.len() == 3
            && segments[0] == "crate"
            && segments[1] == self.module
            && segments[2] == label
            && self.own.contains(label)
    }

    /// `text` with the targets of doc links dropped where the label alone resolves to
    /// them; rustdoc calls such targets redundant.
    fn doc_links(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("[`") {
            out.push_str(&rest[..start]);
            let link = &rest[start..];
            let parsed = link[2..].split_once("`](").and_then(|(label, after)| {
                let (target, _) = after.split_once(')')?;
                Some((label, target))
            });
            match parsed {
                Some((label, target)) if self.label_suffices(label, target) => {
                    out.push_str(&format!("[`{label}`]"));
                    rest = &link[2 + label.len() + 3 + target.len() + 1..];
                }
                _ => {
                    out.push_str("[`");
                    rest = &link[2..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl VisitMut for Shorten<'_> {
    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if let syn::Meta::NameValue(doc) = &mut attribute.meta
            && doc.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &mut doc.value
        {
            let value = text.value();
            let shortened = self.doc_links(&value);
            if shortened != value {
                *text = syn::LitStr::new(&shortened, text.span());
            }
        }
        visit_mut::visit_attribute_mut(self, attribute);
    }

    // In `<T as a::b::Trait>::item` the qualified self counts the trait's segments; a
    // shortened trait path must count the segments it has left.
    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        let before = expr.path.segments.len();
        visit_mut::visit_expr_path_mut(self, expr);
        shift_qself(expr.qself.as_mut(), before - expr.path.segments.len());
    }

    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        let before = ty.path.segments.len();
        visit_mut::visit_type_path_mut(self, ty);
        shift_qself(ty.qself.as_mut(), before - ty.path.segments.len());
    }

    fn visit_path_mut(&mut self, path: &mut Path) {
        if let Some(&dropped) = self.chosen.get(&names(path)) {
            path.segments = std::mem::take(&mut path.segments)
                .into_iter()
                .skip(dropped)
                .collect();
        }
        visit_mut::visit_path_mut(self, path);
    }
}

fn shift_qself(qself: Option<&mut syn::QSelf>, dropped: usize) {
    if let Some(qself) = qself {
        qself.position = qself.position.saturating_sub(dropped);
    }
}

fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Struct(item) => &item.ident,
        Item::Enum(item) => &item.ident,
        Item::Fn(item) => &item.sig.ident,
        Item::Mod(item) => &item.ident,
        Item::Trait(item) => &item.ident,
        Item::Type(item) => &item.ident,
        Item::Const(item) => &item.ident,
        Item::Static(item) => &item.ident,
        Item::Union(item) => &item.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

fn shorten_module(module: &str, items: &mut Vec<Item>) {
    let mut survey = Survey::default();
    for item in items.iter_mut() {
        survey.visit_item_mut(item);
    }
    let mut taken = survey.single;
    taken.extend(items.iter().filter_map(item_name));
    // What the module imports already: a path it imports needs no second `use`, and its
    // name is not free for any other.
    let mut imported = BTreeMap::new();
    for item in items.iter() {
        if let Item::Use(item) = item {
            imported_names(&item.tree, &mut Vec::new(), &mut imported);
        }
    }
    taken.extend(imported.keys().cloned());

    // Every short name with the imports that would claim it; a name two different paths
    // want stays qualified in both.
    let mut claims: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    let splits: Vec<(Vec<String>, Split)> = survey
        .qualified
        .into_iter()
        .filter_map(|segments| split(module, &segments).map(|split| (segments, split)))
        .collect();
    for (_, split) in &splits {
        claims
            .entry(split.name.clone())
            .or_default()
            .insert(split.parent.clone());
    }
    let mut chosen = BTreeMap::new();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (segments, split) in splits {
        let full = split
            .parent
            .as_ref()
            .map(|parent| format!("{parent}::{}", split.name));
        if full.is_some() && imported.get(&split.name) == full.as_ref() {
            chosen.insert(segments, split.dropped);
            continue;
        }
        // An item of the module itself is always reached by its name. An import needs
        // a name no other path wants and nothing in the module uses.
        let fits = |split: &Split| {
            let Some(parent) = &split.parent else {
                return true;
            };
            let unique = claims.get(&split.name).is_none_or(|parents| {
                parents
                    .iter()
                    .all(|other| other.as_ref().is_none_or(|other| other == parent))
            });
            unique && !taken.contains(&split.name)
        };
        // A type whose name the module already uses keeps its module instead:
        // `tolerant::Tag` beside a model named `Tag`.
        let split = if fits(&split) {
            split
        } else if split.dropped >= 2 && split.parent.is_some() {
            let module = Split {
                parent: Some(segments[..split.dropped - 1].join("::")),
                name: segments[split.dropped - 1].clone(),
                dropped: split.dropped - 1,
            };
            if !fits(&module) {
                continue;
            }
            module
        } else {
            continue;
        };
        chosen.insert(segments, split.dropped);
        if let Some(parent) = split.parent {
            imports.entry(parent).or_default().insert(split.name);
        }
    }
    if chosen.is_empty() {
        return;
    }
    let own: BTreeSet<String> = items.iter().filter_map(item_name).collect();
    let mut shorten = Shorten {
        chosen: &chosen,
        module,
        own: &own,
    };
    for item in items.iter_mut() {
        shorten.visit_item_mut(item);
    }
    // The module's own plain `use` items join the new ones, so that all of them come out
    // merged and in one order.
    items.retain(|item| {
        let Item::Use(item) = item else {
            return true;
        };
        let mut found = BTreeMap::new();
        imported_names(&item.tree, &mut Vec::new(), &mut found);
        let plain: Vec<(String, String)> = found
            .into_iter()
            .filter_map(|(name, full)| {
                let (parent, last) = full.rsplit_once("::")?;
                (last == name).then(|| (parent.to_owned(), name))
            })
            .collect();
        if plain.len() != count_names(&item.tree) {
            return true;
        }
        for (parent, name) in plain {
            imports.entry(parent).or_default().insert(name);
        }
        false
    });

    // `use crate::tolerant;` and `use crate::tolerant::Tolerant;` read as one line.
    let modules: Vec<(String, String)> = imports
        .iter()
        .flat_map(|(parent, names)| names.iter().map(move |name| (parent.clone(), name.clone())))
        .filter(|(parent, name)| imports.contains_key(&format!("{parent}::{name}")))
        .collect();
    for (parent, name) in modules {
        if let Some(names) = imports.get_mut(&parent) {
            names.remove(&name);
            if names.is_empty() {
                imports.remove(&parent);
            }
        }
        if let Some(names) = imports.get_mut(&format!("{parent}::{name}")) {
            names.insert("self".to_owned());
        }
    }
    // Standard library first, then other crates, then this crate, as rustfmt groups them.
    let mut imports: Vec<(String, BTreeSet<String>)> = imports.into_iter().collect();
    imports.sort_by_key(|(parent, _)| {
        let root = parent.split("::").next().unwrap_or_default();
        let group = match root {
            "std" => 0,
            "crate" => 2,
            _ => 1,
        };
        (group, parent.clone())
    });
    let uses = imports.into_iter().filter_map(|(parent, names)| {
        // `self` first, then names in order, as rustfmt sorts them.
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort_by_key(|name| (name != "self", name.clone()));
        let text = match names.as_slice() {
            [one] if one != "self" => format!("use {parent}::{one};"),
            [_] => format!("use {parent};"),
            _ => format!("use {parent}::{{{}}};", names.join(", ")),
        };
        syn::parse_str::<Item>(&text).ok()
    });
    let first_other = items
        .iter()
        .position(|item| !matches!(item, Item::Use(_)))
        .unwrap_or(items.len());
    let uses: Vec<Item> = uses.collect();
    items.splice(first_other..first_other, uses);
}

/// The names a `use` tree brings in, with the full path of each.
fn imported_names(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut BTreeMap<String, String>,
) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            imported_names(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let name = name.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.insert(last.clone(), prefix.join("::"));
                }
            } else {
                let mut full = prefix.clone();
                full.push(name.clone());
                out.insert(name, full.join("::"));
            }
        }
        syn::UseTree::Rename(rename) => {
            out.insert(rename.rename.to_string(), String::new());
        }
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                imported_names(tree, prefix, out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// How many names a `use` tree brings in, globs and renames included.
fn count_names(tree: &syn::UseTree) -> usize {
    match tree {
        syn::UseTree::Path(path) => count_names(&path.tree),
        syn::UseTree::Group(group) => group.items.iter().map(count_names).sum(),
        syn::UseTree::Name(_) | syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    fn shortened(code: &str) -> String {
        let mut file = syn::parse_file(code).expect("test code parses");
        super::shorten(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn paths_become_imports_merged_and_grouped() {
        let code = shortened(
            "mod things {
                use serde::Serialize;
                fn a(x: crate::models::Thing, y: serde::Deserializer) -> crate::Result<std::fmt::Result> {
                    crate::tolerant::object(crate::tolerant::Tolerant::of(x, y))
                }
            }",
        );
        assert_eq!(
            code,
            "mod things {\n    use std::fmt;\n    use serde::{Deserializer, Serialize};\n    \
             use crate::Result;\n    use crate::models::Thing;\n    \
             use crate::tolerant::{self, Tolerant};\n    \
             fn a(x: Thing, y: Deserializer) -> Result<fmt::Result> {\n        \
             tolerant::object(Tolerant::of(x, y))\n    }\n}\n"
        );
    }

    #[test]
    fn a_qualified_self_keeps_pointing_at_the_shortened_trait() {
        let code = shortened(
            "mod ids {
                fn a() -> Option<String> {
                    <String as crate::tolerant::Tolerant>::read(1)
                }
            }",
        );
        assert!(code.contains("<String as Tolerant>::read(1)"), "{code}");
    }

    #[test]
    fn a_name_the_module_uses_otherwise_stays_qualified_or_keeps_its_module() {
        let code = shortened(
            "mod models {
                pub struct Tag;
                fn a() -> Result<crate::tolerant::Tag, crate::Result> {
                    crate::models::Tag
                }
            }",
        );
        assert!(
            code.contains("fn a() -> Result<tolerant::Tag, crate::Result>"),
            "{code}"
        );
        assert!(code.contains("use crate::tolerant;"), "{code}");
        assert!(
            code.contains("        Tag\n"),
            "its own item needs no import: {code}"
        );
    }

    #[test]
    fn two_paths_wanting_one_name_keep_their_modules() {
        let code = shortened(
            "mod m {
                fn a(x: crate::one::Thing, y: crate::two::Thing) {}
            }",
        );
        assert_eq!(
            code,
            "mod m {\n    use crate::{one, two};\n    fn a(x: one::Thing, y: two::Thing) {}\n}\n"
        );
    }

    #[test]
    fn doc_links_lose_targets_only_where_the_label_reaches_them() {
        let code = shortened(
            "mod m {
                /// See [`Thing`](crate::models::Thing), [`Other`](crate::models::Other) and [`x`](Thing::x).
                fn a(x: crate::models::Thing) {}
            }",
        );
        assert!(
            code.contains(
                "/// See [`Thing`], [`Other`](crate::models::Other) and [`x`](Thing::x)."
            ),
            "{code}"
        );
    }
}

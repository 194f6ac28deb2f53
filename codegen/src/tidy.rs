//! Joins the inherent `impl` blocks an emitter writes for one type into one block, as a
//! person would write them: a struct's constructor and its setters, a union's accessors
//! and its decoding helper. Each emitter stays free to write its own block.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::Item;

/// Merges, inside every inline module of `file`, each inherent `impl` block into the
/// first one for the same type (and generics), keeping the methods in their order.
/// Blocks with attributes are left alone.
pub(crate) fn merge_inherent_impls(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && let Some((_, items)) = &mut module.content
        {
            merge_in(items);
        }
    }
}

fn merge_in(items: &mut Vec<Item>) {
    let key = |item: &Item| match item {
        Item::Impl(block)
            if block.trait_.is_none() && block.attrs.is_empty() && block.unsafety.is_none() =>
        {
            Some(format!(
                "{} {}",
                block.generics.to_token_stream(),
                block.self_ty.to_token_stream()
            ))
        }
        _ => None,
    };
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept: Vec<Item> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let Some(name) = key(&item) else {
            kept.push(item);
            continue;
        };
        match first.get(&name) {
            Some(&index) => {
                if let (Item::Impl(target), Item::Impl(block)) = (&mut kept[index], item) {
                    target.items.extend(block.items);
                }
            }
            None => {
                first.insert(name, kept.len());
                kept.push(item);
            }
        }
    }
    *items = kept;
}

#[cfg(test)]
mod tests {
    #[test]
    fn blocks_of_one_type_join_the_first_and_others_stay() {
        let mut file = syn::parse_file(
            "mod m {
                impl A { fn one() {} }
                impl Debug for A {}
                impl B { fn two() {} }
                impl A { fn three() {} }
                #[cfg(test)]
                impl A { fn four() {} }
                impl<'a> C<'a> { fn five() {} }
                impl C<'static> { fn six() {} }
            }",
        )
        .expect("test code parses");
        super::merge_inherent_impls(&mut file);
        assert_eq!(
            prettyplease::unparse(&file),
            "mod m {\n    impl A {\n        fn one() {}\n        fn three() {}\n    }\n    \
             impl Debug for A {}\n    impl B {\n        fn two() {}\n    }\n    \
             #[cfg(test)]\n    impl A {\n        fn four() {}\n    }\n    \
             impl<'a> C<'a> {\n        fn five() {}\n    }\n    \
             impl C<'static> {\n        fn six() {}\n    }\n}\n"
        );
    }
}

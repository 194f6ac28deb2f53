//! The parts of the generated surface that keep inputs from being misused: id models,
//! unions that write their own tag (built by variant), integer parameters of any integer
//! type, and spread parameters (several values that belong together, given as one).

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::{accepts, doc, ident, rust_type};
use crate::spec::{Endpoint, Field, Location, ModelKind, Param, Spec, TypeRef, Variant};

/// An id model: a string with a type of its own. Made from a `&str` or `String`, read
/// with `as_str()` or `Display`, and on the wire the plain string, decoded as
/// tolerantly as any string.
pub(crate) fn id_model(spec: &Spec, name: &Ident, docs: &TokenStream) -> TokenStream {
    let type_name = name.to_string();
    let example = doc(&format!(
        "```\nuse livechat_api::models::{type_name};\n\nlet id = {type_name}::from(\"MH022RD0K5\");\nassert_eq!(id.as_str(), \"MH022RD0K5\");\nassert_eq!(id.to_string(), \"MH022RD0K5\");\nassert_eq!(format!(\"[{{id:<12}}]\"), \"[MH022RD0K5  ]\");\nassert_eq!(serde_json::to_string(&id)?, \"\\\"MH022RD0K5\\\"\");\n# Ok::<(), serde_json::Error>(())\n```{}",
        mixed_ids_example(spec, &type_name)
    ));
    quote! {
        #docs
        ///
        /// An id of its own type, so that it cannot be passed where another kind of id
        /// is expected. Made from a `&str` or a `String` (`.into()` or `new`), read with
        /// `as_str()` or `Display`; on the wire it is the plain string.
        ///
        #example
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(String);
        impl #name {
            /// The id with the given text.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The id's text, taken out.
            pub fn into_string(self) -> String {
                self.0
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(&self.0)
            }
        }
        /// Reads as the text it holds (`id.len()`, `chat.id.as_deref()`); the other way,
        /// text becomes an id only through `From` or `new`.
        impl std::ops::Deref for #name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }
        impl std::borrow::Borrow<str> for #name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl From<&str> for #name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
        impl From<String> for #name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }
        impl From<&String> for #name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }
        /// So that an id read from a response can be passed on by reference.
        impl From<&#name> for #name {
            fn from(id: &#name) -> Self {
                id.clone()
            }
        }
        impl From<#name> for String {
            fn from(id: #name) -> Self {
                id.0
            }
        }
        impl PartialEq<str> for #name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
        impl PartialEq<&str> for #name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
        impl PartialEq<String> for #name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }
        impl PartialEq<#name> for str {
            fn eq(&self, other: &#name) -> bool {
                self == other.0
            }
        }
        impl PartialEq<#name> for &str {
            fn eq(&self, other: &#name) -> bool {
                *self == other.0
            }
        }
        impl PartialEq<#name> for String {
            fn eq(&self, other: &#name) -> bool {
                *self == other.0
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::tolerant::required::<D, String>(deserializer).map(Self)
            }
        }
        impl crate::tolerant::Tolerant for #name {
            fn deserialize_tolerant<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
                Ok(<String as crate::tolerant::Tolerant>::deserialize_tolerant(deserializer)?.map(Self))
            }
        }
    }
}

/// A placeholder argument for a required parameter in a doc example, when it has a simple
/// one.
fn example_argument(spec: &Spec, param: &Param) -> Option<String> {
    match &param.ty {
        TypeRef::String => Some("\"MH022RD0K5\"".to_owned()),
        TypeRef::Int => Some("1".to_owned()),
        TypeRef::Model(model)
            if matches!(spec.model(model).map(|m| &m.kind), Some(ModelKind::Id)) =>
        {
            Some("\"MH022RD0K5\"".to_owned())
        }
        TypeRef::List(inner) => {
            let item = crate::emit::rust_type_in(inner, &quote!(livechat_api));
            Some(format!(
                "Vec::<{}>::new()",
                item.to_string().replace(' ', "")
            ))
        }
        _ => None,
    }
}

/// An example call: resource, endpoint, and one argument per required parameter (`None`
/// for the parameter the example is about).
type ExampleCall<'s> = (&'s str, &'s str, Vec<Option<String>>);

/// The calls taking a parameter chosen by `takes`, whose other required parameters have
/// simple example values.
fn example_calls<'s>(spec: &'s Spec, takes: impl Fn(&Param) -> bool) -> Vec<ExampleCall<'s>> {
    spec.endpoints()
        .filter_map(|(resource, endpoint)| {
            let required: Vec<&Param> = endpoint.required_params().collect();
            if !required.iter().any(|param| takes(param)) {
                return None;
            }
            let arguments = required
                .iter()
                .map(|param| {
                    if takes(param) {
                        Some(None)
                    } else {
                        example_argument(spec, param).map(Some)
                    }
                })
                .collect::<Option<Vec<_>>>()?;
            Some((resource.name.as_str(), endpoint.name.as_str(), arguments))
        })
        .collect()
}

fn call_text(resource: &str, endpoint: &str, arguments: &[Option<String>], value: &str) -> String {
    let arguments: Vec<&str> = arguments
        .iter()
        .map(|argument| argument.as_deref().unwrap_or(value))
        .collect();
    format!("client.{resource}().{endpoint}({})", arguments.join(", "))
}

/// Compile-checked evidence that another kind of id does not fit where this one is
/// taken, beside the same call with text, which does.
fn mixed_ids_example(spec: &Spec, type_name: &str) -> String {
    let Some(other) = spec
        .models
        .iter()
        .find(|model| model.kind == ModelKind::Id && model.name != type_name)
    else {
        return String::new();
    };
    let takes = |param: &Param| param.ty == TypeRef::Model(type_name.to_owned());
    let Some((resource, endpoint, arguments)) = example_calls(spec, takes).into_iter().next()
    else {
        return String::new();
    };
    let other = &other.name;
    format!(
        "\n\nText and ids of this type are taken where the API expects one:\n\n```\n# fn check(client: &livechat_api::Client, id: &livechat_api::models::{type_name}) {{\nlet _ = {};\nlet _ = {};\n# }}\n```\n\nbut another kind of id is not, so mixing them up does not compile:\n\n```compile_fail,E0277\n# fn check(client: &livechat_api::Client, other: livechat_api::models::{other}) {{\nlet _ = {};\n# }}\n```",
        call_text(resource, endpoint, &arguments, "id"),
        call_text(
            resource,
            endpoint,
            &arguments,
            "String::from(\"MH022RD0K5\")"
        ),
        call_text(resource, endpoint, &arguments, "other"),
    )
}

/// For a model taken as a spread parameter: the call that takes it, and the same call
/// with the arguments swapped, which does not compile.
pub(crate) fn spread_model_docs(spec: &Spec, model: &str) -> TokenStream {
    let takes = |param: &Param| param.spread && param.ty == TypeRef::Model(model.to_owned());
    let is_text =
        |argument: &Option<String>| argument.as_deref().is_some_and(|a| a.starts_with('"'));
    // A call with a text argument beside the value, to swap them.
    let calls = example_calls(spec, takes);
    let Some((resource, endpoint, arguments, text)) = calls.into_iter().find_map(|(r, e, a)| {
        let text = a.iter().position(is_text)?;
        Some((r, e, a, text))
    }) else {
        return quote!();
    };
    // Named like the parameter that takes it (`session`, `access`).
    let name = spec
        .endpoints()
        .flat_map(|(_, endpoint)| &endpoint.params)
        .find(|param| takes(param))
        .map_or("value", |param| param.name.as_str());
    let borrowed = format!("&{name}");
    let right = call_text(resource, endpoint, &arguments, &borrowed);
    let mut swapped = arguments.clone();
    let spread = swapped.iter().position(Option::is_none).unwrap_or_default();
    swapped[spread] = swapped[text].clone();
    swapped[text] = Some(borrowed.clone());
    let wrong = call_text(resource, endpoint, &swapped, &borrowed);
    doc(&format!(
        "\n\nThe calls take it as one value, beside their other arguments:\n\n```\n# fn check(client: &livechat_api::Client, {name}: livechat_api::models::{model}) {{\nlet _ = {right};\n# }}\n```\n\nso passing the arguments in the wrong order does not compile:\n\n```compile_fail,E0308\n# fn check(client: &livechat_api::Client, {name}: livechat_api::models::{model}) {{\nlet _ = {wrong};\n# }}\n```"
    ))
}

fn struct_fields<'s>(spec: &'s Spec, model: &str) -> Option<&'s [Field]> {
    match spec.model(model).map(|m| &m.kind) {
        Some(ModelKind::Struct(fields)) => Some(fields),
        _ => None,
    }
}

/// Whether a union writes its tag itself: its variant models do not declare the tag key
/// (the loader makes sure that all of them do, or none).
pub(crate) fn writes_tag(spec: &Spec, tag: &str, variants: &[Variant]) -> bool {
    !variants.iter().filter(|v| v.tag.is_some()).any(|variant| {
        struct_fields(spec, &variant.model)
            .is_some_and(|fields| fields.iter().any(|field| field.wire == tag))
    })
}

/// How a variant of a tag-writing union serializes: its tag beside the model's keys.
pub(crate) fn tagged_serialize(tag: &str, variant: &Variant) -> TokenStream {
    let variant_name = ident(&variant.name);
    match &variant.tag {
        Some(value) => quote! {
            Self::#variant_name(value) => crate::tagged::serialize(serializer, #tag, #value, value),
        },
        None => quote! { Self::#variant_name(value) => value.serialize(serializer), },
    }
}

/// How a variant of a tag-writing union is read: its model without the tag.
pub(crate) fn tagged_variant(tag: &str, variant: &Variant) -> Option<TokenStream> {
    let variant_name = ident(&variant.name);
    let value = variant.tag.as_ref()?;
    Some(quote! { #value => crate::tagged::variant(json, #tag).map(Self::#variant_name), })
}

/// One constructor per variant of a tag-writing union, named after the variant and
/// taking the required fields of its model: `GreetingRuleInput::url_funnel(urls)`.
pub(crate) fn union_constructors(spec: &Spec, name: &Ident, variants: &[Variant]) -> TokenStream {
    let constructors = variants.iter().filter_map(|variant| {
        let fields = struct_fields(spec, &variant.model)?;
        let method = ident(&variant.name.to_snake_case());
        let variant_name = ident(&variant.name);
        let model = ident(&variant.model);
        let (_, arguments, inits) = crate::emit::required_parts(fields, true);
        let selected = match &variant.tag {
            Some(value) => format!("sent with `{value}` as its tag"),
            None => "sent without a tag".to_owned(),
        };
        let optional: Vec<String> = fields
            .iter()
            .filter(|field| !field.required)
            .map(|field| format!("`{}`", field.name))
            .collect();
        let rest = if optional.is_empty() {
            String::new()
        } else {
            format!(
                " The model's other fields ({}) start empty.",
                optional.join(", ")
            )
        };
        let docs = doc(&format!(
            "{}\n\nA [`{}`](Self::{}) value, {selected}.{rest}",
            variant.doc, variant.name, variant.name
        ));
        Some(quote! {
            #docs
            pub fn #method(#(#arguments),*) -> Self {
                Self::#variant_name(crate::models::#model {
                    #(#inits)*
                    extra: serde_json::Map::new(),
                })
            }
        })
    });
    quote! {
        impl #name {
            #(#constructors)*
        }
    }
}

/// The argument type of a model constructor's field and the expression that stores it:
/// a secret is taken as a `Secret` already, never as any text, so that it cannot
/// trade places with a text argument beside it (a visitor id, say).
pub(crate) fn field_accepts(ty: &TypeRef, value: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Secret => (quote!(crate::Secret), quote!(#value)),
        other => accepts(other, value),
    }
}

/// What an endpoint's builder stores for a parameter: integers keep the caller's value
/// (checked when the request is built), everything else its Rust type.
pub(crate) fn param_type(param: &Param) -> TokenStream {
    match &param.ty {
        TypeRef::Int => quote!(crate::integer::IntArg),
        TypeRef::List(inner) if **inner == TypeRef::Int => quote!(Vec<crate::integer::IntArg>),
        other => crate::emit::param_type_in(other, &quote!(crate)),
    }
}

/// The argument type of a parameter and the expression that stores it: any primitive
/// integer for `int`, a reference for a spread model (passed again and again, e.g. a
/// visitor's chat session), a `Date` or text for `date`, and `impl Into<T>` otherwise.
pub(crate) fn param_accepts(param: &Param, value: &Ident) -> (TokenStream, TokenStream) {
    let name = &param.name;
    match &param.ty {
        TypeRef::Int => (
            quote!(impl crate::Integer),
            quote!(crate::integer::IntArg::new(#name, #value)),
        ),
        TypeRef::List(inner) if **inner == TypeRef::Int => (
            quote!(impl IntoIterator<Item = impl crate::Integer>),
            quote!(#value.into_iter().map(|item| crate::integer::IntArg::new(#name, item)).collect()),
        ),
        ty if param.spread => {
            let stored = rust_type(ty);
            (quote!(&#stored), quote!(#value.clone()))
        }
        // A date is kept as given (a `Date` or text) and checked when the request is built.
        TypeRef::Date => (quote!(impl Into<crate::DateParam>), quote!(#value.into())),
        other => accepts(other, value),
    }
}

/// How a spread parameter is written: each field of its model that fills a path
/// placeholder goes into the path, every other field is sent under its own name where the
/// parameter travels.
pub(crate) fn spread_writes(spec: &Spec, endpoint: &Endpoint, param: &Param) -> TokenStream {
    let plain = match param.location {
        Location::Body => quote!(body),
        _ => quote!(query),
    };
    let placeholders: Vec<&str> = endpoint
        .segments()
        .into_iter()
        .filter_map(|segment| match segment {
            crate::spec::Segment::Param(name) => Some(name),
            crate::spec::Segment::Literal(_) => None,
        })
        .collect();
    let param_name = ident(&param.name);
    let fields = param
        .ty
        .model_name()
        .and_then(|model| struct_fields(spec, model))
        .unwrap_or_default();
    let writes = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire;
        if placeholders.contains(&field.name.as_str()) {
            let placeholder = &field.name;
            quote!(parameters.path(#placeholder, &self.#param_name.#field_name);)
        } else {
            quote!(parameters.#plain(#wire, Some(&self.#param_name.#field_name))?;)
        }
    });
    quote!(#(#writes)*)
}

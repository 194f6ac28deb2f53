//! How many response fields the generated models hand out as `Option`.
//!
//! The figure issue 9 asked to bring down: fields a caller must unwrap although the API
//! always sends them. `codegen presence` prints it so that it can be measured again.

use std::collections::BTreeSet;

use crate::spec::{ModelKind, Spec, TypeRef};

/// Field counts over the struct models a response or a webhook delivery can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Presence {
    /// Struct models counted.
    pub models: usize,
    /// Fields generated as `Option<T>`: absent unless the API sent them.
    pub optional: usize,
    /// `required = true` fields: plain values, a decode error when missing.
    pub required: usize,
    /// Lists and maps: plain, empty when absent.
    pub collections: usize,
}

/// Counts the fields of every response-side struct model.
///
/// Response-side models are those reachable from an endpoint's response, or from a model
/// nothing else refers to (the webhook delivery, which `webhook::parse` decodes).
pub fn presence(spec: &Spec) -> Presence {
    let mut counts = Presence::default();
    for name in response_models(spec) {
        let Some(ModelKind::Struct(fields)) = spec.model(&name).map(|model| &model.kind) else {
            continue;
        };
        counts.models += 1;
        for field in fields {
            match (&field.ty, field.required) {
                (TypeRef::List(_) | TypeRef::Map(_), _) => counts.collections += 1,
                (_, true) => counts.required += 1,
                (_, false) => counts.optional += 1,
            }
        }
    }
    counts
}

fn response_models(spec: &Spec) -> BTreeSet<String> {
    let referenced: BTreeSet<&str> = spec
        .models
        .iter()
        .flat_map(|model| references(&model.kind))
        .chain(spec.endpoints().flat_map(|(_, endpoint)| {
            let params = endpoint.params.iter().filter_map(|p| p.ty.model_name());
            params.chain(endpoint.response.model_name())
        }))
        .collect();
    let mut pending: Vec<&str> = spec
        .endpoints()
        .filter_map(|(_, endpoint)| endpoint.response.model_name())
        .chain(
            spec.models
                .iter()
                .map(|model| model.name.as_str())
                .filter(|name| !referenced.contains(name)),
        )
        .collect();
    let mut reached = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !reached.insert(name.to_owned()) {
            continue;
        }
        if let Some(model) = spec.model(name) {
            pending.extend(references(&model.kind));
        }
    }
    reached
}

/// The models a model's fields or variants name.
fn references(kind: &ModelKind) -> Vec<&str> {
    match kind {
        ModelKind::Struct(fields) => fields.iter().filter_map(|f| f.ty.model_name()).collect(),
        ModelKind::Union { variants, .. } => variants.iter().map(|v| v.model.as_str()).collect(),
        ModelKind::Enum(_) | ModelKind::Id => Vec::new(),
    }
}

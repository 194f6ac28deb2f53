//! The code generator of `livechat-api`.
//!
//! [`load`] reads the TOML files of `api-spec/` and validates them into a [`Spec`]; a bad
//! spec comes back as a [`SpecError`] naming each file and key at fault. [`generate`]
//! turns a `Spec` into formatted Rust source, the same bytes for the same spec.
//! `livechat-api`'s build script runs both; the `codegen` binary runs them by hand.
//! [`openapi_json`] describes the same spec as an OpenAPI 3.1 document, and
//! [`generate_cli`] emits the command table of the `livechat` command line.

mod cli;
mod emit;
mod emit_inputs;
mod imports;
mod load;
mod openapi;
mod presence;
pub mod reference;
pub mod spec;
mod tidy;

pub use cli::generate_cli;
pub use emit::generate;
pub use load::{Problem, SpecError, load, load_sources};
pub use openapi::{openapi_document, openapi_json, operation_id};
pub use presence::{Presence, presence};
pub use spec::Spec;

/// One line per endpoint: `METHOD<TAB>/path/{param}<TAB>resource.operation`.
pub fn endpoint_lines(spec: &Spec) -> String {
    spec.endpoints()
        .map(|(resource, endpoint)| {
            format!(
                "{}\t{}\t{}.{}\n",
                endpoint.method.as_str(),
                endpoint.path,
                resource.name,
                endpoint.name
            )
        })
        .collect()
}

/// A Markdown table of every endpoint and the call that reaches it, for the README.
pub fn endpoint_table(spec: &Spec) -> String {
    let mut out = String::from("| resource | method | path | call |\n|---|---|---|---|\n");
    for (resource, endpoint) in spec.endpoints() {
        let arguments: Vec<&str> = endpoint
            .required_params()
            .map(|param| param.name.as_str())
            .collect();
        out.push_str(&format!(
            "| {} | `{}` | `{}` | `client.{}().{}({})` |\n",
            resource.name,
            endpoint.method.as_str(),
            endpoint.path,
            resource.name,
            endpoint.name,
            arguments.join(", ")
        ));
    }
    out
}

//! The types of the command table that `codegen` generates from `api-spec/`.

/// One resource: a first-level subcommand.
pub(crate) struct ResourceInfo {
    /// snake_case name, as the library's accessor spells it.
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) endpoints: &'static [EndpointInfo],
}

/// One operation: a second-level subcommand.
pub(crate) struct EndpointInfo {
    /// snake_case name, as the library's method spells it.
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    /// Whether the call sends the account's credentials.
    pub(crate) authenticated: bool,
    /// Whether `--all` can walk its pages.
    pub(crate) paginated: bool,
    pub(crate) params: &'static [ParamInfo],
}

/// One parameter: a positional argument when required, an option otherwise.
pub(crate) struct ParamInfo {
    /// snake_case name; also the clap id.
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) required: bool,
    /// Whether it takes several values (`--groups 1 2`).
    pub(crate) list: bool,
    pub(crate) shape: Shape,
    /// The values an enum parameter accepts; empty for any value.
    pub(crate) values: &'static [&'static str],
}

/// How one command-line value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    /// Text that must not land in shell history; `-` reads it from standard input.
    Secret,
    Int,
    #[allow(
        dead_code,
        reason = "no parameter of today's spec is a float, but a spec change may add one"
    )]
    Float,
    Bool,
    /// An object, map or list of objects, written as JSON.
    Json,
}

/// The command-line spelling of a spec name: `reset_api_key` → `reset-api-key`.
pub(crate) fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

impl ResourceInfo {
    pub(crate) fn endpoint(&self, command: &str) -> Option<&'static EndpointInfo> {
        self.endpoints
            .iter()
            .find(|endpoint| kebab(endpoint.name) == command)
    }
}

/// The resource behind a first-level subcommand.
pub(crate) fn resource(command: &str) -> Option<&'static ResourceInfo> {
    crate::generated::RESOURCES
        .iter()
        .find(|resource| kebab(resource.name) == command)
}

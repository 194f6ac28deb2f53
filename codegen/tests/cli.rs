//! The generated half of the `livechat` command line: deterministic and complete.

use std::path::Path;

fn spec() -> livechat_api_codegen::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    livechat_api_codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_command_table_is_deterministic() {
    let spec = spec();
    assert_eq!(
        livechat_api_codegen::generate_cli(&spec),
        livechat_api_codegen::generate_cli(&self::spec())
    );
}

#[test]
fn every_endpoint_has_a_table_entry_and_a_typed_call() {
    let spec = spec();
    let code = livechat_api_codegen::generate_cli(&spec);
    assert!(
        !code.contains("compile_error!"),
        "the generated tokens parse"
    );
    // Without whitespace, so that the formatter's line breaks do not matter.
    let code: String = code.split_whitespace().collect();
    for (resource, endpoint) in spec.endpoints() {
        let arm = format!("(\"{}\",\"{}\")=>", resource.name, endpoint.name);
        assert_eq!(code.matches(&arm).count(), 1, "one dispatch arm for {arm}");
        let call = format!("client.{}().{}(", resource.name, endpoint.name);
        assert!(
            code.contains(&call),
            "{call} goes through the library's accessor"
        );
        assert!(code.contains(&format!("path:\"{}\"", endpoint.path)));
        let streams = code
            .split(&arm)
            .nth(1)
            .and_then(|rest| rest.split(")=>{").next())
            .is_some_and(|body| body.contains("call.stream()"));
        assert_eq!(
            streams,
            endpoint.page_items.is_some(),
            "{arm}: --all exactly on paginated endpoints"
        );
    }
}

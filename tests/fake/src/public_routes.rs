//! The calls that carry no account credentials, as `api-spec/` marks them
//! (`auth = "none"`): the visitor's side of a chat and the custom visitor details, which
//! authenticate with parameters of their own.
//!
//! The fake does not read the spec: it is published on its own and should not build the
//! generator or ship the spec folder. The suite `coverage` of `livechat-tests` reads the
//! spec with `codegen` and checks, endpoint by endpoint, that the fake asks for
//! credentials exactly where this table does not list the path.

/// Path templates of the credential-free endpoints; `{name}` matches one non-empty segment.
const PUBLIC_PATHS: &[&str] = &[
    "/visitors/{visitor_id}/chat/start",
    "/visitors/{visitor_id}/chat/get_pending_messages",
    "/visitors/{visitor_id}/chat/send_message",
    "/visitors/{visitor_id}/chat/close",
    "/visitors/{visitor_id}/details",
];

/// Whether a request path is one of the credential-free endpoints.
pub(crate) fn is_public(path: &str) -> bool {
    PUBLIC_PATHS
        .iter()
        .any(|template| matches_template(template, path))
}

fn matches_template(template: &str, path: &str) -> bool {
    let mut wanted = template.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(placeholder), Some(segment)) if placeholder.starts_with('{') => {
                if segment.is_empty() {
                    return false;
                }
            }
            (Some(literal), Some(segment)) if literal == segment => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn placeholders_take_one_non_empty_segment() {
        assert!(is_public("/visitors/S1.abc/chat/start"));
        assert!(is_public("/visitors/S1.abc/details"));
        assert!(!is_public("/visitors//chat/start"));
        assert!(!is_public("/visitors/a/b/chat/start"));
        assert!(!is_public("/visitors/S1.abc/chat/start/more"));
        assert!(!is_public("/visitors"));
        assert!(!is_public("/agents/S1.abc/details"));
    }
}

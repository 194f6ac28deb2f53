//! Reads why a request could not be sent or its answer not read, from reqwest's error
//! chain, so that the error's own message can say it without quoting the chain.

use std::error::Error as StdError;
use std::io;

use crate::error::TransportCause;

/// Which phase of the attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Connecting or sending the request.
    Sending,
    /// Reading the answer's body, after its head arrived.
    Reading,
}

/// The cause class of `error`, found by walking its sources.
pub(crate) fn classify(error: &reqwest::Error, phase: Phase) -> TransportCause {
    let mut found = None;
    for link in chain(error) {
        if is_tls(link) {
            return TransportCause::Tls;
        }
        if let Some(io) = link.downcast_ref::<io::Error>() {
            match io.kind() {
                io::ErrorKind::ConnectionRefused => return TransportCause::ConnectionRefused,
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => {
                    found.get_or_insert(TransportCause::ConnectionClosed);
                }
                _ => {}
            }
        }
        if is_dns(link) {
            found.get_or_insert(TransportCause::Dns);
        }
        if is_incomplete_message(link) {
            found.get_or_insert(TransportCause::ConnectionClosed);
        }
    }
    if let Some(cause) = found {
        return cause;
    }
    if error.is_connect() {
        TransportCause::Connect
    } else if phase == Phase::Reading || error.is_body() {
        // The head of the answer arrived and the rest did not: whatever the lower layer
        // called it, the connection ended before the answer was complete.
        TransportCause::ConnectionClosed
    } else {
        TransportCause::Other
    }
}

/// Every error of the chain, the one inside each `io::Error` included: `io::Error`'s
/// `source()` skips the error it wraps and goes straight to that one's source.
fn chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next = Some(error);
    std::iter::from_fn(move || {
        let current = next?;
        next = match current
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => current.source(),
        };
        Some(current)
    })
}

/// A failed lookup is wrapped in types that hyper-util and reqwest keep private, and the
/// system resolver's error has no `io::ErrorKind` of its own: their messages are the only
/// marks they carry.
fn is_dns(error: &(dyn StdError + 'static)) -> bool {
    let text = error.to_string();
    text == "dns error"
        || text == "error resolving DNS"
        || text.starts_with("failed to lookup address information")
}

/// hyper's error for a connection that closed before the whole answer arrived (before
/// its head, too); hyper is not a direct dependency, so its type cannot be named here.
fn is_incomplete_message(error: &(dyn StdError + 'static)) -> bool {
    error.to_string() == "connection closed before message completed"
}

#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc"))]
fn is_tls(error: &(dyn StdError + 'static)) -> bool {
    error.is::<rustls::Error>()
}

#[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
fn is_tls(_error: &(dyn StdError + 'static)) -> bool {
    false
}

// The tests build a client of their own, which needs the provider this feature brings.
#[cfg(all(test, feature = "rustls-ring"))]
mod tests {
    use super::*;

    async fn failure(url: &str) -> reqwest::Error {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::new().get(url).send().await.unwrap_err()
    }

    #[tokio::test]
    async fn a_closed_port_is_a_refused_connection() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let error = failure(&format!("http://127.0.0.1:{port}/")).await;
        assert_eq!(
            classify(&error, Phase::Sending),
            TransportCause::ConnectionRefused
        );
    }

    #[tokio::test]
    async fn a_name_that_cannot_resolve_is_a_dns_failure() {
        // RFC 6761: `.invalid` never resolves, and the resolver says so without a network.
        let error = failure("http://no-such-host.invalid/").await;
        assert_eq!(classify(&error, Phase::Sending), TransportCause::Dns);
    }
}

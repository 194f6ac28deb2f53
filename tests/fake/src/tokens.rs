//! OAuth access tokens that expire, for testing clients that renew them.
//!
//! The token of [`Config::token`](crate::Config) is accepted until a test revokes it.
//! [`FakeLiveChat::issue_token`] hands out more, each valid for the lifetime set with
//! [`FakeLiveChat::set_token_lifetime`] (unlimited by default) or until revoked. Every
//! request that carries a bearer token is logged with the verdict, so a test can see
//! which token each request carried and in what order they arrived.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::{FakeLiveChat, random_hex};

/// How many bearer requests the log keeps; older ones are dropped first.
pub const TOKEN_LOG_CAPACITY: usize = 10_000;

/// How many issued tokens are kept at most; issuing more forgets the oldest, which are
/// refused from then on.
const MAX_ISSUED: usize = 10_000;

/// One request that carried `Authorization: Bearer`, as the fake judged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUse {
    /// The token it carried.
    pub token: String,
    /// Whether the fake accepted it.
    pub accepted: bool,
    /// The request's path and query, as sent.
    pub path_and_query: String,
}

#[derive(Default)]
pub(crate) struct Tokens {
    /// Tokens handed out by `issue_token`, with the moment they stop working, oldest first.
    issued: VecDeque<(String, Option<Instant>)>,
    lifetime: Option<Duration>,
    configured_revoked: bool,
    log: VecDeque<TokenUse>,
}

impl Tokens {
    /// Whether a bearer token is accepted now.
    pub(crate) fn valid(&self, token: &str, configured: &str) -> bool {
        let now = Instant::now();
        if token == configured {
            !self.configured_revoked
        } else {
            self.issued
                .iter()
                .any(|(issued, until)| issued == token && until.is_none_or(|until| now < until))
        }
    }

    /// Judges a bearer token and logs the request.
    pub(crate) fn accept(&mut self, token: &str, configured: &str, path_and_query: &str) -> bool {
        let accepted = self.valid(token, configured);
        if self.log.len() == TOKEN_LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(TokenUse {
            token: token.to_owned(),
            accepted,
            path_and_query: path_and_query.to_owned(),
        });
        accepted
    }

    fn issue(&mut self) -> String {
        let now = Instant::now();
        self.issued
            .retain(|(_, until)| until.is_none_or(|until| now < until));
        if self.issued.len() == MAX_ISSUED {
            self.issued.pop_front();
        }
        let token = format!("dal-{}", random_hex());
        let until = self.lifetime.and_then(|lifetime| now.checked_add(lifetime));
        self.issued.push_back((token.clone(), until));
        token
    }

    fn revoke(&mut self, token: &str, configured: &str) {
        if token == configured {
            self.configured_revoked = true;
        }
        self.issued.retain(|(issued, _)| issued != token);
    }
}

impl FakeLiveChat {
    /// A new OAuth access token (`dal-` and 32 hex digits), valid for the lifetime set
    /// with [`set_token_lifetime`](Self::set_token_lifetime) or until revoked.
    pub fn issue_token(&self) -> String {
        self.state.data().tokens.issue()
    }

    /// How long tokens issued from now on stay valid; `None` (the default) for ever.
    /// The token of the configuration never expires by time; revoke it instead.
    pub fn set_token_lifetime(&self, lifetime: Option<Duration>) {
        self.state.data().tokens.lifetime = lifetime;
    }

    /// Refuses `token` from now on, whether it was issued or configured.
    pub fn revoke_token(&self, token: &str) {
        let mut data = self.state.data();
        let configured = data.config.token.clone();
        data.tokens.revoke(token, &configured);
    }

    /// The requests that carried a bearer token, oldest first (the last
    /// [`TOKEN_LOG_CAPACITY`] of them).
    pub fn token_log(&self) -> Vec<TokenUse> {
        self.state.data().tokens.log.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_expire_and_can_be_revoked() {
        let mut tokens = Tokens::default();
        let forever = tokens.issue();
        tokens.lifetime = Some(Duration::ZERO);
        let expired = tokens.issue();
        assert!(tokens.accept(&forever, "dal-configured", "/agents"));
        assert!(!tokens.accept(&expired, "dal-configured", "/agents"));
        assert!(tokens.accept("dal-configured", "dal-configured", "/agents"));
        tokens.revoke("dal-configured", "dal-configured");
        tokens.revoke(&forever, "dal-configured");
        assert!(!tokens.accept("dal-configured", "dal-configured", "/agents"));
        assert!(!tokens.accept(&forever, "dal-configured", "/agents"));
        assert!(!tokens.accept("dal-never-issued", "dal-configured", "/agents"));
        let verdicts: Vec<bool> = tokens.log.iter().map(|entry| entry.accepted).collect();
        assert_eq!(verdicts, [true, false, true, false, false, false]);
    }

    #[test]
    fn the_log_and_the_issued_tokens_stay_bounded() {
        let mut tokens = Tokens::default();
        for _ in 0..MAX_ISSUED + 5 {
            tokens.issue();
        }
        assert_eq!(tokens.issued.len(), MAX_ISSUED);
        for _ in 0..TOKEN_LOG_CAPACITY + 5 {
            tokens.accept("dal-x", "dal-y", "/status");
        }
        assert_eq!(tokens.log.len(), TOKEN_LOG_CAPACITY);
    }
}

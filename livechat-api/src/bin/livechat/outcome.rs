//! What an operation gave back, and how a failure ends the program.

use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde_json::Value;

/// The answer of one call: one value, or the items of every page as they arrive.
pub(crate) enum Outcome<'a> {
    Value(Value),
    Stream(Pin<Box<dyn Stream<Item = Result<Value, Failure>> + 'a>>),
}

impl<'a> Outcome<'a> {
    pub(crate) fn value<T: Serialize>(answer: T) -> Result<Self, Failure> {
        serde_json::to_value(answer)
            .map(Outcome::Value)
            .map_err(|error| Failure::new(Class::Api, format!("cannot show the answer: {error}")))
    }

    pub(crate) fn stream<T: Serialize + 'a>(
        items: impl Stream<Item = livechat_api::Result<T>> + 'a,
    ) -> Self {
        Outcome::Stream(Box::pin(items.map(|item| {
            let item = item.map_err(Failure::from)?;
            serde_json::to_value(item)
                .map_err(|error| Failure::new(Class::Api, format!("cannot show an item: {error}")))
        })))
    }
}

/// The kinds of failure, each with its own exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// The output could not be written.
    Output,
    /// Whoever read the output stopped reading (`livechat ... | head`): not a failure.
    Closed,
    /// The command line is wrong, or a value cannot be sent.
    Usage,
    /// Credentials missing or refused.
    Auth,
    /// LiveChat has no such resource.
    NotFound,
    /// Any other refusal or failure of LiveChat, or an answer that does not decode.
    Api,
    /// No answer: connection, TLS, timeout.
    Transport,
}

impl Class {
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Class::Closed => 0,
            Class::Output => 1,
            Class::Usage => 2,
            Class::Auth => 3,
            Class::NotFound => 4,
            Class::Api => 5,
            Class::Transport => 6,
        }
    }
}

/// A failure, with the message shown to the user.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) class: Class,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(class: Class, message: impl Into<String>) -> Self {
        Failure {
            class,
            message: message.into(),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure::new(Class::Usage, message)
    }
}

impl From<livechat_api::Error> for Failure {
    fn from(error: livechat_api::Error) -> Self {
        use livechat_api::ErrorKind;
        let class = match error.kind() {
            ErrorKind::Unauthorized => Class::Auth,
            ErrorKind::NotFound => Class::NotFound,
            ErrorKind::Timeout
            | ErrorKind::ConnectionRefused
            | ErrorKind::Dns
            | ErrorKind::Tls
            | ErrorKind::ConnectionClosed
            | ErrorKind::Connect
            | ErrorKind::Transport => Class::Transport,
            ErrorKind::InvalidInput => Class::Usage,
            // Answers LiveChat refused or that did not decode, redirects, token sources,
            // and kinds a later version adds.
            _ => Class::Api,
        };
        // The library's Display is written for people and never shows a secret.
        Failure::new(class, error.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        let class = if error.kind() == std::io::ErrorKind::BrokenPipe {
            Class::Closed
        } else {
            Class::Output
        };
        Failure::new(class, format!("cannot write the output: {error}"))
    }
}

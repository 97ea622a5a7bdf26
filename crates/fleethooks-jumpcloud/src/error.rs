//! The one error type of this crate.

use std::fmt;

use fleethooks_core::JsonError;

use crate::channel::Violation;

/// A `Result` whose error defaults to this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a JSON document was being read as, named in [`Error::Json`] messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document {
    /// An alert notification body ([`crate::Alert`]).
    Alert,
    /// A nested alert field being decoded ([`crate::Detail::decode`]).
    Detail,
    /// A command trigger body, the object whose top-level keys become environment variables.
    TriggerBody,
    /// JumpCloud's answer to a trigger request ([`crate::TriggerResponse`]).
    TriggerResponse,
    /// Webhook channel settings ([`crate::Channel`]).
    Channel,
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Alert => "alert",
            Self::Detail => "alert detail",
            Self::TriggerBody => "trigger body",
            Self::TriggerResponse => "trigger response",
            Self::Channel => "channel settings",
        })
    }
}

/// Why a JumpCloud body could not be read, or a request or channel could not be built.
///
/// Parse errors say *where*: [`Error::path`] is the JSON path of the value being read
/// (`$.priority`, `$.triggered[2]`, `$` for the document itself) and [`Error::line_column`] the
/// 1-based line and byte column. Environment errors name the offending key. No message ever
/// contains an API key, password, token or sensitive value.
///
/// A request that fails its credential check is *not* an `Error`: [`Credentials::verify`]
/// returns [`fleethooks_verify::Error`] itself, which a receiver answers with 401, while every
/// variant here is a bad body (answer 4xx) or a mistake in the receiver's own configuration.
/// There is deliberately no `From<fleethooks_verify::Error>`, so a `?` on a failed check cannot
/// turn a rejected request into [`Error::CredentialConfig`]; this does not compile:
///
/// ```compile_fail
/// fn receive(
///     channel: &fleethooks_jumpcloud::Channel,
///     headers: &http::HeaderMap,
/// ) -> fleethooks_jumpcloud::Result<()> {
///     channel.credentials()?.verify(headers)?; // a rejected request is not a bad config
///     Ok(())
/// }
/// ```
///
/// [`Credentials::verify`]: fleethooks_verify::Credentials::verify
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not valid JSON, or a value has a type the model cannot take (a number where
    /// `alert_id` needs a string, an `occurred_at` that is not a date, a missing `alert_id`).
    #[error(
        "invalid {document} JSON at `{}` (line {}, column {}): {}",
        .source.path(),
        .source.line_column().0,
        .source.line_column().1,
        .source.message()
    )]
    Json {
        /// What the body was read as.
        document: Document,
        /// Where and why: path, line and column, message, and the serde_json error.
        #[source]
        source: JsonError,
    },
    /// A trigger body is valid JSON but not an object, so it has no keys to become variables.
    #[error("a trigger body must be a JSON object, found {found}")]
    NotAnObject {
        /// The JSON kind found instead: `an array`, `a string`, `a number`, `a boolean`, `null`.
        found: &'static str,
    },
    /// A key of the trigger body cannot be the name of an environment variable.
    #[error("trigger body key {name:?} cannot be an environment variable name: {reason}")]
    InvalidName {
        /// The key, as it appears in the body once unescaped.
        name: String,
        /// Why: `it is empty`, `it contains `=``, `it contains a NUL character`.
        reason: &'static str,
    },
    /// A value of the trigger body cannot be carried by an environment variable.
    #[error("value of trigger body key {name:?} cannot be an environment variable value: {reason}")]
    InvalidValue {
        /// The key whose value was rejected.
        name: String,
        /// Why: `it contains a NUL character`.
        reason: &'static str,
    },
    /// The trigger name is empty; there is nothing to put in the URL.
    #[error("a trigger name must not be empty")]
    EmptyTriggerName,
    /// The trigger name has characters other than ASCII letters and digits.
    ///
    /// This is a warning-level error: the request is well formed, but JumpCloud has been seen to
    /// match no command for such names, answering `{"triggered": []}`. Call
    /// [`crate::TriggerRequest::allow_any_name`] to send it anyway.
    #[error(
        "trigger name {name:?} has characters other than ASCII letters and digits, which JumpCloud \
         has been seen to match no command for (allow any name to send it anyway)"
    )]
    UnusualTriggerName {
        /// The name as given.
        name: String,
    },
    /// The base URL plus the trigger path is not a valid absolute URI.
    #[error("invalid trigger URL {url:?}: {source}")]
    InvalidUrl {
        /// The URL that was built.
        url: String,
        /// Why `http` rejected it.
        #[source]
        source: http::Error,
    },
    /// A header value (API key, organization id) has characters HTTP does not allow, such as a
    /// line break. The value itself is not repeated here, since it may be the API key.
    #[error("invalid value for header `{name}`: it must be visible ASCII without line breaks")]
    InvalidHeaderValue {
        /// The header that could not be set.
        name: &'static str,
    },
    /// Webhook channel settings break one or more of JumpCloud's limits; every violation is
    /// listed, not just the first.
    #[error("invalid webhook channel settings: {}", ViolationList(.violations))]
    Channel {
        /// Every limit the settings break, in the order the fields are checked.
        violations: Vec<Violation>,
    },
    /// Channel settings passed [`crate::Channel::validate`] but `fleethooks-verify` still
    /// refused to build a credential check from them ([`crate::Channel::credentials`]): a
    /// configuration error on the receiver's side, never a rejected request.
    #[error("channel settings cannot make a credential check: {0}")]
    CredentialConfig(#[source] fleethooks_verify::Error),
}

impl Error {
    /// Wraps a located JSON error met while reading `document`.
    pub(crate) fn json(document: Document, source: JsonError) -> Self {
        Self::Json { document, source }
    }

    /// The JSON path of the value being read when a [`Error::Json`] was found: `$`,
    /// `$.priority`, `$.triggered[2]`, `$["drain seconds"]`; `None` for other errors.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Json { source, .. } => Some(source.path()),
            _ => None,
        }
    }

    /// The 1-based line and byte column of a [`Error::Json`], counted from after a skipped
    /// byte-order mark; `None` for other errors.
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json { source, .. } => Some(source.line_column()),
            _ => None,
        }
    }

    /// What a [`Error::Json`] was reading; `None` for other errors.
    #[must_use]
    pub fn document(&self) -> Option<Document> {
        match self {
            Self::Json { document, .. } => Some(*document),
            _ => None,
        }
    }
}

/// Displays violations as one `; `-separated line.
struct ViolationList<'a>(&'a [Violation]);

impl fmt::Display for ViolationList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

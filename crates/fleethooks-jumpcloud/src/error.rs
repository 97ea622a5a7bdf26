//! The one error type of this crate.

use std::fmt;

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
/// Parse errors say *where*: the JSON path of the value being read (`$.occurred_at`, `$` for the
/// document itself) and the 1-based line and column serde_json reports. Environment errors name
/// the offending key. No message ever contains an API key, password, token or sensitive value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not valid JSON, or a value has a type the model cannot take (a number where
    /// `alert_id` needs a string, a `occurred_at` that is not a date, a missing `alert_id`).
    #[error("invalid {document} JSON at `{path}` (line {line}, column {column}): {message}")]
    Json {
        /// What the body was read as.
        document: Document,
        /// JSON path of the value being read: `$`, `$.priority`, `$.triggered[2]`.
        path: String,
        /// 1-based line of the error (0 when serde_json gives no position).
        line: usize,
        /// 1-based column, in bytes, of the error (0 when serde_json gives no position).
        column: usize,
        /// What went wrong, without the position (which the fields above carry).
        message: String,
        /// The underlying serde_json error.
        #[source]
        source: serde_json::Error,
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
    /// An error from `fleethooks-verify`: a credential check could not be built from channel
    /// settings, or (when a caller uses `?` on a check's result) a request failed it.
    #[error(transparent)]
    Credential(#[from] fleethooks_verify::Error),
}

impl Error {
    /// Wraps a serde_json error met while reading `document`, at `path`.
    pub(crate) fn json(document: Document, path: String, source: serde_json::Error) -> Self {
        let (line, column) = (source.line(), source.column());
        let full = source.to_string();
        // serde_json appends the position to its message; it is kept in fields here instead.
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        Self::Json {
            document,
            path,
            line,
            column,
            message,
            source,
        }
    }

    /// Wraps a serde_path_to_error error met while reading `document`.
    pub(crate) fn json_at(
        document: Document,
        error: serde_path_to_error::Error<serde_json::Error>,
    ) -> Self {
        let path = json_path(error.path());
        Self::json(document, path, error.into_inner())
    }

    /// The 1-based line of a JSON error, if this is one with a position.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Json { line, .. } if *line > 0 => Some(*line),
            _ => None,
        }
    }

    /// The 1-based column of a JSON error, if this is one with a position.
    #[must_use]
    pub fn column(&self) -> Option<usize> {
        match self {
            Self::Json { column, .. } if *column > 0 => Some(*column),
            _ => None,
        }
    }
}

/// `$`-rooted JSON path of a serde_path_to_error path: `$.priority`, `$.triggered[1]`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                out.push('.');
                out.push_str(variant);
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
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

//! The management API's error type.

use fleethooks_core::JsonError;
use http::StatusCode;

/// How much of an API error body [`Error`]'s message repeats; the whole body stays in the value.
const BODY_ECHO: usize = 200;

/// Why a management API request could not be built, or its answer not read.
///
/// - **refused before sending**: [`Error::InvalidUrl`], [`Error::NoEvents`],
///   [`Error::InvalidToken`], [`Error::EmptyId`], [`Error::SecretNotText`], [`Error::Request`].
/// - **the answer**: [`Error::Api`] for a status outside 2xx (status and body kept),
///   [`Error::Json`] for a 2xx body of the wrong shape.
///
/// Messages never contain the API token or a webhook secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A webhook or base URL is not an absolute `https` URL.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The rejected URL.
        url: String,
        /// What is wrong with it, in a few words.
        reason: &'static str,
    },
    /// A webhook must subscribe to at least one event type.
    #[error("a webhook needs at least one event type")]
    NoEvents,
    /// The API token cannot be sent in an HTTP header (empty, or a control character).
    #[error("the API token is empty or cannot be sent in an HTTP header")]
    InvalidToken,
    /// A webhook id is empty, so no path can name it.
    #[error("a webhook id must not be empty")]
    EmptyId,
    /// A secret for the API is not UTF-8, so it cannot be sent in a JSON body.
    #[error("a webhook secret must be UTF-8 text to be sent to the API")]
    SecretNotText,
    /// The API answered with a status outside 2xx.
    #[error("cmdop API answered {status}: {}", excerpt(.body))]
    Api {
        /// The response status.
        status: StatusCode,
        /// The whole response body, as received.
        body: Vec<u8>,
    },
    /// A 2xx answer whose body is not the JSON expected there, with the path of the offending
    /// value (`$.data[0].created_at`), its line and column.
    #[error("cannot parse cmdop API response: {0}")]
    Json(#[source] JsonError),
    /// An HTTP request could not be built from the given parts.
    #[error("cannot build the request: {0}")]
    Request(#[source] http::Error),
}

impl Error {
    /// The JSON path of the value being read when a [`Error::Json`] was found.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Json(json) => Some(json.path()),
            _ => None,
        }
    }

    /// The 1-based line and byte column of a [`Error::Json`].
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json(json) => Some(json.line_column()),
            _ => None,
        }
    }
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".to_owned();
    }
    match text.char_indices().nth(BODY_ECHO) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// `Result` with the API's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! [`ReceiveError`], what a rejected delivery becomes, and [`BuildError`], a receiver that cannot
//! be built.

use chrono::{DateTime, Utc};
use http::{HeaderValue, StatusCode, header};

use crate::Source;

/// A boxed error from a caller-supplied part (a seen-id store, a challenge provider).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a delivery was not accepted, and how to answer it.
///
/// Each variant maps to one HTTP status ([`status`](Self::status)) chosen for what the sender
/// does next. JumpCloud retries only 5xx, 408 and 429, cmdop retries any failure and disables the
/// webhook after its last retry, Jamf Pro never retries: so anything that can never succeed is a
/// 4xx, and only a failure on the receiver's own side is a 5xx
/// ([`should_retry`](Self::should_retry)). A [`Duplicate`](Self::Duplicate) is answered 200: the
/// event was accepted before, and the sender must stop.
///
/// `Display` is for logs: it may quote a value from the body (never a secret). What goes back to
/// the sender is [`public_reason`](Self::public_reason) or [`to_response`](Self::to_response),
/// which never echo the payload.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiveError {
    /// The body is larger than the receiver's limit, by its `Content-Length` or by its bytes.
    #[error("body of {length} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// The configured limit.
        limit: usize,
        /// The declared or actual length.
        length: u64,
    },
    /// The source has neither credentials nor an explicit opt-in to unauthenticated deliveries.
    #[error("{0} webhooks are not enabled on this receiver")]
    NotEnabled(Source),
    /// Credentials or signature missing or wrong.
    #[error("{origin} delivery not authenticated: {reason}")]
    Unauthenticated {
        /// The source whose check failed.
        origin: Source,
        /// Whether Basic authentication is among the checks, so the answer carries
        /// `WWW-Authenticate: Basic`.
        basic: bool,
        /// Which check failed. Never contains a secret or an expected value.
        #[source]
        reason: fleethooks_verify::Error,
    },
    /// The `Content-Type` (or `Content-Encoding`) is one the source never sends.
    #[error("{origin} webhooks are never sent as `{content_type}`")]
    UnsupportedMediaType {
        /// The source.
        origin: Source,
        /// The offending header value, or `Content-Encoding: …` for a compressed body.
        content_type: String,
    },
    /// The body is not an event of the source: malformed JSON or XML, a wrong type, a missing
    /// field. It will never parse, so the sender should not retry it.
    #[error("{origin} body rejected: {error}")]
    Invalid {
        /// The source the body was read as.
        origin: Source,
        /// The parser's error, with path and line/column.
        #[source]
        error: ParseError,
    },
    /// `receive_any` could not tell which product sent the body.
    #[error(
        "cannot tell the source: no `webhook` (Jamf), `alert_id` (JumpCloud) or `type` and `data` (cmdop)"
    )]
    UnknownSource,
    /// An event with this dedup key was accepted before, inside the window. Answer 2xx and do
    /// not hand it on again.
    #[error("{origin} event `{key}` was already received")]
    Duplicate {
        /// The source.
        origin: Source,
        /// The dedup key.
        key: String,
    },
    /// A signed event whose own time is older than the replay window (a replay, or a retry too
    /// late to be told from one).
    #[error(
        "{origin} event `{key}` is stale: it happened at {occurred_at}, before the replay window"
    )]
    Stale {
        /// The source.
        origin: Source,
        /// The dedup key.
        key: String,
        /// The event's time.
        occurred_at: DateTime<Utc>,
    },
    /// A signed event whose time lies further ahead than the allowed clock skew.
    #[error("{origin} event `{key}` is from the future: it says {occurred_at}")]
    Future {
        /// The source.
        origin: Source,
        /// The dedup key.
        key: String,
        /// The event's time.
        occurred_at: DateTime<Utc>,
    },
    /// The seen-id store could not answer: whether the event is a duplicate is unknown, so it
    /// is not accepted. The sender should retry.
    #[error("the seen-id store failed: {0}")]
    Store(#[source] BoxError),
    /// A Jamf `SCEPChallenge` arrived and no challenge provider is configured.
    #[error("no SCEP challenge provider is configured")]
    NoChallengeProvider,
    /// The SCEP challenge provider failed.
    #[error("the SCEP challenge provider failed: {0}")]
    Challenge(#[source] BoxError),
    /// Handing the accepted event on failed (a queue, a database, a file): it is not safe yet,
    /// so the sender should retry. Build it in your handler; call
    /// [`Receiver::release`](crate::Receiver::release) first so the retry is not a duplicate.
    #[error("the event could not be handed on: {0}")]
    Downstream(#[source] BoxError),
    /// The body could not be read to its end (the client went away, or sent a broken chunked
    /// encoding). For HTTP adapters and servers.
    #[error("the request body could not be read: {0}")]
    BodyRead(#[source] BoxError),
    /// The client was too slow sending the request. For HTTP adapters and servers.
    #[error("the request was not received in time")]
    Timeout,
}

/// The parser error of one source, inside [`ReceiveError::Invalid`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// From `fleethooks-jamf`.
    #[error(transparent)]
    Jamf(#[from] fleethooks_jamf::Error),
    /// From `fleethooks-jumpcloud`.
    #[error(transparent)]
    Jumpcloud(#[from] fleethooks_jumpcloud::Error),
    /// From `fleethooks-cmdop`.
    #[error(transparent)]
    Cmdop(#[from] fleethooks_cmdop::Error),
}

impl ParseError {
    /// The JSON path (`$.event.computer.jssID`) or XML element path
    /// (`/JSSEvent/event/computer/jssID`) of the error, where the parser knows it.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Jamf(e) => e.path(),
            Self::Jumpcloud(e) => e.path(),
            Self::Cmdop(e) => e.path(),
        }
    }

    /// The 1-based line and byte column of the error, where the parser knows them.
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Jamf(e) => e.line_column(),
            Self::Jumpcloud(e) => e.line_column(),
            Self::Cmdop(e) => e.line_column(),
        }
    }
}

/// Seconds a sender is told to wait before retrying a delivery we could not take.
pub const RETRY_AFTER_SECS: u32 = 5;

impl ReceiveError {
    /// The HTTP status to answer with:
    ///
    /// | status | for |
    /// | --- | --- |
    /// | 200 | [`Duplicate`](Self::Duplicate): accepted before, do not send again |
    /// | 400 | a body that will never parse, an unknown source, a stale or future signed event, a body that could not be read |
    /// | 401 | missing or wrong credentials or signature |
    /// | 404 | a source not enabled |
    /// | 408 | a request that timed out on the way |
    /// | 413 | a body over the limit |
    /// | 415 | a content type or encoding the source never sends |
    /// | 501 | a SCEP challenge with no provider configured |
    /// | 503 | a failure on the receiver's side (seen-id store, challenge provider, handing on) |
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotEnabled(_) => StatusCode::NOT_FOUND,
            Self::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid { .. }
            | Self::BodyRead(_)
            | Self::UnknownSource
            | Self::Stale { .. }
            | Self::Future { .. } => StatusCode::BAD_REQUEST,
            Self::Duplicate { .. } => StatusCode::OK,
            Self::Store(_) | Self::Challenge(_) | Self::Downstream(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::NoChallengeProvider => StatusCode::NOT_IMPLEMENTED,
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
        }
    }

    /// Whether the sender should try again later: true only for failures a later attempt may
    /// not meet — on the receiver's own side, or a request that timed out on the way.
    #[must_use]
    pub fn should_retry(&self) -> bool {
        matches!(
            self,
            Self::Store(_) | Self::Challenge(_) | Self::Downstream(_) | Self::Timeout
        )
    }

    /// Whether this is a repeat of an accepted event (answered 2xx, not handed on).
    #[must_use]
    pub fn is_duplicate(&self) -> bool {
        matches!(self, Self::Duplicate { .. })
    }

    /// The source concerned, where one is known.
    #[must_use]
    pub fn origin(&self) -> Option<Source> {
        match self {
            Self::NotEnabled(origin)
            | Self::Unauthenticated { origin, .. }
            | Self::UnsupportedMediaType { origin, .. }
            | Self::Invalid { origin, .. }
            | Self::Duplicate { origin, .. }
            | Self::Stale { origin, .. }
            | Self::Future { origin, .. } => Some(*origin),
            Self::NoChallengeProvider | Self::Challenge(_) => Some(Source::Jamf),
            Self::TooLarge { .. }
            | Self::UnknownSource
            | Self::Store(_)
            | Self::Downstream(_)
            | Self::BodyRead(_)
            | Self::Timeout => None,
        }
    }

    /// A one-line reason safe to send back: it names what was wrong and where (the JSON or
    /// XML path, line and column), never a value from the body, a secret or an expected
    /// signature.
    #[must_use]
    pub fn public_reason(&self) -> String {
        match self {
            Self::Invalid { origin, error } => {
                let mut reason = format!("{origin} body rejected");
                if let Some(path) = error.path() {
                    reason.push_str(&format!(" at `{path}`"));
                }
                if let Some((line, column)) = error.line_column() {
                    reason.push_str(&format!(" (line {line}, column {column})"));
                }
                reason.push_str(": ");
                reason.push_str(parse_category(error));
                reason
            }
            // These messages hold only our own words, header names and the dedup key.
            Self::Duplicate { origin, .. } => format!("{origin} event already received"),
            Self::Stale { origin, .. } => {
                format!("{origin} event is older than the replay window")
            }
            Self::Future { origin, .. } => {
                format!("{origin} event time is beyond the allowed clock skew")
            }
            Self::Store(_) => "the seen-id store is unavailable; retry later".to_owned(),
            Self::Challenge(_) => {
                "the SCEP challenge could not be produced; retry later".to_owned()
            }
            Self::BodyRead(_) => "the request body could not be read".to_owned(),
            Self::Downstream(_) => "the event could not be stored; retry later".to_owned(),
            other => one_line(&other.to_string()),
        }
    }

    /// The whole answer: [`status`](Self::status), a JSON body `{"error": <public reason>}`,
    /// `WWW-Authenticate: Basic realm="fleethooks"` when Basic authentication failed, and
    /// `Retry-After` when the sender should retry. A duplicate is answered
    /// `200 {"status":"duplicate"}`.
    #[must_use]
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        let body = if self.is_duplicate() {
            br#"{"status":"duplicate"}"#.to_vec()
        } else {
            serde_json::json!({ "error": self.public_reason() })
                .to_string()
                .into_bytes()
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Self::Unauthenticated { basic: true, .. } = self {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Basic realm="fleethooks", charset="UTF-8""#),
            );
        }
        if self.should_retry() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}

/// What kind of body error, in words that quote nothing from the body.
fn parse_category(error: &ParseError) -> &'static str {
    match error {
        ParseError::Jamf(e) => match e {
            fleethooks_jamf::Error::DocType { .. } => "XML document type declarations are refused",
            fleethooks_jamf::Error::TooDeep { .. } => "nested too deep",
            fleethooks_jamf::Error::InvalidUtf8 { .. } => "not UTF-8",
            fleethooks_jamf::Error::MissingWebhook => "missing the `webhook` header",
            fleethooks_jamf::Error::MissingEventType => "missing `webhook.webhookEvent`",
            fleethooks_jamf::Error::MissingEvent { .. } => "missing `event`",
            fleethooks_jamf::Error::UnrecognizedBody { .. } => "neither JSON nor XML",
            _ if error.path().is_some_and(|p| p.starts_with('/')) => "invalid XML",
            _ => "invalid JSON or a value of the wrong type",
        },
        ParseError::Jumpcloud(_) | ParseError::Cmdop(_) => {
            "invalid JSON or a value of the wrong type"
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A receiver that cannot be built: a setting that could never work. Found once, at
/// [`ReceiverBuilder::build`](crate::ReceiverBuilder::build), not per request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A credential or secret was refused (empty secret, invalid header name).
    #[error("invalid {origin} credential: {reason}")]
    Credential {
        /// The source it was given for.
        origin: Source,
        /// Why.
        #[source]
        reason: fleethooks_verify::Error,
    },
    /// A Jamf header-authentication name Jamf Pro cannot send (it cannot set `Content-Type`,
    /// `User-Agent`, `Accept-Encoding`, `Content-Length` or `Host`).
    #[error("Jamf Pro cannot send the header `{0}` for header authentication")]
    ReservedHeader(String),
    /// No source is enabled, so every delivery would be refused.
    #[error(
        "no source is enabled: configure credentials or allow_unauthenticated for at least one"
    )]
    NothingEnabled,
    /// A body limit of zero would refuse every delivery.
    #[error("the body limit must be at least 1 byte")]
    ZeroBodyLimit,
}

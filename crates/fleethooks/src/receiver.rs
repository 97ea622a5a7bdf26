//! [`Receiver`]: body limit, authentication, content type, one parse, duplicates.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fleethooks_cmdop::CmdopEvent;
use fleethooks_core::replay::{ReplayError, ReplayGuard};
use fleethooks_core::{MediaType, Source};
use fleethooks_jamf::JamfEvent;
use fleethooks_jumpcloud::Alert;
use fleethooks_verify::{Credentials, SignatureVerifier};
use http::{HeaderMap, HeaderValue, StatusCode, header};

use crate::builder::ReceiverBuilder;
use crate::detect::detect_source;
use crate::error::{ParseError, ReceiveError};
use crate::inbound::InboundEvent;
use crate::scep::ChallengeProvider;
use crate::store::AnyStore;

/// How a source's deliveries are authenticated.
pub(crate) enum Check {
    /// Explicitly allowed without credentials.
    Open,
    /// Header credentials, all required (Basic, token, shared headers).
    Credentials(Credentials),
    /// An HMAC-SHA256 signature over the body (cmdop).
    Signature(SignatureVerifier),
}

/// An enabled source.
pub(crate) struct Gate {
    pub(crate) check: Check,
    /// Whether Basic is among the checks (for `WWW-Authenticate`).
    pub(crate) basic: bool,
    /// With credentials configured *and* `allow_unauthenticated`: a request that presents none
    /// of the credential headers is let in; one that presents them must present the right ones.
    pub(crate) open_fallback: bool,
}

/// How a request got past a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passed {
    /// It presented matching credentials or a valid signature.
    Credentials,
    /// The source accepts requests without credentials, and it presented none.
    Open,
}

impl Gate {
    fn authenticate(&self, headers: &HeaderMap, body: &[u8]) -> fleethooks_verify::Result<Passed> {
        let checked = match &self.check {
            Check::Open => return Ok(Passed::Open),
            Check::Credentials(credentials) => credentials.verify(headers),
            Check::Signature(verifier) => verifier.verify(headers, body),
        };
        match checked {
            Ok(()) => Ok(Passed::Credentials),
            Err(_) if self.open_fallback && !self.presents_credentials(headers) => Ok(Passed::Open),
            Err(e) => Err(e),
        }
    }

    /// Whether the request carries any header this gate's checks read.
    fn presents_credentials(&self, headers: &HeaderMap) -> bool {
        match &self.check {
            Check::Open => false,
            Check::Signature(verifier) => headers.contains_key(verifier.header_name()),
            Check::Credentials(credentials) => credentials.checks().iter().any(|c| match c {
                fleethooks_verify::Credential::Header(h) => headers.contains_key(h.name()),
                _ => headers.contains_key(header::AUTHORIZATION),
            }),
        }
    }
}

/// Turns raw webhook requests of Jamf Pro, JumpCloud and cmdop into typed events, doing the
/// work every receiver needs in the one safe order.
///
/// Per request: the body limit (against `Content-Length` first, then the bytes), then
/// authentication on the exact bytes received (constant time), then the content type, then one
/// parse, then duplicates. Nothing is parsed before it is authenticated, nothing twice. Build it
/// once with [`Receiver::builder`]; it is `Send + Sync` and needs no async runtime.
///
/// Every failure is a [`ReceiveError`] that knows its HTTP status and whether the sender should
/// retry; [`respond`](Self::respond) builds the answer to an accepted event (the challenge, for
/// Jamf's `SCEPChallenge`).
///
/// ```
/// use fleethooks::{Event, ReceiveError, Receiver, Source};
/// use fleethooks::http::{HeaderMap, HeaderValue, StatusCode};
///
/// let receiver = Receiver::builder().jumpcloud_token("jc_9f3b2c7d41e8").build()?;
/// let body = br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","priority":"High","status":"Open","update_at":"2026-11-24T13:05:12.481Z"}"#;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", HeaderValue::from_static("Bearer jc_9f3b2c7d41e8"));
/// let event = receiver.receive(Source::Jumpcloud, &headers, body)?;
/// assert_eq!(event.event_type(), "alert");
///
/// // The same notification again is a duplicate: answered 200, not handed on twice.
/// let again = receiver.receive(Source::Jumpcloud, &headers, body).err().ok_or("expected a duplicate")?;
/// assert!(again.is_duplicate());
/// assert_eq!(again.status(), StatusCode::OK);
///
/// headers.insert("authorization", HeaderValue::from_static("Bearer wrong"));
/// let err = receiver.receive(Source::Jumpcloud, &headers, body).err().ok_or("expected a 401")?;
/// assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
/// assert!(!err.should_retry());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Receiver {
    body_limit: usize,
    /// Indexed by [`slot`].
    gates: [Option<Gate>; 3],
    /// Duplicates of every source.
    dedup: ReplayGuard<AnyStore>,
    /// The same store, also refusing stale and future signed events.
    strict: ReplayGuard<AnyStore>,
    scep: Option<Box<dyn ChallengeProvider>>,
}

fn slot(source: Source) -> Option<usize> {
    match source {
        Source::Jamf => Some(0),
        Source::Jumpcloud => Some(1),
        Source::Cmdop => Some(2),
        // A source added to the contract later has no gate here until this crate knows it.
        _ => None,
    }
}

impl Receiver {
    /// A builder with nothing enabled yet.
    #[must_use]
    pub fn builder() -> ReceiverBuilder {
        ReceiverBuilder::new()
    }

    pub(crate) fn new(
        body_limit: usize,
        gates: [Option<Gate>; 3],
        dedup: Option<AnyStore>,
        window: Duration,
        max_skew: Duration,
        scep: Option<Box<dyn ChallengeProvider>>,
    ) -> Self {
        let store = dedup.unwrap_or_else(AnyStore::forgetful);
        let guard = |strict: bool| {
            ReplayGuard::new(store.clone())
                .with_window(window)
                .with_max_skew(max_skew)
                .refuse_stale(strict)
        };
        Self {
            body_limit,
            dedup: guard(false),
            strict: guard(true),
            gates,
            scep,
        }
    }

    /// The body limit in bytes.
    #[must_use]
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Whether deliveries of `source` are accepted at all.
    #[must_use]
    pub fn is_enabled(&self, source: Source) -> bool {
        self.gate(source).is_some()
    }

    /// Whether `source` accepts deliveries without credentials (only, or besides its
    /// credentials).
    #[must_use]
    pub fn is_unauthenticated(&self, source: Source) -> bool {
        self.gate(source)
            .is_some_and(|gate| matches!(gate.check, Check::Open) || gate.open_fallback)
    }

    fn gate(&self, source: Source) -> Option<&Gate> {
        slot(source)
            .and_then(|i| self.gates.get(i))
            .and_then(Option::as_ref)
    }

    /// The body-limit check on `Content-Length` alone, for a server to run before it reads the
    /// body. [`receive`](Self::receive) runs it too.
    ///
    /// # Errors
    ///
    /// [`ReceiveError::TooLarge`] when the declared length is over the limit.
    pub fn check_content_length(&self, headers: &HeaderMap) -> Result<(), ReceiveError> {
        let declared = headers
            .get_all(header::CONTENT_LENGTH)
            .iter()
            .filter_map(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
            .max();
        match declared {
            Some(length) if length > self.limit_u64() => Err(ReceiveError::TooLarge {
                limit: self.body_limit,
                length,
            }),
            _ => Ok(()),
        }
    }

    fn limit_u64(&self) -> u64 {
        u64::try_from(self.body_limit).unwrap_or(u64::MAX)
    }

    fn check_size(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), ReceiveError> {
        self.check_content_length(headers)?;
        if body.len() > self.body_limit {
            return Err(ReceiveError::TooLarge {
                limit: self.body_limit,
                length: u64::try_from(body.len()).unwrap_or(u64::MAX),
            });
        }
        Ok(())
    }

    /// Receives one delivery of `source`: body limit, authentication, content type, parse,
    /// duplicates, against the system clock.
    ///
    /// # Errors
    ///
    /// A [`ReceiveError`]; its [`status`](ReceiveError::status) is the answer.
    pub fn receive(
        &self,
        source: Source,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<InboundEvent, ReceiveError> {
        self.receive_at(source, headers, body, Utc::now())
    }

    /// [`receive`](Self::receive) as of `now`, for tests.
    ///
    /// # Errors
    ///
    /// As [`receive`](Self::receive).
    pub fn receive_at(
        &self,
        source: Source,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<InboundEvent, ReceiveError> {
        self.check_size(headers, body)?;
        let gate = self.gate(source).ok_or(ReceiveError::NotEnabled(source))?;
        gate.authenticate(headers, body)
            .map(drop)
            .map_err(|reason| ReceiveError::Unauthenticated {
                origin: source,
                basic: gate.basic,
                reason,
            })?;
        self.accept(source, headers, body, now)
    }

    /// Receives a delivery whose source is not given by the URL, for services with one
    /// endpoint.
    ///
    /// The source is the enabled one whose credentials the request carries; where that does not
    /// decide (sources open to unauthenticated deliveries, or equal credentials), the body's
    /// shape does (see [`detect_source`]), looked at only after authentication passed.
    ///
    /// # Errors
    ///
    /// As [`receive`](Self::receive); [`ReceiveError::UnknownSource`] when the shape does not
    /// tell, and for a request no source authenticates, the most telling `Unauthenticated`.
    pub fn receive_any(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<InboundEvent, ReceiveError> {
        self.receive_any_at(headers, body, Utc::now())
    }

    /// [`receive_any`](Self::receive_any) as of `now`, for tests.
    ///
    /// # Errors
    ///
    /// As [`receive_any`](Self::receive_any).
    pub fn receive_any_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<InboundEvent, ReceiveError> {
        self.check_size(headers, body)?;
        let mut credentialed = Vec::new();
        let mut open = Vec::new();
        let mut refused: Vec<(Source, bool, fleethooks_verify::Error)> = Vec::new();
        for source in Source::ALL {
            let Some(gate) = self.gate(source) else {
                continue;
            };
            match gate.authenticate(headers, body) {
                Ok(Passed::Open) => open.push(source),
                Ok(Passed::Credentials) => credentialed.push(source),
                Err(reason) => refused.push((source, gate.basic, reason)),
            }
        }
        let source = match (credentialed.as_slice(), open.is_empty()) {
            // Credentials that match are the strongest evidence of the sender.
            ([only], _) => *only,
            ([], true) => return Err(self.most_telling(refused)),
            // Several sources accept the request: only the body can tell.
            (_, _) => {
                let shape = detect_source(body).ok_or(ReceiveError::UnknownSource)?;
                let accepted = credentialed.contains(&shape) || open.contains(&shape);
                if !accepted {
                    // The body is another source's: that source's refusal is the answer.
                    return Err(match refused.into_iter().find(|(s, ..)| *s == shape) {
                        Some((origin, basic, reason)) => ReceiveError::Unauthenticated {
                            origin,
                            basic,
                            reason,
                        },
                        None => ReceiveError::NotEnabled(shape),
                    });
                }
                shape
            }
        };
        self.accept(source, headers, body, now)
    }

    /// The refusal to report when no source authenticates a request: one naming a present but
    /// wrong credential beats one about a missing header.
    fn most_telling(&self, refused: Vec<(Source, bool, fleethooks_verify::Error)>) -> ReceiveError {
        let basic = refused.iter().any(|(_, basic, _)| *basic);
        let pick = refused
            .iter()
            .position(|(.., e)| !matches!(e, fleethooks_verify::Error::MissingHeader { .. }))
            .unwrap_or(0);
        match refused.into_iter().nth(pick) {
            Some((origin, _, reason)) => ReceiveError::Unauthenticated {
                origin,
                basic,
                reason,
            },
            None => ReceiveError::UnknownSource,
        }
    }

    /// What follows authentication: content type, one parse, duplicates.
    fn accept(
        &self,
        source: Source,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<InboundEvent, ReceiveError> {
        let content_type = content_type(source, headers)?;
        let event: InboundEvent = match source {
            Source::Jamf => JamfEvent::from_body(content_type, body)
                .map_err(|e| invalid(source, e.into()))?
                .into(),
            Source::Jumpcloud => Alert::from_slice(body)
                .map_err(|e| invalid(source, e.into()))?
                .into(),
            Source::Cmdop => CmdopEvent::from_slice(body)
                .map_err(|e| invalid(source, e.into()))?
                .into(),
            _ => return Err(ReceiveError::NotEnabled(source)),
        };
        let guard = if source == Source::Cmdop {
            &self.strict
        } else {
            &self.dedup
        };
        guard.check_at(&event, now).map_err(replay_error(source))?;
        Ok(event)
    }

    /// Forgets an accepted event's dedup key, so its sender's retry is taken: call it when
    /// handing the event on failed and the answer will be 5xx.
    ///
    /// # Errors
    ///
    /// [`ReceiveError::Store`] when the store fails.
    pub fn release(&self, event: &InboundEvent) -> Result<(), ReceiveError> {
        self.dedup
            .release(event)
            .map_err(replay_error(event.source()))
    }

    /// Remembers `key` of `source` as accepted, as of `now`: for a server that reads back what
    /// it stored before a restart. `Ok(false)` when it was already remembered.
    ///
    /// # Errors
    ///
    /// [`ReceiveError::Store`] when the store fails.
    pub fn remember(
        &self,
        source: Source,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, ReceiveError> {
        match self.dedup.check_key_at(source, key, None, now) {
            Ok(()) => Ok(true),
            Err(ReplayError::Duplicate { .. }) => Ok(false),
            Err(e) => Err(replay_error(source)(e)),
        }
    }

    /// The answer to an accepted event: for Jamf's `SCEPChallenge`, `200` with the challenge
    /// from the [provider](ReceiverBuilder::scep_challenge) as a `text/plain` body (Jamf puts it
    /// in the profile); for any other event `200 {"status":"accepted"}`.
    ///
    /// Answer only once the event is safe wherever it goes: a 2xx tells the sender it is done.
    ///
    /// # Errors
    ///
    /// [`ReceiveError::NoChallengeProvider`] or [`ReceiveError::Challenge`] for a
    /// `SCEPChallenge` that cannot be answered.
    pub fn respond(&self, event: &InboundEvent) -> Result<http::Response<Vec<u8>>, ReceiveError> {
        if let Some(JamfEvent::SCEPChallenge(scep)) = event.as_jamf() {
            let provider = self
                .scep
                .as_ref()
                .ok_or(ReceiveError::NoChallengeProvider)?;
            let challenge = provider.challenge(scep).map_err(ReceiveError::Challenge)?;
            return Ok(fleethooks_jamf::ScepChallenge::response_bytes(challenge));
        }
        let mut response = http::Response::new(br#"{"status":"accepted"}"#.to_vec());
        *response.status_mut() = StatusCode::OK;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(response)
    }
}

fn invalid(origin: Source, error: ParseError) -> ReceiveError {
    ReceiveError::Invalid { origin, error }
}

fn replay_error(origin: Source) -> impl Fn(ReplayError) -> ReceiveError {
    move |error| match error {
        ReplayError::Duplicate { key } => ReceiveError::Duplicate { origin, key },
        ReplayError::Stale { key, occurred_at } => ReceiveError::Stale {
            origin,
            key,
            occurred_at,
        },
        ReplayError::Future { key, occurred_at } => ReceiveError::Future {
            origin,
            key,
            occurred_at,
        },
        ReplayError::Store(e) => ReceiveError::Store(e),
        // A future variant of the guard's error: not a decision, so retry.
        other => ReceiveError::Store(Box::new(other)),
    }
}

/// The `Content-Type` to parse with, checked against what `source` sends: JSON for JumpCloud
/// and cmdop (or none), JSON or XML for Jamf (or none: the body decides). A compressed body is
/// refused: none of the three compresses.
fn content_type(source: Source, headers: &HeaderMap) -> Result<Option<&str>, ReceiveError> {
    if let Some(encoding) = headers.get(header::CONTENT_ENCODING) {
        let identity = encoding
            .to_str()
            .is_ok_and(|e| e.trim().is_empty() || e.trim().eq_ignore_ascii_case("identity"));
        if !identity {
            return Err(ReceiveError::UnsupportedMediaType {
                origin: source,
                content_type: format!(
                    "Content-Encoding: {}",
                    String::from_utf8_lossy(encoding.as_bytes())
                ),
            });
        }
    }
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(None);
    };
    let unsupported = || ReceiveError::UnsupportedMediaType {
        origin: source,
        content_type: String::from_utf8_lossy(value.as_bytes()).into_owned(),
    };
    let text = value.to_str().map_err(|_| unsupported())?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    match (source, MediaType::of(text)) {
        (_, MediaType::Json) | (Source::Jamf, MediaType::Xml) => Ok(Some(text)),
        _ => Err(unsupported()),
    }
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Which sources are enabled and how; never a credential.
        let how = |source: Source| match self.gate(source).map(|g| (&g.check, g.open_fallback)) {
            None => "disabled",
            Some((Check::Open, _)) => "unauthenticated",
            Some((Check::Credentials(_), false)) => "credentials",
            Some((Check::Credentials(_), true)) => "credentials or none",
            Some((Check::Signature(_), false)) => "signature",
            Some((Check::Signature(_), true)) => "signature or none",
        };
        f.debug_struct("Receiver")
            .field("body_limit", &self.body_limit)
            .field("jamf", &how(Source::Jamf))
            .field("jumpcloud", &how(Source::Jumpcloud))
            .field("cmdop", &how(Source::Cmdop))
            .field("dedup_window", &self.dedup.window())
            .field("scep_challenge", &self.scep.is_some())
            .finish()
    }
}

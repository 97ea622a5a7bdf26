//! Receiving a delivery: verify `X-Cmdop-Signature` over the exact body, then parse it.

use fleethooks_verify::{Secret, SignatureVerifier};
use http::{HeaderMap, HeaderName};

use crate::{CmdopEvent, Error, Result};

/// The header cmdop signs deliveries with: `X-Cmdop-Signature: sha256=<lowercase hex>`.
pub const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-cmdop-signature");

/// Verifies and parses cmdop deliveries: one call from headers and body bytes to a typed event.
///
/// A webhook created with a `secret` has every delivery signed with HMAC-SHA256 over the raw
/// body. [`Receiver::new`] and [`Receiver::with_secrets`] require that signature (several secrets
/// allow rotating the webhook's secret without losing deliveries);
/// [`Receiver::unverified`] accepts deliveries of a webhook created without a secret. The body is
/// parsed only once the signature matches.
///
/// `Receiver` is immutable after it is built: share one across threads (it is `Send + Sync`).
/// Replay protection is a separate step, [`ReplayGuard`](crate::ReplayGuard) with
/// [`refuse_stale(true)`](crate::ReplayGuard::refuse_stale), because cmdop signs no timestamp.
///
/// ```
/// use fleethooks_cmdop::{Error, Event, Receiver, SIGNATURE_HEADER, sign};
/// use fleethooks_verify::Secret;
/// use http::HeaderMap;
///
/// let receiver = Receiver::with_secrets(["whsec_old", "whsec_new"])?;
/// let body = br#"{"id":"evt_test","type":"test","timestamp":"2024-01-20T15:45:00Z","data":{"message":"This is a test webhook"}}"#;
///
/// let mut headers = HeaderMap::new();
/// assert!(matches!(receiver.receive(&headers, body), Err(Error::MissingSignature)));
///
/// headers.insert(SIGNATURE_HEADER, sign(&Secret::from("whsec_new"), body)?.to_header());
/// let event = receiver.receive(&headers, body)?;
/// assert_eq!(event.dedup_key(), "evt_test");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Receiver {
    verifier: Option<SignatureVerifier>,
}

impl Receiver {
    /// Requires deliveries signed with `secret`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the secret is empty.
    pub fn new(secret: impl Into<Secret>) -> Result<Self> {
        Self::with_secrets([secret])
    }

    /// Requires deliveries signed with any of `secrets`, for rotation.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when there is no secret or one is empty.
    pub fn with_secrets<S: Into<Secret>>(secrets: impl IntoIterator<Item = S>) -> Result<Self> {
        let verifier =
            SignatureVerifier::with_secrets(SIGNATURE_HEADER, secrets).map_err(Error::Config)?;
        Ok(Self {
            verifier: Some(verifier),
        })
    }

    /// Accepts deliveries without checking any signature, for a webhook created without a
    /// secret. Anyone who knows the endpoint can then post events: prefer a secret.
    #[must_use]
    pub fn unverified() -> Self {
        Self { verifier: None }
    }

    /// Whether this receiver checks signatures.
    #[must_use]
    pub fn verifies(&self) -> bool {
        self.verifier.is_some()
    }

    /// Verifies the delivery's signature over `body`, then parses it.
    ///
    /// # Errors
    ///
    /// [`Error::MissingSignature`] when a secret is configured and the header is absent,
    /// [`Error::Signature`] when it is repeated, malformed or does not match, and then
    /// [`Error::Json`] for a body that is not a cmdop event. Never [`Error::Config`].
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<CmdopEvent> {
        self.verify(headers, body)?;
        CmdopEvent::from_slice(body)
    }

    /// Only the signature check of [`Receiver::receive`].
    ///
    /// # Errors
    ///
    /// [`Error::MissingSignature`] or [`Error::Signature`]. The signature is checked over the
    /// bytes as received, byte-order mark included.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<()> {
        match &self.verifier {
            Some(verifier) => verifier
                .verify(headers, body)
                .map_err(Error::from_verification),
            None => Ok(()),
        }
    }
}

//! Receiving a delivery: verify `X-Cmdop-Signature` over the exact body, then parse it.

use fleethooks_verify::{Secret, SignatureVerifier};
use http::{HeaderMap, HeaderName, HeaderValue};

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
/// Replay protection is a separate step, [`ReplayGuard`](crate::ReplayGuard), because cmdop
/// signs no timestamp.
///
/// ```
/// use fleethooks_cmdop::{Error, Receiver, SIGNATURE_HEADER, sign};
/// use fleethooks_verify::Secret;
/// use http::HeaderMap;
///
/// let receiver = Receiver::with_secrets(["whsec_old", "whsec_new"])?;
/// let body = br#"{"id":"evt_test","type":"test","timestamp":"2024-01-20T15:45:00Z","data":{"message":"This is a test webhook"}}"#;
///
/// let mut headers = HeaderMap::new();
/// assert!(matches!(receiver.receive(&headers, body), Err(Error::MissingSignature)));
///
/// headers.insert(SIGNATURE_HEADER, sign(&Secret::from("whsec_new"), body)?);
/// let event = receiver.receive(&headers, body)?;
/// assert_eq!(event.id, "evt_test");
/// # Ok::<(), fleethooks_cmdop::Error>(())
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
    /// [`Error::Verifier`] when the secret is empty.
    pub fn new(secret: impl Into<Secret>) -> Result<Self> {
        Self::with_secrets([secret])
    }

    /// Requires deliveries signed with any of `secrets`, for rotation.
    ///
    /// # Errors
    ///
    /// [`Error::Verifier`] when there is no secret or one is empty.
    pub fn with_secrets<S: Into<Secret>>(secrets: impl IntoIterator<Item = S>) -> Result<Self> {
        Ok(Self {
            verifier: Some(SignatureVerifier::with_secrets(SIGNATURE_HEADER, secrets)?),
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
    /// [`Error::Parse`] for a body that is not a cmdop event.
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<CmdopEvent> {
        self.verify(headers, body)?;
        CmdopEvent::from_slice(body)
    }

    /// Only the signature check of [`Receiver::receive`].
    ///
    /// # Errors
    ///
    /// [`Error::MissingSignature`] or [`Error::Signature`].
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<()> {
        match &self.verifier {
            Some(verifier) => verifier
                .verify(headers, body)
                .map_err(Error::from_verification),
            None => Ok(()),
        }
    }
}

/// Signs `body` as cmdop does: the `X-Cmdop-Signature` value, `sha256=<lowercase hex>`.
///
/// For senders, tests and local tools.
///
/// ```
/// use fleethooks_cmdop::sign;
/// use fleethooks_verify::Secret;
///
/// let value = sign(&Secret::from("It's a Secret to Everybody"), b"Hello, World!")?;
/// assert_eq!(value, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
/// # Ok::<(), fleethooks_cmdop::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Verifier`] when the secret is empty.
pub fn sign(secret: &Secret, body: &[u8]) -> Result<HeaderValue> {
    let signature = fleethooks_verify::sign(secret, body)?;
    // `sha256=` and hex digits are always a valid header value.
    HeaderValue::from_str(&signature.to_header_value()).map_err(|e| Error::Request(e.into()))
}

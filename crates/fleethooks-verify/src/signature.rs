//! HMAC-SHA256 signatures in the `sha256=<hex>` header form.
//!
//! cmdop sends `X-Cmdop-Signature: sha256=<hex>`; GitHub's `X-Hub-Signature-256` has the same
//! shape. The MAC is computed over the exact body bytes, before any parsing or re-encoding.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use crate::{Error, Result, Secret, header};

type HmacSha256 = Hmac<Sha256>;

/// The algorithm prefix of the header form, matched case-insensitively.
const PREFIX: &[u8] = b"sha256=";
/// Hex digits in a SHA-256 digest.
const HEX_DIGITS: usize = 64;
/// How much of an unsupported algorithm name an error repeats.
const MAX_ALGORITHM_ECHO: usize = 32;

/// A parsed HMAC-SHA256 signature: the 32-byte digest behind `sha256=<hex>`.
///
/// `Display` writes the header form with lowercase hex. Equality is constant time.
///
/// ```
/// use fleethooks_verify::Signature;
///
/// let sig: Signature = "  SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17 ".parse()?;
/// assert_eq!(
///     sig.to_string(),
///     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
/// );
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Signature([u8; 32]);

impl Signature {
    /// Wraps a raw digest.
    #[must_use]
    pub const fn from_digest(digest: [u8; 32]) -> Self {
        Self(digest)
    }

    /// The raw digest.
    #[must_use]
    pub const fn digest(&self) -> &[u8; 32] {
        &self.0
    }

    /// Parses a header value: `sha256=` in any letter case, hex in either case, surrounding
    /// whitespace ignored.
    ///
    /// # Errors
    ///
    /// [`Error::MissingAlgorithm`] without a prefix, [`Error::UnsupportedAlgorithm`] for another
    /// one, [`Error::InvalidHex`] for a non-hex character and [`Error::InvalidLength`] for a digest
    /// that is not 64 hex digits.
    pub fn parse(value: impl AsRef<[u8]>) -> Result<Self> {
        let value = value.as_ref().trim_ascii();
        let digest_hex = strip_prefix(value)?;
        let mut digest = [0_u8; 32];
        // The common case decodes in one branch-free pass; only a failure pays for finding out
        // what exactly is wrong.
        if digest_hex.len() == HEX_DIGITS
            && base16ct::mixed::decode(digest_hex, &mut digest).is_ok()
        {
            return Ok(Self(digest));
        }
        Err(explain_bad_digest(digest_hex))
    }

    /// The header value as text: `sha256=` and 64 lowercase hex digits. See
    /// [`to_header`](Self::to_header) for it as an `http::HeaderValue`.
    #[must_use]
    pub fn to_header_value(&self) -> String {
        self.to_string()
    }

    /// The header value, ready to insert into an `http::HeaderMap`: `sha256=` and 64 lowercase
    /// hex digits. Also available as `HeaderValue::from(signature)`.
    ///
    /// ```
    /// use fleethooks_verify::{Secret, sign};
    /// use http::HeaderMap;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(
    ///     "x-cmdop-signature",
    ///     sign(&Secret::from("It's a Secret to Everybody"), b"Hello, World!")?.to_header(),
    /// );
    /// assert_eq!(
    ///     headers["x-cmdop-signature"],
    ///     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    /// );
    /// # Ok::<(), fleethooks_verify::Error>(())
    /// ```
    #[must_use]
    pub fn to_header(&self) -> HeaderValue {
        let mut value = [0_u8; PREFIX.len() + HEX_DIGITS];
        let (prefix, hex) = value.split_at_mut(PREFIX.len());
        prefix.copy_from_slice(PREFIX);
        // Neither step can fail: the buffers have exactly the sizes a 32-byte digest needs, and
        // `sha256=` plus hex digits are visible ASCII, which every header value may hold. The
        // fallback is the bare prefix, which any verifier refuses, never a value that verifies.
        match base16ct::lower::encode(&self.0, hex) {
            Ok(_) => HeaderValue::from_bytes(&value)
                .unwrap_or_else(|_| HeaderValue::from_static("sha256=")),
            Err(_) => HeaderValue::from_static("sha256="),
        }
    }
}

impl From<Signature> for HeaderValue {
    fn from(signature: Signature) -> Self {
        signature.to_header()
    }
}

/// Splits off `sha256=`, telling a missing prefix from a different algorithm.
fn strip_prefix(value: &[u8]) -> Result<&[u8]> {
    if let Some((head, rest)) = value.split_at_checked(PREFIX.len()) {
        if head.eq_ignore_ascii_case(PREFIX) {
            return Ok(rest);
        }
    }
    match value.iter().position(|&b| b == b'=') {
        Some(0) | None => Err(Error::MissingAlgorithm),
        Some(end) => {
            let algorithm = value
                .iter()
                .take(end.min(MAX_ALGORITHM_ECHO))
                .map(|&b| {
                    if b.is_ascii_graphic() {
                        char::from(b)
                    } else {
                        '?'
                    }
                })
                .collect();
            Err(Error::UnsupportedAlgorithm { algorithm })
        }
    }
}

/// Compares two digests in constant time.
///
/// XOR-folding four 64-bit words and asking `subtle` only about the folded word is branch-free
/// like `subtle`'s byte-slice comparison, which compares (and masks) byte by byte.
fn digests_equal(a: &[u8; 32], b: &[u8; 32]) -> Choice {
    let diff = a
        .chunks_exact(8)
        .zip(b.chunks_exact(8))
        .fold(0_u64, |acc, (x, y)| acc | (word(x) ^ word(y)));
    diff.ct_eq(&0)
}

fn word(bytes: &[u8]) -> u64 {
    let mut buf = [0_u8; 8];
    buf.copy_from_slice(bytes);
    u64::from_ne_bytes(buf)
}

/// Why `digest_hex` is not 64 hex digits: the first non-hex character wins over the length.
fn explain_bad_digest(digest_hex: &[u8]) -> Error {
    match digest_hex.iter().position(|b| !b.is_ascii_hexdigit()) {
        Some(offset) => {
            let found = digest_hex
                .get(offset)
                .filter(|b| b.is_ascii())
                .map_or(char::REPLACEMENT_CHARACTER, |&b| char::from(b));
            Error::InvalidHex { found, offset }
        }
        None => Error::InvalidLength {
            digits: digest_hex.len(),
        },
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        digests_equal(&self.0, &other.0).into()
    }
}

impl Eq for Signature {}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0_u8; 64];
        let hex = base16ct::lower::encode_str(&self.0, &mut buf).map_err(|_| fmt::Error)?;
        f.write_str("sha256=")?;
        f.write_str(hex)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({self})")
    }
}

impl FromStr for Signature {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// Signs `body` with `secret`: the value a sender puts in the signature header.
///
/// ```
/// use fleethooks_verify::{Secret, sign};
///
/// let sig = sign(&Secret::from("It's a Secret to Everybody"), b"Hello, World!")?;
/// assert_eq!(
///     sig.to_string(),
///     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
/// );
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::EmptySecret`] when the secret has no bytes.
pub fn sign(secret: &Secret, body: &[u8]) -> Result<Signature> {
    let mut mac = keyed(secret)?;
    mac.update(body);
    Ok(Signature(mac.finalize().into_bytes().into()))
}

fn keyed(secret: &Secret) -> Result<HmacSha256> {
    if secret.is_empty() {
        return Err(Error::EmptySecret);
    }
    // HMAC takes a key of any length, so this only fails if that ever changes.
    HmacSha256::new_from_slice(secret.expose_secret()).map_err(|_| Error::EmptySecret)
}

/// Verifies `sha256=<hex>` signatures against one or several secrets.
///
/// Several secrets allow rotation: a request is valid if any of them signed it. Every secret is
/// tried on every request and the results are combined without branching, so the time taken does
/// not tell which secret matched or how many were tried first.
///
/// The verifier keeps an HMAC state already keyed with each secret, which saves two SHA-256
/// blocks per request. That state is derived from the secret and is not zeroed on drop; the
/// [`Secret`] values themselves are.
///
/// ```
/// use fleethooks_verify::{Secret, SignatureVerifier, sign};
/// use http::{HeaderMap, HeaderName, HeaderValue};
///
/// let header = HeaderName::from_static("x-cmdop-signature");
/// let verifier = SignatureVerifier::with_secrets(header.clone(), ["old secret", "new secret"])?;
///
/// let body = br#"{"id":"evt_01HQ","type":"machine.offline"}"#;
/// let signature = sign(&Secret::from("new secret"), body)?;
/// let mut headers = HeaderMap::new();
/// headers.insert(header, HeaderValue::from_str(&signature.to_string())?);
///
/// verifier.verify(&headers, body)?;
/// assert!(verifier.verify(&headers, b"tampered").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SignatureVerifier {
    header: HeaderName,
    keys: Vec<HmacSha256>,
}

impl SignatureVerifier {
    /// A verifier reading `header` and accepting signatures made with `secret`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the secret is empty.
    pub fn new(header: HeaderName, secret: impl Into<Secret>) -> Result<Self> {
        Self::with_secrets(header, [secret])
    }

    /// A verifier accepting signatures made with any of `secrets`.
    ///
    /// # Errors
    ///
    /// [`Error::NoSecrets`] when `secrets` is empty, [`Error::EmptySecret`] when one is empty.
    pub fn with_secrets<S: Into<Secret>>(
        header: HeaderName,
        secrets: impl IntoIterator<Item = S>,
    ) -> Result<Self> {
        let keys = secrets
            .into_iter()
            .map(|s| keyed(&s.into()))
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(Error::NoSecrets);
        }
        Ok(Self { header, keys })
    }

    /// Adds one more accepted secret, for example the next one during a rotation.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the secret is empty.
    pub fn add_secret(&mut self, secret: impl Into<Secret>) -> Result<()> {
        self.keys.push(keyed(&secret.into())?);
        Ok(())
    }

    /// The header this verifier reads.
    #[must_use]
    pub fn header_name(&self) -> &HeaderName {
        &self.header
    }

    /// How many secrets are accepted.
    #[must_use]
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Verifies the signature header of a request against its exact body bytes.
    ///
    /// # Errors
    ///
    /// [`Error::MissingHeader`] or [`Error::DuplicateHeader`] for the header itself, the
    /// [`Signature::parse`] errors for its value, and [`Error::SignatureMismatch`] when no secret
    /// signed this body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<()> {
        let value = header::single(headers, &self.header)?;
        self.verify_value(value.as_bytes(), body)
    }

    /// Verifies a signature header value (`sha256=<hex>`) against the exact body bytes.
    ///
    /// # Errors
    ///
    /// As [`Signature::parse`], then [`Error::SignatureMismatch`].
    pub fn verify_value(&self, value: impl AsRef<[u8]>, body: &[u8]) -> Result<()> {
        self.verify_signature(&Signature::parse(value)?, body)
    }

    /// Verifies an already parsed signature against the exact body bytes.
    ///
    /// # Errors
    ///
    /// [`Error::SignatureMismatch`] when no configured secret signed this body.
    pub fn verify_signature(&self, signature: &Signature, body: &[u8]) -> Result<()> {
        let mut matched = Choice::from(0);
        for key in &self.keys {
            let mut mac = key.clone();
            mac.update(body);
            let expected: [u8; 32] = mac.finalize().into_bytes().into();
            matched |= digests_equal(&expected, &signature.0);
        }
        if bool::from(matched) {
            Ok(())
        } else {
            Err(Error::SignatureMismatch)
        }
    }
}

impl fmt::Debug for SignatureVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureVerifier")
            .field("header", &self.header)
            .field("secrets", &format_args!("[redacted; {}]", self.keys.len()))
            .finish()
    }
}

//! Shared-secret credentials for senders that sign nothing: Basic, tokens and fixed headers.
//!
//! Jamf Pro and JumpCloud authenticate a delivery with a credential the receiver also knows, not
//! with a signature. Each check here looks up one header (case-insensitively, refusing a repeated
//! one) and compares what it carries with every accepted value in constant time.
//!
//! Accepted values are kept as their SHA-256 fingerprints and the presented value is hashed the
//! same way before the comparison, so neither the content nor the length of an accepted value
//! shows in the time taken, and several accepted values (rotation) are all compared every time.

use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::{HeaderMap, HeaderName, header::AUTHORIZATION};
use sha2::{Digest as _, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::{Error, Result, Secret, header};

/// Standard base64 as browsers and HTTP clients write it, with or without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A SHA-256 fingerprint of an accepted value.
#[derive(Clone)]
struct Fingerprint(Zeroizing<[u8; 32]>);

impl Fingerprint {
    fn of(bytes: &[u8]) -> Self {
        Self(Zeroizing::new(Sha256::digest(bytes).into()))
    }

    fn of_secret(secret: &Secret) -> Result<Self> {
        if secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(Self::of(secret.expose_secret()))
    }

    fn matches(&self, other: &Self) -> Choice {
        self.0.ct_eq(&*other.0)
    }
}

/// Whether `presented` equals any accepted value, comparing with all of them.
fn any_matches(accepted: &[Fingerprint], presented: &Fingerprint) -> Choice {
    accepted
        .iter()
        .fold(Choice::from(0), |acc, fp| acc | fp.matches(presented))
}

/// Splits `Scheme rest` and reports whether the scheme is `scheme` (case-insensitive).
fn strip_scheme<'a>(value: &'a [u8], scheme: &str) -> Option<&'a [u8]> {
    let value = value.trim_ascii();
    let (head, rest) = value.split_at_checked(scheme.len())?;
    let starts_rest = rest.first().is_some_and(|b| *b == b' ' || *b == b'\t');
    (head.eq_ignore_ascii_case(scheme.as_bytes()) && starts_rest).then(|| rest.trim_ascii())
}

/// `Authorization: Basic base64(user:password)`, with one or several accepted pairs.
///
/// The user and the password are both compared in constant time, and a mismatch does not say
/// which of the two was wrong.
///
/// ```
/// use fleethooks_verify::Basic;
/// use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
///
/// let basic = Basic::new("jamf-webhooks", "c0rrect-h0rse")?;
/// let mut headers = HeaderMap::new();
/// // base64("jamf-webhooks:c0rrect-h0rse")
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic amFtZi13ZWJob29rczpjMHJyZWN0LWgwcnNl"));
/// basic.verify(&headers)?;
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
#[derive(Clone)]
pub struct Basic {
    accepted: Vec<(Fingerprint, Fingerprint)>,
}

impl Basic {
    /// Accepts this user and password.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the password is empty. An empty user name is allowed, since
    /// HTTP allows it.
    pub fn new(user: impl Into<Secret>, password: impl Into<Secret>) -> Result<Self> {
        Self {
            accepted: Vec::new(),
        }
        .or(user, password)
    }

    /// Also accepts this pair, for rotation.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the password is empty.
    pub fn or(mut self, user: impl Into<Secret>, password: impl Into<Secret>) -> Result<Self> {
        let user = Fingerprint::of(user.into().expose_secret());
        let password = Fingerprint::of_secret(&password.into())?;
        self.accepted.push((user, password));
        Ok(self)
    }

    /// Checks the `Authorization` header.
    ///
    /// # Errors
    ///
    /// [`Error::MissingHeader`], [`Error::DuplicateHeader`], [`Error::UnexpectedScheme`] for
    /// another scheme, [`Error::MalformedHeader`] for bad base64 or a missing `:`, and
    /// [`Error::CredentialMismatch`] when no accepted pair matches.
    pub fn verify(&self, headers: &HeaderMap) -> Result<()> {
        let value = header::single(headers, &AUTHORIZATION)?;
        let encoded = strip_scheme(value.as_bytes(), "Basic").ok_or(Error::UnexpectedScheme {
            name: AUTHORIZATION,
            expected: "Basic",
        })?;
        let decoded =
            Zeroizing::new(BASE64.decode(encoded).map_err(|_| Error::MalformedHeader {
                name: AUTHORIZATION,
                reason: "credentials are not valid base64",
            })?);
        let colon = decoded
            .iter()
            .position(|&b| b == b':')
            .ok_or(Error::MalformedHeader {
                name: AUTHORIZATION,
                reason: "decoded credentials have no `:` between user and password",
            })?;
        let (user, password) = decoded.split_at(colon);
        let user = Fingerprint::of(user);
        let password = Fingerprint::of(password.get(1..).unwrap_or_default());
        let matched = self.accepted.iter().fold(Choice::from(0), |acc, (u, p)| {
            acc | (u.matches(&user) & p.matches(&password))
        });
        if bool::from(matched) {
            Ok(())
        } else {
            Err(Error::CredentialMismatch {
                name: AUTHORIZATION,
            })
        }
    }
}

impl fmt::Debug for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Basic")
            .field(
                "accepted",
                &format_args!("[redacted; {}]", self.accepted.len()),
            )
            .finish()
    }
}

/// How a token is written in the `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenScheme {
    /// `Authorization: Bearer <token>` only.
    Bearer,
    /// `Authorization: <token>`, the bare token.
    Raw,
    /// Either form. The default, because JumpCloud's token authentication and Jamf's header
    /// authentication have been configured both ways in the field.
    #[default]
    BearerOrRaw,
}

/// A token in the `Authorization` header, with one or several accepted values.
///
/// ```
/// use fleethooks_verify::{Token, TokenScheme};
/// use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
///
/// let token = Token::new("jc_9f3b2c7d41e8")?;
/// let mut headers = HeaderMap::new();
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer jc_9f3b2c7d41e8"));
/// token.verify(&headers)?;
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("jc_9f3b2c7d41e8"));
/// token.verify(&headers)?;
/// assert!(token.with_scheme(TokenScheme::Bearer).verify(&headers).is_err());
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
#[derive(Clone)]
pub struct Token {
    scheme: TokenScheme,
    accepted: Vec<Fingerprint>,
}

impl Token {
    /// Accepts this token, as `Bearer <token>` or bare ([`TokenScheme::BearerOrRaw`]).
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the token is empty.
    pub fn new(token: impl Into<Secret>) -> Result<Self> {
        Self {
            scheme: TokenScheme::default(),
            accepted: Vec::new(),
        }
        .or(token)
    }

    /// Accepts this token as `Authorization: Bearer <token>` only.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the token is empty.
    pub fn bearer(token: impl Into<Secret>) -> Result<Self> {
        Ok(Self::new(token)?.with_scheme(TokenScheme::Bearer))
    }

    /// Sets how the token must be written.
    #[must_use]
    pub fn with_scheme(mut self, scheme: TokenScheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// Also accepts this token, for rotation.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the token is empty.
    pub fn or(mut self, token: impl Into<Secret>) -> Result<Self> {
        self.accepted.push(Fingerprint::of_secret(&token.into())?);
        Ok(self)
    }

    /// Checks the `Authorization` header.
    ///
    /// # Errors
    ///
    /// [`Error::MissingHeader`], [`Error::DuplicateHeader`], [`Error::UnexpectedScheme`] when
    /// `Bearer` is required and absent, [`Error::MalformedHeader`] for an empty token and
    /// [`Error::CredentialMismatch`] when no accepted token matches.
    pub fn verify(&self, headers: &HeaderMap) -> Result<()> {
        let value = header::single(headers, &AUTHORIZATION)?
            .as_bytes()
            .trim_ascii();
        let bearer = strip_scheme(value, "Bearer");
        let matched = match (self.scheme, bearer) {
            (TokenScheme::Bearer, None) => {
                return Err(Error::UnexpectedScheme {
                    name: AUTHORIZATION,
                    expected: "Bearer",
                });
            }
            (TokenScheme::Bearer, Some(token)) => self.check(token)?,
            (TokenScheme::Raw, _) => self.check(value)?,
            // A bare token may itself start with "Bearer ", so both readings are compared.
            (TokenScheme::BearerOrRaw, Some(token)) => self.check(token)? | self.check(value)?,
            (TokenScheme::BearerOrRaw, None) => self.check(value)?,
        };
        if bool::from(matched) {
            Ok(())
        } else {
            Err(Error::CredentialMismatch {
                name: AUTHORIZATION,
            })
        }
    }

    fn check(&self, token: &[u8]) -> Result<Choice> {
        if token.is_empty() {
            return Err(Error::MalformedHeader {
                name: AUTHORIZATION,
                reason: "no token given",
            });
        }
        Ok(any_matches(&self.accepted, &Fingerprint::of(token)))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("scheme", &self.scheme)
            .field(
                "accepted",
                &format_args!("[redacted; {}]", self.accepted.len()),
            )
            .finish()
    }
}

/// A named header that must carry one of the accepted values exactly.
///
/// JumpCloud's custom headers (up to 25 per channel) and Jamf Pro's header authentication both
/// send fixed header values.
///
/// ```
/// use fleethooks_verify::SharedHeader;
/// use http::{HeaderMap, HeaderValue};
///
/// let check = SharedHeader::try_new("X-Fleet-Key", "k3y-2026-q4")?.or("k3y-2026-q3")?;
/// let mut headers = HeaderMap::new();
/// headers.insert("x-fleet-key", HeaderValue::from_static("k3y-2026-q3"));
/// check.verify(&headers)?;
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
#[derive(Clone)]
pub struct SharedHeader {
    name: HeaderName,
    accepted: Vec<Fingerprint>,
}

impl SharedHeader {
    /// Requires header `name` to carry `value`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the value is empty.
    pub fn new(name: HeaderName, value: impl Into<Secret>) -> Result<Self> {
        Self {
            name,
            accepted: Vec::new(),
        }
        .or(value)
    }

    /// As [`SharedHeader::new`], parsing the header name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeaderName`] for a name HTTP does not allow, [`Error::EmptySecret`] for an
    /// empty value.
    pub fn try_new(name: &str, value: impl Into<Secret>) -> Result<Self> {
        Self::new(header::parse_name(name)?, value)
    }

    /// Also accepts this value, for rotation.
    ///
    /// # Errors
    ///
    /// [`Error::EmptySecret`] when the value is empty.
    pub fn or(mut self, value: impl Into<Secret>) -> Result<Self> {
        self.accepted.push(Fingerprint::of_secret(&value.into())?);
        Ok(self)
    }

    /// The header this check reads.
    #[must_use]
    pub fn name(&self) -> &HeaderName {
        &self.name
    }

    /// Checks the header.
    ///
    /// # Errors
    ///
    /// [`Error::MissingHeader`], [`Error::DuplicateHeader`], and [`Error::CredentialMismatch`]
    /// when the value is not accepted.
    pub fn verify(&self, headers: &HeaderMap) -> Result<()> {
        let value = header::single(headers, &self.name)?;
        let presented = Fingerprint::of(value.as_bytes().trim_ascii());
        if bool::from(any_matches(&self.accepted, &presented)) {
            Ok(())
        } else {
            Err(Error::CredentialMismatch {
                name: self.name.clone(),
            })
        }
    }
}

impl fmt::Debug for SharedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedHeader")
            .field("name", &self.name)
            .field(
                "accepted",
                &format_args!("[redacted; {}]", self.accepted.len()),
            )
            .finish()
    }
}

/// One credential check of any kind.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credential {
    /// `Authorization: Basic`.
    Basic(Basic),
    /// A token in `Authorization`.
    Token(Token),
    /// A named header with a fixed value.
    Header(SharedHeader),
}

impl Credential {
    /// Runs this check.
    ///
    /// # Errors
    ///
    /// As the check's own `verify`.
    pub fn verify(&self, headers: &HeaderMap) -> Result<()> {
        match self {
            Self::Basic(c) => c.verify(headers),
            Self::Token(c) => c.verify(headers),
            Self::Header(c) => c.verify(headers),
        }
    }
}

impl From<Basic> for Credential {
    fn from(value: Basic) -> Self {
        Self::Basic(value)
    }
}

impl From<Token> for Credential {
    fn from(value: Token) -> Self {
        Self::Token(value)
    }
}

impl From<SharedHeader> for Credential {
    fn from(value: SharedHeader) -> Self {
        Self::Header(value)
    }
}

/// Every credential a request must carry, such as a JumpCloud channel's authentication plus its
/// custom headers.
///
/// An empty set requires nothing: that is the "no authentication" configuration, and
/// [`Credentials::is_empty`] lets a service refuse to run that way.
///
/// ```
/// use fleethooks_verify::{Basic, Credentials, SharedHeader};
/// use http::{HeaderMap, HeaderValue};
///
/// let required = Credentials::new()
///     .require(Basic::new("jumpcloud", "s3cr3t-alerts")?)
///     .require(SharedHeader::try_new("x-tenant", "acme-prod")?);
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-tenant", HeaderValue::from_static("acme-prod"));
/// // base64("jumpcloud:s3cr3t-alerts")
/// headers.insert("authorization", HeaderValue::from_static("Basic anVtcGNsb3VkOnMzY3IzdC1hbGVydHM="));
/// required.verify(&headers)?;
/// # Ok::<(), fleethooks_verify::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    required: Vec<Credential>,
}

impl Credentials {
    /// Requires nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a required check.
    #[must_use]
    pub fn require(mut self, credential: impl Into<Credential>) -> Self {
        self.required.push(credential.into());
        self
    }

    /// Whether no check is required.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
    }

    /// The required checks, in the order they run.
    #[must_use]
    pub fn checks(&self) -> &[Credential] {
        &self.required
    }

    /// Runs every check, stopping at the first that fails.
    ///
    /// # Errors
    ///
    /// The first failing check's error.
    pub fn verify(&self, headers: &HeaderMap) -> Result<()> {
        self.required.iter().try_for_each(|c| c.verify(headers))
    }
}

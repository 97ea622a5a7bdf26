//! The one error type of this crate.

use http::HeaderName;

/// Why a request failed authentication, or why a verifier could not be built.
///
/// Messages name the header and the check that failed, never an expected value: they are safe to
/// log and to return to the caller. Every variant means "not authenticated" (HTTP 401) except
/// [`Error::EmptySecret`], [`Error::NoSecrets`] and [`Error::InvalidHeaderName`], which are
/// configuration mistakes caught when a verifier is built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request has no header of this name.
    #[error("missing header `{name}`")]
    MissingHeader {
        /// The header that was looked up.
        name: HeaderName,
    },
    /// The header appears more than once, so which value to check is ambiguous.
    #[error("header `{name}` appears more than once")]
    DuplicateHeader {
        /// The repeated header.
        name: HeaderName,
    },
    /// The header is present but its value cannot be what the check needs.
    #[error("malformed header `{name}`: {reason}")]
    MalformedHeader {
        /// The header whose value is malformed.
        name: HeaderName,
        /// What is wrong with it, in a few words.
        reason: &'static str,
    },
    /// The `Authorization` header uses another scheme than the one configured.
    #[error("header `{name}` does not use the {expected} scheme")]
    UnexpectedScheme {
        /// The header that was checked.
        name: HeaderName,
        /// The scheme that was expected (`Basic`, `Bearer`).
        expected: &'static str,
    },
    /// The signature has no `sha256=` prefix (a bare hex digest, or nothing before `=`).
    #[error("signature has no algorithm prefix; expected `sha256=<hex>`")]
    MissingAlgorithm,
    /// The signature names another algorithm than SHA-256.
    #[error("unsupported signature algorithm `{algorithm}`; expected `sha256`")]
    UnsupportedAlgorithm {
        /// The algorithm the signature names, cut to 32 characters.
        algorithm: String,
    },
    /// The signature digest contains a character that is not a hex digit.
    #[error("signature digest is not hex: unexpected {found:?} at offset {offset}")]
    InvalidHex {
        /// The first offending character.
        found: char,
        /// Its offset within the digest (after the `sha256=` prefix).
        offset: usize,
    },
    /// The signature digest has the wrong number of hex digits.
    #[error("signature digest has {digits} hex digits; SHA-256 needs 64")]
    InvalidLength {
        /// How many characters the digest has.
        digits: usize,
    },
    /// The signature is well formed but matches no configured secret.
    #[error("signature does not match the body")]
    SignatureMismatch,
    /// The credentials in the header are well formed but match no accepted value.
    #[error("credentials in header `{name}` were not accepted")]
    CredentialMismatch {
        /// The header that carried the credentials.
        name: HeaderName,
    },
    /// A secret, token, password or expected header value is empty.
    #[error("a secret must not be empty")]
    EmptySecret,
    /// A signature verifier was built without any secret.
    #[error("no secret configured")]
    NoSecrets,
    /// A configured header name is not a valid HTTP header name.
    #[error("invalid header name {name:?}")]
    InvalidHeaderName {
        /// The rejected name.
        name: String,
    },
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

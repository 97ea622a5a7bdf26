//! Authenticate inbound webhook requests, in constant time, before anything parses them.
//!
//! Device-fleet products prove who sent a webhook in one of two ways, and this crate checks both
//! on an [`http::HeaderMap`] and the exact body bytes, whatever HTTP stack received them:
//!
//! - **HMAC-SHA256 signatures** in the `sha256=<hex>` header form (cmdop's `X-Cmdop-Signature`,
//!   the same form as GitHub's `X-Hub-Signature-256`): [`sign`], [`Signature`],
//!   [`SignatureVerifier`].
//! - **Shared-secret credentials** for senders that sign nothing (Jamf Pro, JumpCloud):
//!   [`Basic`], [`Token`], [`SharedHeader`], combined in [`Credentials`].
//!
//! Every check accepts several secrets so they can be rotated, compares in constant time without
//! revealing which secret matched, refuses a header that appears twice, and fails with an
//! [`Error`] that names the header and the check but never an expected value. Secrets are held
//! in [`Secret`], which is redacted in `Debug` and zeroed on drop.
//!
//! # Example
//!
//! ```
//! use fleethooks_verify::{Error, SignatureVerifier};
//! use http::{HeaderMap, HeaderValue, HeaderName};
//!
//! let verifier = SignatureVerifier::new(
//!     HeaderName::from_static("x-hub-signature-256"),
//!     "It's a Secret to Everybody",
//! )?;
//!
//! let mut headers = HeaderMap::new();
//! headers.insert(
//!     "x-hub-signature-256",
//!     HeaderValue::from_static("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
//! );
//! verifier.verify(&headers, b"Hello, World!")?;
//!
//! let err = verifier.verify(&headers, b"Hello, World?").unwrap_err();
//! assert_eq!(err, Error::SignatureMismatch);
//! assert_eq!(err.to_string(), "signature does not match the body");
//! # Ok::<(), fleethooks_verify::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod credential;
mod error;
mod header;
mod secret;
mod signature;

pub use credential::{Basic, Credential, Credentials, SharedHeader, Token, TokenScheme};
pub use error::{Error, Result};
pub use secret::Secret;
pub use signature::{Signature, SignatureVerifier, sign};

/// The README's examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Re-exported so callers name header types from the same `http` version this crate uses.
pub use http;

//! Receive Jamf Pro, JumpCloud and cmdop webhooks: authenticate the raw request, then parse it
//! into typed events.
//!
//! This is the facade of the fleethooks workspace. It re-exports each source crate under a short
//! name, so one dependency gives a service everything:
//!
//! | module | crate | what it holds |
//! | --- | --- | --- |
//! | [`verify`] | `fleethooks-verify` | HMAC-SHA256 signatures, Basic, token and header credentials |
//! | [`jamf`] | `fleethooks-jamf` | the Jamf Pro events, from JSON or XML |
//! | [`jumpcloud`] | `fleethooks-jumpcloud` | alerts, channel settings, command triggers |
//! | [`cmdop`] | `fleethooks-cmdop` | signed event envelopes, management API, retry schedule |
//!
//! # Example
//!
//! ```
//! use fleethooks::verify::{SignatureVerifier, http::HeaderName};
//!
//! let verifier = SignatureVerifier::new(
//!     HeaderName::from_static("x-cmdop-signature"),
//!     "whsec_5f0b7c2e9a4d",
//! )?;
//! let body = br#"{"id":"evt_01JD4R8Q2ZK7","type":"test","timestamp":"2026-11-20T09:14:03Z","data":{"message":"This is a test webhook"}}"#;
//! let signature = fleethooks::verify::sign(&"whsec_5f0b7c2e9a4d".into(), body)?;
//! verifier.verify_value(signature.to_string(), body)?;
//! # Ok::<(), fleethooks::verify::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The workspace README's example goes through this facade, so it is compiled here.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadmeDoctests;

#[doc(inline)]
pub use fleethooks_cmdop as cmdop;
#[doc(inline)]
pub use fleethooks_jamf as jamf;
#[doc(inline)]
pub use fleethooks_jumpcloud as jumpcloud;
#[doc(inline)]
pub use fleethooks_verify as verify;

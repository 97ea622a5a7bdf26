//! Receive Jamf Pro, JumpCloud and cmdop webhooks: authenticate the raw request, then parse it
//! into typed events, behind whatever HTTP stack the service runs.
//!
//! [`Receiver`] does the work every webhook receiver needs, in the one safe order: the body
//! limit (by `Content-Length`, then by bytes), authentication on the exact bytes (constant time:
//! cmdop's HMAC signature, Jamf's and JumpCloud's Basic, token or header credentials), the
//! content type, one parse, and duplicates. What comes out is an [`InboundEvent`]; what goes
//! wrong is a [`ReceiveError`] that knows its HTTP status and whether the sender should retry.
//! No async runtime and no HTTP server are needed: it takes an [`http::HeaderMap`] and the body
//! bytes.
//!
//! # One service, three sources
//!
//! ```
//! use fleethooks::http::{HeaderMap, Response};
//! use fleethooks::{Event, Receiver, Source};
//!
//! /// The whole webhook endpoint: route, receive, hand on, answer.
//! fn handle(receiver: &Receiver, path: &str, headers: &HeaderMap, body: &[u8]) -> Response<Vec<u8>> {
//!     let source = match path {
//!         "/jamf" => Source::Jamf,
//!         "/jumpcloud" => Source::Jumpcloud,
//!         "/cmdop" => Source::Cmdop,
//!         _ => return Response::builder().status(404).body(Vec::new()).unwrap_or_default(),
//!     };
//!     let answer = receiver.receive(source, headers, body).and_then(|event| {
//!         println!("{}", event.to_json().unwrap_or_default()); // hand it on, durably, then answer
//!         receiver.respond(&event)
//!     });
//!     answer.unwrap_or_else(|err| err.to_response()) // 401, 400, 413, 415, 200 for a duplicate, …
//! }
//!
//! let receiver = Receiver::builder()
//!     .cmdop_secrets(["whsec_current_5f0b", "whsec_previous_c4f1"]) // X-Cmdop-Signature, rotation
//!     .jamf_basic("jamf-hooks", "c0rrect-h0rse")
//!     .jumpcloud_token("jc_9f3b2c7d41e8")
//!     .scep_challenge(|_| Ok("7F3K-2Q9X-MB4P".to_owned()))
//!     .build()?;
//!
//! let body = br#"{"id":"evt_01JD4R8Q2ZK7","type":"machine.offline","timestamp":"2026-11-20T09:14:03Z","data":{"machine_id":"mach_7f3k2q","machine_name":"build-runner-04"}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("x-cmdop-signature", fleethooks::cmdop::sign(&"whsec_previous_c4f1".into(), body)?.to_header());
//! # let receiver = Receiver::builder().cmdop_secret("whsec_previous_c4f1").dedup_window(std::time::Duration::MAX).build()?;
//! assert_eq!(handle(&receiver, "/cmdop", &headers, body).status(), 200);
//! assert_eq!(handle(&receiver, "/cmdop", &headers, b"{}").status(), 401); // signed for another body
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The API at a glance
//!
//! ```
//! use fleethooks::{InboundEvent, ReceiveError, Receiver, Source};
//! # use fleethooks::http::{HeaderMap, HeaderValue};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let body = fleethooks::chrono::Utc::now()
//! #     .format(r#"{"id":"evt_01JD4R8Q2ZK7","type":"test","timestamp":"%Y-%m-%dT%H:%M:%SZ","data":{"message":"This is a test webhook"}}"#)
//! #     .to_string().into_bytes();
//! # let mut headers = HeaderMap::new();
//! # headers.insert("x-cmdop-signature", fleethooks::cmdop::sign(&"whsec_current".into(), &body)?.to_header());
//!
//! let receiver = Receiver::builder()
//!     .cmdop_secrets(["whsec_current", "whsec_previous"])  // X-Cmdop-Signature, rotation
//!     .jamf_basic("jamf-hooks", "c0rrect-h0rse")          // or .jamf_header(name, value)
//!     .jumpcloud_token("jc-token")                         // Bearer or bare; .jumpcloud_basic, .jumpcloud_header
//!     .allow_unauthenticated(Source::Jamf)                 // explicit opt-in, never a default
//!     .body_limit(256 * 1024)
//! #   .without_dedup()
//!     .build()?;                                           // misconfiguration fails here
//! let event: InboundEvent = receiver.receive(Source::Cmdop, &headers, &body)?; // &http::HeaderMap, &[u8]
//! let event = receiver.receive_any(&headers, &body)?;     // tells the source, for one-URL services
//! event.source(); event.event_type(); event.occurred_at(); event.dedup_key(); event.to_json();
//! # let err: ReceiveError = receiver.receive(Source::Jumpcloud, &headers, &body).err().ok_or("expected an error")?;
//! let status: http::StatusCode = err.status();            // ReceiveError
//! let retry: bool = err.should_retry();
//! # assert_eq!((status, retry), (fleethooks::http::StatusCode::UNAUTHORIZED, false));
//! # Ok(())
//! # }
//! # use fleethooks::http;
//! ```
//!
//! # What the answers mean
//!
//! [`ReceiveError::status`] is chosen for what each sender does next: JumpCloud retries only
//! 5xx, 408 and 429; cmdop retries any failure after 1, 5 and 30 minutes and then disables the
//! webhook; Jamf Pro never retries. So a body that will never parse is 400, bad credentials 401,
//! a source not enabled 404, too large 413, a wrong content type 415 — and only the receiver's
//! own failures are 5xx ([`ReceiveError::should_retry`]). A repeat of an accepted event is
//! [`ReceiveError::Duplicate`], answered 200 so the sender stops. If handing an accepted event
//! on fails, call [`Receiver::release`] and answer 503, so the retry is taken.
//!
//! # Modules
//!
//! | module | crate | what it holds |
//! | --- | --- | --- |
//! | [`core`] | `fleethooks-core` | the [`Event`] contract, [`Source`], JSON error locations, the replay guard |
//! | [`verify`] | `fleethooks-verify` | HMAC-SHA256 signatures, Basic, token and header credentials |
//! | [`jamf`] | `fleethooks-jamf` | the Jamf Pro events, from JSON or XML |
//! | [`jumpcloud`] | `fleethooks-jumpcloud` | alerts, channel settings, command triggers |
//! | [`cmdop`] | `fleethooks-cmdop` | signed event envelopes, management API, retry schedule |
//!
//! # Features
//!
//! - `axum` (off by default): `axum::Webhook` and friends, extractors that refuse an
//!   oversized body before reading it and answer every failure with its own status.
//! - `redis` (off by default): `redis::RedisSeenIds`, a seen-id store shared by several
//!   receiver replicas.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod builder;
mod detect;
mod error;
mod inbound;
mod receiver;
mod scep;
mod store;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;

pub use builder::{DEFAULT_BODY_LIMIT, ReceiverBuilder};
pub use detect::detect_source;
pub use error::{BoxError, BuildError, ParseError, RETRY_AFTER_SECS, ReceiveError};
pub use inbound::InboundEvent;
pub use receiver::Receiver;
pub use scep::ChallengeProvider;

pub use fleethooks_core::{Event, Source};

#[doc(inline)]
pub use fleethooks_cmdop as cmdop;
#[doc(inline)]
pub use fleethooks_core as core;
#[doc(inline)]
pub use fleethooks_jamf as jamf;
#[doc(inline)]
pub use fleethooks_jumpcloud as jumpcloud;
#[doc(inline)]
pub use fleethooks_verify as verify;

/// Re-exported so callers name timestamps from the same `chrono` version this crate uses.
pub use chrono;
/// Re-exported so callers name header, request and response types from the same `http`
/// version this crate uses.
pub use http;

/// The workspace README's example goes through this facade, so it is compiled here.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadmeDoctests;

/// This crate's README examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    /// The receiver is shared by every request handler, across threads.
    #[test]
    fn receiver_is_send_and_sync() {
        fn shared<T: Send + Sync + 'static>() {}
        shared::<crate::Receiver>();
        shared::<crate::ReceiveError>();
        shared::<crate::InboundEvent>();
    }
}

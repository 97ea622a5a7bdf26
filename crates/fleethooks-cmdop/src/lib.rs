//! [cmdop](https://cmdop.com) webhooks, both sides: receive signed event deliveries, manage
//! webhook subscriptions through cmdop's API, and follow its retry schedule as a sender.
//!
//! - **Events** ([`CmdopEvent`]): the envelope `{id, type, timestamp, data}` with `data` typed per
//!   family ([`SessionData`], [`MachineData`], [`CommandData`], [`FileData`], [`TestData`]).
//!   Every documented [`EventType`], the legacy `schedule.*` ones and any unknown type parse;
//!   unknown fields are kept, so an event serializes back to the JSON it came from.
//! - **Receiving** ([`Receiver`]): verifies `X-Cmdop-Signature: sha256=<hex>` over the exact body
//!   with one or several secrets (rotation), then parses, in one call. [`sign`] makes the
//!   header value for senders and tests.
//! - **Replay protection** ([`ReplayGuard`]): cmdop signs no timestamp, so a captured delivery
//!   verifies forever; the guard refuses events outside a time window and ids seen before, with
//!   a pluggable [`SeenIds`] store ([`MemorySeenIds`] in-process, or a shared one you write).
//! - **Management API** ([`api`]): `Webhook`, `CreateWebhook`, `UpdateWebhook`, request builders
//!   producing `http::Request<Vec<u8>>` for any HTTP client, and response parsing.
//! - **Retries** ([`RetryPolicy`]): 1 min, 5 min, 30 min, then disable; custom schedules, jitter.
//!
//! No HTTP server or async runtime is needed: everything works on `http` types and bytes.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use fleethooks_cmdop::{CmdopEvent, EventData, EventType, Receiver, ReplayGuard, SIGNATURE_HEADER};
//! use http::{HeaderMap, HeaderValue};
//!
//! // What arrives: headers and the raw body bytes.
//! let body = br#"{"id":"evt_01JD4R8Q2ZK7","type":"command.failed","timestamp":"2024-11-20T09:12:05Z","data":{"command_id":"cmd_01JD4RA3","machine_hostname":"build-eu-02","command":"make release","exit_code":2}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert(
//!     SIGNATURE_HEADER,
//!     HeaderValue::from_static("sha256=877395f2bbd404e87706af9cbded476a384be04e59ae450256e0265659363eab"),
//! );
//!
//! // Verify, then parse.
//! let receiver = Receiver::new("whsec_9f3b2c7d41e8")?;
//! let event: CmdopEvent = receiver.receive(&headers, body)?;
//!
//! // Refuse replays (here with a fixed clock; `check` reads the system clock).
//! let guard = ReplayGuard::default();
//! let now: DateTime<Utc> = "2024-11-20T09:12:06Z".parse()?;
//! guard.check_at(&event, now)?;
//!
//! assert_eq!(event.kind, EventType::CommandFailed);
//! assert!(event.kind.is_failure());
//! let EventData::Command(command) = &event.data else {
//!     return Err("a command event carries command data".into());
//! };
//! assert_eq!(command.machine_hostname.as_deref(), Some("build-eu-02"));
//! assert_eq!(command.exit_code, Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod command;
mod data;
mod error;
mod event;
mod file;
mod machine;
mod receive;
pub mod replay;
pub mod retry;
mod session;
mod timestamp;

pub use command::CommandData;
pub use data::{EventData, TestData};
pub use error::{Error, Result};
pub use event::{CmdopEvent, EventType, Family};
pub use file::FileData;
pub use machine::MachineData;
pub use receive::{Receiver, SIGNATURE_HEADER, sign};
pub use replay::{MemorySeenIds, ReplayGuard, SeenIds};
pub use retry::{JitterSource, RetryDecision, RetryPolicy};
pub use session::SessionData;

/// Re-exported so callers name `Secret` from the same crate version this one uses.
pub use fleethooks_verify::Secret;

/// Re-exported so callers name timestamps from the same `chrono` version this crate uses.
pub use chrono;
/// Re-exported so callers name header, request and response types from the same `http` version
/// this crate uses.
pub use http;

/// The README's examples, compiled and run as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

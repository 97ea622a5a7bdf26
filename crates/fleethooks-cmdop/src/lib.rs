//! [cmdop](https://cmdop.com) webhooks, both sides: receive signed event deliveries, manage
//! webhook subscriptions through cmdop's API, and follow its retry schedule as a sender.
//!
//! One of a family with `fleethooks-jamf` and `fleethooks-jumpcloud`: [`CmdopEvent`]
//! implements the shared [`Event`] contract ([`source`](Event::source),
//! [`event_type`](Event::event_type), [`occurred_at`](Event::occurred_at),
//! [`dedup_key`](Event::dedup_key), [`to_summary_json`](Event::to_summary_json)), and errors
//! answer [`path`](Error::path) and [`line_column`](Error::line_column) as theirs do.
//!
//! - **Events** ([`CmdopEvent`]): the envelope `{id, type, timestamp, data}` with `data` typed per
//!   family ([`SessionData`], [`MachineData`], [`CommandData`], [`FileData`], [`TestData`]).
//!   Every documented [`EventType`], the legacy `schedule.*` ones and any unknown type
//!   ([`EventType::Unknown`]) parse. Members this crate does not model are kept in `extra` and
//!   written back, so nothing the vendor sent is lost.
//! - **Receiving** ([`Receiver`]): verifies `X-Cmdop-Signature: sha256=<hex>` over the exact body
//!   with one or several secrets (rotation), then parses, in one call. [`sign`] makes the
//!   [`Signature`] for senders and tests; [`Signature::to_header`] is the header value.
//! - **Replay protection** ([`ReplayGuard`], from `fleethooks-core`, re-exported here): cmdop's
//!   signature covers the body only, and the body's `timestamp` is just a field in it, so a
//!   captured delivery verifies forever. A guard built with
//!   [`refuse_stale(true)`](ReplayGuard::refuse_stale) refuses events whose `timestamp` lies
//!   outside its window ([`ReplayError::Stale`], [`ReplayError::Future`]) and ids it has seen
//!   ([`ReplayError::Duplicate`]), with a pluggable [`SeenIds`] store ([`MemorySeenIds`]
//!   in-process, or a shared one you write, see [`replay`]).
//! - **Management API** ([`api`]): `Webhook`, `CreateWebhook`, `UpdateWebhook`, request builders
//!   producing `http::Request<Vec<u8>>` for any HTTP client, and response parsing; its errors
//!   are [`api::Error`].
//! - **Retries** ([`RetryPolicy`]): 1 min, 5 min, 30 min, then disable; custom schedules, jitter.
//!
//! No HTTP server or async runtime is needed: everything works on `http` types and bytes.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use fleethooks_cmdop::{CmdopEvent, Event, EventData, EventType, Receiver, ReplayGuard, SIGNATURE_HEADER};
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
//! // Refuse replays: cmdop signs no timestamp, so stale events are refused as well as repeated
//! // ids (here with a fixed clock; `check` reads the system clock).
//! let guard = ReplayGuard::default().refuse_stale(true);
//! let now: DateTime<Utc> = "2024-11-20T09:12:06Z".parse()?;
//! guard.check_at(&event, now)?;
//!
//! assert_eq!(event.event_type(), "command.failed");
//! assert_eq!(event.dedup_key(), "evt_01JD4R8Q2ZK7");
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
pub mod retry;
mod session;
mod timestamp;

pub use command::CommandData;
pub use data::{EventData, TestData};
pub use error::{Error, Result};
pub use event::{CmdopEvent, EventType, Family};
pub use file::FileData;
pub use machine::MachineData;
pub use receive::{Receiver, SIGNATURE_HEADER};
pub use retry::{JitterSource, RetryDecision, RetryPolicy};
pub use session::SessionData;

/// The event contract every fleethooks source shares, re-exported so callers name it from the
/// same `fleethooks-core` version this crate implements it for.
pub use fleethooks_core::{Event, Source};

/// Replay and duplicate protection, from `fleethooks-core` (where it serves every source),
/// re-exported so cmdop receivers find it here. Build the guard with
/// [`refuse_stale(true)`](ReplayGuard::refuse_stale) for cmdop.
pub use fleethooks_core::replay::{self, MemorySeenIds, ReplayError, ReplayGuard, SeenIds};

/// Signing, from `fleethooks-verify`: `sign(&secret, body)` is the [`Signature`] cmdop sends,
/// [`Signature::to_header`] its `X-Cmdop-Signature` value. Re-exported so callers name `Secret`
/// and `Signature` from the same crate version this one uses.
pub use fleethooks_verify::{Secret, Signature, sign};

/// Re-exported so callers name timestamps from the same `chrono` version this crate uses.
pub use chrono;
/// Re-exported so callers name header, request and response types from the same `http` version
/// this crate uses.
pub use http;

/// The README's examples, compiled and run as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

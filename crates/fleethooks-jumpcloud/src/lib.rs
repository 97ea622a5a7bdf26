//! JumpCloud on both sides of its webhooks: alert notifications in, command triggers out.
//!
//! - **Alerts** ([`alert`]): JumpCloud posts an alert to a webhook channel when a rule fires or
//!   an alert changes status. [`Alert::from_slice`] reads the raw body into the seventeen
//!   documented fields, tolerant of missing fields and unknown values, keeps every member it
//!   does not know in [`Alert::extra`], and serializes back to the same JSON. [`Alert`]
//!   implements the [`Event`] contract it shares with `fleethooks-jamf` and `fleethooks-cmdop`
//!   (source, type `alert`, time, dedup key, summary JSON). [`alert::is_retried`] and the module
//!   docs say which status to answer.
//! - **Channel settings** ([`channel`]): a typed [`Channel`] with the portal's limits checked all
//!   at once, a [masked URL](Channel::masked_url) safe to log, and the
//!   [`fleethooks_verify::Credentials`] a receiver checks, built from the same settings.
//! - **Command triggers** ([`trigger`]): a [`TriggerRequest`] builds the `http::Request` that
//!   starts every command with a trigger name; [`TriggerResponse`] reads the answer.
//! - **Trigger environments** ([`env`](mod@env)): what a triggered command receives, computed from the
//!   posted JSON exactly as JumpCloud does (JavaScript number formatting, `[object Object]` for
//!   nested values), read back on the command's side, and written as dotenv, `sh`, PowerShell
//!   or JSON ([`EnvFormat`]).
//!
//! Every entry point that reads a body (`Alert::from_slice`, [`env::flatten`],
//! `TriggerResponse::from_slice`, `Channel::from_slice`) skips one leading byte-order mark and
//! reads it with plain serde_json; only a body that fails is scanned again, to name the JSON
//! path, line and column in the [`Error`].
//!
//! Nothing here sends or receives HTTP: pair it with any server or client.
//!
//! # Example
//!
//! A receiver authenticates the request with the channel's credentials, then parses the body:
//!
//! ```
//! use fleethooks_jumpcloud::{Alert, AlertStatus, Channel, Detail, Event, Priority, Source};
//! use http::{HeaderMap, HeaderValue};
//!
//! // At start-up: a mistake in the settings is this crate's `Error`.
//! let channel = Channel::new("SOC alerts", "https://hooks.acme.example/jumpcloud")
//!     .with_basic("jumpcloud", "c0rrect-h0rse-alerts");
//! let credentials = channel.credentials()?;
//!
//! let mut headers = HeaderMap::new();
//! // base64("jumpcloud:c0rrect-h0rse-alerts")
//! headers.insert("authorization", HeaderValue::from_static("Basic anVtcGNsb3VkOmMwcnJlY3QtaDByc2UtYWxlcnRz"));
//! // Per request: a rejected one is `fleethooks_verify::Error`, never this crate's: answer 401.
//! if let Err(rejected) = credentials.verify(&headers) {
//!     eprintln!("401 Unauthorized: {rejected}");
//!     return Ok(());
//! }
//!
//! let body = br#"{
//!   "alert_id": "6743a0f2c9e77d0001b2c3d4",
//!   "alert_title": "Multiple failed admin logins",
//!   "priority": "Critical",
//!   "status": "Open",
//!   "initiated_by": "mallory@acme.example",
//!   "occurred_at": "2026-11-24T13:05:12.481Z",
//!   "update_at": "2026-11-24T13:05:12.481Z",
//!   "organization_id": "5f8e2c1a9b7d3e0012ab34cd"
//! }"#;
//! let alert = Alert::from_slice(body)?;
//! assert_eq!(alert.priority, Some(Priority::Critical));
//! assert_eq!(alert.status, Some(AlertStatus::Open));
//! assert_eq!(alert.initiated_by, Some(Detail::from("mallory@acme.example")));
//! assert!(alert.transition().is_some_and(|t| t.is_change()));
//! assert_eq!(alert.extra["organization_id"], "5f8e2c1a9b7d3e0012ab34cd");
//! assert_eq!((alert.source(), alert.event_type()), (Source::Jumpcloud, "alert"));
//! assert_eq!(
//!     alert.dedup_key(),
//!     "6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z"
//! );
//! # Ok::<(), fleethooks_jumpcloud::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod alert;
pub mod channel;
mod detail;
pub mod env;
mod error;
mod timestamp;
pub mod trigger;

pub use alert::{Alert, AlertStatus, Detail, Priority, Transition};
pub use channel::{Authentication, Channel, Header, SensitiveValue, Violation};
pub use env::{EnvFormat, Environment, flatten};
pub use error::{Document, Error, Result};
pub use trigger::{TriggerRequest, TriggerResponse};

/// Re-exported so callers name timestamps ([`Alert::occurred_at`]) from the same `chrono`
/// version this crate uses.
pub use chrono;
/// The event contract shared with `fleethooks-jamf` and `fleethooks-cmdop`: [`Alert`]
/// implements [`Event`]; bring it into scope for [`Event::dedup_key`] and friends.
pub use fleethooks_core::{Event, Source};
/// Re-exported so callers name the secret type from the same version this crate uses.
pub use fleethooks_verify::Secret;
/// Re-exported so callers build headers and read the [`TriggerRequest`] from the same `http`
/// version this crate uses.
pub use http;

/// The README's examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! The contract the fleethooks source crates share, so that Jamf Pro, JumpCloud and cmdop
//! events read as one family.
//!
//! - [`Event`]: every source's event answers [`source`](Event::source),
//!   [`event_type`](Event::event_type), [`occurred_at`](Event::occurred_at),
//!   [`dedup_key`](Event::dedup_key) and writes the [summary object](Event::to_summary_json)
//!   `{"source","type","occurred_at","key","payload"}` that `fleethooks parse` prints and
//!   `fleethooks serve` stores.
//! - [`Source`]: which product sent an event.
//! - [`json`]: one way to read JSON with errors that name the path, line and column, at no cost
//!   to a parse that succeeds.
//! - [`MediaType`] and [`strip_bom`]: what every entry point does with a `Content-Type` and a
//!   byte-order mark.
//! - [`vendor_enum!`]: open value sets with an `Unknown(String)` fallback and one matching rule.
//! - [`replay`]: dropping duplicate deliveries of any source, and stale replays of signed ones.
//!
//! Most users never name this crate: each source crate and the `fleethooks` facade re-export
//! what they use from it.
//!
//! ```
//! use fleethooks_core::{Event, Source};
//! use std::borrow::Cow;
//! use chrono::{DateTime, Utc};
//!
//! #[derive(serde::Serialize)]
//! struct Ping { id: &'static str }
//!
//! impl Event for Ping {
//!     fn source(&self) -> Source { Source::Cmdop }
//!     fn event_type(&self) -> &str { "test" }
//!     fn occurred_at(&self) -> Option<DateTime<Utc>> { DateTime::from_timestamp_millis(1_764_581_643_000) }
//!     fn dedup_key(&self) -> Cow<'_, str> { Cow::Borrowed(self.id) }
//! }
//!
//! assert_eq!(
//!     Ping { id: "evt_01JD4R8Q2ZK7" }.to_summary_json()?,
//!     r#"{"source":"cmdop","type":"test","occurred_at":"2025-12-01T09:34:03.000Z","key":"evt_01JD4R8Q2ZK7","payload":{"id":"evt_01JD4R8Q2ZK7"}}"#,
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
pub mod content_type;
mod event;
pub mod json;
pub mod replay;
mod source;
pub mod vendor;

pub use body::{UTF8_BOM, strip_bom};
pub use content_type::MediaType;
pub use event::{Event, Summary, format_time};
pub use json::JsonError;
pub use source::{Source, UnknownSource};

/// Re-exported so callers name timestamps from the same `chrono` version this crate uses.
pub use chrono;

/// What [`vendor_enum!`] expands to refers to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// The README's examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Command triggers: the request that starts every JumpCloud command with a given trigger name,
//! and JumpCloud's answer.
//!
//! A trigger is `POST https://console.jumpcloud.com/api/command/trigger/{name}` with the
//! administrator's API key in `x-api-key` and, optionally, a JSON object whose top-level keys
//! become the commands' environment variables (see [`crate::env`](mod@crate::env)). JumpCloud answers
//! `{"triggered": ["<command name>", …]}`; an empty list means no command has that trigger name,
//! which is not an HTTP error.
//!
//! This crate builds the [`http::Request`] and reads the answer; sending it is left to whichever
//! HTTP client the service already uses.
//!
//! ```
//! use fleethooks_jumpcloud::{TriggerRequest, TriggerResponse};
//!
//! let request = TriggerRequest::new("restartWebServers", "jc_api_4f1c9e2ab7d3")
//!     .with_org_id("5f8e2c1a9b7d3e0012ab34cd")
//!     .with_body(br#"{"service":"nginx","drain_seconds":30}"#.to_vec())?
//!     .build()?;
//! assert_eq!(
//!     request.uri(),
//!     "https://console.jumpcloud.com/api/command/trigger/restartWebServers"
//! );
//! assert_eq!(request.headers()["x-org-id"], "5f8e2c1a9b7d3e0012ab34cd");
//!
//! let response = TriggerResponse::from_slice(br#"{"triggered":["Restart nginx (web tier)"]}"#)?;
//! assert_eq!(response.triggered, ["Restart nginx (web tier)"]);
//! # Ok::<(), fleethooks_jumpcloud::Error>(())
//! ```

use std::fmt;

use fleethooks_verify::Secret;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method, Request};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use crate::env::{self, Environment};
use crate::error::{Document, Error, Result};

/// Where JumpCloud's console API lives.
pub const DEFAULT_BASE_URL: &str = "https://console.jumpcloud.com";

/// The path under the base URL; the trigger name follows.
const TRIGGER_PATH: &str = "/api/command/trigger/";

/// Everything but RFC 3986's unreserved characters is encoded, so no name can add a path
/// segment, a query or a fragment; `.` is encoded too, so that a name `..` cannot become a
/// dot-segment that a client or proxy resolves to another endpoint.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// A command trigger request, ready to [`build`](TriggerRequest::build).
///
/// `Debug` redacts the API key.
#[derive(Clone)]
pub struct TriggerRequest {
    name: String,
    api_key: Secret,
    org_id: Option<String>,
    body: Option<Vec<u8>>,
    base_url: String,
    any_name: bool,
}

impl TriggerRequest {
    /// A request to run the commands with trigger `name`, authenticated by `api_key`, without a
    /// body, sent to [`DEFAULT_BASE_URL`].
    pub fn new(name: impl Into<String>, api_key: impl Into<Secret>) -> Self {
        Self {
            name: name.into(),
            api_key: api_key.into(),
            org_id: None,
            body: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            any_name: false,
        }
    }

    /// Sends the `x-org-id` header, which selects the organization for an administrator of
    /// several (multi-tenant portal) API keys.
    #[must_use]
    pub fn with_org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = Some(org_id.into());
        self
    }

    /// Sends another base URL instead of [`DEFAULT_BASE_URL`] (a proxy, a test server); a
    /// path prefix is kept and a trailing `/` ignored.
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Posts this JSON object. It is sent byte for byte, after checking it flattens into an
    /// environment the commands can receive; only a leading byte-order mark, which flattening
    /// skips, is not sent, since it is not JSON and JumpCloud's parser need not skip it.
    ///
    /// # Errors
    ///
    /// As [`env::flatten`]: invalid JSON, not an object, or a key or value an environment
    /// cannot carry.
    pub fn with_body(mut self, json: impl Into<Vec<u8>>) -> Result<Self> {
        let mut json = json.into();
        env::flatten(&json)?;
        let bom = json.len() - fleethooks_core::strip_bom(&json).len();
        json.drain(..bom);
        self.body = Some(json);
        Ok(self)
    }

    /// Posts these variables as a JSON object of strings, in order.
    #[must_use]
    pub fn with_environment(mut self, vars: &Environment) -> Self {
        let mut json = vars.render(env::EnvFormat::Json);
        json.truncate(json.trim_end().len());
        self.body = Some(json.into_bytes());
        self
    }

    /// Sends the request even when the name has characters other than ASCII letters and digits
    /// (see [`Error::UnusualTriggerName`]).
    #[must_use]
    pub fn allow_any_name(mut self) -> Self {
        self.any_name = true;
        self
    }

    /// The trigger name, as given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The body, if one is set.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Checks the trigger name alone.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyTriggerName`]; [`Error::UnusualTriggerName`] for a name with characters
    /// other than ASCII letters and digits, unless [`allow_any_name`](Self::allow_any_name) was
    /// called.
    pub fn check_name(&self) -> Result<()> {
        if self.name.is_empty() {
            return Err(Error::EmptyTriggerName);
        }
        if !self.any_name && !self.name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::UnusualTriggerName {
                name: self.name.clone(),
            });
        }
        Ok(())
    }

    /// The URL the request goes to, with the name percent-encoded as one path segment.
    #[must_use]
    pub fn url(&self) -> String {
        let base = self.base_url.trim_end_matches('/');
        let name = utf8_percent_encode(&self.name, PATH_SEGMENT);
        format!("{base}{TRIGGER_PATH}{name}")
    }

    /// The `POST` request: `x-api-key` (marked sensitive), `Content-Type: application/json`,
    /// `Accept: application/json`, `x-org-id` when set, and the body (empty when none is set).
    ///
    /// # Errors
    ///
    /// As [`check_name`](Self::check_name); [`Error::InvalidUrl`] when the base URL does not
    /// make a valid URI; [`Error::InvalidHeaderValue`] when the API key or organization id has
    /// characters a header cannot carry.
    pub fn build(&self) -> Result<Request<Vec<u8>>> {
        self.check_name()?;
        let mut api_key = HeaderValue::from_bytes(self.api_key.expose_secret())
            .map_err(|_| Error::InvalidHeaderValue { name: "x-api-key" })?;
        api_key.set_sensitive(true);
        let json = HeaderValue::from_static("application/json");
        let url = self.url();
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(url.as_str())
            .header("x-api-key", api_key)
            .header(CONTENT_TYPE, json.clone())
            .header(ACCEPT, json);
        if let Some(org_id) = &self.org_id {
            let org_id = HeaderValue::from_str(org_id)
                .map_err(|_| Error::InvalidHeaderValue { name: "x-org-id" })?;
            builder = builder.header("x-org-id", org_id);
        }
        builder
            .body(self.body.clone().unwrap_or_default())
            .map_err(|source| Error::InvalidUrl { url, source })
    }
}

impl fmt::Debug for TriggerRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TriggerRequest")
            .field("name", &self.name)
            .field("api_key", &self.api_key)
            .field("org_id", &self.org_id)
            .field("body", &self.body.as_deref().map(String::from_utf8_lossy))
            .field("base_url", &self.base_url)
            .field("any_name", &self.any_name)
            .finish()
    }
}

/// JumpCloud's answer to a trigger: the names of the commands it started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerResponse {
    /// The commands started, by name. Empty when no command has the trigger name, which
    /// JumpCloud reports with a success status.
    #[serde(default)]
    pub triggered: Vec<String>,
}

impl TriggerResponse {
    /// A response listing these commands.
    pub fn new<I, S>(triggered: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            triggered: triggered.into_iter().map(Into::into).collect(),
        }
    }

    /// Reads a response body; a leading byte-order mark is skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the body is not JSON or `triggered` is not a list of strings.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        fleethooks_core::json::from_slice(body)
            .map_err(|e| Error::json(Document::TriggerResponse, e))
    }

    /// Whether no command matched the trigger name.
    #[must_use]
    pub fn matched_nothing(&self) -> bool {
        self.triggered.is_empty()
    }
}

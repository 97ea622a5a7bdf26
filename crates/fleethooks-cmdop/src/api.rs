//! cmdop's webhook management API: models, request builders and response parsing.
//!
//! Sans-IO: [`Client`] builds `http::Request<Vec<u8>>` values for any HTTP client to send, and
//! the `parse_*` functions read the responses back.
//!
//! | call | request | response |
//! |---|---|---|
//! | [`Client::list`] | `GET /webhooks` | [`parse_list`] → `Vec<Webhook>` |
//! | [`Client::create`] | `POST /webhooks` with [`CreateWebhook`] | [`parse_webhook`] |
//! | [`Client::update`] | `PATCH /webhooks/:id` with [`UpdateWebhook`] | [`parse_webhook`] |
//! | [`Client::delete`] | `DELETE /webhooks/:id` | [`parse_empty`] |
//! | [`Client::test`] | `POST /webhooks/:id/test` | [`parse_empty`] |
//!
//! ```
//! use fleethooks_cmdop::EventType;
//! use fleethooks_cmdop::api::{Client, CreateWebhook, parse_webhook};
//!
//! let client = Client::new("cmdop_live_token")?;
//! let create = CreateWebhook::new(
//!     "https://hooks.example.com/cmdop",
//!     [EventType::MachineOffline, EventType::CommandFailed],
//! )?
//! .with_secret("whsec_9f3b2c7d41e8");
//! let request = client.create(&create)?;
//! assert_eq!(request.uri(), "https://api.cmdop.com/v1/webhooks");
//!
//! // … send it, then read the answer:
//! let response = http::Response::builder().status(201).body(br#"{"data":{"id":"hook_abc123",
//!     "url":"https://hooks.example.com/cmdop","events":["machine.offline","command.failed"],
//!     "enabled":true,"created_at":"2024-01-20T15:45:00Z"}}"#.to_vec())?;
//! let webhook = parse_webhook(&response)?;
//! assert_eq!(webhook.id, "hook_abc123");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use fleethooks_verify::Secret;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Method, Request, Response, Uri};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};

use crate::EventType;

mod error;

pub use error::{Error, Result};

/// cmdop's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cmdop.com/v1";

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so an id can
/// never add a segment (`/`), a query (`?`) or a fragment (`#`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A webhook subscription, as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Webhook {
    /// The webhook id, `hook_…`.
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// The event types it subscribes to.
    pub events: Vec<EventType>,
    /// Whether deliveries are sent; cmdop disables a webhook whose retries all failed.
    pub enabled: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl Webhook {
    /// A webhook with these fields, for tests and fakes of the API.
    pub fn new(
        id: impl Into<String>,
        url: impl Into<String>,
        events: impl IntoIterator<Item = EventType>,
        enabled: bool,
        created_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            url: url.into(),
            events: events.into_iter().collect(),
            enabled,
            created_at,
        }
    }
}

/// The body of `POST /webhooks`.
///
/// Built only through [`CreateWebhook::new`], which checks the URL and the events, so an
/// invalid request is refused before it is sent.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CreateWebhook {
    /// The endpoint URL: absolute `https`.
    pub url: String,
    /// The event types to subscribe to: at least one.
    pub events: Vec<EventType>,
    /// The signing secret; without one, deliveries are not signed.
    #[serde(
        serialize_with = "serialize_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub secret: Option<Secret>,
    /// Whether deliveries are sent; cmdop's default is `true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl CreateWebhook {
    /// A subscription of `url` to `events`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`] unless `url` is an absolute `https` URL with a host,
    /// [`Error::NoEvents`] when `events` is empty.
    pub fn new(
        url: impl Into<String>,
        events: impl IntoIterator<Item = EventType>,
    ) -> Result<Self> {
        let url = url.into();
        validate_https(&url)?;
        Ok(Self {
            url,
            events: non_empty(events)?,
            secret: None,
            enabled: None,
        })
    }

    /// Sets the signing secret (recommended: without it nothing proves a delivery came from
    /// cmdop).
    #[must_use]
    pub fn with_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Sets whether the webhook starts enabled.
    #[must_use]
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }
}

/// The body of `PATCH /webhooks/:id`: only the fields set are sent.
///
/// ```
/// use fleethooks_cmdop::EventType;
/// use fleethooks_cmdop::api::UpdateWebhook;
///
/// let update = UpdateWebhook::new().with_events([EventType::MachineOffline])?.with_enabled(false);
/// assert_eq!(serde_json::to_string(&update)?, r#"{"events":["machine.offline"],"enabled":false}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct UpdateWebhook {
    /// A new endpoint URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A new list of event types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventType>>,
    /// A new signing secret.
    #[serde(
        serialize_with = "serialize_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub secret: Option<Secret>,
    /// Enables or disables the webhook; `true` re-enables one cmdop disabled after failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl UpdateWebhook {
    /// An update that changes nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the URL.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`] unless `url` is an absolute `https` URL with a host.
    pub fn with_url(mut self, url: impl Into<String>) -> Result<Self> {
        let url = url.into();
        validate_https(&url)?;
        self.url = Some(url);
        Ok(self)
    }

    /// Replaces the subscribed event types.
    ///
    /// # Errors
    ///
    /// [`Error::NoEvents`] when `events` is empty.
    pub fn with_events(mut self, events: impl IntoIterator<Item = EventType>) -> Result<Self> {
        self.events = Some(non_empty(events)?);
        Ok(self)
    }

    /// Changes the signing secret.
    #[must_use]
    pub fn with_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Enables or disables the webhook.
    #[must_use]
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }
}

/// The `{"data": …}` wrapper of every API answer: `Data<Webhook>` for one item,
/// `Data<Vec<Webhook>>` for a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Data<T> {
    /// The item or the list.
    pub data: T,
}

impl<T> Data<T> {
    /// Wraps `data`.
    pub fn new(data: T) -> Self {
        Self { data }
    }
}

/// Builds authenticated requests against cmdop's API.
///
/// The token is held as a [`Secret`] (redacted in `Debug`) and sent as `Authorization: Bearer
/// <token>`, marked sensitive so HTTP stacks that honour it keep it out of their logs.
#[derive(Clone)]
pub struct Client {
    base: String,
    authorization: HeaderValue,
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] with this API token.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidToken`] for an empty token or one that cannot be a header value.
    pub fn new(token: impl Into<Secret>) -> Result<Self> {
        let token = token.into();
        if token.is_empty() {
            return Err(Error::InvalidToken);
        }
        let mut value = b"Bearer ".to_vec();
        value.extend_from_slice(token.expose_secret());
        let mut authorization = HeaderValue::from_bytes(&value).map_err(|_| Error::InvalidToken)?;
        authorization.set_sensitive(true);
        Ok(Self {
            base: DEFAULT_BASE_URL.to_owned(),
            authorization,
        })
    }

    /// Sends requests to another base URL (a proxy, a test server), such as
    /// `https://cmdop.internal.example/v1`; a trailing `/` is ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`] unless it is an absolute `https` URL with a host, and without a
    /// query or fragment.
    pub fn with_base_url(mut self, base: impl Into<String>) -> Result<Self> {
        let base = base.into();
        let uri = validate_https(&base)?;
        if uri.query().is_some() || base.contains('#') {
            return Err(Error::InvalidUrl {
                url: base,
                reason: "a base URL has no query or fragment",
            });
        }
        self.base = base.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `GET /webhooks`.
    ///
    /// # Errors
    ///
    /// [`Error::Request`] if the request cannot be built.
    pub fn list(&self) -> Result<Request<Vec<u8>>> {
        self.request(Method::GET, "/webhooks", None)
    }

    /// `POST /webhooks` with `webhook` as the JSON body.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`] or [`Error::NoEvents`] if the fields were changed after
    /// [`CreateWebhook::new`] into something it refuses, [`Error::SecretNotText`] for a secret
    /// that is not UTF-8, [`Error::Request`] if the request cannot be built.
    pub fn create(&self, webhook: &CreateWebhook) -> Result<Request<Vec<u8>>> {
        // The fields are public, so what `CreateWebhook::new` checked is checked again here.
        validate_https(&webhook.url)?;
        if webhook.events.is_empty() {
            return Err(Error::NoEvents);
        }
        self.request(Method::POST, "/webhooks", Some(json(webhook)?))
    }

    /// `PATCH /webhooks/:id` with the fields set in `update`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyId`], [`Error::InvalidUrl`] or [`Error::NoEvents`] for a URL or event list
    /// set directly that the `with_*` methods refuse, [`Error::SecretNotText`],
    /// [`Error::Request`].
    pub fn update(&self, id: &str, update: &UpdateWebhook) -> Result<Request<Vec<u8>>> {
        if let Some(url) = &update.url {
            validate_https(url)?;
        }
        if update.events.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::NoEvents);
        }
        self.request(Method::PATCH, &webhook_path(id, "")?, Some(json(update)?))
    }

    /// `DELETE /webhooks/:id`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyId`], [`Error::Request`].
    pub fn delete(&self, id: &str) -> Result<Request<Vec<u8>>> {
        self.request(Method::DELETE, &webhook_path(id, "")?, None)
    }

    /// `POST /webhooks/:id/test`: cmdop then sends a `test` event to the webhook.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyId`], [`Error::Request`].
    pub fn test(&self, id: &str) -> Result<Request<Vec<u8>>> {
        self.request(Method::POST, &webhook_path(id, "/test")?, None)
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Request<Vec<u8>>> {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if body.is_some() {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        builder
            .body(body.unwrap_or_default())
            .map_err(Error::Request)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("token", &format_args!("[redacted]"))
            .finish()
    }
}

/// Reads the answer to [`Client::list`].
///
/// # Errors
///
/// [`Error::Api`] for a status outside 2xx (status and body kept), [`Error::Json`] for a body
/// that is not `{"data": [webhook, …]}`, with the path of the offending value
/// (`$.data[1].enabled`).
pub fn parse_list<B: AsRef<[u8]>>(response: &Response<B>) -> Result<Vec<Webhook>> {
    parse_data(response)
}

/// Reads the answer to [`Client::create`] or [`Client::update`].
///
/// # Errors
///
/// [`Error::Api`] for a status outside 2xx, [`Error::Json`] for a body that is not
/// `{"data": webhook}`.
pub fn parse_webhook<B: AsRef<[u8]>>(response: &Response<B>) -> Result<Webhook> {
    parse_data(response)
}

/// Reads the answer to [`Client::delete`] or [`Client::test`]: any 2xx is success and the body,
/// if any, is not read.
///
/// # Errors
///
/// [`Error::Api`] for a status outside 2xx.
pub fn parse_empty<B: AsRef<[u8]>>(response: &Response<B>) -> Result<()> {
    check_status(response).map(|_| ())
}

/// Reads `{"data": T}` from a 2xx response.
///
/// # Errors
///
/// [`Error::Api`] for a status outside 2xx, [`Error::Json`] for a body that does not fit, with
/// the JSON path, line and column of the offending value.
pub fn parse_data<T: DeserializeOwned, B: AsRef<[u8]>>(response: &Response<B>) -> Result<T> {
    let body = check_status(response)?;
    fleethooks_core::json::from_slice::<Data<T>>(body)
        .map(|wrapper| wrapper.data)
        .map_err(Error::Json)
}

fn check_status<B: AsRef<[u8]>>(response: &Response<B>) -> Result<&[u8]> {
    let body = response.body().as_ref();
    if response.status().is_success() {
        Ok(body)
    } else {
        Err(Error::Api {
            status: response.status(),
            body: body.to_vec(),
        })
    }
}

/// `/webhooks/<id><suffix>` with `id` escaped as one path segment.
fn webhook_path(id: &str, suffix: &str) -> Result<String> {
    if id.is_empty() {
        return Err(Error::EmptyId);
    }
    // `.` and `..` are unreserved but mean "this" and "parent" to URL resolvers; escaped, they
    // stay an id.
    let segment = match id {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(id, SEGMENT).to_string(),
    };
    Ok(format!("/webhooks/{segment}{suffix}"))
}

fn json(body: &impl Serialize) -> Result<Vec<u8>> {
    // Serializing these models fails only for a secret that is not UTF-8.
    serde_json::to_vec(body).map_err(|_| Error::SecretNotText)
}

fn non_empty(events: impl IntoIterator<Item = EventType>) -> Result<Vec<EventType>> {
    let events: Vec<EventType> = events.into_iter().collect();
    if events.is_empty() {
        return Err(Error::NoEvents);
    }
    Ok(events)
}

/// Checks that `url` is an absolute `https` URL with a host, returning it parsed.
fn validate_https(url: &str) -> Result<Uri> {
    let invalid = |reason| Error::InvalidUrl {
        url: url.to_owned(),
        reason,
    };
    // `http::Uri` does not accept fragments; the API would not keep one either.
    let uri: Uri = url.parse().map_err(|_| {
        invalid(if url.contains("://") {
            "not a valid URL"
        } else {
            "not an absolute URL"
        })
    })?;
    match uri.scheme_str() {
        None => return Err(invalid("not an absolute URL")),
        Some(scheme) if !scheme.eq_ignore_ascii_case("https") => {
            return Err(invalid("the scheme must be https"));
        }
        Some(_) => {}
    }
    let authority = uri.authority().ok_or_else(|| invalid("no host"))?;
    if authority.as_str().contains('@') {
        return Err(invalid("credentials do not belong in the URL"));
    }
    if authority.host().is_empty() {
        return Err(invalid("no host"));
    }
    Ok(uri)
}

fn serialize_secret<S: Serializer>(
    secret: &Option<Secret>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => match std::str::from_utf8(secret.expose_secret()) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "a webhook secret must be UTF-8 text",
            )),
        },
        None => serializer.serialize_none(),
    }
}

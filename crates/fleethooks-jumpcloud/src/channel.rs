//! Webhook channel settings, as configured in the JumpCloud admin portal (Settings →
//! Notification Channels → Webhooks), and the receiver's check built from them.
//!
//! One [`Channel`] value describes both ends: what JumpCloud is told to send (URL, sensitive URL
//! values, authentication, custom headers) and, through [`Channel::credentials`], what the
//! receiving service must find on every request. [`Channel::validate`] applies the portal's
//! limits and reports every violation at once.
//!
//! ```
//! use fleethooks_jumpcloud::Channel;
//! use http::{HeaderMap, HeaderValue};
//!
//! let channel = Channel::new("SOC alerts", "https://hooks.acme.example/jumpcloud/t0k3n-77f1")
//!     .with_sensitive_value("TOKEN", "t0k3n-77f1")
//!     .with_bearer_token("jc-alerts-2026-Q4-7c1d")
//!     .with_header("X-Tenant", "acme-prod");
//! channel.validate()?;
//! assert_eq!(channel.masked_url(), "https://hooks.acme.example/jumpcloud/TOKEN");
//!
//! let check = channel.credentials()?;
//! let mut headers = HeaderMap::new();
//! headers.insert("authorization", HeaderValue::from_static("Bearer jc-alerts-2026-Q4-7c1d"));
//! headers.insert("x-tenant", HeaderValue::from_static("acme-prod"));
//! check.verify(&headers)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use fleethooks_verify::{Basic, Credentials, Secret, SharedHeader, Token};
use serde::Deserialize;

use crate::error::{Document, Error, Result};

/// The longest channel name the portal accepts, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// How many sensitive URL values (replacement/sensitive pairs) a channel can have.
pub const MAX_SENSITIVE_VALUES: usize = 10;
/// How many custom headers a channel can have.
pub const MAX_HEADERS: usize = 25;

/// A webhook notification channel.
///
/// `Debug` shows the [masked URL](Channel::masked_url) and redacts passwords, tokens, sensitive
/// URL values and sensitive header values.
///
/// Deserializes from settings such as:
///
/// ```json
/// {
///   "name": "SOC alerts",
///   "url": "https://hooks.acme.example/jumpcloud",
///   "enabled": true,
///   "verify_ssl": true,
///   "sensitive_values": [{ "replacement": "TOKEN", "value": "t0k3n-77f1" }],
///   "authentication": { "type": "basic", "username": "jumpcloud", "password": "…" },
///   "headers": [{ "name": "X-Tenant", "value": "acme-prod", "sensitive": false }]
/// }
/// ```
///
/// where everything but `name` and `url` may be left out (`enabled` and `verify_ssl` default to
/// `true`, as in the portal; `authentication` to `{"type": "none"}`; token authentication is
/// `{"type": "token", "token": "…"}`).
#[derive(Clone, Deserialize)]
#[serde(from = "Settings")]
#[non_exhaustive]
pub struct Channel {
    /// The channel's name: unique, 1 to [`MAX_NAME_CHARS`] characters.
    pub name: String,
    /// Where JumpCloud posts notifications, sensitive values included.
    pub url: String,
    /// Whether the channel delivers (the portal's Webhook Status).
    pub enabled: bool,
    /// The portal's Verify SSL Certificate checkbox (checked by default). JumpCloud's own
    /// description of it reads backwards in places ("when enabled, self-signed certificates are
    /// allowed"); this field only mirrors the checkbox.
    pub verify_ssl: bool,
    /// Parts of the URL to hide when it is shown: at most [`MAX_SENSITIVE_VALUES`].
    pub sensitive_values: Vec<SensitiveValue>,
    /// How JumpCloud authenticates to the receiver.
    pub authentication: Authentication,
    /// Custom headers sent with every notification: at most [`MAX_HEADERS`].
    pub headers: Vec<Header>,
}

/// A piece of the URL to hide, and the text shown in its place.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SensitiveValue {
    /// The text shown instead, such as `TOKEN`.
    pub replacement: String,
    /// The sensitive text as it appears in the URL.
    pub value: Secret,
}

impl SensitiveValue {
    /// Hides `value` behind `replacement`.
    pub fn new(replacement: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self {
            replacement: replacement.into(),
            value: value.into(),
        }
    }
}

/// How JumpCloud authenticates a delivery.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Authentication {
    /// No authentication (the portal's None).
    #[default]
    None,
    /// `Authorization: Basic` with this user name and password.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// A token in the `Authorization` header. The receiver accepts it as `Bearer <token>` or
    /// bare, both of which have been seen from JumpCloud.
    Token {
        /// The token.
        token: Secret,
    },
}

/// A custom header sent with every delivery.
#[derive(Clone)]
#[non_exhaustive]
pub struct Header {
    /// The header name, such as `X-Tenant`.
    pub name: String,
    /// The value.
    pub value: Secret,
    /// Whether the portal hides the value (the Sensitive Value toggle); such values are redacted
    /// in `Debug` too.
    pub sensitive: bool,
}

impl Header {
    /// A header whose value may be shown.
    pub fn new(name: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            sensitive: false,
        }
    }

    /// A header whose value is hidden.
    pub fn sensitive(name: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self {
            sensitive: true,
            ..Self::new(name, value)
        }
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Header");
        s.field("name", &self.name);
        if self.sensitive {
            s.field("value", &self.value);
        } else {
            s.field(
                "value",
                &String::from_utf8_lossy(self.value.expose_secret()),
            );
        }
        s.field("sensitive", &self.sensitive).finish()
    }
}

/// One limit that channel settings break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// The name is empty or only whitespace.
    #[error("name is empty")]
    EmptyName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    #[error("name has {chars} characters; at most 100 are allowed")]
    NameTooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// The URL is not an absolute `http` or `https` URL. The URL is not repeated, since it
    /// holds the sensitive values.
    #[error("URL is not a valid http or https URL: {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// More than [`MAX_SENSITIVE_VALUES`] sensitive URL values.
    #[error("{count} sensitive URL values; at most 10 are allowed")]
    TooManySensitiveValues {
        /// How many there are.
        count: usize,
    },
    /// A sensitive URL value is empty.
    #[error("sensitive URL value [{index}] is empty")]
    EmptySensitiveValue {
        /// Its 0-based position in [`Channel::sensitive_values`].
        index: usize,
    },
    /// A sensitive URL value has an empty replacement.
    #[error("sensitive URL value [{index}] has an empty replacement")]
    EmptyReplacement {
        /// Its 0-based position in [`Channel::sensitive_values`].
        index: usize,
    },
    /// A sensitive URL value does not occur in the URL, so it protects nothing (often a typo).
    #[error("sensitive URL value [{index}] does not occur in the URL")]
    SensitiveValueNotInUrl {
        /// Its 0-based position in [`Channel::sensitive_values`].
        index: usize,
    },
    /// Basic authentication without a user name.
    #[error("Basic authentication has an empty username")]
    EmptyUsername,
    /// A Basic user name containing `:`, which `Authorization: Basic` cannot carry (the first
    /// `:` separates user and password), so no request could ever match.
    #[error("Basic authentication username contains `:`")]
    ColonInUsername,
    /// Basic authentication without a password.
    #[error("Basic authentication has an empty password")]
    EmptyPassword,
    /// Token authentication without a token.
    #[error("token authentication has an empty token")]
    EmptyToken,
    /// More than [`MAX_HEADERS`] custom headers.
    #[error("{count} custom headers; at most 25 are allowed")]
    TooManyHeaders {
        /// How many there are.
        count: usize,
    },
    /// A custom header name is not a valid HTTP header name.
    #[error("header [{index}] has an invalid name {name:?}")]
    InvalidHeaderName {
        /// Its 0-based position in [`Channel::headers`].
        index: usize,
        /// The name as configured.
        name: String,
    },
    /// A custom header has an empty value.
    #[error("header `{name}` has an empty value")]
    EmptyHeaderValue {
        /// The header's name.
        name: String,
    },
    /// A custom header value has characters HTTP does not allow (line breaks, control
    /// characters).
    #[error("header `{name}` has a value HTTP does not allow")]
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// The same custom header (compared case-insensitively) is configured twice.
    #[error("header `{name}` is configured more than once")]
    DuplicateHeader {
        /// The repeated name, as first configured.
        name: String,
    },
    /// A custom `Authorization` header next to Basic or token authentication, which sets the
    /// same header.
    #[error("custom header `Authorization` conflicts with the channel's authentication")]
    AuthorizationConflict,
}

impl Channel {
    /// A channel with this name and URL, enabled, verifying SSL, without authentication,
    /// sensitive values or headers: the portal's defaults.
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            url: url.into(),
            enabled: true,
            verify_ssl: true,
            sensitive_values: Vec::new(),
            authentication: Authentication::None,
            headers: Vec::new(),
        }
    }

    /// Reads channel settings from JSON (the form shown on [`Channel`]); a leading byte-order
    /// mark is skipped. Limits are not checked here; call [`Channel::validate`].
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the JSON does not describe a channel.
    pub fn from_slice(json: &[u8]) -> Result<Self> {
        fleethooks_core::json::from_slice(json).map_err(|e| Error::json(Document::Channel, e))
    }

    /// Sets whether the channel delivers.
    #[must_use]
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Sets the Verify SSL Certificate option.
    #[must_use]
    pub fn with_verify_ssl(mut self, verify_ssl: bool) -> Self {
        self.verify_ssl = verify_ssl;
        self
    }

    /// Adds a sensitive URL value, shown as `replacement`.
    #[must_use]
    pub fn with_sensitive_value(
        mut self,
        replacement: impl Into<String>,
        value: impl Into<Secret>,
    ) -> Self {
        self.sensitive_values
            .push(SensitiveValue::new(replacement, value));
        self
    }

    /// Authenticates with `Authorization: Basic`.
    #[must_use]
    pub fn with_basic(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.authentication = Authentication::Basic {
            username: username.into(),
            password: password.into(),
        };
        self
    }

    /// Authenticates with a token in `Authorization`.
    #[must_use]
    pub fn with_bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.authentication = Authentication::Token {
            token: token.into(),
        };
        self
    }

    /// Adds a custom header whose value may be shown.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.headers.push(Header::new(name, value));
        self
    }

    /// Adds a custom header whose value is hidden.
    #[must_use]
    pub fn with_sensitive_header(
        mut self,
        name: impl Into<String>,
        value: impl Into<Secret>,
    ) -> Self {
        self.headers.push(Header::sensitive(name, value));
        self
    }

    /// The URL with every sensitive value replaced by its replacement text: safe to log.
    ///
    /// Where sensitive values overlap, the longest one starting at a position wins, so a value
    /// that contains another is still hidden whole.
    #[must_use]
    pub fn masked_url(&self) -> String {
        let values: Vec<(&[u8], &str)> = self
            .sensitive_values
            .iter()
            .map(|s| (s.value.expose_secret(), s.replacement.as_str()))
            .filter(|(value, _)| !value.is_empty())
            .collect();
        let mut rest = self.url.as_bytes();
        let mut masked = Vec::with_capacity(rest.len());
        while let Some((&first, tail)) = rest.split_first() {
            let longest = values
                .iter()
                .filter(|(value, _)| rest.starts_with(value))
                .max_by_key(|(value, _)| value.len());
            if let Some((value, replacement)) = longest {
                masked.extend_from_slice(replacement.as_bytes());
                rest = rest.get(value.len()..).unwrap_or_default();
            } else {
                masked.push(first);
                rest = tail;
            }
        }
        // A sensitive value may end inside a multi-byte character; never fail over that.
        String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// Every limit these settings break, in field order; empty when they are valid.
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        let mut found = Vec::new();
        let chars = self.name.chars().count();
        if self.name.trim().is_empty() {
            found.push(Violation::EmptyName);
        } else if chars > MAX_NAME_CHARS {
            found.push(Violation::NameTooLong { chars });
        }
        if let Err(reason) = check_url(&self.url) {
            found.push(Violation::InvalidUrl { reason });
        }
        self.check_sensitive_values(&mut found);
        self.check_authentication(&mut found);
        self.check_headers(&mut found);
        found
    }

    /// Checks every limit.
    ///
    /// # Errors
    ///
    /// [`Error::Channel`] listing every violation.
    pub fn validate(&self) -> Result<()> {
        let violations = self.violations();
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Channel { violations })
        }
    }

    /// The check a receiver runs on every delivery to this channel: the configured Basic
    /// credentials or token, and every custom header with its exact value.
    ///
    /// With no authentication and no headers the result requires nothing
    /// ([`Credentials::is_empty`]); a service may refuse to run that way.
    ///
    /// Build it once at start-up. Its [`Credentials::verify`] returns
    /// [`fleethooks_verify::Error`] for a request that fails the check (answer 401): that error
    /// is the request's fault and never becomes this crate's [`Error`], which here only means
    /// the settings themselves are wrong.
    ///
    /// # Errors
    ///
    /// [`Error::Channel`] when the settings are not valid (see [`Channel::validate`]);
    /// [`Error::CredentialConfig`] when `fleethooks-verify` refuses a credential the checks
    /// above let through.
    pub fn credentials(&self) -> Result<Credentials> {
        self.validate()?;
        let mut credentials = Credentials::new();
        match &self.authentication {
            Authentication::None => {}
            Authentication::Basic { username, password } => {
                let basic = Basic::new(username.as_str(), password.clone())
                    .map_err(Error::CredentialConfig)?;
                credentials = credentials.require(basic);
            }
            Authentication::Token { token } => {
                let token = Token::new(token.clone()).map_err(Error::CredentialConfig)?;
                credentials = credentials.require(token);
            }
        }
        for header in &self.headers {
            let header = SharedHeader::try_new(&header.name, header.value.clone())
                .map_err(Error::CredentialConfig)?;
            credentials = credentials.require(header);
        }
        Ok(credentials)
    }

    fn check_sensitive_values(&self, found: &mut Vec<Violation>) {
        let count = self.sensitive_values.len();
        if count > MAX_SENSITIVE_VALUES {
            found.push(Violation::TooManySensitiveValues { count });
        }
        for (index, sensitive) in self.sensitive_values.iter().enumerate() {
            let value = sensitive.value.expose_secret();
            if value.is_empty() {
                found.push(Violation::EmptySensitiveValue { index });
            } else if !contains(self.url.as_bytes(), value) {
                found.push(Violation::SensitiveValueNotInUrl { index });
            }
            if sensitive.replacement.trim().is_empty() {
                found.push(Violation::EmptyReplacement { index });
            }
        }
    }

    fn check_authentication(&self, found: &mut Vec<Violation>) {
        match &self.authentication {
            Authentication::None => {}
            Authentication::Basic { username, password } => {
                if username.is_empty() {
                    found.push(Violation::EmptyUsername);
                } else if username.contains(':') {
                    found.push(Violation::ColonInUsername);
                }
                if password.is_empty() {
                    found.push(Violation::EmptyPassword);
                }
            }
            Authentication::Token { token } => {
                if token.is_empty() {
                    found.push(Violation::EmptyToken);
                }
            }
        }
    }

    fn check_headers(&self, found: &mut Vec<Violation>) {
        let count = self.headers.len();
        if count > MAX_HEADERS {
            found.push(Violation::TooManyHeaders { count });
        }
        let mut seen: Vec<http::HeaderName> = Vec::with_capacity(count);
        for (index, header) in self.headers.iter().enumerate() {
            let Ok(name) = http::HeaderName::from_bytes(header.name.trim().as_bytes()) else {
                found.push(Violation::InvalidHeaderName {
                    index,
                    name: header.name.clone(),
                });
                continue;
            };
            let value = header.value.expose_secret();
            if value.trim_ascii().is_empty() {
                found.push(Violation::EmptyHeaderValue {
                    name: header.name.clone(),
                });
            } else if http::HeaderValue::from_bytes(value).is_err() {
                found.push(Violation::InvalidHeaderValue {
                    name: header.name.clone(),
                });
            }
            if seen.contains(&name) {
                found.push(Violation::DuplicateHeader {
                    name: header.name.clone(),
                });
            } else if name == http::header::AUTHORIZATION
                && !matches!(self.authentication, Authentication::None)
            {
                found.push(Violation::AuthorizationConflict);
            }
            seen.push(name);
        }
    }
}

impl fmt::Debug for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel")
            .field("name", &self.name)
            .field("url", &self.masked_url())
            .field("enabled", &self.enabled)
            .field("verify_ssl", &self.verify_ssl)
            .field("sensitive_values", &self.sensitive_values)
            .field("authentication", &self.authentication)
            .field("headers", &self.headers)
            .finish()
    }
}

/// Why `url` is not an absolute http(s) URL, if it is not.
fn check_url(url: &str) -> Result<(), &'static str> {
    if url.trim().is_empty() {
        return Err("it is empty");
    }
    // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then `:`.
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        });
    match scheme {
        None => return Err("it is not absolute (no scheme)"),
        Some(scheme)
            if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") =>
        {
            return Err("the scheme is neither http nor https");
        }
        Some(scheme)
            if !url
                .get(scheme.len()..)
                .is_some_and(|rest| rest.starts_with("://")) =>
        {
            return Err("it has no host");
        }
        Some(_) => {}
    }
    let uri: http::Uri = url.parse().map_err(|_| "it is not a well-formed URL")?;
    match (uri.scheme_str(), uri.host()) {
        (Some(_), Some(host)) if !host.is_empty() => Ok(()),
        _ => Err("it has no host"),
    }
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// The JSON form of channel settings; secrets become [`Secret`]s on conversion.
#[derive(Deserialize)]
struct Settings {
    name: String,
    url: String,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default = "yes")]
    verify_ssl: bool,
    #[serde(default)]
    sensitive_values: Vec<SensitiveSettings>,
    #[serde(default)]
    authentication: AuthenticationSettings,
    #[serde(default)]
    headers: Vec<HeaderSettings>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct SensitiveSettings {
    replacement: String,
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(tag = "type", rename_all = "lowercase")]
enum AuthenticationSettings {
    #[default]
    None,
    Basic {
        username: String,
        password: String,
    },
    Token {
        token: String,
    },
}

#[derive(Deserialize)]
struct HeaderSettings {
    name: String,
    value: String,
    #[serde(default)]
    sensitive: bool,
}

impl From<Settings> for Channel {
    fn from(s: Settings) -> Self {
        Self {
            name: s.name,
            url: s.url,
            enabled: s.enabled,
            verify_ssl: s.verify_ssl,
            sensitive_values: s
                .sensitive_values
                .into_iter()
                .map(|v| SensitiveValue::new(v.replacement, v.value))
                .collect(),
            authentication: match s.authentication {
                AuthenticationSettings::None => Authentication::None,
                AuthenticationSettings::Basic { username, password } => Authentication::Basic {
                    username,
                    password: password.into(),
                },
                AuthenticationSettings::Token { token } => Authentication::Token {
                    token: token.into(),
                },
            },
            headers: s
                .headers
                .into_iter()
                .map(|h| Header {
                    name: h.name,
                    value: h.value.into(),
                    sensitive: h.sensitive,
                })
                .collect(),
        }
    }
}

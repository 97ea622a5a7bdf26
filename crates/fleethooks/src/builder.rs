//! [`ReceiverBuilder`]: what a [`Receiver`] accepts, set once.

use std::fmt;
use std::time::Duration;

use fleethooks_core::Source;
use fleethooks_core::replay::{
    DEFAULT_CAPACITY, DEFAULT_MAX_SKEW, DEFAULT_WINDOW, MemorySeenIds, SeenIds,
};
use fleethooks_verify::{Basic, Credentials, Secret, SharedHeader, SignatureVerifier, Token};

use crate::error::{BoxError, BuildError};
use crate::receiver::{Check, Gate, Receiver};
use crate::scep::ChallengeProvider;
use crate::store::AnyStore;
use fleethooks_jamf::{Envelope, ScepChallenge};

/// The default body limit: 256 KiB. Jamf's largest event is a few kilobytes; JumpCloud's and
/// cmdop's are smaller.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// Headers Jamf Pro's header authentication cannot set, so a check on one could never pass.
const JAMF_RESERVED: [&str; 5] = [
    "content-type",
    "user-agent",
    "accept-encoding",
    "content-length",
    "host",
];

/// Builds a [`Receiver`]: the credentials of each source, the body limit, deduplication and
/// the SCEP challenge provider.
///
/// A source is enabled by giving it credentials (or, for cmdop, signing secrets), or by
/// [`allow_unauthenticated`](Self::allow_unauthenticated); a source with neither is refused
/// with 404. Calling a credential method twice for the same source and kind accepts either
/// value (rotation); different kinds are all required (JumpCloud's token plus a custom
/// header). Mistakes are collected and reported by [`build`](Self::build).
///
/// ```
/// use fleethooks::{Receiver, Source};
///
/// let receiver = Receiver::builder()
///     .cmdop_secrets(["whsec_current_5f0b", "whsec_previous_c4f1"])
///     .jamf_basic("jamf-hooks", "c0rrect-h0rse")
///     .jumpcloud_token("jc_9f3b2c7d41e8")
///     .body_limit(256 * 1024)
///     .build()?;
/// assert!(receiver.is_enabled(Source::Jamf));
///
/// let err = Receiver::builder().jamf_header("Content-Type", "x").build().err().ok_or("expected an error")?;
/// assert_eq!(err.to_string(), "Jamf Pro cannot send the header `Content-Type` for header authentication");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReceiverBuilder {
    body_limit: usize,
    jamf: Pending,
    jumpcloud: Pending,
    cmdop_secrets: Vec<Secret>,
    open: Vec<Source>,
    dedup: Option<AnyStore>,
    dedup_window: Duration,
    max_skew: Duration,
    scep: Option<Box<dyn ChallengeProvider>>,
    errors: Vec<BuildError>,
}

/// The credentials given so far for a source that authenticates with headers.
#[derive(Default)]
struct Pending {
    basic: Option<Basic>,
    token: Option<Token>,
    headers: Vec<SharedHeader>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.basic.is_none() && self.token.is_none() && self.headers.is_empty()
    }

    fn add_basic(&mut self, user: Secret, password: Secret) -> fleethooks_verify::Result<()> {
        self.basic = Some(match self.basic.take() {
            Some(basic) => basic.or(user, password)?,
            None => Basic::new(user, password)?,
        });
        Ok(())
    }

    fn add_token(&mut self, token: Secret) -> fleethooks_verify::Result<()> {
        self.token = Some(match self.token.take() {
            Some(existing) => existing.or(token)?,
            None => Token::new(token)?,
        });
        Ok(())
    }

    fn add_header(&mut self, name: &str, value: Secret) -> fleethooks_verify::Result<()> {
        let existing = self
            .headers
            .iter()
            .position(|h| h.name().as_str().eq_ignore_ascii_case(name.trim()));
        match existing {
            Some(at) => {
                let header = self.headers.remove(at);
                self.headers.insert(at, header.or(value)?);
            }
            None => self
                .headers
                .push(SharedHeader::try_new(name.trim(), value)?),
        }
        Ok(())
    }

    fn into_gate(self) -> Gate {
        let basic = self.basic.is_some();
        let mut credentials = Credentials::new();
        if let Some(b) = self.basic {
            credentials = credentials.require(b);
        }
        if let Some(t) = self.token {
            credentials = credentials.require(t);
        }
        for h in self.headers {
            credentials = credentials.require(h);
        }
        Gate {
            check: Check::Credentials(credentials),
            basic,
            open_fallback: false,
        }
    }
}

impl Default for ReceiverBuilder {
    fn default() -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
            jamf: Pending::default(),
            jumpcloud: Pending::default(),
            cmdop_secrets: Vec::new(),
            open: Vec::new(),
            dedup: Some(AnyStore::new(MemorySeenIds::new(DEFAULT_CAPACITY))),
            dedup_window: DEFAULT_WINDOW,
            max_skew: DEFAULT_MAX_SKEW,
            scep: None,
            errors: Vec::new(),
        }
    }
}

impl ReceiverBuilder {
    /// A builder with nothing enabled, a [`DEFAULT_BODY_LIMIT`] and in-memory deduplication over
    /// a one-hour window.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn record(&mut self, origin: Source, result: fleethooks_verify::Result<()>) {
        if let Err(reason) = result {
            self.errors.push(BuildError::Credential { origin, reason });
        }
    }

    /// Requires cmdop deliveries signed with `secret` (`X-Cmdop-Signature`); call again or use
    /// [`cmdop_secrets`](Self::cmdop_secrets) to accept several during a rotation.
    #[must_use]
    pub fn cmdop_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.cmdop_secrets.push(secret.into());
        self
    }

    /// Requires cmdop deliveries signed with any of `secrets`.
    #[must_use]
    pub fn cmdop_secrets<S: Into<Secret>>(mut self, secrets: impl IntoIterator<Item = S>) -> Self {
        self.cmdop_secrets
            .extend(secrets.into_iter().map(Into::into));
        self
    }

    /// Requires Jamf Pro's Basic authentication with this user and password (again: another
    /// accepted pair).
    #[must_use]
    pub fn jamf_basic(mut self, user: impl Into<Secret>, password: impl Into<Secret>) -> Self {
        let result = self.jamf.add_basic(user.into(), password.into());
        self.record(Source::Jamf, result);
        self
    }

    /// Requires Jamf Pro's header authentication: header `name` carrying `value` (again with
    /// the same name: another accepted value; with another name: also required, as Jamf's JSON
    /// map of headers sends them all).
    #[must_use]
    pub fn jamf_header(mut self, name: impl AsRef<str>, value: impl Into<Secret>) -> Self {
        let name = name.as_ref();
        if JAMF_RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name.trim()))
        {
            self.errors
                .push(BuildError::ReservedHeader(name.to_owned()));
            return self;
        }
        let result = self.jamf.add_header(name, value.into());
        self.record(Source::Jamf, result);
        self
    }

    /// Requires JumpCloud's token authentication: `Authorization: Bearer <token>` or the bare
    /// token, both seen in the field (again: another accepted token).
    #[must_use]
    pub fn jumpcloud_token(mut self, token: impl Into<Secret>) -> Self {
        let result = self.jumpcloud.add_token(token.into());
        self.record(Source::Jumpcloud, result);
        self
    }

    /// Requires JumpCloud's Basic authentication (again: another accepted pair).
    #[must_use]
    pub fn jumpcloud_basic(mut self, user: impl Into<Secret>, password: impl Into<Secret>) -> Self {
        let result = self.jumpcloud.add_basic(user.into(), password.into());
        self.record(Source::Jumpcloud, result);
        self
    }

    /// Requires a custom header of the JumpCloud channel to carry `value`.
    #[must_use]
    pub fn jumpcloud_header(mut self, name: impl AsRef<str>, value: impl Into<Secret>) -> Self {
        let result = self.jumpcloud.add_header(name.as_ref(), value.into());
        self.record(Source::Jumpcloud, result);
        self
    }

    /// Accepts deliveries of `source` without any credential. An explicit opt-in, never a
    /// default: anyone who can reach the receiver can then post events of that source. Jamf
    /// Pro webhooks set to "None" authentication need it.
    ///
    /// Together with credentials for the same source it is a migration mode: a delivery that
    /// presents no credential header at all is accepted, one that presents any must present
    /// the right ones (a wrong password is still 401). That is what switching a Jamf Pro
    /// webhook from "None" to Basic without losing deliveries in between needs.
    #[must_use]
    pub fn allow_unauthenticated(mut self, source: Source) -> Self {
        if !self.open.contains(&source) {
            self.open.push(source);
        }
        self
    }

    /// Refuses bodies over `bytes` with 413, by `Content-Length` before reading and by size.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long an accepted event's dedup key is remembered, and how old a signed (cmdop)
    /// event may be. Keep it longer than the senders' retries: cmdop's last comes 36 minutes
    /// after the first attempt. Default one hour.
    #[must_use]
    pub fn dedup_window(mut self, window: Duration) -> Self {
        self.dedup_window = window;
        self
    }

    /// How far ahead of this machine's clock a signed event's time may be. Default five
    /// minutes.
    #[must_use]
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Remembers dedup keys in `store` (a store shared by several replicas) instead of in this
    /// process.
    #[must_use]
    pub fn dedup_store<S: SeenIds + Send + Sync + 'static>(mut self, store: S) -> Self {
        self.dedup = Some(AnyStore::new(store));
        self
    }

    /// Hands on every delivery, repeated or not. Signed events are still refused when stale.
    #[must_use]
    pub fn without_dedup(mut self) -> Self {
        self.dedup = None;
        self
    }

    /// Produces the challenge Jamf Pro puts in a SCEP payload when a `SCEPChallenge` arrives;
    /// [`Receiver::respond`] answers with it.
    ///
    /// ```
    /// use fleethooks::Receiver;
    ///
    /// let receiver = Receiver::builder()
    ///     .jamf_basic("jamf-hooks", "c0rrect-h0rse")
    ///     .scep_challenge(|_event| Ok("7F3K-2Q9X-MB4P".to_owned()))
    ///     .build()?;
    /// # let _ = receiver;
    /// # Ok::<(), fleethooks::BuildError>(())
    /// ```
    #[must_use]
    pub fn scep_challenge<F>(self, provider: F) -> Self
    where
        F: Fn(&Envelope<ScepChallenge>) -> Result<String, BoxError> + Send + Sync + 'static,
    {
        self.scep_challenge_provider(provider)
    }

    /// As [`scep_challenge`](Self::scep_challenge), with any [`ChallengeProvider`] (a type
    /// that holds a connection to a CA, say).
    #[must_use]
    pub fn scep_challenge_provider(mut self, provider: impl ChallengeProvider + 'static) -> Self {
        self.scep = Some(Box::new(provider));
        self
    }

    /// The receiver.
    ///
    /// # Errors
    ///
    /// The first mistake recorded: [`BuildError::Credential`] for an empty secret or an invalid
    /// header name, [`BuildError::ReservedHeader`], [`BuildError::NothingEnabled`],
    /// [`BuildError::ZeroBodyLimit`].
    pub fn build(self) -> Result<Receiver, BuildError> {
        if let Some(error) = self.errors.into_iter().next() {
            return Err(error);
        }
        if self.body_limit == 0 {
            return Err(BuildError::ZeroBodyLimit);
        }
        let open = |source| self.open.contains(&source);
        let open_gate = || Gate {
            check: Check::Open,
            basic: false,
            open_fallback: false,
        };
        let header_gate = |source: Source, pending: Pending| -> Result<Option<Gate>, BuildError> {
            match (pending.is_empty(), open(source)) {
                (false, open) => Ok(Some(Gate {
                    open_fallback: open,
                    ..pending.into_gate()
                })),
                (true, true) => Ok(Some(open_gate())),
                (true, false) => Ok(None),
            }
        };
        let jamf = header_gate(Source::Jamf, self.jamf)?;
        let jumpcloud = header_gate(Source::Jumpcloud, self.jumpcloud)?;
        let cmdop = match (self.cmdop_secrets.is_empty(), open(Source::Cmdop)) {
            (false, open) => Some(Gate {
                check: Check::Signature(
                    SignatureVerifier::with_secrets(
                        fleethooks_cmdop::SIGNATURE_HEADER,
                        self.cmdop_secrets,
                    )
                    .map_err(|reason| BuildError::Credential {
                        origin: Source::Cmdop,
                        reason,
                    })?,
                ),
                basic: false,
                open_fallback: open,
            }),
            (true, true) => Some(open_gate()),
            (true, false) => None,
        };
        if jamf.is_none() && jumpcloud.is_none() && cmdop.is_none() {
            return Err(BuildError::NothingEnabled);
        }
        Ok(Receiver::new(
            self.body_limit,
            [jamf, jumpcloud, cmdop],
            self.dedup,
            self.dedup_window,
            self.max_skew,
            self.scep,
        ))
    }
}

impl fmt::Debug for ReceiverBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials are never shown, not even redacted ones' count.
        f.debug_struct("ReceiverBuilder")
            .field("body_limit", &self.body_limit)
            .field("open", &self.open)
            .field("dedup", &self.dedup.is_some())
            .field("dedup_window", &self.dedup_window)
            .finish_non_exhaustive()
    }
}

//! `serve --forward`: every accepted event published to NATS JetStream before it is
//! acknowledged.
//!
//! The message id (`Nats-Msg-Id`) is the event's dedup key, so JetStream drops a repeat inside
//! the stream's `duplicate_window` whichever replica publishes it: several stateless `serve`
//! replicas share one exactly-once stream. The sender's 2xx goes out only after the stream
//! acknowledged the publish; no acknowledgement in time is a 503, so the sender retries.

use std::path::PathBuf;
use std::time::Duration;

use async_nats::jetstream::{self, stream};
use async_nats::{ConnectOptions, HeaderMap};

use super::config::ForwardSection;
use super::exec::EventInfo;
use crate::failure::Failure;

/// Default stream name.
pub(crate) const DEFAULT_STREAM: &str = "FLEETHOOKS";
/// Default subject template.
pub(crate) const DEFAULT_SUBJECT: &str = "fleethooks.{source}.{type}";

/// A connected JetStream publisher.
pub(crate) struct Forward {
    client: async_nats::Client,
    js: jetstream::Context,
    broker: Broker,
    window: Duration,
    /// Whether the stream was checked (or created) since the server became reachable.
    stream_ready: tokio::sync::OnceCell<()>,
}

/// How long `serve` waits at start for the first connection, so the stream is checked then.
const FIRST_CONNECT: Duration = Duration::from_secs(3);

/// Connection settings shared by `serve --forward` and `consume`.
pub(crate) struct Broker {
    pub(crate) url: String,
    pub(crate) stream: String,
    pub(crate) subject: String,
    pub(crate) credentials_file: Option<PathBuf>,
    pub(crate) token: Option<String>,
    pub(crate) tls_ca_file: Option<PathBuf>,
    pub(crate) ack_timeout: Duration,
    pub(crate) replicas: usize,
}

impl Broker {
    pub(crate) fn from_section(section: &ForwardSection) -> Result<Self, Failure> {
        let token = match (&section.token_env, &section.token_file) {
            (Some(name), None) => Some(secret_text(
                &crate::input::secret_from_env(name)?,
                "forward.token_env",
            )?),
            (None, Some(path)) => Some(secret_text(
                &crate::input::secret_from_file(path)?,
                "forward.token_file",
            )?),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(Failure::usage(
                    "config keys `forward.token_env` and `forward.token_file`: give one",
                ));
            }
        };
        Ok(Self {
            url: section.url.clone().unwrap_or_default(),
            stream: section
                .stream
                .clone()
                .unwrap_or_else(|| DEFAULT_STREAM.to_owned()),
            subject: section
                .subject
                .clone()
                .unwrap_or_else(|| DEFAULT_SUBJECT.to_owned()),
            credentials_file: section.credentials_file.clone(),
            token,
            tls_ca_file: section.tls_ca_file.clone(),
            ack_timeout: Duration::from_secs(section.ack_timeout_secs.unwrap_or(5).max(1)),
            replicas: section.replicas.unwrap_or(1).max(1),
        })
    }

    /// Connects, retrying in the background when the server is not up yet.
    pub(crate) async fn connect(&self, name: &str) -> Result<async_nats::Client, Failure> {
        let mut options = ConnectOptions::new()
            .name(name)
            .retry_on_initial_connect()
            .connection_timeout(Duration::from_secs(2))
            .event_callback(|event| async move {
                tracing::info!("nats: {event}");
            });
        if let Some(path) = &self.credentials_file {
            options = options.credentials_file(path).await.map_err(|e| {
                Failure::usage(format_args!(
                    "config key `forward.credentials_file`: cannot read {}: {e}",
                    path.display()
                ))
            })?;
        }
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some(ca) = &self.tls_ca_file {
            options = options.add_root_certificates(ca.clone()).require_tls(true);
        }
        options
            .connect(self.url.as_str())
            .await
            .map_err(|e| Failure::usage(format_args!("cannot connect to {}: {e}", self.url)))
    }

    /// The subjects the stream must capture for the subject template.
    pub(crate) fn stream_subjects(&self) -> Vec<String> {
        match self.subject.find('{') {
            Some(at) => {
                let prefix = self.subject.get(..at).unwrap_or_default();
                vec![format!("{prefix}>")]
            }
            None => vec![self.subject.clone()],
        }
    }

    /// Makes sure the stream exists with settings that keep the guarantee: file storage and a
    /// duplicate window at least `window`. An existing stream that cannot give it is an error
    /// at start, not something to use silently.
    pub(crate) async fn ensure_stream(
        &self,
        js: &jetstream::Context,
        window: Duration,
    ) -> Result<(), Failure> {
        match js.get_stream(&self.stream).await {
            Ok(mut existing) => {
                let info = existing.info().await.map_err(|e| {
                    Failure::usage(format_args!("cannot read stream {}: {e}", self.stream))
                })?;
                let config = &info.config;
                if config.duplicate_window < window {
                    return Err(Failure::usage(format_args!(
                        "stream {} has a duplicate_window of {}s, shorter than the dedup window of \
                         {}s: repeats after it would be stored twice; raise it (nats stream edit) \
                         or lower dedup_window_secs",
                        self.stream,
                        config.duplicate_window.as_secs(),
                        window.as_secs()
                    )));
                }
                if config.storage != stream::StorageType::File {
                    return Err(Failure::usage(format_args!(
                        "stream {} keeps messages in memory: a server restart would lose \
                         acknowledged events; use file storage",
                        self.stream
                    )));
                }
                Ok(())
            }
            Err(_) => {
                js.create_stream(stream::Config {
                    name: self.stream.clone(),
                    subjects: self.stream_subjects(),
                    storage: stream::StorageType::File,
                    duplicate_window: window,
                    num_replicas: self.replicas,
                    ..Default::default()
                })
                .await
                .map_err(|e| {
                    Failure::usage(format_args!("cannot create stream {}: {e}", self.stream))
                })?;
                tracing::info!(stream = %self.stream, "created the stream");
                Ok(())
            }
        }
    }
}

fn secret_text(secret: &fleethooks::verify::Secret, key: &str) -> Result<String, Failure> {
    String::from_utf8(secret.expose_secret().to_vec())
        .map_err(|_| Failure::usage(format_args!("config key `{key}`: the token is not UTF-8")))
}

impl Forward {
    /// Connects and checks the stream. An unreachable server is not an error here: `serve`
    /// starts, `/healthz` says so and deliveries get 503 until it is reachable.
    pub(crate) async fn start(broker: Broker, window: Duration) -> Result<Self, Failure> {
        let client = broker.connect("fleethooks serve").await?;
        let mut js = jetstream::new(client.clone());
        js.set_timeout(broker.ack_timeout);
        let deadline = tokio::time::Instant::now() + FIRST_CONNECT;
        while client.connection_state() != async_nats::connection::State::Connected
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let forward = Self {
            client,
            js,
            broker,
            window,
            stream_ready: tokio::sync::OnceCell::new(),
        };
        if forward.is_connected() {
            // A stream that cannot keep the guarantee is reported now, at start.
            forward.ensure_stream().await.map_err(Failure::usage)?;
        } else {
            tracing::warn!(url = %forward.broker.url, "NATS is not reachable yet; deliveries get 503 until it is");
        }
        Ok(forward)
    }

    /// Checks or creates the stream once the server is reachable.
    async fn ensure_stream(&self) -> Result<(), String> {
        self.stream_ready
            .get_or_try_init(|| async {
                self.broker
                    .ensure_stream(&self.js, self.window)
                    .await
                    .map_err(|f| f.reason().to_owned())
            })
            .await
            .map(drop)
    }

    /// Whether the connection to the server is up.
    pub(crate) fn is_connected(&self) -> bool {
        self.client.connection_state() == async_nats::connection::State::Connected
    }

    /// Publishes `event` and waits for the stream's acknowledgement. A publish the stream
    /// reports as a duplicate is success: the event is in the stream once.
    pub(crate) async fn publish(&self, event: &EventInfo) -> Result<(), String> {
        if !self.is_connected() {
            return Err("NATS is not connected".to_owned());
        }
        self.ensure_stream().await?;
        let subject = subject_for(
            &self.broker.subject,
            event.source.as_str(),
            &event.event_type,
        );
        let mut headers = HeaderMap::new();
        headers.insert("Nats-Msg-Id", header_text(&event.key).as_str());
        headers.insert("Fleethooks-Source", event.source.as_str());
        headers.insert("Fleethooks-Type", header_text(&event.event_type).as_str());
        headers.insert("Fleethooks-Key", header_text(&event.key).as_str());
        headers.insert("Fleethooks-Occurred-At", event.occurred_at.as_str());
        let ack = self
            .js
            .publish_with_headers(subject, headers, event.summary.as_bytes().to_vec().into())
            .await
            .map_err(|e| e.to_string())?
            .await
            .map_err(|e| e.to_string())?;
        if ack.duplicate {
            tracing::debug!(key = %event.key, "the stream already had this event");
        }
        Ok(())
    }
}

/// The subject of an event: the template with `{source}` and `{type}` filled in, each token
/// made valid (no blanks, `*` or `>`; no empty tokens).
pub(crate) fn subject_for(template: &str, source: &str, event_type: &str) -> String {
    let clean = |text: &str| {
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_whitespace() || c == '*' || c == '>' {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        cleaned
            .split('.')
            .map(|t| if t.is_empty() { "_" } else { t })
            .collect::<Vec<_>>()
            .join(".")
    };
    template
        .replace("{source}", &clean(source))
        .replace("{type}", &clean(event_type))
}

/// A value safe in a NATS header: no CR or LF.
fn header_text(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

//! The routes and what each delivery goes through: receive, hand on to every sink, answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fleethooks::jamf::JamfEvent;
use fleethooks::{InboundEvent, ReceiveError, Receiver, Source};
use tokio::sync::Semaphore;

use super::Store;
use super::exec::{EventInfo, Exec, Output as CommandOutput, run_command};
use super::forward::Forward;
use super::inflight::{InFlight, Pending, Tracked};
use super::metrics::Metrics;
use super::output::Output;

/// Everything a request handler needs, shared.
pub(crate) struct App {
    pub(crate) receiver: Receiver,
    pub(crate) output: Output,
    pub(crate) exec: Exec,
    pub(crate) forward: Option<Forward>,
    pub(crate) scep: Option<(String, Duration)>,
    pub(crate) inflight: Arc<InFlight>,
    pub(crate) metrics: Metrics,
    /// Requests being worked on; when none is left the answer is 503.
    pub(crate) in_flight: Semaphore,
    pub(crate) body_timeout: Duration,
    /// False until start-up is done, and again once shutdown begins.
    pub(crate) ready: AtomicBool,
    /// The seen-id store when it is shared (Redis): its calls block on the network, so they
    /// run where blocking is allowed, and `/healthz` checks it.
    pub(crate) shared_store: Option<Arc<Tracked<Store>>>,
}

impl App {
    /// Runs `f`, which may call the seen-id store, where blocking is allowed when the store is
    /// remote.
    fn with_store<T>(&self, f: impl FnOnce() -> T) -> T {
        if self.shared_store.is_some() {
            tokio::task::block_in_place(f)
        } else {
            f()
        }
    }
}

/// Seconds a sender is told to wait when the receiver is saturated or a sink failed.
const RETRY_AFTER: u32 = 5;

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", post(any_source))
        .route("/jamf", post(jamf))
        .route("/jumpcloud", post(jumpcloud))
        .route("/cmdop", post(cmdop))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .with_state(app)
}

async fn jamf(State(app): State<Arc<App>>, request: Request) -> Response {
    deliver(app, Some(Source::Jamf), request).await
}

async fn jumpcloud(State(app): State<Arc<App>>, request: Request) -> Response {
    deliver(app, Some(Source::Jumpcloud), request).await
}

async fn cmdop(State(app): State<Arc<App>>, request: Request) -> Response {
    deliver(app, Some(Source::Cmdop), request).await
}

async fn any_source(State(app): State<Arc<App>>, request: Request) -> Response {
    deliver(app, None, request).await
}

async fn not_found() -> Response {
    json_answer(
        StatusCode::NOT_FOUND,
        r#"{"error":"no such route: POST /jamf, /jumpcloud, /cmdop or /"}"#,
    )
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    if !app.ready.load(Ordering::SeqCst) {
        return json_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"status":"starting or stopping"}"#,
        );
    }
    if let Some(store) = &app.shared_store {
        if !tokio::task::block_in_place(|| store.inner().is_reachable()) {
            return json_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                r#"{"status":"seen-id store unreachable"}"#,
            );
        }
    }
    if let Some(forward) = &app.forward {
        if !forward.is_connected() {
            return json_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                r#"{"status":"broker unreachable"}"#,
            );
        }
    }
    json_answer(StatusCode::OK, r#"{"status":"ok"}"#)
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    let mut response = Response::new(Body::from(app.metrics.render()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

fn json_answer(status: StatusCode, body: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn retry_later(status: StatusCode, reason: &str) -> Response {
    let body = serde_json::json!({ "error": reason }).to_string();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER));
    response
}

/// What one request came to, for the log and the metrics.
struct Outcome {
    source: Option<Source>,
    event_type: Option<String>,
    key: Option<String>,
    response: Response,
}

impl Outcome {
    fn refused(source: Option<Source>, response: Response) -> Self {
        Self {
            source,
            event_type: None,
            key: None,
            response,
        }
    }
}

async fn deliver(app: Arc<App>, route: Option<Source>, request: Request) -> Response {
    let started = Instant::now();
    let outcome = match app.in_flight.try_acquire() {
        Ok(_permit) => handle(&app, route, request).await,
        Err(_) => Outcome::refused(
            route,
            retry_later(
                StatusCode::SERVICE_UNAVAILABLE,
                "the receiver is saturated; retry later",
            ),
        ),
    };
    let elapsed = started.elapsed();
    let status = outcome.response.status().as_u16();
    let source = outcome.source.map_or("none", Source::as_str);
    app.metrics.request(source, status, elapsed);
    tracing::info!(
        source,
        r#type = outcome.event_type.as_deref().unwrap_or("-"),
        key = outcome.key.as_deref().unwrap_or("-"),
        status,
        duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        "delivery"
    );
    outcome.response
}

async fn handle(app: &Arc<App>, route: Option<Source>, request: Request) -> Outcome {
    let (parts, body) = request.into_parts();
    let read = fleethooks::axum::read_body(&app.receiver, &parts.headers, body);
    let bytes = match tokio::time::timeout(app.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => return Outcome::refused(route, err.into_response()),
        // A client that sends its body too slowly must not hold a worker: 408, retried.
        Err(_) => return Outcome::refused(route, ReceiveError::Timeout.into_response()),
    };
    let received = app.with_store(|| match route {
        Some(source) => app.receiver.receive(source, &parts.headers, &bytes),
        None => app.receiver.receive_any(&parts.headers, &bytes),
    });
    match received {
        Ok(event) => {
            // Handed on in its own task: a client that disconnects must not stop an accepted
            // event half-way between the sinks.
            let app = Arc::clone(app);
            let source = event.source();
            match tokio::spawn(async move { hand_on(&app, event).await }).await {
                Ok(outcome) => outcome,
                Err(_) => Outcome::refused(
                    Some(source),
                    retry_later(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "internal error; retry later",
                    ),
                ),
            }
        }
        Err(ReceiveError::Duplicate { origin, key }) => {
            app.metrics.duplicate(origin.as_str());
            let scoped = format!("{origin}:{key}");
            let response = match app.inflight.outcome(&scoped).await {
                Some(false) => retry_later(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the first delivery of this event failed; retry later",
                ),
                _ => ReceiveError::Duplicate {
                    origin,
                    key: key.clone(),
                }
                .into_response(),
            };
            Outcome {
                source: Some(origin),
                event_type: None,
                key: Some(key),
                response,
            }
        }
        Err(err) => {
            if err.status().is_server_error() || err.status().is_client_error() {
                tracing::debug!(error = %err, "refused");
            }
            Outcome::refused(err.origin().or(route), err.into_response())
        }
    }
}

/// Every sink, in order, then the answer: exec rules, the broker, the output. Any failure
/// releases the dedup key and answers 503, so the sender retries and nothing acknowledged is
/// lost.
async fn hand_on(app: &Arc<App>, event: InboundEvent) -> Outcome {
    let source = event.source();
    let event_type = event.event_type().to_owned();
    let key = event.dedup_key().into_owned();
    let pending = Pending::new(Arc::clone(&app.inflight), format!("{source}:{key}"));
    let outcome = |response| Outcome {
        source: Some(source),
        event_type: Some(event_type.clone()),
        key: Some(key.clone()),
        response,
    };
    let fail = |sink: &str, reason: &str| {
        app.metrics.sink_failure(sink);
        if let Err(e) = app.with_store(|| app.receiver.release(&event)) {
            tracing::error!(key = %key, "cannot release the dedup key: {e}");
        }
        retry_later(StatusCode::SERVICE_UNAVAILABLE, reason)
    };
    let summary: Arc<str> = match event.to_json() {
        Ok(line) => line.into(),
        Err(e) => {
            tracing::error!(key = %key, "cannot write the summary: {e}");
            pending.finish(false);
            return outcome(fail("output", "the event cannot be stored; retry later"));
        }
    };
    let info = EventInfo {
        source,
        event_type: event_type.clone(),
        key: key.clone(),
        occurred_at: event
            .occurred_at()
            .map(fleethooks::core::format_time)
            .unwrap_or_default(),
        summary: Arc::clone(&summary),
    };
    // Jamf waits for the challenge while it builds the profile: produce it first.
    let challenge = match (event.as_jamf(), &app.scep) {
        (Some(JamfEvent::SCEPChallenge(_)), Some((command, timeout))) => {
            match run_command(
                "scep_challenge",
                command,
                *timeout,
                &info,
                CommandOutput::Keep,
            )
            .await
            {
                Ok(stdout) => Some(challenge_text(&stdout)),
                Err(failure) => {
                    tracing::warn!(key = %key, "SCEP challenge command {failure}");
                    pending.finish(false);
                    return outcome(fail(
                        "scep_challenge",
                        "the SCEP challenge could not be produced; retry later",
                    ));
                }
            }
        }
        (Some(JamfEvent::SCEPChallenge(_)), None) => {
            // Jamf reads the answer as the challenge: without a command there is none to give,
            // so the event is not taken (and not stored) rather than answered with nothing.
            if let Err(e) = app.with_store(|| app.receiver.release(&event)) {
                tracing::error!(key = %key, "cannot release the dedup key: {e}");
            }
            pending.finish(false);
            tracing::warn!(key = %key, "SCEPChallenge refused: set [jamf] scep_challenge_command");
            return outcome(ReceiveError::NoChallengeProvider.into_response());
        }
        _ => None,
    };
    if let Err((rule, failure)) = app.exec.run(&info).await {
        app.metrics.exec_failure(&rule);
        tracing::warn!(key = %key, rule = %rule, "exec {failure}");
        pending.finish(false);
        return outcome(fail("exec", "a command for this event failed; retry later"));
    }
    if let Some(forward) = &app.forward {
        if let Err(e) = forward.publish(&info).await {
            tracing::warn!(key = %key, "forward failed: {e}");
            pending.finish(false);
            return outcome(fail(
                "forward",
                "the event could not be forwarded; retry later",
            ));
        }
    }
    if let Err(e) = app.output.write(summary.to_string()).await {
        tracing::error!(key = %key, output = app.output.describe(), "{e}");
        pending.finish(false);
        return outcome(fail("output", "the event could not be stored; retry later"));
    }
    app.metrics.event(source.as_str(), &event_type);
    pending.finish(true);
    let response = match challenge {
        Some(text) => fleethooks::jamf::ScepChallenge::response_bytes(text).map(Body::from),
        None => match app.receiver.respond(&event) {
            Ok(response) => response.map(Body::from),
            Err(err) => err.into_response(),
        },
    };
    outcome(response)
}

/// A challenge command's output as the challenge: one trailing line break dropped.
fn challenge_text(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text)
        .to_owned()
}

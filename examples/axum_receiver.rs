//! One axum service receiving Jamf Pro, JumpCloud and cmdop webhooks through
//! `fleethooks::Receiver`.
//!
//! Copy it, then replace `hand_on` with what your service does with an event. Credentials come
//! from the environment, never from the code:
//!
//! ```sh
//! JAMF_USER=jamf-hooks JAMF_PASSWORD=… JUMPCLOUD_TOKEN=… CMDOP_SECRET=whsec_… \
//!   cargo run -p fleethooks-examples --bin axum_receiver -- 127.0.0.1:3000
//! ```
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use fleethooks::axum::{CmdopWebhook, JamfWebhook, JumpcloudWebhook, respond};
use fleethooks::{InboundEvent, ReceiveError, Receiver};

type Shared = State<Arc<Receiver>>;

/// Where an accepted event goes. Here: one JSON line on stdout. In a real service: a queue, a
/// database, a file — anything durable. Answer 2xx only once it is there: a 2xx tells the
/// sender it may forget the event, and Jamf Pro never sends it again.
fn hand_on(event: &InboundEvent) -> Result<(), Box<dyn std::error::Error>> {
    println!("{}", event.to_json()?);
    Ok(())
}

/// Hands the event on, then answers; on failure the dedup key is released so the sender's retry
/// is taken, and the answer is 503.
fn finish(receiver: &Receiver, event: &InboundEvent) -> Response {
    if let Err(e) = hand_on(event) {
        eprintln!("cannot hand on {event}: {e}");
        let _ = receiver.release(event);
        return ReceiveError::Downstream(e.to_string().into())
            .to_response()
            .map(Into::into);
    }
    respond(receiver, event) // 200, or the challenge for Jamf's SCEPChallenge
}

// A failed extraction never reaches these: the extractors answer 401, 400, 413, 415 or 404
// themselves, and 200 for a duplicate.
async fn jamf(State(r): Shared, JamfWebhook(event): JamfWebhook) -> Response {
    finish(&r, &event)
}

async fn jumpcloud(State(r): Shared, JumpcloudWebhook(event): JumpcloudWebhook) -> Response {
    finish(&r, &event)
}

async fn cmdop(State(r): Shared, CmdopWebhook(event): CmdopWebhook) -> Response {
    finish(&r, &event)
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let receiver = Receiver::builder()
        .jamf_basic(env("JAMF_USER")?, env("JAMF_PASSWORD")?)
        .jumpcloud_token(env("JUMPCLOUD_TOKEN")?)
        .cmdop_secret(env("CMDOP_SECRET")?)
        .body_limit(256 * 1024) // refused with 413 before the body is read
        // Jamf's SCEPChallenge: the answer body is the challenge it puts in the profile.
        .scep_challenge(|event| {
            let device = event.event.target_device.as_ref();
            let serial = device
                .and_then(|d| d.serial_number.as_deref())
                .unwrap_or("unknown");
            Ok(format!("challenge-{serial}"))
        })
        .build()?; // a misconfiguration fails here, not per request

    let app = Router::new()
        .route("/jamf", post(jamf))
        .route("/jumpcloud", post(jumpcloud))
        .route("/cmdop", post(cmdop))
        .with_state(Arc::new(receiver));

    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

//! axum extractors that receive webhooks through a [`Receiver`], with the body limit enforced
//! before the body is read.
//!
//! Put an `Arc<Receiver>` in the router's state (or anything it can be taken from with
//! `FromRef`), then take a [`Webhook`] (source told by credentials and shape) or a
//! [`JamfWebhook`], [`JumpcloudWebhook`], [`CmdopWebhook`] (source fixed by the route) in the
//! handler. A failed extraction answers with [`ReceiveError::to_response`]: 413 by
//! `Content-Length` before a byte of the body is read (and when a chunked body grows past the
//! limit), 401, 400, 415, 404 — and 200 for a duplicate, which never reaches the handler.
//!
//! ```
//! use std::sync::Arc;
//! use axum::{Router, extract::State, response::Response, routing::post};
//! use fleethooks::{Event, Receiver};
//! use fleethooks::axum::{JamfWebhook, respond};
//!
//! async fn jamf(State(receiver): State<Arc<Receiver>>, JamfWebhook(event): JamfWebhook) -> Response {
//!     println!("{}", event.to_json().unwrap_or_default()); // hand it on durably, then answer
//!     respond(&receiver, &event)
//! }
//!
//! let receiver = Arc::new(Receiver::builder().jamf_basic("jamf-hooks", "c0rrect-h0rse").build()?);
//! let app: Router = Router::new().route("/jamf", post(jamf)).with_state(receiver);
//! # let _ = app;
//! # Ok::<(), fleethooks::BuildError>(())
//! ```

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::response::{IntoResponse, Response};
use http_body_util::LengthLimitError;

use crate::{InboundEvent, ReceiveError, Receiver, Source};

impl IntoResponse for ReceiveError {
    fn into_response(self) -> Response {
        self.to_response().map(Body::from)
    }
}

/// The answer to an accepted event ([`Receiver::respond`]): the SCEP challenge, or 200.
pub fn respond(receiver: &Receiver, event: &InboundEvent) -> Response {
    match receiver.respond(event) {
        Ok(response) => response.map(Body::from),
        Err(err) => err.into_response(),
    }
}

/// Reads a request body for `receiver`: refused by `Content-Length` before a byte is read, and
/// while streaming as soon as it grows past the limit (a chunked body has no length).
///
/// # Errors
///
/// [`ReceiveError::TooLarge`], or [`ReceiveError::BodyRead`] when the client sent a broken body
/// or went away.
pub async fn read_body(
    receiver: &Receiver,
    headers: &http::HeaderMap,
    body: Body,
) -> Result<bytes::Bytes, ReceiveError> {
    receiver.check_content_length(headers)?;
    let limit = receiver.body_limit();
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        // The limit error sits somewhere down the chain of axum's and http-body-util's errors.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        let mut over_limit = false;
        while let Some(error) = cause {
            over_limit |= error.is::<LengthLimitError>();
            cause = error.source();
        }
        if over_limit {
            ReceiveError::TooLarge {
                limit,
                length: u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1),
            }
        } else {
            ReceiveError::BodyRead(Box::new(e))
        }
    })
}

/// Reads the body within the receiver's limit and receives it.
async fn extract(
    receiver: &Receiver,
    source: Option<Source>,
    request: Request,
) -> Result<InboundEvent, ReceiveError> {
    let (parts, body) = request.into_parts();
    let bytes = read_body(receiver, &parts.headers, body).await?;
    match source {
        Some(source) => receiver.receive(source, &parts.headers, &bytes),
        None => receiver.receive_any(&parts.headers, &bytes),
    }
}

macro_rules! extractor {
    ($(#[$doc:meta])* $name:ident, $source:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[allow(
            clippy::exhaustive_structs,
            reason = "an extractor newtype is destructured in handler arguments, as axum's own are"
        )]
        pub struct $name(pub InboundEvent);

        impl<S> FromRequest<S> for $name
        where
            Arc<Receiver>: FromRef<S>,
            S: Send + Sync,
        {
            type Rejection = ReceiveError;

            async fn from_request(request: Request, state: &S) -> Result<Self, ReceiveError> {
                let receiver = Arc::<Receiver>::from_ref(state);
                extract(&receiver, $source, request).await.map(Self)
            }
        }
    };
}

extractor!(
    /// A delivery of any enabled source, told by its credentials and shape
    /// ([`Receiver::receive_any`]).
    Webhook,
    None
);
extractor!(
    /// A Jamf Pro delivery ([`Receiver::receive`] with [`Source::Jamf`]).
    JamfWebhook,
    Some(Source::Jamf)
);
extractor!(
    /// A JumpCloud alert ([`Receiver::receive`] with [`Source::Jumpcloud`]).
    JumpcloudWebhook,
    Some(Source::Jumpcloud)
);
extractor!(
    /// A cmdop event ([`Receiver::receive`] with [`Source::Cmdop`]).
    CmdopWebhook,
    Some(Source::Cmdop)
);

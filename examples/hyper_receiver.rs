//! One bare hyper 1.x service receiving Jamf Pro, JumpCloud and cmdop webhooks through
//! `fleethooks::Receiver`, for stacks without a framework.
//!
//! ```sh
//! JAMF_USER=jamf-hooks JAMF_PASSWORD=… JUMPCLOUD_TOKEN=… CMDOP_SECRET=whsec_… \
//!   cargo run -p fleethooks-examples --bin hyper_receiver -- 127.0.0.1:3000
//! ```
use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use fleethooks::http::{Request, Response, StatusCode};
use fleethooks::{ReceiveError, Receiver, Source};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// Answers one request. Every failure becomes its own status through `ReceiveError`.
async fn handle(receiver: Arc<Receiver>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let source = match request.uri().path() {
        "/jamf" => Source::Jamf,
        "/jumpcloud" => Source::Jumpcloud,
        "/cmdop" => Source::Cmdop,
        _ => return answer(StatusCode::NOT_FOUND, "no such route"),
    };
    let (parts, body) = request.into_parts();
    // The limit, by Content-Length before reading and by bytes while reading (chunked bodies).
    if let Err(err) = receiver.check_content_length(&parts.headers) {
        return err.to_response().map(Into::into);
    }
    let limit = receiver.body_limit();
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let length = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
            let err = ReceiveError::TooLarge { limit, length };
            return err.to_response().map(Into::into);
        }
    };
    let answer = receiver
        .receive(source, &parts.headers, &bytes)
        .and_then(|event| {
            // Hand the event on durably here (a queue, a database), then answer 2xx.
            match event.to_json() {
                Ok(line) => println!("{line}"),
                Err(e) => {
                    let _ = receiver.release(&event); // so the sender's retry is taken
                    return Err(ReceiveError::Downstream(e.into()));
                }
            }
            receiver.respond(&event) // 200, or the challenge for Jamf's SCEPChallenge
        });
    answer
        .unwrap_or_else(|err| err.to_response())
        .map(Into::into)
}

fn answer(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::from(text));
    *response.status_mut() = status;
    response
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let receiver = Arc::new(
        Receiver::builder()
            .jamf_basic(env("JAMF_USER")?, env("JAMF_PASSWORD")?)
            .jumpcloud_token(env("JUMPCLOUD_TOKEN")?)
            .cmdop_secret(env("CMDOP_SECRET")?)
            .body_limit(256 * 1024)
            .scep_challenge(|_| Ok("7F3K-2Q9X-MB4P".to_owned()))
            .build()?,
    );
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("listening on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        let receiver = Arc::clone(&receiver);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let receiver = Arc::clone(&receiver);
                async move { Ok::<_, Infallible>(handle(receiver, request).await) }
            });
            // One task per connection; hyper reads headers and enforces HTTP/1.1 framing.
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {e}");
            }
        });
    }
}

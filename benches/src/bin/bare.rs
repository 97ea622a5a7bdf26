//! The ceiling of the load runs: `serve`'s HTTP stack with nothing behind it.
//!
//! The same shape as `fleethooks serve` (a tokio multi-thread runtime, a listener loop with a
//! connection semaphore, hyper's HTTP/1.1 server with a header timeout and keep-alive, an axum
//! `Router` with one route per source), and handlers that read the body and answer 200
//! `{"status":"accepted"}`: no authentication, no parsing, no sink. What `serve` does above
//! this is what the load report's ratio to it measures.
//!
//! `bare [ADDR]` (default `127.0.0.1:0`) prints `bare: listening on http://ADDR` on stderr and
//! runs until SIGINT or SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::post;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// `serve`'s defaults: connections, header timeout and body limit.
const MAX_CONNECTIONS: usize = 1024;
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_LIMIT: usize = 256 * 1024;

async fn accept(request: Request) -> Response {
    let answer = match axum::body::to_bytes(request.into_body(), BODY_LIMIT).await {
        Ok(_) => (StatusCode::OK, r#"{"status":"accepted"}"#),
        Err(_) => (StatusCode::BAD_REQUEST, r#"{"error":"unreadable body"}"#),
    };
    let mut response = Response::new(Body::from(answer.1));
    *response.status_mut() = answer.0;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn router() -> Router {
    Router::new()
        .route("/", post(accept))
        .route("/jamf", post(accept))
        .route("/jumpcloud", post(accept))
        .route("/cmdop", post(accept))
}

async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

async fn run(addr: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    eprintln!("bare: listening on http://{}", listener.local_addr()?);
    let app = router();
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .keep_alive(true);
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bare: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&addr)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare: cannot listen on {addr}: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

//! `fleethooks send`: post a payload the way its vendor does, with its credentials.
//!
//! cmdop signs the exact body (`X-Cmdop-Signature: sha256=<hex>`); Jamf Pro posts
//! `application/json` or `text/xml` by the body's form, with Basic or header authentication;
//! JumpCloud posts `application/json` with Basic, a token or custom headers. The status and the
//! receiver's reply are printed (`200 OK`, then the reply); exit 0 on 2xx, 1 otherwise.
//! `--retry` follows the vendor's schedule.

use std::time::Duration;

use base64::Engine as _;
use fleethooks::verify::Secret;
use fleethooks_cmdop::RetryPolicy;
use http::{HeaderName, HeaderValue, Request, StatusCode};

use crate::cli::{SendArgs, SendSource};
use crate::failure::Failure;
use crate::input;

/// How much of a reply is printed.
const REPLY_CHARS: usize = 4096;

pub(crate) fn run(args: &SendArgs) -> Result<(), Failure> {
    let body = input::body(args.file.as_deref())?;
    let request = build(args, body)?;
    let policy = schedule(args.source);
    if args.retry && args.source == SendSource::Jamf {
        eprintln!("fleethooks: Jamf Pro never retries a delivery; sending once");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(args.timeout.max(1))))
        .build()
        .into();
    let mut attempt: u32 = 1;
    loop {
        let outcome = attempt_once(&agent, &request);
        let retryable = match &outcome {
            Ok((status, _)) => !status.is_success() && vendor_retries(args.source, *status),
            // The receiver was not reached: every vendor tries again.
            Err(_) => args.source != SendSource::Jamf,
        };
        if args.retry && retryable {
            if let Some(delay) = policy.next(attempt).delay() {
                let scaled = scale(delay, args.time_scale);
                let what = match &outcome {
                    Ok((status, _)) => status_line(*status),
                    Err(e) => e.reason().to_owned(),
                };
                eprintln!(
                    "fleethooks: attempt {attempt}: {what}; retrying in {}",
                    describe(scaled)
                );
                std::thread::sleep(scaled);
                attempt += 1;
                continue;
            }
        }
        return match outcome {
            Ok((status, reply)) => {
                let mut text = status_line(status);
                text.push('\n');
                let reply: String = String::from_utf8_lossy(&reply)
                    .chars()
                    .take(REPLY_CHARS)
                    .collect();
                if !reply.is_empty() {
                    text.push_str(&reply);
                    if !reply.ends_with('\n') {
                        text.push('\n');
                    }
                }
                input::print(&text)?;
                if status.is_success() {
                    Ok(())
                } else {
                    Err(Failure::rejected(format_args!(
                        "the receiver answered {}",
                        status_line(status)
                    )))
                }
            }
            Err(e) => Err(e),
        };
    }
}

fn status_line(status: StatusCode) -> String {
    format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_owned()
}

/// The vendor's retry schedule after a failed attempt: cmdop's documented 1, 5 and 30 minutes;
/// JumpCloud's three retries with backoff (its delays are not documented: 30 s, 1 min, 2 min);
/// none for Jamf Pro.
fn schedule(source: SendSource) -> RetryPolicy {
    match source {
        SendSource::Cmdop => RetryPolicy::default(),
        SendSource::Jumpcloud => RetryPolicy::new([
            Duration::from_secs(30),
            Duration::from_secs(60),
            Duration::from_secs(120),
        ]),
        SendSource::Jamf => RetryPolicy::new([]),
    }
}

/// Whether the vendor retries after this answer: JumpCloud only on 5xx, 408 and 429; cmdop on
/// any failure; Jamf Pro never.
fn vendor_retries(source: SendSource, status: StatusCode) -> bool {
    match source {
        SendSource::Jumpcloud => fleethooks_jumpcloud::alert::is_retried(status),
        SendSource::Cmdop => true,
        SendSource::Jamf => false,
    }
}

fn scale(delay: Duration, factor: f64) -> Duration {
    if factor.is_finite() && factor >= 0.0 {
        Duration::try_from_secs_f64(delay.as_secs_f64() * factor).unwrap_or(delay)
    } else {
        delay
    }
}

/// A delay as the retry line prints it: whole seconds as `30s`, anything else in milliseconds,
/// so a scaled delay (`--time-scale`) of 1.8 s is not printed as `1s`.
fn describe(delay: Duration) -> String {
    if delay >= Duration::from_secs(1) && delay.subsec_nanos() == 0 {
        format!("{}s", delay.as_secs())
    } else {
        format!("{}ms", delay.as_millis())
    }
}

fn attempt_once(
    agent: &ureq::Agent,
    request: &Request<Vec<u8>>,
) -> Result<(StatusCode, Vec<u8>), Failure> {
    let url = request.uri().to_string();
    let mut response = agent
        .run(request.clone())
        .map_err(|e| Failure::rejected(format_args!("cannot send to {url}: {e}")))?;
    let status = response.status();
    let reply = response
        .body_mut()
        .read_to_vec()
        .map_err(|e| Failure::rejected(format_args!("cannot read the reply of {url}: {e}")))?;
    Ok((status, reply))
}

fn secret(
    env: Option<&String>,
    file: Option<&std::path::PathBuf>,
) -> Result<Option<Secret>, Failure> {
    match (env, file) {
        (Some(name), _) => input::secret_from_env(name).map(Some),
        (None, Some(path)) => input::secret_from_file(path).map(Some),
        (None, None) => Ok(None),
    }
}

/// The request the vendor would send.
fn build(args: &SendArgs, body: Vec<u8>) -> Result<Request<Vec<u8>>, Failure> {
    let content_type = match (&args.content_type, args.source) {
        (Some(ct), _) => ct.clone(),
        (None, SendSource::Jamf) => {
            let first = fleethooks::core::strip_bom(&body)
                .trim_ascii_start()
                .first()
                .copied();
            if first == Some(b'<') {
                "text/xml"
            } else {
                "application/json"
            }
            .to_owned()
        }
        (None, _) => "application/json".to_owned(),
    };
    let mut builder = Request::post(args.url.as_str())
        .header(http::header::CONTENT_TYPE, content_type.as_str())
        .header(http::header::USER_AGENT, user_agent(args.source));
    if let Some(key) = secret(args.secret_env.as_ref(), args.secret_file.as_ref())? {
        let signature = fleethooks::verify::sign(&key, &body).map_err(Failure::usage)?;
        builder = builder.header(fleethooks_cmdop::SIGNATURE_HEADER, signature.to_header());
    }
    let user = secret(args.basic_user_env.as_ref(), args.basic_user_file.as_ref())?;
    let password = secret(
        args.basic_password_env.as_ref(),
        args.basic_password_file.as_ref(),
    )?;
    if let (Some(user), Some(password)) = (user, password) {
        let mut pair = user.expose_secret().to_vec();
        pair.push(b':');
        pair.extend_from_slice(password.expose_secret());
        let value = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(&pair)
        );
        builder = builder.header(
            http::header::AUTHORIZATION,
            sensitive(value.as_bytes(), "authorization")?,
        );
    }
    if let Some(token) = secret(args.token_env.as_ref(), args.token_file.as_ref())? {
        let mut value = b"Bearer ".to_vec();
        value.extend_from_slice(token.expose_secret());
        builder = builder.header(
            http::header::AUTHORIZATION,
            sensitive(&value, "authorization")?,
        );
    }
    for (spec, from_file) in args
        .header_env
        .iter()
        .map(|s| (s, false))
        .chain(args.header_file.iter().map(|s| (s, true)))
    {
        let flag = if from_file {
            "--header-file"
        } else {
            "--header-env"
        };
        let (name, source) = spec.split_once('=').ok_or_else(|| {
            Failure::usage(format_args!("{flag} {spec:?}: expected Header-Name=…"))
        })?;
        let header = HeaderName::try_from(name.trim())
            .map_err(|_| Failure::usage(format_args!("{flag}: invalid header name {name:?}")))?;
        let value = if from_file {
            input::secret_from_file(std::path::Path::new(source))?
        } else {
            input::secret_from_env(source)?
        };
        builder = builder.header(header, sensitive(value.expose_secret(), name)?);
    }
    builder.body(body).map_err(|e| {
        Failure::usage(format_args!(
            "cannot build the request for {}: {e}",
            args.url
        ))
    })
}

/// A header value marked sensitive (never logged by HTTP libraries); the value is not repeated
/// in the error.
fn sensitive(value: &[u8], name: &str) -> Result<HeaderValue, Failure> {
    let mut value = HeaderValue::from_bytes(value).map_err(|_| {
        Failure::usage(format_args!(
            "the value for header `{name}` has characters HTTP does not allow (a line break?)"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn user_agent(source: SendSource) -> &'static str {
    match source {
        SendSource::Jamf => "fleethooks-send (as Jamf Pro)",
        SendSource::Jumpcloud => "fleethooks-send (as JumpCloud)",
        SendSource::Cmdop => "fleethooks-send (as cmdop)",
    }
}

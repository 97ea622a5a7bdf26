//! `fleethooks trigger`: start JumpCloud commands by trigger name, or print the request.

use std::fmt::Write as _;
use std::time::Duration;

use fleethooks_jumpcloud::{Error, TriggerRequest, TriggerResponse};
use http::Request;

use crate::cli::TriggerArgs;
use crate::failure::Failure;
use crate::input;

/// How long one trigger request may take, connection included, before it is given up.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How much of an error response's body is quoted on stderr.
const QUOTED_BODY_CHARS: usize = 300;

pub(crate) fn run(args: &TriggerArgs) -> Result<(), Failure> {
    let api_key = input::secret_from_env(&args.api_key_env)?;
    let mut trigger = TriggerRequest::new(args.name.as_str(), api_key);
    if let Some(base_url) = &args.base_url {
        trigger = trigger.with_base_url(base_url.as_str());
    }
    if let Some(org_id) = &args.org_id {
        trigger = trigger.with_org_id(org_id.as_str());
    }
    if args.allow_any_name {
        trigger = trigger.allow_any_name();
    }
    if let Some(path) = &args.data {
        let body = input::body(Some(path))?;
        trigger = trigger.with_body(body).map_err(Failure::rejected)?;
    }
    let request = trigger.build().map_err(|e| match e {
        Error::UnusualTriggerName { name } => Failure::usage(format_args!(
            "trigger name {name:?} has characters other than ASCII letters and digits, which \
             JumpCloud has been seen to match no command for; pass --allow-any-name to send it \
             anyway"
        )),
        other => Failure::usage(other),
    })?;
    if args.dry_run {
        return input::print(&describe(&request));
    }
    send(request)
}

/// The request as it would go out, one header a line, sensitive values (the API key) redacted.
fn describe(request: &Request<Vec<u8>>) -> String {
    let mut text = format!("{} {}\n", request.method(), request.uri());
    for (name, value) in request.headers() {
        if value.is_sensitive() {
            let _ = writeln!(text, "{name}: [redacted]");
        } else {
            let _ = writeln!(
                text,
                "{name}: {}",
                String::from_utf8_lossy(value.as_bytes())
            );
        }
    }
    if !request.body().is_empty() {
        text.push('\n');
        text.push_str(&String::from_utf8_lossy(request.body()));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// Sends the request and prints JumpCloud's answer as one line of JSON.
fn send(request: Request<Vec<u8>>) -> Result<(), Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // A 4xx or 5xx is reported with its body below, not as a transport error.
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .build()
        .into();
    let url = request.uri().to_string();
    let mut response = agent
        .run(request)
        .map_err(|e| Failure::rejected(format_args!("cannot send the trigger to {url}: {e}")))?;
    let status = response.status();
    let body = response
        .body_mut()
        .read_to_vec()
        .map_err(|e| Failure::rejected(format_args!("cannot read JumpCloud's answer: {e}")))?;
    if !status.is_success() {
        let quoted: String = String::from_utf8_lossy(&body)
            .chars()
            .take(QUOTED_BODY_CHARS)
            .collect();
        return Err(Failure::rejected(format_args!(
            "JumpCloud answered {status}: {quoted}"
        )));
    }
    let answer = TriggerResponse::from_slice(&body).map_err(Failure::rejected)?;
    if answer.matched_nothing() {
        // Not an error for JumpCloud, but almost always a typo in the name.
        eprintln!("fleethooks: no command has this trigger name");
    }
    let line = serde_json::to_string(&answer).map_err(Failure::rejected)?;
    input::print(&format!("{line}\n"))
}

//! `fleethooks consume`: a durable JetStream pull consumer that runs a command for each event
//! `serve --forward` published, and acknowledges only after the command exited 0.
//!
//! A failed or timed-out command is negatively acknowledged with a growing delay, so JetStream
//! redelivers it later (to this process or another with the same `--durable`); after
//! `--max-deliver` attempts the event is published to the dead-letter subject (kept in its own
//! stream) and acknowledged, and the failure is logged. Several `consume` processes with the
//! same durable name share the work.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind, consumer, stream};
use futures_util::StreamExt as _;
use tokio::sync::Semaphore;

use crate::cli::ConsumeArgs;
use crate::failure::Failure;
use crate::serve::exec::{EventInfo, run_command};
use crate::serve::forward::Broker;

/// The longest wait before a redelivery.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(300);

pub(crate) fn run(args: &ConsumeArgs) -> Result<(), Failure> {
    if args.concurrency == 0 {
        return Err(Failure::usage("--concurrency must be at least 1"));
    }
    if args.max_deliver < 1 {
        return Err(Failure::usage("--max-deliver must be at least 1"));
    }
    crate::logging::init();
    crate::serve::exec::hide_from_commands(args.token_env.iter().cloned().collect());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format_args!("cannot start the runtime: {e}")))?;
    runtime.block_on(consume(args))
}

async fn consume(args: &ConsumeArgs) -> Result<(), Failure> {
    let token = args
        .token_env
        .as_deref()
        .map(crate::input::secret_from_env)
        .transpose()?
        .map(|s| String::from_utf8_lossy(s.expose_secret()).into_owned());
    let broker = Broker {
        url: args.forward.clone(),
        stream: args.stream.clone(),
        subject: crate::serve::forward::DEFAULT_SUBJECT.to_owned(),
        credentials_file: args.credentials_file.clone(),
        token,
        tls_ca_file: args.tls_ca_file.clone(),
        ack_timeout: Duration::from_secs(5),
        replicas: 1,
    };
    let client = broker.connect("fleethooks consume").await?;
    let js = jetstream::new(client.clone());
    let stream = wait_for_stream(&js, &args.stream).await?;
    let dead_stream = format!("{}_DEAD", args.stream);
    js.get_or_create_stream(stream::Config {
        name: dead_stream.clone(),
        subjects: vec![args.dead_letter.clone()],
        storage: stream::StorageType::File,
        ..Default::default()
    })
    .await
    .map_err(|e| {
        Failure::usage(format_args!(
            "cannot create the dead-letter stream {dead_stream}: {e}"
        ))
    })?;
    let timeout = Duration::from_secs(args.timeout.max(1));
    let consumer: consumer::PullConsumer = stream
        .get_or_create_consumer(
            &args.durable,
            consumer::pull::Config {
                durable_name: Some(args.durable.clone()),
                filter_subject: args.filter.clone().unwrap_or_default(),
                ack_policy: consumer::AckPolicy::Explicit,
                // Longer than a command may run, so a running event is not redelivered.
                ack_wait: timeout + Duration::from_secs(30),
                // Attempts are counted here, so an event is dead-lettered, never just dropped.
                max_deliver: -1,
                max_ack_pending: i64::try_from(args.concurrency.saturating_mul(2))
                    .unwrap_or(i64::MAX),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| {
            Failure::usage(format_args!(
                "cannot create the consumer {}: {e}",
                args.durable
            ))
        })?;
    let mut messages = consumer
        .messages()
        .await
        .map_err(|e| Failure::usage(format_args!("cannot pull from {}: {e}", args.stream)))?;
    eprintln!(
        "fleethooks consume: pulling from stream {} as {} ({} at a time)",
        args.stream, args.durable, args.concurrency
    );
    let permits = Arc::new(Semaphore::new(args.concurrency));
    let settings = Arc::new(Settings {
        command: args.exec.clone(),
        timeout,
        max_deliver: args.max_deliver,
        retry_delay: Duration::try_from_secs_f64(args.retry_delay.max(0.0))
            .unwrap_or(Duration::from_secs(1)),
        dead_letter: args.dead_letter.clone(),
    });
    let mut running = tokio::task::JoinSet::new();
    let stop = crate::logging::shutdown_signal();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let message = tokio::select! {
            next = messages.next() => next,
            () = &mut stop => break,
        };
        let message = match message {
            Some(Ok(message)) => message,
            Some(Err(e)) => {
                tracing::warn!("pull failed: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            None => break,
        };
        let settings = Arc::clone(&settings);
        let js = js.clone();
        running.spawn(async move {
            handle(&js, &settings, message).await;
            drop(permit);
        });
        // Reap finished tasks so the set does not grow.
        while running.try_join_next().is_some() {}
    }
    tracing::info!("stopping: waiting for running commands");
    while running.join_next().await.is_some() {}
    Ok(())
}

struct Settings {
    command: String,
    timeout: Duration,
    max_deliver: i64,
    retry_delay: Duration,
    dead_letter: String,
}

/// The stream, once `serve --forward` has created it.
async fn wait_for_stream(js: &jetstream::Context, name: &str) -> Result<stream::Stream, Failure> {
    let mut warned = false;
    loop {
        match js.get_stream(name).await {
            Ok(stream) => return Ok(stream),
            Err(e) => {
                if !warned {
                    tracing::warn!(
                        stream = name,
                        "waiting for the stream ({e}); start serve --forward"
                    );
                    warned = true;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// What a command is told, from the message's headers and summary.
fn event_info(message: &jetstream::Message) -> Option<EventInfo> {
    #[derive(serde::Deserialize)]
    struct Summary {
        source: String,
        #[serde(rename = "type")]
        kind: String,
        occurred_at: Option<String>,
        key: String,
    }
    let summary: Summary = serde_json::from_slice(&message.payload).ok()?;
    let text = std::str::from_utf8(&message.payload).ok()?;
    Some(EventInfo {
        source: summary.source.parse().ok()?,
        event_type: summary.kind,
        key: summary.key,
        occurred_at: summary.occurred_at.unwrap_or_default(),
        summary: text.trim_end().into(),
    })
}

async fn handle(js: &jetstream::Context, settings: &Settings, message: jetstream::Message) {
    let delivered = message.info().map_or(1, |i| i.delivered);
    let Some(info) = event_info(&message) else {
        tracing::error!(subject = %message.subject, "not a fleethooks summary; dead-lettering it");
        dead_letter(js, settings, &message, "not a fleethooks summary").await;
        return;
    };
    if delivered > settings.max_deliver {
        // Its last attempt was cut short (this process stopped): no more tries.
        dead_letter(js, settings, &message, "attempts exhausted").await;
        return;
    }
    match run_command(
        "consume",
        &settings.command,
        settings.timeout,
        &info,
        crate::serve::exec::Output::Discard,
    )
    .await
    {
        Ok(_) => {
            // Confirmed, so "acknowledged" means the server has it.
            if let Err(e) = message.double_ack().await {
                tracing::warn!(key = %info.key, "acknowledgement not confirmed, the event may run again: {e}");
            } else {
                tracing::info!(source = %info.source, r#type = %info.event_type, key = %info.key, attempt = delivered, "done");
            }
        }
        Err(failure) if delivered >= settings.max_deliver => {
            tracing::error!(key = %info.key, attempt = delivered, "command {failure}; giving up");
            dead_letter(js, settings, &message, &failure.to_string()).await;
        }
        Err(failure) => {
            let delay = retry_delay(settings.retry_delay, delivered);
            tracing::warn!(key = %info.key, attempt = delivered, "command {failure}; retrying in {}s", delay.as_secs_f64());
            if let Err(e) = message.ack_with(AckKind::Nak(Some(delay))).await {
                tracing::warn!(key = %info.key, "negative acknowledgement failed, redelivery after ack_wait: {e}");
            }
        }
    }
}

fn retry_delay(base: Duration, delivered: i64) -> Duration {
    let exponent = u32::try_from(delivered.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    base.saturating_mul(2u32.saturating_pow(exponent))
        .min(MAX_RETRY_DELAY)
}

/// Publishes the message to the dead-letter subject (durably), then acknowledges it so it is
/// not delivered again. If the dead-letter publish fails the message is left unacknowledged:
/// it comes back after `ack_wait` rather than being lost.
async fn dead_letter(
    js: &jetstream::Context,
    settings: &Settings,
    message: &jetstream::Message,
    reason: &str,
) {
    let mut headers = message.headers.clone().unwrap_or_default();
    headers.insert(
        "Fleethooks-Dead-Reason",
        reason.replace(['\r', '\n'], " ").as_str(),
    );
    headers.insert("Fleethooks-Original-Subject", message.subject.as_str());
    let published = match js
        .publish_with_headers(
            settings.dead_letter.clone(),
            headers,
            message.payload.clone(),
        )
        .await
    {
        Ok(ack) => ack.await.map(drop).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match published {
        Ok(()) => {
            if let Err(e) = message.ack_with(AckKind::Term).await {
                tracing::warn!("could not retire a dead-lettered event: {e}");
            }
            tracing::error!(subject = %message.subject, dead_letter = %settings.dead_letter, reason, "event moved to the dead-letter subject");
        }
        Err(e) => tracing::error!("dead-letter publish failed, the event will come back: {e}"),
    }
}

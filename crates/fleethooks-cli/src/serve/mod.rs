//! `fleethooks serve`: an HTTP/1.1 receiver for all three sources, writing every accepted event
//! durably before answering.
//!
//! The layout follows tokio's mini-redis: [`run`] reads the configuration and starts the runtime;
//! [`server`] is the listener loop (connection limit, timeouts, TLS, graceful stop); [`routes`]
//! holds the handlers, which receive through [`fleethooks::Receiver`] and hand each event to the
//! sinks in one place: exec rules, the broker, the output.

pub(crate) mod config;
pub(crate) mod exec;
pub(crate) mod forward;
mod glob;
mod inflight;
mod metrics;
mod output;
mod quickstart;
mod routes;
mod server;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::Utc;
use fleethooks::core::replay::{DEFAULT_CAPACITY, MemorySeenIds};
use fleethooks::redis::RedisSeenIds;
use fleethooks::{Receiver, ReceiverBuilder, Source};
use tokio::sync::Semaphore;

use crate::cli::ServeArgs;
use crate::failure::Failure;
use config::{Auth, Config, Overrides};
use inflight::{InFlight, Tracked};
use quickstart::Quickstart;
use routes::App;

pub(crate) fn run(args: &ServeArgs) -> Result<(), Failure> {
    let mut config = Config::load(&Overrides {
        config: args.config.as_deref(),
        listen: args.listen.as_deref(),
        output: args.output.as_deref(),
        exec: args.exec.as_deref(),
        forward: args.forward.as_deref(),
    })?;
    crate::logging::init();
    exec::hide_from_commands(config.secret_vars.clone());
    let quickstart = if config.quickstart {
        let fresh = Quickstart::create().map_err(|e| {
            Failure::usage(format_args!(
                "cannot create the quickstart credentials: {e}"
            ))
        })?;
        Some(fresh)
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format_args!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(&mut config, quickstart))
}

fn add_auth(builder: ReceiverBuilder, source: Source, auth: Auth) -> ReceiverBuilder {
    match (source, auth) {
        (_, Auth::None) => builder.allow_unauthenticated(source),
        (Source::Jamf, Auth::Basic { user, password }) => builder.jamf_basic(user, password),
        (Source::Jamf, Auth::Header { name, value }) => builder.jamf_header(name, value),
        (_, Auth::Basic { user, password }) => builder.jumpcloud_basic(user, password),
        (_, Auth::Header { name, value }) => builder.jumpcloud_header(name, value),
        (_, Auth::Token(token)) => builder.jumpcloud_token(token),
    }
}

async fn serve(config: &mut Config, quickstart: Option<Quickstart>) -> Result<(), Failure> {
    let inflight = Arc::new(InFlight::default());
    let mut builder = Receiver::builder()
        .body_limit(config.body_limit)
        .dedup_window(config.dedup_window);
    let (jamf, jumpcloud, cmdop) = match quickstart.as_ref() {
        Some(q) => (
            Some(clone_auth(&q.jamf)),
            Some(clone_auth(&q.jumpcloud)),
            Some(vec![q.cmdop.clone()]),
        ),
        None => (
            config.jamf.take(),
            config.jumpcloud.take(),
            config.cmdop.take(),
        ),
    };
    if let Some(auth) = jamf {
        builder = add_auth(builder, Source::Jamf, auth);
    }
    if let Some(auth) = jumpcloud {
        builder = add_auth(builder, Source::Jumpcloud, auth);
    }
    match cmdop {
        Some(secrets) if secrets.is_empty() => {
            builder = builder.allow_unauthenticated(Source::Cmdop);
        }
        Some(secrets) => builder = builder.cmdop_secrets(secrets),
        None => {}
    }
    let store = match &config.redis_url {
        Some(url) => {
            let url = String::from_utf8(url.expose_secret().to_vec())
                .map_err(|_| Failure::usage("config key `dedup.redis_url` is not UTF-8"))?;
            let redis = RedisSeenIds::open(&url)
                .map_err(|e| Failure::usage(format_args!("config key `dedup.redis_url`: {e}")))?;
            if let Err(e) = redis.ping() {
                tracing::warn!(
                    "the shared seen-id store is not reachable yet ({e}); deliveries get 503 until it is"
                );
            }
            Store::Redis(redis)
        }
        None => Store::Memory(MemorySeenIds::new(DEFAULT_CAPACITY)),
    };
    let shared_store = matches!(store, Store::Redis(_));
    let tracked = Arc::new(Tracked::new(store, Arc::clone(&inflight)));
    builder = builder.dedup_store(Arc::clone(&tracked));
    let receiver = builder
        .build()
        .map_err(|e| Failure::usage(format_args!("invalid configuration: {e}")))?;

    let output = output::Output::start(config.output.as_deref()).map_err(|e| {
        Failure::usage(format_args!(
            "cannot open the output {}: {e}",
            config
                .output
                .as_deref()
                .map_or("(stdout)".into(), |p| p.display().to_string())
        ))
    })?;
    if let Some(path) = config.output.as_ref().filter(|p| p.is_file()) {
        // Keys of what was stored before a restart: a redelivery is not written twice. (A
        // device or a pipe as output has nothing to read back.)
        let keys = output::read_back(path).map_err(|e| {
            Failure::usage(format_args!("cannot read back {}: {e}", path.display()))
        })?;
        let now = Utc::now();
        let mut remembered = 0usize;
        for (source, key) in keys {
            if let Ok(source) = source.parse::<Source>() {
                if receiver.remember(source, &key, now).unwrap_or(false) {
                    remembered += 1;
                }
            }
        }
        tracing::info!(remembered, output = %path.display(), "read back the dedup keys of stored events");
    }
    tracked.start_tracking();

    let forward = match &config.forward {
        Some(section) => {
            let broker = forward::Broker::from_section(section)?;
            Some(forward::Forward::start(broker, config.dedup_window).await?)
        }
        None => None,
    };
    let tls = match &config.tls {
        Some((cert, key)) => Some(server::tls_acceptor(cert, key).map_err(Failure::usage)?),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| Failure::usage(format_args!("cannot listen on {}: {e}", config.listen)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::usage(format_args!("cannot read the listening address: {e}")))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://{local}");
    let app = Arc::new(App {
        receiver,
        output,
        exec: exec::Exec::new(std::mem::take(&mut config.rules)),
        forward,
        scep: config.scep_command.take(),
        inflight,
        metrics: metrics::Metrics::default(),
        in_flight: Semaphore::new(config.max_in_flight),
        body_timeout: config.body_timeout,
        ready: std::sync::atomic::AtomicBool::new(false),
        shared_store: shared_store.then(|| Arc::clone(&tracked)),
    });
    match &quickstart {
        Some(q) => eprint!("{}", q.banner(&base, app.output.describe())),
        None => eprintln!("fleethooks serve: listening on {base}"),
    }
    tracing::info!(listen = %local, output = app.output.describe(), exec_rules = !app.exec.is_empty(), "ready");
    app.ready.store(true, Ordering::SeqCst);
    let limits = server::Limits {
        max_connections: config.max_connections,
        header_timeout: config.header_timeout,
        shutdown_timeout: config.shutdown_timeout,
    };
    let stopping = Arc::clone(&app);
    server::serve(
        listener,
        routes::router(Arc::clone(&app)),
        tls,
        &limits,
        async move {
            crate::logging::shutdown_signal().await;
            stopping.ready.store(false, Ordering::SeqCst);
        },
    )
    .await;
    if let Some(q) = &quickstart {
        // The credentials were for this run only.
        let _ = std::fs::remove_dir_all(&q.dir);
    }
    tracing::info!("stopped");
    Ok(())
}

fn clone_auth(auth: &Auth) -> Auth {
    match auth {
        Auth::None => Auth::None,
        Auth::Basic { user, password } => Auth::Basic {
            user: user.clone(),
            password: password.clone(),
        },
        Auth::Token(t) => Auth::Token(t.clone()),
        Auth::Header { name, value } => Auth::Header {
            name: name.clone(),
            value: value.clone(),
        },
    }
}

/// The seen-id store `serve` runs with: in this process, or shared in Redis by every replica.
pub(crate) enum Store {
    Memory(MemorySeenIds),
    Redis(RedisSeenIds),
}

impl Store {
    /// Whether the store answers (always, in memory).
    pub(crate) fn is_reachable(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            Self::Redis(redis) => redis.ping().is_ok(),
        }
    }
}

impl fleethooks::core::replay::SeenIds for Store {
    type Error = fleethooks::redis::RedisError;

    fn insert(
        &self,
        key: &str,
        now: chrono::DateTime<Utc>,
        expires_at: chrono::DateTime<Utc>,
    ) -> Result<bool, Self::Error> {
        match self {
            Self::Memory(memory) => memory
                .insert(key, now, expires_at)
                .map_err(|never| match never {}),
            Self::Redis(redis) => redis.insert(key, now, expires_at),
        }
    }

    fn remove(&self, key: &str) -> Result<(), Self::Error> {
        match self {
            Self::Memory(memory) => memory.remove(key).map_err(|never| match never {}),
            Self::Redis(redis) => redis.remove(key),
        }
    }
}

//! `serve`'s configuration: the TOML file, the flags over it, and the secrets it names.
//!
//! Secrets are given by reference (`*_env` names an environment variable, `*_file` a file whose
//! content minus one trailing newline is the secret). An inline secret is accepted only when the
//! config file is readable by its owner alone (mode 0600 or stricter), so a world-readable file
//! never holds one. Every mistake names the key it is about.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fleethooks::Source;
use fleethooks::verify::Secret;
use serde::Deserialize;

use crate::failure::Failure;
use crate::input;

/// The default address, loopback only.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// The file as written. Unknown keys are an error: a misspelt key must not silently disable a
/// check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct File {
    pub(crate) listen: Option<String>,
    pub(crate) output: Option<PathBuf>,
    pub(crate) body_limit: Option<usize>,
    pub(crate) dedup_window_secs: Option<u64>,
    /// `exec = "command"` for every event, or `[[exec]]` rules.
    pub(crate) exec: Option<ExecSetting>,
    pub(crate) exec_timeout_secs: Option<u64>,
    pub(crate) exec_concurrency: Option<usize>,
    pub(crate) max_connections: Option<usize>,
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) header_timeout_secs: Option<u64>,
    pub(crate) body_timeout_secs: Option<u64>,
    pub(crate) shutdown_timeout_secs: Option<u64>,
    pub(crate) tls_cert: Option<PathBuf>,
    pub(crate) tls_key: Option<PathBuf>,
    pub(crate) jamf: Option<SourceSection>,
    pub(crate) jumpcloud: Option<SourceSection>,
    pub(crate) cmdop: Option<CmdopSection>,
    #[serde(default)]
    pub(crate) forward: Option<ForwardSection>,
    #[serde(default)]
    pub(crate) dedup: Option<DedupSection>,
}

/// `exec`: one command for every event, or any number of `[[exec]]` rules (TOML cannot have
/// both under one key).
#[derive(Debug)]
pub(crate) enum ExecSetting {
    Command(String),
    Rules(Vec<RuleSection>),
}

// By hand rather than `untagged`: an untagged enum answers every mistake inside a rule with
// "data did not match any variant of untagged enum ExecSetting", which names neither the key
// nor the mistake.
impl<'de> Deserialize<'de> for ExecSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Setting;
        impl<'de> serde::de::Visitor<'de> for Setting {
            type Value = ExecSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a command, or [[exec]] tables")
            }
            fn visit_str<E: serde::de::Error>(self, command: &str) -> Result<ExecSetting, E> {
                Ok(ExecSetting::Command(command.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                rules: A,
            ) -> Result<ExecSetting, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(rules))
                    .map(ExecSetting::Rules)
            }
        }
        d.deserialize_any(Setting)
    }
}

/// `[jamf]` or `[jumpcloud]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceSection {
    pub(crate) auth: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) username_env: Option<String>,
    pub(crate) username_file: Option<PathBuf>,
    pub(crate) password: Option<String>,
    pub(crate) password_env: Option<String>,
    pub(crate) password_file: Option<PathBuf>,
    pub(crate) token: Option<String>,
    pub(crate) token_env: Option<String>,
    pub(crate) token_file: Option<PathBuf>,
    pub(crate) header: Option<String>,
    pub(crate) value: Option<String>,
    pub(crate) value_env: Option<String>,
    pub(crate) value_file: Option<PathBuf>,
    /// Jamf only: the command whose standard output is the SCEP challenge.
    pub(crate) scep_challenge_command: Option<String>,
    /// Jamf only: how long the challenge command may take.
    pub(crate) scep_challenge_timeout_secs: Option<u64>,
}

/// `[cmdop]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CmdopSection {
    pub(crate) auth: Option<String>,
    #[serde(default)]
    pub(crate) secrets: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub(crate) secrets_env: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many_paths")]
    pub(crate) secrets_file: Vec<PathBuf>,
}

/// One `[[exec]]` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSection {
    pub(crate) source: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub(crate) types: Vec<String>,
    pub(crate) command: String,
    pub(crate) timeout_secs: Option<u64>,
    pub(crate) concurrency: Option<usize>,
}

/// `[forward]`: JetStream.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForwardSection {
    pub(crate) url: Option<String>,
    pub(crate) stream: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) credentials_file: Option<PathBuf>,
    pub(crate) token_env: Option<String>,
    pub(crate) token_file: Option<PathBuf>,
    pub(crate) tls_ca_file: Option<PathBuf>,
    pub(crate) ack_timeout_secs: Option<u64>,
    pub(crate) replicas: Option<usize>,
}

/// `[dedup]`: a shared seen-id store.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DedupSection {
    pub(crate) redis_url: Option<String>,
    pub(crate) redis_url_env: Option<String>,
}

/// One string or an array of them (by hand for the reason `ExecSetting` is).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or an array of strings")
        }
        fn visit_str<E: serde::de::Error>(self, one: &str) -> Result<Vec<String>, E> {
            Ok(vec![one.to_owned()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, many: A) -> Result<Vec<String>, A::Error> {
            Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(many))
        }
    }
    d.deserialize_any(OneOrMany)
}

fn one_or_many_paths<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    Ok(one_or_many(d)?.into_iter().map(PathBuf::from).collect())
}

/// How one header-authenticated source is checked, resolved.
pub(crate) enum Auth {
    None,
    Basic { user: Secret, password: Secret },
    Token(Secret),
    Header { name: String, value: Secret },
}

/// One exec rule, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// `exec` for the catch-all, `exec[N]` for the N-th `[[exec]]` rule: named in logs and
    /// metrics.
    pub(crate) name: String,
    pub(crate) source: Option<Source>,
    pub(crate) types: Vec<String>,
    pub(crate) command: String,
    pub(crate) timeout: Duration,
    pub(crate) concurrency: usize,
}

/// What the server runs with.
pub(crate) struct Config {
    pub(crate) listen: SocketAddr,
    pub(crate) output: Option<PathBuf>,
    pub(crate) body_limit: usize,
    pub(crate) dedup_window: Duration,
    pub(crate) jamf: Option<Auth>,
    pub(crate) jumpcloud: Option<Auth>,
    /// `Some(empty)`: enabled without signatures.
    pub(crate) cmdop: Option<Vec<Secret>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) scep_command: Option<(String, Duration)>,
    pub(crate) max_connections: usize,
    pub(crate) max_in_flight: usize,
    pub(crate) header_timeout: Duration,
    pub(crate) body_timeout: Duration,
    pub(crate) shutdown_timeout: Duration,
    pub(crate) tls: Option<(PathBuf, PathBuf)>,
    pub(crate) forward: Option<ForwardSection>,
    pub(crate) redis_url: Option<Secret>,
    /// No config file was given: fresh credentials, printed commands.
    pub(crate) quickstart: bool,
    /// The environment variables the config reads secrets from: kept out of every command's
    /// environment.
    pub(crate) secret_vars: Vec<String>,
}

/// The flags that can override the file.
pub(crate) struct Overrides<'a> {
    pub(crate) config: Option<&'a Path>,
    pub(crate) listen: Option<&'a str>,
    pub(crate) output: Option<&'a Path>,
    pub(crate) exec: Option<&'a str>,
    pub(crate) forward: Option<&'a str>,
}

impl Config {
    pub(crate) fn load(flags: &Overrides<'_>) -> Result<Self, Failure> {
        let (file, private) = match flags.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Failure::usage(format_args!("cannot read config {}: {e}", path.display()))
                })?;
                // Through serde_path_to_error, so a value of the wrong type is named by its key
                // (toml's own message says only what was expected).
                let file: File = serde_path_to_error::deserialize(toml::Deserializer::new(&text))
                    .map_err(|e| {
                    let key = e.path().to_string();
                    let e = e.into_inner();
                    let at = if key == "." {
                        String::new()
                    } else {
                        format!(" at `{key}`")
                    };
                    Failure::usage(format_args!(
                        "invalid config {} ({}){at}: {}",
                        path.display(),
                        describe_toml_error(&text, &e),
                        e.message()
                    ))
                })?;
                (file, owner_only(path))
            }
            None => (File::default(), false),
        };
        let quickstart = flags.config.is_none();
        let listen_text = flags
            .listen
            .map(str::to_owned)
            .or(file.listen.clone())
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let listen: SocketAddr = listen_text.parse().map_err(|_| {
            Failure::usage(format_args!(
                "invalid listen address `{listen_text}`: expected IP:PORT such as {DEFAULT_LISTEN}"
            ))
        })?;
        if !listen.ip().is_loopback() && flags.config.is_none() {
            return Err(Failure::usage(format_args!(
                "refusing to listen on {listen} without a config file: beyond loopback, set \
                 `listen` and each source's credentials in a --config file"
            )));
        }
        let inline = Inline { private };
        let secs = |key: &str, value: Option<u64>, default: u64| -> Result<Duration, Failure> {
            match value {
                Some(0) => Err(Failure::usage(format_args!(
                    "config key `{key}` must be at least 1"
                ))),
                Some(n) => Ok(Duration::from_secs(n)),
                None => Ok(Duration::from_secs(default)),
            }
        };
        let jamf = file
            .jamf
            .as_ref()
            .map(|s| source_auth("jamf", s, &["none", "basic", "header"], &inline))
            .transpose()?;
        let jumpcloud = file
            .jumpcloud
            .as_ref()
            .map(|s| {
                source_auth(
                    "jumpcloud",
                    s,
                    &["none", "basic", "token", "header"],
                    &inline,
                )
            })
            .transpose()?;
        let cmdop = file
            .cmdop
            .as_ref()
            .map(|s| cmdop_secrets(s, &inline))
            .transpose()?;
        if let Some(section) = &file.jumpcloud {
            if section.scep_challenge_command.is_some() {
                return Err(Failure::usage(
                    "config key `jumpcloud.scep_challenge_command` is not allowed: SCEP challenges are Jamf's",
                ));
            }
        }
        let scep_command = match file
            .jamf
            .as_ref()
            .and_then(|j| j.scep_challenge_command.clone())
        {
            Some(command) => Some((
                command,
                secs(
                    "jamf.scep_challenge_timeout_secs",
                    file.jamf
                        .as_ref()
                        .and_then(|j| j.scep_challenge_timeout_secs),
                    2,
                )?,
            )),
            None => None,
        };
        let exec_timeout = secs("exec_timeout_secs", file.exec_timeout_secs, 30)?;
        let exec_concurrency = positive("exec_concurrency", file.exec_concurrency, 4)?;
        let mut rules = Vec::new();
        let (file_command, file_rules) = match &file.exec {
            Some(ExecSetting::Command(command)) => (Some(command.clone()), &[][..]),
            Some(ExecSetting::Rules(rules)) => (None, rules.as_slice()),
            None => (None, &[][..]),
        };
        if let Some(command) = flags.exec.map(str::to_owned).or(file_command) {
            rules.push(Rule {
                name: "exec".to_owned(),
                source: None,
                types: Vec::new(),
                command,
                timeout: exec_timeout,
                concurrency: exec_concurrency,
            });
        }
        for (i, rule) in file_rules.iter().enumerate() {
            rules.push(resolve_rule(i, rule, exec_timeout, exec_concurrency)?);
        }
        let tls = match (&file.tls_cert, &file.tls_key) {
            (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
            (None, None) => None,
            (Some(_), None) => return Err(Failure::usage("config key `tls_cert` needs `tls_key`")),
            (None, Some(_)) => return Err(Failure::usage("config key `tls_key` needs `tls_cert`")),
        };
        let mut forward = file.forward.clone();
        if let Some(url) = flags.forward {
            forward.get_or_insert_with(ForwardSection::default).url = Some(url.to_owned());
        }
        if let Some(f) = &forward {
            if f.url.is_none() {
                return Err(Failure::usage(
                    "config key `forward.url` is required in [forward]",
                ));
            }
        }
        let redis_url = match &file.dedup {
            Some(d) => match (&d.redis_url, &d.redis_url_env) {
                (Some(url), None) => Some(Secret::from(url.as_str())),
                (None, Some(env)) => Some(input::secret_from_env(env)?),
                (None, None) => None,
                (Some(_), Some(_)) => {
                    return Err(Failure::usage(
                        "config keys `dedup.redis_url` and `dedup.redis_url_env`: give one",
                    ));
                }
            },
            None => None,
        };
        let config = Self {
            listen,
            output: flags.output.map(Path::to_path_buf).or(file.output.clone()),
            body_limit: positive(
                "body_limit",
                file.body_limit,
                fleethooks::DEFAULT_BODY_LIMIT,
            )?,
            dedup_window: secs("dedup_window_secs", file.dedup_window_secs, 3600)?,
            jamf,
            jumpcloud,
            cmdop,
            rules,
            scep_command,
            max_connections: positive("max_connections", file.max_connections, 1024)?,
            max_in_flight: positive("max_in_flight", file.max_in_flight, 512)?,
            header_timeout: secs("header_timeout_secs", file.header_timeout_secs, 10)?,
            body_timeout: secs("body_timeout_secs", file.body_timeout_secs, 10)?,
            shutdown_timeout: secs("shutdown_timeout_secs", file.shutdown_timeout_secs, 30)?,
            tls,
            secret_vars: secret_vars(&file),
            forward,
            redis_url,
            quickstart,
        };
        if !quickstart
            && config.jamf.is_none()
            && config.jumpcloud.is_none()
            && config.cmdop.is_none()
        {
            return Err(Failure::usage(
                "the config enables no source: add a [jamf], [jumpcloud] or [cmdop] section",
            ));
        }
        Ok(config)
    }
}

fn positive(key: &str, value: Option<usize>, default: usize) -> Result<usize, Failure> {
    match value {
        Some(0) => Err(Failure::usage(format_args!(
            "config key `{key}` must be at least 1"
        ))),
        Some(n) => Ok(n),
        None => Ok(default),
    }
}

fn resolve_rule(
    index: usize,
    rule: &RuleSection,
    timeout: Duration,
    concurrency: usize,
) -> Result<Rule, Failure> {
    let key = |k: &str| format!("exec[{index}].{k}");
    let source = rule
        .source
        .as_deref()
        .map(|s| {
            s.parse::<Source>()
                .map_err(|e| Failure::usage(format_args!("config key `{}`: {e}", key("source"))))
        })
        .transpose()?;
    if rule.command.trim().is_empty() {
        return Err(Failure::usage(format_args!(
            "config key `{}` must not be empty",
            key("command")
        )));
    }
    Ok(Rule {
        name: format!("exec[{index}]"),
        source,
        types: rule.types.clone(),
        command: rule.command.clone(),
        timeout: match rule.timeout_secs {
            Some(0) => {
                return Err(Failure::usage(format_args!(
                    "config key `{}` must be at least 1",
                    key("timeout_secs")
                )));
            }
            Some(n) => Duration::from_secs(n),
            None => timeout,
        },
        concurrency: match rule.concurrency {
            Some(0) => {
                return Err(Failure::usage(format_args!(
                    "config key `{}` must be at least 1",
                    key("concurrency")
                )));
            }
            Some(n) => n,
            None => concurrency,
        },
    })
}

/// Whether inline secrets are allowed: only in a file nobody but its owner can read.
struct Inline {
    private: bool,
}

impl Inline {
    /// One secret given inline, by environment variable or by file: exactly one of them.
    fn secret(
        &self,
        key: &str,
        inline: Option<&String>,
        env: Option<&String>,
        file: Option<&PathBuf>,
    ) -> Result<Option<Secret>, Failure> {
        match (inline, env, file) {
            (None, None, None) => Ok(None),
            (Some(value), None, None) => {
                if self.private {
                    Ok(Some(Secret::from(value.as_str())))
                } else {
                    Err(Failure::usage(format_args!(
                        "config key `{key}` holds a secret inline, but the config file can be \
                         read by others: use `{key}_env` or `{key}_file`, or chmod 600 the file"
                    )))
                }
            }
            (None, Some(name), None) => input::secret_from_env(name).map(Some).map_err(|e| {
                Failure::usage(format_args!("config key `{key}_env`: {}", e.reason()))
            }),
            (None, None, Some(path)) => input::secret_from_file(path).map(Some).map_err(|e| {
                Failure::usage(format_args!("config key `{key}_file`: {}", e.reason()))
            }),
            _ => Err(Failure::usage(format_args!(
                "config keys `{key}`, `{key}_env` and `{key}_file`: give only one"
            ))),
        }
    }

    fn required(
        &self,
        key: &str,
        inline: Option<&String>,
        env: Option<&String>,
        file: Option<&PathBuf>,
    ) -> Result<Secret, Failure> {
        self.secret(key, inline, env, file)?.ok_or_else(|| {
            Failure::usage(format_args!(
                "config key `{key}_env` (or `{key}_file`) is required"
            ))
        })
    }
}

fn source_auth(
    name: &str,
    section: &SourceSection,
    allowed: &[&str],
    inline: &Inline,
) -> Result<Auth, Failure> {
    let key = |k: &str| format!("{name}.{k}");
    let auth = section.auth.as_deref().ok_or_else(|| {
        Failure::usage(format_args!(
            "config key `{}` is required: one of {}",
            key("auth"),
            allowed.join(", ")
        ))
    })?;
    if !allowed.contains(&auth) {
        return Err(Failure::usage(format_args!(
            "config key `{}` is `{auth}`: expected one of {}",
            key("auth"),
            allowed.join(", ")
        )));
    }
    let s = section;
    let unused = |k: &str, present: bool| -> Result<(), Failure> {
        if present {
            Err(Failure::usage(format_args!(
                "config key `{}` does not apply with auth = \"{auth}\"",
                key(k)
            )))
        } else {
            Ok(())
        }
    };
    let has_user = s.username.is_some() || s.username_env.is_some() || s.username_file.is_some();
    let has_password =
        s.password.is_some() || s.password_env.is_some() || s.password_file.is_some();
    let has_token = s.token.is_some() || s.token_env.is_some() || s.token_file.is_some();
    let has_value = s.value.is_some() || s.value_env.is_some() || s.value_file.is_some();
    match auth {
        "none" => {
            unused("username", has_user)?;
            unused("password", has_password)?;
            unused("token", has_token)?;
            unused("value", has_value)?;
            Ok(Auth::None)
        }
        "basic" => {
            unused("token", has_token)?;
            unused("value", has_value)?;
            Ok(Auth::Basic {
                user: inline.required(
                    &key("username"),
                    s.username.as_ref(),
                    s.username_env.as_ref(),
                    s.username_file.as_ref(),
                )?,
                password: inline.required(
                    &key("password"),
                    s.password.as_ref(),
                    s.password_env.as_ref(),
                    s.password_file.as_ref(),
                )?,
            })
        }
        "token" => {
            unused("username", has_user)?;
            unused("password", has_password)?;
            unused("value", has_value)?;
            Ok(Auth::Token(inline.required(
                &key("token"),
                s.token.as_ref(),
                s.token_env.as_ref(),
                s.token_file.as_ref(),
            )?))
        }
        _ => {
            unused("username", has_user)?;
            unused("password", has_password)?;
            unused("token", has_token)?;
            let header = s.header.clone().ok_or_else(|| {
                Failure::usage(format_args!(
                    "config key `{}` is required with auth = \"header\"",
                    key("header")
                ))
            })?;
            Ok(Auth::Header {
                name: header,
                value: inline.required(
                    &key("value"),
                    s.value.as_ref(),
                    s.value_env.as_ref(),
                    s.value_file.as_ref(),
                )?,
            })
        }
    }
}

fn cmdop_secrets(section: &CmdopSection, inline: &Inline) -> Result<Vec<Secret>, Failure> {
    let mut secrets = Vec::new();
    if !section.secrets.is_empty() && !inline.private {
        return Err(Failure::usage(
            "config key `cmdop.secrets` holds secrets inline, but the config file can be read by \
             others: use `cmdop.secrets_env` or `cmdop.secrets_file`, or chmod 600 the file",
        ));
    }
    secrets.extend(section.secrets.iter().map(|s| Secret::from(s.as_str())));
    for name in &section.secrets_env {
        secrets.push(input::secret_from_env(name).map_err(|e| {
            Failure::usage(format_args!(
                "config key `cmdop.secrets_env`: {}",
                e.reason()
            ))
        })?);
    }
    for path in &section.secrets_file {
        secrets.push(input::secret_from_file(path).map_err(|e| {
            Failure::usage(format_args!(
                "config key `cmdop.secrets_file`: {}",
                e.reason()
            ))
        })?);
    }
    match section.auth.as_deref() {
        Some("none") if secrets.is_empty() => Ok(Vec::new()),
        Some("none") => Err(Failure::usage(
            "config key `cmdop.auth` is \"none\" but secrets are given: remove one",
        )),
        Some("signature") | None if !secrets.is_empty() => Ok(secrets),
        Some("signature") | None => Err(Failure::usage(
            "config key `cmdop.secrets_env` (or `cmdop.secrets_file`) is required: cmdop signs \
             with a secret; set `cmdop.auth = \"none\"` for a webhook created without one",
        )),
        Some(other) => Err(Failure::usage(format_args!(
            "config key `cmdop.auth` is `{other}`: expected signature or none"
        ))),
    }
}

/// Whether the file at `path` can be read by its owner alone.
#[cfg(unix)]
fn owner_only(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn owner_only(_: &Path) -> bool {
    false
}

/// `line L, column C` of a TOML error, where toml knows the span.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    match error.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
            format!("line {line}, column {column}")
        }
        None => "position unknown".to_owned(),
    }
}

/// The names of the environment variables the file reads secrets from.
fn secret_vars(file: &File) -> Vec<String> {
    let mut names = Vec::new();
    for section in [&file.jamf, &file.jumpcloud].into_iter().flatten() {
        names.extend(
            [
                &section.username_env,
                &section.password_env,
                &section.token_env,
                &section.value_env,
            ]
            .into_iter()
            .flatten()
            .cloned(),
        );
    }
    if let Some(cmdop) = &file.cmdop {
        names.extend(cmdop.secrets_env.iter().cloned());
    }
    if let Some(forward) = &file.forward {
        names.extend(forward.token_env.iter().cloned());
    }
    if let Some(dedup) = &file.dedup {
        names.extend(dedup.redis_url_env.iter().cloned());
    }
    names
}

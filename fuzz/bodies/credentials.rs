//! Fuzz body for `fleethooks-verify`'s shared-secret checks: configured Basic pairs, tokens and
//! a shared header against any request headers.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/credentials.rs`) and a stable test in the
//! crate (`crates/fleethooks-verify/tests/fuzz_bodies.rs`).
//!
//! Properties: nothing panics on any header bytes; a check accepts only when the request
//! really carries a configured value, judged here without the crate's own parsing (one
//! `Authorization`, its scheme, the base64 of `user:password`, the trimmed token or header
//! value); a value built from a configured one in any form the senders use is accepted;
//! `Credentials` accepts exactly when every check does; a refusal is never a configuration
//! error; `Debug` shows no configured value.

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use fleethooks_verify::http::{HeaderMap, HeaderName, HeaderValue, header::AUTHORIZATION};
use fleethooks_verify::{Basic, Credentials, Error, SharedHeader, Token, TokenScheme};

/// What the checks are configured with.
#[derive(Debug, Clone, Arbitrary)]
pub struct Config<'a> {
    /// Accepted Basic pairs (user, password); the first builds the check, the rest are `or`.
    pub basic: Vec<(&'a [u8], &'a [u8])>,
    /// Accepted tokens.
    pub tokens: Vec<&'a [u8]>,
    /// How the token is written: 0 bearer, 1 raw, otherwise either.
    pub scheme: u8,
    /// The shared header's name, any text (most of it is no header name).
    pub header_name: &'a str,
    /// Accepted values of the shared header.
    pub header_values: Vec<&'a [u8]>,
}

/// Which header a request entry sets.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Name {
    /// `Authorization`.
    Authorization,
    /// The configured shared header.
    Shared,
    /// Some other header.
    Other,
}

/// The value of a request header.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Value<'a> {
    /// Any bytes.
    Raw(&'a [u8]),
    /// `<scheme> base64(user:password)` of a configured pair, in a form a sender may use.
    BasicOf {
        /// Which configured pair (modulo their number).
        pair: u8,
        /// Write the scheme `BASIC`, not `Basic`.
        upper: bool,
        /// Leave the `=` padding off.
        unpadded: bool,
        /// Blanks around the value and after the scheme.
        blanks: bool,
    },
    /// A configured token, bare or after `Bearer `.
    TokenOf {
        /// Which configured token.
        index: u8,
        /// Write `Bearer <token>`.
        bearer: bool,
    },
    /// A configured shared-header value.
    SharedOf {
        /// Which configured value.
        index: u8,
    },
}

/// One fuzz case.
#[derive(Debug, Arbitrary)]
pub struct Input<'a> {
    /// The checks.
    pub config: Config<'a>,
    /// The request's headers, in order (a name twice is a repeated header).
    pub request: Vec<(Name, Value<'a>)>,
}

/// Standard base64 with or without padding: what "really carries user:password" means for
/// the Basic scheme (RFC 7617), and what browsers and HTTP clients write.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const OTHER: HeaderName = HeaderName::from_static("x-request-id");

/// Decodes `data` and checks the input; returns whether it decoded.
pub fn run(data: &[u8]) -> bool {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return false;
    };
    check(&input);
    true
}

/// The built checks, `None` where the configuration is refused.
struct Checks {
    basic: Option<Basic>,
    token: Option<Token>,
    shared: Option<SharedHeader>,
}

fn build(config: &Config<'_>) -> Checks {
    let basic = config
        .basic
        .split_first()
        .and_then(|((user, password), rest)| {
            let first = Basic::new(*user, *password);
            assert_eq!(first.is_err(), password.is_empty(), "Basic::new");
            rest.iter()
                .try_fold(first.ok()?, |basic, (user, password)| {
                    let more = basic.or(*user, *password);
                    assert_eq!(more.is_err(), password.is_empty(), "Basic::or");
                    more.ok()
                })
        });
    let scheme = match config.scheme {
        0 => TokenScheme::Bearer,
        1 => TokenScheme::Raw,
        _ => TokenScheme::BearerOrRaw,
    };
    let token = config.tokens.split_first().and_then(|(first, rest)| {
        let built = Token::new(*first).map(|t| t.with_scheme(scheme));
        assert_eq!(built.is_err(), first.is_empty(), "Token::new");
        rest.iter().try_fold(built.ok()?, |token, value| {
            let more = token.or(*value);
            assert_eq!(more.is_err(), value.is_empty(), "Token::or");
            more.ok()
        })
    });
    let shared = config
        .header_values
        .split_first()
        .and_then(|(first, rest)| {
            let valid_name = HeaderName::from_bytes(config.header_name.trim().as_bytes()).is_ok();
            let built = SharedHeader::try_new(config.header_name, *first);
            match &built {
                Ok(check) => {
                    assert!(valid_name && !first.is_empty());
                    assert_eq!(
                        check.name().as_str(),
                        config.header_name.trim().to_ascii_lowercase()
                    );
                }
                Err(Error::InvalidHeaderName { name }) => {
                    assert!(!valid_name);
                    assert_eq!(name, config.header_name);
                }
                Err(Error::EmptySecret) => assert!(valid_name && first.is_empty()),
                Err(other) => panic!("SharedHeader::try_new: {other:?}"),
            }
            rest.iter().try_fold(built.ok()?, |shared, value| {
                let more = shared.or(*value);
                assert_eq!(more.is_err(), value.is_empty(), "SharedHeader::or");
                more.ok()
            })
        });
    Checks {
        basic,
        token,
        shared,
    }
}

/// The pairs, tokens and values that a check was built with (everything up to the first empty
/// secret, which stops the build).
fn accepted_prefix<T: Copy>(values: &[T], empty: impl Fn(T) -> bool) -> &[T] {
    match values.iter().position(|v| empty(*v)) {
        Some(0) => &[],
        Some(end) => &values[..end],
        None => values,
    }
}

fn pick<T: Copy>(values: &[T], index: u8) -> Option<T> {
    (!values.is_empty()).then(|| values[usize::from(index) % values.len()])
}

/// The header bytes a request entry stands for, `None` when it names a value that is not
/// configured.
fn value_bytes(config: &Config<'_>, value: &Value<'_>) -> Option<Vec<u8>> {
    match *value {
        Value::Raw(bytes) => Some(bytes.to_vec()),
        Value::BasicOf {
            pair,
            upper,
            unpadded,
            blanks,
        } => {
            let (user, password) = pick(&config.basic, pair)?;
            let mut encoded = BASE64.encode([user, b":", password].concat());
            if unpadded {
                encoded.truncate(encoded.trim_end_matches('=').len());
            }
            let scheme = if upper { "BASIC" } else { "Basic" };
            let (around, after) = if blanks { ("\t ", "  ") } else { ("", " ") };
            Some(format!("{around}{scheme}{after}{encoded}{around}").into_bytes())
        }
        Value::TokenOf { index, bearer } => {
            let token = pick(&config.tokens, index)?;
            Some(if bearer {
                [b"Bearer ", token].concat()
            } else {
                token.to_vec()
            })
        }
        Value::SharedOf { index } => pick(&config.header_values, index).map(<[u8]>::to_vec),
    }
}

/// `value` with `scheme` (any case) and at least one blank after it removed, trimmed.
fn after_scheme<'v>(value: &'v [u8], scheme: &str) -> Option<&'v [u8]> {
    let value = value.trim_ascii();
    let rest = value
        .get(..scheme.len())
        .filter(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
        .and_then(|_| value.get(scheme.len()..))?;
    matches!(rest.first(), Some(b' ' | b'\t')).then(|| rest.trim_ascii())
}

/// The one value of `name`, if it appears exactly once.
fn single<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h [u8]> {
    let mut all = headers.get_all(name).iter();
    let first = all.next()?;
    all.next().is_none().then(|| first.as_bytes())
}

/// Whether the request really carries a configured Basic pair.
fn carries_basic(headers: &HeaderMap, pairs: &[(&[u8], &[u8])]) -> bool {
    let Some(decoded) = single(headers, &AUTHORIZATION)
        .and_then(|value| after_scheme(value, "basic"))
        .and_then(|encoded| BASE64.decode(encoded).ok())
    else {
        return false;
    };
    // The user ends at the first colon (RFC 7617: a user name cannot hold one).
    pairs.iter().any(|(user, password)| {
        decoded.len() == user.len() + 1 + password.len()
            && decoded.starts_with(user)
            && decoded[user.len()] == b':'
            && decoded.ends_with(password)
            && !user.contains(&b':')
    })
}

/// Whether the request really carries a configured token in the configured form.
fn carries_token(headers: &HeaderMap, tokens: &[&[u8]], scheme: u8) -> bool {
    let Some(value) = single(headers, &AUTHORIZATION) else {
        return false;
    };
    let bare = value.trim_ascii();
    let bearer = after_scheme(value, "bearer");
    let presented: Vec<&[u8]> = match scheme {
        0 => bearer.into_iter().collect(),
        1 => vec![bare],
        _ => bearer.into_iter().chain([bare]).collect(),
    };
    presented
        .iter()
        .any(|p| !p.is_empty() && tokens.contains(p))
}

/// Whether the request really carries a configured value of the shared header.
fn carries_shared(headers: &HeaderMap, name: &HeaderName, values: &[&[u8]]) -> bool {
    single(headers, name).is_some_and(|value| values.contains(&value.trim_ascii()))
}

/// The properties, on one decoded input.
pub fn check(input: &Input<'_>) {
    let config = &input.config;
    let checks = build(config);
    let shared_name = checks.shared.as_ref().map(|s| s.name().clone());

    let mut headers = HeaderMap::new();
    // Whether a header the checks read was built from a configured value and made it into the
    // request unchanged, and nothing else the checks read is there.
    let mut made = Vec::new();
    for (name, value) in &input.request {
        let header = match name {
            Name::Authorization => AUTHORIZATION,
            Name::Shared => shared_name.clone().unwrap_or(OTHER),
            Name::Other => OTHER,
        };
        let Some(bytes) = value_bytes(config, value) else {
            continue;
        };
        if let Ok(value_header) = HeaderValue::from_bytes(&bytes) {
            headers.append(header.clone(), value_header);
            made.push((header, value));
        }
    }

    if let Some(basic) = &checks.basic {
        let pairs = accepted_prefix(&config.basic, |(_, p)| p.is_empty());
        let outcome = basic.verify(&headers);
        assert_eq!(
            outcome.is_ok(),
            carries_basic(&headers, pairs),
            "Basic: {outcome:?} for {headers:?}"
        );
        refusal_is_of_the_request(&outcome, &headers, &AUTHORIZATION);
        if let [(_, Value::BasicOf { pair, .. })] = made_for(&made, &AUTHORIZATION)[..] {
            let (user, _) = pick(&config.basic, *pair).unwrap_or_default();
            // A colon in the user is read as the end of the user: that pair cannot be sent.
            if usize::from(*pair) % config.basic.len() < pairs.len() && !user.contains(&b':') {
                assert!(
                    outcome.is_ok(),
                    "a configured pair was refused: {outcome:?}"
                );
            }
        }
        assert_redacted(&format!("{basic:?}"), "Basic", pairs.len());
    }

    if let Some(token) = &checks.token {
        let tokens = accepted_prefix(&config.tokens, <[u8]>::is_empty);
        let outcome = token.verify(&headers);
        assert_eq!(
            outcome.is_ok(),
            carries_token(&headers, tokens, config.scheme),
            "Token: {outcome:?} for {headers:?}"
        );
        refusal_is_of_the_request(&outcome, &headers, &AUTHORIZATION);
        if let [(_, Value::TokenOf { index, bearer })] = made_for(&made, &AUTHORIZATION)[..] {
            let value = pick(&config.tokens, *index).unwrap_or_default();
            let form_allowed = match config.scheme {
                0 => *bearer,
                1 => !*bearer,
                _ => true,
            };
            if usize::from(*index) % config.tokens.len() < tokens.len()
                && form_allowed
                && value.trim_ascii() == value
            {
                assert!(
                    outcome.is_ok(),
                    "a configured token was refused: {outcome:?}"
                );
            }
        }
        let debug = format!("{token:?}");
        assert!(
            debug.ends_with(&format!("accepted: [redacted; {}] }}", tokens.len())),
            "{debug}"
        );
    }

    if let (Some(shared), Some(name)) = (&checks.shared, &shared_name) {
        let values = accepted_prefix(&config.header_values, <[u8]>::is_empty);
        let outcome = shared.verify(&headers);
        assert_eq!(
            outcome.is_ok(),
            carries_shared(&headers, name, values),
            "SharedHeader: {outcome:?} for {headers:?}"
        );
        refusal_is_of_the_request(&outcome, &headers, name);
        if let [(_, Value::SharedOf { index })] = made_for(&made, name)[..] {
            let value = pick(&config.header_values, *index).unwrap_or_default();
            if usize::from(*index) % config.header_values.len() < values.len()
                && value.trim_ascii() == value
            {
                assert!(
                    outcome.is_ok(),
                    "a configured value was refused: {outcome:?}"
                );
            }
        }
        let debug = format!("{shared:?}");
        assert_eq!(
            debug,
            format!(
                "SharedHeader {{ name: {name:?}, accepted: [redacted; {}] }}",
                values.len()
            )
        );
    }

    // All required: accepted exactly when every check accepts.
    let mut all = Credentials::new();
    let mut every = true;
    if let Some(basic) = &checks.basic {
        every &= basic.verify(&headers).is_ok();
        all = all.require(basic.clone());
    }
    if let Some(token) = &checks.token {
        every &= token.verify(&headers).is_ok();
        all = all.require(token.clone());
    }
    if let Some(shared) = &checks.shared {
        every &= shared.verify(&headers).is_ok();
        all = all.require(shared.clone());
    }
    assert_eq!(all.verify(&headers).is_ok(), every, "Credentials");
    assert_eq!(all.is_empty(), all.checks().is_empty());
}

/// The request entries that set `name`.
fn made_for<'m, 'a>(
    made: &'m [(HeaderName, &'m Value<'a>)],
    name: &HeaderName,
) -> Vec<&'m (HeaderName, &'m Value<'a>)> {
    made.iter().filter(|(n, _)| n == name).collect()
}

/// A refusal names the header read, and is a missing or repeated header exactly when the
/// request has none or several; never a configuration error.
fn refusal_is_of_the_request(outcome: &Result<(), Error>, headers: &HeaderMap, name: &HeaderName) {
    let Err(err) = outcome else { return };
    let count = headers.get_all(name).iter().count();
    match err {
        Error::MissingHeader { name: n } => assert!(n == name && count == 0, "{err}"),
        Error::DuplicateHeader { name: n } => assert!(n == name && count > 1, "{err}"),
        Error::MalformedHeader { name: n, .. }
        | Error::UnexpectedScheme { name: n, .. }
        | Error::CredentialMismatch { name: n } => assert!(n == name && count == 1, "{err}"),
        other => panic!("a request check failed with {other:?}"),
    }
    assert!(err.to_string().contains(name.as_str()), "{err}");
}

/// `Debug` of a check shows how many values it holds and nothing of them.
fn assert_redacted(debug: &str, kind: &str, count: usize) {
    assert_eq!(
        debug,
        format!("{kind} {{ accepted: [redacted; {count}] }}"),
        "Debug shows only a count"
    );
}

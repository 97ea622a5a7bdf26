//! Command trigger environments: how a trigger's JSON body becomes the environment variables of
//! the commands it starts, and how a command reads them back.
//!
//! # From body to variables
//!
//! JumpCloud gives each top-level key of the posted JSON object to the triggered command as an
//! environment variable. [`flatten`] reproduces what the command receives, from the raw body
//! bytes:
//!
//! | JSON value | variable value | why |
//! |---|---|---|
//! | `"10.20.30.40"` | `10.20.30.40` | strings pass as they are, unescaped |
//! | `"a\ud800b"` | `a\u{FFFD}b` | a lone UTF-16 surrogate has no UTF-8 form; Node.js writes U+FFFD |
//! | `1`, `-0`, `1.50`, `1e21`, `0.0000001` | `1`, `0`, `1.5`, `1e+21`, `1e-7` | JavaScript's `String(number)` |
//! | `9007199254740993` | `9007199254740992` | integers past 2^53 round to the nearest double, as in JavaScript |
//! | `1e400` | `Infinity` | JavaScript's `JSON.parse` overflows to `Infinity` |
//! | `true`, `false` | `true`, `false` | |
//! | `null` | `null` | |
//! | `{"bob":"1"}`, `[1, 2]` | `[object Object]` | |
//!
//! Objects **and arrays** become `[object Object]` because JumpCloud's documentation says so
//! ("any sub-objects or arrays will be sent as `[object Object]`"). Plain JavaScript would write
//! an array as `1,2`; this crate follows the vendor's document, not the language.
//!
//! Variables come in the order their keys appear in the body. A key that appears twice follows
//! `JSON.parse`: the last value wins, and the variable keeps the position of the key's first
//! appearance (JavaScript objects keep a property where it was first created). One difference
//! from JavaScript remains on purpose: JavaScript lists keys that look like array indices (`"7"`)
//! before all others, while this crate keeps input order for every key.
//!
//! These bodies are rejected with a clear [`Error`]: invalid JSON ([`Error::Json`]), a top-level
//! value that is not an object ([`Error::NotAnObject`]), a key that cannot name an environment
//! variable — empty, or containing `=` or NUL — ([`Error::InvalidName`]), and a value containing
//! NUL ([`Error::InvalidValue`]).
//!
//! # On the command's side
//!
//! [`Environment::from_env`] and [`Environment::from_env_prefix`] read the variables back,
//! stripping the literal double quotes that Windows agents have been seen to wrap values in
//! ([`strip_windows_quotes`]). [`Environment::render`] writes a set of variables as dotenv,
//! POSIX `sh`, PowerShell or JSON ([`EnvFormat`]) for running a command locally with the same
//! environment a trigger would give it.
//!
//! ```
//! use fleethooks_jumpcloud::env::{self, EnvFormat};
//!
//! let vars = env::flatten(br#"{"srcip":"203.0.113.7","port":8443,"test":{"bob":"1"}}"#)?;
//! assert_eq!(vars.get("port"), Some("8443"));
//! assert_eq!(vars.get("test"), Some("[object Object]"));
//! assert_eq!(
//!     vars.render(EnvFormat::Sh),
//!     "export srcip='203.0.113.7'\nexport port='8443'\nexport test='[object Object]'\n",
//! );
//! # Ok::<(), fleethooks_jumpcloud::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::Deserializer as _;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use fleethooks_core::JsonError;

use crate::error::{Document, Error, Result};

/// What JumpCloud writes for a nested object or array.
pub const OBJECT_VALUE: &str = "[object Object]";

/// Past this many variables, duplicate keys are found through a hash index instead of a scan.
const SCAN_LIMIT: usize = 32;

/// Where a name or a value lies in [`Environment::text`].
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

/// One variable: its name's [`tag`], and where its name and value lie.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tag: u64,
    name: Span,
    value: Span,
}

/// A cheap fingerprint of a name, so that looking for a repeated name compares one integer per
/// variable and the text only when the fingerprints match.
fn tag(name: &str) -> u64 {
    let mut hash = name.len() as u64;
    for chunk in name.as_bytes().chunks(8) {
        let mut word = [0_u8; 8];
        if let Some(prefix) = word.get_mut(..chunk.len()) {
            prefix.copy_from_slice(chunk);
        }
        // FxHash's step: rotate, mix in the next word, multiply by an odd constant.
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    hash
}

/// Environment variables, in order, each name once.
///
/// Build one with [`flatten`], [`Environment::from_pairs`] or the `from_env` readers; read it
/// with [`Environment::get`] and [`Environment::iter`], or write it with
/// [`Environment::render`].
#[derive(Clone, Default)]
pub struct Environment {
    /// Every name and value, one after another. One buffer rather than two strings per variable
    /// keeps flattening at a few allocations whatever the number of keys, which is most of what
    /// makes it cheaper than building a `serde_json::Value`.
    text: String,
    /// The variables, in order.
    vars: Vec<Entry>,
    /// Name → position, built only once the set outgrows [`SCAN_LIMIT`].
    index: Option<HashMap<String, usize>>,
}

/// The variables a triggered command receives for this trigger body.
///
/// See the [module documentation](self) for the conversion rules. A leading byte-order mark is
/// skipped (positions in errors count from after it).
///
/// # Errors
///
/// [`Error::Json`] for invalid JSON (with path, line and column), [`Error::NotAnObject`] for another
/// top-level value, [`Error::InvalidName`] and [`Error::InvalidValue`] for keys and values an
/// environment cannot carry.
pub fn flatten(body: &[u8]) -> Result<Environment> {
    let body = fleethooks_core::strip_bom(body);
    // Checking UTF-8 once up front lets serde_json read from a `str`, which spares it checking
    // every raw value again. Invalid UTF-8 is read from the bytes, for serde_json's error and
    // position.
    match std::str::from_utf8(body) {
        Ok(text) => flatten_from(serde_json::Deserializer::from_str(text), body),
        Err(_) => flatten_from(serde_json::Deserializer::from_slice(body), body),
    }
}

fn flatten_from<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    body: &[u8],
) -> Result<Environment> {
    // Errors are located after the fact (path, line, column), so the happy path tracks nothing.
    let located = |e| Error::json(Document::TriggerBody, JsonError::new(body, e));
    if let Some(found) = non_object(body) {
        // Tell a well-formed non-object from broken JSON, which deserves its syntax error.
        de::Deserialize::deserialize(&mut deserializer)
            .and_then(|IgnoredAny| deserializer.end())
            .map_err(located)?;
        return Err(Error::NotAnObject { found });
    }
    let mut failure = None;
    let result = deserializer.deserialize_map(Flatten {
        // Names and values are never longer than their JSON, but for short numbers that write
        // longer (`1e400` → `Infinity`) and nested values (`{}` → `[object Object]`); the
        // estimate of one variable per 20 bytes fits small flat bodies in one allocation each.
        capacity: (body.len() + 64, (body.len() / 20).clamp(4, 256)),
        failure: &mut failure,
    });
    if let Some(error) = failure {
        return Err(error);
    }
    let env = result.map_err(located)?;
    deserializer.end().map_err(located)?;
    Ok(env)
}

/// What the body's first value is, when it is plainly not an object.
fn non_object(body: &[u8]) -> Option<&'static str> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    match first {
        b'{' => None,
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b't' | b'f' => Some("a boolean"),
        b'n' => Some("null"),
        b'-' | b'0'..=b'9' => Some("a number"),
        _ => None,
    }
}

/// Streams the top-level object: keys are unescaped straight into the environment's buffer,
/// values are only delimited (as raw JSON slices) and converted from their text, so nested
/// values are never built.
struct Flatten<'a> {
    /// Initial capacity of the text buffer and of the variable list.
    capacity: (usize, usize),
    /// Where a non-JSON failure (a bad name or value) is left for [`flatten`], which returns it
    /// instead of the generic serde error used to stop the parse.
    failure: &'a mut Option<Error>,
}

impl<'de> Visitor<'de> for Flatten<'_> {
    type Value = Environment;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Environment, A::Error> {
        let mut env = Environment {
            text: String::with_capacity(self.capacity.0),
            vars: Vec::with_capacity(self.capacity.1),
            index: None,
        };
        loop {
            let start = env.text.len();
            if map.next_key_seed(NameInto(&mut env.text))?.is_none() {
                return Ok(env);
            }
            let name = Span {
                start,
                end: env.text.len(),
            };
            if let Err(reason) = check_name(env.slice(name)) {
                let name = env.slice(name).to_owned();
                *self.failure = Some(Error::InvalidName { name, reason });
                return Err(de::Error::custom("invalid environment variable name"));
            }
            let raw: &'de RawValue = map.next_value()?;
            let start = env.text.len();
            if let Err(reason) = push_js_string(&mut env.text, raw.get()) {
                let name = env.slice(name).to_owned();
                *self.failure = Some(Error::InvalidValue { name, reason });
                return Err(de::Error::custom("invalid environment variable value"));
            }
            let value = Span {
                start,
                end: env.text.len(),
            };
            env.commit(name, value);
        }
    }
}

/// Deserializes a map key by appending its unescaped text to a buffer.
struct NameInto<'a>(&'a mut String);

impl<'de> de::DeserializeSeed<'de> for NameInto<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // As bytes, because serde_json then hands over a lone surrogate escape (`\ud800`) as
        // WTF-8 instead of failing, and `push_wtf8` writes it as JavaScript would.
        deserializer.deserialize_bytes(self)
    }
}

impl Visitor<'_> for NameInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<(), E> {
        self.0.push_str(name);
        Ok(())
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<(), E> {
        push_wtf8(self.0, name).map_err(|()| E::custom("a key is not valid UTF-8"))
    }
}

/// Deserializes a JSON string by appending its unescaped text to a buffer.
struct StringInto<'a>(&'a mut String);

impl Visitor<'_> for StringInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.push_str(text);
        Ok(())
    }

    fn visit_bytes<E: de::Error>(self, text: &[u8]) -> Result<(), E> {
        push_wtf8(self.0, text).map_err(|()| E::custom("a string is not valid UTF-8"))
    }
}

/// Appends UTF-8 that may hold WTF-8 surrogates (what serde_json makes of a lone surrogate
/// escape such as `\ud800`), writing each surrogate as U+FFFD: JavaScript strings can hold a
/// lone surrogate, and Node.js writes it that way when the string becomes UTF-8, as an
/// environment variable must. Fails on any other invalid UTF-8.
fn push_wtf8(out: &mut String, bytes: &[u8]) -> Result<(), ()> {
    let mut rest = bytes;
    loop {
        let error = match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return Ok(());
            }
            Err(error) => error,
        };
        let (valid, after) = rest.split_at(error.valid_up_to());
        out.push_str(std::str::from_utf8(valid).map_err(drop)?);
        match after {
            // U+D800..U+DFFF encoded as if they were characters.
            [0xED, 0xA0..=0xBF, 0x80..=0xBF, tail @ ..] => {
                out.push('\u{FFFD}');
                rest = tail;
            }
            _ => return Err(()),
        }
    }
}

/// Why `name` cannot be an environment variable name, if it cannot.
fn check_name(name: &str) -> Result<(), &'static str> {
    match name.bytes().find(|b| matches!(b, b'=' | b'\0')) {
        _ if name.is_empty() => Err("it is empty"),
        Some(b'=') => Err("it contains `=`"),
        Some(_) => Err("it contains a NUL character"),
        None => Ok(()),
    }
}

/// Appends JavaScript's `String(value)` for one JSON value given as its exact text, with
/// JumpCloud's `[object Object]` for objects and arrays.
fn push_js_string(out: &mut String, raw: &str) -> Result<(), &'static str> {
    match raw.as_bytes().first() {
        Some(b'"') => {
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
            if inner.contains('\\') {
                let start = out.len();
                serde_json::Deserializer::from_str(raw)
                    .deserialize_bytes(StringInto(out))
                    .map_err(|_| "it is not a valid JSON string")?;
                // Only an escape (`\u0000`) can put a NUL in a JSON string; raw control
                // characters are invalid JSON.
                if out.get(start..).is_some_and(|value| value.contains('\0')) {
                    return Err("it contains a NUL character");
                }
            } else {
                // No escapes: the text between the quotes is the value.
                out.push_str(inner);
            }
        }
        Some(b'{' | b'[') => out.push_str(OBJECT_VALUE),
        Some(b't') => out.push_str("true"),
        Some(b'f') => out.push_str("false"),
        Some(b'n') => out.push_str("null"),
        // An integer of at most 15 digits is exact in a double, and JSON allows no leading
        // zeros, so JavaScript writes it back as it came; only `-0` changes.
        _ if raw.len() <= 16 && is_short_integer(raw) => {
            out.push_str(if raw == "-0" { "0" } else { raw });
        }
        // Any other number: JavaScript reads it as the nearest double, which `str::parse` also
        // finds (correctly rounded, overflowing to infinity, unlike serde_json's own fast
        // reading), then writes it with ECMAScript's Number::toString rules, which ryu-js
        // implements.
        _ => {
            let number = raw
                .parse::<f64>()
                .map_err(|_| "it is not a valid JSON number")?;
            out.push_str(js_number(number, &mut ryu_js::Buffer::new()));
        }
    }
    Ok(())
}

/// Whether `raw` is `-?[0-9]{1,15}`.
fn is_short_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// ECMAScript's `Number::toString(value)`: `-0` is `0`, overflow is `Infinity`.
fn js_number(value: f64, buffer: &mut ryu_js::Buffer) -> &str {
    if value == 0.0 {
        "0"
    } else {
        buffer.format(value)
    }
}

impl Environment {
    /// No variables.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// These pairs, in order; a repeated name keeps its first position and takes the last value.
    /// Names and values are taken as given (see [`flatten`] for the checks a trigger body gets).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut env = Self::default();
        for (name, value) in pairs {
            env.insert(name, value);
        }
        env
    }

    /// Reads the named variables from this process's environment, in the order given, as a
    /// triggered command would. Unset names are left out; values that are not valid Unicode are
    /// read lossily; each value goes through [`strip_windows_quotes`].
    pub fn from_env<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut env = Self::default();
        for name in names {
            let name = name.as_ref();
            if check_name(name).is_err() {
                // `std::env::var_os` panics on such names; they cannot be set anyway.
                continue;
            }
            if let Some(value) = std::env::var_os(name) {
                env.insert(name, strip_windows_quotes(&value.to_string_lossy()));
            }
        }
        env
    }

    /// Reads every variable of this process whose name starts with `prefix` (names kept whole),
    /// sorted by name since the process environment has no meaningful order. Values go through
    /// [`strip_windows_quotes`]; names or values that are not valid Unicode are read lossily.
    pub fn from_env_prefix(prefix: &str) -> Self {
        let mut vars: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(name, value)| {
                let name = name.to_string_lossy().into_owned();
                name.starts_with(prefix).then(|| {
                    let value = value.to_string_lossy();
                    (name, strip_windows_quotes(&value).to_owned())
                })
            })
            .collect();
        vars.sort();
        Self::from_pairs(vars)
    }

    /// Adds a variable, or replaces the value of one already there (keeping its position).
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let start = self.text.len();
        self.text.push_str(name.as_ref());
        let name = Span {
            start,
            end: self.text.len(),
        };
        self.text.push_str(value.as_ref());
        let value = Span {
            start: name.end,
            end: self.text.len(),
        };
        self.commit(name, value);
    }

    /// Records a name and value already written to `text`. A name seen before keeps its
    /// position and takes the new value; the repeated name's text is simply left unused.
    fn commit(&mut self, name: Span, value: Span) {
        let tag = tag(self.slice(name));
        if let Some(at) = self.position(self.slice(name), tag) {
            if let Some(slot) = self.vars.get_mut(at) {
                slot.value = value;
            }
            return;
        }
        let at = self.vars.len();
        if self.index.is_none() && at >= SCAN_LIMIT {
            let index = self
                .vars
                .iter()
                .enumerate()
                .map(|(at, entry)| (self.slice(entry.name).to_owned(), at))
                .collect();
            self.index = Some(index);
        }
        if self.index.is_some() {
            let owned = self.slice(name).to_owned();
            if let Some(index) = &mut self.index {
                index.insert(owned, at);
            }
        }
        self.vars.push(Entry { tag, name, value });
    }

    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    fn position(&self, name: &str, tag: u64) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self
                .vars
                .iter()
                .position(|entry| entry.tag == tag && self.slice(entry.name) == name),
        }
    }

    /// The value of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.position(name, tag(name))?;
        self.vars.get(at).map(|entry| self.slice(entry.value))
    }

    /// The `(name, value)` pairs, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            env: self,
            vars: self.vars.iter(),
        }
    }

    /// How many variables there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.vars.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// The `(name, value)` pairs, in order, as owned strings.
    #[must_use]
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }

    /// Writes the variables in `format`, one per line (JSON: one object on one line), ending
    /// with a newline. See [`EnvFormat`] for the quoting rules.
    #[must_use]
    pub fn render(&self, format: EnvFormat) -> String {
        let mut out = String::new();
        match format {
            EnvFormat::Dotenv => {
                for (name, value) in self.iter() {
                    if is_dotenv_name(name) {
                        out.push_str(name);
                        out.push('=');
                        push_dotenv_quoted(&mut out, value);
                    } else {
                        push_skipped(&mut out, name, "dotenv");
                    }
                    out.push('\n');
                }
            }
            EnvFormat::Sh => {
                for (name, value) in self.iter() {
                    if is_identifier(name) {
                        out.push_str("export ");
                        out.push_str(name);
                        out.push('=');
                        push_sh_quoted(&mut out, value);
                    } else {
                        push_skipped(&mut out, name, "sh");
                    }
                    out.push('\n');
                }
            }
            EnvFormat::PowerShell => {
                for (name, value) in self.iter() {
                    if is_identifier(name) {
                        out.push_str("$env:");
                        out.push_str(name);
                        out.push_str(" = ");
                        push_powershell_quoted(&mut out, value);
                    } else {
                        // `$env:` takes only plain names; this call takes any name.
                        out.push_str("[Environment]::SetEnvironmentVariable(");
                        push_powershell_quoted(&mut out, name);
                        out.push_str(", ");
                        push_powershell_quoted(&mut out, value);
                        out.push(')');
                    }
                    out.push('\n');
                }
            }
            EnvFormat::Json => {
                out.push('{');
                for (i, (name, value)) in self.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(&mut out, name);
                    out.push(':');
                    push_json_string(&mut out, value);
                }
                out.push_str("}\n");
            }
        }
        out
    }
}

impl<'a> IntoIterator for &'a Environment {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl PartialEq for Environment {
    /// Equal when the same names have the same values in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Environment {}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The `(name, value)` pairs of an [`Environment`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    env: &'a Environment,
    vars: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let entry = self.vars.next()?;
        Some((self.env.slice(entry.name), self.env.slice(entry.value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.vars.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let entry = self.vars.next_back()?;
        Some((self.env.slice(entry.name), self.env.slice(entry.value)))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// `value` without one pair of literal double quotes around it, if it has them.
///
/// Windows agents have been seen to deliver trigger variables as `"value"`, quotes included. A
/// value that is only `"` or does not both start and end with a quote is returned unchanged.
///
/// ```
/// use fleethooks_jumpcloud::env::strip_windows_quotes;
///
/// assert_eq!(strip_windows_quotes("\"203.0.113.7\""), "203.0.113.7");
/// assert_eq!(strip_windows_quotes("203.0.113.7"), "203.0.113.7");
/// assert_eq!(strip_windows_quotes("\""), "\"");
/// ```
#[must_use]
pub fn strip_windows_quotes(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(value)
}

/// How [`Environment::render`] writes variables: the shell or file syntax of an environment.
///
/// (Not called `Format`: across fleethooks a body's format is JSON or XML.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EnvFormat {
    /// `NAME="value"`, double-quoted with `\\`, `\"`, `\n`, `\r` and `\t` escaped: the form
    /// node's `dotenv`, python-dotenv and Docker Compose read. `$` is written as is, so a loader
    /// that interpolates `${…}` may expand it. Names other than ASCII letters, digits, `_`, `.`
    /// and `-` are left out, with a comment.
    #[default]
    Dotenv,
    /// `export NAME='value'` for POSIX `sh`, safe for any value: single quotes keep everything
    /// literal, and a `'` in the value is written `'\''`. Names that are not shell identifiers
    /// (`[A-Za-z_][A-Za-z0-9_]*`) cannot be exported and are left out, with a comment.
    Sh,
    /// `$env:NAME = 'value'` for PowerShell, with single quotes doubled (PowerShell also treats
    /// the typographic quotes `‘ ’ ‚ ‛` as single quotes, so those are doubled too). Names that
    /// are not identifiers are set with `[Environment]::SetEnvironmentVariable('name', 'value')`.
    PowerShell,
    /// One JSON object, name → value, in order.
    Json,
}

impl EnvFormat {
    /// The name [`EnvFormat::from_str`] reads: `dotenv`, `sh`, `powershell`, `json`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dotenv => "dotenv",
            Self::Sh => "sh",
            Self::PowerShell => "powershell",
            Self::Json => "json",
        }
    }
}

impl fmt::Display for EnvFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`EnvFormat::from_str`]: the name is none of the formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment format {name:?}; expected dotenv, sh, powershell or json")]
pub struct UnknownEnvFormat {
    name: String,
}

impl UnknownEnvFormat {
    /// The name that was given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl FromStr for EnvFormat {
    type Err = UnknownEnvFormat;

    fn from_str(name: &str) -> Result<Self, UnknownEnvFormat> {
        match name.to_ascii_lowercase().as_str() {
            "dotenv" | "env" => Ok(Self::Dotenv),
            "sh" | "posix" => Ok(Self::Sh),
            "powershell" | "pwsh" => Ok(Self::PowerShell),
            "json" => Ok(Self::Json),
            _ => Err(UnknownEnvFormat {
                name: name.to_owned(),
            }),
        }
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`: a name `sh` can export and PowerShell can write after `$env:`.
fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Names dotenv loaders accept: ASCII letters, digits, `_`, `.`, `-`.
fn is_dotenv_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// A comment line saying a variable was left out; the name is escaped so it stays one line.
fn push_skipped(out: &mut String, name: &str, format: &str) {
    out.push_str(&format!(
        "# left out: {name:?} is not a valid {format} variable name"
    ));
}

fn push_dotenv_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_sh_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            // Close the quote, add an escaped quote, reopen.
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
}

fn push_powershell_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

fn push_json_string(out: &mut String, value: &str) {
    // Serializing a string to JSON cannot fail; an empty string is the harmless fallback.
    out.push_str(&serde_json::to_string(value).unwrap_or_default());
}

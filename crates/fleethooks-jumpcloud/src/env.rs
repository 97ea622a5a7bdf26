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
//! POSIX `sh`, PowerShell or JSON ([`Format`]) for running a command locally with the same
//! environment a trigger would give it.
//!
//! ```
//! use fleethooks_jumpcloud::env::{self, Format};
//!
//! let vars = env::flatten(br#"{"srcip":"203.0.113.7","port":8443,"test":{"bob":"1"}}"#)?;
//! assert_eq!(vars.get("port"), Some("8443"));
//! assert_eq!(vars.get("test"), Some("[object Object]"));
//! assert_eq!(
//!     vars.render(Format::Sh),
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

use crate::error::{Document, Error, Result};

/// What JumpCloud writes for a nested object or array.
pub const OBJECT_VALUE: &str = "[object Object]";

/// Past this many variables, duplicate keys are found through a hash index instead of a scan.
const SCAN_LIMIT: usize = 32;

/// Environment variables, in order, each name once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: Vec<(String, String)>,
    /// Name → position, built only once the set outgrows [`SCAN_LIMIT`].
    index: Option<HashMap<String, usize>>,
}

/// The variables a triggered command receives for this trigger body.
///
/// See the [module documentation](self) for the conversion rules.
///
/// # Errors
///
/// [`Error::Json`] for invalid JSON (with line and column), [`Error::NotAnObject`] for another
/// top-level value, [`Error::InvalidName`] and [`Error::InvalidValue`] for keys and values an
/// environment cannot carry.
pub fn flatten(body: &[u8]) -> Result<Environment> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    if let Some(found) = non_object(body) {
        // Tell a well-formed non-object from broken JSON, which deserves its syntax error.
        de::Deserialize::deserialize(&mut deserializer)
            .and_then(|IgnoredAny| deserializer.end())
            .map_err(|e| Error::json(Document::TriggerBody, "$".to_owned(), e))?;
        return Err(Error::NotAnObject { found });
    }
    let mut failure = None;
    let result = deserializer.deserialize_map(Flatten {
        failure: &mut failure,
    });
    if let Some(error) = failure {
        return Err(error);
    }
    let env = result.map_err(|e| Error::json(Document::TriggerBody, "$".to_owned(), e))?;
    deserializer
        .end()
        .map_err(|e| Error::json(Document::TriggerBody, "$".to_owned(), e))?;
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

/// Streams the top-level object: keys are read, values are only delimited (as raw JSON slices)
/// and converted from their text, so nested values are never built.
struct Flatten<'a> {
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
        let mut env = Environment::default();
        while let Some(name) = map.next_key::<String>()? {
            if let Err(reason) = check_name(&name) {
                *self.failure = Some(Error::InvalidName { name, reason });
                return Err(de::Error::custom("invalid environment variable name"));
            }
            let raw: &'de RawValue = map.next_value()?;
            match js_string(raw.get()) {
                Ok(value) => env.insert(name, value),
                Err(reason) => {
                    *self.failure = Some(Error::InvalidValue { name, reason });
                    return Err(de::Error::custom("invalid environment variable value"));
                }
            }
        }
        Ok(env)
    }
}

/// Why `name` cannot be an environment variable name, if it cannot.
fn check_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        Err("it is empty")
    } else if name.contains('=') {
        Err("it contains `=`")
    } else if name.contains('\0') {
        Err("it contains a NUL character")
    } else {
        Ok(())
    }
}

/// JavaScript's `String(value)` for one JSON value given as its exact text, with JumpCloud's
/// `[object Object]` for objects and arrays.
fn js_string(raw: &str) -> Result<String, &'static str> {
    let value = match raw.as_bytes().first() {
        Some(b'"') => {
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
            if inner.contains('\\') {
                serde_json::from_str::<String>(raw).map_err(|_| "it is not a valid JSON string")?
            } else {
                // No escapes: the text between the quotes is the value.
                inner.to_owned()
            }
        }
        Some(b'{' | b'[') => OBJECT_VALUE.to_owned(),
        Some(b't') => "true".to_owned(),
        Some(b'f') => "false".to_owned(),
        Some(b'n') => "null".to_owned(),
        // A number: JavaScript reads it as the nearest double, which `str::parse` also finds
        // (correctly rounded, overflowing to infinity), then writes it with ECMAScript's
        // Number::toString rules, which ryu-js implements.
        _ => js_number(
            raw.parse::<f64>()
                .map_err(|_| "it is not a valid JSON number")?,
        ),
    };
    if value.contains('\0') {
        return Err("it contains a NUL character");
    }
    Ok(value)
}

/// ECMAScript's `Number::toString(value)`: `-0` is `0`, overflow is `Infinity`.
fn js_number(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    ryu_js::Buffer::new().format(value).to_owned()
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
        K: Into<String>,
        V: Into<String>,
    {
        let mut env = Self::default();
        for (name, value) in pairs {
            env.insert(name.into(), value.into());
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
            if name.is_empty() || name.contains(['=', '\0']) {
                // `std::env::var_os` panics on such names; they cannot be set anyway.
                continue;
            }
            if let Some(value) = std::env::var_os(name) {
                let value = value.to_string_lossy();
                env.insert(name.to_owned(), strip_windows_quotes(&value).to_owned());
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
    pub fn insert(&mut self, name: String, value: String) {
        if let Some(at) = self.position(&name) {
            if let Some(slot) = self.vars.get_mut(at) {
                slot.1 = value;
            }
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(name.clone(), self.vars.len());
        } else if self.vars.len() >= SCAN_LIMIT {
            let mut index: HashMap<String, usize> = self
                .vars
                .iter()
                .enumerate()
                .map(|(at, (n, _))| (n.clone(), at))
                .collect();
            index.insert(name.clone(), self.vars.len());
            self.index = Some(index);
        }
        self.vars.push((name, value));
    }

    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.vars.iter().position(|(n, _)| n == name),
        }
    }

    /// The value of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.position(name)?;
        self.vars.get(at).map(|(_, value)| value.as_str())
    }

    /// The variables, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.vars.iter().map(|(n, v)| (n.as_str(), v.as_str()))
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

    /// The `(name, value)` pairs, in order.
    #[must_use]
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.vars
    }

    /// Writes the variables in `format`, one per line (JSON: one object on one line), ending
    /// with a newline. See [`Format`] for the quoting rules.
    #[must_use]
    pub fn render(&self, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Dotenv => {
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
            Format::Sh => {
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
            Format::PowerShell => {
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
            Format::Json => {
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
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a str, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.vars.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

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

/// How [`Environment::render`] writes variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
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

impl Format {
    /// The name [`Format::from_str`] reads: `dotenv`, `sh`, `powershell`, `json`.
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

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`Format::from_str`]: the name is none of the formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment format {name:?}; expected dotenv, sh, powershell or json")]
pub struct UnknownFormat {
    name: String,
}

impl UnknownFormat {
    /// The name that was given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, UnknownFormat> {
        match name.to_ascii_lowercase().as_str() {
            "dotenv" | "env" => Ok(Self::Dotenv),
            "sh" | "posix" => Ok(Self::Sh),
            "powershell" | "pwsh" => Ok(Self::PowerShell),
            "json" => Ok(Self::Json),
            _ => Err(UnknownFormat {
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

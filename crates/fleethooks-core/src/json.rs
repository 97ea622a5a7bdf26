//! One way to read JSON and to say where it went wrong.
//!
//! Every source parses with plain serde_json, which tracks nothing on the happy path. Only when
//! a parse fails is the body scanned once more, up to the error's position, to name the JSON path
//! of the value being read. So a successful parse pays nothing for good errors, and every crate
//! reports positions the same way:
//!
//! - **Path**: `$` is the document, `.name` a member, `[3]` an array item, `["odd key"]` a
//!   member whose name is not a plain identifier: `$.event.computer.jssID`,
//!   `$.triggered[2]`. Past 128 levels of nesting a path names the outer 128 and ends in `…`.
//! - **Line and column**: 1-based, columns counted in bytes, as serde_json counts them, from
//!   after a skipped byte-order mark.

use serde::Deserialize;

/// A JSON body that could not be read: malformed JSON, or a value the model cannot take.
///
/// Displays as ``invalid JSON at `$.event.computer.jssID` (line 4, column 19): invalid type:
/// string "abc", expected i64``. The message never repeats the body beyond what serde_json quotes
/// of the offending value.
#[derive(Debug, thiserror::Error)]
#[error("invalid JSON at `{path}` (line {line}, column {column}): {message}")]
pub struct JsonError {
    path: String,
    line: usize,
    column: usize,
    message: String,
    #[source]
    source: serde_json::Error,
}

impl JsonError {
    /// Locates `error`, met while reading `text`, in it.
    ///
    /// `text` must be what the parser read (after a skipped BOM). This is the error path only:
    /// it scans `text` up to the error's position.
    #[must_use]
    pub fn new(text: &[u8], error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let offset = offset_of(text, line, column);
        let full = error.to_string();
        // serde_json appends the position to its message; the fields carry it instead.
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        // serde_json reports line 0 for errors it finds without a position (an error raised
        // after the whole document was read) and column 0 before the first byte of a line.
        let (line, column) = if line == 0 {
            line_column(text, offset)
        } else {
            (line, column.max(1))
        };
        Self {
            path: path_at(text, offset),
            line,
            column,
            message,
            source: error,
        }
    }

    /// The JSON path of the value being read when the error was found: `$`, `$.priority`,
    /// `$.event.computer.jssID`, `$.triggered[2]`; past 128 levels of nesting, the outer 128
    /// and `…`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The 1-based line and byte column of the error.
    #[must_use]
    pub fn line_column(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    /// What went wrong, without the position.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the body is not JSON at all (a syntax error or an early end), as opposed to JSON
    /// that does not fit the model.
    #[must_use]
    pub fn is_syntax(&self) -> bool {
        self.source.is_syntax() || self.source.is_eof()
    }

    /// The serde_json error.
    #[must_use]
    pub fn inner(&self) -> &serde_json::Error {
        &self.source
    }
}

/// Reads a `T` from a JSON body: one leading byte-order mark is skipped, the whole body must be
/// one JSON value (trailing blanks allowed), and on failure the error names the path, line and
/// column.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Device { serial: String, jss_id: i64 }
///
/// let err = fleethooks_core::json::from_slice::<Device>(b"{\n  \"serial\": \"C02XK1JDJG5J\",\n  \"jss_id\": \"x\"\n}")
///     .err().ok_or("expected an error")?;
/// assert_eq!(err.path(), "$.jss_id");
/// assert_eq!(err.line_column(), (3, 15));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`JsonError`] for malformed JSON, invalid UTF-8, trailing data, or a value `T` refuses.
pub fn from_slice<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, JsonError> {
    let body = crate::strip_bom(body);
    // One UTF-8 check of the whole body is cheaper than the per-string checks serde_json makes
    // on bytes; a body that fails it is read as bytes so the error is positioned.
    let parsed = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    parsed.map_err(|e| JsonError::new(body, e))
}

/// 1-based line and byte column of `offset` in `text`.
#[must_use]
pub fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, before.len() - line_start + 1)
}

/// Byte offset just past serde_json's (1-based line, column) position.
fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return text.len();
    }
    let mut start = 0;
    for _ in 1..line {
        match text
            .get(start..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
        {
            Some(p) => start += p + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// One open container while scanning towards an error.
enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize },
}

/// How many levels a path names. serde_json stops at 128 levels of what it builds, so only a
/// value it skips (an ignored member, a kept raw value) can be deeper; past this, levels are
/// counted, not kept, so that the scan's memory stays fixed whatever the nesting.
const MAX_PATH_DEPTH: usize = 128;

/// The JSON path (`$.event.computer`, `$.triggered[2]`) of the value being read at byte
/// `offset` of `text`, found by scanning the text up to there, in the syntax of
/// [`JsonError::path`]. For errors a parser does not raise itself (a depth limit, a rule of the
/// model checked after parsing); the scan tolerates anything, malformed JSON included.
///
/// A path names at most 128 levels: deeper, it names the outer 128 and ends in `…`, so that
/// neither the scan nor the path grows with the nesting of a hostile body.
///
/// ```
/// let body = br#"{"event": {"computer": {"jssID": 18}}}"#;
/// assert_eq!(fleethooks_core::json::path_at(body, 33), "$.event.computer.jssID");
/// ```
#[must_use]
pub fn path_at(text: &[u8], offset: usize) -> String {
    let text = text.get(..offset).unwrap_or(text);
    let mut stack: Vec<Frame> = Vec::new();
    // Containers open below the deepest one kept in `stack`.
    let mut hidden = 0_usize;
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'{' | b'[' if hidden > 0 || stack.len() >= MAX_PATH_DEPTH => hidden += 1,
            b'}' | b']' if hidden > 0 => hidden -= 1,
            // Inside a hidden container nothing changes the kept frames; strings are still
            // skipped whole below, so their brackets are not counted.
            b',' | b':' if hidden > 0 => {}
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while let Some(&c) = text.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                if let (
                    0,
                    Some(Frame::Object {
                        key,
                        in_value: false,
                    }),
                ) = (hidden, stack.last_mut())
                {
                    let raw = text.get(start..i.min(text.len())).unwrap_or_default();
                    *key = Some(unescape_key(raw));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => push_member(&mut path, k),
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if hidden > 0 {
        path.push('…');
    }
    path
}

/// A member name as the document means it: JSON escapes decoded where they are valid.
fn unescape_key(raw: &[u8]) -> String {
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

/// Appends `.name`, or `["name"]` when the name is not a plain identifier.
fn push_member(path: &mut String, name: &str) {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !name.as_bytes().first().is_some_and(u8::is_ascii_digit);
    if plain {
        path.push('.');
        path.push_str(name);
    } else {
        path.push('[');
        // A JSON string literal is a valid quoted member name in this syntax.
        path.push_str(&serde_json::Value::from(name).to_string());
        path.push(']');
    }
}

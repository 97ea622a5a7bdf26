//! Fuzz body for `fleethooks-jumpcloud`'s trigger environment flattening: any bytes into
//! `env::flatten`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/jumpcloud_env.rs`) and a stable test in
//! the crate (`crates/fleethooks-jumpcloud/tests/fuzz_bodies.rs`).
//!
//! Properties: no panic; every produced name is a valid environment name (not empty, no `=`,
//! no NUL) and every value a valid value (no NUL), each name once; where serde_json also reads
//! the body, both agree on the names and on every string, boolean and null value; the JSON
//! rendering reads back to the same environment; every format renders one line per variable
//! for values without line breaks.

use fleethooks_jumpcloud::Error;
use fleethooks_jumpcloud::env::{self, EnvFormat, OBJECT_VALUE};
use serde_json::Value;

/// The key serde_json uses internally for `RawValue`.
const RAW_VALUE_TOKEN: &[u8] = b"$serde_json::private::RawValue";

/// Flattens `data` and checks the result; returns whether it flattened (worth keeping).
pub fn run(data: &[u8]) -> bool {
    let vars = match env::flatten(data) {
        Ok(vars) => vars,
        Err(error) => {
            if let Error::InvalidName { name, .. } = &error {
                assert!(name.is_empty() || name.contains(['=', '\0']), "{error}");
            }
            assert!(!error.to_string().is_empty());
            return false;
        }
    };
    let mut names = std::collections::HashSet::new();
    for (name, value) in &vars {
        assert!(!name.is_empty(), "empty name");
        assert!(!name.contains(['=', '\0']), "invalid name {name:?}");
        assert!(!value.contains('\0'), "NUL in the value of {name:?}");
        assert!(names.insert(name), "{name:?} appears twice");
        assert_eq!(vars.get(name), Some(value));
    }

    // serde_json reads an object whose first key is its private raw-value token as the JSON
    // text of that key's string (its own `RawValue` plumbing), so it is no judge of such a body;
    // flattening reads it as the ordinary key it is (as `JSON.parse` does).
    let judged = !data
        .windows(RAW_VALUE_TOKEN.len())
        .any(|w| w == RAW_VALUE_TOKEN);
    if let (true, Ok(Value::Object(object))) = (judged, serde_json::from_slice::<Value>(data)) {
        assert_eq!(object.len(), vars.len(), "same number of distinct keys");
        for (name, value) in &object {
            let ours = vars
                .get(name)
                .expect("every key serde_json reads is a variable");
            match value {
                Value::String(text) => assert_eq!(ours, text),
                Value::Bool(flag) => assert_eq!(ours, flag.to_string()),
                Value::Null => assert_eq!(ours, "null"),
                Value::Object(_) | Value::Array(_) => assert_eq!(ours, OBJECT_VALUE),
                Value::Number(number) => {
                    let exact = number.as_i64().filter(|i| i.unsigned_abs() < 1 << 53);
                    if let Some(integer) = exact {
                        assert_eq!(ours, integer.to_string());
                    } else {
                        assert!(ours.parse::<f64>().is_ok(), "{ours} is a number");
                    }
                }
            }
        }
    }

    let json = vars.render(EnvFormat::Json);
    let again = env::flatten(json.as_bytes()).expect("the JSON rendering flattens");
    assert_eq!(again, vars, "JSON rendering reads back: {json}");

    // dotenv escapes line breaks; sh and PowerShell quote them, so they span lines there.
    let dotenv = vars.render(EnvFormat::Dotenv);
    assert_eq!(dotenv.lines().count(), vars.len(), "dotenv: {dotenv}");
    let single_line = vars
        .iter()
        .all(|(n, v)| !n.contains(['\n', '\r']) && !v.contains(['\n', '\r']));
    for format in [EnvFormat::Sh, EnvFormat::PowerShell] {
        let text = vars.render(format);
        if single_line {
            assert_eq!(text.lines().count(), vars.len(), "{format}: {text}");
        }
    }
    true
}

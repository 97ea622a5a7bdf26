//! Trigger environments: flattening rules, JavaScript number formatting, errors, rendering, and
//! the rendered shell scripts run through a real `sh` (and PowerShell when installed).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers unwrap fixture reads and child processes"
)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use fleethooks_jumpcloud::env::{self, EnvFormat, Environment, strip_windows_quotes};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn pairs(env: &Environment) -> Vec<(&str, &str)> {
    env.iter().collect()
}

#[test]
fn every_value_kind_from_the_fixture() {
    let env = env::flatten(&fixture("trigger_body_every_kind.json")).unwrap();
    assert_eq!(
        pairs(&env),
        [
            ("srcip", "203.0.113.7"),
            ("service", "nginx"),
            ("note", "line one\nline \"two\" \u{e9}\u{2603} 'quoted'"),
            // `port` appears twice: the last value, at the first position.
            ("port", "9443"),
            ("negative_zero", "0"),
            ("ratio", "1.5"),
            ("big", "1e+21"),
            ("tiny", "1e-7"),
            ("micro", "0.000001"),
            ("past_2_53", "9007199254740992"),
            ("huge_int", "1.2345678901234568e+29"),
            ("overflow", "Infinity"),
            ("drain", "true"),
            ("dry_run", "false"),
            ("ticket", "null"),
            ("test", "[object Object]"),
            ("hosts", "[object Object]"),
            ("empty_object", "[object Object]"),
            ("empty", ""),
        ]
    );
}

#[test]
fn the_vendor_documents_example() {
    let env = env::flatten(br#"{ "srcip":"", "test":{ "bob":"1", "jane":"3"} }"#).unwrap();
    assert_eq!(pairs(&env), [("srcip", ""), ("test", "[object Object]")]);
}

/// Each JSON number beside what JavaScript's `String(JSON.parse(text))` prints for it.
#[test]
fn numbers_are_written_as_javascript_writes_them() {
    let cases = [
        ("0", "0"),
        ("-0", "0"),
        ("-0.0", "0"),
        ("1", "1"),
        ("-1", "-1"),
        ("1.0", "1"),
        ("1.50", "1.5"),
        ("0.1", "0.1"),
        ("100", "100"),
        ("1E3", "1000"),
        ("2.5e+3", "2500"),
        ("1e20", "100000000000000000000"),
        ("1e21", "1e+21"),
        ("123456789012345680000", "123456789012345680000"),
        ("0.000001", "0.000001"),
        ("0.0000001", "1e-7"),
        ("1e-7", "1e-7"),
        ("-1.5e-9", "-1.5e-9"),
        ("9007199254740991", "9007199254740991"),
        ("9007199254740993", "9007199254740992"),
        ("12345678901234567890", "12345678901234567000"),
        ("18446744073709551616", "18446744073709552000"),
        ("-9223372036854775809", "-9223372036854776000"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("5e-324", "5e-324"),
        ("1e400", "Infinity"),
        ("-1e400", "-Infinity"),
        ("1e-400", "0"),
        ("-1e-400", "0"),
        ("3.141592653589793", "3.141592653589793"),
        ("0.30000000000000004", "0.30000000000000004"),
    ];
    for (json, expected) in cases {
        let body = format!(r#"{{"n":{json}}}"#);
        let env = env::flatten(body.as_bytes()).unwrap();
        assert_eq!(env.get("n"), Some(expected), "String({json})");
    }
}

#[test]
fn strings_are_unescaped() {
    let cases = [
        (r#""plain""#, "plain"),
        (r#""tab\there""#, "tab\there"),
        (r#""\u00e9t\u00e9""#, "\u{e9}t\u{e9}"),
        (r#""\ud83d\ude80 launch""#, "\u{1f680} launch"),
        (r#""back\\slash \/ slash""#, "back\\slash / slash"),
        (r#""$(rm -rf /) `id` ${HOME}""#, "$(rm -rf /) `id` ${HOME}"),
        // Lone surrogates: JavaScript keeps them, UTF-8 cannot, Node.js writes U+FFFD.
        (r#""a\ud800b""#, "a\u{fffd}b"),
        (r#""\udc00\ud800""#, "\u{fffd}\u{fffd}"),
        (r#""\ud83d\ude80\ud83d""#, "\u{1f680}\u{fffd}"),
    ];
    for (json, expected) in cases {
        let body = format!(r#"{{"v":{json}}}"#);
        let env = env::flatten(body.as_bytes()).unwrap();
        assert_eq!(env.get("v"), Some(expected), "{json}");
    }
}

#[test]
fn duplicate_keys_keep_the_first_position_and_the_last_value() {
    let env = env::flatten(br#"{"a":"1","b":"2","a":"3","c":"4","b":"5"}"#).unwrap();
    assert_eq!(pairs(&env), [("a", "3"), ("b", "5"), ("c", "4")]);
    // Keys that differ only after unescaping are the same key.
    let env = env::flatten(r#"{"caf\u00e9":"1","caf\u00c3":"2","café":"3"}"#.as_bytes()).unwrap();
    assert_eq!(pairs(&env), [("café", "3"), ("caf\u{c3}", "2")]);
}

#[test]
fn many_keys_use_the_index_and_keep_order() {
    let mut body = String::from("{");
    for i in 0..200 {
        body.push_str(&format!("\"HOST_{i:03}\":\"web-{i:03}\","));
    }
    body.push_str("\"HOST_007\":\"replaced\",\"HOST_150\":150}");
    let env = env::flatten(body.as_bytes()).unwrap();
    assert_eq!(env.len(), 200);
    assert_eq!(env.get("HOST_007"), Some("replaced"));
    assert_eq!(env.get("HOST_150"), Some("150"));
    assert_eq!(env.iter().nth(7), Some(("HOST_007", "replaced")));
    assert_eq!(env.iter().next_back(), Some(("HOST_199", "web-199")));
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let plain = fixture("trigger_body_twenty_keys.json");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    assert_eq!(
        env::flatten(&with_bom).unwrap(),
        env::flatten(&plain).unwrap()
    );
    // What follows the mark is what is judged, and positions count from after it.
    assert_eq!(
        env::flatten(b"\xEF\xBB\xBF[\"203.0.113.7\"]")
            .unwrap_err()
            .to_string(),
        "a trigger body must be a JSON object, found an array"
    );
    let err = env::flatten(b"\xEF\xBB\xBF{\"port\": 84 43}").unwrap_err();
    assert_eq!(err.path(), Some("$.port"));
    assert_eq!(err.line_column(), Some((1, 13)));
    // Only one mark is skipped.
    let twice = [b"\xEF\xBB\xBF".as_slice(), &with_bom].concat();
    assert!(env::flatten(&twice).is_err());
}

#[test]
fn errors_name_the_key_or_the_position() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"",
            "invalid trigger body JSON at `$` (line 1, column 1): EOF while parsing a value",
        ),
        (
            b"{\"srcip\": \"203.0.113.7\",\n \"port\": 84 43}",
            "invalid trigger body JSON at `$.port` (line 2, column 13): expected `,` or `}`",
        ),
        (
            b"{\"srcip\": \"203.0.113.7\"",
            "invalid trigger body JSON at `$.srcip` (line 1, column 23): EOF while parsing an object",
        ),
        (
            b"{\"srcip\": \"203.0.113.7\"} {}",
            "invalid trigger body JSON at `$` (line 1, column 26): trailing characters",
        ),
        (
            b"[\"203.0.113.7\"]",
            "a trigger body must be a JSON object, found an array",
        ),
        (
            b"  \"restart\"",
            "a trigger body must be a JSON object, found a string",
        ),
        (
            b"8443",
            "a trigger body must be a JSON object, found a number",
        ),
        (
            b"-1",
            "a trigger body must be a JSON object, found a number",
        ),
        (
            b"true",
            "a trigger body must be a JSON object, found a boolean",
        ),
        (b"null", "a trigger body must be a JSON object, found null"),
        (
            b"[1,",
            "invalid trigger body JSON at `$[1]` (line 1, column 3): EOF while parsing a value",
        ),
        (
            b"{\"ttl\": 3600, \"drain seconds\": [30,",
            "invalid trigger body JSON at `$[\"drain seconds\"][1]` (line 1, column 35): EOF \
             while parsing a value",
        ),
        (
            br#"{"srcip":"203.0.113.7","":"empty"}"#,
            r#"trigger body key "" cannot be an environment variable name: it is empty"#,
        ),
        (
            br#"{"PATH=/tmp":"x"}"#,
            r#"trigger body key "PATH=/tmp" cannot be an environment variable name: it contains `=`"#,
        ),
        (
            br#"{"name\u0000":"x"}"#,
            r#"trigger body key "name\0" cannot be an environment variable name: it contains a NUL character"#,
        ),
        (
            br#"{"srcip":"203.0.113.7\u0000; rm -rf /"}"#,
            r#"value of trigger body key "srcip" cannot be an environment variable value: it contains a NUL character"#,
        ),
        (
            b"{\"srcip\":\"\xff\"}",
            "invalid trigger body JSON at `$.srcip` (line 1, column 11): invalid unicode code point",
        ),
        (
            b"{\"ok\":\"1\",\"\xff\":\"x\"}",
            "invalid trigger body JSON at `$[\"\u{FFFD}\"]` (line 1, column 13): a key is not valid \
             UTF-8",
        ),
    ];
    for (input, expected) in cases {
        let err = env::flatten(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            *expected,
            "input: {}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn renders_every_format() {
    let env = env::flatten(
        br#"{"srcip":"203.0.113.7","note":"it's \"quoted\"\nand $HOME","port":8443,"my-key":"x"}"#,
    )
    .unwrap();
    assert_eq!(
        env.render(EnvFormat::Dotenv),
        "srcip=\"203.0.113.7\"\nnote=\"it's \\\"quoted\\\"\\nand $HOME\"\nport=\"8443\"\nmy-key=\"x\"\n"
    );
    assert_eq!(
        env.render(EnvFormat::Sh),
        "export srcip='203.0.113.7'\nexport note='it'\\''s \"quoted\"\nand $HOME'\nexport port='8443'\n\
         # left out: \"my-key\" is not a valid sh variable name\n"
    );
    assert_eq!(
        env.render(EnvFormat::PowerShell),
        "$env:srcip = '203.0.113.7'\n$env:note = 'it''s \"quoted\"\nand $HOME'\n$env:port = '8443'\n\
         [Environment]::SetEnvironmentVariable('my-key', 'x')\n"
    );
    assert_eq!(
        env.render(EnvFormat::Json),
        "{\"srcip\":\"203.0.113.7\",\"note\":\"it's \\\"quoted\\\"\\nand $HOME\",\"port\":\"8443\",\"my-key\":\"x\"}\n"
    );
    assert_eq!(Environment::new().render(EnvFormat::Json), "{}\n");
    assert_eq!(Environment::new().render(EnvFormat::Sh), "");
}

#[test]
fn format_names() {
    for format in [
        EnvFormat::Dotenv,
        EnvFormat::Sh,
        EnvFormat::PowerShell,
        EnvFormat::Json,
    ] {
        assert_eq!(format.to_string().parse::<EnvFormat>().unwrap(), format);
    }
    assert_eq!("pwsh".parse::<EnvFormat>().unwrap(), EnvFormat::PowerShell);
    assert_eq!(
        "yaml".parse::<EnvFormat>().unwrap_err().to_string(),
        "unknown environment format \"yaml\"; expected dotenv, sh, powershell or json"
    );
}

#[test]
fn json_rendering_reads_back_in_order() {
    let env = env::flatten(&fixture("trigger_body_every_kind.json")).unwrap();
    let json = env.render(EnvFormat::Json);
    let again = env::flatten(json.as_bytes()).unwrap();
    assert_eq!(again, env);
}

#[test]
fn strips_the_quotes_windows_agents_add() {
    let cases = [
        ("\"203.0.113.7\"", "203.0.113.7"),
        ("\"\"", ""),
        ("\"", "\""),
        ("\"only at the start", "\"only at the start"),
        ("only at the end\"", "only at the end\""),
        ("\"\"twice\"\"", "\"twice\""),
        ("203.0.113.7", "203.0.113.7"),
    ];
    for (given, expected) in cases {
        assert_eq!(strip_windows_quotes(given), expected, "{given}");
    }
}

#[test]
fn from_pairs_follows_the_same_duplicate_rule() {
    let env = Environment::from_pairs([("a", "1"), ("b", "2"), ("a", "3")]);
    assert_eq!(pairs(&env), [("a", "3"), ("b", "2")]);
}

/// Runs this test binary again with variables set, since this process cannot set its own
/// environment without `unsafe`. The child runs only [`from_env_in_a_child`].
#[test]
fn reads_variables_back_from_the_environment() {
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "from_env_in_a_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FLEETHOOKS_JC_CHILD", "1")
        .env("JCT_SRCIP", "\"203.0.113.7\"")
        .env("JCT_PORT", "8443")
        .env("JCT_NOTE", "it's \"quoted\"")
        .env("OTHER_VAR", "not read")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn from_env_in_a_child() {
    if std::env::var_os("FLEETHOOKS_JC_CHILD").is_none() {
        return;
    }
    let env = Environment::from_env(["JCT_SRCIP", "JCT_MISSING", "JCT_PORT", "", "A=B"]);
    assert_eq!(
        pairs(&env),
        [("JCT_SRCIP", "203.0.113.7"), ("JCT_PORT", "8443")]
    );
    let env = Environment::from_env_prefix("JCT_");
    assert_eq!(
        pairs(&env),
        [
            ("JCT_NOTE", "it's \"quoted\""),
            ("JCT_PORT", "8443"),
            ("JCT_SRCIP", "203.0.113.7"),
        ]
    );
}

/// Runs `script` with `shell` and returns what it printed.
fn run(shell: &str, args: &[&str], script: &str) -> Option<Vec<u8>> {
    let mut child = Command::new(shell)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{shell} failed on:\n{script}");
    Some(output.stdout)
}

/// Renders `vars` for `sh`, sources it in a real shell, and reads every value back.
fn sh_round_trip(vars: &[(String, String)]) {
    let env = Environment::from_pairs(vars.iter().cloned());
    let mut script = env.render(EnvFormat::Sh);
    for (name, _) in vars {
        // NUL-separated, so any value reads back exactly; `env` proves the variable is exported.
        script.push_str(&format!("printf '%s\\0' \"${name}\"\n"));
        script.push_str(&format!(
            "env | grep -q '^{name}=' || echo MISSING-{name}\n"
        ));
    }
    let out = run("/bin/sh", &[], &script).expect("/bin/sh must exist");
    let values: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    for ((name, value), got) in env.iter().zip(&values) {
        assert_eq!(String::from_utf8_lossy(got), value, "{name} via sh");
    }
    assert_eq!(values.last(), Some(&&b""[..]), "unexpected output: {out:?}");
}

const HOSTILE: [&str; 12] = [
    "203.0.113.7",
    "it's",
    "'",
    "''",
    "'\\''",
    "\"double\" and $HOME and `id` and $(id)",
    "line one\nline two\n",
    "back\\slash\\n",
    "tab\tand carriage\rreturn",
    "\u{e9}t\u{e9} \u{2603} \u{1f680} \u{2018}curly\u{2019}",
    "!event -e -n",
    "",
];

#[test]
fn sh_output_reads_back_through_a_real_shell() {
    let vars: Vec<(String, String)> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, value)| (format!("JC_VALUE_{i}"), (*value).to_owned()))
        .collect();
    sh_round_trip(&vars);
}

#[test]
fn powershell_output_reads_back_when_powershell_is_installed() {
    let vars: Vec<(String, String)> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, value)| (format!("JC_VALUE_{i}"), (*value).to_owned()))
        .chain([("my-key".to_owned(), "it's odd".to_owned())])
        .collect();
    let env = Environment::from_pairs(vars.iter().cloned());
    let mut script = env.render(EnvFormat::PowerShell);
    for (name, _) in &vars {
        script.push_str(&format!(
            "[Console]::Out.Write([Environment]::GetEnvironmentVariable('{name}') + [char]0)\n"
        ));
    }
    let Some(out) = run(
        "pwsh",
        &["-NoProfile", "-NonInteractive", "-Command", "-"],
        &script,
    ) else {
        eprintln!("pwsh is not installed; PowerShell quoting checked by rendering only");
        return;
    };
    let values: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    for ((name, value), got) in vars.iter().zip(&values) {
        assert_eq!(
            String::from_utf8_lossy(got),
            value.as_str(),
            "{name} via pwsh"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any values, sourced by a real `sh`, read back unchanged.
    #[test]
    fn any_value_survives_sh(values in prop::collection::vec("[^\u{0}]{0,40}", 1..6)) {
        let vars: Vec<(String, String)> = values
            .into_iter()
            .enumerate()
            .map(|(i, value)| (format!("JC_P{i}"), value))
            .collect();
        sh_round_trip(&vars);
    }
}

proptest! {
    /// Every finite double prints as the shortest text that reads back to the same double.
    #[test]
    fn numbers_read_back_to_the_same_double(value in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
        let body = format!(r#"{{"n":{value:e}}}"#);
        let env = env::flatten(body.as_bytes()).unwrap();
        let text = env.get("n").unwrap();
        let back: f64 = text.parse().unwrap();
        prop_assert!(back == value, "{value:e} printed as {text}");
        prop_assert!(!text.contains('+') || text.contains("e+"));
    }

    /// Every name and value produced is a valid environment entry, and string values equal what
    /// serde_json reads.
    #[test]
    fn flattened_entries_are_valid(map in prop::collection::btree_map("[^=\u{0}]{1,12}", "[^\u{0}]{0,20}", 0..12)) {
        let body = serde_json::to_vec(&map).unwrap();
        let env = env::flatten(&body).unwrap();
        prop_assert_eq!(env.len(), map.len());
        for (name, value) in env.iter() {
            prop_assert!(!name.is_empty() && !name.contains(['=', '\0']));
            prop_assert!(!value.contains('\0'));
            prop_assert_eq!(Some(&value.to_owned()), map.get(name));
        }
    }
}

/// Runs `script` with `node` on `body` (standard input) and returns what it printed, or `None`
/// when Node.js is not installed.
fn node(script: &str, body: &[u8]) -> Option<String> {
    let mut child = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(body).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "node failed");
    Some(String::from_utf8(output.stdout).unwrap())
}

/// What JumpCloud's agent side computes, in real JavaScript: `String(value)` for every top-level
/// value, `[object Object]` for objects and arrays (the vendor's rule), in `Object.entries` order.
const JS_FLATTEN: &str = r#"
let text = '';
process.stdin.on('data', d => text += d);
process.stdin.on('end', () => {
  // Through UTF-8 and back, as a value set in an environment would be.
  const utf8 = s => Buffer.from(s, 'utf8').toString('utf8');
  const pairs = Object.entries(JSON.parse(text)).map(([k, v]) =>
    [utf8(k), utf8(v !== null && typeof v === 'object' ? '[object Object]' : String(v))]);
  process.stdout.write(JSON.stringify(pairs));
});
"#;

fn agrees_with_javascript(body: &[u8]) -> bool {
    let Some(js) = node(JS_FLATTEN, body) else {
        eprintln!("node is not installed; JavaScript agreement not checked");
        return false;
    };
    let js: Vec<(String, String)> = serde_json::from_str(&js).unwrap();
    let ours = env::flatten(body).unwrap().into_vec();
    assert_eq!(ours, js, "body: {}", String::from_utf8_lossy(body));
    true
}

#[test]
fn matches_real_javascript_on_lone_surrogates() {
    agrees_with_javascript(
        br#"{"a\ud800":"x\udc00y","\ud83d\ude80":"\ud83d\ude80\ud83d","plain":"caf\u00e9"}"#,
    );
}

#[test]
fn matches_real_javascript_on_the_fixtures() {
    // Keys that look like array indices are listed first by JavaScript; the fixtures have none.
    for name in [
        "trigger_body_every_kind.json",
        "trigger_body_twenty_keys.json",
    ] {
        agrees_with_javascript(&fixture(name));
    }
}

#[test]
fn matches_real_javascript_on_random_numbers() {
    // One body with many numbers: node starts once.
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut body = String::from("{");
    for i in 0..2_000 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let number = match i % 4 {
            // Any bit pattern that is a finite double, written as Rust's shortest form.
            0 => {
                let value = f64::from_bits(rng);
                if value.is_finite() {
                    format!("{value:e}")
                } else {
                    "1e400".to_owned()
                }
            }
            // Integers around and past 2^53.
            1 => format!("{}", rng >> (rng % 20)),
            2 => format!(
                "-{}.{:03}e{}",
                rng % 100_000,
                rng % 1000,
                (rng % 60) as i64 - 30
            ),
            // Long decimal expansions that need correct rounding.
            _ => format!("0.{:019}{}", rng, rng % 97),
        };
        body.push_str(&format!("\"n{i}\":{number},"));
    }
    body.push_str("\"last\":-0}");
    agrees_with_javascript(body.as_bytes());
}

#[test]
fn dotenv_output_reads_back_through_python_dotenv() {
    let vars: Vec<(String, String)> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, value)| (format!("JC_VALUE_{i}"), (*value).to_owned()))
        .collect();
    let env = Environment::from_pairs(vars.iter().cloned());
    let script = "import sys, json\n\
                  from dotenv import dotenv_values\n\
                  print(json.dumps(dotenv_values(stream=sys.stdin, interpolate=False)))";
    let has_dotenv = Command::new("python3")
        .args(["-c", "import dotenv"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !has_dotenv {
        eprintln!("python3 with python-dotenv is not installed; dotenv checked by rendering only");
        return;
    }
    let out = run("python3", &["-c", script], &env.render(EnvFormat::Dotenv)).unwrap();
    let out = String::from_utf8(out).unwrap();
    let read: std::collections::BTreeMap<String, String> = serde_json::from_str(&out).unwrap();
    for (name, value) in &vars {
        assert_eq!(read.get(name), Some(value), "{name} via python-dotenv");
    }
}

/// Found by the `jumpcloud_env` fuzz campaign, in its oracle: serde_json reads an object whose
/// first key is its private raw-value token as the JSON text of that key's string, so its
/// `Value` of this body is `{}`. Flattening is a streaming pass of its own and reads the key as
/// the ordinary key it is, as `JSON.parse` in JumpCloud's agent does.
#[test]
fn a_key_named_like_serde_jsons_raw_value_token_is_an_ordinary_variable() {
    let body = br#"{"$serde_json::private::RawValue": "  { }  ", "host": "build-runner-04"}"#;
    let vars = env::flatten(body).unwrap();
    assert_eq!(
        pairs(&vars),
        [
            ("$serde_json::private::RawValue", "  { }  "),
            ("host", "build-runner-04")
        ]
    );
    let seed =
        include_bytes!("../../../fuzz/seeds/jumpcloud_env/regression_serde_json_raw_value_key");
    assert_eq!(env::flatten(seed).unwrap().len(), 1);
}

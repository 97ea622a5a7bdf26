//! Properties over generated alerts: every documented field present or absent, unknown
//! priorities and statuses, details as text or as nested JSON, unknown members, any text JSON
//! can carry and timestamps across RFC 3339's years. The JSON form reads back as the alert and
//! writes the same bytes again; indentation, member order and a byte-order mark do not matter;
//! the summary is stable and its `payload` is the JSON form.
#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a property is the property failing"
)]

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone as _, Utc};
use fleethooks_jumpcloud::{Alert, AlertStatus, Detail, Event, Priority};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

/// The seventeen documented members.
const FIELDS: [&str; 17] = [
    "alert_id",
    "alert_title",
    "category",
    "description",
    "di_event",
    "event_description",
    "initiated_by",
    "occurred_at",
    "previous_alert_status",
    "priority",
    "rule_id",
    "source_id",
    "source_name",
    "source_type",
    "source_url",
    "status",
    "update_at",
];

/// One piece of text: JSON carries any Unicode scalar value, U+0000 and the other control
/// characters included (escaped).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ._@:/-]{1,8}",
        2 => select(vec![
            "6743a0f2c9e77d0001b2c3d4",
            "5f8e2c1a9b7d3e0012ab34cd",
            "mallory@acme.example",
            "Multiple failed admin logins",
            "https://console.jumpcloud.com/#/insights/alerts",
            "2026-11-24T13:05:12.481Z",
        ])
        .prop_map(str::to_owned),
        2 => select(vec!["\"", "\\", "/", "\\u0000", "\\ud800", "{", "}", "[]", "null", "<", "&"])
            .prop_map(str::to_owned),
        2 => select(vec!["é", "日本語", "🚀", "𝄞", "\u{10FFFF}", "\u{FEFF}", "\u{FFFF}", "\u{2028}", "\u{2029}"])
            .prop_map(str::to_owned),
        2 => select(vec![" ", "\t", "\n", "\r", "\r\n", "\u{A0}"]).prop_map(str::to_owned),
        1 => select(vec!['\0', '\u{1}', '\u{1F}', '\u{7F}', '\u{85}']).prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    vec(piece(), 0..5).prop_map(|pieces| pieces.concat())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    of(text())
}

/// Any instant RFC 3339 can write (years 0000 to 9999), to the nanosecond, edges included.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    const FIRST: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
    const LAST: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    prop_oneof![
        1 => select(vec![(FIRST, 0), (LAST, 999_999_999), (0, 0), (1_795_525_512, 481_000_000)]),
        2 => (1_700_000_000_i64..1_900_000_000, select(vec![0, 481_000_000, 481_500_000, 1])),
        2 => (FIRST..=LAST, 0_u32..1_000_000_000),
    ]
    .prop_map(|(secs, nanos)| Utc.timestamp_opt(secs, nanos).unwrap())
}

/// Finite numbers serde_json reads back to the same `f64` (see the jamf properties: at most 15
/// significant digits, as serde_json's default float parsing is exact only there).
fn float() -> impl Strategy<Value = f64> {
    (-999_999_999_i64..999_999_999, 0_i32..6)
        .prop_map(|(mantissa, scale)| mantissa as f64 / 10_f64.powi(scale))
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A detail, and what it reads back as: nested JSON loses the whitespace between its tokens
/// and nothing else (number spellings, escapes, member order stay); `null` is no value, as for
/// every field.
fn detail() -> impl Strategy<Value = (Detail, Option<Detail>)> {
    let raw = |text: String| Detail::Json(RawValue::from_string(text).unwrap());
    prop_oneof![
        3 => text().prop_map(|t| (Detail::Text(t.clone()), Some(Detail::Text(t)))),
        3 => (json_value().prop_filter("not a string", |v| !v.is_string()), any::<bool>())
            .prop_map(move |(v, pretty)| {
                let compact = serde_json::to_string(&v).unwrap();
                let sent = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { compact.clone() };
                (raw(sent), (!v.is_null()).then(|| raw(compact)))
            }),
        // As a sender spells it, kept so; and strings no Rust string can hold, kept as JSON.
        1 => select(vec![
            r#"{"codes":[1.50,-0,1E2],"zone":"\u00e9\/"}"#,
            r#"[12345678901234567890,0.1e-5]"#,
            r#""\ud800""#,
            r#""mallory \udc00 @acme.example""#,
            "true",
            "-7",
        ])
        .prop_map(move |t| (raw(t.to_owned()), Some(raw(t.to_owned())))),
    ]
}

fn opt_detail() -> impl Strategy<Value = Option<(Detail, Option<Detail>)>> {
    of(detail())
}

fn priority() -> impl Strategy<Value = Priority> {
    prop_oneof![
        select(Priority::KNOWN.to_vec()),
        select(vec!["critical", "HIGH", "Urgent", "P1", ""]).prop_map(Priority::from),
        text().prop_map(|t| Priority::from(t.as_str())),
    ]
}

fn status() -> impl Strategy<Value = AlertStatus> {
    prop_oneof![
        select(AlertStatus::KNOWN.to_vec()),
        select(vec!["auto_resolved", "OPEN", "Snoozed", "Escalated", ""])
            .prop_map(AlertStatus::from),
        text().prop_map(|t| AlertStatus::from(t.as_str())),
    ]
}

/// Members no documented field names, with any value.
fn extra() -> impl Strategy<Value = Map<String, Value>> {
    let name = prop_oneof![
        select(vec![
            "organization_id",
            "severity",
            "updated_at",
            "",
            "alert id",
            "Alert_ID"
        ])
        .prop_map(str::to_owned),
        text(),
    ]
    .prop_filter("not a documented field", |n| !FIELDS.contains(&n.as_str()));
    btree_map(name, json_value(), 0..4).prop_map(|m| m.into_iter().collect())
}

/// An alert, and the alert it reads back as (see [`detail`]).
fn alert() -> impl Strategy<Value = (Alert, Alert)> {
    (
        (
            text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_detail(),
            opt_text(),
            opt_detail(),
        ),
        (
            of(instant()),
            of(status()),
            of(priority()),
            opt_text(),
            opt_text(),
            opt_text(),
        ),
        (opt_text(), opt_text(), of(status()), of(instant()), extra()),
    )
        .prop_map(
            |(
                (
                    alert_id,
                    alert_title,
                    category,
                    description,
                    di_event,
                    event_description,
                    initiated_by,
                ),
                (occurred_at, previous_alert_status, priority, rule_id, source_id, source_name),
                (source_type, source_url, status, update_at, extra),
            )| {
                let mut sent = Alert::new(alert_id);
                sent.alert_title = alert_title;
                sent.category = category;
                sent.description = description;
                sent.event_description = event_description;
                sent.occurred_at = occurred_at;
                sent.previous_alert_status = previous_alert_status;
                sent.priority = priority;
                sent.rule_id = rule_id;
                sent.source_id = source_id;
                sent.source_name = source_name;
                sent.source_type = source_type;
                sent.source_url = source_url;
                sent.status = status;
                sent.update_at = update_at;
                sent.extra = extra;
                let mut read = sent.clone();
                sent.di_event = di_event.clone().map(|(s, _)| s);
                sent.initiated_by = initiated_by.clone().map(|(s, _)| s);
                read.di_event = di_event.and_then(|(_, r)| r);
                read.initiated_by = initiated_by.and_then(|(_, r)| r);
                (sent, read)
            },
        )
}

/// The JSON object an alert is: each documented field that is set, then every extra member.
fn expected_json(alert: &Alert) -> Value {
    let mut object = Map::new();
    let mut set = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            object.insert(name.to_owned(), value);
        }
    };
    let detail = |d: &Option<Detail>| {
        d.as_ref().map(|d| match d {
            Detail::Text(t) => Value::from(t.as_str()),
            Detail::Json(raw) => serde_json::from_str(raw.get()).unwrap_or_else(|_| {
                // A lone surrogate: compare the text as sent.
                Value::from(raw.get())
            }),
            _ => unreachable!("a detail is text or JSON"),
        })
    };
    let time = |t: &Option<DateTime<Utc>>| {
        t.map(|t| Value::from(t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
    };
    let text = |t: &Option<String>| t.as_deref().map(Value::from);
    set("alert_id", Some(Value::from(alert.alert_id.as_str())));
    set("alert_title", text(&alert.alert_title));
    set("category", text(&alert.category));
    set("description", text(&alert.description));
    set("di_event", detail(&alert.di_event));
    set("event_description", text(&alert.event_description));
    set("initiated_by", detail(&alert.initiated_by));
    set("occurred_at", time(&alert.occurred_at));
    set(
        "previous_alert_status",
        alert
            .previous_alert_status
            .as_ref()
            .map(|s| Value::from(s.as_str())),
    );
    set(
        "priority",
        alert.priority.as_ref().map(|p| Value::from(p.as_str())),
    );
    set("rule_id", text(&alert.rule_id));
    set("source_id", text(&alert.source_id));
    set("source_name", text(&alert.source_name));
    set("source_type", text(&alert.source_type));
    set("source_url", text(&alert.source_url));
    set(
        "status",
        alert.status.as_ref().map(|s| Value::from(s.as_str())),
    );
    set("update_at", time(&alert.update_at));
    for (key, value) in &alert.extra {
        object.insert(key.clone(), value.clone());
    }
    Value::Object(object)
}

/// The JSON value of a body; a detail holding a lone surrogate escape, which `Value` cannot
/// hold, is read as its JSON text (as [`expected_json`] writes it).
fn as_value(body: &[u8], alert: &Alert) -> Value {
    if let Ok(value) = serde_json::from_slice(body) {
        return value;
    }
    let mut masked = alert.clone();
    for detail in [&mut masked.di_event, &mut masked.initiated_by] {
        if let Some(Detail::Json(raw)) = detail {
            if serde_json::from_str::<Value>(raw.get()).is_err() {
                *detail = Some(Detail::Text(raw.get().to_owned()));
            }
        }
    }
    serde_json::from_slice(&serde_json::to_vec(&masked).unwrap()).unwrap()
}

fn summary_of(alert: &Alert, body: &[u8]) -> Result<String, TestCaseError> {
    let summary = alert.to_summary_json().unwrap();
    prop_assert!(!summary.contains('\n'), "one line: {}", summary);
    let value: Value = match serde_json::from_str(&summary) {
        Ok(value) => value,
        // A lone surrogate in a detail: serde_json cannot read it back, so compare the text.
        Err(_) => {
            let payload = std::str::from_utf8(body).unwrap();
            prop_assert!(
                summary.ends_with(&format!(",\"payload\":{payload}}}")),
                "{}",
                summary
            );
            return Ok(summary);
        }
    };
    prop_assert_eq!(&value["source"], &json!("jumpcloud"));
    prop_assert_eq!(&value["type"], &json!("alert"));
    let key = format!(
        "{}:{}:{}",
        alert.alert_id,
        alert.status.as_ref().map_or("", AlertStatus::as_str),
        alert
            .update_at
            .map(fleethooks_core::format_time)
            .unwrap_or_default()
    );
    prop_assert_eq!(&value["key"], &json!(key));
    prop_assert_eq!(&value["key"], &json!(alert.dedup_key()));
    let at = alert.occurred_at().map(fleethooks_core::format_time);
    prop_assert_eq!(&value["occurred_at"], &json!(at));
    prop_assert_eq!(
        &value["payload"],
        &serde_json::from_slice::<Value>(body).unwrap()
    );
    Ok(summary)
}

proptest! {
    /// An alert's JSON reads back as the alert (details without the whitespace between their
    /// tokens) and writes the same bytes again; it holds each field that is set, no `null` for
    /// one that is not, and every unknown member.
    #[test]
    fn alerts_round_trip((sent, read) in alert()) {
        let body = serde_json::to_vec(&sent).unwrap();
        let back = Alert::from_slice(&body).unwrap();
        prop_assert_eq!(&back, &read);
        let again = serde_json::to_vec(&back).unwrap();
        prop_assert_eq!(Alert::from_slice(&again).unwrap(), back.clone());
        prop_assert_eq!(&serde_json::to_vec(&read).unwrap(), &again);
        if sent == read {
            prop_assert_eq!(&again, &body);
        }
        prop_assert_eq!(as_value(&again, &read), expected_json(&read));
        prop_assert_eq!(back.dedup_key(), read.dedup_key());
        prop_assert_eq!(back.occurred_at(), read.occurred_at);
    }

    /// Indentation, member order and one byte-order mark change nothing.
    #[test]
    fn whitespace_order_and_bom_do_not_matter((_, alert) in alert()) {
        let pretty = [b"\xEF\xBB\xBF".as_slice(), &serde_json::to_vec_pretty(&alert).unwrap()].concat();
        prop_assert_eq!(&Alert::from_slice(&pretty).unwrap(), &alert);
        // The members in reverse name order, each value as written.
        let body = serde_json::to_vec(&alert).unwrap();
        let members: std::collections::BTreeMap<String, Box<RawValue>> = serde_json::from_slice(&body).unwrap();
        let reversed: Vec<String> = members
            .iter()
            .rev()
            .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v.get()))
            .collect();
        let reversed = format!("{{{}}}", reversed.join(",\n  "));
        prop_assert_eq!(Alert::from_slice(reversed.as_bytes()).unwrap(), alert);
    }

    /// The summary is the same for an alert and its re-parse, its header says what `Event` does
    /// and its payload is the alert's JSON.
    #[test]
    fn summaries_are_stable((sent, read) in alert()) {
        let body = serde_json::to_vec(&read).unwrap();
        let back = Alert::from_slice(&serde_json::to_vec(&sent).unwrap()).unwrap();
        prop_assert_eq!(summary_of(&back, &body)?, summary_of(&read, &body)?);
    }

    /// A member in `extra` named like a documented field is not written (the field is), so the
    /// body never repeats a member.
    #[test]
    fn documented_names_in_extra_are_not_written(
        (_, alert) in alert(),
        names in vec(select(FIELDS.to_vec()), 1..4),
        value in json_value(),
    ) {
        let mut shadowed = alert.clone();
        for name in names {
            shadowed.extra.insert(name.to_owned(), value.clone());
        }
        let body = serde_json::to_vec(&shadowed).unwrap();
        prop_assert_eq!(&body, &serde_json::to_vec(&alert).unwrap());
        prop_assert_eq!(Alert::from_slice(&body).unwrap(), alert);
    }

    /// A time with any offset, or none (read as UTC), or an empty string (no time) reads as the
    /// instant it names.
    #[test]
    fn timestamps_in_any_offset_read_as_utc(
        at in instant().prop_filter("a year inside 0001..=9998, so any offset stays in RFC 3339", |t| {
            let year = chrono::Datelike::year(t);
            (1..=9998).contains(&year)
        }),
        offset in -86_399_i32..86_400,
        form in 0_u8..4,
    ) {
        let zone = FixedOffset::east_opt(offset / 60 * 60).unwrap();
        let text = match form {
            0 => at.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, false),
            1 => at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
            2 => at.naive_utc().format("%Y-%m-%d %H:%M:%S%.f").to_string(),
            _ => String::new(),
        };
        let body = json!({"alert_id": "6743a0f2c9e77d0001b2c3d4", "occurred_at": text, "update_at": text});
        let alert = Alert::from_slice(&serde_json::to_vec(&body).unwrap()).unwrap();
        let expected = (form < 3).then_some(at);
        prop_assert_eq!(alert.occurred_at, expected, "{}", text);
        prop_assert_eq!(alert.update_at, expected);
    }
}

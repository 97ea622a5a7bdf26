//! Properties over generated values: events of every type (every data field set or not, any
//! text, unknown members) round-trip through cmdop's JSON and make a stable summary, a
//! `Receiver` takes exactly what `sign` signed, the fast timestamp path agrees with chrono, the
//! in-memory seen-id store behaves like a plain map, and jitter stays inside its bounds.
#![allow(
    clippy::unwrap_used,
    reason = "proptest bodies unwrap; a failure is the test failing"
)]

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use fleethooks_cmdop::{
    CmdopEvent, CommandData, Error, Event, EventData, EventType, Family, FileData, MachineData,
    MemorySeenIds, Receiver, RetryPolicy, SIGNATURE_HEADER, Secret, SeenIds, SessionData, TestData,
    sign,
};
use http::HeaderMap;
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

/// One piece of text: JSON carries any Unicode scalar value, U+0000 and the other control
/// characters included (escaped).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 _./:-]{1,8}",
        2 => select(vec!["evt_01JD4R8Q2ZK7", "mach_7Q2K9X", "build-eu-02", "systemctl restart nginx", "/var/log/nginx/error.log"])
            .prop_map(str::to_owned),
        2 => select(vec!["\"", "\\", "/", "\\u0000", "{", "}", "null", "<", "&"]).prop_map(str::to_owned),
        2 => select(vec!["\u{e9}", "日本語", "\u{1F680}", "𝄞", "\u{10FFFF}", "\u{FEFF}", "\u{2028}"]).prop_map(str::to_owned),
        2 => select(vec![" ", "\t", "\n", "\r\n"]).prop_map(str::to_owned),
        1 => select(vec!['\0', '\u{1}', '\u{1F}', '\u{7F}', '\u{85}']).prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    vec(piece(), 0..5).prop_map(|pieces| pieces.concat())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    of(text())
}

fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        select(vec![i64::MIN, -1, 0, 1, 2, 124, 137, i64::MAX]),
        any::<i64>(),
    ]
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // Years 0000 to 9999, any nanosecond: what RFC 3339 can write; and its edges.
    prop_oneof![
        1 => select(vec![(-62_167_219_200_i64, 0_u32), (253_402_300_799, 999_999_999), (0, 0), (1_732_093_925, 0)]),
        4 => (-62_167_219_200_i64..253_402_300_800, 0_u32..1_000_000_000),
    ]
    .prop_map(|(secs, nanos)| Utc.timestamp_opt(secs, nanos).unwrap())
}

/// Finite numbers serde_json reads back to the same `f64` (at most 15 significant digits:
/// serde_json's default float parsing is exact only there).
fn float() -> impl Strategy<Value = f64> {
    (-999_999_999_i64..999_999_999, 0_i32..6)
        .prop_map(|(mantissa, scale)| mantissa as f64 / 10_f64.powi(scale))
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        int().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::from),
            btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Names no data struct and not the envelope model: some odd, some realistic.
fn member_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            "größe",
            "🚀",
            "a b",
            "x-trace-id",
            "workspace_id",
            "Machine_ID",
            "ID"
        ])
        .prop_map(str::to_owned),
        "x_[a-z_]{1,10}",
    ]
}

fn extra() -> impl Strategy<Value = Map<String, Value>> {
    btree_map(member_name(), json_value(), 0..4).prop_map(|m| m.into_iter().collect())
}

/// `extra` with a `null` for some of the optional fields that are absent, as the crate keeps a
/// `null` sent for one.
fn with_nulls(
    mut extra: Map<String, Value>,
    bits: u16,
    absent: &[(&str, bool)],
) -> Map<String, Value> {
    for (i, (name, is_none)) in absent.iter().enumerate() {
        if *is_none && bits & (1 << i) != 0 {
            extra.insert((*name).to_owned(), Value::Null);
        }
    }
    extra
}

fn session() -> impl Strategy<Value = EventData> {
    (
        (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            of(instant()),
        ),
        extra(),
        any::<u16>(),
    )
        .prop_map(
            |((session_id, machine_id, machine_hostname, status, created_at), extra, nulls)| {
                let mut data = SessionData::default();
                data.extra = with_nulls(
                    extra,
                    nulls,
                    &[
                        ("session_id", session_id.is_none()),
                        ("machine_id", machine_id.is_none()),
                        ("machine_hostname", machine_hostname.is_none()),
                        ("status", status.is_none()),
                        ("created_at", created_at.is_none()),
                    ],
                );
                data.session_id = session_id;
                data.machine_id = machine_id;
                data.machine_hostname = machine_hostname;
                data.status = status;
                data.created_at = created_at;
                EventData::Session(data)
            },
        )
}

fn machine() -> impl Strategy<Value = EventData> {
    (text(), text(), of(instant()), extra(), any::<u16>()).prop_map(
        |(id, name, last_seen, extra, nulls)| {
            let mut data = MachineData::new(id, name);
            data.extra = with_nulls(extra, nulls, &[("last_seen", last_seen.is_none())]);
            data.last_seen = last_seen;
            EventData::Machine(data)
        },
    )
}

fn command() -> impl Strategy<Value = EventData> {
    let duration = prop_oneof![
        any::<u32>().prop_map(serde_json::Number::from),
        any::<u64>().prop_map(serde_json::Number::from),
        (0_u32..100_000, 1_u32..1000).prop_map(|(whole, milli)| {
            serde_json::Number::from_f64(f64::from(whole) + f64::from(milli) / 1000.0).unwrap()
        }),
        // `12.0` stays a float, written back as sent.
        (0_u32..100_000).prop_map(|whole| serde_json::Number::from_f64(f64::from(whole)).unwrap()),
    ];
    (
        (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        ),
        (of(int()), of(duration), of(instant()), of(instant())),
        extra(),
        any::<u16>(),
    )
        .prop_map(
            |(
                (command_id, id, session_id, machine_id, machine_hostname, command, status),
                (exit_code, duration, started, finished),
                extra,
                nulls,
            )| {
                let mut data = CommandData::default();
                data.extra = with_nulls(
                    extra,
                    nulls,
                    &[
                        ("command_id", command_id.is_none()),
                        ("id", id.is_none()),
                        ("session_id", session_id.is_none()),
                        ("machine_id", machine_id.is_none()),
                        ("machine_hostname", machine_hostname.is_none()),
                        ("command", command.is_none()),
                        ("status", status.is_none()),
                        ("exit_code", exit_code.is_none()),
                        ("duration", duration.is_none()),
                        ("started_at", started.is_none()),
                        ("finished_at", finished.is_none()),
                    ],
                );
                data.command_id = command_id;
                data.id = id;
                data.session_id = session_id;
                data.machine_id = machine_id;
                data.machine_hostname = machine_hostname;
                data.command = command;
                data.status = status;
                data.exit_code = exit_code;
                data.duration = duration;
                data.started_at = started;
                data.finished_at = finished;
                EventData::Command(data)
            },
        )
}

fn file() -> impl Strategy<Value = EventData> {
    (
        (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            of(any::<u64>()),
        ),
        extra(),
        any::<u16>(),
    )
        .prop_map(
            |((session_id, machine_id, machine_hostname, path, name, size), extra, nulls)| {
                let mut data = FileData::default();
                data.extra = with_nulls(
                    extra,
                    nulls,
                    &[
                        ("session_id", session_id.is_none()),
                        ("machine_id", machine_id.is_none()),
                        ("machine_hostname", machine_hostname.is_none()),
                        ("path", path.is_none()),
                        ("name", name.is_none()),
                        ("size", size.is_none()),
                    ],
                );
                data.session_id = session_id;
                data.machine_id = machine_id;
                data.machine_hostname = machine_hostname;
                data.path = path;
                data.name = name;
                data.size = size;
                EventData::File(data)
            },
        )
}

fn test_data() -> impl Strategy<Value = EventData> {
    (text(), extra()).prop_map(|(message, extra)| {
        let mut data = TestData::new(message);
        data.extra = extra;
        EventData::Test(data)
    })
}

/// Every documented type (also spelled as a sender might), the legacy `schedule.*` ones, and
/// unknown ones: `machine.rebooted`-like names of a known family, and any other text.
fn kind() -> impl Strategy<Value = EventType> {
    let known = select(EventType::KNOWN.to_vec());
    let spelled = select(EventType::KNOWN.to_vec())
        .prop_map(|k| EventType::from(k.as_str().to_ascii_uppercase().replace('_', "-").as_str()));
    let family = "(session|machine|command|file|schedule)\\.[a-z_]{1,12}".prop_map(EventType::from);
    let other = text().prop_map(EventType::from);
    prop_oneof![6 => known, 1 => spelled, 2 => family, 1 => other]
}

fn event() -> impl Strategy<Value = CmdopEvent> {
    let envelope_extra = extra().prop_map(|mut m| {
        for key in ["id", "type", "timestamp", "data"] {
            m.remove(key);
        }
        m
    });
    (text(), kind(), instant(), envelope_extra).prop_flat_map(
        |(id, kind, timestamp, envelope_extra)| {
            let data = match kind.family() {
                _ if !kind.is_known() || kind.family() == Some(Family::Schedule) => {
                    json_value().prop_map(EventData::Other).boxed()
                }
                Some(Family::Session) => session().boxed(),
                Some(Family::Machine) => machine().boxed(),
                Some(Family::Command) => command().boxed(),
                Some(Family::File) => file().boxed(),
                _ => test_data().boxed(),
            };
            data.prop_map(move |data| {
                let mut event = CmdopEvent::new(id.clone(), kind.clone(), timestamp, data);
                event.extra = envelope_extra.clone();
                event
            })
        },
    )
}

proptest! {
    #[test]
    fn events_round_trip_through_json(event in event()) {
        let json = event.to_json().unwrap();
        let parsed = CmdopEvent::from_slice(&json).unwrap();
        prop_assert_eq!(&parsed, &event);
        prop_assert_eq!(parsed.to_json().unwrap(), json.clone());
        // Indentation and a byte-order mark change nothing.
        let pretty = [b"\xEF\xBB\xBF".as_slice(), &serde_json::to_vec_pretty(&event).unwrap()].concat();
        prop_assert_eq!(&CmdopEvent::from_slice(&pretty).unwrap(), &event);
        // And the JSON is what cmdop sends: the envelope keys, the type string.
        let value: Value = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(&value["type"], &json!(event.kind.as_str()));
        prop_assert_eq!(&value["id"], &json!(event.id));
    }

    #[test]
    fn key_order_does_not_matter(event in event()) {
        let value = serde_json::to_value(&event).unwrap();
        let object = value.as_object().unwrap();
        // `data` first, the rest after.
        let mut text = format!("{{\"data\":{}", object["data"]);
        for (key, value) in object.iter().filter(|(k, _)| *k != "data") {
            text.push_str(&format!(",{}:{value}", json!(key)));
        }
        text.push('}');
        prop_assert_eq!(CmdopEvent::from_slice(text.as_bytes()).unwrap(), event);
    }

    #[test]
    fn timestamps_parse_as_chrono_does(
        (year, month, day) in (0_u32..=9999, 1_u32..=12, 1_u32..=31),
        (hour, minute, second) in (0_u32..=24, 0_u32..=60, 0_u32..=60),
        fraction in prop::option::of("[0-9]{1,10}"),
        zone in prop::sample::select(vec!["Z", "z", "+00:00", "-07:30", "+14:00"]),
    ) {
        let stamp = format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{}{zone}",
            fraction.map(|f| format!(".{f}")).unwrap_or_default()
        );
        let body = format!(r#"{{"id":"e","type":"test","timestamp":"{stamp}","data":{{"message":""}}}}"#);
        let ours = CmdopEvent::from_slice(body.as_bytes()).map(|e| e.timestamp).ok();
        let chrono = stamp.parse::<DateTime<FixedOffset>>().map(|t| t.with_timezone(&Utc)).ok();
        prop_assert_eq!(ours, chrono, "{}", stamp);
    }

    #[test]
    fn memory_store_behaves_like_a_map(
        ops in prop::collection::vec((0_u8..12, 0_i64..30, 1_i64..20, any::<bool>()), 1..200),
    ) {
        let store = MemorySeenIds::new(1_000);
        let mut model: HashMap<String, DateTime<Utc>> = HashMap::new();
        let mut now = Utc.with_ymd_and_hms(2024, 11, 20, 9, 0, 0).unwrap();
        for (id, advance, ttl, remove) in ops {
            now += TimeDelta::seconds(advance);
            let id = format!("evt_{id}");
            if remove {
                store.remove(&id).unwrap();
                model.remove(&id);
                continue;
            }
            let expires = now + TimeDelta::seconds(ttl);
            let fresh = model.get(&id).is_none_or(|until| *until <= now);
            if fresh {
                model.insert(id.clone(), expires);
            }
            prop_assert_eq!(store.insert(&id, now, expires).unwrap(), fresh, "{}", id);
        }
    }

    #[test]
    fn memory_store_stays_within_capacity(
        capacity in 1_usize..8,
        ops in prop::collection::vec((0_u8..32, any::<bool>()), 1..300),
    ) {
        let store = MemorySeenIds::new(capacity);
        let now = Utc.with_ymd_and_hms(2024, 11, 20, 9, 0, 0).unwrap();
        for (id, remove) in ops {
            let id = format!("evt_{id}");
            if remove {
                store.remove(&id).unwrap();
            } else {
                store.insert(&id, now, now + TimeDelta::hours(1)).unwrap();
                // Just inserted: remembered, whatever was evicted for it.
                prop_assert!(!store.insert(&id, now, now + TimeDelta::hours(1)).unwrap());
            }
            prop_assert!(store.len() <= capacity);
        }
    }

    #[test]
    fn jitter_stays_within_bounds(
        fraction in 0.0_f64..=1.0,
        unit in any::<f64>(),
        delay in 0_u64..100_000,
        attempt in 1_u32..=3,
    ) {
        let policy = RetryPolicy::new([Duration::from_millis(delay); 3]).with_jitter(fraction);
        let jittered = policy.next_with(attempt, &mut || unit).delay().unwrap();
        let base = Duration::from_millis(delay).as_secs_f64();
        let secs = jittered.as_secs_f64();
        prop_assert!(secs >= base * (1.0 - fraction) - 1e-9, "{} < {}", secs, base * (1.0 - fraction));
        prop_assert!(secs <= base * (1.0 + fraction), "{} > {}", secs, base * (1.0 + fraction));
    }

    /// The summary is the same for an event and its re-parse, its header says what `Event`
    /// does (the `id` is the key, the `timestamp` the time) and its payload is the event's JSON.
    #[test]
    fn summaries_are_stable(event in event()) {
        let json = event.to_json().unwrap();
        let parsed = CmdopEvent::from_slice(&json).unwrap();
        let summary = event.to_summary_json().unwrap();
        prop_assert_eq!(parsed.to_summary_json().unwrap(), summary.clone());
        prop_assert!(!summary.contains('\n'));
        let value: Value = serde_json::from_str(&summary).unwrap();
        prop_assert_eq!(&value["source"], &json!("cmdop"));
        prop_assert_eq!(&value["type"], &json!(event.kind.as_str()));
        prop_assert_eq!(&value["type"], &json!(event.event_type()));
        prop_assert_eq!(&value["key"], &json!(event.id));
        prop_assert_eq!(&value["key"], &json!(parsed.dedup_key()));
        prop_assert_eq!(&value["occurred_at"], &json!(fleethooks_core::format_time(event.timestamp)));
        prop_assert_eq!(parsed.occurred_at(), Some(event.timestamp));
        prop_assert_eq!(&value["payload"], &serde_json::from_slice::<Value>(&json).unwrap());
    }

    /// A receiver verifies what `sign` signed, for any event and secret, with the secret alone
    /// or among others; any one changed byte of the body, or another secret, is refused as a
    /// bad signature before the body is read.
    #[test]
    fn receivers_take_what_was_signed_and_nothing_else(
        event in event(),
        secret in vec(any::<u8>(), 1..64),
        other in vec(any::<u8>(), 1..64),
        index in any::<prop::sample::Index>(),
        flip in 1..=255_u8,
    ) {
        prop_assume!(secret != other);
        let body = event.to_json().unwrap();
        let signature = sign(&Secret::new(secret.clone()), &body).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(SIGNATURE_HEADER, signature.to_header());
        prop_assert_eq!(
            headers[SIGNATURE_HEADER].to_str().unwrap().len(),
            "sha256=".len() + 64
        );

        let receiver = Receiver::new(Secret::new(secret.clone())).unwrap();
        prop_assert_eq!(&receiver.receive(&headers, &body).unwrap(), &event);
        let rotating = Receiver::with_secrets([Secret::new(other.clone()), Secret::new(secret.clone())]).unwrap();
        prop_assert_eq!(&rotating.receive(&headers, &body).unwrap(), &event);

        let mut tampered = body.clone();
        tampered[index.index(body.len())] ^= flip;
        prop_assert!(matches!(receiver.receive(&headers, &tampered), Err(Error::Signature(_))));
        let stranger = Receiver::new(Secret::new(other)).unwrap();
        prop_assert!(matches!(stranger.receive(&headers, &body), Err(Error::Signature(_))));
        prop_assert!(matches!(receiver.receive(&HeaderMap::new(), &body), Err(Error::MissingSignature)));
    }
}

//! Properties over generated values: events round-trip through cmdop's JSON, the fast timestamp
//! path agrees with chrono, the in-memory seen-id store behaves like a plain map, and jitter stays
//! inside its bounds.
#![allow(
    clippy::unwrap_used,
    reason = "proptest bodies unwrap; a failure is the test failing"
)]

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use fleethooks_cmdop::{
    CmdopEvent, CommandData, EventData, EventType, FileData, MachineData, MemorySeenIds,
    RetryPolicy, SeenIds, SessionData, TestData,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn text() -> impl Strategy<Value = String> {
    // Printable text with the characters JSON must escape.
    "[a-zA-Z0-9 _./:\"\\\\\u{e9}\u{1F680}\n\t-]{0,24}"
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // Years 0000 to 9999, any nanosecond: what RFC 3339 can write.
    (-62_167_219_200_i64..253_402_300_800, 0_u32..1_000_000_000)
        .prop_map(|(secs, nanos)| Utc.timestamp_opt(secs, nanos).unwrap())
}

fn extra() -> impl Strategy<Value = Map<String, Value>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    // Prefixed so no key collides with a modelled field.
    prop::collection::btree_map("x_[a-z_]{1,10}", value, 0..4).prop_map(|m| m.into_iter().collect())
}

fn session() -> impl Strategy<Value = EventData> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(instant()),
        extra(),
    )
        .prop_map(
            |(session_id, machine_id, machine_hostname, status, created_at, extra)| {
                let mut data = SessionData::default();
                data.session_id = session_id;
                data.machine_id = machine_id;
                data.machine_hostname = machine_hostname;
                data.status = status;
                data.created_at = created_at;
                data.extra = extra;
                EventData::Session(data)
            },
        )
}

fn machine() -> impl Strategy<Value = EventData> {
    (text(), text(), prop::option::of(instant()), extra()).prop_map(
        |(id, name, last_seen, extra)| {
            let mut data = MachineData::new(id, name);
            data.last_seen = last_seen;
            data.extra = extra;
            EventData::Machine(data)
        },
    )
}

fn command() -> impl Strategy<Value = EventData> {
    let duration = prop_oneof![
        any::<u32>().prop_map(serde_json::Number::from),
        (0_u32..100_000, 1_u32..1000).prop_map(|(whole, milli)| {
            serde_json::Number::from_f64(f64::from(whole) + f64::from(milli) / 1000.0).unwrap()
        }),
    ];
    (
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (
            prop::option::of(any::<i64>()),
            prop::option::of(duration),
            prop::option::of(instant()),
            prop::option::of(instant()),
        ),
        extra(),
    )
        .prop_map(
            |(
                (command_id, id, command, status),
                (exit_code, duration, started, finished),
                extra,
            )| {
                let mut data = CommandData::default();
                data.command_id = command_id;
                data.id = id;
                data.command = command;
                data.status = status;
                data.exit_code = exit_code;
                data.duration = duration;
                data.started_at = started;
                data.finished_at = finished;
                data.extra = extra;
                EventData::Command(data)
            },
        )
}

fn file() -> impl Strategy<Value = EventData> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(any::<u64>()),
        extra(),
    )
        .prop_map(|(path, name, size, extra)| {
            let mut data = FileData::default();
            data.path = path;
            data.name = name;
            data.size = size;
            data.extra = extra;
            EventData::File(data)
        })
}

fn event() -> impl Strategy<Value = CmdopEvent> {
    let known = prop::sample::select(EventType::KNOWN.to_vec());
    let other = "[a-z]{1,8}\\.[a-z_]{1,12}".prop_map(EventType::from);
    let kind = prop_oneof![4 => known, 1 => other];
    (text(), kind, instant(), extra()).prop_flat_map(|(id, kind, timestamp, envelope_extra)| {
        let data = match kind.as_str().split_once('.').map(|(family, _)| family) {
            _ if !kind.is_known() || kind.family() == Some(fleethooks_cmdop::Family::Schedule) => {
                extra()
                    .prop_map(|m| EventData::Other(Value::Object(m)))
                    .boxed()
            }
            Some("session") => session().boxed(),
            Some("machine") => machine().boxed(),
            Some("command") => command().boxed(),
            Some("file") => file().boxed(),
            _ => text()
                .prop_map(|m| EventData::Test(TestData::new(m)))
                .boxed(),
        };
        data.prop_map(move |data| {
            let mut event = CmdopEvent::new(id.clone(), kind.clone(), timestamp, data);
            event.extra = envelope_extra.clone();
            event
        })
    })
}

proptest! {
    #[test]
    fn events_round_trip_through_json(event in event()) {
        let json = event.to_json().unwrap();
        let parsed = CmdopEvent::from_slice(&json).unwrap();
        prop_assert_eq!(&parsed, &event);
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
}

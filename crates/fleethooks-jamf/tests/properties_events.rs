//! Properties over generated values of every Jamf event: each of the 22 documented events (every
//! field present or absent, lists empty, of one or of many, unknown members) and unknown events,
//! with text mixing ASCII, unicode, XML's special characters, whitespace and control characters,
//! integers at the `i64` edges and timestamps at the edges the crate documents.
//!
//! What is asserted is what the crate docs promise, including their normalisations ("JSON ↔ XML
//! mapping", "What does not survive a change of form"): each form parses back to the generated
//! value and writes the same text again; JSON → XML → JSON and XML → JSON → XML are fixed points
//! after one step; the summary is stable and its `payload` is the JSON form; the dedup key and
//! the time are the same in both forms. Text XML cannot carry (U+0000) and names it cannot write
//! get their documented errors.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap in a property is the property failing"
)]

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use fleethooks_jamf::{
    Computer, ComputerCheckIn, ComputerPatchPolicyCompleted, ComputerPolicyFinished,
    DeviceAddedToDep, Envelope, Error, Event, EventActions, EventType, Extra, GroupMember,
    Identifier, JamfEvent, JssInstance, MobileDevice, PatchSoftwareTitleUpdated, PushSent,
    RawEvent, RestApiOperation, ScepChallenge, ScepTargetDevice, ScepTargetUser,
    SmartGroupComputerMembershipChange, SmartGroupMobileDeviceMembershipChange,
    SmartGroupUserMembershipChange, UnknownEvent, Webhook,
};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Text, numbers, times
// ---------------------------------------------------------------------------------------------

/// One piece of text. Everything here is text both forms can carry: no U+0000 (see
/// `nul_cannot_be_written_as_xml` below for that).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ._@:/-]{1,8}",
        // What real payloads hold.
        2 => select(vec![
            "C02XK1JDJG5J",
            "5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95",
            "00008101-000A3C2E1E08001E",
            "akiko.tanaka@acme.example",
            "10.20.4.117",
            "MacBook Pro (16-inch, 2021)",
            "com.jamf.management.3f0f6c1e-8d1a-4d0b-9b7e-2c4a5e6f7a8b",
            "-1",
            "42",
        ])
        .prop_map(str::to_owned),
        // XML's special characters, and text that looks like markup or JSON.
        2 => select(vec![
            "<", ">", "&", "\"", "'", "]]>", "&amp;", "&#x41;", "<![CDATA[", "-->", "<?xml",
            "</event>", "\\", "\\u0000", r#""webhookEvent":"JSSStartup""#,
        ])
        .prop_map(str::to_owned),
        // Beyond ASCII: two-, three- and four-byte UTF-8, the BMP's edges.
        2 => select(vec![
            "é", "ß", "日本語", "Ωμέγα", "🚀", "𝄞", "\u{10FFFF}", "\u{FFFD}", "\u{FEFF}",
            "\u{FFFE}", "\u{FFFF}", "\u{200B}", "\u{E000}",
        ])
        .prop_map(str::to_owned),
        // Whitespace, leading and trailing included: nothing trims it.
        2 => select(vec![" ", "  ", "\t", "\n", "\r", "\r\n", "\u{A0}", "\u{2028}", "\u{3000}"])
            .prop_map(str::to_owned),
        // Control characters, which XML carries as character references.
        1 => select(vec!['\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{7F}', '\u{85}', '\u{9F}'])
            .prop_map(String::from),
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
        1 => select(vec![i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX]),
        2 => 0_i64..100_000,
        2 => any::<i64>(),
    ]
}

fn opt_int() -> impl Strategy<Value = Option<i64>> {
    of(int())
}

fn opt_bool() -> impl Strategy<Value = Option<bool>> {
    of(any::<bool>())
}

fn identifier() -> impl Strategy<Value = Identifier> {
    prop_oneof![
        int().prop_map(Identifier::Integer),
        text().prop_map(Identifier::Text),
    ]
}

fn opt_id() -> impl Strategy<Value = Option<Identifier>> {
    of(identifier())
}

/// Below this magnitude `eventTimestamp` is read as seconds.
const SECONDS_BELOW: i64 = 100_000_000_000;

/// chrono's first and last representable milliseconds.
fn ms_range() -> (i64, i64) {
    (
        DateTime::<Utc>::MIN_UTC.timestamp_millis(),
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    )
}

fn at_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

/// Any instant in epoch milliseconds (`lastUpdate`, `deviceAssignedDate`).
fn millis() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = ms_range();
    prop_oneof![
        1 => select(vec![min, min + 1, -1, 0, 1, max - 1, max]),
        2 => 1_500_000_000_000_i64..1_900_000_000_000,
        2 => min..=max,
    ]
    .prop_map(at_millis)
}

/// An `eventTimestamp` as it can be read: milliseconds of magnitude 10^11 or more, or whole
/// seconds below 10^11 (the crate docs' seconds rule). An instant with a fraction of a second
/// inside the seconds window cannot be sent in either unit, so it is not generated.
fn event_time() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = ms_range();
    let as_millis = prop_oneof![
        1 => select(vec![min, -SECONDS_BELOW, SECONDS_BELOW, max, 1_712_826_143_512]),
        2 => 1_500_000_000_000_i64..1_900_000_000_000,
        1 => min..=-SECONDS_BELOW,
        1 => SECONDS_BELOW..=max,
    ]
    .prop_map(at_millis);
    let as_seconds = prop_oneof![
        1 => select(vec![
            0,
            1,
            -1,
            1_712_826_143,
            SECONDS_BELOW / 1000 - 1,
            SECONDS_BELOW / 1000,
            -SECONDS_BELOW / 1000,
            SECONDS_BELOW - 1,
            -SECONDS_BELOW + 1,
        ]),
        2 => -SECONDS_BELOW + 1..SECONDS_BELOW,
    ]
    .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap());
    prop_oneof![as_millis, as_seconds]
}

// ---------------------------------------------------------------------------------------------
// Unknown members
// ---------------------------------------------------------------------------------------------

/// Names no record models (every record's fields and aliases are avoided), all XML names; among
/// them the envelope's own names, which only the envelope and the header must not hold.
fn member_name() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => select(vec![
            "fileVault2Status",
            "supervised",
            "siteName",
            "größe",
            "日付",
            "𝒳𝒴",
            "_internal",
            "a.b-c",
            "x",
            "event",
            "webhook",
            "webhookEvent",
        ])
        .prop_map(str::to_owned),
        2 => "x[A-Za-z0-9_.-]{0,10}",
    ]
}

/// Finite numbers that serde_json reads back to the same `f64` (at most 15 significant digits:
/// without its `float_roundtrip` feature serde_json reads longer ones to within an ulp).
fn float() -> impl Strategy<Value = f64> {
    (-999_999_999_i64..999_999_999, 0_i32..6)
        .prop_map(|(mantissa, scale)| mantissa as f64 / 10_f64.powi(scale))
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        int().prop_map(Value::from),
        (i64::MAX as u64 + 1..=u64::MAX).prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

/// Any JSON value with XML names for keys, three levels deep at most.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(member_name(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn members() -> impl Strategy<Value = Map<String, Value>> {
    btree_map(member_name(), json_value(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn extra() -> impl Strategy<Value = Extra> {
    members().prop_map(Extra::from)
}

/// Members beside `event` and `webhook` (the envelope's), or beside `webhookEvent` (the
/// header's): a member of the same name would be shadowed.
fn members_but(names: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    members().prop_map(move |mut m| {
        m.retain(|k, _| !names.contains(&k.as_str()));
        m
    })
}

/// `extra` with a `null` for each field written only when present that is absent, where `bits`
/// says: the crate keeps such a `null` (sent for an optional field) in `extra`.
fn with_nulls(mut extra: Extra, bits: u16, absent: &[(&str, bool)]) -> Extra {
    for (i, (name, is_none)) in absent.iter().enumerate() {
        if *is_none && bits & (1 << i) != 0 {
            extra.insert((*name).to_owned(), Value::Null);
        }
    }
    extra
}

// ---------------------------------------------------------------------------------------------
// The header and the envelope
// ---------------------------------------------------------------------------------------------

/// Spellings of an event type name that name it (`same_name`: case, `-`, `_`, space ignored);
/// `webhookEvent` keeps the one sent.
fn spelling(name: &'static str) -> impl Strategy<Value = String> {
    let split = |sep: &str| {
        let mut out = String::new();
        for (i, c) in name.char_indices() {
            if i > 0 && c.is_ascii_uppercase() {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    let mut spellings = vec![
        name.to_owned(),
        name.to_ascii_lowercase(),
        name.to_ascii_uppercase(),
        split("_"),
        split("-"),
        split(" "),
        format!("{name} "),
    ];
    if name == "MobileDeviceUnEnrolled" {
        spellings.push("MobileDeviceUnenrolled".to_owned());
    }
    prop_oneof![3 => Just(name.to_owned()), 1 => select(spellings)]
}

fn webhook(kind: impl Strategy<Value = String>) -> impl Strategy<Value = Webhook> {
    (
        kind,
        opt_int(),
        opt_text(),
        of(event_time()),
        members_but(&["webhookEvent"]),
        any::<u16>(),
    )
        .prop_map(|(kind, id, name, at, extra, nulls)| {
            let mut webhook = Webhook::new(kind);
            webhook.id = id;
            webhook.event_timestamp = at;
            webhook.extra = with_nulls(
                Extra::from(extra),
                nulls,
                &[
                    ("id", id.is_none()),
                    ("name", name.is_none()),
                    ("eventTimestamp", at.is_none()),
                ],
            );
            webhook.name = name;
            webhook
        })
}

fn envelope<T: Debug + Clone>(
    name: &'static str,
    event: impl Strategy<Value = T>,
) -> impl Strategy<Value = Envelope<T>> {
    (
        webhook(spelling(name)),
        event,
        members_but(&["event", "webhook"]),
    )
        .prop_map(|(webhook, event, extra)| {
            let mut envelope = Envelope::new(webhook, event);
            envelope.extra = Extra::from(extra);
            envelope
        })
}

// ---------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------

prop_compose! {
    fn computer()(
        (udid, device_name, model, mac_address, alternate_mac_address, serial_number, os_version, os_build)
            in (opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (user_directory_id, username, real_name, email_address, phone, position, department, building)
            in (opt_id(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (room, ip_address, reported_ip_address, jss_id, management_id)
            in (opt_text(), opt_text(), opt_text(), opt_int(), opt_id()),
        extra in extra(),
        nulls in any::<u16>(),
    ) -> Computer {
        let mut c = Computer::default();
        c.extra = with_nulls(extra, nulls, &[("managementId", management_id.is_none())]);
        c.udid = udid;
        c.device_name = device_name;
        c.model = model;
        c.mac_address = mac_address;
        c.alternate_mac_address = alternate_mac_address;
        c.serial_number = serial_number;
        c.os_version = os_version;
        c.os_build = os_build;
        c.user_directory_id = user_directory_id;
        c.username = username;
        c.real_name = real_name;
        c.email_address = email_address;
        c.phone = phone;
        c.position = position;
        c.department = department;
        c.building = building;
        c.room = room;
        c.ip_address = ip_address;
        c.reported_ip_address = reported_ip_address;
        c.jss_id = jss_id;
        c.management_id = management_id;
        c
    }
}

prop_compose! {
    fn mobile_device()(
        (udid, device_name, version, model, bluetooth_mac_address, wifi_mac_address, imei, icci_id)
            in (opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (product, serial_number, user_directory_id, room, os_version, os_build, model_display, username)
            in (opt_text(), opt_text(), opt_id(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (jss_id, ip_address, management_id, building, department, email_address)
            in (opt_int(), opt_text(), opt_id(), opt_text(), opt_text(), opt_text()),
        (phone, position, real_name, mdm_command, mdm_command_uuid)
            in (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        extra in extra(),
        nulls in any::<u16>(),
    ) -> MobileDevice {
        let mut d = MobileDevice::default();
        d.extra = with_nulls(extra, nulls, &[
            ("managementId", management_id.is_none()),
            ("building", building.is_none()),
            ("department", department.is_none()),
            ("emailAddress", email_address.is_none()),
            ("phone", phone.is_none()),
            ("position", position.is_none()),
            ("realName", real_name.is_none()),
            ("mdmCommand", mdm_command.is_none()),
            ("mdmCommandUUID", mdm_command_uuid.is_none()),
        ]);
        d.udid = udid;
        d.device_name = device_name;
        d.version = version;
        d.model = model;
        d.bluetooth_mac_address = bluetooth_mac_address;
        d.wifi_mac_address = wifi_mac_address;
        d.imei = imei;
        d.icci_id = icci_id;
        d.product = product;
        d.serial_number = serial_number;
        d.user_directory_id = user_directory_id;
        d.room = room;
        d.os_version = os_version;
        d.os_build = os_build;
        d.model_display = model_display;
        d.username = username;
        d.jss_id = jss_id;
        d.ip_address = ip_address;
        d.management_id = management_id;
        d.building = building;
        d.department = department;
        d.email_address = email_address;
        d.phone = phone;
        d.position = position;
        d.real_name = real_name;
        d.mdm_command = mdm_command;
        d.mdm_command_uuid = mdm_command_uuid;
        d
    }
}

prop_compose! {
    fn computer_check_in()(trigger in opt_text(), username in opt_text(), computer in computer(), extra in extra())
        -> ComputerCheckIn {
        let mut e = ComputerCheckIn::default();
        e.trigger = trigger;
        e.username = username;
        e.computer = computer;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn computer_policy_finished()(policy_id in opt_int(), successful in opt_bool(), computer in computer(), extra in extra())
        -> ComputerPolicyFinished {
        let mut e = ComputerPolicyFinished::default();
        e.policy_id = policy_id;
        e.successful = successful;
        e.computer = computer;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn event_actions()(action in vec(text(), 0..4), extra in extra()) -> EventActions {
        let mut a = EventActions::default();
        a.action = action;
        a.extra = extra;
        a
    }
}

prop_compose! {
    fn computer_patch_policy_completed()(
        (patch_policy_id, patch_policy_name, software_title_id, deployed_version, successful)
            in (opt_int(), opt_text(), opt_int(), opt_text(), opt_bool()),
        event_actions in of(event_actions()),
        computer in computer(),
        extra in extra(),
    ) -> ComputerPatchPolicyCompleted {
        let mut e = ComputerPatchPolicyCompleted::default();
        e.patch_policy_id = patch_policy_id;
        e.patch_policy_name = patch_policy_name;
        e.software_title_id = software_title_id;
        e.deployed_version = deployed_version;
        e.successful = successful;
        e.event_actions = event_actions;
        e.computer = computer;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn device_added_to_dep()(
        (serial_number, model, description, asset_tag) in (opt_text(), opt_text(), opt_text(), opt_text()),
        device_assigned_date in of(millis()),
        device_enrollment_program_instance_id in opt_int(),
        extra in extra(),
    ) -> DeviceAddedToDep {
        let mut e = DeviceAddedToDep::default();
        e.serial_number = serial_number;
        e.model = model;
        e.description = description;
        e.asset_tag = asset_tag;
        e.device_assigned_date = device_assigned_date;
        e.device_enrollment_program_instance_id = device_enrollment_program_instance_id;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn jss_instance()(
        (institution, host_address, web_application_path, is_cluster_master, jss_url)
            in (opt_text(), opt_text(), opt_text(), opt_bool(), opt_text()),
        extra in extra(),
    ) -> JssInstance {
        let mut e = JssInstance::default();
        e.institution = institution;
        e.host_address = host_address;
        e.web_application_path = web_application_path;
        e.is_cluster_master = is_cluster_master;
        e.jss_url = jss_url;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn patch_software_title_updated()(
        (name, latest_version, last_update, report_urls, report_url, jss_id)
            in (opt_text(), opt_text(), of(millis()), of(vec(text(), 0..4)), opt_text(), opt_int()),
        extra in extra(),
        nulls in any::<u16>(),
    ) -> PatchSoftwareTitleUpdated {
        let mut e = PatchSoftwareTitleUpdated::default();
        e.extra = with_nulls(extra, nulls, &[
            ("reportUrls", report_urls.is_none()),
            ("reportUrl", report_url.is_none()),
        ]);
        e.name = name;
        e.latest_version = latest_version;
        e.last_update = last_update;
        e.report_urls = report_urls;
        e.report_url = report_url;
        e.jss_id = jss_id;
        e
    }
}

prop_compose! {
    fn push_sent()(push_type in opt_text(), management_id in opt_id(), jss_id in opt_int(), extra in extra(), nulls in any::<u16>())
        -> PushSent {
        let mut e = PushSent::default();
        e.extra = with_nulls(extra, nulls, &[
            ("managementId", management_id.is_none()),
            ("jssid", jss_id.is_none()),
        ]);
        e.push_type = push_type;
        e.management_id = management_id;
        e.jss_id = jss_id;
        e
    }
}

prop_compose! {
    fn rest_api_operation()(
        (operation_successful, object_id, object_name, object_type_name, authorized_username, rest_api_operation_type)
            in (opt_bool(), opt_int(), opt_text(), opt_text(), opt_text(), opt_text()),
        extra in extra(),
    ) -> RestApiOperation {
        let mut e = RestApiOperation::default();
        e.operation_successful = operation_successful;
        e.object_id = object_id;
        e.object_name = object_name;
        e.object_type_name = object_type_name;
        e.authorized_username = authorized_username;
        e.rest_api_operation_type = rest_api_operation_type;
        e.extra = extra;
        e
    }
}

prop_compose! {
    fn scep_target_device()(
        (os_version, os_build, bluetooth_mac_address, udid, imei, wifi_mac_address, product, room)
            in (opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (user_directory_id, model_display, device_name, icci_id, version, serial_number, model)
            in (opt_id(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        extra in extra(),
    ) -> ScepTargetDevice {
        let mut d = ScepTargetDevice::default();
        d.os_version = os_version;
        d.os_build = os_build;
        d.bluetooth_mac_address = bluetooth_mac_address;
        d.udid = udid;
        d.imei = imei;
        d.wifi_mac_address = wifi_mac_address;
        d.product = product;
        d.room = room;
        d.user_directory_id = user_directory_id;
        d.model_display = model_display;
        d.device_name = device_name;
        d.icci_id = icci_id;
        d.version = version;
        d.serial_number = serial_number;
        d.model = model;
        d.extra = extra;
        d
    }
}

prop_compose! {
    fn scep_target_user()(
        (password, uid, dn, email, realname, department_id)
            in (opt_text(), opt_id(), opt_text(), opt_text(), opt_text(), opt_int()),
        (building_id, room, phone, uuid, position, username)
            in (opt_int(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        extra in extra(),
    ) -> ScepTargetUser {
        let mut u = ScepTargetUser::default();
        u.password = password;
        u.uid = uid;
        u.dn = dn;
        u.email = email;
        u.realname = realname;
        u.department_id = department_id;
        u.building_id = building_id;
        u.room = room;
        u.phone = phone;
        u.uuid = uuid;
        u.position = position;
        u.username = username;
        u.extra = extra;
        u
    }
}

prop_compose! {
    fn scep_challenge()(
        target_device in of(scep_target_device()),
        target_user in of(scep_target_user()),
        payload_types in vec(text(), 0..4),
        payload_identifier in opt_text(),
        scep_server_url in opt_text(),
        extra in extra(),
    ) -> ScepChallenge {
        let mut e = ScepChallenge::default();
        e.target_device = target_device;
        e.target_user = target_user;
        e.payload_types = payload_types;
        e.payload_identifier = payload_identifier;
        e.scep_server_url = scep_server_url;
        e.extra = extra;
        e
    }
}

/// Which items a device list may hold in a property: what both forms carry, or anything JSON
/// carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Items {
    /// Records, names, and `Other` objects of text that do not fit the record: what an XML
    /// element can say (`GroupMember`'s docs: an element with text only is a name).
    BothForms,
    /// Also numbers, booleans, `null`, arrays and objects of any value: JSON only.
    JsonOnly,
}

/// An object that does not fit the record: `jssID` is not an integer, or `udid` not a string.
fn misfit() -> impl Strategy<Value = Map<String, Value>> {
    let breaker = prop_oneof![
        text().prop_map(|t| ("jssID".to_owned(), Value::from(format!("n/a{t}")))),
        text().prop_map(|t| ("udid".to_owned(), serde_json::json!({ "value": t }))),
    ];
    (
        breaker,
        btree_map(member_name(), text().prop_map(Value::from), 0..3),
    )
        .prop_map(|((key, value), rest)| {
            let mut object: Map<String, Value> = rest.into_iter().collect();
            object.insert(key, value);
            object
        })
}

fn group_member<T: Debug + Clone + 'static>(
    record: impl Strategy<Value = T> + 'static,
    items: Items,
) -> BoxedStrategy<GroupMember<T>> {
    let both = prop_oneof![
        3 => record.prop_map(GroupMember::Record),
        2 => text().prop_map(GroupMember::Name),
        1 => misfit().prop_map(|m| GroupMember::Other(Value::Object(m))),
    ];
    match items {
        Items::BothForms => both.boxed(),
        Items::JsonOnly => {
            let misfit_any = (misfit(), members()).prop_map(|(mut m, rest)| {
                for (key, value) in rest {
                    m.entry(key).or_insert(value);
                }
                Value::Object(m)
            });
            let other = prop_oneof![
                json_leaf().prop_filter("a string is a name", |v| !v.is_string()),
                vec(json_value(), 0..4).prop_map(Value::Array),
                misfit_any,
            ];
            prop_oneof![3 => both, 2 => other.prop_map(GroupMember::Other)].boxed()
        }
    }
}

fn smart_group_computers(
    items: Items,
) -> impl Strategy<Value = SmartGroupComputerMembershipChange> {
    (
        (opt_text(), opt_bool(), vec(int(), 0..4), vec(int(), 0..4)),
        (
            vec(group_member(computer(), items), 0..4),
            vec(group_member(computer(), items), 0..4),
        ),
        (opt_bool(), opt_int(), extra()),
    )
        .prop_map(
            |(
                (name, smart, added_ids, removed_ids),
                (added, removed),
                (computer, jss_id, extra),
            )| {
                let mut e = SmartGroupComputerMembershipChange::default();
                e.name = name;
                e.smart_group = smart;
                e.group_added_devices_ids = added_ids;
                e.group_removed_devices_ids = removed_ids;
                e.group_added_devices = added;
                e.group_removed_devices = removed;
                e.computer = computer;
                e.jss_id = jss_id;
                e.extra = extra;
                e
            },
        )
}

fn smart_group_mobile_devices(
    items: Items,
) -> impl Strategy<Value = SmartGroupMobileDeviceMembershipChange> {
    (
        (opt_text(), opt_bool(), vec(int(), 0..4), vec(int(), 0..4)),
        (
            vec(group_member(mobile_device(), items), 0..4),
            vec(group_member(mobile_device(), items), 0..4),
        ),
        (opt_bool(), opt_int(), extra()),
    )
        .prop_map(
            |(
                (name, smart, added_ids, removed_ids),
                (added, removed),
                (computer, jss_id, extra),
            )| {
                let mut e = SmartGroupMobileDeviceMembershipChange::default();
                e.name = name;
                e.smart_group = smart;
                e.group_added_devices_ids = added_ids;
                e.group_removed_devices_ids = removed_ids;
                e.group_added_devices = added;
                e.group_removed_devices = removed;
                e.computer = computer;
                e.jss_id = jss_id;
                e.extra = extra;
                e
            },
        )
}

prop_compose! {
    fn smart_group_users()(
        (name, smart_group, added, removed, jss_id)
            in (opt_text(), opt_bool(), vec(int(), 0..4), vec(int(), 0..4), opt_int()),
        extra in extra(),
    ) -> SmartGroupUserMembershipChange {
        let mut e = SmartGroupUserMembershipChange::default();
        e.name = name;
        e.smart_group = smart_group;
        e.group_added_user_ids = added;
        e.group_removed_user_ids = removed;
        e.jss_id = jss_id;
        e.extra = extra;
        e
    }
}

// ---------------------------------------------------------------------------------------------
// Unknown events
// ---------------------------------------------------------------------------------------------

fn unknown_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "ComputerDeleted",
            "MobileDeviceWiped",
            "PolicyRan",
            "JSSMaintenance"
        ])
        .prop_map(str::to_owned),
        text().prop_filter("a name, and not one of the 22", |name| {
            !name.is_empty() && !EventType::from_name(name).is_known()
        }),
    ]
}

/// A raw JSON event: any value, compact or indented, or numbers spelled as a sender might.
fn raw_json() -> impl Strategy<Value = RawEvent> {
    let spelled = vec(
        (
            member_name(),
            select(vec![
                "1.50",
                "-0",
                "1E2",
                "0.1e-5",
                "12345678901234567890",
                "-7",
            ]),
        ),
        0..4,
    )
    .prop_map(|members| {
        let body: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("{}: {v}", Value::from(k.as_str())))
            .collect();
        format!("{{ {} }}", body.join(" ,\n\t"))
    });
    prop_oneof![
        4 => members().prop_map(|m| serde_json::to_string(&Value::Object(m)).unwrap()),
        2 => members().prop_map(|m| serde_json::to_string_pretty(&Value::Object(m)).unwrap()),
        1 => json_value().prop_map(|v| serde_json::to_string(&v).unwrap()),
        1 => spelled,
    ]
    .prop_map(|text| RawEvent::Json(RawValue::from_string(text).unwrap()))
}

/// Text escaped as XML content, sometimes by character reference or in CDATA.
fn xml_text() -> impl Strategy<Value = String> {
    (text(), any::<bool>()).prop_map(|(text, cdata)| {
        let escaped = text
            .chars()
            .map(|c| match c {
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '&' => "&amp;".to_owned(),
                '\'' => "&apos;".to_owned(),
                '"' => "&quot;".to_owned(),
                'é' => "&#233;".to_owned(),
                c if c.is_control() && c != '\n' && c != '\t' => format!("&#x{:X};", u32::from(c)),
                c => c.to_string(),
            })
            .collect::<String>();
        if cdata
            && !text.contains("]]>")
            && !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            format!("<![CDATA[{text}]]>")
        } else {
            escaped
        }
    })
}

/// Element names as a sender might write them: some with a namespace prefix.
fn xml_name() -> impl Strategy<Value = String> {
    prop_oneof![4 => member_name(), 1 => member_name().prop_map(|n| format!("ns:{n}"))]
}

/// One element of a raw XML event, with formatting, comments and processing instructions
/// between children.
fn xml_element() -> impl Strategy<Value = String> {
    let leaf = (xml_name(), xml_text(), any::<bool>()).prop_map(|(name, text, attr)| {
        let attrs = if attr { " id=\"1\" kind='a&amp;b'" } else { "" };
        if text.is_empty() && attr {
            format!("<{name}{attrs}/>")
        } else {
            format!("<{name}{attrs}>{text}</{name}>")
        }
    });
    leaf.prop_recursive(3, 12, 4, |inner| {
        (
            xml_name(),
            vec(
                (
                    inner,
                    select(vec![
                        "",
                        "\n  ",
                        " ",
                        "<!-- note -->",
                        "<?pi data?>",
                        "\r\n\t",
                    ]),
                ),
                1..4,
            ),
        )
            .prop_map(|(name, children)| {
                let body: String = children
                    .into_iter()
                    .map(|(child, gap)| format!("{gap}{child}"))
                    .collect();
                format!("<{name}>{body}\n</{name}>")
            })
    })
}

fn raw_xml() -> impl Strategy<Value = RawEvent> {
    prop_oneof![
        1 => Just("<event/>".to_owned()),
        1 => xml_text().prop_map(|t| format!("<event>{t}</event>")),
        4 => vec(xml_element(), 0..4).prop_map(|children| format!("<event>{}</event>", children.concat())),
    ]
    .prop_map(RawEvent::Xml)
}

fn unknown_event() -> impl Strategy<Value = JamfEvent> {
    (
        webhook(unknown_name()),
        prop_oneof![raw_json(), raw_xml()],
        members_but(&["event", "webhook"]),
    )
        .prop_map(|(webhook, raw, extra)| {
            let mut event = UnknownEvent::new(webhook, raw);
            event.extra = Extra::from(extra);
            JamfEvent::Unknown(event)
        })
}

// ---------------------------------------------------------------------------------------------
// What is expected
// ---------------------------------------------------------------------------------------------

/// Whether a value writes at least one XML element: `null` writes none, an array one per item.
fn writes_element(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => items.iter().any(writes_element),
        _ => true,
    }
}

/// Whether a record writes a child element, without which its element has text only (empty).
fn writes_child<T: Serialize>(record: &T) -> bool {
    match serde_json::to_value(record).unwrap() {
        Value::Object(members) => members.values().any(writes_element),
        _ => true,
    }
}

/// A device list as XML reads it back: a record that writes no child is an empty element, which
/// is a name (`GroupMember`'s docs).
fn xml_items<T: Serialize>(items: &mut [GroupMember<T>]) {
    for item in items {
        if let GroupMember::Record(record) = item {
            if !writes_child(record) {
                *item = GroupMember::Name(String::new());
            }
        }
    }
}

/// The event as its XML form reads back, by the crate docs' normalisations. Those that equality
/// already covers (an `Identifier` integer reads back as text, `Extra` equality follows XML, an
/// empty list and an absent one are both "no element" for `Vec`s) need nothing here.
fn as_xml_reads_it(event: &JamfEvent) -> JamfEvent {
    let mut event = event.clone();
    match &mut event {
        // An empty JSON list and an absent one are both "no element".
        JamfEvent::PatchSoftwareTitleUpdated(e)
            if e.event.report_urls.as_ref().is_some_and(Vec::is_empty) =>
        {
            e.event.report_urls = None;
        }
        JamfEvent::SmartGroupComputerMembershipChange(e) => {
            xml_items(&mut e.event.group_added_devices);
            xml_items(&mut e.event.group_removed_devices);
        }
        JamfEvent::SmartGroupMobileDeviceMembershipChange(e) => {
            xml_items(&mut e.event.group_added_devices);
            xml_items(&mut e.event.group_removed_devices);
        }
        _ => {}
    }
    event
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

fn json_of(event: &JamfEvent) -> Result<String, TestCaseError> {
    event
        .to_json()
        .map_err(|e| TestCaseError::fail(format!("to_json: {e}")))
}

fn xml_of(event: &JamfEvent) -> Result<String, TestCaseError> {
    event
        .to_xml()
        .map_err(|e| TestCaseError::fail(format!("to_xml: {e}")))
}

fn read_json(json: &str) -> Result<JamfEvent, TestCaseError> {
    JamfEvent::from_json(json.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("from_json: {e}\n{json}")))
}

fn read_xml(xml: &str) -> Result<JamfEvent, TestCaseError> {
    JamfEvent::from_xml(xml.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("from_xml: {e}\n{xml}")))
}

/// The summary, checked against what `Event` says it holds; `json` is the event's JSON form.
fn summary_of(event: &JamfEvent, json: &str) -> Result<String, TestCaseError> {
    let summary = event.to_summary_json().unwrap();
    prop_assert!(!summary.contains('\n'), "one line: {}", summary);
    let value: Value = serde_json::from_str(&summary).unwrap();
    prop_assert_eq!(&value["source"], "jamf");
    prop_assert_eq!(&value["type"], event.event_type());
    prop_assert_eq!(&value["type"], &Value::from(event.kind().as_str()));
    prop_assert_eq!(&value["key"], &Value::from(event.dedup_key().as_ref()));
    let at = event.occurred_at().map(fleethooks_core::format_time);
    prop_assert_eq!(&value["occurred_at"], &serde_json::to_value(at).unwrap());
    let payload: Value = serde_json::from_str(json).unwrap();
    prop_assert_eq!(&value["payload"], &payload);
    Ok(summary)
}

/// The accessors that must not depend on the form an event came in.
fn same_facts(a: &JamfEvent, b: &JamfEvent) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.kind(), b.kind());
    prop_assert_eq!(a.event_type(), b.event_type());
    prop_assert_eq!(a.dedup_key(), b.dedup_key());
    prop_assert_eq!(a.occurred_at(), b.occurred_at());
    prop_assert_eq!(a.webhook_id(), b.webhook_id());
    prop_assert_eq!(a.webhook_name(), b.webhook_name());
    prop_assert_eq!(a.subject_id(), b.subject_id());
    prop_assert_eq!(a.serial_number(), b.serial_number());
    prop_assert_eq!(&a.webhook().webhook_event, &b.webhook().webhook_event);
    Ok(())
}

/// The JSON form: it reads back as the event, writes the same text again, and the summary is
/// the same for the event and its re-parse.
fn json_round_trip(event: &JamfEvent) -> Result<(), TestCaseError> {
    let json = json_of(event)?;
    let back = read_json(&json)?;
    match event {
        // Written as JSON by the generic rules, so read back as JSON: what that JSON says is
        // checked below (the same text, the same summary).
        JamfEvent::Unknown(UnknownEvent {
            event: RawEvent::Xml(_),
            webhook,
            extra,
            ..
        }) => {
            let JamfEvent::Unknown(back) = &back else {
                return Err(TestCaseError::fail(format!("not unknown: {back:?}")));
            };
            prop_assert_eq!(&back.webhook, webhook);
            prop_assert_eq!(&back.extra, extra);
        }
        _ => prop_assert_eq!(&back, event, "{}", json),
    }
    prop_assert_eq!(json_of(&back)?, json.clone());
    prop_assert_eq!(&JamfEvent::from_slice(json.as_bytes()).unwrap(), &back);
    prop_assert_eq!(
        &JamfEvent::from_body(Some("application/json; charset=utf-8"), json.as_bytes()).unwrap(),
        &back
    );
    if !matches!(event, JamfEvent::Unknown(_)) {
        // Neither whitespace, nor the order of members, nor a byte-order mark matters.
        let value: Value = serde_json::from_str(&json).unwrap();
        let pretty = [
            b"\xEF\xBB\xBF".as_slice(),
            &serde_json::to_vec_pretty(&value).unwrap(),
        ]
        .concat();
        prop_assert_eq!(&JamfEvent::from_slice(&pretty).unwrap(), &back);
    }
    same_facts(event, &back)?;
    prop_assert_eq!(summary_of(event, &json)?, summary_of(&back, &json)?);
    Ok(())
}

/// Both forms, and the way between them.
fn both_forms(event: &JamfEvent) -> Result<(), TestCaseError> {
    json_round_trip(event)?;
    let json = json_of(event)?;
    let summary = summary_of(event, &json)?;

    // The XML form reads back as the event (by the documented normalisations) and writes the
    // same text again.
    let xml = xml_of(event)?;
    let from_xml = read_xml(&xml)?;
    match event {
        JamfEvent::Unknown(unknown) => {
            let JamfEvent::Unknown(back) = &from_xml else {
                return Err(TestCaseError::fail(format!("not unknown: {from_xml:?}")));
            };
            prop_assert_eq!(&back.webhook, &unknown.webhook);
            prop_assert_eq!(&back.extra, &unknown.extra);
            match &unknown.event {
                // Kept byte for byte.
                RawEvent::Xml(raw) => prop_assert_eq!(&from_xml, event, "{}", raw),
                // Converted by the generic rules: an object's members become elements that
                // read back as `Extra` equality says (text for scalars).
                RawEvent::Json(raw) => {
                    let RawEvent::Xml(_) = &back.event else {
                        return Err(TestCaseError::fail("read from XML, kept as JSON"));
                    };
                    if let Value::Object(sent) = serde_json::from_str::<Value>(raw.get()).unwrap() {
                        let read: Value = serde_json::to_value(&back.event).unwrap();
                        let read = match read {
                            Value::Object(m) => m,
                            // An element without children reads as text: an empty one.
                            _ => Map::new(),
                        };
                        prop_assert_eq!(Extra::from(read), Extra::from(sent));
                    }
                }
                _ => {}
            }
        }
        _ => prop_assert_eq!(&from_xml, &as_xml_reads_it(event), "{}", xml),
    }
    prop_assert_eq!(xml_of(&from_xml)?, xml.clone());
    prop_assert_eq!(&JamfEvent::from_slice(xml.as_bytes()).unwrap(), &from_xml);
    prop_assert_eq!(
        &JamfEvent::from_body(Some("text/xml; charset=UTF-8"), xml.as_bytes()).unwrap(),
        &from_xml
    );
    same_facts(event, &from_xml)?;

    // Only raw XML, kept byte for byte, is rewritten by a trip through JSON.
    let raw_xml = matches!(event, JamfEvent::Unknown(u) if matches!(u.event, RawEvent::Xml(_)));
    // The JSON re-parse writes the same XML: JSON loses nothing XML says.
    if !raw_xml {
        prop_assert_eq!(xml_of(&read_json(&json)?)?, xml.clone());
    }

    // XML → JSON → XML: the XML re-parse's JSON form reads back equal, and is a fixed point of
    // the round trip through XML after this one step; so is the XML form.
    let json_1 = json_of(&from_xml)?;
    let back = read_json(&json_1)?;
    if matches!(event, JamfEvent::Unknown(_)) {
        // The raw XML event is read back from JSON as raw JSON: the same header and members,
        // the same JSON text.
        prop_assert_eq!(back.webhook(), from_xml.webhook());
        prop_assert_eq!(back.extra(), from_xml.extra());
        prop_assert_eq!(json_of(&back)?, json_1.clone());
    } else {
        prop_assert_eq!(&back, &from_xml, "{}", json_1);
    }
    let xml_2 = xml_of(&back)?;
    if !raw_xml {
        prop_assert_eq!(&xml_2, &xml);
    }
    let json_2 = json_of(&read_xml(&xml_2)?)?;
    prop_assert_eq!(&json_2, &json_1, "JSON → XML → JSON");
    prop_assert_eq!(xml_of(&read_json(&json_2)?)?, xml_2, "XML → JSON → XML");

    // The summary: the header fields whatever the form; all of it stable within a form.
    let from_xml_summary = summary_of(&from_xml, &json_1)?;
    let header = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("payload");
        v
    };
    prop_assert_eq!(header(&from_xml_summary), header(&summary));
    prop_assert_eq!(summary_of(&back, &json_1)?, from_xml_summary.clone());
    prop_assert_eq!(
        summary_of(&read_xml(&xml_of(&from_xml)?)?, &json_1)?,
        from_xml_summary
    );
    Ok(())
}

/// Declares one property per event type, over both forms, and the list of the types covered.
macro_rules! every_event {
    ($( $test:ident: $variant:ident($payload:expr); )*) => {
        proptest! {
            $(
                #[test]
                fn $test(event in envelope(stringify!($variant), $payload).prop_map(JamfEvent::$variant)) {
                    both_forms(&event)?;
                }
            )*
        }

        /// The event types with a property above.
        const COVERED: &[&str] = &[$( stringify!($variant), )*];
    };
}

every_event! {
    computer_added_in_both_forms: ComputerAdded(computer());
    computer_check_in_in_both_forms: ComputerCheckIn(computer_check_in());
    computer_inventory_completed_in_both_forms: ComputerInventoryCompleted(computer());
    computer_patch_policy_completed_in_both_forms: ComputerPatchPolicyCompleted(computer_patch_policy_completed());
    computer_policy_finished_in_both_forms: ComputerPolicyFinished(computer_policy_finished());
    computer_push_capability_changed_in_both_forms: ComputerPushCapabilityChanged(computer());
    device_added_to_dep_in_both_forms: DeviceAddedToDEP(device_added_to_dep());
    jss_shutdown_in_both_forms: JSSShutdown(jss_instance());
    jss_startup_in_both_forms: JSSStartup(jss_instance());
    mobile_device_check_in_in_both_forms: MobileDeviceCheckIn(mobile_device());
    mobile_device_command_completed_in_both_forms: MobileDeviceCommandCompleted(mobile_device());
    mobile_device_enrolled_in_both_forms: MobileDeviceEnrolled(mobile_device());
    mobile_device_inventory_completed_in_both_forms: MobileDeviceInventoryCompleted(mobile_device());
    mobile_device_push_sent_in_both_forms: MobileDevicePushSent(mobile_device());
    mobile_device_un_enrolled_in_both_forms: MobileDeviceUnEnrolled(mobile_device());
    patch_software_title_updated_in_both_forms: PatchSoftwareTitleUpdated(patch_software_title_updated());
    push_sent_in_both_forms: PushSent(push_sent());
    rest_api_operation_in_both_forms: RestAPIOperation(rest_api_operation());
    scep_challenge_in_both_forms: SCEPChallenge(scep_challenge());
    smart_group_computer_membership_change_in_both_forms: SmartGroupComputerMembershipChange(smart_group_computers(Items::BothForms));
    smart_group_mobile_device_membership_change_in_both_forms: SmartGroupMobileDeviceMembershipChange(smart_group_mobile_devices(Items::BothForms));
    smart_group_user_membership_change_in_both_forms: SmartGroupUserMembershipChange(smart_group_users());
}

#[test]
fn every_documented_event_has_a_property() {
    let documented: Vec<&str> = EventType::ALL.iter().map(EventType::as_str).collect();
    assert_eq!(COVERED, documented.as_slice());
}

/// Any known event, for the properties that hold for all of them.
fn known_event() -> impl Strategy<Value = JamfEvent> {
    prop_oneof![
        envelope("ComputerAdded", computer())
            .prop_map(JamfEvent::ComputerAdded)
            .boxed(),
        envelope("ComputerCheckIn", computer_check_in())
            .prop_map(JamfEvent::ComputerCheckIn)
            .boxed(),
        envelope(
            "ComputerPatchPolicyCompleted",
            computer_patch_policy_completed()
        )
        .prop_map(JamfEvent::ComputerPatchPolicyCompleted)
        .boxed(),
        envelope("DeviceAddedToDEP", device_added_to_dep())
            .prop_map(JamfEvent::DeviceAddedToDEP)
            .boxed(),
        envelope("JSSStartup", jss_instance())
            .prop_map(JamfEvent::JSSStartup)
            .boxed(),
        envelope("MobileDeviceEnrolled", mobile_device())
            .prop_map(JamfEvent::MobileDeviceEnrolled)
            .boxed(),
        envelope("PatchSoftwareTitleUpdated", patch_software_title_updated())
            .prop_map(JamfEvent::PatchSoftwareTitleUpdated)
            .boxed(),
        envelope("PushSent", push_sent())
            .prop_map(JamfEvent::PushSent)
            .boxed(),
        envelope("RestAPIOperation", rest_api_operation())
            .prop_map(JamfEvent::RestAPIOperation)
            .boxed(),
        envelope("SCEPChallenge", scep_challenge())
            .prop_map(JamfEvent::SCEPChallenge)
            .boxed(),
        envelope(
            "SmartGroupComputerMembershipChange",
            smart_group_computers(Items::BothForms)
        )
        .prop_map(JamfEvent::SmartGroupComputerMembershipChange)
        .boxed(),
        envelope("SmartGroupUserMembershipChange", smart_group_users())
            .prop_map(JamfEvent::SmartGroupUserMembershipChange)
            .boxed(),
    ]
}

/// The string leaves of a JSON value, each with the name of the element XML writes it in: the
/// key of the member holding it (for an array item, the array's).
fn string_leaves(
    value: &Value,
    element: &str,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) {
    match value {
        Value::String(_) => out.push((path.clone(), element.to_owned())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                string_leaves(item, element, path, out);
                path.pop();
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                path.push(key.clone());
                string_leaves(member, key, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn leaf_mut<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match v {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        Value::Object(members) => members.get_mut(step).unwrap(),
        _ => panic!("no {step} in {v}"),
    })
}

proptest! {
    /// Device lists holding anything JSON can (numbers, `null`, arrays, objects that fit no
    /// record) keep every item in the JSON form.
    #[test]
    fn device_lists_of_any_json_round_trip(
        computers in envelope("SmartGroupComputerMembershipChange", smart_group_computers(Items::JsonOnly)),
        devices in envelope("SmartGroupMobileDeviceMembershipChange", smart_group_mobile_devices(Items::JsonOnly)),
    ) {
        json_round_trip(&JamfEvent::SmartGroupComputerMembershipChange(computers))?;
        json_round_trip(&JamfEvent::SmartGroupMobileDeviceMembershipChange(devices))?;
    }

    /// Unknown events, raw JSON (any value) or raw XML: each form kept, the forms crossed by the
    /// generic rules.
    #[test]
    fn unknown_events(event in unknown_event()) {
        both_forms(&event)?;
    }

    /// JSON carries U+0000 and XML cannot: an event with one in any string reads from JSON and
    /// writes JSON back, and writing XML is `Error::XmlNul` naming the element the string
    /// belongs to. XML with one is refused where it is.
    #[test]
    fn a_nul_is_refused_by_xml_only(
        event in known_event(),
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut value: Value = serde_json::from_str(&json_of(&event)?).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&value, "", &mut Vec::new(), &mut leaves);
        // The event type's name is what selects the model; it stays as it is.
        leaves.retain(|(path, _)| path != &["webhook", "webhookEvent"]);
        prop_assume!(!leaves.is_empty());
        let (path, element) = &leaves[pick.index(leaves.len())];
        let Value::String(s) = leaf_mut(&mut value, path) else { unreachable!() };
        let boundaries: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        s.insert(boundaries[at.index(boundaries.len())], '\0');

        let json = serde_json::to_string(&value).unwrap();
        let with_nul = read_json(&json)?;
        prop_assert_eq!(serde_json::from_str::<Value>(&json_of(&with_nul)?).unwrap(), value);
        match with_nul.to_xml() {
            Err(Error::XmlNul { path }) => prop_assert_eq!(&path, element, "{}", json),
            other => return Err(TestCaseError::fail(format!("expected XmlNul in `{element}`, got {other:?}"))),
        }

        // The same character in the XML form, anywhere, is refused at its line and column.
        let xml = xml_of(&event)?;
        let boundaries: Vec<usize> = (0..=xml.len()).filter(|&i| xml.is_char_boundary(i)).collect();
        let offset = boundaries[at.index(boundaries.len())];
        let mut bad = xml.clone();
        bad.insert(offset, '\0');
        let line = 1 + xml[..offset].matches('\n').count();
        let column = offset - xml[..offset].rfind('\n').map_or(0, |nl| nl + 1) + 1;
        match JamfEvent::from_xml(bad.as_bytes()) {
            Err(Error::XmlStructure { path, line: l, column: c, message }) => {
                prop_assert_eq!((path.as_str(), l, c, message.as_str()), ("/", line, column, "U+0000 is not allowed in XML"));
            }
            other => return Err(TestCaseError::fail(format!("expected U+0000 refused, got {other:?}"))),
        }
    }

    /// A member whose name is no XML name is kept in the JSON form, and writing XML names it
    /// in `Error::XmlName`.
    #[test]
    fn members_without_an_xml_name_stay_json(
        event in known_event(),
        name in prop_oneof![
            Just(String::new()),
            "[0-9.-][a-zA-Z0-9]{0,6}",
            "[a-z]{1,4}[ :/!@#$%^*()=+?,;|~`]{1,2}[a-z]{0,4}",
            select(vec!["×", "a\u{2000}b", "a b", "x\"y", "<x>", "ns:field"]).prop_map(str::to_owned),
        ],
        value in json_leaf().prop_filter("writes an element", writes_element),
    ) {
        let mut value_of: Value = serde_json::from_str(&json_of(&event)?).unwrap();
        value_of["event"].as_object_mut().unwrap().insert(name.clone(), value);
        let json = serde_json::to_string(&value_of).unwrap();
        let with_name = read_json(&json)?;
        prop_assert_eq!(serde_json::from_str::<Value>(&json_of(&with_name)?).unwrap(), value_of);
        match with_name.to_xml() {
            Err(Error::XmlName { name: n }) => prop_assert_eq!(n, name),
            other => return Err(TestCaseError::fail(format!("expected XmlName, got {other:?}"))),
        }
    }
}

/// The legacy flat form of a computer event's JSON: the computer's members directly in `event`.
fn flat_json(json: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let event = value["event"].as_object_mut().unwrap();
    // A flat `username` is the computer's.
    event.remove("username");
    let Some(Value::Object(computer)) = event.remove("computer") else {
        panic!("no computer in {json}")
    };
    event.extend(computer);
    serde_json::to_string(&value).unwrap()
}

/// The same for XML: the computer's elements directly in `<event>`.
fn flat_xml(xml: &str) -> String {
    assert_eq!(xml.matches("<computer>").count(), 1, "{xml}");
    xml.replace("<computer>", "").replace("</computer>", "")
}

/// The computer's unknown members, which the flat form puts among the event's.
fn among_the_event_s(event: &mut Extra, computer: &mut Extra) -> Result<(), TestCaseError> {
    let moved = std::mem::take(computer).into_inner();
    prop_assume!(moved.keys().all(|k| !event.contains_key(k)));
    event.extend(moved);
    Ok(())
}

fn flat_reads_as(event: &JamfEvent, expected: &JamfEvent) -> Result<(), TestCaseError> {
    let flat = flat_json(&json_of(event)?);
    prop_assert_eq!(&read_json(&flat)?, expected, "{}", flat);
    let flat = flat_xml(&xml_of(event)?);
    prop_assert_eq!(&read_xml(&flat)?, &as_xml_reads_it(expected), "{}", flat);
    Ok(())
}

proptest! {
    /// The legacy flat form of `ComputerCheckIn` (crate docs, "Real payloads versus the
    /// document") reads into `computer`, in both forms; its `username` is the computer's.
    #[test]
    fn flat_computer_check_in_reads_nested(check_in in envelope("ComputerCheckIn", computer_check_in())) {
        let mut check_in = check_in;
        check_in.event.username = None;
        let mut expected = check_in.clone();
        among_the_event_s(&mut expected.event.extra, &mut expected.event.computer.extra)?;
        flat_reads_as(&JamfEvent::ComputerCheckIn(check_in), &JamfEvent::ComputerCheckIn(expected))?;
    }

    /// The same for `ComputerPolicyFinished`.
    #[test]
    fn flat_computer_policy_finished_reads_nested(policy in envelope("ComputerPolicyFinished", computer_policy_finished())) {
        let mut expected = policy.clone();
        among_the_event_s(&mut expected.event.extra, &mut expected.event.computer.extra)?;
        flat_reads_as(&JamfEvent::ComputerPolicyFinished(policy), &JamfEvent::ComputerPolicyFinished(expected))?;
    }

    /// The same for `ComputerPatchPolicyCompleted`.
    #[test]
    fn flat_computer_patch_policy_completed_reads_nested(
        patch in envelope("ComputerPatchPolicyCompleted", computer_patch_policy_completed()),
    ) {
        let mut expected = patch.clone();
        among_the_event_s(&mut expected.event.extra, &mut expected.event.computer.extra)?;
        flat_reads_as(
            &JamfEvent::ComputerPatchPolicyCompleted(patch),
            &JamfEvent::ComputerPatchPolicyCompleted(expected),
        )?;
    }
}

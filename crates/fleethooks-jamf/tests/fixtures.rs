//! One test per fixture file: parse through the public entry point, check the variant and real
//! field values, compare with the twin in the other form, and round-trip against the original.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures"
)]

use chrono::{TimeZone, Utc};
use fleethooks_jamf::{
    EventType, Identifier, JamfEvent, RawEvent, from_body, from_json, from_xml, to_json, to_xml,
};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// How far a fixture's round trip is expected to go.
#[derive(Clone, Copy, PartialEq)]
enum Trip {
    /// JSON → model → JSON equals the original value; the XML twin parses equal.
    Exact,
    /// Read into a normalized model (legacy flat form, ignored undocumented fields): the twin
    /// parses equal, and writing then reading gives the same model.
    Normalized,
    /// An unknown event: raw payload kept per form, so the twins differ.
    Unknown,
}

fn json_case(stem: &str, trip: Trip, check: fn(&JamfEvent)) {
    let bytes = fixture(&format!("{stem}.json"));
    let event = from_body(None, &bytes).unwrap();
    assert_eq!(
        from_body(Some("application/json; charset=UTF-8"), &bytes).unwrap(),
        event
    );
    check(&event);

    if trip != Trip::Unknown {
        let twin = from_xml(&fixture(&format!("{stem}.xml"))).unwrap();
        assert_eq!(twin, event, "XML twin differs");
    }
    let written = to_json(&event).unwrap();
    assert_eq!(from_json(written.as_bytes()).unwrap(), event);
    if trip != Trip::Normalized {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), original);
    }
}

fn xml_case(stem: &str, trip: Trip, check: fn(&JamfEvent)) {
    let bytes = fixture(&format!("{stem}.xml"));
    let event = from_body(None, &bytes).unwrap();
    assert_eq!(from_body(Some("text/xml"), &bytes).unwrap(), event);
    check(&event);

    if trip != Trip::Unknown {
        let twin = from_json(&fixture(&format!("{stem}.json"))).unwrap();
        assert_eq!(twin, event, "JSON twin differs");
    }
    let written = to_xml(&event).unwrap();
    assert_eq!(from_xml(written.as_bytes()).unwrap(), event, "{written}");
    // Writing is deterministic: the written form is a fixed point.
    assert_eq!(
        to_xml(&from_xml(written.as_bytes()).unwrap()).unwrap(),
        written
    );
}

macro_rules! fixture_tests {
    ($( $name:ident => $stem:literal, $trip:ident, $check:expr; )*) => {
        mod json {
            use super::*;
            $( #[test] fn $name() { json_case($stem, Trip::$trip, $check) } )*
        }
        mod xml {
            use super::*;
            $( #[test] fn $name() { xml_case($stem, Trip::$trip, $check) } )*
        }
    };
}

fn ms(millis: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(millis).unwrap()
}

fn check_header(e: &JamfEvent, name: &str, millis: i64) {
    assert_eq!(e.event_type(), name);
    assert_eq!(e.webhook_id(), Some(7));
    assert_eq!(e.webhook_name(), Some("Fleet events to SIEM"));
    assert_eq!(e.occurred_at(), Some(ms(millis)));
}

fn check_akiko(c: &fleethooks_jamf::Computer) {
    assert_eq!(c.serial_number.as_deref(), Some("C02XK1JDJG5J"));
    assert_eq!(
        c.udid.as_deref(),
        Some("5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95")
    );
    assert_eq!(c.mac_address.as_deref(), Some("A4:83:E7:1C:2B:9F"));
    assert_eq!(
        c.email_address.as_deref(),
        Some("akiko.tanaka@northwind-labs.com")
    );
    assert_eq!(c.reported_ip_address.as_deref(), Some("10.20.4.117"));
    assert_eq!(c.user_directory_id, Some(Identifier::Text("-1".into())));
    assert_eq!(c.jss_id, Some(1842));
}

fn check_lab_ipad(m: &fleethooks_jamf::MobileDevice) {
    assert_eq!(m.serial_number.as_deref(), Some("DMPXK2LFQ1GC"));
    assert_eq!(m.udid.as_deref(), Some("00008110-001A2C3E0E88801E"));
    assert_eq!(m.wifi_mac_address.as_deref(), Some("F8:B1:DD:76:77:43"));
    assert_eq!(m.icci_id.as_deref(), Some("8901 4104 2796 5118 5023"));
    assert_eq!(m.jss_id, Some(311));
    assert_eq!(m.ip_address.as_deref(), Some("192.0.2.45"));
}

fixture_tests! {
    computer_added => "computer_added", Exact, |e| {
        let JamfEvent::ComputerAdded(c) = e else { panic!("{e:?}") };
        check_header(e, "ComputerAdded", 1712826143512);
        check_akiko(&c.event);
        assert_eq!(c.event.management_id.as_ref().and_then(Identifier::management_uuid), Some("8d3c1e27-6f0b-4a52-9b1e-2f7d4c9a0e61"));
        assert_eq!(e.subject_id(), Some(1842));
        assert_eq!(e.dedup_key(), "7:ComputerAdded:1712826143512:1842");
    };
    computer_check_in => "computer_check_in", Exact, |e| {
        let JamfEvent::ComputerCheckIn(c) = e else { panic!("{e:?}") };
        check_header(e, "ComputerCheckIn", 1712830021877);
        assert_eq!(c.event.trigger.as_deref(), Some("CLIENT_CHECKIN"));
        assert_eq!(c.event.username.as_deref(), Some("akiko.tanaka"));
        check_akiko(&c.event.computer);
        assert_eq!(e.serial_number(), Some("C02XK1JDJG5J"));
    };
    computer_inventory_completed => "computer_inventory_completed", Exact, |e| {
        let JamfEvent::ComputerInventoryCompleted(c) = e else { panic!("{e:?}") };
        check_header(e, "ComputerInventoryCompleted", 1712831550204);
        // An integer in JSON, text in XML: equal by value.
        assert_eq!(c.event.user_directory_id, Some(Identifier::Integer(1093)));
        assert_eq!(c.event.ip_address.as_deref(), Some(""));
        assert_eq!(c.event.reported_ip_address.as_deref(), Some("172.16.8.31"));
    };
    computer_patch_policy_completed => "computer_patch_policy_completed", Exact, |e| {
        let JamfEvent::ComputerPatchPolicyCompleted(p) = e else { panic!("{e:?}") };
        check_header(e, "ComputerPatchPolicyCompleted", 1712834400950);
        assert_eq!(p.event.patch_policy_id, Some(58));
        assert_eq!(p.event.software_title_id, Some(12));
        assert_eq!(p.event.deployed_version.as_deref(), Some("124.0.6367.91"));
        assert_eq!(p.event.successful, Some(true));
        let actions = &p.event.event_actions.as_ref().unwrap().action;
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[1], "Installed GoogleChrome-124.0.6367.91.pkg");
        check_akiko(&p.event.computer);
    };
    computer_policy_finished => "computer_policy_finished", Exact, |e| {
        let JamfEvent::ComputerPolicyFinished(p) = e else { panic!("{e:?}") };
        check_header(e, "ComputerPolicyFinished", 1712835012345);
        assert_eq!(p.event.policy_id, Some(214));
        assert_eq!(p.event.successful, Some(false));
        check_akiko(&p.event.computer);
    };
    computer_push_capability_changed => "computer_push_capability_changed", Exact, |e| {
        let JamfEvent::ComputerPushCapabilityChanged(c) = e else { panic!("{e:?}") };
        check_header(e, "ComputerPushCapabilityChanged", 1712836620001);
        assert_eq!(c.event.serial_number.as_deref(), Some("FVFHX3Q1Q6L4"));
        assert_eq!(e.dedup_key(), "7:ComputerPushCapabilityChanged:1712836620001:2077");
    };
    device_added_to_dep => "device_added_to_dep", Exact, |e| {
        let JamfEvent::DeviceAddedToDEP(d) = e else { panic!("{e:?}") };
        check_header(e, "DeviceAddedToDEP", 1712840000123);
        assert_eq!(d.event.serial_number.as_deref(), Some("C02ZW0QJMD6M"));
        assert_eq!(d.event.asset_tag.as_deref(), Some("NW-004417"));
        assert_eq!(d.event.device_assigned_date, Some(ms(1712793600000)));
        assert_eq!(d.event.device_enrollment_program_instance_id, Some(2));
        assert_eq!(e.subject_id(), None);
        assert_eq!(e.dedup_key(), "7:DeviceAddedToDEP:1712840000123:C02ZW0QJMD6M");
    };
    jss_shutdown => "jss_shutdown", Exact, |e| {
        let JamfEvent::JSSShutdown(j) = e else { panic!("{e:?}") };
        check_header(e, "JSSShutdown", 1712844001000);
        assert_eq!(j.event.institution.as_deref(), Some("Northwind Labs"));
        assert_eq!(j.event.is_cluster_master, Some(true));
        assert_eq!(e.dedup_key(), "7:JSSShutdown:1712844001000:10.0.12.5");
    };
    jss_startup => "jss_startup", Exact, |e| {
        let JamfEvent::JSSStartup(j) = e else { panic!("{e:?}") };
        check_header(e, "JSSStartup", 1712844187433);
        assert_eq!(j.event.jss_url.as_deref(), Some("https://northwind.jamfcloud.com/"));
        assert_eq!(j.event.is_cluster_master, Some(false));
    };
    mobile_device_check_in => "mobile_device_check_in", Exact, |e| {
        let JamfEvent::MobileDeviceCheckIn(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDeviceCheckIn", 1712850000511);
        check_lab_ipad(&m.event);
        assert_eq!(m.event.product, None);
        assert_eq!(m.event.mdm_command.as_deref(), Some("DeviceInformation"));
        assert_eq!(m.event.mdm_command_uuid.as_deref(), Some("0F5C2E1A-7B3D-4C8E-9A6F-1D2E3C4B5A69"));
        let id = m.event.management_id.as_ref().unwrap();
        assert_eq!(id.management_uuid(), Some("3f1b6c7e-92ad-4e0f-8b35-7a1d09c2e4f8"));
    };
    mobile_device_command_completed => "mobile_device_command_completed", Exact, |e| {
        let JamfEvent::MobileDeviceCommandCompleted(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDeviceCommandCompleted", 1712850004920);
        check_lab_ipad(&m.event);
        assert_eq!(m.event.mdm_command, None);
    };
    mobile_device_enrolled => "mobile_device_enrolled", Exact, |e| {
        let JamfEvent::MobileDeviceEnrolled(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDeviceEnrolled", 1712851200111);
        assert_eq!(m.event.serial_number.as_deref(), Some("F9FXK8LMQ1GF"));
        assert_eq!(e.subject_id(), Some(312));
    };
    mobile_device_inventory_completed => "mobile_device_inventory_completed", Exact, |e| {
        let JamfEvent::MobileDeviceInventoryCompleted(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDeviceInventoryCompleted", 1712852333444);
        assert_eq!(m.event.product.as_deref(), Some("J617AP"));
        check_lab_ipad(&m.event);
    };
    mobile_device_push_sent => "mobile_device_push_sent", Exact, |e| {
        let JamfEvent::MobileDevicePushSent(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDevicePushSent", 1712853001002);
        check_lab_ipad(&m.event);
    };
    mobile_device_unenrolled => "mobile_device_unenrolled", Exact, |e| {
        let JamfEvent::MobileDeviceUnEnrolled(m) = e else { panic!("{e:?}") };
        check_header(e, "MobileDeviceUnEnrolled", 1712854100765);
        assert_eq!(m.event.management_id, None);
        check_lab_ipad(&m.event);
    };
    patch_software_title_updated => "patch_software_title_updated", Exact, |e| {
        let JamfEvent::PatchSoftwareTitleUpdated(p) = e else { panic!("{e:?}") };
        check_header(e, "PatchSoftwareTitleUpdated", 1712860000001);
        assert_eq!(p.event.name.as_deref(), Some("Google Chrome"));
        assert_eq!(p.event.last_update, Some(ms(1712859400000)));
        let urls: Vec<_> = p.event.report_urls().collect();
        assert_eq!(urls, ["https://northwind.jamfcloud.com/patch.html?id=12&o=r", "https://northwind.jamfcloud.com/view/computers/patch/12/report"]);
        assert_eq!(p.event.report_url, None);
        assert_eq!(e.subject_id(), Some(12));
    };
    patch_software_title_updated_report_url => "patch_software_title_updated_report_url", Exact, |e| {
        let JamfEvent::PatchSoftwareTitleUpdated(p) = e else { panic!("{e:?}") };
        assert_eq!(p.event.report_urls, None);
        assert_eq!(p.event.report_urls().collect::<Vec<_>>(), ["https://northwind.jamfcloud.com/patch.html?id=19&o=r"]);
        assert_eq!(p.event.latest_version.as_deref(), Some("125.0.1"));
    };
    push_sent => "push_sent", Exact, |e| {
        let JamfEvent::PushSent(p) = e else { panic!("{e:?}") };
        check_header(e, "PushSent", 1712870000321);
        assert_eq!(p.event.push_type.as_deref(), Some("UpdateInventory"));
        assert_eq!(p.event.management_id.as_ref().and_then(Identifier::as_i64), Some(4410));
        assert_eq!(p.event.jss_id, None);
        assert_eq!(e.subject_id(), Some(4410));
    };
    push_sent_jssid => "push_sent_jssid", Exact, |e| {
        let JamfEvent::PushSent(p) = e else { panic!("{e:?}") };
        assert_eq!(p.event.push_type.as_deref(), Some("DeviceLock"));
        assert_eq!(p.event.jss_id, Some(311));
        assert_eq!(p.event.management_id, None);
    };
    rest_api_operation => "rest_api_operation", Exact, |e| {
        let JamfEvent::RestAPIOperation(r) = e else { panic!("{e:?}") };
        check_header(e, "RestAPIOperation", 1712871234567);
        assert_eq!(r.event.object_id, Some(1842));
        assert_eq!(r.event.object_type_name.as_deref(), Some("Computer"));
        assert_eq!(r.event.rest_api_operation_type.as_deref(), Some("UPDATE"));
        assert_eq!(r.event.operation_successful, Some(true));
        assert_eq!(e.dedup_key(), "7:RestAPIOperation:1712871234567:1842");
    };
    scep_challenge => "scep_challenge", Exact, |e| {
        let JamfEvent::SCEPChallenge(s) = e else { panic!("{e:?}") };
        assert_eq!(e.webhook_id(), Some(9));
        assert_eq!(e.occurred_at(), Some(ms(1712880000999)));
        let user = s.event.target_user.as_ref().unwrap();
        assert_eq!(user.username.as_deref(), Some("r.okafor"));
        assert_eq!(user.department_id, Some(4));
        assert_eq!(user.building_id, Some(2));
        assert_eq!(user.uid, Some(Identifier::Text("10452".into())));
        assert!(!format!("{user:?}").contains("Tr0ub4dor"));
        let device = s.event.target_device.as_ref().unwrap();
        assert_eq!(device.serial_number.as_deref(), Some("DMPXK2LFQ1GC"));
        assert_eq!(s.event.payload_types, ["com.apple.security.scep", "com.apple.security.pkcs1"]);
        assert_eq!(e.serial_number(), Some("DMPXK2LFQ1GC"));
        assert_eq!(e.dedup_key(), "9:SCEPChallenge:1712880000999:00008110-001A2C3E0E88801E");
    };
    smart_group_computer_membership_change => "smart_group_computer_membership_change", Exact, |e| {
        let JamfEvent::SmartGroupComputerMembershipChange(g) = e else { panic!("{e:?}") };
        check_header(e, "SmartGroupComputerMembershipChange", 1712890000111);
        assert_eq!(g.event.group_added_devices_ids, [1842, 2077]);
        assert_eq!(g.event.group_removed_devices_ids, [1690]);
        assert!(g.event.group_added_devices.is_empty());
        assert_eq!(g.event.computer, Some(true));
        assert_eq!(g.event.jss_id, Some(41));
    };
    smart_group_mobile_device_membership_change => "smart_group_mobile_device_membership_change", Exact, |e| {
        let JamfEvent::SmartGroupMobileDeviceMembershipChange(g) = e else { panic!("{e:?}") };
        check_header(e, "SmartGroupMobileDeviceMembershipChange", 1712890000222);
        // One repeated element in XML is a one-item list.
        assert_eq!(g.event.group_added_devices_ids, [311]);
        assert_eq!(g.event.group_added_devices.len(), 1);
        check_lab_ipad(&g.event.group_added_devices[0]);
        assert!(g.event.group_removed_devices_ids.is_empty());
        assert_eq!(g.event.computer, Some(false));
    };
    smart_group_user_membership_change => "smart_group_user_membership_change", Exact, |e| {
        let JamfEvent::SmartGroupUserMembershipChange(g) = e else { panic!("{e:?}") };
        check_header(e, "SmartGroupUserMembershipChange", 1712890000333);
        assert_eq!(g.event.group_added_user_ids, [88, 91]);
        assert_eq!(g.event.name.as_deref(), Some("Contractors"));
        assert_eq!(e.subject_id(), Some(5));
    };
    legacy_computer_check_in => "legacy_computer_check_in", Normalized, |e| {
        let JamfEvent::ComputerCheckIn(c) = e else { panic!("{e:?}") };
        assert_eq!(c.event.trigger.as_deref(), Some("CLIENT_CHECKIN"));
        // Flat, `username` is the computer's.
        assert_eq!(c.event.username, None);
        check_akiko(&c.event.computer);
        assert_eq!(c.event.computer.username.as_deref(), Some("akiko.tanaka"));
        // Written back in the nested, documented form.
        let json: Value = serde_json::to_value(e).unwrap();
        assert_eq!(json["event"]["computer"]["serialNumber"], "C02XK1JDJG5J");
        assert!(json["event"].get("serialNumber").is_none());
    };
    legacy_computer_policy_finished => "legacy_computer_policy_finished", Normalized, |e| {
        let JamfEvent::ComputerPolicyFinished(p) = e else { panic!("{e:?}") };
        assert_eq!(p.event.policy_id, Some(214));
        assert_eq!(p.event.successful, Some(true));
        check_akiko(&p.event.computer);
    };
    legacy_computer_patch_policy_completed => "legacy_computer_patch_policy_completed", Normalized, |e| {
        let JamfEvent::ComputerPatchPolicyCompleted(p) = e else { panic!("{e:?}") };
        assert_eq!(p.event.patch_policy_name.as_deref(), Some("Google Chrome - Latest"));
        assert_eq!(p.event.event_actions, None);
        check_akiko(&p.event.computer);
    };
    header_minimal => "header_minimal", Exact, |e| {
        let JamfEvent::ComputerAdded(c) = e else { panic!("{e:?}") };
        assert_eq!(e.occurred_at(), None);
        assert_eq!(e.webhook_id(), None);
        assert_eq!(e.webhook_name(), None);
        assert_eq!(c.event.management_id, None);
        assert_eq!(e.dedup_key(), "-:ComputerAdded:-:1842");
    };
    webhook_first => "webhook_first", Exact, |e| {
        let JamfEvent::ComputerPolicyFinished(p) = e else { panic!("{e:?}") };
        assert_eq!(p.event.policy_id, Some(214));
        check_akiko(&p.event.computer);
    };
    case_variant_unenrolled => "case_variant_unenrolled", Exact, |e| {
        let JamfEvent::MobileDeviceUnEnrolled(m) = e else { panic!("{e:?}") };
        assert_eq!(e.event_type(), "MobileDeviceUnEnrolled");
        // The spelling that was sent is kept for writing back.
        assert_eq!(m.webhook.webhook_event, "MobileDeviceUnenrolled");
        assert_eq!(m.webhook.event_type(), EventType::MobileDeviceUnEnrolled);
    };
    case_variant_lowercase => "case_variant_lowercase", Exact, |e| {
        let JamfEvent::ComputerInventoryCompleted(c) = e else { panic!("{e:?}") };
        assert_eq!(e.event_type(), "ComputerInventoryCompleted");
        check_akiko(&c.event);
    };
    unknown_event => "unknown_event", Unknown, |e| {
        let JamfEvent::Unknown(u) = e else { panic!("{e:?}") };
        assert_eq!(u.event_type(), "ComputerDeleted");
        assert_eq!(e.event_type(), "ComputerDeleted");
        assert_eq!(e.kind(), EventType::Unknown("ComputerDeleted".into()));
        assert_eq!(e.occurred_at(), Some(ms(1712899999000)));
        match &u.event {
            RawEvent::Json(raw) => assert!(raw.get().contains("\"reason\": \"Retired\"")),
            RawEvent::Xml(raw) => assert!(raw.starts_with("<event>") && raw.contains("<reason>Retired</reason>")),
            _ => unreachable!(),
        }
        // Either form converts to the same JSON value.
        let json: Value = serde_json::to_value(e).unwrap();
        assert_eq!(json["event"]["serialNumber"], "C02YL2ABJGH5");
        assert_eq!(json["event"]["tags"], serde_json::json!(["retired", "wiped"]));
    };
    undocumented_fields => "undocumented_fields", Normalized, |e| {
        let JamfEvent::MobileDeviceEnrolled(m) = e else { panic!("{e:?}") };
        assert_eq!(m.event.building.as_deref(), Some("HQ Building 2"));
        assert_eq!(m.event.department.as_deref(), Some("Research"));
        assert_eq!(m.event.real_name.as_deref(), Some("Ruth Okafor"));
        assert_eq!(m.event.email_address.as_deref(), Some("ruth.okafor@northwind-labs.com"));
        // Modelled fields round-trip; the rest (`supervised`, `lostModeEnabled`) is dropped.
        let mut original: Value = serde_json::from_slice(&fixture("undocumented_fields.json")).unwrap();
        let event = original["event"].as_object_mut().unwrap();
        event.remove("supervised");
        event.remove("lostModeEnabled");
        assert_eq!(serde_json::to_value(e).unwrap(), original);
    };
}

#[test]
fn unknown_event_crosses_forms_by_the_generic_rules() {
    let from_j = from_json(&fixture("unknown_event.json")).unwrap();
    let from_x = from_xml(&fixture("unknown_event.xml")).unwrap();
    // XML carries text only, so the JSON integer arrives as a string.
    let mut expected: Value = serde_json::to_value(&from_j).unwrap();
    expected["event"]["jssID"] = Value::from("1690");
    assert_eq!(serde_json::to_value(&from_x).unwrap(), expected);
    let via_xml = from_xml(to_xml(&from_j).unwrap().as_bytes()).unwrap();
    assert_eq!(serde_json::to_value(&via_xml).unwrap(), expected);
}

#[test]
fn every_documented_event_has_a_fixture_pair() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        names.insert(from_body(None, &bytes).unwrap().event_type().to_owned());
    }
    for kind in EventType::ALL {
        assert!(names.contains(kind.as_str()), "no fixture for {kind}");
    }
    assert_eq!(EventType::ALL.len(), 22);
}

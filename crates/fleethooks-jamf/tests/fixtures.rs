//! One test per fixture file: parse through the public entry point, check the variant and real
//! field values, compare with the twin in the other form, and round-trip against the original.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures"
)]

use chrono::{TimeZone, Utc};
use fleethooks_jamf::{Event, EventType, GroupMember, Identifier, JamfEvent, RawEvent};
use serde_json::{Value, json};

fn from_body(content_type: Option<&str>, body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_body(content_type, body)
}

fn from_json(body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_json(body)
}

fn from_xml(body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_xml(body)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// How far a fixture's round trip is expected to go.
#[derive(Clone, Copy, PartialEq)]
enum Trip {
    /// JSON → model → JSON equals the original value, unknown members included; the XML twin
    /// parses equal.
    Exact,
    /// Read into a normalized model (legacy flat form, a timestamp in seconds): the twin parses
    /// equal, and writing then reading gives the same model.
    Normalized,
    /// An unknown event: raw payload kept per form, so the twins differ.
    Unknown,
}

fn json_case(stem: &str, trip: Trip, check: fn(&JamfEvent)) {
    let bytes = fixture(&format!("{stem}.json"));
    let event = from_body(None, &bytes).unwrap();
    assert_eq!(JamfEvent::from_slice(&bytes).unwrap(), event);
    assert_eq!(
        from_body(Some("application/json; charset=UTF-8"), &bytes).unwrap(),
        event
    );
    check(&event);

    if trip != Trip::Unknown {
        let twin = from_xml(&fixture(&format!("{stem}.xml"))).unwrap();
        assert_eq!(twin, event, "XML twin differs");
    }
    let written = event.to_json().unwrap();
    assert_eq!(from_json(written.as_bytes()).unwrap(), event);
    if trip != Trip::Normalized {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), original);
    }
    // The summary's payload is the same JSON form.
    let summary: Value = serde_json::from_str(&event.to_summary_json().unwrap()).unwrap();
    assert_eq!(summary["payload"], serde_json::to_value(&event).unwrap());
    assert_eq!(summary["key"], event.dedup_key().as_ref());
}

fn xml_case(stem: &str, trip: Trip, check: fn(&JamfEvent)) {
    let bytes = fixture(&format!("{stem}.xml"));
    let event = from_body(None, &bytes).unwrap();
    assert_eq!(JamfEvent::from_slice(&bytes).unwrap(), event);
    assert_eq!(from_body(Some("text/xml"), &bytes).unwrap(), event);
    check(&event);

    if trip != Trip::Unknown {
        let twin = from_json(&fixture(&format!("{stem}.json"))).unwrap();
        assert_eq!(twin, event, "JSON twin differs");
    }
    let written = event.to_xml().unwrap();
    assert_eq!(from_xml(written.as_bytes()).unwrap(), event, "{written}");
    // Writing is deterministic: the written form is a fixed point.
    assert_eq!(
        from_xml(written.as_bytes()).unwrap().to_xml().unwrap(),
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
        check_lab_ipad(g.event.group_added_devices[0].as_record().unwrap());
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
    undocumented_fields => "undocumented_fields", Exact, |e| {
        let JamfEvent::MobileDeviceEnrolled(m) = e else { panic!("{e:?}") };
        assert_eq!(m.event.building.as_deref(), Some("HQ Building 2"));
        assert_eq!(m.event.department.as_deref(), Some("Research"));
        assert_eq!(m.event.real_name.as_deref(), Some("Ruth Okafor"));
        assert_eq!(m.event.email_address.as_deref(), Some("ruth.okafor@northwind-labs.com"));
        // The members no field names are kept (JSON booleans, XML text; see the tests below
        // for each form's values).
        assert_eq!(m.event.extra.keys().collect::<Vec<_>>(), ["lostModeEnabled", "supervised"]);
    };
    unknown_members => "unknown_members", Exact, |e| {
        let JamfEvent::ComputerCheckIn(c) = e else { panic!("{e:?}") };
        check_akiko(&c.event.computer);
        // At every level: the delivery, the header, the event, the computer (each form's
        // values are checked by the tests below).
        assert_eq!(e.extra()["relay"]["receivedBy"], "edge-eu-1");
        assert_eq!(c.webhook.extra.keys().collect::<Vec<_>>(), ["siteId"]);
        assert_eq!(c.event.extra.keys().collect::<Vec<_>>(), ["osUpdatePending"]);
        let computer = &c.event.computer.extra;
        assert_eq!(computer["fileVault2Status"], "Encrypted");
        assert_eq!(computer["hardware"]["processorType"], "Apple M3 Pro");
        assert_eq!(computer["extensionAttributes"][1]["name"], "Asset class");
        assert_eq!(c.event.computer.management_id, None);
        // The key and the modelled fields do not depend on the unknown members.
        assert_eq!(e.dedup_key(), "7:ComputerCheckIn:1712830021877:1842");
    };
    smart_group_computer_names => "smart_group_computer_names", Exact, |e| {
        let JamfEvent::SmartGroupComputerMembershipChange(g) = e else { panic!("{e:?}") };
        check_header(e, "SmartGroupComputerMembershipChange", 1712890000111);
        // JAWA writes device names where Jamf Pro writes records.
        assert_eq!(
            g.event.group_added_devices,
            [GroupMember::Name("mbp-akiko".into()), GroupMember::Name("mbp-rokafor".into())]
        );
        assert_eq!(g.event.group_removed_devices[0].as_name(), Some("imac-lab-03"));
        assert_eq!(g.event.group_added_devices_ids, [1842, 2077]);
        assert_eq!(e.subject_id(), Some(41));
    };
    smart_group_user_names => "smart_group_user_names", Exact, |e| {
        let JamfEvent::SmartGroupUserMembershipChange(g) = e else { panic!("{e:?}") };
        assert_eq!(g.event.group_added_user_ids, [88, 91]);
        // The document has no device lists for users: they are kept as sent.
        assert_eq!(g.event.extra["groupAddedDevices"], json!(["mbp-akiko", "iPad-Lab-17"]));
    };
    scep_challenge_seconds => "scep_challenge_seconds", Normalized, |e| {
        let JamfEvent::SCEPChallenge(s) = e else { panic!("{e:?}") };
        // Ten digits are seconds (Fleet's SCEP challenge), read exactly, keyed and written in ms.
        assert_eq!(e.occurred_at(), Some(ms(1_712_880_000_000)));
        assert_eq!(e.dedup_key(), "9:SCEPChallenge:1712880000000:00008110-001A2C3E0E88801E");
        assert_eq!(s.event.target_user, None);
        assert_eq!(s.event.payload_types, ["com.apple.security.scep"]);
        let json: Value = serde_json::to_value(e).unwrap();
        assert_eq!(json["webhook"]["eventTimestamp"], 1_712_880_000_000_i64);
        assert!(e.to_xml().unwrap().contains("<eventTimestamp>1712880000000</eventTimestamp>"));
    };
}

#[test]
fn a_smart_group_list_keeps_items_of_any_shape_from_json() {
    let bytes = fixture("smart_group_mobile_mixed_items.json");
    let event = from_json(&bytes).unwrap();
    let JamfEvent::SmartGroupMobileDeviceMembershipChange(g) = &event else {
        panic!("{event:?}")
    };
    let items = &g.event.group_added_devices;
    assert_eq!(items.len(), 6);
    let record = items[0].as_record().unwrap();
    assert_eq!(record.serial_number.as_deref(), Some("DMPXK2LFQ1GC"));
    assert_eq!(record.jss_id, Some(311));
    assert_eq!(items[1], GroupMember::Name("iPad-Lab-18".into()));
    assert_eq!(items[2], GroupMember::Other(json!(312)));
    assert_eq!(items[3], GroupMember::Other(Value::Null));
    assert_eq!(items[4], GroupMember::Other(json!(["iPad-Lab-19", 313])));
    // An object whose fields have the wrong types is not a record, but it is kept.
    assert_eq!(
        items[5],
        GroupMember::Other(json!({"deviceName": "iPad-Lab-20", "jssID": "not assigned yet"}))
    );
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), original);
    // XML has no numbers or nulls: the number is text, `null` no element, the array's items
    // repeated elements; what is written reads back to the same XML.
    let xml = event.to_xml().unwrap();
    assert!(xml.contains("<groupAddedDevices>312</groupAddedDevices><groupAddedDevices>iPad-Lab-19</groupAddedDevices><groupAddedDevices>313</groupAddedDevices>"), "{xml}");
    assert_eq!(from_xml(xml.as_bytes()).unwrap().to_xml().unwrap(), xml);
}

#[test]
fn a_smart_group_list_keeps_items_of_any_shape_from_xml() {
    let bytes = fixture("smart_group_mobile_mixed_items.xml");
    let event = from_xml(&bytes).unwrap();
    let JamfEvent::SmartGroupMobileDeviceMembershipChange(g) = &event else {
        panic!("{event:?}")
    };
    let items = &g.event.group_added_devices;
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_record().unwrap().jss_id, Some(311));
    assert_eq!(items[1].as_name(), Some("iPad-Lab-18"));
    assert_eq!(
        items[2],
        GroupMember::Other(json!({"deviceName": "iPad-Lab-20", "jssID": "not assigned yet"}))
    );
    // An empty element is text, so a name.
    assert_eq!(items[3], GroupMember::Name(String::new()));
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(
        json["event"]["groupAddedDevices"][2]["jssID"],
        "not assigned yet"
    );
    assert_eq!(
        from_json(event.to_json().unwrap().as_bytes()).unwrap(),
        event
    );
    let xml = event.to_xml().unwrap();
    assert_eq!(from_xml(xml.as_bytes()).unwrap(), event);
}

#[test]
fn jamf_pro_sdk_seconds_are_read_and_written_as_milliseconds() {
    // jamf-pro-sdk's webhook generator: 10 digits of seconds, and a flat-free computer event.
    let body = br#"{"webhook": {"id": 3, "name": "sdk", "webhookEvent": "ComputerAdded", "eventTimestamp": 1712826143},
        "event": {"serialNumber": "C02XK1JDJG5J", "jssID": 1842, "udid": "5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95"}}"#;
    let event = from_json(body).unwrap();
    assert_eq!(event.occurred_at(), Some(ms(1_712_826_143_000)));
    assert_eq!(event.dedup_key(), "3:ComputerAdded:1712826143000:1842");
    let json: Value = serde_json::to_value(&event).unwrap();
    assert_eq!(json["webhook"]["eventTimestamp"], 1_712_826_143_000_i64);
    assert_eq!(
        from_json(event.to_json().unwrap().as_bytes()).unwrap(),
        event
    );
    let xml = body_xml("ComputerAdded", "1712826143");
    assert_eq!(
        from_xml(xml.as_bytes()).unwrap().occurred_at(),
        event.occurred_at()
    );
}

fn body_xml(kind: &str, timestamp: &str) -> String {
    format!(
        "<JSSEvent><webhook><webhookEvent>{kind}</webhookEvent><eventTimestamp>{timestamp}</eventTimestamp></webhook><event/></JSSEvent>"
    )
}

#[test]
fn the_seconds_rule_stops_at_ten_to_the_eleventh() {
    let at = |value: &str| {
        from_xml(body_xml("JSSStartup", value).as_bytes())
            .unwrap()
            .occurred_at()
            .unwrap()
    };
    assert_eq!(
        at("99999999999"),
        Utc.timestamp_opt(99_999_999_999, 0).unwrap()
    );
    assert_eq!(at("100000000000"), ms(100_000_000_000));
    assert_eq!(at("0"), ms(0));
    assert_eq!(
        at("-99999999999"),
        Utc.timestamp_opt(-99_999_999_999, 0).unwrap()
    );
    assert_eq!(at("-100000000000"), ms(-100_000_000_000));
}

#[test]
fn instants_milliseconds_cannot_say_are_written_as_seconds() {
    // 1970-01-02: as milliseconds (86400000) it would read back as seconds, so it is written
    // as the seconds it is; both forms read it back unchanged.
    for text in ["86400", "-86400"] {
        let event = from_xml(body_xml("JSSStartup", text).as_bytes()).unwrap();
        let json: Value = serde_json::to_value(&event).unwrap();
        assert_eq!(json["webhook"]["eventTimestamp"].to_string(), text);
        assert_eq!(
            from_json(event.to_json().unwrap().as_bytes()).unwrap(),
            event
        );
        assert_eq!(from_xml(event.to_xml().unwrap().as_bytes()).unwrap(), event);
    }
}

#[test]
fn event_type_names_match_by_the_shared_rule() {
    for name in [
        "MobileDeviceUnenrolled",
        "mobile_device_un_enrolled",
        "MOBILE-DEVICE UNENROLLED",
    ] {
        assert_eq!(
            EventType::from_name(name),
            EventType::MobileDeviceUnEnrolled,
            "{name}"
        );
    }
    assert_eq!(
        EventType::from_name("COMPUTER_CHECK_IN"),
        EventType::ComputerCheckIn
    );
    assert_eq!(
        EventType::from_name("ComputerCheckOut"),
        EventType::Unknown("ComputerCheckOut".into())
    );
    assert!(!EventType::from_name("ComputerCheckOut").is_known());
    assert!(EventType::SCEPChallenge.is_known());
}

#[test]
fn summary_line_of_the_event_contract() {
    let event = from_json(&fixture("jss_startup.json")).unwrap();
    assert_eq!(event.source(), fleethooks_jamf::Source::Jamf);
    let summary = event.to_summary_json().unwrap();
    let expected_head = r#"{"source":"jamf","type":"JSSStartup","occurred_at":"2024-04-11T14:03:07.433Z","key":"7:JSSStartup:1712844187433:"#;
    assert!(summary.starts_with(expected_head), "{summary}");
    assert!(
        summary.ends_with(&format!(r#","payload":{}}}"#, event.to_json().unwrap())),
        "{summary}"
    );
}

#[test]
fn unknown_event_crosses_forms_by_the_generic_rules() {
    let from_j = from_json(&fixture("unknown_event.json")).unwrap();
    let from_x = from_xml(&fixture("unknown_event.xml")).unwrap();
    // XML carries text only, so the JSON integer arrives as a string.
    let mut expected: Value = serde_json::to_value(&from_j).unwrap();
    expected["event"]["jssID"] = Value::from("1690");
    assert_eq!(serde_json::to_value(&from_x).unwrap(), expected);
    let via_xml = from_xml(from_j.to_xml().unwrap().as_bytes()).unwrap();
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

#[test]
fn unknown_members_keep_their_json_values() {
    let event = from_json(&fixture("unknown_members.json")).unwrap();
    let JamfEvent::ComputerCheckIn(c) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(
        event.extra().get("relay"),
        Some(&json!({"receivedBy": "edge-eu-1", "hops": 2}))
    );
    assert_eq!(c.webhook.extra.get("siteId"), Some(&json!(-1)));
    assert_eq!(c.event.extra.get("osUpdatePending"), Some(&json!(false)));
    let computer = &c.event.computer.extra;
    assert_eq!(computer.len(), 5, "{computer:?}");
    assert_eq!(computer.get("supervised"), Some(&json!(true)));
    assert_eq!(computer["hardware"]["processorCores"], 12);
    // Sent as `null` for a field written only when present: kept, so it is written back.
    assert_eq!(computer.get("managementId"), Some(&Value::Null));
    let written: Value = serde_json::from_str(&event.to_json().unwrap()).unwrap();
    assert_eq!(written["event"]["computer"]["managementId"], Value::Null);
}

#[test]
fn unknown_members_from_xml_are_text_objects_and_arrays() {
    let event = from_xml(&fixture("unknown_members.xml")).unwrap();
    let JamfEvent::ComputerCheckIn(c) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(
        event.extra().get("relay"),
        Some(&json!({"receivedBy": "edge-eu-1", "hops": "2"}))
    );
    assert_eq!(c.webhook.extra.get("siteId"), Some(&json!("-1")));
    assert_eq!(c.event.extra.get("osUpdatePending"), Some(&json!("false")));
    let computer = &c.event.computer.extra;
    assert_eq!(computer.len(), 4, "{computer:?}");
    assert_eq!(
        computer.get("extensionAttributes"),
        Some(&json!([
            {"name": "Owning team", "value": "Platform"},
            {"name": "Asset class", "value": "B"}
        ]))
    );
    assert_eq!(computer["hardware"]["processorCores"], "12");
    // Written back in XML after the modelled fields, in name order.
    let xml = event.to_xml().unwrap();
    assert!(
        xml.contains("<jssID>1842</jssID><extensionAttributes><name>Owning team</name><value>Platform</value></extensionAttributes><extensionAttributes><name>Asset class</name><value>B</value></extensionAttributes><fileVault2Status>Encrypted</fileVault2Status><hardware>"),
        "{xml}"
    );
    assert!(
        xml.ends_with(
            "</event><relay><hops>2</hops><receivedBy>edge-eu-1</receivedBy></relay></JSSEvent>"
        ),
        "{xml}"
    );
}

#[test]
fn unknown_member_names_xml_cannot_write_are_refused_when_read() {
    let body = b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent></webhook><event><build(no)>1</build(no)></event></JSSEvent>";
    let err = from_xml(body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid XML value at `/JSSEvent/event/build(no)` (line 1, column 76): `build(no)` is not an XML element name"
    );
}

#[test]
fn models_read_with_serde_json_directly_keep_odd_items_too() {
    use fleethooks_jamf::{Envelope, SmartGroupMobileDeviceMembershipChange};
    let bytes = fixture("smart_group_mobile_mixed_items.json");
    let expected = from_json(&bytes).unwrap();
    let JamfEvent::SmartGroupMobileDeviceMembershipChange(expected) = expected else {
        panic!("{expected:?}")
    };
    let direct: Envelope<SmartGroupMobileDeviceMembershipChange> =
        serde_json::from_slice(&bytes).unwrap();
    assert_eq!(direct, expected);
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    let from_value: Envelope<SmartGroupMobileDeviceMembershipChange> =
        serde_json::from_value(value).unwrap();
    assert_eq!(from_value, expected);
    assert_eq!(
        from_value.event.group_added_devices[5],
        GroupMember::Other(json!({"deviceName": "iPad-Lab-20", "jssID": "not assigned yet"}))
    );
}

//! Jamf Pro's 22 webhook events, shaped as Jamf's webhook document shows them.
//!
//! Members come in the document's JSON order: `event` then `webhook` (whose members are
//! `eventTimestamp`, `id`, `name`, `webhookEvent`), except `SCEPChallenge`, which the document
//! (and Jamf) writes `webhook` first, as `webhookEvent`, `id`, `eventTimestamp`, `name`. The XML
//! form is this JSON read by `fleethooks-jamf` and written back with `to_xml`, so the two forms
//! parse to equal events by construction, in the element order that crate writes, which is the
//! document's XML order.
//!
//! Where the document leaves a choice, a delivery picks one at random, as real servers differ:
//! `PatchSoftwareTitleUpdated` comes with `reportUrls` (a list) or `reportUrl` (one string),
//! `PushSent` with `managementId` or `jssid`. Mobile `product` is `null`, as Jamf sends it
//! outside `SCEPChallenge`.

use std::ops::RangeInclusive;

use fleethooks_jamf::EventType as Kind;

use super::json::{Json, object};
use super::values::{
    BUILDINGS, DEPARTMENTS, IOS, MAC_MODELS, MACOS, MOBILE_MODELS, Org, Person, Values,
};
use crate::failure::Failure;

/// The event types `simulate jamf` knows, as `fleethooks-jamf` names them.
pub(super) fn events() -> impl Iterator<Item = &'static str> {
    Kind::ALL.iter().map(Kind::as_str)
}

/// The documented event `name` names, ignoring ASCII case (and `-`, `_`, space, the rule of
/// every fleethooks crate), or `None`.
pub(super) fn event(name: &str) -> Option<Kind> {
    Some(Kind::from_name(name)).filter(Kind::is_known)
}

/// One delivery of `kind`, as Jamf Pro posts it in JSON.
pub(super) fn delivery(kind: &Kind, v: &mut Values) -> Result<Json, Failure> {
    let org = v.org();
    let person = v.person();
    let event = match kind {
        Kind::ComputerAdded
        | Kind::ComputerInventoryCompleted
        | Kind::ComputerPushCapabilityChanged => Mac::new(v, &org, &person).to_json(),
        Kind::ComputerCheckIn => object! {
            "computer" => Mac::new(v, &org, &person).to_json(),
            "trigger" => v.pick(&CHECK_IN_TRIGGERS),
            "username" => person.login,
        },
        Kind::ComputerPolicyFinished => object! {
            "computer" => Mac::new(v, &org, &person).to_json(),
            "policyId" => v.int(1..=400),
            "successful" => v.chance(0.9),
        },
        Kind::ComputerPatchPolicyCompleted => patch_policy_completed(v, &org, &person),
        Kind::DeviceAddedToDEP => device_added_to_dep(v, &org),
        Kind::JSSShutdown | Kind::JSSStartup => object! {
            "hostAddress" => v.private_ipv4(),
            "institution" => org.name,
            "isClusterMaster" => v.chance(0.5),
            "jssUrl" => org.jss_url(),
            "webApplicationPath" => "/usr/local/jss/tomcat/webapps/ROOT",
        },
        Kind::MobileDeviceCheckIn => {
            let mut device = Mobile::new(v, &person).to_json();
            if let Json::Object(members) = &mut device {
                // Not in the document, but real check-ins name the MDM command they announce.
                members.push(("mdmCommand", Json::from(v.pick(&MDM_COMMANDS))));
                members.push(("mdmCommandUUID", Json::from(v.udid())));
            }
            device
        }
        Kind::MobileDeviceCommandCompleted
        | Kind::MobileDeviceEnrolled
        | Kind::MobileDevicePushSent
        | Kind::MobileDeviceUnEnrolled => Mobile::new(v, &person).to_json(),
        Kind::MobileDeviceInventoryCompleted => Mobile::new(v, &person).to_inventory_json(),
        Kind::PatchSoftwareTitleUpdated => patch_software_title_updated(v, &org),
        Kind::PushSent => {
            let command = v.pick(&PUSH_TYPES);
            if v.chance(0.5) {
                object! { "managementId" => v.int(1..=9000), "type" => command }
            } else {
                object! { "jssid" => v.int(1..=4000), "type" => command }
            }
        }
        Kind::RestAPIOperation => rest_api_operation(v, &org, &person),
        Kind::SCEPChallenge => {
            let event = scep_challenge(v, &org, &person);
            let webhook = object! {
                "webhookEvent" => kind.as_str(),
                "id" => v.int(1..=30),
                "eventTimestamp" => v.now().timestamp_millis(),
                "name" => "SCEP dynamic challenge",
            };
            return Ok(object! { "webhook" => webhook, "event" => event });
        }
        Kind::SmartGroupComputerMembershipChange => {
            let (added, removed) = membership(v, 1..=4000);
            object! {
                "computer" => true,
                "groupAddedDevices" => Json::Array(Vec::new()),
                "groupAddedDevicesIds" => added,
                "groupRemovedDevices" => Json::Array(Vec::new()),
                "groupRemovedDevicesIds" => removed,
                "jssid" => v.int(1..=120),
                "name" => v.pick(&COMPUTER_GROUPS),
                "smartGroup" => true,
            }
        }
        Kind::SmartGroupMobileDeviceMembershipChange => mobile_membership(v),
        Kind::SmartGroupUserMembershipChange => {
            let (added, removed) = membership(v, 1..=900);
            object! {
                "groupAddedUserIds" => added,
                "groupRemovedUserIds" => removed,
                "jssid" => v.int(1..=60),
                "name" => v.pick(&USER_GROUPS),
                "smartGroup" => true,
            }
        }
        other => {
            return Err(Failure::usage(format_args!(
                "jamf {other} has no simulation yet"
            )));
        }
    };
    let webhook = object! {
        "eventTimestamp" => v.now().timestamp_millis(),
        "id" => v.int(1..=30),
        "name" => v.pick(&WEBHOOK_NAMES),
        "webhookEvent" => kind.as_str(),
    };
    Ok(object! { "event" => event, "webhook" => webhook })
}

/// The XML form of a JSON delivery, as `fleethooks-jamf` writes it: `<JSSEvent>`, the
/// document's element order, text escaped, and one newline.
pub(super) fn to_xml(json: &[u8]) -> Result<String, Failure> {
    let event = fleethooks_jamf::JamfEvent::from_json(json)
        .map_err(|e| Failure::rejected(format_args!("simulated Jamf event does not parse: {e}")))?;
    let mut xml = event.to_xml().map_err(|e| {
        Failure::rejected(format_args!("cannot write the simulated event as XML: {e}"))
    })?;
    xml.push('\n');
    Ok(xml)
}

const WEBHOOK_NAMES: [&str; 5] = [
    "Fleet events to SIEM",
    "Inventory sync",
    "IT alerts to Slack",
    "Security automation",
    "Help desk integration",
];

/// Check-in triggers: the document lists startup, login, logout, network state change,
/// enrollment complete and the recurring check-in.
const CHECK_IN_TRIGGERS: [&str; 6] = [
    "CLIENT_CHECKIN",
    "STARTUP",
    "LOGIN",
    "LOGOUT",
    "NETWORK_STATE_CHANGE",
    "ENROLLMENT_COMPLETE",
];

const MDM_COMMANDS: [&str; 6] = [
    "DeviceInformation",
    "InstalledApplicationList",
    "ProfileList",
    "CertificateList",
    "InstallProfile",
    "DeviceLock",
];

const PUSH_TYPES: [&str; 6] = [
    "UpdateInventory",
    "DeviceLock",
    "InstallProfile",
    "RestartDevice",
    "EnableRemoteDesktop",
    "DeviceInformation",
];

const COMPUTER_GROUPS: [&str; 4] = [
    "macOS 14 not patched",
    "FileVault not enabled",
    "Low disk space",
    "Chrome out of date",
];

const MOBILE_GROUPS: [&str; 3] = ["Lab iPads", "iOS below 17.5", "Supervised iPhones"];

const USER_GROUPS: [&str; 3] = ["Contractors", "Engineering", "VPN users"];

/// A patch title: its name, its latest version and the package a patch policy installs.
const PATCH_TITLES: [(&str, &str, &str); 5] = [
    (
        "Google Chrome",
        "131.0.6778.86",
        "GoogleChrome-131.0.6778.86.pkg",
    ),
    ("Mozilla Firefox", "133.0.3", "Firefox 133.0.3.pkg"),
    (
        "Zoom Client for Meetings",
        "6.3.1",
        "zoomusInstallerFull-6.3.1.pkg",
    ),
    ("Slack", "4.41.105", "Slack-4.41.105-macOS.pkg"),
    (
        "Microsoft Teams",
        "24295.606.3238.6194",
        "MicrosoftTeams-24295.606.pkg",
    ),
];

/// A managed Mac and its user, with every field of the document's computer object.
struct Mac {
    alternate_mac: String,
    building: &'static str,
    department: &'static str,
    device_name: String,
    email: String,
    ip: String,
    jss_id: i64,
    mac: String,
    model: &'static str,
    os: (&'static str, &'static str),
    phone: String,
    position: &'static str,
    real_name: String,
    reported_ip: String,
    room: String,
    serial: String,
    udid: String,
    username: &'static str,
    management_id: String,
}

impl Mac {
    fn new(v: &mut Values, org: &Org, person: &Person) -> Self {
        let model = v.pick(&MAC_MODELS);
        let reported_ip = v.private_ipv4();
        // On the office network Jamf sees the address the Mac reports; elsewhere another one.
        let ip = if v.chance(0.6) {
            reported_ip.clone()
        } else {
            v.private_ipv4()
        };
        Self {
            alternate_mac: v.mac_address(),
            building: v.pick(&BUILDINGS),
            department: v.pick(&DEPARTMENTS),
            device_name: format!("{}-{}", model.short, person.handle()),
            email: person.email(org),
            ip,
            jss_id: v.int(1..=4000),
            mac: v.mac_address(),
            model: model.name,
            os: v.pick(&MACOS),
            phone: phone(v),
            position: person.position,
            real_name: person.real_name(),
            reported_ip,
            room: room(v),
            serial: v.mac_serial(),
            udid: v.udid(),
            username: person.login,
            management_id: v.uuid(),
        }
    }

    /// The document's computer object, in its order.
    fn to_json(&self) -> Json {
        object! {
            "alternateMacAddress" => &self.alternate_mac,
            "building" => self.building,
            "department" => self.department,
            "deviceName" => &self.device_name,
            "emailAddress" => &self.email,
            "ipAddress" => &self.ip,
            "jssID" => self.jss_id,
            "macAddress" => &self.mac,
            "model" => self.model,
            "osBuild" => self.os.1,
            "osVersion" => self.os.0,
            "phone" => &self.phone,
            "position" => self.position,
            "realName" => &self.real_name,
            "reportedIpAddress" => &self.reported_ip,
            "room" => &self.room,
            "serialNumber" => &self.serial,
            "udid" => &self.udid,
            // Jamf writes -1 for a local account, not bound to a directory.
            "userDirectoryID" => "-1",
            "username" => self.username,
            "managementId" => &self.management_id,
        }
    }
}

/// A managed iPhone or iPad and its user.
struct Mobile {
    bluetooth_mac: String,
    device_name: String,
    icci_id: String,
    imei: String,
    ip: String,
    jss_id: i64,
    model: &'static str,
    product: &'static str,
    os: (&'static str, &'static str),
    room: String,
    serial: String,
    udid: String,
    username: &'static str,
    wifi_mac: String,
    management_id: String,
}

impl Mobile {
    fn new(v: &mut Values, person: &Person) -> Self {
        let model = v.pick(&MOBILE_MODELS);
        let device_name = if model.short == "iPad" {
            let place = v.pick(&["Lab", "Cart", "Kiosk", "Clinic"]);
            format!("iPad-{place}-{:02}", v.int(1..=40))
        } else {
            format!("{}'s iPhone", person.first)
        };
        // Wi-Fi-only iPads have no IMEI or ICCID; Jamf sends empty strings.
        let (imei, icci_id) = if model.cellular {
            (v.imei(), v.iccid())
        } else {
            (String::new(), String::new())
        };
        Self {
            bluetooth_mac: v.mac_address(),
            device_name,
            icci_id,
            imei,
            ip: v.private_ipv4(),
            jss_id: v.int(1..=1500),
            model: model.name,
            product: model.product,
            os: v.pick(&IOS),
            room: room(v),
            serial: v.ios_serial(),
            udid: v.udid(),
            username: person.login,
            wifi_mac: v.mac_address(),
            management_id: v.uuid(),
        }
    }

    /// The document's mobile device object, alphabetical with `managementId` last, as most
    /// mobile events write it.
    fn to_json(&self) -> Json {
        let Json::Object(mut members) = self.to_group_member_json() else {
            return Json::Null;
        };
        members.push(("managementId", Json::from(&self.management_id)));
        Json::Object(members)
    }

    /// A device record of a smart group change: the mobile object without `managementId`.
    fn to_group_member_json(&self) -> Json {
        object! {
            "bluetoothMacAddress" => &self.bluetooth_mac,
            "deviceName" => &self.device_name,
            "icciID" => &self.icci_id,
            "imei" => &self.imei,
            "ipAddress" => &self.ip,
            "jssID" => self.jss_id,
            "model" => self.model,
            "modelDisplay" => self.model,
            "osBuild" => self.os.1,
            "osVersion" => self.os.0,
            "product" => Json::Null,
            "room" => &self.room,
            "serialNumber" => &self.serial,
            "udid" => &self.udid,
            "userDirectoryID" => "-1",
            "username" => self.username,
            "version" => self.os.0,
            "wifiMacAddress" => &self.wifi_mac,
        }
    }

    /// `MobileDeviceInventoryCompleted`, which the document writes in its XML order.
    fn to_inventory_json(&self) -> Json {
        object! {
            "udid" => &self.udid,
            "deviceName" => &self.device_name,
            "version" => self.os.0,
            "model" => self.model,
            "bluetoothMacAddress" => &self.bluetooth_mac,
            "wifiMacAddress" => &self.wifi_mac,
            "imei" => &self.imei,
            "icciID" => &self.icci_id,
            "product" => Json::Null,
            "serialNumber" => &self.serial,
            "userDirectoryID" => "-1",
            "room" => &self.room,
            "osVersion" => self.os.0,
            "osBuild" => self.os.1,
            "modelDisplay" => self.model,
            "username" => self.username,
            "jssID" => self.jss_id,
            "ipAddress" => &self.ip,
            "managementId" => &self.management_id,
        }
    }

    /// `SCEPChallenge`'s `targetDevice`, in the document's order; the board id as `product`.
    fn to_scep_target_json(&self) -> Json {
        object! {
            "osBuild" => self.os.1,
            "bluetoothMacAddress" => &self.bluetooth_mac,
            "room" => &self.room,
            "deviceName" => &self.device_name,
            "udid" => &self.udid,
            "serialNumber" => &self.serial,
            "product" => self.product,
            "icciID" => &self.icci_id,
            "modelDisplay" => self.model,
            "version" => self.os.0,
            "imei" => &self.imei,
            "userDirectoryID" => "-1",
            "osVersion" => self.os.0,
            "model" => self.model,
            "wifiMacAddress" => &self.wifi_mac,
        }
    }
}

/// `+1 415 555 01xx`: the 555-01xx block is reserved for fiction.
fn phone(v: &mut Values) -> String {
    format!("+1 415 555 01{:02}", v.int(0..=99))
}

/// `2-114`: floor, then room.
fn room(v: &mut Values) -> String {
    format!("{}-{}", v.int(1..=4), v.int(100..=140))
}

fn patch_policy_completed(v: &mut Values, org: &Org, person: &Person) -> Json {
    let computer = Mac::new(v, org, person).to_json();
    let (title, version, package) = v.pick(&PATCH_TITLES);
    let successful = v.chance(0.85);
    let actions = if successful {
        vec![
            format!("Downloaded {package}"),
            format!("Installed {package}"),
        ]
    } else {
        vec![
            format!("Downloaded {package}"),
            format!("Failed to install {package}"),
        ]
    };
    object! {
        "computer" => computer,
        "deployedVersion" => version,
        "eventActions" => object! { "action" => actions },
        "patchPolicyId" => v.int(1..=90),
        "patchPolicyName" => format!("{title} - Latest"),
        "softwareTitleId" => v.int(1..=40),
        "successful" => successful,
    }
}

fn device_added_to_dep(v: &mut Values, org: &Org) -> Json {
    /// What Apple's device assignment describes: model, description, and whether it is a Mac.
    const ORDERS: [(&str, &str, bool); 4] = [
        (
            "MacBook Air",
            "MBA 13.6 M2 8C CPU 10C GPU 16GB 512GB SSD - MDN",
            true,
        ),
        (
            "MacBook Pro",
            "MBP 14.2 M3 PRO 11C CPU 14C GPU 18GB 512GB SSD - SLV",
            true,
        ),
        ("iPad", "IPAD 10.9 WI-FI 64GB - SILVER", false),
        ("iPhone", "IPHONE 15 PRO 256GB NATURAL TITANIUM", false),
    ];
    let (model, description, mac) = v.pick(&ORDERS);
    let serial = if mac { v.mac_serial() } else { v.ios_serial() };
    object! {
        "assetTag" => format!("{}-{:06}", org.tag, v.int(1..=9999)),
        "description" => description,
        "deviceAssignedDate" => v.before(86_400, 14 * 86_400).timestamp_millis(),
        "deviceEnrollmentProgramInstanceId" => v.int(1..=3),
        "model" => model,
        "serialNumber" => serial,
    }
}

fn patch_software_title_updated(v: &mut Values, org: &Org) -> Json {
    let (name, version, _) = v.pick(&PATCH_TITLES);
    let id = v.int(1..=40);
    let base = org.jss_url();
    let last_update = v.before(60, 3_600).timestamp_millis();
    if v.chance(0.5) {
        object! {
            "jssID" => id,
            "lastUpdate" => last_update,
            "latestVersion" => version,
            "name" => name,
            "reportUrls" => vec![
                format!("{base}patch.html?id={id}&o=r"),
                format!("{base}view/computers/patch/{id}/report"),
            ],
        }
    } else {
        object! {
            "jssID" => id,
            "lastUpdate" => last_update,
            "latestVersion" => version,
            "name" => name,
            "reportUrl" => format!("{base}patch.html?id={id}&o=r"),
        }
    }
}

fn rest_api_operation(v: &mut Values, org: &Org, person: &Person) -> Json {
    let (type_name, object_name) = match v.int(0..=3) {
        0 => ("Computer", Mac::new(v, org, person).device_name),
        1 => ("Mobile Device", Mobile::new(v, person).device_name),
        2 => (
            "Policy",
            v.pick(&[
                "Install Google Chrome",
                "Update Inventory",
                "Enable FileVault",
            ])
            .to_owned(),
        ),
        _ => ("Computer Group", v.pick(&COMPUTER_GROUPS).to_owned()),
    };
    object! {
        "authorizedUsername" => v.pick(&["api-inventory-sync", "jamf-automation", "svc-helpdesk"]),
        "objectID" => v.int(1..=4000),
        "objectName" => object_name,
        "objectTypeName" => type_name,
        "operationSuccessful" => true,
        "restAPIOperationType" => v.pick(&["GET", "PUT", "POST", "DELETE"]),
    }
}

fn scep_challenge(v: &mut Values, org: &Org, person: &Person) -> Json {
    let device = Mobile::new(v, person);
    let user = object! {
        "dn" => format!("CN={},OU=Staff,DC={},DC=local", person.real_name(), org.slug),
        "username" => person.login,
        "uid" => v.int(10_000..=19_999).to_string(),
        "room" => &device.room,
        "uuid" => v.uuid(),
        "buildingID" => v.int(1..=6),
        "phone" => phone(v),
        "departmentID" => v.int(1..=12),
        "position" => person.position,
        // Jamf fills this only when the directory hands it out; it usually comes empty.
        "password" => "",
        "email" => person.email(org),
        "realname" => person.real_name(),
    };
    object! {
        "targetUser" => user,
        "targetDevice" => device.to_scep_target_json(),
        "scepServerUrl" => format!("https://scep.{}/scep/pkiclient.exe", org.domain),
        "payloadIdentifier" => v.udid(),
        "payloadTypes" => vec!["com.apple.security.scep"],
    }
}

/// Ids that joined and left a group: sorted, distinct, at least one change in all.
fn membership(v: &mut Values, ids: RangeInclusive<i64>) -> (Vec<i64>, Vec<i64>) {
    let added = v.int(0..=3);
    let removed = v.int(0..=2);
    let added = if added == 0 && removed == 0 { 1 } else { added };
    (draw_ids(v, &ids, added), draw_ids(v, &ids, removed))
}

fn draw_ids(v: &mut Values, ids: &RangeInclusive<i64>, count: i64) -> Vec<i64> {
    let mut list: Vec<i64> = (0..count).map(|_| v.int(ids.clone())).collect();
    list.sort_unstable();
    list.dedup();
    list
}

/// A mobile group change: one or two devices joined, maybe one left, each with its record.
fn mobile_membership(v: &mut Values) -> Json {
    let added_count = v.int(1..=2);
    let removed_count = v.int(0..=1);
    let mut devices = |count: i64| {
        (0..count)
            .map(|_| {
                let person = v.person();
                Mobile::new(v, &person)
            })
            .collect::<Vec<_>>()
    };
    let added = devices(added_count);
    let removed = devices(removed_count);
    let ids = |list: &[Mobile]| list.iter().map(|d| d.jss_id).collect::<Vec<_>>();
    let records = |list: &[Mobile]| {
        list.iter()
            .map(Mobile::to_group_member_json)
            .collect::<Vec<_>>()
    };
    object! {
        "computer" => false,
        "groupAddedDevices" => records(&added),
        "groupAddedDevicesIds" => ids(&added),
        "groupRemovedDevices" => records(&removed),
        "groupRemovedDevicesIds" => ids(&removed),
        "jssid" => v.int(1..=80),
        "name" => v.pick(&MOBILE_GROUPS),
        "smartGroup" => true,
    }
}

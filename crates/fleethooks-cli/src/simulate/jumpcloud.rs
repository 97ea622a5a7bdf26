//! JumpCloud's one webhook notification, the alert, with the seventeen documented members in
//! the document's order.
//!
//! Each alert tells one of a few stories JumpCloud's insights rules raise (failed admin logins,
//! a privileged group change, disk encryption turned off, a stale agent, a new API key), with a
//! `di_event` and `initiated_by` of the shapes seen in real deliveries: nested objects, and for
//! one story the `di_event` as a JSON string. Ids are MongoDB-style object ids (the alert's
//! starts with its own creation second), times RFC 3339 with milliseconds.

use chrono::{DateTime, TimeDelta, Utc};
use fleethooks_jumpcloud::{AlertStatus, Priority};

use super::json::{Json, object};
use super::values::{Org, Person, Values, rfc3339_millis, rfc3339_secs};
use crate::failure::Failure;

/// The one event type JumpCloud sends, as `fleethooks-jumpcloud` names it.
pub(super) const EVENT: &str = fleethooks_jumpcloud::alert::EVENT_TYPE;

/// An alert; `priority` and `status` replace the story's own, documented values in the
/// document's spelling (`high` is written `High`), any other text as given.
pub(super) fn alert(
    v: &mut Values,
    priority: Option<&str>,
    status: Option<&str>,
) -> Result<Json, Failure> {
    let scene = Scene::new(v);
    let story = story(v, &scene);
    let priority = priority.map_or(story.priority, Priority::from);
    let status = match status {
        Some(text) => AlertStatus::from(text),
        // Most notifications announce a new alert; the rest follow it through its states.
        None => match v.int(0..=5) {
            0..=2 => AlertStatus::Open,
            3 => AlertStatus::Acknowledged,
            4 => AlertStatus::Resolved,
            _ => AlertStatus::AutoResolved,
        },
    };
    let previous = match status {
        AlertStatus::Resolved if v.chance(0.5) => AlertStatus::Acknowledged,
        _ => AlertStatus::Open,
    };
    // How long ago it happened follows from how far the alert got.
    let occurred = match status {
        AlertStatus::Open => v.before(1, 30),
        AlertStatus::Acknowledged => v.before(5 * 60, 60 * 60),
        _ => v.before(60 * 60, 36 * 60 * 60),
    };
    let alert_id = v.object_id(occurred);
    let rule_created = v.before(30 * 86_400, 400 * 86_400);
    let di_event = (story.di_event)(v, &scene, occurred);
    Ok(object! {
        "alert_id" => &alert_id,
        "alert_title" => story.title,
        "category" => story.category,
        "description" => story.description,
        "di_event" => di_event,
        "event_description" => story.event_description,
        "initiated_by" => story.initiated_by,
        "occurred_at" => rfc3339_millis(occurred),
        "previous_alert_status" => previous.as_str(),
        "priority" => priority.as_str(),
        "rule_id" => v.object_id(rule_created),
        "source_id" => v.object_id(rule_created),
        "source_name" => story.source_name,
        "source_type" => "insights_rule",
        "source_url" => format!("https://console.jumpcloud.com/#/alerts/{alert_id}"),
        "status" => status.as_str(),
        "update_at" => rfc3339_millis(v.now()),
    })
}

/// What an alert is about.
struct Story {
    title: &'static str,
    category: &'static str,
    description: String,
    event_description: String,
    initiated_by: Json,
    priority: Priority,
    source_name: &'static str,
    /// The Directory Insights event, built once the alert's time is known.
    di_event: fn(&mut Values, &Scene, DateTime<Utc>) -> Json,
}

/// Who and what an alert involves.
struct Scene {
    org: Org,
    /// The administrator (or account) whose action raised the alert.
    actor: Person,
    /// The user the action was about.
    subject: Person,
    /// A managed system, as JumpCloud names them: `MBP-ENG-0142`.
    host: String,
    /// That system's id.
    system_id: String,
}

impl Scene {
    fn new(v: &mut Values) -> Self {
        Self {
            org: v.org(),
            actor: v.person(),
            subject: v.person(),
            host: format!(
                "{}-{}-{:04}",
                v.pick(&["MBP", "LT", "WS", "MBA"]),
                v.pick(&["ENG", "FIN", "OPS", "SLS", "AMS"]),
                v.int(1..=999)
            ),
            system_id: v.hex(24),
        }
    }

    fn actor_email(&self) -> String {
        self.actor.email(&self.org)
    }
}

fn story(v: &mut Values, scene: &Scene) -> Story {
    let admin = object! {
        "type" => "admin",
        "email" => scene.actor_email(),
        "id" => v.hex(24),
    };
    let host = &scene.host;
    let system = object! { "type" => "system", "id" => &scene.system_id };
    match v.int(0..=4) {
        0 => Story {
            title: "Multiple failed admin portal logins",
            category: "Identity",
            description: "5 failed admin portal logins for the same account within 10 minutes."
                .to_owned(),
            event_description: format!("admin_login_attempt failed for {}", scene.actor_email()),
            initiated_by: admin,
            priority: Priority::Critical,
            source_name: "Admin Login Failures",
            di_event: |v, scene, at| {
                object! {
                    "id" => v.object_id(at),
                    "service" => "directory",
                    "event_type" => "admin_login_attempt",
                    "timestamp" => rfc3339_millis(at - TimeDelta::milliseconds(v.int(500..=4000))),
                    "success" => false,
                    "client_ip" => v.public_ipv4(),
                    "initiated_by" => object! {
                        "type" => "admin",
                        "email" => scene.actor_email(),
                    },
                    "error_message" => "invalid password",
                    "mfa" => true,
                    "useragent" => object! {
                        "name" => v.pick(&["Firefox", "Chrome", "Safari"]),
                        "os" => v.pick(&["Windows", "Mac OS X", "Linux"]),
                    },
                }
            },
        },
        1 => Story {
            title: "User added to privileged group",
            category: "User Groups",
            description: "A user was added to the group 'Domain Admins'.".to_owned(),
            event_description: format!(
                "{} added to Domain Admins",
                scene.subject.email(&scene.org)
            ),
            initiated_by: Json::from(scene.actor_email()),
            priority: Priority::High,
            source_name: "Privileged Group Changes",
            di_event: |v, scene, at| {
                object! {
                    "id" => v.object_id(at),
                    "service" => "directory",
                    "event_type" => "user_group_member_add",
                    "timestamp" => rfc3339_millis(at),
                    "initiated_by" => object! { "type" => "admin", "email" => scene.actor_email() },
                    "group" => object! { "name" => "Domain Admins", "id" => v.hex(24) },
                }
            },
        },
        2 => Story {
            title: "Device disk encryption disabled",
            category: "Device Management",
            description: "FileVault was turned off on a managed Mac.".to_owned(),
            event_description: format!("Disk encryption turned off on {host}"),
            initiated_by: system,
            priority: Priority::Medium,
            source_name: "Encryption Compliance",
            di_event: |_, scene, at| {
                object! {
                    "service" => "systems",
                    "event_type" => "system_disk_encryption_change",
                    "timestamp" => rfc3339_millis(at),
                    "system" => object! { "hostname" => &scene.host, "id" => &scene.system_id },
                    "encrypted" => false,
                }
            },
        },
        3 => Story {
            title: "Agent offline for more than 24 hours",
            category: "Device Management",
            description: format!("The JumpCloud agent on {host} has not checked in for 24 hours."),
            event_description: format!("No agent check-in from {host} since yesterday"),
            initiated_by: system,
            priority: Priority::Low,
            source_name: "Stale Agents",
            // Some deliveries carry the insights event as a JSON string, not an object.
            di_event: |_, scene, at| {
                let event = object! {
                    "service" => "systems",
                    "event_type" => "system_agent_offline",
                    "system" => object! { "hostname" => &scene.host, "id" => &scene.system_id },
                    "timestamp" => rfc3339_secs(at),
                };
                serde_json::to_string(&event).map_or(Json::Null, Json::from)
            },
        },
        _ => Story {
            title: "New admin API key generated",
            category: "Identity",
            description: "An administrator generated a new API key.".to_owned(),
            event_description: format!("api_key_create by {}", scene.actor_email()),
            initiated_by: admin,
            priority: Priority::High,
            source_name: "Admin API Keys",
            di_event: |v, scene, at| {
                object! {
                    "id" => v.object_id(at),
                    "service" => "directory",
                    "event_type" => "admin_api_key_create",
                    "timestamp" => rfc3339_millis(at),
                    "client_ip" => v.public_ipv4(),
                    "initiated_by" => object! { "type" => "admin", "email" => scene.actor_email() },
                }
            },
        },
    }
}

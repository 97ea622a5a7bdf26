//! Patch management: `ComputerPatchPolicyCompleted` and `PatchSoftwareTitleUpdated`.

use crate::computer::{Computer, legacy_computer_event};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `ComputerPatchPolicyCompleted`: a computer finished a patch policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ComputerPatchPolicyCompleted {
    /// Jamf Pro id of the patch policy.
    #[serde(default, with = "crate::scalar::opt_i64")]
    pub patch_policy_id: Option<i64>,
    /// Name of the patch policy.
    #[serde(default)]
    pub patch_policy_name: Option<String>,
    /// Jamf Pro id of the patch software title.
    #[serde(default, with = "crate::scalar::opt_i64")]
    pub software_title_id: Option<i64>,
    /// Version the policy deployed, e.g. `124.0.6367.91`.
    #[serde(default)]
    pub deployed_version: Option<String>,
    /// Whether the policy succeeded.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub successful: Option<bool>,
    /// The actions the policy ran.
    #[serde(default)]
    pub event_actions: Option<EventActions>,
    /// The computer.
    #[serde(default)]
    pub computer: Computer,
}

/// The `eventActions` object of a patch policy: `{"action": ["…", …]}`, in XML repeated
/// `<action>` elements.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventActions {
    /// Each action, in order.
    #[serde(default)]
    pub action: Vec<String>,
}

legacy_computer_event!(ComputerPatchPolicyCompleted, "a ComputerPatchPolicyCompleted event", username: drop, {
    "patchPolicyId" => patch_policy_id: OptI64,
    "patchPolicyName" => patch_policy_name: value,
    "softwareTitleId" => software_title_id: OptI64,
    "deployedVersion" => deployed_version: value,
    "successful" => successful: OptBool,
    "eventActions" => event_actions: value,
});

/// `PatchSoftwareTitleUpdated`: a subscribed patch title has a new version.
///
/// Jamf sends either `reportUrls` (a list; repeated elements in XML) or a single `reportUrl`;
/// each is kept as it came and written back the same way. [`report_urls`](Self::report_urls)
/// walks both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct PatchSoftwareTitleUpdated {
    /// Title name, e.g. `Google Chrome`.
    #[serde(default)]
    pub name: Option<String>,
    /// Newest version of the title.
    #[serde(default)]
    pub latest_version: Option<String>,
    /// When the title definition last changed (epoch milliseconds on the wire).
    #[serde(default, with = "crate::timestamp::epoch_millis_option")]
    pub last_update: Option<DateTime<Utc>>,
    /// Report URLs, when sent as `reportUrls`. A lone string is read as a one-item list.
    #[serde(
        default,
        deserialize_with = "crate::scalar::string_or_seq::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub report_urls: Option<Vec<String>>,
    /// The report URL, when sent as the single `reportUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_url: Option<String>,
    /// Jamf Pro id of the patch title.
    #[serde(
        default,
        rename = "jssID",
        alias = "jssid",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
}

impl PatchSoftwareTitleUpdated {
    /// Every report URL, from `reportUrls` and then `reportUrl`.
    pub fn report_urls(&self) -> impl Iterator<Item = &str> {
        self.report_urls
            .iter()
            .flatten()
            .chain(self.report_url.iter())
            .map(String::as_str)
    }
}

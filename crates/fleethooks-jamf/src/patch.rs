//! Patch management: `ComputerPatchPolicyCompleted` and `PatchSoftwareTitleUpdated`.

use crate::computer::{Computer, LegacyComputerEvent, legacy_computer_event};
use crate::record::record;
use chrono::{DateTime, Utc};

record! {
    /// `ComputerPatchPolicyCompleted`: a computer finished a patch policy.
    #[derive(Debug)]
    pub struct ComputerPatchPolicyCompleted expecting "a ComputerPatchPolicyCompleted event" custom_deserialize {
        /// Jamf Pro id of the patch policy.
        patch_policy_id: Option<i64> = "patchPolicyId" => OptI64, always;
        /// Name of the patch policy.
        patch_policy_name: Option<String> = "patchPolicyName" => value, always;
        /// Jamf Pro id of the patch software title.
        software_title_id: Option<i64> = "softwareTitleId" => OptI64, always;
        /// Version the policy deployed, e.g. `124.0.6367.91`.
        deployed_version: Option<String> = "deployedVersion" => value, always;
        /// Whether the policy succeeded.
        successful: Option<bool> = "successful" => OptBool, always;
        /// The actions the policy ran.
        event_actions: Option<EventActions> = "eventActions" => value, always;
        /// The computer.
        computer: Computer = "computer" => value, always;
    }
}

impl LegacyComputerEvent for ComputerPatchPolicyCompleted {
    fn computer_mut(&mut self) -> &mut Computer {
        &mut self.computer
    }
}

legacy_computer_event!(ComputerPatchPolicyCompleted);

record! {
    /// The `eventActions` object of a patch policy: `{"action": ["…", …]}`, in XML repeated
    /// `<action>` elements.
    #[derive(Debug)]
    pub struct EventActions expecting "struct EventActions" {
        /// Each action, in order.
        action: Vec<String> = "action" => value, always;
    }
}

record! {
    /// `PatchSoftwareTitleUpdated`: a subscribed patch title has a new version.
    ///
    /// Jamf sends either `reportUrls` (a list; repeated elements in XML) or a single
    /// `reportUrl`; each is kept as it came and written back the same way.
    /// [`report_urls`](Self::report_urls) walks both.
    #[derive(Debug)]
    pub struct PatchSoftwareTitleUpdated expecting "struct PatchSoftwareTitleUpdated" {
        /// Title name, e.g. `Google Chrome`.
        name: Option<String> = "name" => value, always;
        /// Newest version of the title.
        latest_version: Option<String> = "latestVersion" => value, always;
        /// When the title definition last changed (epoch milliseconds on the wire).
        last_update: Option<DateTime<Utc>> = "lastUpdate" => OptMillis, always;
        /// Report URLs, when sent as `reportUrls`. A lone string is read as a one-item list.
        report_urls: Option<Vec<String>> = "reportUrls" => StringOrSeq, if_some;
        /// The report URL, when sent as the single `reportUrl`.
        report_url: Option<String> = "reportUrl" => value, if_some;
        /// Jamf Pro id of the patch title.
        jss_id: Option<i64> = "jssID" | "jssid" => OptI64, always;
    }
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

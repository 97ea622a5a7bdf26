//! `JSSStartup` and `JSSShutdown`: the Jamf Pro web application started or stopped.

use serde::{Deserialize, Serialize};

/// The Jamf Pro instance that started (`JSSStartup`) or is stopping (`JSSShutdown`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct JssInstance {
    /// Organization name configured in Jamf Pro.
    #[serde(default)]
    pub institution: Option<String>,
    /// Host address of the node.
    #[serde(default)]
    pub host_address: Option<String>,
    /// Web application path, e.g. `/usr/local/jss/tomcat/webapps/ROOT`.
    #[serde(default)]
    pub web_application_path: Option<String>,
    /// Whether this node is the cluster's primary.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub is_cluster_master: Option<bool>,
    /// Public URL of the instance.
    #[serde(default)]
    pub jss_url: Option<String>,
}

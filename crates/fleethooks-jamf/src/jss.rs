//! `JSSStartup` and `JSSShutdown`: the Jamf Pro web application started or stopped.

use crate::record::record;

record! {
    /// The Jamf Pro instance that started (`JSSStartup`) or is stopping (`JSSShutdown`).
    #[derive(Debug)]
    pub struct JssInstance expecting "struct JssInstance" {
        /// Organization name configured in Jamf Pro.
        institution: Option<String> = "institution" => value, always;
        /// Host address of the node.
        host_address: Option<String> = "hostAddress" => value, always;
        /// Web application path, e.g. `/usr/local/jss/tomcat/webapps/ROOT`.
        web_application_path: Option<String> = "webApplicationPath" => value, always;
        /// Whether this node is the cluster's primary.
        is_cluster_master: Option<bool> = "isClusterMaster" => OptBool, always;
        /// Public URL of the instance.
        jss_url: Option<String> = "jssUrl" => value, always;
    }
}

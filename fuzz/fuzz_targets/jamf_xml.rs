//! libFuzzer target: any bytes into `fleethooks_jamf::from_xml`, round trips checked.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/jamf_xml.rs"]
mod body;
#[path = "../bodies/jamf_common.rs"]
mod common;
#[path = "../bodies/same_json.rs"]
mod same_json;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

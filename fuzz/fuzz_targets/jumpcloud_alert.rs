//! libFuzzer target: arbitrary bytes into the JumpCloud alert parser.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/jumpcloud_alert.rs"]
mod body;
#[path = "../bodies/same_json.rs"]
mod same_json;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

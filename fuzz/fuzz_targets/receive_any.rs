//! libFuzzer target: any headers and body into the facade's `Receiver` (all three sources),
//! end to end: authentication, parse, summary, duplicates.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

// The seed encoder is used only by tests.
#[allow(dead_code)]
#[path = "../bodies/receive_any.rs"]
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

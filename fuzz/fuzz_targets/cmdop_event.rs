//! libFuzzer target: any bytes into the cmdop envelope parser, with its round-trip properties.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/cmdop_event.rs"]
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

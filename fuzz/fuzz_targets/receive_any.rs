//! libFuzzer target: any headers and body into the facade's `Receiver` (all three sources),
//! end to end: authentication, parse, summary, duplicates.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

// Only the cmdop body's JSON comparison is used here, and the seed encoder only by tests.
#[allow(dead_code)]
#[path = "../bodies/receive_any.rs"]
mod body;
#[allow(dead_code)]
#[path = "../bodies/cmdop_event.rs"]
mod cmdop_event;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

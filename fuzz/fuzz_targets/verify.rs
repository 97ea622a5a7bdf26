//! libFuzzer target: arbitrary header values, secrets and bodies into every verifier.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/verify.rs"]
mod body;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

//! libFuzzer target: configured Basic pairs, tokens and a shared header against any request
//! headers, each check's answer compared with what the request really carries.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/credentials.rs"]
mod body;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

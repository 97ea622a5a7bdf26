//! libFuzzer target: arbitrary bytes into JumpCloud trigger environment flattening.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/jumpcloud_env.rs"]
mod body;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

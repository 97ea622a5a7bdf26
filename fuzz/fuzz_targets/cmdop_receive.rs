//! libFuzzer target: a secret, a signature header and a body through the cmdop `Receiver` and
//! `ReplayGuard`.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../bodies/cmdop_receive.rs"]
mod body;

fuzz_target!(|data: &[u8]| -> Corpus {
    if body::run(data) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});

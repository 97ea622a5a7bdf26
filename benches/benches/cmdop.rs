//! Filled in with the crate it measures.
fn main() {}

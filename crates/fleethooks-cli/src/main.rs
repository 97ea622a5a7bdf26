//! The `fleethooks` command.
fn main() {}

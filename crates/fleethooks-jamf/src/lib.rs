//! Placeholder crate root; the models land with their issue.
#![forbid(unsafe_code)]

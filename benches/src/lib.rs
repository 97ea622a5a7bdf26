//! Criterion benches live in `benches/`; this library target is empty so the package has a root.

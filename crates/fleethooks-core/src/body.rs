//! What every source does to a body before parsing it.

/// The UTF-8 encoding of U+FEFF, the byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `body` without one leading UTF-8 byte-order mark.
///
/// A BOM is not JSON or XML content, but tools that touch a body on its way (editors, proxies,
/// Windows scripts) sometimes add one. It carries nothing, so every parser skips it; positions
/// in errors count from after it. Signatures are always checked over the bytes as received, BOM
/// included.
///
/// ```
/// assert_eq!(fleethooks_core::strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
/// assert_eq!(fleethooks_core::strip_bom(b"{}"), b"{}");
/// ```
#[must_use]
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(UTF8_BOM).unwrap_or(body)
}

//! Reading the one value of a header, refusing ambiguity.

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::{Error, Result};

/// The single value of `name` in `headers`.
///
/// `HeaderMap` lookups are case-insensitive already. Two values are refused rather than picking
/// one: a proxy that appends a forged header must not get to choose which value is checked.
pub(crate) fn single<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Result<&'a HeaderValue> {
    let mut values = headers.get_all(name).iter();
    let first = values
        .next()
        .ok_or_else(|| Error::MissingHeader { name: name.clone() })?;
    if values.next().is_some() {
        return Err(Error::DuplicateHeader { name: name.clone() });
    }
    Ok(first)
}

/// Parses a configured header name, keeping the rejected text for the error.
pub(crate) fn parse_name(name: &str) -> Result<HeaderName> {
    HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| Error::InvalidHeaderName {
        name: name.to_owned(),
    })
}

//! One module per webhook source, each turning a body into a [`crate::parse::Parsed`].

pub(crate) mod cmdop;
pub(crate) mod jamf;
pub(crate) mod jumpcloud;

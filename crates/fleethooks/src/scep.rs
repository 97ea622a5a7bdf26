//! Answering Jamf Pro's `SCEPChallenge`, the one event whose reply Jamf reads.

use fleethooks_jamf::{Envelope, ScepChallenge};

use crate::error::BoxError;

/// Produces the challenge Jamf Pro puts in a SCEP payload.
///
/// Jamf waits for the answer while it builds the configuration profile, so the provider runs
/// inside the request and must be quick (a lookup in memory, a call to a local CA): well under
/// Jamf's read timeout. A plain closure is a provider:
///
/// ```
/// use fleethooks::jamf::{Envelope, ScepChallenge};
///
/// let provider = |event: &Envelope<ScepChallenge>| -> Result<String, fleethooks::BoxError> {
///     let serial = event.event.target_device.as_ref().and_then(|d| d.serial_number.as_deref());
///     Ok(format!("challenge-for-{}", serial.unwrap_or("unknown")))
/// };
/// # let _ = provider;
/// ```
pub trait ChallengeProvider: Send + Sync {
    /// The challenge for `event`.
    ///
    /// # Errors
    ///
    /// Any failure: the receiver answers 503 and the profile gets no challenge.
    fn challenge(&self, event: &Envelope<ScepChallenge>) -> Result<String, BoxError>;
}

impl<F> ChallengeProvider for F
where
    F: Fn(&Envelope<ScepChallenge>) -> Result<String, BoxError> + Send + Sync,
{
    fn challenge(&self, event: &Envelope<ScepChallenge>) -> Result<String, BoxError> {
        self(event)
    }
}

//! How a subcommand fails, and the exit code each failure maps to.

use std::fmt;
use std::process::ExitCode;

/// A failed subcommand: the one line printed on stderr and its exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The input was read but rejected: bad signature, unparseable payload. Exit code 1.
    Rejected(String),
    /// The invocation cannot work: unreadable file, unset variable, bad flag combination. Exit
    /// code 2, as clap uses for its own usage errors.
    Usage(String),
}

impl Failure {
    /// A rejection, from anything that displays as a reason.
    pub(crate) fn rejected(reason: impl fmt::Display) -> Self {
        Self::Rejected(one_line(&reason.to_string()))
    }

    /// A usage error, from anything that displays as a reason.
    pub(crate) fn usage(reason: impl fmt::Display) -> Self {
        Self::Usage(one_line(&reason.to_string()))
    }

    /// The reason alone, without the `rejected:`/`error:` prefix.
    pub(crate) fn reason(&self) -> &str {
        match self {
            Self::Rejected(reason) | Self::Usage(reason) => reason,
        }
    }

    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Rejected(_) => ExitCode::from(1),
            Self::Usage(_) => ExitCode::from(2),
        }
    }
}

/// Scripts read stderr line by line, so a reason never spans lines.
fn one_line(reason: &str) -> String {
    reason.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected(reason) => write!(f, "rejected: {reason}"),
            Self::Usage(reason) => write!(f, "error: {reason}"),
        }
    }
}

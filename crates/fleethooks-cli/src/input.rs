//! Reading bodies and secrets.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use fleethooks_verify::Secret;

use crate::failure::Failure;

/// The bytes of FILE, or of standard input for `-` or no FILE, exactly as read.
pub(crate) fn body(file: Option<&Path>) -> Result<Vec<u8>, Failure> {
    match file {
        Some(path) if path != Path::new("-") => std::fs::read(path)
            .map_err(|e| Failure::usage(format_args!("cannot read {}: {e}", path.display()))),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::usage(format_args!("cannot read standard input: {e}")))?;
            Ok(bytes)
        }
    }
}

/// A secret from an environment variable, as its raw bytes.
pub(crate) fn secret_from_env(name: &str) -> Result<Secret, Failure> {
    std::env::var_os(name)
        .map(|value| Secret::new(value.into_encoded_bytes()))
        .ok_or_else(|| Failure::usage(format_args!("environment variable {name} is not set")))
}

/// A secret from a file, minus one trailing newline (`\n` or `\r\n`), which editors and
/// `echo` add but nobody means as part of the secret.
pub(crate) fn secret_from_file(path: &Path) -> Result<Secret, Failure> {
    let mut bytes = std::fs::read(path).map_err(|e| {
        Failure::usage(format_args!(
            "cannot read secret file {}: {e}",
            path.display()
        ))
    })?;
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    Ok(Secret::new(bytes))
}

/// Every secret named by `--secret-env` and `--secret-file`, in that order.
pub(crate) fn secrets(env: &[String], files: &[PathBuf]) -> Result<Vec<Secret>, Failure> {
    let from_env = env.iter().map(|name| secret_from_env(name));
    let from_files = files.iter().map(|path| secret_from_file(path));
    from_env.chain(from_files).collect()
}

/// Writes to standard output; a closed pipe (`| head`) is not worth a panic or an error.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::usage(format_args!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

//! `serve` with no config: the three sources enabled with fresh credentials, kept in files only
//! the user can read, and the exact commands that deliver a sample event printed once.
//!
//! The credentials are never printed: the commands read them from the files.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use fleethooks::verify::Secret;

use super::config::Auth;

/// The fresh credentials of one run, and where they are kept.
pub(crate) struct Quickstart {
    pub(crate) dir: PathBuf,
    pub(crate) jamf: Auth,
    pub(crate) jumpcloud: Auth,
    pub(crate) cmdop: Secret,
}

/// The user name Jamf's Basic authentication gets: not secret.
const JAMF_USER: &str = "jamf";

fn random_hex(bytes: usize) -> io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(buf.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    }))
}

/// Writes `content` to a new file readable by its owner only.
fn private_file(path: &Path, content: &str) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(content.as_bytes())
}

impl Quickstart {
    /// Fresh credentials in a new directory under the system's temporary directory.
    pub(crate) fn create() -> io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("fleethooks-quickstart-{}", random_hex(6)?));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir)?;
        let password = random_hex(16)?;
        let token = format!("jc_{}", random_hex(16)?);
        let secret = format!("whsec_{}", random_hex(24)?);
        private_file(&dir.join("jamf.user"), JAMF_USER)?;
        private_file(&dir.join("jamf.password"), &password)?;
        private_file(&dir.join("jumpcloud.token"), &token)?;
        private_file(&dir.join("cmdop.secret"), &secret)?;
        Ok(Self {
            dir,
            jamf: Auth::Basic {
                user: Secret::from(JAMF_USER),
                password: Secret::from(password),
            },
            jumpcloud: Auth::Token(Secret::from(token)),
            cmdop: Secret::from(secret),
        })
    }

    /// The banner: where it listens, where the credentials are, and commands to try it.
    pub(crate) fn banner(&self, base: &str, output: &str) -> String {
        let exe = program();
        let file = |name: &str| shell_quote(&self.dir.join(name).display().to_string());
        let mut text = String::new();
        let _ = writeln!(text, "fleethooks serve: listening on {base}");
        let _ = writeln!(
            text,
            "No --config given: Jamf Pro, JumpCloud and cmdop are enabled with fresh credentials for this run,\nkept in {} (readable by you only). Events go to {output}, one JSON line each.",
            self.dir.display()
        );
        let _ = writeln!(text, "\nDeliver a sample event:");
        let _ = writeln!(
            text,
            "  {exe} simulate cmdop machine.offline | {exe} send --source cmdop --url {base}/cmdop --secret-file {}",
            file("cmdop.secret")
        );
        let _ = writeln!(
            text,
            "  {exe} simulate jamf ComputerCheckIn | {exe} send --source jamf --url {base}/jamf --basic-user-file {} --basic-password-file {}",
            file("jamf.user"),
            file("jamf.password")
        );
        let _ = writeln!(
            text,
            "  {exe} simulate jumpcloud alert | {exe} send --source jumpcloud --url {base}/jumpcloud --token-file {}",
            file("jumpcloud.token")
        );
        let _ = writeln!(text, "\nOr with curl:");
        let _ = writeln!(
            text,
            "  {exe} simulate jumpcloud alert | curl -sS {base}/jumpcloud -H \"Authorization: Bearer $(cat {})\" -H 'Content-Type: application/json' --data-binary @-",
            file("jumpcloud.token")
        );
        text
    }
}

/// How to name this program in a printed command: `fleethooks` when that is how it was
/// started from the `PATH`, else its full path (as under `cargo run`).
fn program() -> String {
    let started_as = std::env::args_os().next().unwrap_or_default();
    if Path::new(&started_as).components().count() == 1 {
        return started_as.to_string_lossy().into_owned();
    }
    std::env::current_exe()
        .map(|p| shell_quote(&p.display().to_string()))
        .unwrap_or_else(|_| "fleethooks".to_owned())
}

/// `text` quoted for a POSIX shell when it needs to be.
fn shell_quote(text: &str) -> String {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+:=@".contains(&b));
    if plain && !text.is_empty() {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

impl Drop for Quickstart {
    /// The credentials are for this run only: once it is over they open nothing, so they do
    /// not stay behind in the temporary directory.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

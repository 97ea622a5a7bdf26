//! The output sink: one summary line per accepted event, on stdout or appended to a file, written
//! and synced before the event is acknowledged.
//!
//! Syncing once per event would cap the receiver at the disk's sync rate, so writes are grouped
//! as databases do: requests hand their line to one writer thread, which takes every line that is
//! waiting, writes them in one go, syncs once, then releases every waiting request. Under load a
//! batch grows by itself; alone, an event waits for one write and one sync.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use tokio::sync::{mpsc, oneshot};

/// The most lines written under one sync; a bound on what one failed sync can refuse.
const MAX_BATCH: usize = 4096;

/// How much of an existing output file is read back at start for its dedup keys.
pub(crate) const READ_BACK_BYTES: u64 = 32 * 1024 * 1024;

/// A line to write and the request waiting for it.
struct Job {
    line: String,
    done: oneshot::Sender<Result<(), String>>,
}

/// Where accepted events go.
#[derive(Clone)]
pub(crate) struct Output {
    jobs: mpsc::Sender<Job>,
    describe: String,
}

impl Output {
    /// Starts the writer thread for `path` (appending; created if absent) or standard output.
    pub(crate) fn start(path: Option<&Path>) -> io::Result<Self> {
        let target = match path {
            Some(path) => Target::File(FileTarget::open(path)?),
            None => Target::Stdout,
        };
        let describe =
            path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        let (jobs, rx) = mpsc::channel(MAX_BATCH);
        std::thread::Builder::new()
            .name("fleethooks-output".to_owned())
            .spawn(move || writer(target, rx))?;
        Ok(Self { jobs, describe })
    }

    /// What the output is, for logs.
    pub(crate) fn describe(&self) -> &str {
        &self.describe
    }

    /// Writes `line` (no newline) and waits until it is synced.
    pub(crate) async fn write(&self, line: String) -> Result<(), String> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .send(Job { line, done })
            .await
            .map_err(|_| "the output writer has stopped".to_owned())?;
        wait.await
            .map_err(|_| "the output writer has stopped".to_owned())?
    }
}

enum Target {
    Stdout,
    File(FileTarget),
}

/// The output file, reopened when its path stops naming the file we hold (removed, rotated).
struct FileTarget {
    path: PathBuf,
    file: File,
    /// A regular file, which is synced and cut back; a device or a pipe (`/dev/null`, a FIFO)
    /// has nothing to sync, and `fdatasync` on it fails with EINVAL.
    regular: bool,
}

impl FileTarget {
    fn open(path: &Path) -> io::Result<Self> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        drop_torn_tail(&mut file)?;
        let regular = file.metadata()?.is_file();
        Ok(Self {
            path: path.to_path_buf(),
            file,
            regular,
        })
    }

    /// Reopens the path if it no longer names the open file: an event written to a file that
    /// was removed would be acknowledged and lost.
    fn ensure_current(&mut self) -> io::Result<()> {
        if !same_file(&self.path, &self.file) {
            *self = Self::open(&self.path)?;
        }
        Ok(())
    }

    fn write_batch(&mut self, batch: &[u8]) -> io::Result<()> {
        self.ensure_current()?;
        let before = self.file.metadata()?.len();
        let regular = self.regular;
        let written = self
            .file
            .write_all(batch)
            .and_then(|()| self.file.flush())
            .and_then(|()| {
                if regular {
                    self.file.sync_data()
                } else {
                    Ok(())
                }
            });
        if written.is_err() && regular {
            // Nothing of a failed batch is acknowledged, so nothing of it should stay: a later
            // read-back must not take its keys as accepted, and the file stays whole lines.
            let _ = self.file.set_len(before);
        }
        written
    }
}

#[cfg(unix)]
fn same_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(path: &Path, _: &File) -> bool {
    path.exists()
}

/// Cuts a last line without its newline: it was being written when the process died, so it
/// was never acknowledged, and appending after it would join two events on one line.
fn drop_torn_tail(file: &mut File) -> io::Result<()> {
    let len = file.metadata()?.len();
    if len == 0 || !file.metadata()?.is_file() {
        return Ok(());
    }
    let tail_len = len.min(64 * 1024);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::new();
    io::Read::by_ref(file)
        .take(tail_len)
        .read_to_end(&mut tail)?;
    if tail.last() == Some(&b'\n') {
        return Ok(());
    }
    let keep = match tail.iter().rposition(|&b| b == b'\n') {
        Some(at) => len - tail_len + at as u64 + 1,
        None if tail_len == len => 0,
        // A torn line longer than the tail read: keep it rather than guess.
        None => return Ok(()),
    };
    file.set_len(keep)?;
    file.sync_data()
}

fn writer(mut target: Target, mut rx: mpsc::Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::new();
    let mut bytes = Vec::new();
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        bytes.clear();
        for job in &batch {
            bytes.extend_from_slice(job.line.as_bytes());
            bytes.push(b'\n');
        }
        let result = match &mut target {
            Target::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(&bytes).and_then(|()| out.flush())
            }
            Target::File(file) => file.write_batch(&bytes),
        };
        let result = result.map_err(|e| format!("cannot write the output: {e}"));
        for job in batch.drain(..) {
            let _ = job.done.send(result.clone());
        }
    }
}

/// The `(source, key)` of the summary lines at the end of the file at `path`, oldest first,
/// for deduplication across a restart. A missing file has none; lines that are not summaries
/// are skipped.
pub(crate) fn read_back(path: &Path) -> io::Result<Vec<(String, String)>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let start = len.saturating_sub(READ_BACK_BYTES);
    file.seek(SeekFrom::Start(start))?;
    let mut text = Vec::new();
    file.take(READ_BACK_BYTES).read_to_end(&mut text)?;
    let mut lines = text.split(|&b| b == b'\n');
    if start > 0 {
        // The first line read starts mid-line.
        lines.next();
    }
    #[derive(serde::Deserialize)]
    struct Line {
        source: String,
        key: String,
    }
    Ok(lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| serde_json::from_slice::<Line>(l).ok())
        .map(|l| (l.source, l.key))
        .collect())
}

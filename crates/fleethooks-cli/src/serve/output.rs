//! The output sink: one summary line per accepted event, on stdout or appended to a file, written
//! and synced before the event is acknowledged.
//!
//! Syncing once per event would cap the receiver at the disk's sync rate, so writes are grouped
//! as databases do (group commit): the request that finds no write under way becomes the
//! leader and writes its own line with every line that arrived meanwhile, syncs once, releases
//! those requests, and hands the leadership to the next waiting request, if any. Alone, an event
//! costs one write and one sync on its own task, with no hand-off to another thread; under load a
//! batch grows by itself.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;

/// How much of an existing output file is read back at start for its dedup keys.
pub(crate) const READ_BACK_BYTES: u64 = 32 * 1024 * 1024;

/// What a waiting request is told.
enum Turn {
    /// Its line was written (or the write failed).
    Done(Result<(), String>),
    /// It leads the next write; its line comes back with the message.
    Lead(String),
}

/// A line waiting for the leader, and the request it belongs to.
struct Waiting {
    line: String,
    turn: oneshot::Sender<Turn>,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Waiting>,
    /// Whether a leader is writing now.
    leading: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Only the leader touches the target.
    target: Mutex<Target>,
    /// Whether a write must sync (a regular file): then it runs where blocking is allowed.
    syncs: bool,
}

/// Where accepted events go.
#[derive(Clone)]
pub(crate) struct Output {
    shared: Arc<Shared>,
    describe: String,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing here can be left half-changed by a panic that matters more than losing the lock.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Output {
    /// Opens `path` (appending; created if absent), or standard output.
    pub(crate) fn start(path: Option<&Path>) -> io::Result<Self> {
        let target = match path {
            Some(path) => Target::File(FileTarget::open(path)?),
            None => Target::Stdout,
        };
        let syncs = matches!(&target, Target::File(f) if f.regular);
        let describe =
            path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        Ok(Self {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                target: Mutex::new(target),
                syncs,
            }),
            describe,
        })
    }

    /// What the output is, for logs.
    pub(crate) fn describe(&self) -> &str {
        &self.describe
    }

    /// Writes `line` (no newline) and waits until it is synced.
    pub(crate) async fn write(&self, line: String) -> Result<(), String> {
        let wait = {
            let mut queue = lock(&self.shared.queue);
            if queue.leading {
                let (turn, wait) = oneshot::channel();
                queue.waiting.push(Waiting { line, turn });
                Err(wait)
            } else {
                queue.leading = true;
                Ok(line)
            }
        };
        let own = match wait {
            Ok(line) => line,
            Err(wait) => match wait.await {
                Ok(Turn::Done(result)) => return result,
                Ok(Turn::Lead(line)) => line,
                Err(_) => return Err("the output writer has stopped".to_owned()),
            },
        };
        let mut leader = Leader {
            shared: &self.shared,
            handed_on: false,
        };
        leader.write(&own)
    }
}

/// The request writing now; it hands the leadership on when done, also if it is dropped.
struct Leader<'s> {
    shared: &'s Shared,
    handed_on: bool,
}

impl Leader<'_> {
    fn write(&mut self, own: &str) -> Result<(), String> {
        let batch = std::mem::take(&mut lock(&self.shared.queue).waiting);
        let mut bytes = Vec::with_capacity(
            own.len() + 1 + batch.iter().map(|w| w.line.len() + 1).sum::<usize>(),
        );
        bytes.extend_from_slice(own.as_bytes());
        bytes.push(b'\n');
        for waiting in &batch {
            bytes.extend_from_slice(waiting.line.as_bytes());
            bytes.push(b'\n');
        }
        let write = || {
            lock(&self.shared.target)
                .write(&bytes)
                .map_err(|e| format!("cannot write the output: {e}"))
        };
        // A sync blocks for milliseconds: the runtime moves this worker's other tasks away.
        let result = if self.shared.syncs {
            tokio::task::block_in_place(write)
        } else {
            write()
        };
        for waiting in batch {
            let _ = waiting.turn.send(Turn::Done(result.clone()));
        }
        self.hand_on();
        result
    }

    fn hand_on(&mut self) {
        if self.handed_on {
            return;
        }
        self.handed_on = true;
        let mut queue = lock(&self.shared.queue);
        while !queue.waiting.is_empty() {
            let next = queue.waiting.remove(0);
            // A waiter that went away cannot lead: try the next.
            if let Err(Turn::Lead(_)) = next.turn.send(Turn::Lead(next.line)) {
                continue;
            }
            return;
        }
        queue.leading = false;
    }
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        self.hand_on();
    }
}

enum Target {
    Stdout,
    File(FileTarget),
}

impl Target {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes).and_then(|()| out.flush())
            }
            Self::File(file) => file.write_batch(bytes),
        }
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails on what it cannot do")]

    use super::Output;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn concurrent_lines_are_each_written_once_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let output = Output::start(Some(&path)).unwrap();
        runtime().block_on(async {
            let writers: Vec<_> = (0..400)
                .map(|i| {
                    let output = output.clone();
                    tokio::spawn(async move {
                        output
                            .write(format!(r#"{{"source":"cmdop","key":"evt_{i:04}"}}"#))
                            .await
                    })
                })
                .collect();
            for writer in writers {
                writer.await.unwrap().unwrap();
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort_unstable();
        let expected: Vec<String> = (0..400)
            .map(|i| format!(r#"{{"source":"cmdop","key":"evt_{i:04}"}}"#))
            .collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn a_failed_write_fails_every_line_of_its_batch_and_the_next_write_still_runs() {
        let output = Output::start(Some(std::path::Path::new("/dev/full"))).unwrap();
        runtime().block_on(async {
            let writers: Vec<_> = (0..50)
                .map(|i| {
                    let output = output.clone();
                    tokio::spawn(async move { output.write(format!("line {i}")).await })
                })
                .collect();
            for writer in writers {
                let err = writer.await.unwrap().unwrap_err();
                assert!(err.starts_with("cannot write the output: "), "{err}");
            }
            // Leadership was handed on, not lost: a later write is tried (and fails) at once.
            let again = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                output.write("after".to_owned()),
            )
            .await
            .unwrap();
            assert!(again.is_err());
        });
    }
}

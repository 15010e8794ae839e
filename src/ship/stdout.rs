//! Documents to stdout, one per line: the tool's output when no Logstash is configured.
//!
//! Each batch is moved to a blocking thread and written there with `std`'s stdout while the
//! next one is encoded, then its buffer comes back for reuse. `tokio::io::Stdout` does the
//! same but copies every batch into a buffer of its own first (256 KiB per batch).

use std::io::Write;

use tokio::sync::Mutex;

use super::batch::{Batch, IDLE_BATCHES, Ticket};
use super::report::{DeliveryReport, SendErrorRecord};
use crate::buffers::Buffers;

struct Inner {
    report: DeliveryReport,
    broken: bool,
    /// The batch being written, if any: awaited before the next one starts (so batches stay
    /// whole and in order) and at `finish`.
    writing: Option<Writing>,
}

struct Writing {
    task: tokio::task::JoinHandle<(Vec<u8>, std::io::Result<()>)>,
    lines: u64,
    object: Ticket,
    bytes: u64,
}

/// Batches from concurrent objects are written whole, so lines never interleave. One batch is
/// written while the next is encoded.
pub struct StdoutSink {
    inner: Mutex<Inner>,
    pub(super) buffers: Buffers,
}

impl StdoutSink {
    pub fn new() -> Self {
        StdoutSink {
            inner: Mutex::new(Inner {
                report: DeliveryReport::default(),
                broken: false,
                writing: None,
            }),
            buffers: Buffers::new(IDLE_BATCHES),
        }
    }

    pub async fn send(&self, batch: Batch) {
        let mut s = self.inner.lock().await;
        self.settle(&mut s).await;
        if s.broken {
            s.report.object(batch.object).failed += batch.lines;
            self.buffers.give(batch.buf);
            return;
        }
        let Batch { buf, lines, object } = batch;
        let bytes = buf.len() as u64;
        let task = tokio::task::spawn_blocking(move || {
            let written = write_stdout(&buf);
            (buf, written)
        });
        s.writing = Some(Writing {
            task,
            lines,
            object,
            bytes,
        });
    }

    /// Waits for the batch being written and counts it.
    async fn settle(&self, s: &mut Inner) {
        let Some(w) = s.writing.take() else { return };
        let (buf, written) = match w.task.await {
            Ok(done) => done,
            Err(e) => (Vec::new(), Err(std::io::Error::other(e.to_string()))),
        };
        match written {
            Ok(()) => {
                s.report.bytes_sent += w.bytes;
                s.report.object(w.object).sent += w.lines;
            }
            Err(e) => {
                s.report.object(w.object).failed += w.lines;
                s.broken = true;
                s.report.errors.push(SendErrorRecord {
                    peer: "stdout".into(),
                    error: e.to_string(),
                    bytes: w.bytes,
                });
            }
        }
        self.buffers.give(buf);
    }

    /// Waits for the last batch; every one before it was flushed when it was written.
    pub async fn finish(self) -> DeliveryReport {
        let mut s = self.inner.lock().await;
        self.settle(&mut s).await;
        std::mem::take(&mut s.report)
    }
}

/// Whole batches end in a newline, so `std`'s line-buffered stdout passes them straight to
/// `write(2)` without copying them.
fn write_stdout(buf: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(buf)?;
    out.flush()
}

impl Default for StdoutSink {
    fn default() -> Self {
        Self::new()
    }
}

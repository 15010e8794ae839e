//! Documents to stdout, one per line: the tool's output when no Logstash is configured.

use tokio::io::{AsyncWriteExt, Stdout};
use tokio::sync::Mutex;

use super::{Batch, DeliveryReport, IDLE_BATCHES};
use crate::buffers::Buffers;
use crate::summary::SendErrorRecord;

struct Inner {
    out: Stdout,
    report: DeliveryReport,
    broken: bool,
}

/// Batches from concurrent objects are written whole, so lines never interleave.
pub struct StdoutSink {
    inner: Mutex<Inner>,
    pub(super) buffers: Buffers,
}

impl StdoutSink {
    pub fn new() -> Self {
        StdoutSink {
            inner: Mutex::new(Inner {
                out: tokio::io::stdout(),
                report: DeliveryReport::default(),
                broken: false,
            }),
            buffers: Buffers::new(IDLE_BATCHES),
        }
    }

    pub async fn send(&self, batch: Batch) {
        let mut s = self.inner.lock().await;
        let result = if s.broken {
            Err(None)
        } else {
            s.out.write_all(&batch.buf).await.map_err(Some)
        };
        match result {
            Ok(()) => {
                s.report.bytes_sent += batch.buf.len() as u64;
                s.report.object(batch.object).sent += batch.lines;
            }
            Err(e) => {
                s.report.object(batch.object).failed += batch.lines;
                if let Some(e) = e {
                    s.broken = true;
                    s.report.errors.push(SendErrorRecord {
                        peer: "stdout".into(),
                        error: e.to_string(),
                        bytes: batch.buf.len() as u64,
                    });
                }
            }
        }
        self.buffers.give(batch.buf);
    }

    pub async fn finish(self) -> DeliveryReport {
        let mut s = self.inner.into_inner();
        if let Err(e) = s.out.flush().await {
            s.report.errors.push(SendErrorRecord {
                peer: "stdout".into(),
                error: e.to_string(),
                bytes: 0,
            });
        }
        s.report
    }
}

impl Default for StdoutSink {
    fn default() -> Self {
        Self::new()
    }
}

//! What the senders of one run share and count: the delivery report, the bytes held, whether
//! the run gave up, and the batch buffers. Every count goes through here, so each rule (a
//! failed window's lines, a partial delivery, a released buffer) is written once.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::batch::{Batch, IDLE_BATCHES};
use super::error::SendError;
use super::report::{DeliveryReport, SendErrorRecord};
use crate::buffers::Buffers;
use crate::last_errors::truncate;

pub(super) struct Ledger {
    report: Mutex<DeliveryReport>,
    /// Set when Logstash cannot be reached or stopped reading: later batches fail at once
    /// instead of each waiting out a timeout.
    given_up: AtomicBool,
    buffered: AtomicU64,
    peak_buffered: AtomicU64,
    pub(super) buffers: Buffers,
}

impl Ledger {
    pub(super) fn new() -> Ledger {
        Ledger {
            report: Mutex::new(DeliveryReport::default()),
            given_up: AtomicBool::new(false),
            buffered: AtomicU64::new(0),
            peak_buffered: AtomicU64::new(0),
            buffers: Buffers::new(IDLE_BATCHES),
        }
    }

    /// A poisoned lock only means another sender panicked; its counts are still worth keeping.
    fn report(&self) -> MutexGuard<'_, DeliveryReport> {
        self.report.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn given_up(&self) -> bool {
        self.given_up.load(Ordering::Relaxed)
    }

    /// A batch entered the queue.
    pub(super) fn queued(&self, bytes: u64) {
        let now = self.buffered.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.peak_buffered.fetch_max(now, Ordering::Relaxed);
    }

    /// A batch that will not be sent (the run gave up, or no sender is left): its lines
    /// failed, its buffer goes back for reuse.
    pub(super) fn refuse(&self, batch: Batch) {
        self.report().object(batch.object).failed += batch.lines;
        self.release(batch.buf);
    }

    pub(super) fn record_error(&self, e: &SendError, bytes: u64) {
        self.report().errors.push(SendErrorRecord {
            peer: e.peer.clone(),
            error: truncate(&e.kind.to_string()),
            bytes,
        });
    }

    /// Counts the lines after the first `delivered` of the window as sent again.
    pub(super) fn resending(&self, batches: &[Batch], delivered: u64) {
        let mut r = self.report();
        for (b, done) in split(batches, delivered) {
            r.object(b.object).resent += b.lines - done;
        }
    }

    /// A window is finished: the first `delivered` lines (all, when `failure` is `None`)
    /// reached Logstash, the rest failed; its buffers go back for reuse.
    pub(super) fn settle(
        &self,
        batches: Vec<Batch>,
        delivered: u64,
        wire_bytes: u64,
        failure: Option<&SendError>,
    ) {
        let bytes: u64 = batches.iter().map(|b| b.buf.len() as u64).sum();
        if let Some(e) = failure {
            if !e.retryable() {
                self.given_up.store(true, Ordering::Relaxed);
            }
            self.record_error(e, bytes);
        }
        {
            let mut r = self.report();
            let delivered = if failure.is_some() {
                delivered
            } else {
                u64::MAX
            };
            for (b, done) in split(&batches, delivered) {
                let o = r.object(b.object);
                o.sent += done;
                o.failed += b.lines - done;
            }
            r.bytes_sent += wire_bytes;
        }
        for b in batches {
            self.release(b.buf);
        }
    }

    fn release(&self, buf: Vec<u8>) {
        self.buffered.fetch_sub(buf.len() as u64, Ordering::Relaxed);
        self.buffers.give(buf);
    }

    /// Adds a report line that belongs to no window.
    pub(super) fn note(&self, record: SendErrorRecord) {
        self.report().errors.push(record);
    }

    /// The report, once every sender has stopped.
    pub(super) fn take(&self) -> DeliveryReport {
        let mut report = std::mem::take(&mut *self.report());
        report.peak_buffered_bytes = self.peak_buffered.load(Ordering::Relaxed);
        report
    }
}

/// Each batch with how many of its lines fall within the first `delivered` of the window.
fn split(batches: &[Batch], mut delivered: u64) -> impl Iterator<Item = (&Batch, u64)> {
    batches.iter().map(move |b| {
        let done = delivered.min(b.lines);
        delivered -= done;
        (b, done)
    })
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;

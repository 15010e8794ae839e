//! The delivery engine, written once for every protocol: take batches from the queue, form
//! windows, have the protocol send and confirm them, retry with back-off (on another host when
//! one is up), give the run up when retrying cannot help, and count it all in the ledger.
//!
//! A protocol is a connection type implementing [`Exchange`]: how a batch goes onto the wire
//! as it joins a window, how a window is confirmed, and how much of a failed window was
//! delivered anyway. tcp confirms by closing (`tcp.rs`), beats by ACKs (`beats.rs`).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};

use super::batch::Batch;
use super::error::SendError;
use super::ledger::Ledger;
use super::pool::{LogstashPool, Pooled};

/// What a protocol needs from the run: where connections come from, and how long a receiver
/// may make no progress.
pub(super) struct Link {
    pub(super) pool: LogstashPool,
    pub(super) send_timeout: Duration,
}

impl Link {
    pub(super) async fn connect(&self) -> Result<Pooled, SendError> {
        self.pool.get().await
    }
}

/// A window that did not complete.
pub(super) struct Failed {
    /// Documents of the window confirmed in this attempt before it failed (beats' partial
    /// ACKs; always 0 for tcp, which confirms all or nothing).
    pub(super) delivered: u64,
    pub(super) error: SendError,
    /// It failed at once on a connection kept from an earlier window: most likely the
    /// receiver closed it in between, so a fresh one is tried at once, without back-off.
    pub(super) stale: bool,
}

impl From<SendError> for Failed {
    fn from(error: SendError) -> Failed {
        Failed {
            delivered: 0,
            error,
            stale: false,
        }
    }
}

/// One protocol on one sender's connection.
pub(super) trait Exchange: Send + 'static {
    /// Whether a window of `bytes` in `batches` batches is ready to be confirmed.
    fn full(&self, bytes: u64, batches: usize) -> bool;

    /// A batch joins the window (tcp writes it at once; beats waits for the whole window).
    fn push(
        &mut self,
        link: &Link,
        batch: &Batch,
    ) -> impl Future<Output = Result<(), Failed>> + Send;

    /// Sends what is still unsent and waits until every document after the first `delivered`
    /// is confirmed; returns the bytes that went onto the wire for the window.
    fn confirm(
        &mut self,
        link: &Link,
        batches: &[Batch],
        delivered: u64,
    ) -> impl Future<Output = Result<u64, Failed>> + Send;

    /// After a failure: the connection is not used again.
    fn abandon(&mut self);
}

/// The queue every sender of a run takes batches from.
pub(super) type Queue = Arc<Mutex<mpsc::Receiver<Batch>>>;

/// One sender task: windows until the queue is closed and empty.
pub(super) async fn sender<P: Exchange>(
    mut proto: P,
    link: Arc<Link>,
    ledger: Arc<Ledger>,
    queue: Queue,
    retries: u32,
) {
    loop {
        let (batches, pushed, more) = take_window(&mut proto, &link, &ledger, &queue).await;
        if !batches.is_empty() {
            let first = match pushed {
                Ok(()) => proto.confirm(&link, &batches, 0).await,
                Err(f) => Err(f),
            };
            deliver(&mut proto, &link, &ledger, batches, first, retries).await;
        }
        if !more {
            break;
        }
    }
}

/// Batches from the queue until the protocol calls the window full, a push fails or the queue
/// ends (`more` is then false). Batches arriving after the run gave up fail at once.
async fn take_window<P: Exchange>(
    proto: &mut P,
    link: &Link,
    ledger: &Ledger,
    queue: &Queue,
) -> (Vec<Batch>, Result<(), Failed>, bool) {
    let (mut batches, mut bytes) = (Vec::new(), 0u64);
    loop {
        let next = queue.lock().await.recv().await;
        let Some(batch) = next else {
            return (batches, Ok(()), false);
        };
        if ledger.given_up() {
            ledger.refuse(batch);
            continue;
        }
        let pushed = proto.push(link, &batch).await;
        bytes += batch.buf.len() as u64;
        batches.push(batch);
        if pushed.is_err() || proto.full(bytes, batches.len()) {
            return (batches, pushed, true);
        }
    }
}

/// Retries a failed window until it is confirmed, retrying cannot help, or the retry budget
/// (`RETRIES` attempts that delivered nothing) is spent; then settles it in the ledger.
async fn deliver<P: Exchange>(
    proto: &mut P,
    link: &Link,
    ledger: &Ledger,
    batches: Vec<Batch>,
    mut result: Result<u64, Failed>,
    retries: u32,
) {
    let bytes: u64 = batches.iter().map(|b| b.buf.len() as u64).sum();
    let (mut delivered, mut attempt, mut stale_retried) = (0u64, 0u32, false);
    let outcome = loop {
        let failed = match result {
            Ok(wire) => break Ok(wire),
            Err(f) => f,
        };
        proto.abandon();
        delivered += failed.delivered;
        if failed.delivered > 0 {
            attempt = 0; // progress: the budget is for attempts that deliver nothing
        }
        if failed.stale && failed.error.retryable() && !stale_retried {
            stale_retried = true;
        } else {
            link.pool.window_failed(&failed.error);
            if !retry_helps(link, &failed.error) || attempt >= retries || ledger.given_up() {
                break Err(failed.error);
            }
            ledger.record_error(&failed.error, bytes);
            attempt += 1;
            tokio::time::sleep(backoff(attempt)).await;
        }
        ledger.resending(&batches, delivered);
        result = resend(proto, link, &batches, delivered).await;
    };
    match outcome {
        Ok(wire) => ledger.settle(batches, delivered, wire, None),
        Err(e) => ledger.settle(batches, delivered, 0, Some(&e)),
    }
}

/// The window again, on a fresh connection, from its first unconfirmed document.
async fn resend<P: Exchange>(
    proto: &mut P,
    link: &Link,
    batches: &[Batch],
    delivered: u64,
) -> Result<u64, Failed> {
    for b in batches {
        proto.push(link, b).await?;
    }
    proto.confirm(link, batches, delivered).await
}

/// A retryable failure, or a receiver that stopped while another host is up to take over.
fn retry_helps(link: &Link, e: &SendError) -> bool {
    e.retryable() || link.pool.another_host_up(&e.peer)
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis((100u64 << attempt.min(5)).min(2000))
}

//! Batches → Logstash with confirmed delivery over a transport that never acknowledges (the
//! `tcp` input; the acknowledged `beats` protocol's sender is in `beats`, sharing this set-up).
//!
//! Batches flow through a bounded channel to `POOL_SIZE` sender tasks, so the reader waits
//! when Logstash is slow. A sender streams batches onto one pooled connection until it has
//! written `WINDOW_BYTES` (or input ends), then closes gracefully: shut down the write side
//! and wait for the receiver to close its side, which it does only after reading everything.
//! Only then do that window's lines count as sent. A window whose connection failed is sent
//! again, whole, on a fresh connection (`event.id` makes the repeat harmless downstream).
//! [`Shipper::finish`] returns only when every window is confirmed or failed; no task
//! outlives it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

use super::pool::{Conn, ConnError, LogstashPool, Manager, tcp_state};
use super::{Batch, DeliveryReport, IDLE_BATCHES};
use super::{ConnectionCounts, SendErrorRecord};
use super::{Protocol, ShipConfig};
use crate::buffers::Buffers;
use crate::last_errors::truncate;

pub(super) type Pooled = bb8::PooledConnection<'static, Manager>;

pub(super) struct Shared {
    pub(super) pool: LogstashPool,
    pub(super) send_timeout: Duration,
    window_bytes: u64,
    pub(super) retries: u32,
    pub(super) report: std::sync::Mutex<DeliveryReport>,
    /// Set when Logstash cannot be reached or stopped reading: later batches fail at once
    /// instead of each waiting out a timeout.
    pub(super) given_up: AtomicBool,
    pub(super) buffered: AtomicU64,
    peak_buffered: AtomicU64,
    pub(super) buffers: Buffers,
}

pub struct Shipper {
    tx: Option<mpsc::Sender<Batch>>,
    tasks: JoinSet<()>,
    shared: Arc<Shared>,
    started: ConnectionCounts,
}

/// What a connection failure cost: which error, and whether retrying can help.
pub(super) struct WindowError {
    pub(super) error: ConnError,
    pub(super) retryable: bool,
}

impl Shipper {
    /// Starts the sender tasks for one run (one invocation) over a long-lived pool.
    pub fn start(pool: &LogstashPool, cfg: &ShipConfig) -> Self {
        let senders = cfg.pool_size as usize;
        let (tx, rx) = mpsc::channel::<Batch>(senders);
        let rx = Arc::new(Mutex::new(rx));
        let shared = Arc::new(Shared {
            pool: pool.clone(),
            send_timeout: cfg.send_timeout,
            window_bytes: cfg.window_bytes,
            retries: cfg.retries,
            report: std::sync::Mutex::new(DeliveryReport::default()),
            given_up: AtomicBool::new(false),
            buffered: AtomicU64::new(0),
            peak_buffered: AtomicU64::new(0),
            buffers: Buffers::new(IDLE_BATCHES),
        });
        let mut tasks = JoinSet::new();
        for _ in 0..senders {
            match cfg.protocol {
                Protocol::Tcp => tasks.spawn(sender(shared.clone(), rx.clone())),
                Protocol::Beats { compression_level } => tasks.spawn(super::beats::sender(
                    shared.clone(),
                    rx.clone(),
                    compression_level,
                )),
            };
        }
        Shipper {
            tx: Some(tx),
            tasks,
            shared,
            started: pool.snapshot(),
        }
    }

    /// Queues a batch; waits while the channel is full (Logstash slower than reading).
    pub async fn send(&self, batch: Batch) {
        let bytes = batch.buf.len() as u64;
        let now = self.shared.buffered.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.shared.peak_buffered.fetch_max(now, Ordering::Relaxed);
        let Some(tx) = &self.tx else { return };
        if let Err(mpsc::error::SendError(batch)) = tx.send(batch).await {
            // every sender is gone (they only stop on a closed channel, so this is a bug guard)
            self.shared.buffered.fetch_sub(bytes, Ordering::Relaxed);
            let mut r = self.shared.report.lock().unwrap_or_else(|p| p.into_inner());
            r.object(batch.object).failed += batch.lines;
        }
    }

    pub fn buffers(&self) -> &Buffers {
        &self.shared.buffers
    }

    /// Closes the queue and waits for every window to be confirmed or failed.
    pub async fn finish(mut self) -> DeliveryReport {
        self.tx.take();
        while let Some(joined) = self.tasks.join_next().await {
            if let Err(e) = joined {
                let mut r = self.shared.report.lock().unwrap_or_else(|p| p.into_inner());
                r.errors.push(SendErrorRecord {
                    peer: self.shared.pool.addr.clone(),
                    error: format!("sender task failed: {e}"),
                    bytes: 0,
                });
            }
        }
        let mut report =
            std::mem::take(&mut *self.shared.report.lock().unwrap_or_else(|p| p.into_inner()));
        report.peak_buffered_bytes = self.shared.peak_buffered.load(Ordering::Relaxed);
        report.connections = self.shared.pool.snapshot().since(&self.started);
        report
    }
}

/// Batches written (or to be written) on one connection, not yet confirmed.
#[derive(Default)]
struct Window {
    batches: Vec<Batch>,
    bytes: u64,
}

async fn sender(shared: Arc<Shared>, rx: Arc<Mutex<mpsc::Receiver<Batch>>>) {
    let mut input_done = false;
    while !input_done {
        let mut window = Window::default();
        let mut conn: Option<Pooled> = None;
        let mut failure: Option<WindowError> = None;
        loop {
            let next = rx.lock().await.recv().await;
            let Some(batch) = next else {
                input_done = true;
                break;
            };
            if shared.given_up.load(Ordering::Relaxed) {
                fail_batches(&shared, std::slice::from_ref(&batch), None);
                continue;
            }
            if failure.is_none()
                && let Err(e) = write_batch(&shared, &mut conn, &batch).await
            {
                failure = Some(e);
            }
            window.bytes += batch.buf.len() as u64;
            window.batches.push(batch);
            if failure.is_some() || window.bytes >= shared.window_bytes {
                break;
            }
        }
        if window.batches.is_empty() {
            continue;
        }
        let mut result = match (failure, conn.take()) {
            (Some(e), c) => {
                if let Some(mut c) = c {
                    c.broken = true;
                }
                Err(e)
            }
            (None, Some(c)) => close_confirmed(&shared, c).await,
            (None, None) => Err(WindowError {
                error: ConnError {
                    peer: shared.pool.addr.clone(),
                    why: "no connection".into(),
                },
                retryable: true,
            }),
        };
        let mut attempt = 0;
        while let Err(e) = &result {
            if !retry_helps(&shared, e)
                || attempt >= shared.retries
                || shared.given_up.load(Ordering::Relaxed)
            {
                break;
            }
            record_error(&shared, &e.error, window.bytes);
            attempt += 1;
            tokio::time::sleep(backoff(attempt)).await;
            count_resent(&shared, &window);
            result = resend(&shared, &window).await;
        }
        match result {
            Ok(()) => {
                let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
                for b in &window.batches {
                    r.object(b.object).sent += b.lines;
                }
                r.bytes_sent += window.bytes;
            }
            Err(e) => {
                if !e.retryable {
                    shared.given_up.store(true, Ordering::Relaxed);
                }
                fail_batches(&shared, &window.batches, Some(&e.error));
            }
        }
        shared.buffered.fetch_sub(window.bytes, Ordering::Relaxed);
        for b in window.batches {
            shared.buffers.give(b.buf);
        }
    }
}

/// A retryable failure, or a receiver that stopped while another host is up to take over.
pub(super) fn retry_helps(shared: &Shared, e: &WindowError) -> bool {
    e.retryable || shared.pool.another_host_up(&e.error.peer)
}

pub(super) fn backoff(attempt: u32) -> Duration {
    Duration::from_millis((100u64 << attempt.min(5)).min(2000))
}

fn count_resent(shared: &Shared, window: &Window) {
    let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
    for b in &window.batches {
        r.object(b.object).resent += b.lines;
    }
}

pub(super) fn record_error(shared: &Shared, e: &ConnError, bytes: u64) {
    shared.pool.window_failed(&e.peer, &e.why);
    let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
    r.errors.push(SendErrorRecord {
        peer: e.peer.clone(),
        error: truncate(&e.why),
        bytes,
    });
}

pub(super) fn fail_batches(shared: &Shared, batches: &[Batch], error: Option<&ConnError>) {
    let bytes: u64 = batches.iter().map(|b| b.buf.len() as u64).sum();
    if let Some(e) = error {
        record_error(shared, e, bytes);
    }
    let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
    for b in batches {
        r.object(b.object).failed += b.lines;
    }
    if error.is_none() {
        // counted in the window that gave up; the buffer accounting still needs releasing
        shared.buffered.fetch_sub(bytes, Ordering::Relaxed);
    }
}

pub(super) async fn connect(shared: &Shared) -> Result<Pooled, WindowError> {
    shared.pool.get().await.map_err(|error| WindowError {
        error,
        retryable: false,
    })
}

async fn write_batch(
    shared: &Shared,
    conn: &mut Option<Pooled>,
    batch: &Batch,
) -> Result<(), WindowError> {
    if conn.is_none() {
        *conn = Some(connect(shared).await?);
    }
    let Some(c) = conn.as_mut() else {
        unreachable!("connected above")
    };
    write_all(shared, c, &batch.buf).await
}

async fn write_all(shared: &Shared, c: &mut Conn, buf: &[u8]) -> Result<(), WindowError> {
    let peer = c.peer.clone();
    let err = |why: String, retryable| WindowError {
        error: ConnError { peer, why },
        retryable,
    };
    match tokio::time::timeout(shared.send_timeout, c.write_all(buf)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            c.broken = true;
            Err(err(format!("write: {e}"), true))
        }
        Err(_) => {
            c.broken = true;
            Err(err(
                format!(
                    "receiver stopped reading: a write made no progress for SEND_TIMEOUT_MS ({} ms)",
                    shared.send_timeout.as_millis()
                ),
                false,
            ))
        }
    }
}

async fn resend(shared: &Shared, window: &Window) -> Result<(), WindowError> {
    let mut c = connect(shared).await?;
    for b in &window.batches {
        if let Err(e) = write_all(shared, &mut c, &b.buf).await {
            c.broken = true;
            return Err(e);
        }
    }
    close_confirmed(shared, c).await
}

/// Shuts down our side and waits for the receiver to close its own: the only proof that it
/// read everything. A receiver that closed first (before our shutdown), or reset the
/// connection, has not confirmed anything.
async fn close_confirmed(shared: &Shared, mut c: Pooled) -> Result<(), WindowError> {
    c.broken = true; // never reused: a confirmed connection is a closed one
    let peer = c.peer.clone();
    let fail = |why: String| {
        Err(WindowError {
            error: ConnError {
                peer: peer.clone(),
                why,
            },
            retryable: true,
        })
    };
    let timeout = shared.send_timeout;
    if let Ok(Err(e)) = tokio::time::timeout(timeout, c.flush()).await {
        return fail(format!("flush: {e}"));
    }
    if let Some(tcp_state::CLOSE_WAIT | tcp_state::CLOSE | tcp_state::LAST_ACK) = tcp_state(c.tcp())
    {
        return fail("the receiver closed the connection before all data was sent".into());
    }
    if let Ok(Some(e)) = c.tcp().take_error() {
        return fail(format!("connection error: {e}"));
    }
    match tokio::time::timeout(timeout, c.shutdown()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail(format!("shutdown: {e}")),
        Err(_) => return fail("shutdown timed out".into()),
    }
    if let Some(tcp_state::CLOSE_WAIT | tcp_state::LAST_ACK) = tcp_state(c.tcp()) {
        return fail("the receiver closed the connection before reading all data".into());
    }
    // Logstash sends nothing; TLS may send session tickets. Read and drop until EOF.
    let drain = async {
        let mut sink = [0u8; 4096];
        loop {
            match c.read(&mut sink).await {
                Ok(0) => return Ok(()),
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    };
    match tokio::time::timeout(timeout, drain).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail(format!("while waiting for the receiver to close: {e}")),
        Err(_) => {
            return Err(WindowError {
                error: ConnError {
                    peer: peer.clone(),
                    why: format!(
                        "the receiver did not confirm by closing within SEND_TIMEOUT_MS ({} ms): it stopped reading",
                        timeout.as_millis()
                    ),
                },
                retryable: false,
            });
        }
    }
    if let Ok(Some(e)) = c.tcp().take_error() {
        return fail(format!("connection reset: {e}"));
    }
    Ok(())
}

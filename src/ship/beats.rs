//! Batches → Logstash's `beats` input (Lumberjack v2), delivered when Logstash says so.
//!
//! Each batch goes out as one window on a pooled connection, and its lines count as sent only
//! when an ACK with the window's last sequence arrives. `ACK(0)` and lower ACKs mean Logstash's
//! queue is full and it is still working: each one restarts the `SEND_TIMEOUT_MS` wait. When
//! the connection fails after a partial ACK, only that prefix is delivered; the rest is sent
//! again, renumbered from 1, on a fresh connection. One window is in flight per connection
//! (`POOL_SIZE` connections in parallel): BENCHMARKS.md shows the loopback cost of waiting.
//! An acknowledged connection stays open and goes back to the pool for the next window.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Mutex, mpsc};

use super::Batch;
use super::lumberjack::{self, ACK_LEN, Ack};
use super::pool::ConnError;
use super::shipper::{
    Pooled, Shared, WindowError, backoff, connect, fail_batches, record_error, retry_helps,
};

/// A window that did not complete: how many of its documents were acknowledged before.
struct Failed {
    acked: u32,
    error: WindowError,
    /// It failed on a connection kept from an earlier window without acknowledging anything:
    /// most likely Logstash closed it in between, so a fresh one is tried at once.
    stale: bool,
}

pub(super) async fn sender(
    shared: Arc<Shared>,
    rx: Arc<Mutex<mpsc::Receiver<Batch>>>,
    compression_level: u32,
) {
    let (mut scratch, mut wire) = (Vec::new(), Vec::new());
    let mut conn: Option<Pooled> = None;
    loop {
        let next = rx.lock().await.recv().await;
        let Some(batch) = next else { break };
        let bytes = batch.buf.len() as u64;
        if shared.given_up.load(Ordering::Relaxed) {
            fail_batches(&shared, std::slice::from_ref(&batch), None);
            shared.buffers.give(batch.buf);
            continue;
        }
        let mut delivered: u64 = 0;
        let mut attempt = 0;
        let mut wire_bytes = 0;
        let mut stale_retried = false;
        let result = loop {
            let count = match lumberjack::encode_window(
                &batch.buf,
                delivered,
                compression_level,
                &mut scratch,
                &mut wire,
            ) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => {
                    break Err(WindowError {
                        error: ConnError {
                            peer: shared.pool.addr.clone(),
                            why: e.to_string(),
                        },
                        retryable: false,
                    });
                }
            };
            match send_window(&shared, &mut conn, &wire, count).await {
                Ok(()) => {
                    // bytes of acknowledged windows, as tcp counts confirmed ones
                    wire_bytes = wire.len() as u64;
                    break Ok(());
                }
                Err(Failed {
                    acked,
                    error,
                    stale,
                }) => {
                    if let Some(mut c) = conn.take() {
                        c.broken = true;
                    }
                    delivered += u64::from(acked);
                    if acked > 0 {
                        attempt = 0; // progress: the retry budget is for windows that make none
                    }
                    if stale && error.retryable && !stale_retried {
                        stale_retried = true;
                        count_resent(&shared, &batch, delivered);
                        continue;
                    }
                    if !retry_helps(&shared, &error)
                        || attempt >= shared.retries
                        || shared.given_up.load(Ordering::Relaxed)
                    {
                        break Err(error);
                    }
                    record_error(&shared, &error.error, wire.len() as u64);
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                    count_resent(&shared, &batch, delivered);
                }
            }
        };
        {
            let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
            let o = r.object(batch.object);
            match &result {
                Ok(()) => o.sent += batch.lines,
                Err(_) => {
                    let delivered = delivered.min(batch.lines);
                    o.sent += delivered;
                    o.failed += batch.lines - delivered;
                }
            }
            r.bytes_sent += wire_bytes;
        }
        if let Err(e) = result {
            if !e.retryable {
                shared.given_up.store(true, Ordering::Relaxed);
            }
            record_error(&shared, &e.error, bytes);
        }
        shared.buffered.fetch_sub(bytes, Ordering::Relaxed);
        shared.buffers.give(batch.buf);
    }
    // an acknowledged connection goes back to the pool open, for the next run
    drop(conn);
}

fn count_resent(shared: &Shared, batch: &Batch, delivered: u64) {
    let mut r = shared.report.lock().unwrap_or_else(|p| p.into_inner());
    r.object(batch.object).resent += batch.lines - delivered.min(batch.lines);
}

/// Writes one window and waits for its ACK.
async fn send_window(
    shared: &Shared,
    conn: &mut Option<Pooled>,
    wire: &[u8],
    count: u32,
) -> Result<(), Failed> {
    // Logstash closes idle clients (RST); a connection it closed is replaced, not tried.
    if let Some(c) = conn.as_mut()
        && !c.is_open()
    {
        c.broken = true;
        *conn = None;
    }
    let reused = conn.is_some();
    let failed = |acked, why: String, retryable, peer: &str| Failed {
        acked,
        error: WindowError {
            error: ConnError {
                peer: peer.to_string(),
                why,
            },
            retryable,
        },
        stale: reused && acked == 0,
    };
    if conn.is_none() {
        let c = connect(shared).await.map_err(|error| Failed {
            acked: 0,
            error,
            stale: false,
        })?;
        *conn = Some(c);
    }
    let c = conn.as_mut().expect("connected above");
    let peer = c.peer.clone();
    let timeout = shared.send_timeout;
    let write = async {
        c.write_all(wire).await?;
        c.flush().await
    };
    match tokio::time::timeout(timeout, write).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(failed(0, format!("write: {e}"), true, &peer)),
        Err(_) => {
            let why = format!(
                "receiver stopped reading: a write made no progress for SEND_TIMEOUT_MS ({} ms)",
                timeout.as_millis()
            );
            return Err(failed(0, why, false, &peer));
        }
    }
    let mut acked = 0;
    loop {
        let mut frame = [0u8; ACK_LEN];
        match tokio::time::timeout(timeout, c.read_exact(&mut frame)).await {
            Ok(Ok(_)) => match lumberjack::read_ack(frame, count) {
                Ok(Ack::Complete) => return Ok(()),
                Ok(Ack::Partial(n)) => acked = acked.max(n),
                Err(e) => return Err(failed(acked, e.to_string(), true, &peer)),
            },
            Ok(Err(e)) => {
                let why = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    "the receiver closed the connection".to_string()
                } else {
                    format!("read: {e}")
                };
                let why = format!("{why} after acknowledging {acked} of {count} documents");
                return Err(failed(acked, why, true, &peer));
            }
            Err(_) => {
                let why = format!(
                    "no ACK within SEND_TIMEOUT_MS ({} ms) after {acked} of {count} documents \
                     were acknowledged (not even a keepalive): the receiver stopped",
                    timeout.as_millis()
                );
                return Err(failed(acked, why, false, &peer));
            }
        }
    }
}

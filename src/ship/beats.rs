//! Logstash's `beats` input (Lumberjack v2): a window is delivered when Logstash says so.
//!
//! Each batch goes out as one Lumberjack window on the sender's connection, and its lines
//! count as sent only when an ACK with the window's last sequence arrives. `ACK(0)` and lower
//! ACKs mean Logstash's queue is full and it is still working: each one restarts the
//! `SEND_TIMEOUT_MS` wait. When the connection fails after a partial ACK, only that prefix is
//! delivered; the engine sends the rest again, renumbered from 1, on a fresh connection. One
//! window is in flight per connection (`POOL_SIZE` connections in parallel): BENCHMARKS.md
//! shows the loopback cost of waiting. An acknowledged connection stays open and goes back to
//! the pool when the run ends.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::batch::Batch;
use super::conn::Conn;
use super::engine::{Exchange, Failed, Link};
use super::error::{SendError, SendFailure};
use super::lumberjack::{self, ACK_LEN, Ack};
use super::pool::Pooled;

pub(super) struct Beats {
    conn: Option<Pooled>,
    compression_level: u32,
    scratch: Vec<u8>,
    wire: Vec<u8>,
}

impl Beats {
    pub(super) fn new(compression_level: u32) -> Beats {
        Beats {
            conn: None,
            compression_level,
            scratch: Vec::new(),
            wire: Vec::new(),
        }
    }

    /// The kept connection if Logstash has not closed it (it closes idle clients), else a
    /// fresh one; `true` when kept.
    async fn connection(&mut self, link: &Link) -> Result<(&mut Conn, bool), SendError> {
        if let Some(c) = self.conn.as_mut()
            && !c.is_open()
        {
            c.broken = true;
            self.conn = None;
        }
        let reused = self.conn.is_some();
        if !reused {
            self.conn = Some(link.connect().await?);
        }
        let c = self.conn.as_deref_mut().expect("connected above");
        Ok((c, reused))
    }

    /// One batch's documents after the first `skip` as one window, sent and acknowledged.
    async fn window(&mut self, link: &Link, batch: &Batch, skip: u64) -> Result<u64, Failed> {
        let count = lumberjack::encode_window(
            &batch.buf,
            skip,
            self.compression_level,
            &mut self.scratch,
            &mut self.wire,
        )
        .map_err(|e| SendError::new(link.pool.addr.clone(), e.into()))?;
        if count == 0 {
            return Ok(0);
        }
        let wire = std::mem::take(&mut self.wire);
        let (c, reused) = self.connection(link).await?;
        let sent = send_window(link, c, &wire, count).await;
        self.wire = wire;
        match sent {
            Ok(()) => Ok(self.wire.len() as u64),
            Err((acked, error)) => Err(Failed {
                delivered: u64::from(acked),
                error,
                stale: reused && acked == 0,
            }),
        }
    }
}

impl Exchange for Beats {
    fn full(&self, _bytes: u64, batches: usize) -> bool {
        batches >= 1
    }

    async fn push(&mut self, _: &Link, _: &Batch) -> Result<(), Failed> {
        Ok(()) // a window is encoded whole, once the engine confirms it
    }

    async fn confirm(
        &mut self,
        link: &Link,
        batches: &[Batch],
        delivered: u64,
    ) -> Result<u64, Failed> {
        let (mut skip, mut wire_bytes, mut acked) = (delivered, 0, 0);
        for b in batches {
            let from = skip.min(b.lines);
            skip -= from;
            match self.window(link, b, from).await {
                Ok(wire) => {
                    wire_bytes += wire;
                    acked += b.lines - from;
                }
                Err(mut f) => {
                    f.delivered += acked;
                    f.stale &= acked == 0;
                    return Err(f);
                }
            }
        }
        Ok(wire_bytes)
    }

    fn abandon(&mut self) {
        if let Some(mut c) = self.conn.take() {
            c.broken = true;
        }
    }
}

/// Writes one window and waits for its ACK; on failure, how many documents were acknowledged.
async fn send_window(
    link: &Link,
    c: &mut Conn,
    wire: &[u8],
    count: u32,
) -> Result<(), (u32, SendError)> {
    let timeout = link.send_timeout;
    let peer = c.peer.clone();
    let fail = |acked, kind| Err((acked, SendError::new(peer.clone(), kind)));
    let write = async {
        c.write_all(wire).await?;
        c.flush().await
    };
    match tokio::time::timeout(timeout, write).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail(0, SendFailure::io("write", e)),
        Err(_) => return fail(0, SendFailure::Stalled(timeout.as_millis())),
    }
    let mut acked = 0;
    loop {
        let mut frame = [0u8; ACK_LEN];
        let kind = match tokio::time::timeout(timeout, c.read_exact(&mut frame)).await {
            Ok(Ok(_)) => match lumberjack::read_ack(frame, count) {
                Ok(Ack::Complete) => return Ok(()),
                Ok(Ack::Partial(n)) => {
                    acked = acked.max(n);
                    continue;
                }
                Err(e) => SendFailure::Frame(e),
            },
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                SendFailure::ClosedBeforeAck { acked, count }
            }
            Ok(Err(e)) => SendFailure::ReadFailed {
                source: std::sync::Arc::new(e),
                acked,
                count,
            },
            Err(_) => SendFailure::NoAck {
                ms: timeout.as_millis(),
                acked,
                count,
            },
        };
        return fail(acked, kind);
    }
}

//! Logstash's `tcp` input, which never answers: a window is confirmed by closing. Batches are
//! written onto one connection as they arrive until the window holds `WINDOW_BYTES`; then our
//! side shuts down and waits for the receiver to close its own, which it does only after
//! reading everything. A confirmed connection is a closed one, never reused.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::batch::Batch;
use super::conn::{Conn, tcp_state};
use super::engine::{Exchange, Failed, Link};
use super::error::{SendError, SendFailure};
use super::pool::Pooled;

pub(super) struct Tcp {
    conn: Option<Pooled>,
    window_bytes: u64,
}

impl Tcp {
    pub(super) fn new(window_bytes: u64) -> Tcp {
        Tcp {
            conn: None,
            window_bytes,
        }
    }
}

impl Exchange for Tcp {
    fn full(&self, bytes: u64, _batches: usize) -> bool {
        bytes >= self.window_bytes
    }

    async fn push(&mut self, link: &Link, batch: &Batch) -> Result<(), Failed> {
        if self.conn.is_none() {
            self.conn = Some(link.connect().await?);
        }
        let c = self.conn.as_mut().expect("connected above");
        Ok(write_all(link, c, &batch.buf).await?)
    }

    async fn confirm(&mut self, link: &Link, batches: &[Batch], _: u64) -> Result<u64, Failed> {
        let c = match self.conn.take() {
            Some(c) => c,
            None => link.connect().await?, // an empty window; not sent by the engine
        };
        close_confirmed(link, c).await?;
        Ok(batches.iter().map(|b| b.buf.len() as u64).sum())
    }

    fn abandon(&mut self) {
        if let Some(mut c) = self.conn.take() {
            c.broken = true;
        }
    }
}

async fn write_all(link: &Link, c: &mut Conn, buf: &[u8]) -> Result<(), SendError> {
    match tokio::time::timeout(link.send_timeout, c.write_all(buf)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            c.broken = true;
            Err(SendError::new(c.peer.clone(), SendFailure::io("write", e)))
        }
        Err(_) => {
            c.broken = true;
            let ms = link.send_timeout.as_millis();
            Err(SendError::new(c.peer.clone(), SendFailure::Stalled(ms)))
        }
    }
}

/// Shuts down our side and waits for the receiver to close its own: the only proof that it
/// read everything. A receiver that closed first (before our shutdown), or reset the
/// connection, has not confirmed anything.
async fn close_confirmed(link: &Link, mut c: Pooled) -> Result<(), SendError> {
    c.broken = true; // never reused: a confirmed connection is a closed one
    let peer = c.peer.clone();
    let fail = |kind| Err(SendError::new(peer.clone(), kind));
    let timeout = link.send_timeout;
    if let Ok(Err(e)) = tokio::time::timeout(timeout, c.flush()).await {
        return fail(SendFailure::io("flush", e));
    }
    if let Some(tcp_state::CLOSE_WAIT | tcp_state::CLOSE | tcp_state::LAST_ACK) = tcp_state(c.tcp())
    {
        return fail(SendFailure::ClosedFirst("all data was sent"));
    }
    if let Ok(Some(e)) = c.tcp().take_error() {
        return fail(SendFailure::io("connection error", e));
    }
    match tokio::time::timeout(timeout, c.shutdown()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail(SendFailure::io("shutdown", e)),
        Err(_) => return fail(SendFailure::ShutdownTimedOut),
    }
    if let Some(tcp_state::CLOSE_WAIT | tcp_state::LAST_ACK) = tcp_state(c.tcp()) {
        return fail(SendFailure::ClosedFirst("reading all data"));
    }
    match tokio::time::timeout(timeout, drain(&mut c)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return fail(SendFailure::io(
                "while waiting for the receiver to close",
                e,
            ));
        }
        Err(_) => return fail(SendFailure::NotConfirmed(timeout.as_millis())),
    }
    if let Ok(Some(e)) = c.tcp().take_error() {
        return fail(SendFailure::io("connection reset", e));
    }
    Ok(())
}

/// Logstash sends nothing; TLS may send session tickets. Reads and drops until EOF.
async fn drain(c: &mut Conn) -> std::io::Result<()> {
    let mut sink = [0u8; 4096];
    loop {
        match c.read(&mut sink).await {
            Ok(0) => return Ok(()),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

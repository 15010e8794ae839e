//! A Lumberjack v2 receiver behaving like Logstash's `beats` input, with fault modes. Its frame
//! decoder is written from the protocol description (not from the shipper's encoder) and
//! records every violation; tests assert there are none.

use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

use super::{Acceptor, Received, ResetCapable};

#[derive(Clone, Copy, Debug)]
pub enum Mode {
    /// One ACK with the last sequence per window, as Logstash does when its queue has room.
    Normal,
    /// Before each ACK, `ACK(0)` keepalives every `every` for `hold` (a full queue).
    Keepalive { every: Duration, hold: Duration },
    /// First `n` connections: ACK half of the first window, then reset.
    PartialThenReset { n: usize },
    /// First `n` connections: read the whole first window, send no ACK, reset.
    ReadThenReset { n: usize },
    /// First `n` connections: reset after `after` bytes (or once the client waits), in the
    /// middle of a window.
    ResetMidWindow { n: usize, after: usize },
    /// Read everything, never ACK.
    NeverAck,
    /// ACK every window, then reset the connection (Logstash closes with SO_LINGER 0).
    ResetAfterAck,
}

#[derive(Default)]
pub struct Log {
    /// Documents the receiver acknowledged, in arrival order (what reached "the queue").
    pub got: Received,
    /// Documents received, acknowledged or not.
    pub seen: Mutex<Vec<String>>,
    pub windows: Mutex<Vec<u32>>,
    pub compressed_frames: std::sync::atomic::AtomicUsize,
    pub violations: Mutex<Vec<String>>,
}

pub struct BeatsReceiver {
    pub addr: String,
    pub log: Arc<Log>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for BeatsReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl BeatsReceiver {
    pub async fn start(mode: Mode) -> BeatsReceiver {
        Self::start_with(mode, None).await
    }

    pub async fn start_with(mode: Mode, tls: Acceptor) -> BeatsReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let log = Arc::new(Log::default());
        let task = tokio::spawn(accept_loop(listener, log.clone(), mode, tls));
        BeatsReceiver { addr, log, task }
    }

    pub fn assert_no_violations(&self) {
        let v = self.log.violations.lock().unwrap();
        assert!(v.is_empty(), "protocol violations: {v:?}");
    }
}

async fn accept_loop(listener: TcpListener, log: Arc<Log>, mode: Mode, tls: Acceptor) {
    loop {
        let Ok((sock, _)) = listener.accept().await else {
            return;
        };
        let nth = log.got.accepted.fetch_add(1, Ordering::SeqCst);
        let (log, tls) = (log.clone(), tls.clone());
        tokio::spawn(async move {
            match tls {
                None => serve(sock, nth, &log, mode).await,
                Some(acceptor) => {
                    if let Ok(s) = acceptor.accept(sock).await {
                        serve(s, nth, &log, mode).await
                    }
                }
            }
        });
    }
}

fn violation(log: &Log, what: String) {
    log.violations.lock().unwrap().push(what);
}

async fn ack<S: AsyncWrite + Unpin>(sock: &mut S, seq: u32) -> bool {
    let mut f = [b'2', b'A', 0, 0, 0, 0];
    f[2..].copy_from_slice(&seq.to_be_bytes());
    sock.write_all(&f).await.is_ok() && sock.flush().await.is_ok()
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin + ResetCapable>(
    mut sock: S,
    nth: usize,
    log: &Log,
    mode: Mode,
) {
    if let Mode::ResetMidWindow { n, after } = mode
        && nth < n
    {
        // `after` bytes, or what arrived before the client waits for an ACK (a small window)
        let mut buf = vec![0u8; after];
        let mut got = 0;
        while got < after {
            let read = tokio::time::timeout(Duration::from_millis(200), sock.read(&mut buf[got..]));
            match read.await {
                Ok(Ok(n)) if n > 0 => got += n,
                _ => break,
            }
        }
        sock.reset();
        return;
    }
    loop {
        let Some(docs) = read_window(&mut sock, log).await else {
            return; // closed by the client, or a violation
        };
        log.seen.lock().unwrap().extend(docs.iter().cloned());
        let count = docs.len() as u32;
        let deliver = |k: usize| {
            log.got
                .lines
                .lock()
                .unwrap()
                .extend(docs[..k].iter().cloned())
        };
        match mode {
            Mode::PartialThenReset { n } if nth < n => {
                let half = docs.len() / 2;
                deliver(half);
                ack(&mut sock, half as u32).await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                sock.reset();
                return;
            }
            Mode::ReadThenReset { n } if nth < n => {
                sock.reset();
                return;
            }
            Mode::NeverAck => continue,
            Mode::Keepalive { every, hold } => {
                let until = tokio::time::Instant::now() + hold;
                while tokio::time::Instant::now() < until {
                    if !ack(&mut sock, 0).await {
                        return;
                    }
                    tokio::time::sleep(every).await;
                }
            }
            _ => {}
        }
        deliver(docs.len());
        if !ack(&mut sock, count).await {
            return;
        }
        if let Mode::ResetAfterAck = mode {
            tokio::time::sleep(Duration::from_millis(5)).await;
            sock.reset();
            return;
        }
    }
}

async fn read_u32<S: AsyncRead + Unpin>(sock: &mut S) -> Option<u32> {
    let mut b = [0u8; 4];
    sock.read_exact(&mut b).await.ok()?;
    Some(u32::from_be_bytes(b))
}

/// One window's documents, each checked: version 2, a window frame first, sequences 1..=N
/// in order, JSON objects as payloads, compressed frames holding whole JSON frames.
async fn read_window<S: AsyncRead + Unpin>(sock: &mut S, log: &Log) -> Option<Vec<String>> {
    let mut head = [0u8; 2];
    sock.read_exact(&mut head).await.ok()?;
    if head != *b"2W" {
        violation(log, format!("window expected, got {head:?}"));
        return None;
    }
    let count = read_u32(sock).await?;
    log.windows.lock().unwrap().push(count);
    if count == 0 || count > i32::MAX as u32 {
        violation(log, format!("window of {count}"));
        return None;
    }
    let mut docs = Vec::with_capacity(count as usize);
    while docs.len() < count as usize {
        let mut head = [0u8; 2];
        sock.read_exact(&mut head).await.ok()?;
        match &head {
            b"2J" => {
                let seq = read_u32(sock).await?;
                let len = read_u32(sock).await? as usize;
                let mut payload = vec![0u8; len];
                sock.read_exact(&mut payload).await.ok()?;
                take_doc(log, &mut docs, seq, payload);
            }
            b"2C" => {
                log.compressed_frames.fetch_add(1, Ordering::SeqCst);
                let len = read_u32(sock).await? as usize;
                let mut z = vec![0u8; len];
                sock.read_exact(&mut z).await.ok()?;
                let mut inner = Vec::new();
                if let Err(e) = flate2::read::ZlibDecoder::new(&z[..]).read_to_end(&mut inner) {
                    violation(log, format!("2C frame is not a zlib stream: {e}"));
                    return None;
                }
                let mut i = 0;
                while i < inner.len() {
                    if inner.len() < i + 10 || &inner[i..i + 2] != b"2J" {
                        violation(log, "2C frame does not hold whole 2J frames".into());
                        return None;
                    }
                    let at = |k: usize| u32::from_be_bytes(inner[k..k + 4].try_into().unwrap());
                    let (seq, len) = (at(i + 2), at(i + 6) as usize);
                    let Some(payload) = inner.get(i + 10..i + 10 + len) else {
                        violation(log, "2J frame longer than its 2C frame".into());
                        return None;
                    };
                    take_doc(log, &mut docs, seq, payload.to_vec());
                    i += 10 + len;
                }
            }
            other => {
                violation(log, format!("unexpected frame type {other:?}"));
                return None;
            }
        }
    }
    if docs.len() != count as usize {
        violation(
            log,
            format!("window of {count} held {} documents", docs.len()),
        );
    }
    Some(docs)
}

fn take_doc(log: &Log, docs: &mut Vec<String>, seq: u32, payload: Vec<u8>) {
    if seq as usize != docs.len() + 1 {
        violation(log, format!("sequence {seq} after {}", docs.len()));
    }
    match serde_json::from_slice::<serde_json::Value>(&payload) {
        Ok(v) if v.is_object() => {}
        _ => violation(log, "a payload is not a JSON object".into()),
    }
    if payload.ends_with(b"\n") {
        violation(log, "a payload ends with a newline".into());
    }
    docs.push(String::from_utf8(payload).unwrap_or_default());
}

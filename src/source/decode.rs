//! Gzip detection by magic bytes (multi-member archives included) and line framing with a
//! length cap, so memory never grows with object or line size.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use async_compression::tokio::bufread::GzipDecoder;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader, ReadBuf};

use crate::buffers::Buffers;

/// Size of the decompressed chunks handed from the read-ahead task to the line reader.
const CHUNK: usize = 256 * 1024;

/// Buffer between the source and the decoder, and after the decoder. Small on purpose: reads
/// for a whole [`CHUNK`] bypass a `BufReader` whose buffer is smaller and empty, so inflated
/// bytes are written straight into the chunk instead of being copied there.
const STAGE: usize = 32 * 1024;

pub type ByteStream = Box<dyn AsyncBufRead + Unpin + Send>;

/// Counts the raw (possibly compressed) bytes read from an object.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R) -> (Self, Arc<AtomicU64>) {
        let count = Arc::new(AtomicU64::new(0));
        (
            Counting {
                inner,
                count: count.clone(),
            },
            count,
        )
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Counting<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        r
    }
}

/// What an object holds, from its first bytes (whatever it is called).
pub enum Content {
    /// `PAR1`: a Parquet file, read by row group through random access, not as a stream.
    Parquet,
    /// Text: its decompressed bytes (gzip when the gzip magic leads, as they are otherwise).
    Text(ByteStream),
}

/// Tells Parquet from text by the first four bytes, and for text wraps `raw` so it yields
/// decompressed bytes.
pub async fn content<R: AsyncRead + Unpin + Send + 'static>(raw: R) -> std::io::Result<Content> {
    let (head, raw) = peek(raw, PARQUET_MAGIC.len()).await?;
    if head == PARQUET_MAGIC {
        return Ok(Content::Parquet);
    }
    Ok(Content::Text(wrap(raw, head.starts_with(&GZIP_MAGIC))))
}

/// Wraps `raw` so it yields decompressed bytes: gzip when the first two bytes are the gzip
/// magic (whatever the object is called), the bytes as they are otherwise.
pub async fn decompressed<R: AsyncRead + Unpin + Send + 'static>(
    raw: R,
) -> std::io::Result<ByteStream> {
    let (head, raw) = peek(raw, GZIP_MAGIC.len()).await?;
    Ok(wrap(raw, head == GZIP_MAGIC))
}

type Peeked = Box<dyn AsyncBufRead + Unpin + Send>;

/// The first `n` bytes (fewer when the object is shorter), and a reader yielding every byte
/// from the first.
async fn peek<R: AsyncRead + Unpin + Send + 'static>(
    raw: R,
    n: usize,
) -> std::io::Result<(Vec<u8>, Peeked)> {
    let mut raw = BufReader::with_capacity(STAGE, raw);
    if raw.fill_buf().await?.len() >= n {
        let head = raw.buffer()[..n].to_vec();
        return Ok((head, Box::new(raw)));
    }
    // A first read may hold fewer bytes (or none: an empty object). Take bytes out until `n`
    // are seen, then replay them in front of the rest.
    let mut head = Vec::with_capacity(n);
    while head.len() < n {
        let buf = raw.fill_buf().await?;
        let Some(&b) = buf.first() else { break };
        head.push(b);
        raw.consume(1);
    }
    let replay = std::io::Cursor::new(head.clone()).chain(raw);
    Ok((head, Box::new(BufReader::with_capacity(STAGE, replay))))
}

const PARQUET_MAGIC: [u8; 4] = *b"PAR1";
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

fn wrap<B: AsyncBufRead + Unpin + Send + 'static>(raw: B, is_gzip: bool) -> ByteStream {
    if is_gzip {
        let mut gz = GzipDecoder::new(raw);
        gz.multiple_members(true);
        Box::new(BufReader::with_capacity(STAGE, gz))
    } else {
        Box::new(raw)
    }
}

/// Decompresses ahead on another task, so inflating (one core) overlaps parsing and
/// encoding (another). Memory: at most `READ_AHEAD` chunks of [`CHUNK`] bytes in flight, and
/// as many again (plus two) kept idle for reuse. The task is aborted when the returned stream
/// is dropped, so it never outlives its reader.
pub fn read_ahead(mut inner: ByteStream) -> ByteStream {
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(READ_AHEAD);
    // consumed chunks come back for reuse instead of 256 KiB being allocated per chunk
    let chunks = Buffers::new(READ_AHEAD + 2);
    let recycle = chunks.clone();
    let task = tokio::spawn(async move {
        loop {
            let mut chunk = chunks.take(CHUNK);
            let result = loop {
                match inner.read_buf(&mut chunk).await {
                    Ok(0) => break Ok(()),
                    Ok(_) if chunk.len() == CHUNK => break Ok(()),
                    Ok(_) => {}
                    Err(e) => break Err(e),
                }
            };
            let done = chunk.len() < CHUNK;
            if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
                return;
            }
            if let Err(e) = result {
                let _ = tx.send(Err(e)).await;
                return;
            }
            if done {
                return;
            }
        }
    });
    Box::new(AheadReader {
        rx,
        chunk: Vec::new(),
        pos: 0,
        recycle,
        task,
    })
}

const READ_AHEAD: usize = 4;

struct AheadReader {
    rx: tokio::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
    recycle: Buffers,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for AheadReader {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl AsyncRead for AheadReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let available = std::task::ready!(self.as_mut().poll_fill_buf(cx))?;
        let n = available.len().min(buf.remaining());
        buf.put_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(()))
    }
}

impl AsyncBufRead for AheadReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<&[u8]>> {
        let this = self.get_mut();
        while this.pos == this.chunk.len() {
            match std::task::ready!(this.rx.poll_recv(cx)) {
                Some(Ok(chunk)) => {
                    let used = std::mem::replace(&mut this.chunk, chunk);
                    this.pos = 0;
                    this.recycle.give(used);
                }
                Some(Err(e)) => return Poll::Ready(Err(e)),
                None => return Poll::Ready(Ok(&[])),
            }
        }
        Poll::Ready(Ok(&this.chunk[this.pos..]))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let this = self.get_mut();
        this.pos = (this.pos + amt).min(this.chunk.len());
    }
}

/// One framed line. `bytes` excludes the `\n` (a trailing `\r` is left for the parser).
pub struct Line<'a> {
    pub offset: u64,
    pub bytes: &'a [u8],
    /// The line was longer than the cap: `bytes` holds its first bytes, `len` its full length.
    pub truncated: bool,
    pub len: u64,
}

/// Where a run's lines come from: an object's framed bytes ([`LineReader`]), or the events of
/// a CloudWatch Logs payload (`events::EventLines`), or a Parquet object's rows.
pub trait LineSource: Send {
    fn next_line(&mut self) -> impl Future<Output = std::io::Result<Option<Line<'_>>>> + Send;
    /// Bytes consumed so far, for progress and the summary.
    fn position(&self) -> u64;
}

/// A borrowed source, so its owner can ask it more after the run (Parquet's bytes fetched).
impl<T: LineSource> LineSource for &mut T {
    fn next_line(&mut self) -> impl Future<Output = std::io::Result<Option<Line<'_>>>> + Send {
        (**self).next_line()
    }

    fn position(&self) -> u64 {
        (**self).position()
    }
}

impl LineSource for LineReader {
    fn next_line(&mut self) -> impl Future<Output = std::io::Result<Option<Line<'_>>>> + Send {
        LineReader::next_line(self)
    }

    fn position(&self) -> u64 {
        LineReader::position(self)
    }
}

/// Splits a byte stream into lines without copying when a line lies inside one read buffer.
pub struct LineReader {
    inner: ByteStream,
    max_line: usize,
    /// Bytes of a line that spans read buffers.
    partial: Vec<u8>,
    partial_len: u64,
    /// Bytes of the inner buffer handed out last time, consumed on the next call.
    pending_consume: usize,
    clear_partial: bool,
    pos: u64,
}

impl LineReader {
    pub fn new(inner: ByteStream, max_line: usize) -> Self {
        LineReader {
            inner,
            max_line,
            partial: Vec::new(),
            partial_len: 0,
            pending_consume: 0,
            clear_partial: false,
            pos: 0,
        }
    }

    /// Decompressed bytes consumed so far: the offset of the next line.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Hands out the line assembled in `partial`; it is cleared on the next call.
    fn partial_line(&mut self, offset: u64) -> Line<'_> {
        self.clear_partial = true;
        let len = self.partial_len;
        Line {
            offset,
            bytes: &self.partial,
            truncated: len > self.max_line as u64,
            len,
        }
    }

    pub async fn next_line(&mut self) -> std::io::Result<Option<Line<'_>>> {
        if self.pending_consume > 0 {
            self.inner.consume(self.pending_consume);
            self.pending_consume = 0;
        }
        if self.clear_partial {
            self.partial.clear();
            self.partial_len = 0;
            self.clear_partial = false;
        }
        let offset = self.pos;
        let max = self.max_line;
        // A line inside one read buffer is lent out without copying; the borrow checker wants
        // the buffer fetched again for that (it is already filled, so this does not read).
        let whole_in_chunk = loop {
            let chunk = self.inner.fill_buf().await?;
            if chunk.is_empty() {
                if self.partial_len == 0 {
                    return Ok(None);
                }
                return Ok(Some(self.partial_line(offset)));
            }
            let newline = memchr::memchr(b'\n', chunk);
            let take = newline.unwrap_or(chunk.len());
            if newline.is_some() && self.partial_len == 0 {
                break take;
            }
            let room = max.saturating_sub(self.partial.len());
            self.partial.extend_from_slice(&chunk[..take.min(room)]);
            self.partial_len += take as u64;
            if newline.is_some() {
                self.pos += take as u64 + 1;
                self.inner.consume(take + 1);
                return Ok(Some(self.partial_line(offset)));
            }
            self.pos += take as u64;
            self.inner.consume(take);
        };
        let i = whole_in_chunk;
        let chunk = self.inner.fill_buf().await?;
        self.pos += i as u64 + 1;
        self.pending_consume = i + 1;
        Ok(Some(Line {
            offset,
            bytes: &chunk[..i.min(max)],
            truncated: i > max,
            len: i as u64,
        }))
    }
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;

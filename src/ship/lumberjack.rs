//! Lumberjack v2 framing, the protocol of Logstash's `beats` input: pure encoding of a batch
//! of documents as one window, and decoding of the server's ACK frames. No I/O here.
//!
//! Frames (integers big-endian u32): window `2W count`; one `2J seq len payload` per document,
//! `seq` running 1..=count; optionally all of them inside one `2C len zlib-stream`. The server
//! answers `2A seq`: the highest sequence it has pushed into its queue (0 = still working).

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

pub const VERSION: u8 = b'2';
pub const WINDOW: u8 = b'W';
pub const JSON: u8 = b'J';
pub const COMPRESSED: u8 = b'C';
pub const ACK: u8 = b'A';
/// An ACK frame's length on the wire.
pub const ACK_LEN: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the receiver sent a frame that is not a Lumberjack v2 ACK: {0:02x?}")]
    NotAnAck([u8; ACK_LEN]),
    #[error("a window of {0} documents is more than Lumberjack's 2^31-1 sequence numbers")]
    TooManyDocuments(u64),
}

/// The documents of a batch buffer: one JSON document per `\n`-terminated line. `memchr`,
/// not `slice::split`: a byte-at-a-time split cost ≈ 1.2 µs per 1.7 KB document.
pub fn documents(batch: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', batch)
        .chain(std::iter::once(batch.len()))
        .map(move |end| {
            let doc = batch.get(start..end).unwrap_or_default();
            start = end + 1;
            doc
        })
        .filter(|doc| !doc.is_empty())
}

/// Writes one window holding the documents of `batch` after the first `skip` into `out`
/// (cleared first), returning how many it holds. `level` 0 writes plain `2J` frames; 1–9
/// wraps them in one `2C` frame compressed at that zlib level, staged in `scratch`.
pub fn encode_window(
    batch: &[u8],
    skip: u64,
    level: u32,
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> Result<u32, FrameError> {
    out.clear();
    let count = (documents(batch).count() as u64).saturating_sub(skip);
    let count = i32::try_from(count)
        .map(|c| c as u32)
        .map_err(|_| FrameError::TooManyDocuments(count))?;
    out.extend_from_slice(&[VERSION, WINDOW]);
    out.extend_from_slice(&count.to_be_bytes());
    if level == 0 {
        json_frames(batch, skip, out);
        return Ok(count);
    }
    scratch.clear();
    json_frames(batch, skip, scratch);
    out.extend_from_slice(&[VERSION, COMPRESSED, 0, 0, 0, 0]);
    let start = out.len();
    let mut z = ZlibEncoder::new(&mut *out, Compression::new(level.min(9)));
    z.write_all(scratch).expect("writing to a Vec cannot fail");
    z.finish().expect("writing to a Vec cannot fail");
    let len = (out.len() - start) as u32;
    out[start - 4..start].copy_from_slice(&len.to_be_bytes());
    Ok(count)
}

fn json_frames(batch: &[u8], skip: u64, out: &mut Vec<u8>) {
    out.reserve(batch.len() + 10 * 64);
    for (seq, doc) in (1u32..).zip(documents(batch).skip(skip as usize)) {
        out.extend_from_slice(&[VERSION, JSON]);
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&(doc.len() as u32).to_be_bytes());
        out.extend_from_slice(doc);
    }
}

/// What an ACK says about a window of `count` documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// Every document is in Logstash's queue.
    Complete,
    /// The first `n` (0 = a keepalive: still working) are; keep waiting.
    Partial(u32),
}

/// Decodes one ACK frame. Sequences compare as signed 32-bit integers, as Logstash does.
pub fn read_ack(frame: [u8; ACK_LEN], count: u32) -> Result<Ack, FrameError> {
    if frame[0] != VERSION || frame[1] != ACK {
        return Err(FrameError::NotAnAck(frame));
    }
    let seq = u32::from_be_bytes([frame[2], frame[3], frame[4], frame[5]]) as i32;
    Ok(if seq >= count as i32 {
        Ack::Complete
    } else {
        Ack::Partial(seq.max(0) as u32)
    })
}

#[cfg(test)]
#[path = "lumberjack_tests.rs"]
mod tests;

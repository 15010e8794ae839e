//! Tests of `lumberjack`: the frames decode as the protocol says, plain and compressed.

use std::io::Read;

use super::*;

const BATCH: &[u8] = b"{\"a\":1}\n{\"b\":\"two\"}\n{\"c\":[3]}\n";

/// An independent decoder of the frames (not the encoder's code): (seq, payload) pairs.
fn decode(wire: &[u8]) -> (u32, Vec<(u32, Vec<u8>)>) {
    let u32_at = |b: &[u8], i: usize| u32::from_be_bytes(b[i..i + 4].try_into().unwrap());
    assert_eq!(&wire[..2], b"2W");
    let count = u32_at(wire, 2);
    let mut body = wire[6..].to_vec();
    if body.starts_with(b"2C") {
        let len = u32_at(&body, 2) as usize;
        assert_eq!(
            body.len(),
            6 + len,
            "the 2C frame is the rest of the window"
        );
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(&body[6..])
            .read_to_end(&mut inflated)
            .unwrap();
        body = inflated;
    }
    let mut frames = Vec::new();
    let mut i = 0;
    while i < body.len() {
        assert_eq!(&body[i..i + 2], b"2J");
        let (seq, len) = (u32_at(&body, i + 2), u32_at(&body, i + 6) as usize);
        frames.push((seq, body[i + 10..i + 10 + len].to_vec()));
        i += 10 + len;
    }
    (count, frames)
}

#[test]
fn a_window_holds_every_document_numbered_from_one_plain_and_compressed() {
    for level in [0, 1, 6, 9] {
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        assert_eq!(
            encode_window(BATCH, 0, level, &mut scratch, &mut out),
            Ok(3)
        );
        let (count, frames) = decode(&out);
        assert_eq!(count, 3);
        assert_eq!(
            frames,
            vec![
                (1, b"{\"a\":1}".to_vec()),
                (2, b"{\"b\":\"two\"}".to_vec()),
                (3, b"{\"c\":[3]}".to_vec())
            ],
            "level {level}"
        );
    }
}

#[test]
fn a_resent_rest_starts_again_at_sequence_one() {
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    assert_eq!(encode_window(BATCH, 2, 0, &mut scratch, &mut out), Ok(1));
    assert_eq!(decode(&out), (1, vec![(1, b"{\"c\":[3]}".to_vec())]));
}

#[test]
fn acks_complete_partial_keepalive_and_garbage() {
    let ack = |seq: u32| {
        let mut f = [b'2', b'A', 0, 0, 0, 0];
        f[2..].copy_from_slice(&seq.to_be_bytes());
        f
    };
    assert_eq!(read_ack(ack(3), 3), Ok(Ack::Complete));
    assert_eq!(read_ack(ack(2), 3), Ok(Ack::Partial(2)));
    assert_eq!(read_ack(ack(0), 3), Ok(Ack::Partial(0)));
    // signed comparison: a negative sequence is no progress, not 4 billion
    assert_eq!(read_ack(ack(u32::MAX), 3), Ok(Ack::Partial(0)));
    assert!(matches!(
        read_ack(*b"2W\0\0\0\x03", 3),
        Err(FrameError::NotAnAck(_))
    ));
}

#[test]
fn documents_are_the_non_empty_lines_with_or_without_a_last_newline() {
    let docs: Vec<&[u8]> = documents(b"{\"a\":1}\n\n{\"b\":2}").collect();
    assert_eq!(docs, vec![&b"{\"a\":1}"[..], &b"{\"b\":2}"[..]]);
    assert_eq!(documents(b"").count(), 0);
    assert_eq!(documents(b"\n").count(), 0);
}

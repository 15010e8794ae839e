//! Tests of `decode`.

use super::*;
use std::io::Write;

async fn lines_of(data: Vec<u8>, max: usize) -> Vec<(u64, Vec<u8>, bool)> {
    let stream = decompressed(std::io::Cursor::new(data)).await.unwrap();
    let mut r = LineReader::new(stream, max);
    let mut out = Vec::new();
    while let Some(l) = r.next_line().await.unwrap() {
        out.push((l.offset, l.bytes.to_vec(), l.truncated));
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[tokio::test]
async fn plain_lines_with_offsets_and_last_line_without_newline() {
    let got = lines_of(b"ab\n\ncd\r\nef".to_vec(), 100).await;
    assert_eq!(
        got,
        vec![
            (0, b"ab".to_vec(), false),
            (3, b"".to_vec(), false),
            (4, b"cd\r".to_vec(), false),
            (8, b"ef".to_vec(), false)
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn read_ahead_yields_the_same_bytes_and_errors() {
    let mut data = Vec::new();
    for i in 0..200_000u32 {
        data.extend_from_slice(format!("line {i}\n").as_bytes());
    }
    let stream = decompressed(std::io::Cursor::new(gzip(&data)))
        .await
        .unwrap();
    let mut out = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut read_ahead(stream), &mut out)
        .await
        .unwrap();
    assert_eq!(out, data);
    let mut bad = gzip(&data);
    bad.truncate(bad.len() / 2);
    let stream = decompressed(std::io::Cursor::new(bad)).await.unwrap();
    let mut out = Vec::new();
    assert!(
        tokio::io::AsyncReadExt::read_to_end(&mut read_ahead(stream), &mut out)
            .await
            .is_err()
    );
    assert!(!out.is_empty() && data.starts_with(&out));
}

#[tokio::test]
async fn multi_member_gzip_is_one_stream() {
    let mut data = gzip(b"one\ntwo\n");
    data.extend(gzip(b"three\n"));
    let got = lines_of(data, 100).await;
    let texts: Vec<_> = got.iter().map(|l| l.1.clone()).collect();
    assert_eq!(
        texts,
        vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
    );
    assert_eq!(got[2].0, 8);
}

#[tokio::test]
async fn long_lines_are_capped_not_buffered() {
    let mut data = vec![b'x'; 10_000];
    data.extend_from_slice(b"\nok\n");
    let got = lines_of(data, 64).await;
    assert_eq!(got[0].1.len(), 64);
    assert!(got[0].2);
    assert_eq!(got[1], (10_001, b"ok".to_vec(), false));
}

#[tokio::test]
async fn one_byte_and_empty_inputs() {
    assert_eq!(
        lines_of(b"x".to_vec(), 10).await,
        vec![(0, b"x".to_vec(), false)]
    );
    assert!(lines_of(Vec::new(), 10).await.is_empty());
}

#[tokio::test]
async fn lines_spanning_read_buffers_keep_offsets() {
    let mut data = Vec::new();
    for i in 0..100_000u32 {
        data.extend_from_slice(format!("line {i}\n").as_bytes());
    }
    let got = lines_of(gzip(&data), 1000).await;
    assert_eq!(got.len(), 100_000);
    let mut off = 0u64;
    for (i, l) in got.iter().enumerate() {
        assert_eq!(l.0, off);
        assert_eq!(l.1, format!("line {i}").into_bytes());
        off += l.1.len() as u64 + 1;
    }
}

/// Yields one byte per read, so the gzip magic arrives split over two reads.
struct ByteAtATime(std::io::Cursor<Vec<u8>>);

impl AsyncRead for ByteAtATime {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let mut one = [0u8; 1];
        let n = std::io::Read::read(&mut self.0, &mut one)?;
        buf.put_slice(&one[..n]);
        Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn gzip_is_detected_when_its_magic_arrives_one_byte_at_a_time() {
    let data = b"first line
second line
"
    .to_vec();
    let cases = [
        (gzip(&data), data.clone()),
        (data.clone(), data.clone()),
        (vec![0x1f], vec![0x1f]),
        (Vec::new(), Vec::new()),
    ];
    for (raw, want) in cases {
        let mut stream = decompressed(ByteAtATime(std::io::Cursor::new(raw)))
            .await
            .unwrap();
        let mut out = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut out)
            .await
            .unwrap();
        assert_eq!(out, want);
    }
}

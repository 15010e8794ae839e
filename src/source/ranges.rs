//! Random access to an object's bytes. Parquet is read from its end (the footer names where
//! each row group lies), so its reader asks for byte ranges instead of streaming: one footer
//! read, then one row group's columns at a time — memory follows a row group, never the object.

use std::future::Future;
use std::io;
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;

pub type RangeFuture<'a> = Pin<Box<dyn Future<Output = io::Result<Vec<u8>>> + Send + 'a>>;

/// An object whose bytes can be read at any offset: a local file, an S3 object version (by
/// ranged GETs), or bytes in memory.
pub trait Ranges: Send + Sync {
    /// The object's size in bytes.
    fn size(&self) -> u64;
    /// Exactly the bytes of `range` (an error when the object is shorter).
    fn read(&self, range: Range<u64>) -> RangeFuture<'_>;
}

pub type SharedRanges = Arc<dyn Ranges>;

/// A local file, read with positional reads on the blocking pool.
pub struct FileRanges {
    file: Arc<std::fs::File>,
    size: u64,
}

impl FileRanges {
    pub fn new(file: std::fs::File, size: u64) -> Self {
        FileRanges {
            file: Arc::new(file),
            size,
        }
    }
}

impl Ranges for FileRanges {
    fn size(&self) -> u64 {
        self.size
    }

    fn read(&self, range: Range<u64>) -> RangeFuture<'_> {
        let file = self.file.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                use std::os::unix::fs::FileExt;
                let mut buf = vec![0; usize::try_from(range.end - range.start).unwrap_or(0)];
                file.read_exact_at(&mut buf, range.start)?;
                Ok(buf)
            })
            .await
            .map_err(io::Error::other)?
        })
    }
}

/// An object held in memory (tests, and callers that already have the bytes).
pub struct BytesRanges(pub Vec<u8>);

impl Ranges for BytesRanges {
    fn size(&self) -> u64 {
        self.0.len() as u64
    }

    fn read(&self, range: Range<u64>) -> RangeFuture<'_> {
        let end = usize::try_from(range.end).unwrap_or(usize::MAX);
        let start = usize::try_from(range.start).unwrap_or(usize::MAX);
        let out = self.0.get(start..end).map(<[u8]>::to_vec).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("bytes {start}..{end} of an object of {}", self.0.len()),
            )
        });
        Box::pin(async move { out })
    }
}

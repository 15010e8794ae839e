//! The Parquet reader's view of an object: byte ranges from the source, counted; a row group's
//! column chunks fetched in one request (they lie side by side), and the next row group's
//! fetched while this one is decoded, so S3's latency overlaps the work.

use std::io;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use parquet::arrow::arrow_reader::ArrowReaderOptions;
use parquet::arrow::async_reader::AsyncFileReader;
use parquet::errors::ParquetError;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};

use super::ranges::SharedRanges;

/// The footer read first: most footers fit, so one request finds the metadata.
const FOOTER_HINT: usize = 64 * 1024;
/// Column-chunk ranges closer than this are fetched in one request.
pub(super) const GAP: u64 = 1024 * 1024;

type Pending = tokio::task::JoinHandle<io::Result<Vec<u8>>>;

pub(super) struct Fetch {
    ranges: SharedRanges,
    fetched: Arc<AtomicU64>,
    /// Each row group's bytes, from the footer.
    groups: Vec<Range<u64>>,
    /// The next row group's bytes, being fetched.
    ahead: Option<(Range<u64>, Pending)>,
}

impl Drop for Fetch {
    fn drop(&mut self) {
        if let Some((_, task)) = &self.ahead {
            task.abort();
        }
    }
}

impl Fetch {
    pub(super) fn new(ranges: SharedRanges, fetched: Arc<AtomicU64>) -> Self {
        Fetch {
            ranges,
            fetched,
            groups: Vec::new(),
            ahead: None,
        }
    }

    async fn read(&mut self, range: Range<u64>) -> Result<Bytes, ParquetError> {
        if let Some((span, _)) = &self.ahead
            && span.start <= range.start
            && range.end <= span.end
        {
            let (span, task) = self.ahead.take().expect("a fetch ahead");
            let bytes = task.await.map_err(io::Error::other).and_then(|r| r);
            let whole = Bytes::from(bytes.map_err(external)?);
            self.fetched
                .fetch_add(span.end - span.start, Ordering::Relaxed);
            let at = (range.start - span.start) as usize;
            return Ok(whole.slice(at..at + (range.end - range.start) as usize));
        }
        let len = range.end.saturating_sub(range.start);
        let bytes = self.ranges.read(range).await.map_err(external)?;
        self.fetched.fetch_add(len, Ordering::Relaxed);
        Ok(Bytes::from(bytes))
    }

    /// Starts fetching the row group after the one `range` lies in.
    fn fetch_next(&mut self, range: &Range<u64>) {
        let Some(at) = self
            .groups
            .iter()
            .position(|g| g.start <= range.start && range.start < g.end)
        else {
            return;
        };
        let Some(next) = self.groups.get(at + 1).cloned() else {
            return;
        };
        if self.ahead.as_ref().is_some_and(|(span, _)| *span == next) {
            return;
        }
        let ranges = self.ranges.clone();
        let span = next.clone();
        self.ahead = Some((next, tokio::spawn(async move { ranges.read(span).await })));
    }
}

fn external(e: io::Error) -> ParquetError {
    ParquetError::External(Box::new(e))
}

impl AsyncFileReader for Fetch {
    fn get_bytes(&mut self, range: Range<u64>) -> BoxFuture<'_, Result<Bytes, ParquetError>> {
        Box::pin(self.read(range))
    }

    fn get_byte_ranges(
        &mut self,
        ranges: Vec<Range<u64>>,
    ) -> BoxFuture<'_, Result<Vec<Bytes>, ParquetError>> {
        Box::pin(async move {
            let mut out = Vec::with_capacity(ranges.len());
            for span in spans(&ranges) {
                let whole = self.read(span.clone()).await?;
                for r in ranges
                    .iter()
                    .filter(|r| r.start >= span.start && r.end <= span.end)
                {
                    let at = (r.start - span.start) as usize;
                    out.push((r.clone(), whole.slice(at..at + (r.end - r.start) as usize)));
                }
            }
            if let Some(first) = ranges.first() {
                self.fetch_next(first);
            }
            // back in the order asked for
            Ok(ranges
                .iter()
                .map(|r| {
                    let i = out
                        .iter()
                        .position(|(o, _)| o == r)
                        .expect("a fetched range");
                    out[i].1.clone()
                })
                .collect())
        })
    }

    fn get_metadata<'a>(
        &'a mut self,
        _options: Option<&'a ArrowReaderOptions>,
    ) -> BoxFuture<'a, Result<Arc<ParquetMetaData>, ParquetError>> {
        Box::pin(async move {
            let size = self.ranges.size();
            let meta = ParquetMetaDataReader::new()
                .with_prefetch_hint(Some(FOOTER_HINT))
                .load_and_finish(&mut *self, size)
                .await?;
            self.groups = meta.row_groups().iter().map(group_span).collect();
            Ok(Arc::new(meta))
        })
    }
}

/// A row group's bytes: from its first column chunk's start to its last one's end.
fn group_span(g: &parquet::file::metadata::RowGroupMetaData) -> Range<u64> {
    let chunks = g.columns().iter().map(|c| {
        let (start, len) = c.byte_range();
        start..start + len
    });
    chunks
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
        .unwrap_or(0..0)
}

/// The requests for `ranges`: sorted, and merged where the gap between two is under [`GAP`]
/// (a row group's column chunks lie side by side, so it is usually one request).
pub(super) fn spans(ranges: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<u64>> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end + GAP => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
#[path = "parquet_fetch_tests.rs"]
mod tests;

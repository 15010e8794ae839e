//! A Parquet object as Arrow record batches, through random access: the footer first, then one
//! row group's column chunks at a time (close ranges fetched in one request), decoded on a task
//! of its own one row group ahead of the rows being shipped — as gunzip runs ahead of lines.

use std::io;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use parquet::arrow::arrow_reader::ArrowReaderOptions;
use parquet::arrow::async_reader::{AsyncFileReader, ParquetRecordBatchStreamBuilder};
use parquet::errors::ParquetError;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};

use super::ranges::SharedRanges;

/// Rows per decoded batch: big enough that per-batch work vanishes, small enough that a batch
/// in flight is a few MB.
const BATCH_ROWS: usize = 8192;
/// Batches decoded ahead of the one being read: with [`BATCH_ROWS`], the rest of a row group
/// of 100 k rows, or the start of the next.
const AHEAD: usize = 4;
/// The footer read first: most footers fit, so one request finds the metadata.
const FOOTER_HINT: usize = 64 * 1024;
/// Column-chunk ranges closer than this are fetched in one request.
const GAP: u64 = 1024 * 1024;

/// Record batches of one object, in order, from a task that stops when this is dropped.
pub struct RowBatches {
    pub schema: SchemaRef,
    pub row_groups: usize,
    pub rows: u64,
    rx: tokio::sync::mpsc::Receiver<Result<RecordBatch, ParquetError>>,
    fetched: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RowBatches {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RowBatches {
    /// Reads the footer and starts decoding. An error here (no footer, a footer that does not
    /// parse, a read that failed) means no row can be read.
    pub async fn open(ranges: SharedRanges) -> Result<RowBatches, ParquetError> {
        let fetched = Arc::new(AtomicU64::new(0));
        let fetch = Fetch {
            ranges,
            fetched: fetched.clone(),
        };
        // the schema as Parquet declares it, not pyarrow's stored Arrow schema: strings come as
        // plain strings, never dictionaries or views
        let options = ArrowReaderOptions::new().with_skip_arrow_metadata(true);
        let builder = ParquetRecordBatchStreamBuilder::new_with_options(fetch, options).await?;
        let schema = builder.schema().clone();
        let meta = builder.metadata().clone();
        let mut stream = builder.with_batch_size(BATCH_ROWS).build()?;
        let (tx, rx) = tokio::sync::mpsc::channel(AHEAD);
        let task = tokio::spawn(async move {
            while let Some(batch) = stream.next().await {
                let failed = batch.is_err();
                if tx.send(batch).await.is_err() || failed {
                    return;
                }
            }
        });
        Ok(RowBatches {
            schema,
            row_groups: meta.num_row_groups(),
            rows: meta.file_metadata().num_rows().max(0) as u64,
            rx,
            fetched,
            task,
        })
    }

    /// The next batch; `None` after the last.
    pub async fn next(&mut self) -> Option<Result<RecordBatch, ParquetError>> {
        self.rx.recv().await
    }

    /// Bytes of the object fetched so far.
    pub fn fetched(&self) -> u64 {
        self.fetched.load(Ordering::Relaxed)
    }
}

/// The reader's view of an object: ranges from the source, counted.
struct Fetch {
    ranges: SharedRanges,
    fetched: Arc<AtomicU64>,
}

impl Fetch {
    async fn read(&self, range: Range<u64>) -> Result<Bytes, ParquetError> {
        let len = range.end.saturating_sub(range.start);
        let bytes = self.ranges.read(range).await.map_err(external)?;
        self.fetched.fetch_add(len, Ordering::Relaxed);
        Ok(Bytes::from(bytes))
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
            Ok(Arc::new(meta))
        })
    }
}

/// The requests for `ranges`: sorted, and merged where the gap between two is under [`GAP`]
/// (a row group's column chunks lie side by side, so it is usually one request).
fn spans(ranges: &[Range<u64>]) -> Vec<Range<u64>> {
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
#[path = "parquet_tests.rs"]
mod tests;

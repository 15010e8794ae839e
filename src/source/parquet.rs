//! A Parquet object as Arrow record batches, through random access (`parquet_fetch`): the
//! footer first, then one row group's column chunks at a time, the next row group's bytes
//! fetched while this one is decoded, and batches decoded on a task of their own a little ahead
//! of the rows being shipped — as gunzip runs ahead of lines. Memory follows two row groups'
//! compressed bytes and a few small batches, never the object.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use futures_util::StreamExt;
use parquet::arrow::arrow_reader::ArrowReaderOptions;
use parquet::arrow::async_reader::ParquetRecordBatchStreamBuilder;
use parquet::errors::ParquetError;

use super::parquet_fetch::Fetch;
use super::ranges::SharedRanges;

/// Rows per decoded batch: enough that per-batch work vanishes, few enough that the batches in
/// flight stay under a MB each (an ALB row is about 700 bytes decoded).
const BATCH_ROWS: usize = 1024;
/// Batches decoded ahead of the one being read.
const AHEAD: usize = 2;

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
        let fetch = Fetch::new(ranges, fetched.clone());
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

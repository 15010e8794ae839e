use std::sync::{Arc, Mutex};

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use super::*;
use crate::source::parquet::RowBatches;
use crate::source::ranges::{BytesRanges, RangeFuture, Ranges};

/// An object in memory that notes every range asked of it.
struct Logged {
    inner: BytesRanges,
    asked: Mutex<Vec<Range<u64>>>,
}

impl Ranges for Logged {
    fn size(&self) -> u64 {
        self.inner.size()
    }

    fn read(&self, range: Range<u64>) -> RangeFuture<'_> {
        self.asked.lock().unwrap().push(range.clone());
        self.inner.read(range)
    }
}

/// `rows` rows in row groups of `group`, big enough that the footer is not the whole file.
fn parquet(rows: i64, group: usize) -> Vec<u8> {
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group))
        .set_dictionary_enabled(false)
        .build();
    let text: Vec<String> = (0..rows)
        .map(|i| format!("row {i} {}", "x".repeat(60)))
        .collect();
    let batch = RecordBatch::try_from_iter([
        (
            "n",
            Arc::new(Int64Array::from_iter_values(0..rows)) as ArrayRef,
        ),
        ("text", Arc::new(StringArray::from(text)) as ArrayRef),
    ])
    .unwrap();
    let mut out = Vec::new();
    let mut w = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

#[test]
fn close_ranges_are_fetched_in_one_request_and_far_ones_apart() {
    let far = 10 * GAP;
    let spans = spans(&[100..200, 0..50, 60..90, far..far + 5]);
    assert_eq!(spans, [0..200, far..far + 5]);
}

#[tokio::test]
async fn each_row_group_is_fetched_once_in_one_request_and_every_row_read() {
    let bytes = parquet(30_000, 10_000);
    assert!(bytes.len() > 3 * FOOTER_HINT, "{} bytes", bytes.len());
    let object = Arc::new(Logged {
        inner: BytesRanges(bytes),
        asked: Mutex::new(Vec::new()),
    });
    let mut batches = RowBatches::open(object.clone()).await.unwrap();
    assert_eq!((batches.row_groups, batches.rows), (3, 30_000));
    let mut n = 0;
    while let Some(b) = batches.next().await {
        let b = b.unwrap();
        let col = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(col.value(0), n);
        n += b.num_rows() as i64;
    }
    assert_eq!(n, 30_000);
    let asked = object.asked.lock().unwrap().clone();
    let footer = asked.iter().filter(|r| r.end == object.size()).count();
    assert_eq!(footer, 1, "one footer request: {asked:?}");
    // the rest: one request per row group, none twice, together the data before the footer
    let mut data: Vec<_> = asked
        .iter()
        .filter(|r| r.end != object.size())
        .cloned()
        .collect();
    assert_eq!(data.len(), 3, "{asked:?}");
    data.sort_by_key(|r| r.start);
    assert!(data.windows(2).all(|w| w[0].end <= w[1].start), "{data:?}");
    assert_eq!(
        batches.fetched(),
        asked.iter().map(|r| r.end - r.start).sum::<u64>()
    );
}

#[tokio::test]
async fn an_object_without_a_footer_is_refused() {
    let mut bytes = parquet(100, 100);
    bytes.truncate(bytes.len() - 10);
    let object = Arc::new(BytesRanges(bytes));
    assert!(RowBatches::open(object).await.is_err());
}

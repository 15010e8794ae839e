//! A Parquet object's rows as lines: each row rebuilt into the legacy line of its kind (the
//! columns matched by name once per object), so every row goes through the one parser, filter
//! and encoder as a line of a text object does. A row's offset is its row number.

use std::future::Future;
use std::io;

use arrow_array::RecordBatch;

use crate::source::decode::{Line, LineSource};
use crate::source::parquet::RowBatches;
use crate::source::ranges::SharedRanges;
use crate::vended::Columns;

pub struct ParquetLines {
    batches: RowBatches,
    columns: Columns,
    batch: Option<RecordBatch>,
    row: usize,
    next: u64,
    position: u64,
    text: String,
    line: Vec<u8>,
}

impl ParquetLines {
    /// Reads the footer and maps the columns; the error says why no row can be read.
    pub async fn open(ranges: SharedRanges) -> Result<ParquetLines, String> {
        let batches = RowBatches::open(ranges)
            .await
            .map_err(|e| format!("not a readable Parquet file: {e}"))?;
        let columns = Columns::new(&batches.schema).map_err(|e| format!("Parquet columns: {e}"))?;
        Ok(ParquetLines {
            batches,
            columns,
            batch: None,
            row: 0,
            next: 0,
            position: 0,
            text: String::new(),
            line: Vec::with_capacity(2048),
        })
    }

    /// Bytes of the object fetched so far.
    pub fn fetched(&self) -> u64 {
        self.batches.fetched()
    }

    async fn next_row(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            if let Some(b) = &self.batch
                && self.row < b.num_rows()
            {
                self.columns
                    .line(b, self.row, &mut self.text, &mut self.line);
                self.row += 1;
                self.next += 1;
                self.position += self.line.len() as u64 + 1;
                return Ok(Some(Line {
                    offset: self.next - 1,
                    bytes: &self.line,
                    truncated: false,
                    len: self.line.len() as u64,
                }));
            }
            match self.batches.next().await {
                None => return Ok(None),
                Some(Ok(b)) => (self.batch, self.row) = (Some(b), 0),
                Some(Err(e)) => {
                    let (done, all, groups) =
                        (self.next, self.batches.rows, self.batches.row_groups);
                    let why = format!(
                        "Parquet: {e} (after row {done} of {all}, in {groups} row groups); \
                         rows before it were read"
                    );
                    return Err(io::Error::new(io::ErrorKind::InvalidData, why));
                }
            }
        }
    }
}

impl LineSource for ParquetLines {
    fn next_line(&mut self) -> impl Future<Output = io::Result<Option<Line<'_>>>> + Send {
        self.next_row()
    }

    /// The bytes of the rebuilt lines so far (with a newline each), as a text object counts.
    fn position(&self) -> u64 {
        self.position
    }
}

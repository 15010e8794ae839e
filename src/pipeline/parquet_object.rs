//! A Parquet object in the run: its rows through the same stages as lines (`parquet_lines`),
//! or, in a build without the `parquet` feature, an error that names the feature.

use std::time::Instant;

use super::object::Pipeline;
use super::tally::Tally;
use crate::document::ObjectMeta;
use crate::ship::{Sink, Ticket};
use crate::source::SourceError;
use crate::source::ranges::SharedRanges;

impl Pipeline {
    /// A Parquet object, row by row through the same stages (`parquet_lines`); the error and
    /// the bytes fetched.
    #[cfg(feature = "parquet")]
    pub(super) async fn parquet(
        &self,
        meta: &ObjectMeta,
        ranges: Option<SharedRanges>,
        tally: &mut Tally,
        to: (&Sink, Ticket),
        deadline: Option<Instant>,
    ) -> (Option<SourceError>, u64) {
        let Some(ranges) = ranges else {
            let why = "a Parquet object is read by ranges: give it as a file or an S3 object, \
                       not as a stream";
            return (Some(tally.read_error(0, std::io::Error::other(why))), 0);
        };
        let rows = match super::parquet_lines::ParquetLines::open(ranges).await {
            Ok(rows) => rows,
            Err(why) => return (Some(tally.read_error(0, std::io::Error::other(why))), 0),
        };
        let mut rows = rows;
        let error = self.lines(meta, &mut rows, tally, to, deadline).await;
        tally.counts.vended_records += tally.counts.lines_read;
        (error, rows.fetched())
    }

    /// A build without Parquet support names the feature it lacks.
    #[cfg(not(feature = "parquet"))]
    pub(super) async fn parquet(
        &self,
        _: &ObjectMeta,
        _: Option<SharedRanges>,
        tally: &mut Tally,
        _: (&Sink, Ticket),
        _: Option<Instant>,
    ) -> (Option<SourceError>, u64) {
        let why = "a Parquet object, and this build reads no Parquet: it was built without the \
                   `parquet` feature (as `make run`'s quick build is); cargo's default features \
                   include it";
        (Some(tally.read_error(0, std::io::Error::other(why))), 0)
    }
}

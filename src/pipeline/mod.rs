//! The run itself, written once for both doors: objects (files, stdin, S3) through parse,
//! filter and encode into a sink, and the folded summary at the end.
//!
//! `run` (a set of objects, one sink, one summary) → `object` (one object's lines) →
//! `tally` (what one object counted).

mod chunks;
mod object;
#[cfg(feature = "parquet")]
mod parquet_lines;
mod parquet_object;
mod run;
mod take;
mod tally;

pub use object::{Pipeline, Progress};
pub use run::{Finished, Run, RunOutcome};
pub use take::is_blank;
pub use tally::ObjectRun;

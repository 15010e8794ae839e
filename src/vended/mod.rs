//! CloudWatch "vended" load-balancer records (AWS delivers ALB and NLB logs this way since
//! 2025–26, as JSON objects or tab-separated lines) → the legacy line with the same values.
//! Pure: no I/O. The pipeline comes here only for a line the legacy parser refused, so legacy
//! lines pay nothing for it.
//!
//! `read` → `record` (fields by normalised name) → `rebuild` (the legacy line), over `index`
//! (names as ids, built once), `kinds` (the field tables) and `error`. The common shape — a
//! kind's fields in its order, as a delivery repeats them record after record — skips the
//! record and goes from `names` or `record::JsonNames` through its `plan` straight to the line.

#[cfg(feature = "parquet")]
mod columns;
mod error;
mod flat_json;
mod index;
mod kinds;
mod members;
mod names;
mod plan;
mod quoting;
mod read;
mod rebuild;
mod record;
mod split;
#[cfg(feature = "parquet")]
mod time_text;
mod w3c;

#[cfg(feature = "parquet")]
pub use columns::Columns;
pub use error::VendedError;
pub use kinds::Kind;
pub use read::{FieldList, Reader, looks_vended, read};
pub use w3c::{Directive, W3cFields, directive, read_w3c};

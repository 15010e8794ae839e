//! Object bytes → lines with their byte offsets. Sources know where bytes come from (files,
//! stdin, S3) and how they are framed; they know nothing of parsing or shipping.

pub mod decode;
pub mod events;
mod failure;
pub mod file;
pub mod group_ref;
mod identity;
#[cfg(feature = "aws")]
pub mod log_group;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "parquet")]
mod parquet_fetch;
pub mod ranges;
#[cfg(feature = "aws")]
pub mod s3;
#[cfg(not(feature = "aws"))]
#[path = "s3_absent.rs"]
pub mod s3;

use std::future::Future;

pub use failure::OpenFailure;
pub use identity::ObjectId;

use crate::trigger::ObjectRef;

/// The raw (possibly compressed) bytes of an object, as any source yields them.
pub type BoxRead = Box<dyn tokio::io::AsyncRead + Send + Unpin>;

/// An opened object: who it is, its raw bytes as a stream, and random access to them when the
/// source has it (files and S3; not stdin or a Kinesis record), which Parquet needs.
pub struct Opened {
    pub id: ObjectId,
    pub reader: BoxRead,
    pub ranges: Option<ranges::SharedRanges>,
}

/// Where the objects an event names are read from: S3 in production; the handler's tests give
/// it an in-memory map, so they run in-process without an S3 server.
pub trait ObjectSource: Send + Sync {
    /// Starts reading an object. The error names it (`s3://bucket/key`).
    fn open(&self, obj: &ObjectRef) -> impl Future<Output = Result<Opened, SourceError>> + Send;
}

/// Why an object could not be read to its end. Every variant names the object.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// `kind` is what decides a retry; `source` is for people.
    #[error("{object}: cannot open: {source}")]
    Open {
        object: String,
        kind: OpenFailure,
        source: std::io::Error,
    },
    #[error("{object}: read failed at decompressed byte {offset}: {source}")]
    Read {
        object: String,
        offset: u64,
        source: std::io::Error,
    },
    #[error("{object}: stopped at decompressed byte {offset}: {why}")]
    Stopped {
        object: String,
        offset: u64,
        why: String,
    },
}

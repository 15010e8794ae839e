//! Object bytes → lines with their byte offsets. Sources know where bytes come from (files,
//! stdin, S3) and how they are framed; they know nothing of parsing or shipping.

pub mod decode;
pub mod file;
pub mod s3;

/// Why an object could not be read to its end. Every variant names the object.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{object}: cannot open: {source}")]
    Open {
        object: String,
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

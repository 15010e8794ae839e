//! Local files and stdin, for trying the tool out and for backfills from disk.

use std::time::UNIX_EPOCH;

use super::failure::OpenFailure;
use super::ranges::FileRanges;
use super::{ObjectId, Opened, SourceError};

/// Opens a local file; its identity is (path, size, mtime), so re-reading an unchanged file
/// yields the same `event.id`s.
pub async fn open_file(path: &str) -> Result<Opened, SourceError> {
    let open = async {
        let file = tokio::fs::File::open(path).await?;
        let md = file.metadata().await?;
        if md.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "is a directory",
            ));
        }
        let mtime = md
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let ranges = FileRanges::new(file.try_clone().await?.into_std().await, md.len());
        Ok((file, md.len(), mtime, ranges))
    };
    let (file, size, mtime, ranges) = open.await.map_err(|source| SourceError::Open {
        object: path.to_string(),
        kind: OpenFailure::from_io(source.kind()),
        source,
    })?;
    Ok(Opened {
        id: ObjectId::file(path, size, mtime),
        reader: Box::new(file),
        ranges: Some(std::sync::Arc::new(ranges)),
    })
}

/// Stdin has no stable identity, so each run gets fresh `event.id`s.
pub fn open_stdin() -> Opened {
    let nonce = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
        ^ (u128::from(std::process::id()) << 64);
    Opened {
        id: ObjectId::Stream {
            name: "-".to_string(),
            nonce,
        },
        reader: Box::new(tokio::io::stdin()),
        ranges: None,
    }
}

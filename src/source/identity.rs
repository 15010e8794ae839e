//! What an object *is*, as plain data: enough for the encoder to derive `event.id`,
//! `log.file.path` and the cloud fields, and for errors to name the object. Sources build it;
//! they know nothing of how a document looks.

/// The identity of one object that lines are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectId {
    /// An S3 object. `version` is the versionId, or the ETag when the bucket is not versioned;
    /// `region` is the event's, when the event said.
    S3 {
        bucket: String,
        key: String,
        version: String,
        region: Option<String>,
    },
    /// A local file: re-reading it unchanged (same size and mtime) yields the same ids.
    File {
        path: String,
        size: u64,
        mtime_nanos: u128,
    },
    /// A stream with no stable identity (stdin): `nonce` differs per run, so two streams never
    /// share an `event.id`.
    Stream { name: String, nonce: u128 },
    /// Events of a CloudWatch Logs stream (from a subscription): each line's own key comes
    /// from its event id, so a redelivered event gets the same `event.id` however it is batched.
    LogStream {
        owner: String,
        group: String,
        stream: String,
        region: Option<String>,
    },
}

impl ObjectId {
    pub fn s3(bucket: &str, key: &str, version: &str, region: Option<&str>) -> Self {
        ObjectId::S3 {
            bucket: bucket.to_string(),
            key: key.to_string(),
            version: version.to_string(),
            region: region.map(str::to_string),
        }
    }

    pub fn file(path: &str, size: u64, mtime_nanos: u128) -> Self {
        ObjectId::File {
            path: path.to_string(),
            size,
            mtime_nanos,
        }
    }

    /// How errors, summaries and `log.file.path` name the object.
    pub fn path(&self) -> String {
        match self {
            ObjectId::S3 { bucket, key, .. } => format!("s3://{bucket}/{key}"),
            ObjectId::File { path, .. } => path.clone(),
            ObjectId::Stream { name, .. } => name.clone(),
            ObjectId::LogStream { group, stream, .. } => format!("{group}/{stream}"),
        }
    }
}

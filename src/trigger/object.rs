//! One S3 object to read, as every door and event names it.

/// One S3 object to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    pub bucket: String,
    /// The real key (notification keys are URL-decoded here).
    pub key: String,
    pub version_id: Option<String>,
    pub etag: Option<String>,
    pub region: Option<String>,
}

impl ObjectRef {
    pub fn uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }
}

/// `s3://bucket/key` → (bucket, key); the key may be empty or end in `/` (a prefix).
pub fn parse_s3_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

/// Notification keys are URL-encoded with `+` for a space.
pub fn decode_key(raw: &str) -> String {
    let plus_as_space = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8_lossy()
        .into_owned()
}

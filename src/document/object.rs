//! What a document says about the object its line came from, serialised once per object:
//! `event.id`'s hash, `log.file.path`, `cloud.*` and `aws.s3.*` as ready-to-copy JSON.

use crate::json;
use crate::source::ObjectId;
use crate::trigger::key_facts;

/// Built once per object, so each line copies bytes instead of formatting them.
#[derive(Debug, Clone)]
pub struct ObjectMeta {
    id_hex: [u8; 32],
    /// The first 16 hex digits of `id_hex` as a number, read once: sampling needs it per line.
    key_base: u64,
    /// `log.file.path` as a JSON string.
    pub(super) path_json: Vec<u8>,
    /// `{"provider":"aws",…}`.
    pub(super) cloud: Vec<u8>,
    /// `{"bucket":{"name":…},"object":{"key":…}}` for `aws.s3`, when read from S3.
    pub(super) s3: Option<Vec<u8>>,
    /// `{"log_group":…,"log_stream":…}` for `aws.cloudwatch`, for CloudWatch Logs events.
    pub(super) cloudwatch: Option<Vec<u8>>,
    /// Whether a line's key is its byte offset (`log.offset`): not for CloudWatch events,
    /// whose key is derived from the event id.
    pub(super) offsets: bool,
}

impl ObjectMeta {
    /// The region and account come from the event when known, else from AWS's standard key
    /// layout `AWSLogs/{account}/elasticloadbalancing/{region}/…`, else from the file name
    /// (`{account}_elasticloadbalancing_{region}_…`, which a copied file keeps).
    pub fn new(id: &ObjectId) -> Self {
        let mut meta = Self::described(id);
        meta.key_base = meta.id_hex[..16].iter().fold(0u64, |key, &c| {
            let digit = if c <= b'9' { c - b'0' } else { c - b'a' + 10 };
            key << 4 | u64::from(digit)
        });
        meta
    }

    fn described(id: &ObjectId) -> Self {
        let path = id.path();
        match id {
            ObjectId::S3 {
                bucket,
                key,
                version,
                region,
            } => s3_object(bucket, key, version, region.as_deref(), &path),
            ObjectId::File {
                path: file,
                size,
                mtime_nanos,
            } => {
                let facts = key_facts(file);
                ObjectMeta {
                    id_hex: hash_hex(&[
                        file.as_bytes(),
                        &size.to_le_bytes(),
                        &mtime_nanos.to_le_bytes(),
                    ]),
                    key_base: 0,
                    path_json: json_string(&path),
                    cloud: cloud_json(facts.region, facts.account),
                    s3: None,
                    cloudwatch: None,
                    offsets: true,
                }
            }
            ObjectId::Stream { name, nonce } => ObjectMeta {
                id_hex: hash_hex(&[name.as_bytes(), &nonce.to_le_bytes()]),
                key_base: 0,
                path_json: json_string(&path),
                cloud: cloud_json(None, None),
                s3: None,
                cloudwatch: None,
                offsets: true,
            },
            ObjectId::LogStream {
                owner,
                group,
                stream,
                region,
            } => log_stream(owner, group, stream, region.as_deref(), &path),
        }
    }

    /// The line's event.id as a number, for sampling: the same line gets the same key on
    /// every run, whatever order its object is read in.
    #[inline]
    pub fn line_key(&self, offset: u64) -> u64 {
        self.key_base ^ offset.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// `event.id` of the line at `offset`, unquoted.
    pub(super) fn write_event_id(&self, buf: &mut Vec<u8>, offset: u64) {
        buf.extend_from_slice(&self.id_hex);
        buf.push(b'-');
        // zero-padded to 12 digits, so ids sort by offset within an object
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(offset).as_bytes();
        if digits.len() < 12 {
            json::put(buf, &b"000000000000"[digits.len()..]);
        }
        json::put(buf, digits);
    }
}

/// An S3 object: `aws.s3`, the account and region from the event or the key layout.
fn s3_object(
    bucket: &str,
    key: &str,
    version: &str,
    region: Option<&str>,
    path: &str,
) -> ObjectMeta {
    let facts = key_facts(key);
    let mut s3 = Vec::new();
    s3.extend_from_slice(b"{\"bucket\":{\"name\":");
    json::string(&mut s3, bucket.as_bytes());
    s3.extend_from_slice(b"},\"object\":{\"key\":");
    json::string(&mut s3, key.as_bytes());
    s3.extend_from_slice(b"}}");
    ObjectMeta {
        id_hex: hash_hex(&[bucket.as_bytes(), key.as_bytes(), version.as_bytes()]),
        key_base: 0,
        path_json: json_string(path),
        cloud: cloud_json(region.or(facts.region), facts.account),
        s3: Some(s3),
        cloudwatch: None,
        offsets: true,
    }
}

/// A CloudWatch Logs stream: `aws.cloudwatch`, the owner as the account, no offsets.
fn log_stream(
    owner: &str,
    group: &str,
    stream: &str,
    region: Option<&str>,
    path: &str,
) -> ObjectMeta {
    let mut cw = Vec::new();
    cw.extend_from_slice(b"{\"log_group\":");
    json::string(&mut cw, group.as_bytes());
    cw.extend_from_slice(b",\"log_stream\":");
    json::string(&mut cw, stream.as_bytes());
    cw.push(b'}');
    let owner = Some(owner).filter(|o| !o.is_empty());
    let who = owner.unwrap_or("");
    ObjectMeta {
        id_hex: hash_hex(&[who.as_bytes(), group.as_bytes(), stream.as_bytes()]),
        key_base: 0,
        path_json: json_string(path),
        cloud: cloud_json(region, owner),
        s3: None,
        cloudwatch: Some(cw),
        offsets: false,
    }
}

fn json_string(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 2);
    json::string(&mut v, s.as_bytes());
    v
}

/// Each part is length-prefixed, so (`ab`, `c`) and (`a`, `bc`) hash differently.
fn hash_hex(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let v = h.digest128();
    let mut out = [0u8; 32];
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in v.to_be_bytes().iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
    out
}

fn cloud_json(region: Option<&str>, account: Option<&str>) -> Vec<u8> {
    let mut v = b"{\"provider\":\"aws\"".to_vec();
    if let Some(r) = region {
        v.extend_from_slice(b",\"region\":");
        json::string(&mut v, r.as_bytes());
    }
    if let Some(a) = account {
        v.extend_from_slice(b",\"account\":{\"id\":");
        json::string(&mut v, a.as_bytes());
        v.push(b'}');
    }
    v.push(b'}');
    v
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;

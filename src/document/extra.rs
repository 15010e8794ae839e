//! Configured extra fields. Those under a key of their own are pre-serialised once and copied
//! into every document; those that share a top-level key with the document (`event`, `aws`, …)
//! can only be merged by parsing the document back — the slow path, taken only when configured.

use serde_json::{Map, Value};

use crate::json;

/// Top-level keys the encoder itself writes; extra fields under these are deep-merged.
const OWN_KEYS: &[&str] = &[
    "@timestamp",
    "event",
    "cloud",
    "aws",
    "log",
    "source",
    "destination",
    "client",
    "http",
    "url",
    "user_agent",
    "tls",
    "trace",
    "tags",
    "message",
    "error",
];

#[derive(Debug, Default)]
pub(super) struct Extra {
    /// `,"labels":{…}` — fields that do not collide with ours, ready to append.
    pub plain: Vec<u8>,
    /// Fields that must be merged into objects we write.
    pub merge: Map<String, Value>,
}

impl Extra {
    pub fn new(fields: &Map<String, Value>) -> Self {
        let mut extra = Extra::default();
        for (k, v) in fields {
            if OWN_KEYS.contains(&k.as_str()) {
                extra.merge.insert(k.clone(), v.clone());
            } else {
                extra.plain.push(b',');
                json::string(&mut extra.plain, k.as_bytes());
                extra.plain.push(b':');
                extra.plain.extend_from_slice(v.to_string().as_bytes());
            }
        }
        extra
    }

    /// Re-writes the document that starts at `start` with the merge fields deep-merged in.
    pub fn merge_into(&self, out: &mut Vec<u8>, start: usize) {
        let Ok(mut doc) = serde_json::from_slice::<Value>(&out[start..]) else {
            return;
        };
        if let Some(map) = doc.as_object_mut() {
            for (k, v) in &self.merge {
                deep_merge(map.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        out.truncate(start);
        if serde_json::to_writer(&mut *out, &doc).is_ok() {
            out.push(b'\n');
        }
    }
}

/// Objects merge member by member, arrays concatenate, anything else is replaced.
fn deep_merge(into: &mut Value, extra: &Value) {
    match (into, extra) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                deep_merge(a.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b.iter().cloned()),
        (into, extra) => *into = extra.clone(),
    }
}

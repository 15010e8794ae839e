//! One vended record's fields by normalised name: from a JSON object (values may be strings,
//! numbers or `null`) or from a tab-separated line (names from the configured field list or
//! AWS's default order). `-`, `""`, `null` and a missing name all mean absent.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::error::VendedError;
use super::kinds::{KINDS, Kind, normalise};

/// A normalised field name, kept inline (the longest field name is 28 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    bytes: [u8; 48],
    len: u8,
}

impl Key {
    pub fn new(name: &[u8]) -> Option<Key> {
        let mut bytes = [0u8; 48];
        let len = normalise(name, &mut bytes)?.len() as u8;
        Some(Key { bytes, len })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// A record's fields in the order they came, with the names as written (for unknown ones).
#[derive(Debug, Default)]
pub struct Record<'a> {
    pub fields: Vec<(Key, Cow<'a, str>, Option<Cow<'a, str>>)>,
}

impl<'a> Record<'a> {
    /// The value of the first field answering to one of `names`: `None` when absent, and
    /// whether any of them was named at all.
    pub fn get(&self, names: &[&str]) -> (Option<&str>, bool) {
        let mut named = false;
        for (key, _, value) in &self.fields {
            if names.iter().any(|n| n.as_bytes() == key.as_bytes()) {
                named = true;
                if let Some(v) = value {
                    return (Some(v), true);
                }
            }
        }
        (None, named)
    }

    /// The kind whose fields the record names most (ties in `KINDS` order), if it names any.
    pub fn kind(&self) -> Option<Kind> {
        let score = |k: Kind| {
            self.fields
                .iter()
                .filter(|(key, ..)| k.knows(key.as_bytes()))
                .count()
        };
        let (best, n) = KINDS
            .iter()
            .map(|&k| (k, score(k)))
            .fold((Kind::AlbAccess, 0), |a, b| if b.1 > a.1 { b } else { a });
        (n > 0).then_some(best)
    }

    /// A JSON object, one member per field.
    pub fn from_json(text: &'a str) -> Result<Record<'a>, VendedError> {
        let members: BTreeMap<Cow<'a, str>, &'a RawValue> =
            serde_json::from_str(text).map_err(|e| VendedError::Json(e.to_string()))?;
        let mut fields = Vec::with_capacity(members.len());
        for (name, raw) in members {
            let key =
                Key::new(name.as_bytes()).ok_or_else(|| VendedError::Name(name.to_string()))?;
            fields.push((key, name, json_value(raw)?));
        }
        Ok(Record { fields })
    }

    /// A tab-separated line whose fields are named by `names` (normalised keys).
    pub fn from_tsv(text: &'a str, names: &[Key]) -> Record<'a> {
        let fields = text
            .split('\t')
            .zip(names)
            .map(|(v, k)| (*k, Cow::Borrowed(""), present(Cow::Borrowed(v))))
            .collect();
        Record { fields }
    }
}

/// A JSON value as the text a legacy line would hold: a string's text, a number as written
/// (`0.000` stays `0.000`), `null` absent; `true`, objects and arrays as their JSON text, for
/// the field's own check to judge.
fn json_value(raw: &RawValue) -> Result<Option<Cow<'_, str>>, VendedError> {
    let text = raw.get();
    if text.starts_with('"') {
        let s: Cow<'_, str> =
            serde_json::from_str(text).map_err(|e| VendedError::Json(e.to_string()))?;
        return Ok(present(s));
    }
    Ok(if text == "null" {
        None
    } else {
        Some(Cow::Borrowed(text))
    })
}

fn present(v: Cow<'_, str>) -> Option<Cow<'_, str>> {
    (!v.is_empty() && v != "-").then_some(v)
}

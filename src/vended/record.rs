//! One vended record's fields by normalised name: from a JSON object (values may be strings,
//! numbers or `null`) or from a tab-separated line (names from the configured field list or
//! AWS's default order). `-`, `""`, `null` and a missing name all mean absent.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::error::VendedError;
use super::index::{Id, index};
use super::kinds::{KINDS, Key, Kind};

/// One field of a record: its name's id when a kind knows it, the name as written (for an
/// unknown one; empty for a tab-separated field, whose key is its name), and its value.
#[derive(Debug)]
pub struct Field<'a> {
    pub id: Option<Id>,
    pub key: Key,
    pub name: Cow<'a, str>,
    pub value: Option<Cow<'a, str>>,
}

/// A record's fields in the order they came.
#[derive(Debug, Default)]
pub struct Record<'a> {
    pub fields: Vec<Field<'a>>,
}

impl<'a> Record<'a> {
    /// The kind whose fields the record names most (ties in `KINDS` order), if it names any.
    pub fn kind(&self) -> Option<Kind> {
        let index = index();
        let score = |k: Kind| {
            let mask = index.mask(k);
            self.fields
                .iter()
                .filter(|f| f.id.is_some_and(|id| mask >> id & 1 == 1))
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
        let index = index();
        let mut fields = Vec::with_capacity(members.len());
        for (name, raw) in members {
            let key =
                Key::new(name.as_bytes()).ok_or_else(|| VendedError::Name(name.to_string()))?;
            let id = index.id(key.as_bytes());
            let value = json_value(raw)?;
            fields.push(Field {
                id,
                key,
                name,
                value,
            });
        }
        Ok(Record { fields })
    }

    /// A tab-separated line whose fields are named by `names` (their ids and keys).
    pub fn from_tsv(text: &'a str, names: &[(Option<Id>, Key)]) -> Record<'a> {
        let fields = text
            .split('\t')
            .zip(names)
            .map(|(v, &(id, key))| Field {
                id,
                key,
                name: Cow::Borrowed(""),
                value: present(Cow::Borrowed(v)),
            })
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

//! One vended record's fields by normalised name: from a JSON object (values may be strings,
//! numbers or `null`) or from a tab-separated line (names from the configured field list or
//! AWS's default order). `-`, `""`, `null` and a missing name all mean absent.

use std::borrow::Cow;

use super::error::VendedError;
use super::index::{Id, index, kind_of};
use super::kinds::{Key, Kind};
use super::members::{self, Members};

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
        kind_of(self.fields.iter().map(|f| f.id))
    }

    /// A JSON object, one member per field.
    pub fn from_json(text: &'a str) -> Result<Record<'a>, VendedError> {
        let Members(members) =
            serde_json::from_str(text).map_err(|e| VendedError::Json(e.to_string()))?;
        let index = index();
        let mut fields = Vec::with_capacity(members.len());
        for (name, raw) in members {
            let key =
                Key::new(name.as_bytes()).ok_or_else(|| VendedError::Name(name.to_string()))?;
            let id = index.id(key.as_bytes());
            let value = members::text(raw)
                .map_err(|e| VendedError::Json(e.to_string()))?
                .and_then(present);
            fields.push(Field {
                id,
                key,
                name,
                value,
            });
        }
        Ok(Record { fields })
    }
}

fn present(v: Cow<'_, str>) -> Option<Cow<'_, str>> {
    (!v.is_empty() && v != "-").then_some(v)
}

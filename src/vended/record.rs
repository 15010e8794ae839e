//! One vended record's fields by normalised name: from a JSON object (values may be strings,
//! numbers or `null`) or from a tab-separated line (names from the configured field list or
//! AWS's default order). `-`, `""`, `null` and a missing name all mean absent.

use std::borrow::Cow;

use super::error::VendedError;
use super::flat_json;
use super::index::{Id, index, kind_of};
use super::kinds::{Key, Kind};
use super::members::{self, Members};

/// One field of a record: its name's id when a kind knows it, the name as written, and its
/// value.
#[derive(Debug)]
pub struct Field<'a> {
    pub id: Option<Id>,
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

    /// A JSON object, one member per field; `names` remembers the ids of the last object's
    /// member names, which the next object of a delivery almost always repeats in order.
    pub fn from_json(text: &'a str, names: &mut JsonNames) -> Result<Record<'a>, VendedError> {
        let mut fields = Vec::with_capacity(40);
        let mut failed = None;
        let flat = flat_json::members(text, |name, value| match names.id(fields.len(), name) {
            Ok(id) => fields.push(Field {
                id,
                name: Cow::Borrowed(name),
                value: value.map(Cow::Borrowed).and_then(present),
            }),
            Err(e) => failed = failed.take().or(Some(e)),
        });
        match (flat, failed) {
            (true, Some(e)) => Err(e),
            (true, None) => Ok(Record { fields }),
            (false, _) => Record::from_serde(text, names),
        }
    }

    /// Any JSON object, through `serde_json` (escapes, exponents, and the words of an error).
    fn from_serde(text: &'a str, names: &mut JsonNames) -> Result<Record<'a>, VendedError> {
        let Members(members) =
            serde_json::from_str(text).map_err(|e| VendedError::Json(e.to_string()))?;
        let mut fields = Vec::with_capacity(members.len());
        for (at, (name, raw)) in members.into_iter().enumerate() {
            let id = names.id(at, &name)?;
            let value = members::text(raw)
                .map_err(|e| VendedError::Json(e.to_string()))?
                .and_then(present);
            fields.push(Field { id, name, value });
        }
        Ok(Record { fields })
    }
}

/// The ids of the member names of the last JSON object read, by position: a name matched
/// against the last object's name at its position costs one comparison instead of a
/// normalisation and a search (which were most of a record's cost).
#[derive(Debug, Default)]
pub struct JsonNames(Vec<(String, Option<Id>)>);

impl JsonNames {
    fn id(&mut self, at: usize, name: &str) -> Result<Option<Id>, VendedError> {
        if let Some((seen, id)) = self.0.get(at)
            && seen == name
        {
            return Ok(*id);
        }
        let key = Key::new(name.as_bytes()).ok_or_else(|| VendedError::Name(name.to_string()))?;
        let id = index().id(key.as_bytes());
        let len = self.0.len();
        match self.0.get_mut(at) {
            Some(slot) => *slot = (name.to_string(), id),
            None if at == len => self.0.push((name.to_string(), id)),
            None => {}
        }
        Ok(id)
    }
}

fn present(v: Cow<'_, str>) -> Option<Cow<'_, str>> {
    (!v.is_empty() && v != "-").then_some(v)
}

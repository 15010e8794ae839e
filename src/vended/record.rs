//! One vended record's fields by normalised name: from a JSON object (values may be strings,
//! numbers or `null`) or from a tab-separated line (names from the configured field list or
//! AWS's default order). `-`, `""`, `null` and a missing name all mean absent.

use std::borrow::Cow;

use super::error::VendedError;
use super::flat_json;
use super::index::{Id, index, kind_of};
use super::kinds::{Key, Kind};
use super::members::{self, Members};
use super::plan::Plan;

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
            (true, None) => {
                names.end(fields.len());
                Ok(Record { fields })
            }
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
        names.end(fields.len());
        Ok(Record { fields })
    }
}

/// The ids of the member names of the last JSON object read, by position: a name matched
/// against the last object's name at its position costs one comparison instead of a
/// normalisation and a search (which were most of a record's cost). While the names repeat,
/// so does the plan that writes their records by position.
#[derive(Debug, Default)]
pub struct JsonNames {
    names: Vec<String>,
    ids: Vec<Option<Id>>,
    /// What these names give, worked out at the first record that can use it.
    known: Option<Known>,
}

/// The plan of a delivery's names, and the names as `flat_json::values_of` compares them
/// (`None` when one holds what needs an escape).
#[derive(Debug)]
struct Known {
    plan: Option<Plan>,
    keys: Option<Vec<Box<[u8]>>>,
}

impl JsonNames {
    fn id(&mut self, at: usize, name: &str) -> Result<Option<Id>, VendedError> {
        if self.names.get(at).is_some_and(|seen| seen == name) {
            return Ok(self.ids[at]);
        }
        self.known = None;
        let key = Key::new(name.as_bytes()).ok_or_else(|| VendedError::Name(name.to_string()))?;
        let id = index().id(key.as_bytes());
        if at < self.names.len() {
            (self.names[at], self.ids[at]) = (name.to_string(), id);
        } else if at == self.names.len() {
            self.names.push(name.to_string());
            self.ids.push(id);
        }
        Ok(id)
    }

    /// The object read had `count` members: names beyond them are forgotten.
    fn end(&mut self, count: usize) {
        if count != self.names.len() {
            self.names.truncate(count);
            self.ids.truncate(count);
            self.known = None;
        }
    }

    /// The plan of the last object's names, when they have one.
    pub fn plan(&mut self) -> Option<&Plan> {
        let (ids, names) = (&self.ids, &self.names);
        let known = self.known.get_or_insert_with(|| Known {
            plan: kind_of(ids.iter().copied()).and_then(|k| Plan::of(k, ids)),
            keys: names.iter().map(|n| flat_json::key(n)).collect(),
        });
        known.plan.as_ref()
    }

    /// A flat object naming the last object's names in the same order, written by their plan
    /// straight into its legacy line, without naming its fields again: the shape of almost
    /// every record of a delivery. Read as bytes, as a tab-separated record of its names' shape
    /// is: its values become the legacy line's as they stand. `None` for any other object, which `Record::from_json`
    /// reads (and whose names it remembers).
    pub fn read_known(&self, record: &[u8], out: &mut Vec<u8>) -> Option<Kind> {
        let known = self.known.as_ref()?;
        let (plan, keys) = (known.plan.as_ref()?, known.keys.as_ref()?);
        out.clear();
        // an unescaped value may hold a `"`, which the legacy line escapes
        let written = flat_json::values_of(record, keys, |at, v, unescaped| {
            plan.token_bytes(at, v, unescaped, out)
        });
        (written && keys.len() == plan.positions()).then_some(plan.kind())
    }
}

fn present(v: Cow<'_, str>) -> Option<Cow<'_, str>> {
    (!v.is_empty() && v != "-").then_some(v)
}

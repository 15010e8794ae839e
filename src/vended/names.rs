//! A delimited record's field names, worked out once for every record they name: a W3C
//! object's `#Fields:` line, the `VENDED_FIELDS` setting, or AWS's default list of a kind. Each
//! position's field id and the kind are known before the first record, so a record is read by
//! position straight into the rebuilt line, without naming its fields again.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::error::VendedError;
use super::index::{Id, index, kind_of};
use super::kinds::{KINDS, Key, Kind, delivered};
use super::plan::Plan;
use super::rebuild::{Values, write_line};

/// The names of a delimited record's positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    ids: Vec<Option<Id>>,
    labels: Vec<String>,
    /// The kind the names name most; `None` when they name no field of any kind.
    kind: Option<Kind>,
    /// When the names are the kind's own fields in its order: its records' lines by position.
    plan: Option<Plan>,
}

impl Names {
    /// Names in any spelling AWS or the legacy logs use; an error names one too long to be any.
    pub fn parse<'a>(names: impl Iterator<Item = &'a str>) -> Result<Names, VendedError> {
        let (mut ids, mut labels) = (Vec::new(), Vec::new());
        for n in names {
            let key = Key::new(n.as_bytes()).ok_or_else(|| VendedError::Name(n.to_string()))?;
            ids.push(index().id(key.as_bytes()));
            labels.push(n.to_string());
        }
        Ok(Names::of(ids, labels))
    }

    fn of(ids: Vec<Option<Id>>, labels: Vec<String>) -> Names {
        let kind = kind_of(ids.iter().copied());
        let plan = kind.and_then(|k| Plan::of(k, &ids));
        Names {
            ids,
            labels,
            kind,
            plan,
        }
    }

    /// AWS's default field list of `kind`, built once per process.
    pub fn defaults(kind: Kind) -> &'static Names {
        static DEFAULTS: OnceLock<[Names; 4]> = OnceLock::new();
        let all = DEFAULTS.get_or_init(|| {
            KINDS.map(|k| {
                let names: Vec<&str> = k.sources().iter().map(delivered).collect();
                let ids: Vec<_> = names.iter().map(|n| index().id(n.as_bytes())).collect();
                Names {
                    plan: Plan::of(k, &ids),
                    ids,
                    labels: names.iter().map(|n| n.to_string()).collect(),
                    kind: Some(k),
                }
            })
        });
        &all[kind as usize]
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// A record of plain values separated by `delim` (no quoting), written by position when it
    /// has these names' shape; `None` when it has not, for `read`. `quotes`: whether the
    /// record holds a `"` (which a quoted field's value then escapes).
    pub fn read_plain(
        &self,
        record: &[u8],
        delim: u8,
        quotes: bool,
        out: &mut Vec<u8>,
    ) -> Option<Kind> {
        let plan = self.plan.as_ref()?;
        out.clear();
        out.reserve(record.len() + 2 * plan.positions() + 8);
        let (mut start, mut count) = (0, 0);
        let ends = crate::scan::positions(record, delim, delim).chain([record.len()]);
        for end in ends {
            let value = Some(&record[start..end]);
            if count >= plan.positions() || !plan.token_bytes(count, value, quotes, out) {
                return None;
            }
            (start, count) = (end + 1, count + 1);
        }
        (count == plan.positions()).then_some(plan.kind())
    }

    /// The record whose values are `values` (one per name; fewer or more are allowed: missing
    /// ones are absent, extra ones dropped) as its legacy line in `out`.
    pub fn read(&self, values: &[Cow<'_, str>], out: &mut Vec<u8>) -> Result<Kind, VendedError> {
        let by_position = values.iter().map(|v| Some(v.as_ref()));
        if let Some(kind) = self.plan.as_ref().and_then(|p| p.write(by_position, out)) {
            return Ok(kind);
        }
        let kind = self
            .kind
            .ok_or_else(|| VendedError::NoKnownField(self.labels.join(", ")))?;
        let mask = index().mask(kind);
        let mut known = Values::new();
        let mut unknown = Vec::new();
        for ((id, label), v) in self.ids.iter().zip(&self.labels).zip(values) {
            let v = present(v);
            match id {
                Some(id) if mask >> id & 1 == 1 => known.name(*id, v),
                _ => unknown.push((label.as_str(), v)),
            }
        }
        write_line(kind, &known, &unknown, out);
        Ok(kind)
    }
}

fn present(v: &str) -> Option<&str> {
    (!v.is_empty() && v != "-").then_some(v)
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;

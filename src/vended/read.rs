//! One line that may be a vended record: JSON, tab- or comma-separated, read by field name into
//! the legacy line of its kind.

use super::error::VendedError;
use super::kinds::{KINDS, Kind};
use super::names::Names;
use super::rebuild::legacy_line;
use super::record::{JsonNames, Record};
use super::split::split;
use super::w3c::trim_end;
use std::borrow::Cow;

/// The field list of delimited records (`VENDED_FIELDS`): the names of a delivery that chose
/// its own fields or order. Empty: AWS's default list of the kind, chosen by the count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldList(Names);

impl FieldList {
    /// Names separated by commas or spaces, in any spelling AWS or the legacy logs use.
    pub fn parse(text: &str) -> Result<FieldList, String> {
        let names = text.split([',', ' ']).filter(|n| !n.is_empty());
        Names::parse(names)
            .map(FieldList)
            .map_err(|e| e.to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether a line the legacy parser refused is worth reading as a vended record: a JSON
/// object, or a tab or comma before the first space (legacy fields are space-separated and
/// their first field holds no comma).
pub fn looks_vended(line: &[u8]) -> bool {
    match line.iter().position(|&c| matches!(c, b' ' | b'\t' | b',')) {
        _ if line.trim_ascii_start().first() == Some(&b'{') => true,
        Some(i) => line[i] != b' ',
        None => false,
    }
}

/// Reads `line` as a vended record and writes its legacy line into `out`.
pub fn read(line: &[u8], fields: &FieldList, out: &mut Vec<u8>) -> Result<Kind, VendedError> {
    Reader::default().read(line, fields, out)
}

/// Reads the vended records of one source in turn, remembering what repeats from one record to
/// the next: the JSON member names, and the kind of the last tab-separated record in AWS's
/// default order (tried first, before its fields are counted).
#[derive(Debug, Default)]
pub struct Reader {
    json_names: JsonNames,
    tsv_kind: Option<Kind>,
}

impl Reader {
    /// Reads `line` as a vended record and writes its legacy line into `out`.
    pub fn read(
        &mut self,
        line: &[u8],
        fields: &FieldList,
        out: &mut Vec<u8>,
    ) -> Result<Kind, VendedError> {
        let line = trim_end(line);
        if line.trim_ascii_start().first() == Some(&b'{') {
            if let Some(kind) = self.json_names.read_known(line, out) {
                return Ok(kind);
            }
            let text = std::str::from_utf8(line).map_err(|_| VendedError::Utf8)?;
            return read_json(text, &mut self.json_names, out);
        }
        let tab = crate::scan::find(line, b'\t').is_some();
        if tab && let Some(kind) = self.read_tabs(line, fields, out) {
            return Ok(kind);
        }
        let text = std::str::from_utf8(line).map_err(|_| VendedError::Utf8)?;
        let kind = read_delimited(text, tab, fields, out)?;
        if fields.is_empty() && tab {
            self.tsv_kind = Some(kind);
        }
        Ok(kind)
    }

    /// A tab-separated record of its names' shape, read by position as bytes (as a legacy line
    /// is): named by `fields`, or else by AWS's default list of the last such record's kind,
    /// or of the kind with as many fields. `None` for any other record.
    fn read_tabs(&mut self, line: &[u8], fields: &FieldList, out: &mut Vec<u8>) -> Option<Kind> {
        let quotes = crate::scan::find(line, b'"').is_some();
        if !fields.is_empty() {
            return fields.0.read_plain(line, b'\t', quotes, out);
        }
        let guess = self.tsv_kind.unwrap_or(Kind::AlbAccess);
        if let Some(kind) = Names::defaults(guess).read_plain(line, b'\t', quotes, out) {
            return Some(kind);
        }
        let n = crate::scan::positions(line, b'\t', b'\t').count() + 1;
        let kind = *KINDS.iter().find(|k| k.sources().len() == n)?;
        let read = Names::defaults(kind).read_plain(line, b'\t', quotes, out);
        self.tsv_kind = read.or(self.tsv_kind);
        read
    }
}

/// A JSON record of any shape (the first of a delivery, or one unlike the last).
fn read_json(
    text: &str,
    json_names: &mut JsonNames,
    out: &mut Vec<u8>,
) -> Result<Kind, VendedError> {
    let rec = Record::from_json(text, json_names)?;
    let by_position = rec.fields.iter().map(|f| f.value.as_deref());
    if let Some(kind) = json_names.plan().and_then(|p| p.write(by_position, out)) {
        return Ok(kind);
    }
    let kind = rec.kind().ok_or_else(|| {
        let names: Vec<&str> = rec.fields.iter().map(|f| f.name.as_ref()).collect();
        VendedError::NoKnownField(names.join(", "))
    })?;
    legacy_line(kind, &rec, out);
    Ok(kind)
}

/// A tab- or comma-separated record (`tab`: whether it holds a tab) of any shape, named by
/// `fields` or by AWS's default list of the kind with as many fields.
fn read_delimited(
    text: &str,
    tab: bool,
    fields: &FieldList,
    out: &mut Vec<u8>,
) -> Result<Kind, VendedError> {
    // tab-separated values are as they are; comma-separated ones may be quoted
    let values: Vec<Cow<'_, str>> = match tab {
        true => text.split('\t').map(Cow::Borrowed).collect(),
        false => split(text, b','),
    };
    let n = values.len();
    let names = match (&fields.0, KINDS.iter().find(|k| k.sources().len() == n)) {
        (custom, _) if !custom.is_empty() => custom,
        (_, Some(&kind)) => Names::defaults(kind),
        (_, None) => return Err(VendedError::FieldCount(n)),
    };
    names.read(&values, out)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;

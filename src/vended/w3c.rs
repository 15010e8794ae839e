//! W3C extended log format objects (AWS's `w3c` output to S3): `#` directive lines, of which
//! `#Fields:` names the fields of the records after it (until the next `#Fields:`), and records
//! of values separated by the delivery's delimiter (space, tab or comma); `-` is absent.

use std::borrow::Cow;

use super::error::VendedError;
use super::kinds::Kind;
use super::names::Names;
use super::split::split;

/// The field names a `#Fields:` line declared, and the delimiter its names were separated by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct W3cFields {
    names: Names,
    delim: u8,
}

/// A `#` line of a W3C object.
#[derive(Debug, PartialEq, Eq)]
pub enum Directive {
    /// `#Fields:` — the names for the records that follow.
    Fields(W3cFields),
    /// `#Version:`, `#Software:`, `#Date:`, `#Remark:` and the like: nothing to read.
    Other,
}

const DIRECTIVES: [&str; 6] = [
    "version",
    "software",
    "date",
    "remark",
    "start-date",
    "end-date",
];

/// The directive `line` is, when it is one (a `#` line of another kind is not).
pub fn directive(line: &[u8]) -> Option<Result<Directive, VendedError>> {
    let text = std::str::from_utf8(line.strip_prefix(b"#")?).ok()?;
    let (name, rest) = text.split_once(':')?;
    let name = name.trim().to_ascii_lowercase();
    if name == "fields" {
        return Some(fields(rest.trim_matches([' ', '\r', '\n'])).map(Directive::Fields));
    }
    DIRECTIVES
        .contains(&name.as_str())
        .then_some(Ok(Directive::Other))
}

fn fields(rest: &str) -> Result<W3cFields, VendedError> {
    let delim = [b'\t', b',']
        .into_iter()
        .find(|d| rest.as_bytes().contains(d))
        .unwrap_or(b' ');
    let names = rest
        .split(char::from(delim))
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let names = Names::parse(names)?;
    match names.is_empty() {
        true => Err(VendedError::NoKnownField("#Fields: names none".into())),
        false => Ok(W3cFields { names, delim }),
    }
}

/// A record of a W3C object, named by `fields`, as its legacy line in `out`.
pub fn read_w3c(line: &[u8], fields: &W3cFields, out: &mut Vec<u8>) -> Result<Kind, VendedError> {
    let line = trim_end(line);
    // most records quote nothing: read by position as they are split (as bytes, as a legacy
    // line is read)
    let plain = crate::scan::find(line, b'"').is_none();
    if let Some(kind) = plain
        .then(|| fields.names.read_plain(line, fields.delim, false, out))
        .flatten()
    {
        return Ok(kind);
    }
    let text = std::str::from_utf8(line).map_err(|_| VendedError::Utf8)?;
    fields.names.read(&values(text, fields), out)
}

/// A line without its line terminator.
pub fn trim_end(line: &[u8]) -> &[u8] {
    let keep = line.iter().rposition(|&c| c != b'\r' && c != b'\n');
    &line[..keep.map_or(0, |k| k + 1)]
}

/// The record's values by the declared delimiter; when that does not give one value per name
/// (the `#Fields:` line may separate names by spaces while records use another delimiter),
/// the first other delimiter that does, else the one that splits the record most.
fn values<'a>(text: &'a str, fields: &W3cFields) -> Vec<Cow<'a, str>> {
    let declared = split(text, fields.delim);
    if declared.len() == fields.names.len() {
        return declared;
    }
    let others = [b'\t', b',', b' ']
        .into_iter()
        .filter(|&d| d != fields.delim);
    let mut best = declared;
    for v in others.map(|d| split(text, d)) {
        if v.len() == fields.names.len() {
            return v;
        }
        if v.len() > best.len() {
            best = v;
        }
    }
    best
}

#[cfg(test)]
#[path = "w3c_tests.rs"]
mod tests;

//! Fields that hold several values (comma or space lists, `NotBefore=…;NotAfter=…`, the tokens
//! AWS appended after the last known field), split lazily: the parser keeps the borrowed text,
//! these iterators split it where the encoder (or a filter) walks it, without allocating.

use super::fields::Fields;
use super::timestamp;
use super::values::{self, Invalid, Read};

/// `actions_executed`: `forward,redirect` → `forward`, `redirect`.
pub fn actions(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    list.split(|&c| c == b',').filter(|a| !a.is_empty())
}

/// `target:port_list`: space-separated `IP:port` (or ARN) entries; `-` entries are skipped.
pub fn targets(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    list.split(|&c| c == b' ')
        .filter(|a| !a.is_empty() && *a != b"-")
}

/// `target_status_code_list`: space-separated status codes (the parser has checked that every
/// entry is one, or `-`, which is skipped here).
pub fn status_codes(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    list.split(|&c| c == b' ')
        .filter_map(|code| values::uint(code).ok().flatten())
}

/// NLB `alpn_client_preference_list`: `"h2","http/1.1"` (AWS writes the inner quotes, sometimes
/// backslash-escaped) → `h2`, `http/1.1`.
pub fn alpn_protocols(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    list.split(|&c| c == b',')
        .map(trim_quotes)
        .filter(|p| !p.is_empty() && *p != b"-")
}

fn trim_quotes(p: &[u8]) -> &[u8] {
    let p = p.strip_prefix(b"\\").unwrap_or(p);
    let p = p.strip_prefix(b"\"").unwrap_or(p);
    let p = p.strip_suffix(b"\"").unwrap_or(p);
    p.strip_suffix(b"\\").unwrap_or(p)
}

/// The two dates of a connection log's `leaf_client_cert_validity`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity<'a> {
    pub not_before: Option<timestamp::Timestamp<'a>>,
    pub not_after: Option<timestamp::Timestamp<'a>>,
}

/// `NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-09-21T22:43:21Z` (`-`: absent). Each part
/// must be `NotBefore=` or `NotAfter=` with a real date (or `-` after the `=`): a date that is
/// not one fails the line instead of vanishing from the document; a token with neither part
/// is not this field.
pub fn validity(v: &[u8]) -> Read<Validity<'_>> {
    if v == b"-" {
        return Ok(None);
    }
    if !v.starts_with(b"NotBefore=") && !v.starts_with(b"NotAfter=") {
        return Err(Invalid);
    }
    let mut out = Validity::default();
    for part in v.split(|&b| b == b';').filter(|p| !p.is_empty()) {
        let (slot, date) = if let Some(d) = part.strip_prefix(b"NotBefore=") {
            (&mut out.not_before, d)
        } else if let Some(d) = part.strip_prefix(b"NotAfter=") {
            (&mut out.not_after, d)
        } else {
            return Err(Invalid);
        };
        if date != b"-" {
            *slot = Some(timestamp::timestamp(date).ok_or(Invalid)?);
        }
    }
    Ok(Some(out))
}

/// A connection log's `tls_verify_status`: `Success`, or `Failed:CODE` split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyStatus<'a> {
    Success,
    /// `Failed:CODE`; `Failed:` (or `Failed`) alone has no code.
    Failed {
        code: Option<&'a [u8]>,
    },
}

/// `Err(Invalid)` for anything but `Success`, `Failed…` and `-` (absent): AWS documents no other value,
/// and another field in this place means the line lost one before it.
pub fn verify_status(v: &[u8]) -> Read<VerifyStatus<'_>> {
    match v {
        b"-" => Ok(None),
        b"Success" => Ok(Some(VerifyStatus::Success)),
        b"Failed" => Ok(Some(VerifyStatus::Failed { code: None })),
        _ => v
            .strip_prefix(b"Failed:")
            .map(|code| {
                Some(VerifyStatus::Failed {
                    code: Some(code).filter(|c| !c.is_empty()),
                })
            })
            .ok_or(Invalid),
    }
}

/// One token of the unknown tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown<'a> {
    /// A token, or a quoted field's inner text (still JSON-escaped as AWS escapes it).
    Field(&'a [u8]),
    /// An unterminated quote: the rest of the line, verbatim, as one token.
    Rest(&'a [u8]),
}

/// Splits what follows the last known field into tokens, quoted fields kept whole.
pub fn unknown_fields(rest: &[u8]) -> impl Iterator<Item = Unknown<'_>> {
    let mut f = Fields::new(rest);
    let mut done = false;
    std::iter::from_fn(move || {
        if done || f.at_end() {
            return None;
        }
        match f.quoted_or_token("unknown") {
            Ok(tok) => Some(Unknown::Field(tok)),
            Err(_) => {
                done = true;
                Some(Unknown::Rest(f.remainder()))
            }
        }
    })
}

#[cfg(test)]
#[path = "lists_tests.rs"]
mod tests;

//! Shared nom pieces for every format: space-separated tokens, quoted strings with `\"`
//! escapes, `host:port` (IPv6 split at the last colon), `-`/`-1` placeholders and timestamps.
//!
//! Everything borrows from the line; nothing here allocates. Validation happens once, here,
//! so the encoder can write the validated text straight into JSON.

use nom::{
    IResult, Parser,
    character::complete::char,
    error::{Error, ErrorKind},
    sequence::delimited,
};

use super::ParseError;
use super::scan;

pub use super::timestamp::{Timestamp, timestamp, tls_version};
pub use super::values::*;

/// One token, quoted or bare, as written in the log (quotes removed, escapes kept).
type Tok<'a> = &'a [u8];

/// Field separators: usually exactly one space, so a plain loop beats a generic scan.
#[inline(always)]
fn spaces(i: &[u8]) -> IResult<&[u8], &[u8]> {
    let n = i.iter().take_while(|&&c| c == b' ').count();
    Ok((&i[n..], &i[..n]))
}

/// A bare token ends at the next space.
#[inline(always)]
fn bare(i: &[u8]) -> IResult<&[u8], &[u8]> {
    let end = scan::find(i, b' ').unwrap_or(i.len());
    if end == 0 {
        return Err(nom::Err::Error(Error::new(i, ErrorKind::TakeTill1)));
    }
    Ok((&i[end..], &i[..end]))
}

/// The body of a quoted field up to the first `"` that is not escaped by a backslash.
#[inline(always)]
fn quoted_body(i: &[u8]) -> IResult<&[u8], &[u8]> {
    let mut at = 0;
    while let Some(found) = scan::find2(&i[at..], b'"', b'\\') {
        let p = at + found;
        if i[p] == b'"' {
            return Ok((&i[p..], &i[..p]));
        }
        at = p + 2;
        if at > i.len() {
            break;
        }
    }
    Err(nom::Err::Error(Error::new(i, ErrorKind::Char)))
}

#[inline(always)]
fn quoted(i: &[u8]) -> IResult<&[u8], &[u8]> {
    delimited(char('"'), quoted_body, char('"')).parse(i)
}

/// A cursor over one line's fields. Fields may be separated by any number of spaces, or by
/// none after a closing quote (AWS has written `"-" "-"1 2018-…`).
#[derive(Clone)]
pub struct Fields<'a> {
    line: &'a [u8],
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub fn new(line: &'a [u8]) -> Self {
        Fields { line, rest: line }
    }

    /// Byte position of the next unread byte in the line.
    pub fn pos(&self) -> usize {
        self.line.len() - self.rest.len()
    }

    #[inline(always)]
    fn skip_spaces(&mut self) {
        if let Ok((rest, _)) = spaces(self.rest) {
            self.rest = rest;
        }
    }

    #[inline(always)]
    pub fn at_end(&mut self) -> bool {
        self.skip_spaces();
        self.rest.is_empty()
    }

    /// What is left of the line after the fields read so far, spaces skipped.
    #[inline(always)]
    pub fn remainder(&mut self) -> &'a [u8] {
        self.skip_spaces();
        self.rest
    }

    /// The line from byte `pos` on, leading spaces skipped (to hand back a token already read).
    pub fn line_from(&self, pos: usize) -> &'a [u8] {
        let tail = &self.line[pos.min(self.line.len())..];
        let lead = tail.iter().take_while(|&&c| c == b' ').count();
        &tail[lead..]
    }

    #[cold]
    fn missing(&self, field: &'static str) -> ParseError {
        ParseError::Missing {
            field,
            pos: self.pos(),
        }
    }

    /// A bare token: everything up to the next space.
    #[inline(always)]
    pub fn token(&mut self, field: &'static str) -> Result<Tok<'a>, ParseError> {
        self.skip_spaces();
        match bare(self.rest) {
            Ok((rest, tok)) => {
                self.rest = rest;
                Ok(tok)
            }
            Err(_) => Err(self.missing(field)),
        }
    }

    /// A `"quoted"` field; the body may contain spaces and `\"`.
    #[inline(always)]
    pub fn quoted(&mut self, field: &'static str) -> Result<Tok<'a>, ParseError> {
        self.skip_spaces();
        if self.rest.is_empty() {
            return Err(self.missing(field));
        }
        match quoted(self.rest) {
            Ok((rest, tok)) => {
                self.rest = rest;
                Ok(tok)
            }
            Err(_) => Err(self.invalid(field, b"")),
        }
    }

    /// A field AWS writes quoted in some eras and bare in others (the ALB target lists).
    pub fn quoted_or_token(&mut self, field: &'static str) -> Result<Tok<'a>, ParseError> {
        self.skip_spaces();
        if self.rest.first() == Some(&b'"') {
            self.quoted(field)
        } else {
            self.token(field)
        }
    }

    /// Reads a token and checks it with `check`, naming the field and its position on failure.
    #[inline(always)]
    pub fn checked<T>(
        &mut self,
        field: &'static str,
        check: impl FnOnce(&'a [u8]) -> Option<T>,
    ) -> Result<T, ParseError> {
        let tok = self.token(field)?;
        match check(tok) {
            Some(v) => Ok(v),
            None => Err(self.invalid(field, tok)),
        }
    }

    /// Fields AWS appended to a format one at a time: each is read only while the line goes
    /// on, so a line may end after any of them. Each has a shape check (`None`: the line is
    /// invalid there; `Some(None)`: absent, as `-`).
    #[inline(always)]
    pub fn appended<const N: usize>(
        &mut self,
        slots: [(&'static str, Check<'a>, &mut Option<&'a [u8]>); N],
    ) -> Result<(), ParseError> {
        for (field, check, slot) in slots {
            if self.at_end() {
                break;
            }
            *slot = self.checked(field, check)?;
        }
        Ok(())
    }

    #[cold]
    pub fn invalid(&self, field: &'static str, tok: &[u8]) -> ParseError {
        ParseError::Invalid {
            field,
            pos: self.pos() - tok.len(),
        }
    }
}

/// A field's shape check: `None` when the token cannot be this field, `Some(None)` for `-`.
pub type Check<'a> = fn(&'a [u8]) -> Option<Option<&'a [u8]>>;

/// `-` (and empty) mean "not logged".
#[inline]
pub fn present(tok: &[u8]) -> Option<&[u8]> {
    match tok {
        b"" | b"-" => None,
        _ => Some(tok),
    }
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;

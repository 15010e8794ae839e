//! The field cursor every format's parser walks a line with: space-separated tokens, quoted
//! strings with `\"` escapes (nom's `delimited`), shape-checked and appended fields. What a
//! value may be is `values.rs`'s and `timestamp.rs`'s business; the cursor only names the
//! field and position where a check failed.
//!
//! Everything borrows from the line; nothing here allocates. Validation happens once, here,
//! so the encoder can write the validated text straight into JSON.

use nom::{
    IResult, Parser,
    character::complete::char,
    error::{Error, ErrorKind},
    sequence::delimited,
};

use super::error::ParseError;
use super::values::{Invalid, Read};
use crate::scan;

/// One token, quoted or bare, as written in the log (quotes removed, escapes kept).
type Tok<'a> = &'a [u8];

/// Field separators: nearly always exactly one space (or none, where the cursor already
/// stands on the next field), so those two cases are decided without a loop.
#[inline(always)]
fn skip_spaces(i: &[u8]) -> &[u8] {
    match i {
        [b' ', b' ', rest @ ..] => {
            let n = rest.iter().take_while(|&&c| c == b' ').count();
            &rest[n..]
        }
        [b' ', rest @ ..] => rest,
        _ => i,
    }
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
    match scan::closing_quote(i) {
        Some(p) => Ok((&i[p..], &i[..p])),
        None => Err(nom::Err::Error(Error::new(i, ErrorKind::Char))),
    }
}

#[inline(always)]
fn quoted(i: &[u8]) -> IResult<&[u8], &[u8]> {
    delimited(char('"'), quoted_body, char('"')).parse(i)
}

/// A cursor over one line's fields. Fields may be separated by any number of spaces, or by
/// none after a closing quote (AWS has written `"-" "-"1 2018-…`).
///
/// The cursor always stands on the next field: the spaces after a field are skipped once, as
/// it is read, so the checks between fields (`at_end`, `remainder`) are a load each rather
/// than another skip (about 50 per ALB line).
#[derive(Clone)]
pub struct Fields<'a> {
    line: &'a [u8],
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub fn new(line: &'a [u8]) -> Self {
        Fields {
            line,
            rest: skip_spaces(line),
        }
    }

    /// Byte position of the next unread byte in the line.
    pub fn pos(&self) -> usize {
        self.line.len() - self.rest.len()
    }

    /// Moves past a field that ends where `rest` starts, and the spaces after it.
    #[inline(always)]
    fn advance(&mut self, rest: &'a [u8]) {
        self.rest = skip_spaces(rest);
    }

    #[inline(always)]
    pub fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    /// What is left of the line after the fields read so far, spaces skipped.
    #[inline(always)]
    pub fn remainder(&self) -> &'a [u8] {
        self.rest
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
        match bare(self.rest) {
            Ok((rest, tok)) => {
                self.advance(rest);
                Ok(tok)
            }
            Err(_) => Err(self.missing(field)),
        }
    }

    /// A `"quoted"` field; the body may contain spaces and `\"`.
    #[inline(always)]
    pub fn quoted(&mut self, field: &'static str) -> Result<Tok<'a>, ParseError> {
        if self.rest.is_empty() {
            return Err(self.missing(field));
        }
        match quoted(self.rest) {
            Ok((rest, tok)) => {
                self.advance(rest);
                Ok(tok)
            }
            Err(_) => Err(self.invalid_at(field, self.pos())),
        }
    }

    /// A field AWS writes quoted in some eras and bare in others (the ALB target lists).
    #[inline]
    pub fn quoted_or_token(&mut self, field: &'static str) -> Result<Tok<'a>, ParseError> {
        if self.rest.first() == Some(&b'"') {
            self.quoted(field)
        } else {
            self.token(field)
        }
    }

    /// Reads a token and checks it with `check` (a reader of `values`, `timestamp` or a
    /// format's own), naming the field and its position when the token is not that field.
    #[inline(always)]
    pub fn checked<T, R: Checked<T>>(
        &mut self,
        field: &'static str,
        check: impl FnOnce(&'a [u8]) -> R,
    ) -> Result<T, ParseError> {
        let tok = self.token(field)?;
        match check(tok).valid() {
            Some(v) => Ok(v),
            None => Err(self.invalid(field, tok)),
        }
    }

    /// Fields AWS appended to a format one at a time: each is read only while the line goes
    /// on, so a line may end after any of them. Each has a reader that may say absent (`-`).
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

    /// `tok` is a token this cursor read: the error names the byte where it starts.
    #[cold]
    pub fn invalid(&self, field: &'static str, tok: &[u8]) -> ParseError {
        let offset = (tok.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize);
        debug_assert!(
            offset <= self.line.len(),
            "`{field}`'s token is not from this line"
        );
        self.invalid_at(field, offset.min(self.line.len()))
    }

    #[cold]
    fn invalid_at(&self, field: &'static str, pos: usize) -> ParseError {
        ParseError::Invalid { field, pos }
    }
}

/// A reader of a field that may be absent, as `appended` takes them.
pub type Check<'a> = fn(&'a [u8]) -> Read<&'a [u8]>;

/// What a reader's answer says about validity: readers of fields that are never absent answer
/// `Option<T>` (`None`: not this field), the others a [`Read`] (`Err(Invalid)`).
pub trait Checked<T> {
    fn valid(self) -> Option<T>;
}

impl<T> Checked<T> for Option<T> {
    #[inline(always)]
    fn valid(self) -> Option<T> {
        self
    }
}

impl<T> Checked<T> for Result<T, Invalid> {
    #[inline(always)]
    fn valid(self) -> Option<T> {
        self.ok()
    }
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;

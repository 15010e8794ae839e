//! The common JSON record read without serde: a flat object whose names and strings hold no
//! escape and whose numbers have no exponent. Anything else — escapes, nesting, exponents, a
//! syntax error — answers `false`, and the caller reads the record with `serde_json` (which
//! also words the error). For every text this accepts, the members are exactly those the
//! serde path gives (`flat_json_tests.rs` compares the two).

/// Hands each member of `text` to `member` (name, value: a string's text, a number or
/// `true`/`false` as written, `None` for `null`) in order; `true` when `text` is such a flat
/// object, `false` (after any number of members) when it is not.
pub fn members<'a>(text: &'a str, mut member: impl FnMut(&'a str, Option<&'a str>)) -> bool {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return skip_ws(b, i + 1) == b.len();
    }
    loop {
        let Some((name, next)) = string(text, i) else {
            return false;
        };
        i = skip_ws(b, next);
        if b.get(i) != Some(&b':') {
            return false;
        }
        i = skip_ws(b, i + 1);
        let Some((value, next)) = value(text, i) else {
            return false;
        };
        member(name, value);
        i = skip_ws(b, next);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return skip_ws(b, i + 1) == b.len(),
            _ => return false,
        }
    }
}

/// Hands the values of a flat object whose member names are `keys`, in that order, to `each`
/// (position, value as `members` gives it, and whether it was unescaped) until it answers
/// `false`; `false` when it did, or the object is anything else — other names or order,
/// escaped names, a syntax error — and `members` must read it. A delivery repeats its names in
/// every record, so comparing them with the last record's costs less than scanning them. Each
/// key is a name in its quotes, holding no quote, backslash or control byte (so it stands in a
/// flat object as it is). A string value with escapes (a `"` in a user agent, non-ASCII
/// written `\u…`, `&` written `\u0026` by encoders that escape for HTML) is unescaped by
/// `serde_json`, so such a record still takes this path. Bytes, not text: an unescaped value
/// is handed on as it stands, as a tab-separated record's are (only an escaped one is
/// checked to be UTF-8, by `serde_json`), which saves checking the whole record first.
pub fn values_of(
    b: &[u8],
    keys: &[Box<[u8]>],
    mut each: impl FnMut(usize, Option<&[u8]>, bool) -> bool,
) -> bool {
    let mut i = skip_ws(b, 0);
    if keys.is_empty() {
        return false;
    }
    for (k, key) in keys.iter().enumerate() {
        let Some(after) = at_key(b, i, if k == 0 { b'{' } else { b',' }, key) else {
            return false;
        };
        let at = skip_ws(b, after);
        let next = match value_bytes(b, at) {
            Some((value, next)) if each(k, value, false) => next,
            Some(_) => return false,
            None => match escaped(b, at) {
                Some((value, next)) if each(k, Some(value.as_bytes()), true) => next,
                _ => return false,
            },
        };
        i = skip_ws(b, next);
    }
    b.get(i) == Some(&b'}') && skip_ws(b, i + 1) == b.len()
}

/// A string with escapes starting at `i`, unescaped, and where it ends; `None` for anything
/// that is no JSON string (or not UTF-8).
#[cold]
fn escaped(b: &[u8], i: usize) -> Option<(String, usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let at = i + 1 + crate::scan::closing_quote(&b[i + 1..])?;
    let value = serde_json::from_slice(&b[i..=at]).ok()?;
    Some((value, at + 1))
}

/// Where the value of `key` starts (whitespace before it not skipped) when `b` holds `open`,
/// the key and its `:` at `i`. A compact record (`,"name":`, the common form) costs a compare
/// of the key and two bytes; space around the key is skipped.
#[inline(always)]
fn at_key(b: &[u8], i: usize, open: u8, key: &[u8]) -> Option<usize> {
    if b.get(i) != Some(&open) {
        return None;
    }
    let mut j = i + 1;
    if b.get(j) != Some(&b'"') {
        j = skip_ws(b, j);
    }
    let end = j + key.len();
    if !b.get(j..end).is_some_and(|s| same(s, key)) {
        return None;
    }
    let colon = match b.get(end) {
        Some(b':') => end,
        _ => skip_ws(b, end),
    };
    (b.get(colon) == Some(&b':')).then_some(colon + 1)
}

/// `a == b` for slices of one length, compared 8 bytes at a time in line: member names are
/// short, and a call to `memcmp` for each cost more than the compare.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap());
    let mut k = 0;
    while k + 8 <= n {
        if word(a, k) != word(b, k) {
            return false;
        }
        k += 8;
    }
    // the last 8 bytes, overlapping what was compared
    word(a, n - 8) == word(b, n - 8)
}

/// A name as `values_of` compares it: in its quotes; `None` when it holds a quote, a backslash
/// or a control byte.
pub fn key(name: &str) -> Option<Box<[u8]>> {
    crate::scan::json_stop_portable(name.as_bytes())
        .is_none()
        .then(|| format!("\"{name}\"").into_bytes().into_boxed_slice())
}

#[inline(always)]
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// A string without escapes or control bytes starting at `i`: its text and where it ends.
#[inline(always)]
fn string(text: &str, i: usize) -> Option<(&str, usize)> {
    let (s, end) = string_bytes(text.as_bytes(), i)?;
    // it starts and ends at an ASCII quote, so at character boundaries
    Some((&text[i + 1..i + 1 + s.len()], end))
}

#[inline(always)]
fn string_bytes(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let end = i + 1 + crate::scan::find_json_stop(&b[i + 1..])?;
    (b[end] == b'"').then(|| (&b[i + 1..end], end + 1))
}

#[inline(always)]
fn value(text: &str, i: usize) -> Option<(Option<&str>, usize)> {
    let (v, end) = value_bytes(text.as_bytes(), i)?;
    // every value ends at an ASCII byte or the end, so at a character boundary
    Some((
        v.map(|v| &text[i + usize::from(text.as_bytes()[i] == b'"')..][..v.len()]),
        end,
    ))
}

#[inline(always)]
fn value_bytes(b: &[u8], i: usize) -> Option<(Option<&[u8]>, usize)> {
    match b.get(i)? {
        b'"' => string_bytes(b, i).map(|(s, end)| (Some(s), end)),
        b'n' => b[i..].starts_with(b"null").then_some((None, i + 4)),
        b't' => b[i..]
            .starts_with(b"true")
            .then_some((Some(&b"true"[..]), i + 4)),
        b'f' => b[i..]
            .starts_with(b"false")
            .then_some((Some(&b"false"[..]), i + 5)),
        b'-' | b'0'..=b'9' => number(b, i).map(|end| (Some(&b[i..end]), end)),
        _ => None,
    }
}

/// `-?(0|[1-9][0-9]*)(.[0-9]+)?` starting at `i` (an exponent is left to serde): where it ends.
fn number(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let start = i + usize::from(b[i] == b'-');
    let int_end = digits(start);
    let int = &b[start..int_end];
    if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
        return None;
    }
    let mut end = int_end;
    if b.get(end) == Some(&b'.') {
        let frac_end = digits(end + 1);
        if frac_end == end + 1 {
            return None;
        }
        end = frac_end;
    }
    match b.get(end) {
        Some(b'e' | b'E') => None,
        _ => Some(end),
    }
}

#[cfg(test)]
#[path = "flat_json_tests.rs"]
mod tests;

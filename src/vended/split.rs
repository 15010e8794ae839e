//! Delimited values that may be quoted: W3C records and comma-separated plain records. A value
//! that starts with `"` runs to the next unescaped `"`, and `\"` / `\\` inside it stand for `"`
//! / `\` (AWS does not publish its quoting; this is the W3C draft's, with backslash escapes as
//! the legacy logs use — see docs/SCHEMA.md, "Vended objects in S3").

use std::borrow::Cow;

/// The values of `line` separated by `delim`, unquoted.
pub fn split(line: &str, delim: u8) -> Vec<Cow<'_, str>> {
    let b = line.as_bytes();
    let mut out = Vec::with_capacity(40);
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let (value, end) = quoted(line, i + 1);
            out.push(value);
            // past the closing quote, to the delimiter (anything between is kept out)
            i = memchr::memchr(delim, &b[end.min(b.len())..]).map_or(b.len() + 1, |k| end + k + 1);
        } else {
            let end = memchr::memchr(delim, &b[i..]).map_or(b.len(), |k| i + k);
            out.push(Cow::Borrowed(&line[i..end]));
            i = end + 1;
        }
        if i > b.len() {
            return out;
        }
    }
}

/// The quoted value starting at `from` (after its opening quote), and where its closing quote
/// ends (the line's end when there is none).
fn quoted(line: &str, from: usize) -> (Cow<'_, str>, usize) {
    let b = line.as_bytes();
    let mut j = from;
    let mut owned: Option<String> = None;
    let mut kept = from;
    while j < b.len() {
        match b[j] {
            b'"' => break,
            b'\\' if matches!(b.get(j + 1), Some(b'"' | b'\\')) => {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&line[kept..j]);
                s.push(char::from(b[j + 1]));
                j += 2;
                kept = j;
            }
            _ => j += 1,
        }
    }
    let value = match owned {
        Some(mut s) => {
            s.push_str(&line[kept..j]);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(&line[from..j]),
    };
    (value, j + 1)
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;

//! What a rule's value side matches: exact text, `*` globs, and for numeric fields inclusive
//! ranges. Built once at start-up; matching borrows the value and allocates nothing.

/// A parsed PATTERN.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// Text without `*`: the value as logged, byte for byte.
    Exact(Vec<u8>),
    /// `TEXT*`, the commonest glob (`ELB-HealthChecker/*`): one length check and one compare,
    /// where the general glob costs a loop; the filter runs on every line.
    Prefix(Vec<u8>),
    /// `*TEXT` (`*.php`).
    Suffix(Vec<u8>),
    /// `*` matches any run of bytes, the empty one included. The parts between the stars, in
    /// order; `anchored_start`/`anchored_end` when the pattern does not begin/end with `*`.
    Glob {
        parts: Vec<Vec<u8>>,
        anchored_start: bool,
        anchored_end: bool,
    },
    /// `LOW-HIGH` (inclusive) on a numeric field; `LOW` alone on a numeric field is `LOW-LOW`.
    Range { low: f64, high: f64 },
}

impl Pattern {
    /// `numeric`: the field holds numbers, so `200-299` is a range (`-5` or `1-2-3` are not).
    pub fn parse(text: &str, numeric: bool) -> Result<Pattern, String> {
        if text.is_empty() {
            return Err("the pattern is empty".into());
        }
        if numeric && !text.contains('*') && text != "-" {
            return number_range(text).ok_or_else(|| {
                format!("`{text}` is not a number, a range LOW-HIGH or a `*` glob")
            });
        }
        if !text.contains('*') {
            return Ok(Pattern::Exact(text.as_bytes().to_vec()));
        }
        Ok(Pattern::glob(text).simplified())
    }

    /// Any text with `*` as the general glob.
    fn glob(text: &str) -> Pattern {
        Pattern::Glob {
            parts: text
                .split('*')
                .filter(|p| !p.is_empty())
                .map(|p| p.as_bytes().to_vec())
                .collect(),
            anchored_start: !text.starts_with('*'),
            anchored_end: !text.ends_with('*'),
        }
    }

    /// A glob of one part anchored at one end as `Prefix`/`Suffix`; every other pattern as is.
    fn simplified(self) -> Pattern {
        match self {
            Pattern::Glob {
                mut parts,
                anchored_start,
                anchored_end,
            } if parts.len() == 1 && anchored_start != anchored_end => {
                let part = parts.pop().expect("one part");
                if anchored_start {
                    Pattern::Prefix(part)
                } else {
                    Pattern::Suffix(part)
                }
            }
            other => other,
        }
    }

    /// Whether the value as logged matches; `number` is the value read as a number (numeric
    /// fields only).
    #[inline]
    pub fn matches(&self, text: &[u8], number: Option<f64>) -> bool {
        match self {
            Pattern::Exact(want) => text == want.as_slice(),
            Pattern::Prefix(want) => text.starts_with(want),
            Pattern::Suffix(want) => text.ends_with(want),
            Pattern::Range { low, high } => number.is_some_and(|n| *low <= n && n <= *high),
            Pattern::Glob {
                parts,
                anchored_start,
                anchored_end,
            } => glob(text, parts, *anchored_start, *anchored_end),
        }
    }
}

fn number_range(text: &str) -> Option<Pattern> {
    let number = |s: &str| -> Option<f64> {
        let ok = !s.is_empty()
            && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && s.bytes().filter(|&c| c == b'.').count() <= 1
            && s.as_bytes()[0] != b'.';
        ok.then(|| s.parse().ok()).flatten()
    };
    // `-1` (matched_rule_priority) is a number, not a range
    if let Some(neg) = text.strip_prefix('-') {
        let n = -number(neg)?;
        return Some(Pattern::Range { low: n, high: n });
    }
    let (low, high) = match text.split_once('-') {
        Some((l, h)) => (number(l)?, number(h)?),
        None => {
            let n = number(text)?;
            (n, n)
        }
    };
    (low <= high).then_some(Pattern::Range { low, high })
}

/// Greedy-free glob matching: each part is found at its first occurrence after the previous
/// one, which is correct for `*`-only globs; the last part of an end-anchored glob must be a
/// suffix.
fn glob(text: &[u8], parts: &[Vec<u8>], anchored_start: bool, anchored_end: bool) -> bool {
    let mut rest = text;
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        if i == 0 && anchored_start {
            let Some(r) = rest.strip_prefix(part.as_slice()) else {
                return false;
            };
            rest = r;
            if parts.len() == 1 && anchored_end {
                return rest.is_empty();
            }
            continue;
        }
        if i == last && anchored_end {
            return rest.len() >= part.len() && rest.ends_with(part);
        }
        match memchr::memmem::find(rest, part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
#[path = "pattern_tests.rs"]
mod tests;

//! Timestamps and TLS protocol names, validated as Elasticsearch's `date_nanos` and ECS expect.
/// A validated `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` timestamp, kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp<'a> {
    /// The text without a trailing `Z`; the encoder appends one (all ELB times are UTC).
    pub text: &'a [u8],
}

pub fn timestamp(tok: &[u8]) -> Option<Timestamp<'_>> {
    let text = tok.strip_suffix(b"Z").unwrap_or(tok);
    let (head, frac) = text.split_first_chunk::<19>()?;
    if !digits_and_separators(head) {
        return None;
    }
    let two = |i: usize| u32::from(head[i] - b'0') * 10 + u32::from(head[i + 1] - b'0');
    let year = two(0) * 100 + two(2);
    let (month, day) = (two(5), two(8));
    let (hour, minute, second) = (two(11), two(14), two(17));
    let frac_ok = match frac {
        [] => true,
        // Elasticsearch's `date_nanos` stops at nanoseconds
        [b'.', digits @ ..] => (1..=9).contains(&digits.len()) && super::values::all_digits(digits),
        _ => false,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    // `date_nanos` holds 1970 to 2262 only
    let valid = frac_ok
        && (1970..=2262).contains(&year)
        && (1..=days).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60
        && (year < 2262 || before_date_nanos_end(head, frac));
    valid.then_some(Timestamp { text })
}

/// `date_nanos` counts nanoseconds since 1970 in a signed 64-bit integer, so it ends at
/// 2262-04-11T23:47:16.854775807Z; a later instant of 2262 would lose the whole document at
/// index time. Only a line of 2262 asks, so this costs the others one compare.
#[cold]
fn before_date_nanos_end(head: &[u8; 19], frac: &[u8]) -> bool {
    const END: &[u8; 19] = b"2262-04-11T23:47:16";
    match head.cmp(END) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        // same second: the fraction, padded to nine digits, is at most 854775807
        std::cmp::Ordering::Equal => {
            let digits = frac.strip_prefix(b".").unwrap_or(frac);
            let mut nanos = [b'0'; 9];
            nanos[..digits.len()].copy_from_slice(digits);
            &nanos <= b"854775807"
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`'s shape, eight bytes at a time: the separators must match exactly,
/// and with them replaced by `0` every byte must be an ASCII digit.
pub(super) fn digits_and_separators(head: &[u8; 19]) -> bool {
    const fn at(i: usize, c: u8) -> u64 {
        (c as u64) << (8 * i)
    }
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&head[i..i + 8]);
        u64::from_le_bytes(w)
    };
    let check = |w: u64, sep_mask: u64, seps: u64| {
        w & sep_mask == seps && super::values::digit_bytes(w, !sep_mask)
    };
    // bytes 0..8 `YYYY-MM-`, 8..16 `DDTHH:MM`, 11..19 `HH:MM:SS`
    check(
        word(0),
        at(4, 0xff) | at(7, 0xff),
        at(4, b'-') | at(7, b'-'),
    ) && check(
        word(8),
        at(2, 0xff) | at(5, 0xff),
        at(2, b'T') | at(5, b':'),
    ) && check(
        word(11),
        at(2, 0xff) | at(5, 0xff),
        at(2, b':') | at(5, b':'),
    )
}

/// TLS protocol names as ELB writes them (`TLSv1.2`, `tlsv12`, `SSLv3`) → ECS
/// (`tls.version_protocol`, `tls.version`).
pub fn tls_version(proto: &[u8]) -> Option<(&'static str, &'static str)> {
    let lower =
        |p: &[u8], n: usize| p.len() >= n && p[..n].eq_ignore_ascii_case(&b"tlsv"[..n.min(4)]);
    if lower(proto, 4) {
        return match &proto[4..] {
            b"1" | b"1.0" | b"10" => Some(("tls", "1.0")),
            b"1.1" | b"11" => Some(("tls", "1.1")),
            b"1.2" | b"12" => Some(("tls", "1.2")),
            b"1.3" | b"13" => Some(("tls", "1.3")),
            _ => None,
        };
    }
    if proto.eq_ignore_ascii_case(b"sslv3") {
        return Some(("ssl", "3.0"));
    }
    None
}

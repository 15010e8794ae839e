//! Checks of single values: numbers Elasticsearch can index, addresses, and the shapes that
//! keep one field from being read as another when a line lost a field in the middle.
//! A reader of a field that may be `-` answers a [`Read`]: `Ok(Some(text))` for a value
//! (borrowed, validated), `Ok(None)` for `-` (absent) and `Err(Invalid)` for "not this field"
//! (the line fails there, and the cursor names the field).

/// A token that cannot be the field asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

/// What a reader says about a token of a field that may be absent: a value, absent, invalid.
pub type Read<T> = Result<Option<T>, Invalid>;

/// `-` (and empty) mean "not logged". Here, not in the cursor, so that values depend on
/// nothing else in `parse` and the cursor on values, one way.
#[inline]
pub fn present(tok: &[u8]) -> Option<&[u8]> {
    match tok {
        b"" | b"-" => None,
        _ => Some(tok),
    }
}

/// An unsigned integer as validated text with leading zeros removed (so it is a JSON number),
/// `Ok(None)` for `-`, `Err(Invalid)` when it is neither.
#[inline]
pub fn uint(tok: &[u8]) -> Read<&[u8]> {
    if tok == b"-" {
        return Ok(None);
    }
    if !all_digits(tok) {
        return Err(Invalid);
    }
    let first_nonzero = tok.iter().position(|&c| c != b'0').unwrap_or(tok.len() - 1);
    let v = &tok[first_nonzero..];
    // Elasticsearch's `long` ends at 2^63 - 1; a bigger number would lose the whole document
    let fits = v.len() < 19 || (v.len() == 19 && v <= &b"9223372036854775807"[..]);
    fits.then_some(Some(v)).ok_or(Invalid)
}

/// Whether every byte of `w` selected by `bytes` (0xFF per byte) is an ASCII digit: high
/// nibble 3, and still 3 after adding 6 (no byte can carry into the next).
#[inline(always)]
pub(super) fn digit_bytes(w: u64, bytes: u64) -> bool {
    const THREES: u64 = 0x3030_3030_3030_3030;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    let (high, threes) = (bytes & 0xF0F0_F0F0_F0F0_F0F0, THREES & bytes);
    w & high == threes && w.wrapping_add(SIXES & bytes) & high == threes
}

/// Whether `s` is one or more ASCII digits. Up to 16 bytes, two overlapping word checks
/// instead of a loop whose exit mispredicts with every change of length (status codes, byte
/// counts, ports and timings are 1 to 10 digits).
#[inline(always)]
pub(super) fn all_digits(s: &[u8]) -> bool {
    let word8 = |b: &[u8]| u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
    let word4 = |b: &[u8]| u64::from(u32::from_le_bytes(b[..4].try_into().expect("4 bytes")));
    let n = s.len();
    match n {
        0 => false,
        1..=3 => s[0].is_ascii_digit() && s[n / 2].is_ascii_digit() && s[n - 1].is_ascii_digit(),
        4..=7 => {
            digit_bytes(word4(s), u64::from(u32::MAX))
                && digit_bytes(word4(&s[n - 4..]), u64::from(u32::MAX))
        }
        8..=16 => digit_bytes(word8(s), u64::MAX) && digit_bytes(word8(&s[n - 8..]), u64::MAX),
        _ => s.iter().all(u8::is_ascii_digit),
    }
}

/// A duration in seconds or milliseconds (`0.000073`, `12`), `Ok(None)` for `-` and `-1` (the
/// request never reached that stage). Only JSON-compatible decimal text is accepted.
#[inline]
pub fn timing(tok: &[u8]) -> Read<&[u8]> {
    if let Some(neg) = tok.strip_prefix(b"-") {
        return minus_one(neg).then_some(None).ok_or(Invalid);
    }
    let dot = tok.iter().position(|&c| c == b'.');
    let (int, frac) = match dot {
        Some(dot) => (&tok[..dot], Some(&tok[dot + 1..])),
        None => (tok, None),
    };
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(Invalid);
    }
    let lead = int.iter().position(|&c| c != b'0').unwrap_or(int.len() - 1);
    Ok(Some(&tok[lead..]))
}

/// What follows the `-` of an absent timing: nothing (`-`), or `1` with any number of zeros
/// after a decimal point (`-1`, `-1.0`, `-1.000000`): AWS writes the same "never reached that
/// stage" with as many decimals as the field usually has.
#[inline]
fn minus_one(neg: &[u8]) -> bool {
    match neg {
        b"" | b"1" => true,
        [b'1', b'.', zeros @ ..] => !zeros.is_empty() && zeros.iter().all(|&c| c == b'0'),
        _ => false,
    }
}

/// A TCP port: digits without leading zeros, at most 65535.
#[inline]
pub fn port(tok: &[u8]) -> Option<&[u8]> {
    let p = uint(tok).ok()??;
    let fits = p.len() < 5 || (p.len() == 5 && p <= &b"65535"[..]);
    fits.then_some(p)
}

/// A port field that may be `-` (absent).
#[inline]
pub fn port_or_dash(tok: &[u8]) -> Read<&[u8]> {
    match tok {
        b"-" => Ok(None),
        _ => port(tok).map(Some).ok_or(Invalid),
    }
}

/// An address for an `*.ip` field: IPv4 or IPv6 without brackets or zone id (Elasticsearch's
/// `ip` type rejects anything else, and with it the whole document). IPv4 is tried first,
/// without a scan for `:` before it: nearly every address is one.
#[inline]
pub fn ip(tok: &[u8]) -> Option<&[u8]> {
    if ipv4(tok) {
        return Some(tok);
    }
    if !tok.contains(&b':') {
        return None;
    }
    let text = std::str::from_utf8(tok).ok()?;
    text.parse::<std::net::Ipv6Addr>().is_ok().then_some(tok)
}

/// Dotted-quad IPv4 as `std` (and Elasticsearch) accept it: four decimal octets up to 255, no
/// leading zeros. Octet by octet, one to three digits each; `std`'s parser costs about four
/// times as much, and every access-log line has two addresses.
#[inline]
fn ipv4(tok: &[u8]) -> bool {
    let digit = |at: usize| {
        tok.get(at)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let mut at = 0;
    for octet in 0..4 {
        if octet > 0 {
            if tok.get(at) != Some(&b'.') {
                return false;
            }
            at += 1;
        }
        let Some(first) = digit(at) else {
            return false;
        };
        at += 1;
        if let Some(second) = digit(at) {
            if first == 0 {
                return false; // a leading zero
            }
            at += 1;
            if let Some(third) = digit(at) {
                if first * 100 + second * 10 + third > 255 {
                    return false;
                }
                at += 1;
            }
        }
    }
    at == tok.len()
}

/// An address field that may be `-` (absent).
#[inline]
pub fn ip_or_dash(tok: &[u8]) -> Read<&[u8]> {
    match tok {
        b"-" => Ok(None),
        _ => ip(tok).map(Some).ok_or(Invalid),
    }
}

/// An ARN field: `arn:…`, or `-` (absent). Checking the shape keeps a line with a field
/// missing in the middle from shipping its neighbour under the ARN's name.
#[inline]
pub fn arn(tok: &[u8]) -> Read<&[u8]> {
    match tok {
        b"-" => Ok(None),
        _ => tok.starts_with(b"arn:").then_some(Some(tok)).ok_or(Invalid),
    }
}

/// A TLS protocol field as ELB writes it (`TLSv1.2`, `tlsv12`, `SSLv3`, `DTLSv1.2`), or `-`.
/// Versions we cannot map to `tls.version` still pass if they look like one.
pub fn tls_protocol(tok: &[u8]) -> Read<&[u8]> {
    if tok == b"-" {
        return Ok(None);
    }
    // the three names start with different letters: the first byte picks the one to compare
    let name: &[u8] = match tok.first().ok_or(Invalid)? | 0x20 {
        b'd' => b"dtls",
        b't' => b"tls",
        b's' => b"ssl",
        _ => return Err(Invalid),
    };
    if tok.len() <= name.len() || !tok[..name.len()].eq_ignore_ascii_case(name) {
        return Err(Invalid);
    }
    version_shaped(&tok[name.len()..])
        .then_some(Some(tok))
        .ok_or(Invalid)
}

/// What follows the protocol name: an optional `v`, then a version of digits, `.` and `_`.
pub(super) fn version_shaped(rest: &[u8]) -> bool {
    let rest = rest
        .strip_prefix(b"v")
        .or_else(|| rest.strip_prefix(b"V"))
        .unwrap_or(rest);
    rest.first().is_some_and(u8::is_ascii_digit)
        && rest
            .iter()
            .all(|&c| c.is_ascii_digit() || c == b'.' || c == b'_')
}

/// A cipher is never a protocol version: a version in the cipher's place means a field before
/// it is missing.
pub fn not_a_protocol(tok: &[u8]) -> Read<&[u8]> {
    match tls_protocol(tok) {
        Ok(Some(_)) => Err(Invalid),
        _ => Ok(present(tok)),
    }
}

/// A cipher where a missing field could shift the protocol into its place (NLB, connection
/// logs): never a protocol version, never quoted.
pub fn cipher(tok: &[u8]) -> Read<&[u8]> {
    if !plain(tok) {
        return Err(Invalid);
    }
    not_a_protocol(tok)
}

/// One word of letters, digits, `_` and `-` (a key exchange group such as `X25519MLKEM768`, a
/// `TID_…` trace id), or `-`: a domain name, a load balancer id or an address in its place fails.
pub fn word(tok: &[u8]) -> Read<&[u8]> {
    let shaped = tok
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
    shaped.then_some(present(tok)).ok_or(Invalid)
}

/// An ALB's resource id, `app/NAME/ID` (three non-empty parts, the first `app`, nothing
/// quoted), or `-`. Connection and health-check logs come from ALBs only, so an NLB id, an ARN,
/// `APP/…` or two parts there is a field from another place.
#[inline]
pub fn alb_id(tok: &[u8]) -> Read<&[u8]> {
    if tok == b"-" {
        return Ok(None);
    }
    let rest = tok.strip_prefix(b"app/").ok_or(Invalid)?;
    let slash = crate::scan::find(rest, b'/').ok_or(Invalid)?;
    let id = &rest[slash + 1..];
    let shaped = slash > 0 && !id.is_empty() && crate::scan::find(id, b'/').is_none();
    (shaped && plain(tok)).then_some(Some(tok)).ok_or(Invalid)
}

/// A name AWS never quotes and always writes (a load balancer's name or id): the token itself,
/// or `None` when it holds a `"` or a control byte.
#[inline(always)]
pub fn bare_name(tok: &[u8]) -> Option<&[u8]> {
    plain(tok).then_some(tok)
}

/// A bare token AWS never quotes (a cipher, a load balancer name, an ALPN id): `-` is absent,
/// and a `"` or a control byte means a quoted field or framing landed in its place.
#[inline(always)]
pub fn bare_value(tok: &[u8]) -> Read<&[u8]> {
    plain(tok).then_some(present(tok)).ok_or(Invalid)
}

/// Whether `tok` has no `"` and no control byte (below 0x20).
#[inline(always)]
pub fn plain(tok: &[u8]) -> bool {
    words_clear(tok, plain_flags, plain_byte)
}

/// Whether `tok` has no control byte (a field whose own text has quotes, such as NLB's ALPN
/// preference list).
#[inline(always)]
pub fn no_control(tok: &[u8]) -> bool {
    words_clear(tok, control_flags, |c| c >= 0x20)
}

/// Whether `flags` is 0 for every byte of `tok`: a few overlapping words, not a byte loop
/// (ciphers and load balancer ids are 20 to 40 bytes, and every access line has both), their
/// flags OR-ed so there is one branch per token, not one per word. `byte` is the same rule for
/// tokens shorter than a word.
#[inline(always)]
fn words_clear(tok: &[u8], flags: fn(u64) -> u64, byte: fn(u8) -> bool) -> bool {
    let n = tok.len();
    let word = |at: usize| {
        flags(u64::from_le_bytes(
            tok[at..at + 8].try_into().expect("8 bytes"),
        ))
    };
    let found = match n {
        0..=7 => return tok.iter().all(|&c| byte(c)),
        8..=16 => word(0) | word(n - 8),
        17..=32 => word(0) | word(8) | word(n - 16) | word(n - 8),
        _ => return tok.chunks(32).all(|c| words_clear(c, flags, byte)),
    };
    found == 0
}

/// The rule [`plain`] applies, one byte at a time (its twin for the tests, and short tokens).
#[inline(always)]
pub fn plain_byte(c: u8) -> bool {
    c >= 0x20 && c != b'"'
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// 0x80 in some byte of the result if a byte of `w` is below `n` (at most 0x80), else 0.
/// Exact for "any": the borrow trick can misplace a flag inside a word, never invent one when
/// no byte matches.
#[inline(always)]
fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// A byte below 0x20 or `"`. Flipping bit 1 maps `"` (0x22) to 0x20 and keeps every byte below
/// 0x20 below it (space, 0x20, becomes 0x22), so the two rules become one "below 0x21" test.
#[inline(always)]
fn plain_flags(w: u64) -> u64 {
    below(w ^ (ONES * 0x02), 0x21)
}

#[inline(always)]
fn control_flags(w: u64) -> u64 {
    below(w, 0x20)
}

/// ALB `target_status_code_list`: space-separated status codes or `-`. AWS documents numbers
/// there, so anything else (`abc`, `-1`, a number beyond `long`) fails the line instead of
/// being dropped from the array.
#[inline(always)]
pub fn status_code_list(list: &[u8]) -> Read<&[u8]> {
    // nearly every line has one target, so one code: no split (and 18 digits always fit `long`)
    if list.len() <= 18 && all_digits(list) {
        return Ok(Some(list));
    }
    status_codes_of_several(list)
}

#[cold]
fn status_codes_of_several(list: &[u8]) -> Read<&[u8]> {
    let ok = list
        .split(|&c| c == b' ')
        .filter(|code| !code.is_empty())
        .all(|code| code == b"-" || matches!(uint(code), Ok(Some(_))));
    ok.then_some(present(list)).ok_or(Invalid)
}

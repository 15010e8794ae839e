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

/// Any token; `-` is absent.
pub fn any(tok: &[u8]) -> Option<Option<&[u8]>> {
    Some(present(tok))
}

/// `-` (and empty) mean "not logged".
#[inline]
pub fn present(tok: &[u8]) -> Option<&[u8]> {
    match tok {
        b"" | b"-" => None,
        _ => Some(tok),
    }
}

/// An unsigned integer as validated text with leading zeros removed (so it is a JSON number),
/// `None` for `-`. `Err` when it is neither.
#[inline]
pub fn uint(tok: &[u8]) -> Option<Option<&[u8]>> {
    if tok == b"-" {
        return Some(None);
    }
    if tok.is_empty() || !tok.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let first_nonzero = tok.iter().position(|&c| c != b'0').unwrap_or(tok.len() - 1);
    let v = &tok[first_nonzero..];
    // Elasticsearch's `long` ends at 2^63 - 1; a bigger number would lose the whole document
    let fits = v.len() < 19 || (v.len() == 19 && v <= &b"9223372036854775807"[..]);
    fits.then_some(Some(v))
}

/// A duration in seconds or milliseconds (`0.000073`, `12`), `None` for `-` and `-1` (the
/// request never reached that stage). Only JSON-compatible decimal text is accepted.
#[inline]
pub fn timing(tok: &[u8]) -> Option<Option<&[u8]>> {
    if tok.first() == Some(&b'-') {
        return matches!(tok, b"-" | b"-1" | b"-1.0" | b"-1.000000").then_some(None);
    }
    let dot = tok.iter().position(|&c| c == b'.');
    let (int, frac) = match dot {
        Some(dot) => (&tok[..dot], Some(&tok[dot + 1..])),
        None => (tok, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let lead = int.iter().position(|&c| c != b'0').unwrap_or(int.len() - 1);
    Some(Some(&tok[lead..]))
}

/// A TCP port: digits without leading zeros, at most 65535.
#[inline]
pub fn port(tok: &[u8]) -> Option<&[u8]> {
    let p = uint(tok)??;
    let fits = p.len() < 5 || (p.len() == 5 && p <= &b"65535"[..]);
    fits.then_some(p)
}

/// An address for an `*.ip` field: IPv4 or IPv6 without brackets or zone id (Elasticsearch's
/// `ip` type rejects anything else, and with it the whole document).
#[inline]
pub fn ip(tok: &[u8]) -> Option<&[u8]> {
    if !tok.contains(&b':') {
        return ipv4(tok).then_some(tok);
    }
    let text = std::str::from_utf8(tok).ok()?;
    text.parse::<std::net::Ipv6Addr>().is_ok().then_some(tok)
}

/// Dotted-quad IPv4 as `std` (and Elasticsearch) accept it: four decimal octets up to 255, no
/// leading zeros. One pass over the bytes; `std`'s parser costs about four times as much, and
/// every access-log line has two addresses.
#[inline]
fn ipv4(tok: &[u8]) -> bool {
    let (mut octets, mut value, mut digits) = (0u32, 0u32, 0u32);
    for &c in tok {
        match c {
            b'0'..=b'9' => {
                if digits == 1 && value == 0 {
                    return false;
                }
                value = value * 10 + u32::from(c - b'0');
                digits += 1;
                if value > 255 {
                    return false;
                }
            }
            b'.' if digits > 0 && octets < 3 => {
                octets += 1;
                (value, digits) = (0, 0);
            }
            _ => return false,
        }
    }
    octets == 3 && digits > 0
}

/// An address field that may be `-` (absent).
#[inline]
pub fn ip_or_dash(tok: &[u8]) -> Option<Option<&[u8]>> {
    match tok {
        b"-" => Some(None),
        _ => ip(tok).map(Some),
    }
}

/// An ARN field: `arn:…`, or `-` (absent). Checking the shape keeps a line with a field
/// missing in the middle from shipping its neighbour under the ARN's name.
#[inline]
pub fn arn(tok: &[u8]) -> Option<Option<&[u8]>> {
    match tok {
        b"-" => Some(None),
        _ => tok.starts_with(b"arn:").then_some(Some(tok)),
    }
}

/// A TLS protocol field as ELB writes it (`TLSv1.2`, `tlsv12`, `SSLv3`, `DTLSv1.2`), or `-`.
/// Versions we cannot map to `tls.version` still pass if they look like one.
pub fn tls_protocol(tok: &[u8]) -> Option<Option<&[u8]>> {
    if tok == b"-" {
        return Some(None);
    }
    let name = [&b"dtls"[..], b"tls", b"ssl"]
        .into_iter()
        .find(|p| tok.len() > p.len() && tok[..p.len()].eq_ignore_ascii_case(p))?;
    let rest = &tok[name.len()..];
    let rest = rest
        .strip_prefix(b"v")
        .or_else(|| rest.strip_prefix(b"V"))
        .unwrap_or(rest);
    let shaped = rest.first().is_some_and(u8::is_ascii_digit)
        && rest
            .iter()
            .all(|&c| c.is_ascii_digit() || c == b'.' || c == b'_');
    shaped.then_some(Some(tok))
}

/// A cipher is never a protocol version: a version in the cipher's place means a field before
/// it is missing.
pub fn not_a_protocol(tok: &[u8]) -> Option<Option<&[u8]>> {
    match tls_protocol(tok) {
        Some(Some(_)) => None,
        _ => Some(present(tok)),
    }
}

/// One word of letters, digits, `_` and `-` (a key exchange group such as `X25519MLKEM768`, a
/// `TID_…` trace id), or `-`: a domain name, a load balancer id or an address in its place fails.
pub fn word(tok: &[u8]) -> Option<Option<&[u8]>> {
    let shaped = tok
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
    shaped.then_some(present(tok))
}

/// A load balancer's resource id (`app/name/id`, `net/name/id`), or `-`.
pub fn elb_id(tok: &[u8]) -> Option<Option<&[u8]>> {
    (tok == b"-" || tok.contains(&b'/')).then_some(present(tok))
}

/// `ip:port`, split at the last colon so unbracketed IPv6 works (or after `]`); `-` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPort<'a> {
    pub ip: &'a [u8],
    pub port: &'a [u8],
}

pub fn host_port(tok: &[u8]) -> Option<Option<HostPort<'_>>> {
    // `-1` has been seen for a Classic backend that received no traffic
    if tok == b"-" || tok == b"-1" {
        return Some(None);
    }
    let colon = tok.iter().rposition(|&c| c == b':')?;
    let port = port(&tok[colon + 1..])?;
    let ip = &tok[..colon];
    if ip == b"-" {
        return Some(None);
    }
    let ip = match ip {
        [b'[', v6 @ .., b']'] => v6.contains(&b':').then_some(v6)?,
        _ => ip,
    };
    Some(Some(HostPort {
        ip: self::ip(ip)?,
        port,
    }))
}

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
        [b'.', digits @ ..] => {
            (1..=9).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
        }
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
        && second < 60;
    valid.then_some(Timestamp { text })
}

/// `YYYY-MM-DDTHH:MM:SS`'s shape, eight bytes at a time: the separators must match exactly,
/// and with them replaced by `0` every byte must be an ASCII digit.
fn digits_and_separators(head: &[u8; 19]) -> bool {
    const fn at(i: usize, c: u8) -> u64 {
        (c as u64) << (8 * i)
    }
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&head[i..i + 8]);
        u64::from_le_bytes(w)
    };
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    // 0x30..=0x39 only: high nibble 3, and still 3 after adding 6 (no byte can carry)
    let digits = |w: u64| w & HIGH == THREES && w.wrapping_add(SIXES) & HIGH == THREES;
    let check = |w: u64, sep_mask: u64, seps: u64| {
        w & sep_mask == seps && digits((w & !sep_mask) | (THREES & sep_mask))
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

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;

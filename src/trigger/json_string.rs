//! A JSON string read and unescaped in one pass: a subscription payload's messages are mostly
//! escapes (every quote of a JSON record is one, about 140 a record), and `serde_json` spent
//! more on them than reading the record did: it leaves its fast loop at every escape, and
//! copies each run between escapes with a call. Here, on x86_64, 16 bytes are loaded, stored
//! whole and checked per step, so an escape costs one step. Strict: anything `serde_json`
//! would refuse (an unterminated string, a control byte, an unknown escape, a lone surrogate,
//! invalid UTF-8) answers `None`, and the caller hands the payload to `serde_json`.
//! [`read_string_portable`] is the same contract in plain Rust, for other targets and to test
//! against; its loop also reads the last bytes of the input, where 16 no longer fit.

use crate::json::is_special;

/// Reads the string whose contents start at `hay[0]` (just after its opening quote): appends
/// its text, unescaped, to `out`, and answers where reading goes on (after the closing quote).
#[inline]
pub fn read_string(hay: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    return sse2::read_string(hay, out);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    read_string_portable(hay, out)
}

/// [`read_string`]'s portable twin.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
pub fn read_string_portable(hay: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    read_from(hay, 0, out)
}

/// The portable reading from `i` on.
fn read_from(hay: &[u8], mut i: usize, out: &mut Vec<u8>) -> Option<usize> {
    loop {
        let at = i + hay[i..].iter().position(|&c| is_special(c))?;
        out.extend_from_slice(&hay[i..at]);
        if hay[at] == b'"' {
            return Some(at + 1);
        }
        i = stop(hay, at, out)?;
    }
}

/// Handles the stop byte at `hay[at]` other than a quote: an escape or a UTF-8 character,
/// written to `out` (the position after it), or `None` for what no JSON string holds.
#[inline(always)]
fn stop(hay: &[u8], at: usize, out: &mut Vec<u8>) -> Option<usize> {
    match hay[at] {
        b'\\' => escape(hay, at, out),
        c if c >= 0x80 => utf8(hay, at, out),
        _ => None,
    }
}

/// The escape at `hay[at]` (a backslash), written to `out`.
#[inline(always)]
fn escape(hay: &[u8], at: usize, out: &mut Vec<u8>) -> Option<usize> {
    let c = match *hay.get(at + 1)? {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'n' => b'\n',
        b't' => b'\t',
        b'r' => b'\r',
        b'b' => 0x08,
        b'f' => 0x0c,
        b'u' => return unicode(hay, at, out),
        _ => return None,
    };
    out.push(c);
    Some(at + 2)
}

/// A `\uXXXX` escape at `hay[at]`, with the low half that must follow a high surrogate.
#[cold]
fn unicode(hay: &[u8], at: usize, out: &mut Vec<u8>) -> Option<usize> {
    let unit = |i: usize| {
        let esc = hay.get(i..i + 6)?;
        let hex = std::str::from_utf8(&esc[2..]).ok()?;
        let all_hex = hex.bytes().all(|c| c.is_ascii_hexdigit());
        (esc.starts_with(b"\\u") && all_hex).then(|| u16::from_str_radix(hex, 16).ok())?
    };
    let first = unit(at)?;
    let (c, next) = match first {
        0xd800..0xdc00 => {
            let low = unit(at + 6).filter(|u| (0xdc00..0xe000).contains(u))?;
            (char::decode_utf16([first, low]).next()?.ok()?, at + 12)
        }
        _ => (char::from_u32(u32::from(first))?, at + 6),
    };
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    Some(next)
}

/// The UTF-8 character starting at `hay[at]`, copied to `out`.
#[cold]
fn utf8(hay: &[u8], at: usize, out: &mut Vec<u8>) -> Option<usize> {
    let width = match hay[at] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let ch = hay.get(at..at + width)?;
    std::str::from_utf8(ch).ok()?;
    out.extend_from_slice(ch);
    Some(at + width)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_storeu_si128};

    use crate::json::special_mask as stops;

    /// 16 bytes a step: loaded, stored whole past `out`'s end, and `out` grown by those before
    /// the first stop byte; the stop handled as the portable reader does. The last 15 bytes or
    /// fewer go to the portable reader.
    #[inline(always)]
    pub fn read_string(hay: &[u8], out: &mut Vec<u8>) -> Option<usize> {
        let mut i = 0;
        while i + 16 <= hay.len() {
            if out.capacity() - out.len() < 16 {
                out.reserve(hay.len().min(4096) + 16);
            }
            let len = out.len();
            // SAFETY: compiled only where the target has SSE2; the load reads 16 bytes inside
            // `hay` (`i + 16 <= hay.len()`), the store writes 16 bytes of `out`'s spare
            // capacity (at least 16, reserved above), and `set_len` covers only the `run`
            // bytes just stored, all of them initialised.
            let run = unsafe {
                let chunk = _mm_loadu_si128(hay.as_ptr().add(i).cast::<__m128i>());
                _mm_storeu_si128(out.as_mut_ptr().add(len).cast::<__m128i>(), chunk);
                let run = stops(chunk).trailing_zeros() as usize;
                out.set_len(len + run.min(16));
                run
            };
            if run >= 16 {
                i += 16;
                continue;
            }
            let at = i + run;
            if hay[at] == b'"' {
                return Some(at + 1);
            }
            i = super::stop(hay, at, out)?;
        }
        super::read_from(hay, i, out)
    }
}

#[cfg(test)]
#[path = "json_string_tests.rs"]
mod tests;

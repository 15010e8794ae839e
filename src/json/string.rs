//! Log bytes → a JSON string. Invalid UTF-8 becomes U+FFFD, never an error.
//!
//! This is the encoder's hottest loop (an ALB document writes about 35 strings), so on x86_64
//! it copies and checks 16 bytes per step in one pass, straight into the buffer's spare
//! capacity, and calls neither `memchr` nor `memcpy` for the short strings logs are made of.
//! [`portable`] is the same contract in plain Rust, for other targets and to test against.

/// Writes `v` as a JSON string; invalid UTF-8 sequences become U+FFFD.
#[inline(always)]
pub fn string(buf: &mut Vec<u8>, v: &[u8]) {
    escaped(buf, v, false);
}

/// As [`string`], with the log's `\"` escape read as a quote.
#[inline(always)]
pub fn quoted_string(buf: &mut Vec<u8>, v: &[u8]) {
    escaped(buf, v, true);
}

/// Short strings that need no escaping inline; everything else through [`write`].
#[inline(always)]
fn escaped(buf: &mut Vec<u8>, v: &[u8], log_escapes: bool) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if sse2::short(buf, v) {
        return;
    }
    write(buf, v, log_escapes);
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::write;

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub use sse2::special_mask;

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use portable::write;

/// What one byte that needs attention becomes.
enum Special<'a> {
    /// An escape sequence (its bytes, its length); U+FFFD for invalid UTF-8 is one too.
    Escape([u8; 6], usize),
    /// Valid non-ASCII UTF-8, copied as it is.
    Verbatim(&'a [u8]),
}

/// Whether `c` cannot stand in a JSON string as it is (or is not ASCII, which needs checking):
/// [`special_mask`]'s test for one byte, and where a reader of a JSON string leaves its plain
/// run (`trigger::json_string`).
#[inline(always)]
pub fn is_special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\' || c >= 0x80
}

/// The output for the special byte at `v[i]` and where reading goes on. Consumes at least one
/// byte and never writes more than six per byte consumed.
#[cold]
fn special(v: &[u8], i: usize, log_escapes: bool) -> (Special<'_>, usize) {
    let two = |c: u8| Special::Escape([b'\\', c, 0, 0, 0, 0], 2);
    match v[i] {
        b'"' => (two(b'"'), i + 1),
        b'\\' if log_escapes && v.get(i + 1) == Some(&b'"') => (two(b'"'), i + 2),
        b'\\' => (two(b'\\'), i + 1),
        b'\n' => (two(b'n'), i + 1),
        b'\r' => (two(b'r'), i + 1),
        b'\t' => (two(b't'), i + 1),
        c @ 0..0x20 => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let e = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(c >> 4) as usize],
                HEX[(c & 15) as usize],
            ];
            (Special::Escape(e, 6), i + 1)
        }
        _ => {
            // not ASCII: the valid UTF-8 characters that start here, or one U+FFFD for an
            // invalid sequence
            let chunk = v[i..].utf8_chunks().next();
            let (valid, invalid) =
                chunk.map_or((0, 1), |ch| (ch.valid().len(), ch.invalid().len()));
            let valid_non_ascii = v[i..i + valid].iter().take_while(|&&b| b >= 0x80).count();
            if valid_non_ascii > 0 {
                (
                    Special::Verbatim(&v[i..i + valid_non_ascii]),
                    i + valid_non_ascii,
                )
            } else {
                let [a, b, c, ..] = "\u{FFFD}".as_bytes() else {
                    unreachable!()
                };
                (
                    Special::Escape([*a, *b, *c, 0, 0, 0], 3),
                    i + invalid.max(1),
                )
            }
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::super::copy::copy_short;
    use super::{Special, special};
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_storeu_si128,
    };
    use std::ptr;

    /// Output bytes per input byte at worst (a control byte becomes `\u00XX`).
    const MAX_EXPANSION: usize = 6;
    /// Every copy stores 16 bytes, whatever it keeps of them.
    const SLACK: usize = 16;

    /// Bit i: byte i is a control character, `"`, `\` or not ASCII: what cannot stand in a JSON
    /// string as it is, and so also where a reader of one leaves its plain run
    /// (`trigger::json_string`).
    #[inline(always)]
    pub fn special_mask(chunk: __m128i) -> u32 {
        // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`).
        unsafe {
            // signed compare: bytes 0x00..0x1f and 0x80..0xff are both "less than 0x20"
            let low_or_high = _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20));
            let quote = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(low_or_high, _mm_or_si128(quote, backslash))) as u32
        }
    }

    /// Writes `v` whole when it is shorter than 16 bytes and needs no escaping, the common
    /// case, inlined at the call; `false` leaves `buf` untouched for [`write`].
    #[inline(always)]
    pub(super) fn short(buf: &mut Vec<u8>, v: &[u8]) -> bool {
        let n = v.len();
        let len = buf.len();
        if n >= 16 || buf.capacity() - len < 18 {
            return false;
        }
        // SAFETY: `v` is readable for `n` bytes; the stores cover bytes `len..len + 17` of a
        // buffer with at least 18 spare, and `set_len` covers the `n + 2` written.
        unsafe {
            let mut padded = [b' '; 16];
            copy_short(v.as_ptr(), padded.as_mut_ptr(), n);
            let chunk = _mm_loadu_si128(padded.as_ptr().cast::<__m128i>());
            if special_mask(chunk) != 0 {
                return false;
            }
            let out = buf.as_mut_ptr().add(len);
            *out = b'"';
            _mm_storeu_si128(out.add(1).cast::<__m128i>(), chunk);
            *out.add(1 + n) = b'"';
            buf.set_len(len + n + 2);
        }
        true
    }

    /// Where copying plain bytes stopped: at a special byte (its index, the output there), or
    /// at the end of the input (the output end).
    enum Stop {
        Special(usize, *mut u8),
        End(*mut u8),
    }

    pub(super) fn write(buf: &mut Vec<u8>, v: &[u8], log_escapes: bool) {
        let n = v.len();
        buf.reserve(n * MAX_EXPANSION + 2 + SLACK);
        let start = buf.len();
        let src = v.as_ptr();
        // SAFETY: `reserve` made room for the worst case: the quotes, six output bytes per
        // input byte, and `SLACK` for the 16-byte stores. Before each store at most six bytes
        // were written per byte read, so `out + 16` stays inside that room (what
        // `copy_plain` and `put` need). `set_len` covers only bytes that were written.
        unsafe {
            let base = buf.as_mut_ptr().add(start);
            let mut out = base;
            *out = b'"';
            out = out.add(1);
            let mut i = 0;
            loop {
                match copy_plain(src, n, i, out) {
                    Stop::End(end) => {
                        out = end;
                        break;
                    }
                    Stop::Special(at, o) => {
                        let (what, next) = special(v, at, log_escapes);
                        out = put(what, o);
                        i = next;
                    }
                }
            }
            *out = b'"';
            out = out.add(1);
            buf.set_len(start + out.offset_from(base) as usize);
        }
    }

    /// Copies `src[i..n]` to `out` 16 bytes at a time until the next special byte or the end.
    ///
    /// # Safety
    /// `src` is readable for `n` bytes (whole chunks are loaded while 16 remain, the tail
    /// through a padded stack copy); `out` has room for 16 bytes past every byte it keeps.
    #[inline(always)]
    unsafe fn copy_plain(src: *const u8, n: usize, mut i: usize, mut out: *mut u8) -> Stop {
        // SAFETY: as the function's contract says.
        unsafe {
            while i + 16 <= n {
                let chunk = _mm_loadu_si128(src.add(i).cast::<__m128i>());
                _mm_storeu_si128(out.cast::<__m128i>(), chunk);
                let mask = special_mask(chunk);
                if mask != 0 {
                    let t = mask.trailing_zeros() as usize;
                    return Stop::Special(i + t, out.add(t));
                }
                i += 16;
                out = out.add(16);
            }
            let rest = n - i;
            if rest == 0 {
                return Stop::End(out);
            }
            // fewer than 16 left: pad with spaces (never special) to check them at once
            let mut padded = [b' '; 16];
            copy_short(src.add(i), padded.as_mut_ptr(), rest);
            let chunk = _mm_loadu_si128(padded.as_ptr().cast::<__m128i>());
            _mm_storeu_si128(out.cast::<__m128i>(), chunk);
            let mask = special_mask(chunk);
            if mask == 0 {
                return Stop::End(out.add(rest));
            }
            let t = mask.trailing_zeros() as usize;
            Stop::Special(i + t, out.add(t))
        }
    }

    /// Writes a special byte's output at `out`; returns the output after it.
    ///
    /// # Safety
    /// `out` has room for six bytes (`\u00XX`), or for the verbatim text.
    #[inline(always)]
    unsafe fn put(what: Special, out: *mut u8) -> *mut u8 {
        // SAFETY: as the function's contract says; the sources are other memory.
        unsafe {
            match what {
                Special::Escape(bytes, len) => {
                    ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len());
                    out.add(len)
                }
                Special::Verbatim(text) => {
                    ptr::copy_nonoverlapping(text.as_ptr(), out, text.len());
                    out.add(text.len())
                }
            }
        }
    }
}

/// The same output without SIMD or unsafe code: other targets use it, tests compare with it.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(super) mod portable {
    use super::{Special, is_special, special};

    pub fn write(buf: &mut Vec<u8>, v: &[u8], log_escapes: bool) {
        buf.reserve(v.len() + 2);
        buf.push(b'"');
        let mut pos = 0;
        while let Some(found) = v[pos..].iter().position(|&c| is_special(c)) {
            let i = pos + found;
            buf.extend_from_slice(&v[pos..i]);
            let (what, next) = special(v, i, log_escapes);
            match what {
                Special::Escape(bytes, len) => buf.extend_from_slice(&bytes[..len]),
                Special::Verbatim(text) => buf.extend_from_slice(text),
            }
            pos = next;
        }
        buf.extend_from_slice(&v[pos..]);
        buf.push(b'"');
    }
}

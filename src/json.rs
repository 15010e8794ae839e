//! A minimal JSON writer over a reused `Vec<u8>`: no intermediate values, no allocation.
//! Objects opened with [`JsonOut::open`] vanish again if nothing is written into them, so the
//! encoder can open `url` or `tls` unconditionally and absent fields cost nothing.
//! Strings are bytes from the log: invalid UTF-8 becomes U+FFFD, never an error.

const MAX_DEPTH: usize = 8;

/// A member key, quoted and with its colon, built at compile time: `k!("name")` is
/// `"name":`. One copy per key instead of three on the hottest path of the encoder.
#[macro_export]
macro_rules! k {
    ($name:literal) => {
        concat!("\"", $name, "\":")
    };
}

pub struct JsonOut<'a> {
    buf: &'a mut Vec<u8>,
    /// Where each open container started (to undo it when it stays empty).
    start: [usize; MAX_DEPTH],
    /// Bit d: the container at depth d holds an item.
    items: u32,
    /// Bit d: the parent of the container at depth d held an item before it was opened.
    parent_items: u32,
    depth: usize,
}

impl<'a> JsonOut<'a> {
    /// Starts a top-level object at the end of `buf`.
    pub fn object(buf: &'a mut Vec<u8>) -> Self {
        // one reservation per document keeps the many small writes free of reallocation
        buf.reserve(4096);
        buf.push(b'{');
        JsonOut {
            buf,
            start: [0; MAX_DEPTH],
            items: 0,
            parent_items: 0,
            depth: 0,
        }
    }

    /// Closes the top-level object and ends the line.
    pub fn finish(self) {
        debug_assert_eq!(self.depth, 0, "unclosed JSON container");
        self.buf.extend_from_slice(b"}\n");
    }

    #[inline(always)]
    fn comma(&mut self) {
        let bit = 1u32 << self.depth;
        if self.items & bit != 0 {
            self.buf.push(b',');
        }
        self.items |= bit;
    }

    /// Writes a member key made with [`k!`].
    #[inline(always)]
    pub fn key(&mut self, quoted_key: &str) {
        debug_assert!(
            quoted_key.starts_with('"') && quoted_key.ends_with("\":"),
            "use k!(): {quoted_key}"
        );
        self.comma();
        self.buf.extend_from_slice(quoted_key.as_bytes());
    }

    #[inline(always)]
    fn open_with(&mut self, k: &str, bracket: u8) {
        let start = self.buf.len();
        let had = self.items & (1 << self.depth) != 0;
        self.key(k);
        self.buf.push(bracket);
        self.depth += 1;
        assert!(self.depth < MAX_DEPTH, "JSON nesting too deep");
        let bit = 1u32 << self.depth;
        self.start[self.depth] = start;
        self.parent_items = if had {
            self.parent_items | bit
        } else {
            self.parent_items & !bit
        };
        self.items &= !bit;
    }

    #[inline(always)]
    fn close_with(&mut self, bracket: u8) {
        let bit = 1u32 << self.depth;
        let had_parent = self.parent_items & bit != 0;
        let filled = self.items & bit != 0;
        let start = self.start[self.depth];
        self.depth -= 1;
        if filled {
            self.buf.push(bracket);
        } else {
            self.buf.truncate(start);
            let parent = 1u32 << self.depth;
            self.items = if had_parent {
                self.items | parent
            } else {
                self.items & !parent
            };
        }
    }

    #[inline(always)]
    pub fn open(&mut self, k: &str) {
        self.open_with(k, b'{');
    }

    #[inline(always)]
    pub fn close(&mut self) {
        self.close_with(b'}');
    }

    #[inline(always)]
    pub fn open_array(&mut self, k: &str) {
        self.open_with(k, b'[');
    }

    #[inline(always)]
    pub fn close_array(&mut self) {
        self.close_with(b']');
    }

    /// A string member.
    #[inline(always)]
    pub fn str(&mut self, k: &str, v: &[u8]) {
        self.key(k);
        string(self.buf, v);
    }

    #[inline(always)]
    pub fn opt_str(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    /// A string member whose value is a constant that needs no escaping.
    #[inline(always)]
    pub fn str_const(&mut self, k: &str, v: &'static str) {
        debug_assert!(!v.bytes().any(is_special), "constant needs escaping: {v}");
        self.key(k);
        self.buf.push(b'"');
        self.buf.extend_from_slice(v.as_bytes());
        self.buf.push(b'"');
    }

    /// A string member from a quoted log field: `\"` inside it is a quote.
    #[inline(always)]
    pub fn quoted(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.key(k);
            quoted_string(self.buf, v);
        }
    }

    /// A number member from text already validated as a JSON number.
    #[inline(always)]
    pub fn num(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.key(k);
            self.buf.extend_from_slice(v);
        }
    }

    pub fn u64(&mut self, k: &str, v: u64) {
        self.key(k);
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }

    /// A member whose value is already serialised JSON.
    #[inline(always)]
    pub fn raw(&mut self, k: &str, json: &[u8]) {
        self.key(k);
        self.buf.extend_from_slice(json);
    }

    #[inline(always)]
    pub fn item_str(&mut self, v: &[u8]) {
        self.comma();
        string(self.buf, v);
    }

    /// An array item from a quoted log field.
    #[inline(always)]
    pub fn item_quoted(&mut self, v: &[u8]) {
        self.comma();
        quoted_string(self.buf, v);
    }

    #[inline(always)]
    pub fn item_num(&mut self, v: &[u8]) {
        self.comma();
        self.buf.extend_from_slice(v);
    }

    /// Direct access for callers that write a value by hand after [`JsonOut::key`].
    pub fn buf(&mut self) -> &mut Vec<u8> {
        self.buf
    }
}

/// Writes `v` as a JSON string; invalid UTF-8 sequences become U+FFFD.
pub fn string(buf: &mut Vec<u8>, v: &[u8]) {
    write_string(buf, v, false);
}

/// As [`string`], with the log's `\"` escape read as a quote.
pub fn quoted_string(buf: &mut Vec<u8>, v: &[u8]) {
    write_string(buf, v, true);
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is a control character, `"`, `\` or not ASCII (exact, SWAR).
#[inline(always)]
fn has_special(w: u64) -> bool {
    let control = w.wrapping_sub(LO * 0x20) & !w;
    let q = w ^ (LO * u64::from(b'"'));
    let quote = q.wrapping_sub(LO) & !q;
    let b = w ^ (LO * u64::from(b'\\'));
    let backslash = b.wrapping_sub(LO) & !b;
    (control | quote | backslash | w) & HI != 0
}

#[inline(always)]
fn is_special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\' || c >= 0x80
}

/// Index of the first byte at or after `from` that needs attention: 16 bytes at a time with
/// SSE2 (every x86_64 has it), 8 at a time elsewhere. Log strings are short, so the tail is
/// checked with one overlapping load instead of a byte loop.
#[inline]
fn find_special(v: &[u8], from: usize) -> Option<usize> {
    let len = v.len();
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of the x86_64 baseline; every load reads 16 bytes inside `v`.
        let mask_at = |at: usize| unsafe {
            let chunk = _mm_loadu_si128(v.as_ptr().add(at).cast::<__m128i>());
            // signed compare: bytes 0x00..0x1f and 0x80..0xff are both "less than 0x20"
            let low_or_high = _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20));
            let quote = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(low_or_high, _mm_or_si128(quote, backslash))) as u32
        };
        if len - i >= 16 {
            while i + 16 <= len {
                let mask = mask_at(i);
                if mask != 0 {
                    return Some(i + mask.trailing_zeros() as usize);
                }
                i += 16;
            }
            if i == len {
                return None;
            }
            // the last 16 bytes, overlapping what was checked: only the new ones count
            let start = len - 16;
            let mask = mask_at(start) >> (i - start);
            return (mask != 0).then(|| i + mask.trailing_zeros() as usize);
        }
    }
    while i + 8 <= len {
        let mut word = [0u8; 8];
        word.copy_from_slice(&v[i..i + 8]);
        if has_special(u64::from_le_bytes(word)) {
            break;
        }
        i += 8;
    }
    v[i..].iter().position(|&c| is_special(c)).map(|p| i + p)
}

fn write_string(buf: &mut Vec<u8>, v: &[u8], log_escapes: bool) {
    buf.reserve(v.len() + 2);
    buf.push(b'"');
    let mut pos = 0;
    while let Some(i) = find_special(v, pos) {
        buf.extend_from_slice(&v[pos..i]);
        let c = v[i];
        pos = i + 1;
        match c {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' if log_escapes && v.get(i + 1) == Some(&b'"') => {
                buf.extend_from_slice(b"\\\"");
                pos = i + 2;
            }
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            0..0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(c >> 4) as usize],
                    HEX[(c & 15) as usize],
                ]);
            }
            _ => {
                // not ASCII: copy the valid UTF-8 characters that start here, or one U+FFFD
                // for an invalid sequence
                let chunk = v[i..].utf8_chunks().next();
                let (valid, invalid) =
                    chunk.map_or((0, 1), |ch| (ch.valid().len(), ch.invalid().len()));
                let valid_non_ascii = v[i..i + valid].iter().take_while(|&&b| b >= 0x80).count();
                if valid_non_ascii > 0 {
                    buf.extend_from_slice(&v[i..i + valid_non_ascii]);
                    pos = i + valid_non_ascii;
                } else {
                    buf.extend_from_slice("\u{FFFD}".as_bytes());
                    pos = i + invalid.max(1);
                }
            }
        }
    }
    buf.extend_from_slice(&v[pos..]);
    buf.push(b'"');
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;

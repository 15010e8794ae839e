//! Finding the end of a field (a log line's, or a JSON record's string). Most fields are a few
//! bytes long, where `memchr`'s runtime dispatch costs more than the search, so on x86_64 this
//! checks 16 bytes per step with inlined SSE2 (where the target has it: `target_feature =
//! "sse2"`) and falls back to a byte loop elsewhere and for the last few bytes. A leaf: the
//! parser and the vended-record reader both use it.

/// Position of the first `a` or `b` in `hay`.
#[inline(always)]
pub fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        let len = hay.len();
        // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`); every load reads 16 bytes inside `hay`.
        let mask_at = |at: usize| unsafe {
            let chunk = _mm_loadu_si128(hay.as_ptr().add(at).cast::<__m128i>());
            let hit = _mm_or_si128(
                _mm_cmpeq_epi8(chunk, _mm_set1_epi8(a as i8)),
                _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b as i8)),
            );
            _mm_movemask_epi8(hit) as u32
        };
        if len >= 16 {
            let mut i = 0;
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
    hay.iter().position(|&c| c == a || c == b)
}

/// Position of the first byte that ends a JSON string's plain run: `"`, `\\` or a control
/// byte (below 0x20, which JSON does not allow unescaped).
#[inline(always)]
pub fn find_json_stop(hay: &[u8]) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        let len = hay.len();
        // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`); every load reads 16 bytes inside `hay`.
        let mask_at = |at: usize| unsafe {
            let chunk = _mm_loadu_si128(hay.as_ptr().add(at).cast::<__m128i>());
            let quote = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b'\\' as i8));
            // unsigned c <= 0x1f  <=>  min(c, 0x1f) == c
            let control = _mm_cmpeq_epi8(_mm_min_epu8(chunk, _mm_set1_epi8(0x1f)), chunk);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
        };
        let mut i = 0;
        while i + 16 <= len {
            let mask = mask_at(i);
            if mask != 0 {
                return Some(i + mask.trailing_zeros() as usize);
            }
            i += 16;
        }
        return json_stop_portable(&hay[i..]).map(|k| i + k);
    }
    #[allow(unreachable_code)]
    json_stop_portable(hay)
}

/// [`find_json_stop`]'s portable twin (and its tail).
#[inline(always)]
pub fn json_stop_portable(hay: &[u8]) -> Option<usize> {
    hay.iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
}

/// Position of the first `needle` in `hay`.
#[inline(always)]
pub fn find(hay: &[u8], needle: u8) -> Option<usize> {
    find2(hay, needle, needle)
}

/// Position of the first `"` in `hay` that no backslash escapes: where a quoted string whose
/// opening quote is just before `hay` ends. The legacy parser's quoted fields and the JSON
/// strings with escapes of vended records both end so.
#[inline(always)]
pub fn closing_quote(hay: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = find2(&hay[at..], b'"', b'\\') {
        let p = at + found;
        if hay[p] == b'"' {
            return Some(p);
        }
        at = p + 2;
        if at > hay.len() {
            break;
        }
    }
    None
}

/// The positions of `a` or `b` in `hay`, in order: the ends of a record's fields in one search
/// of the record, 16 bytes a step, instead of one search per field (whose setup and last bytes
/// cost more than a short field). Inlined SSE2 where the target has it; `positions_portable`
/// elsewhere, and as the twin the tests compare it with.
#[inline(always)]
pub fn positions(hay: &[u8], a: u8, b: u8) -> Positions<'_> {
    Positions {
        hay,
        needles: (a, b),
        base: 0,
        mask: 0,
        loaded: false,
    }
}

/// [`positions`]' portable twin.
pub fn positions_portable(hay: &[u8], a: u8, b: u8) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, c)| **c == a || **c == b)
        .map(|(i, _)| i)
}

/// The iterator of [`positions`]: the matches of the 16 bytes at `base` not yet handed out.
pub struct Positions<'a> {
    hay: &'a [u8],
    needles: (u8, u8),
    base: usize,
    mask: u32,
    loaded: bool,
}

impl Iterator for Positions<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            if self.loaded {
                self.base += 16;
            }
            if self.base >= self.hay.len() {
                return None;
            }
            self.loaded = true;
            self.mask = self.chunk_mask();
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

impl Positions<'_> {
    /// The matches among the (up to) 16 bytes at `base`, bit `k` for byte `base + k`.
    #[inline(always)]
    fn chunk_mask(&self) -> u32 {
        let (hay, base, len) = (self.hay, self.base, self.hay.len());
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if len >= 16 {
            use std::arch::x86_64::{
                __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
                _mm_set1_epi8,
            };
            // the last chunk is loaded overlapping the one before, and only its new bytes count
            let start = base.min(len - 16);
            let (a, b) = self.needles;
            // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`); `start + 16 <= len`, so the load reads 16 bytes inside `hay`.
            let mask = unsafe {
                let chunk = _mm_loadu_si128(hay.as_ptr().add(start).cast::<__m128i>());
                let hit = _mm_or_si128(
                    _mm_cmpeq_epi8(chunk, _mm_set1_epi8(a as i8)),
                    _mm_cmpeq_epi8(chunk, _mm_set1_epi8(b as i8)),
                );
                _mm_movemask_epi8(hit) as u32
            };
            return mask >> (base - start);
        }
        hay[base..len.min(base + 16)]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == self.needles.0 || **c == self.needles.1)
            .fold(0, |m, (k, _)| m | 1 << k)
    }
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;

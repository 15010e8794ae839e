//! Finding the end of a field. Most log fields are a few bytes long, where `memchr`'s
//! runtime dispatch costs more than the search, so on x86_64 this checks 16 bytes per step
//! with inlined SSE2 (part of the x86_64 baseline) and falls back to a byte loop elsewhere
//! and for the last few bytes of a line.

/// Position of the first `a` or `b` in `hay`.
#[inline(always)]
pub fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        let len = hay.len();
        // SAFETY: SSE2 is part of the x86_64 baseline; every load reads 16 bytes inside `hay`.
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

/// Position of the first `needle` in `hay`.
#[inline(always)]
pub fn find(hay: &[u8], needle: u8) -> Option<usize> {
    find2(hay, needle, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_match_at_every_position_and_length() {
        for len in 0..50 {
            for at in 0..=len {
                let mut hay = vec![b'x'; len];
                if at < len {
                    hay[at] = b' ';
                }
                let want = (at < len).then_some(at);
                assert_eq!(find(&hay, b' '), want, "len {len} at {at}");
                if at + 1 < len {
                    hay[at + 1] = b'"';
                }
                assert_eq!(find2(&hay, b'"', b' '), want, "len {len} at {at}");
                assert_eq!(
                    find2(&hay, b'"', b'\\'),
                    (at + 1 < len).then_some(at + 1),
                    "len {len} at {at}"
                );
            }
        }
    }
}

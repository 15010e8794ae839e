//! The OpenTelemetry trace id inside an ALB `X-Amzn-Trace-Id` value.
//!
//! Every ALB line carries one, so this runs once per line: the root is usually at the start
//! of the header, and its 32 hex digits are checked and lowercased 16 at a time. A generic
//! substring search (which builds its searcher per call) and a per-byte loop cost ≈ 760
//! instructions per ALB line, 7 % of parsing and encoding it.

use crate::scan;

const ROOT: &[u8] = b"Root=1-";

/// The 32 lowercase hex digits of the header's `Root=1-{8 hex}-{24 hex}`; `None` when there
/// is no well-formed root.
pub fn otel_trace_id(header: &[u8]) -> Option<[u8; 32]> {
    let at = find_root(header)? + ROOT.len();
    let root = header.get(at..at + 33)?;
    if root[8] != b'-' {
        return None;
    }
    let mut out = [0u8; 32];
    out[..8].copy_from_slice(&root[..8]);
    out[8..].copy_from_slice(&root[9..]);
    hex_lowercase(&mut out).then_some(out)
}

/// Where the first `Root=1-` starts.
#[inline(always)]
fn find_root(header: &[u8]) -> Option<usize> {
    if header.starts_with(ROOT) {
        return Some(0);
    }
    let mut from = 0;
    while let Some(r) = scan::find(&header[from..], b'R') {
        let at = from + r;
        if header[at..].starts_with(ROOT) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Lowercases `id` in place; `false` when a byte is not a hex digit.
#[inline(always)]
fn hex_lowercase(id: &mut [u8; 32]) -> bool {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::hex_lowercase(id)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        portable::hex_lowercase(id)
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_storeu_si128,
    };

    /// Both halves through [`half`]; stores only when both are hex.
    #[inline(always)]
    pub(super) fn hex_lowercase(id: &mut [u8; 32]) -> bool {
        // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`); loads and stores stay inside `id`.
        unsafe {
            let p = id.as_mut_ptr().cast::<__m128i>();
            let (a, ok_a) = half(_mm_loadu_si128(p));
            let (b, ok_b) = half(_mm_loadu_si128(p.add(1)));
            if !(ok_a && ok_b) {
                return false;
            }
            _mm_storeu_si128(p, a);
            _mm_storeu_si128(p.add(1), b);
        }
        true
    }

    /// 16 bytes lowercased, and whether all were `0-9`, `a-f` or `A-F`. Setting bit 0x20
    /// lowercases letters and leaves digits as they are, so one OR does it; the digit test
    /// runs on the original bytes so that control bytes (0x10–0x19 | 0x20 = `0`–`9`) fail.
    #[inline(always)]
    fn half(chunk: __m128i) -> (__m128i, bool) {
        // SAFETY: compiled only where the target has SSE2 (`target_feature = "sse2"`). Signed compares: bytes ≥ 0x80 are
        // negative, so below every bound here, and fail both tests.
        unsafe {
            let between = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let lower = _mm_or_si128(chunk, _mm_set1_epi8(0x20));
            let hex = _mm_or_si128(between(chunk, b'0', b'9'), between(lower, b'a', b'f'));
            (lower, _mm_movemask_epi8(hex) == 0xffff)
        }
    }
}

/// The same without SIMD: other targets use it, tests compare with it.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(super) mod portable {
    pub fn hex_lowercase(id: &mut [u8; 32]) -> bool {
        if !id.iter().all(u8::is_ascii_hexdigit) {
            return false;
        }
        id.make_ascii_lowercase();
        true
    }
}

#[cfg(test)]
#[path = "trace_id_tests.rs"]
mod tests;

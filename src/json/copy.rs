//! Appending the short slices a document is made of (numbers, timestamps, addresses) without
//! a call to `memcpy`, whose set-up costs more than copying ten bytes.

use std::ptr;

/// Copies `n <= 32` bytes with at most two overlapping loads and stores.
///
/// # Safety
/// `src` is readable and `dst` writable for `n` bytes.
#[inline(always)]
pub(super) unsafe fn copy_short(src: *const u8, dst: *mut u8, n: usize) {
    debug_assert!(n <= 32);
    unsafe {
        if n >= 16 {
            let a = ptr::read_unaligned(src.cast::<u128>());
            let b = ptr::read_unaligned(src.add(n - 16).cast::<u128>());
            ptr::write_unaligned(dst.cast::<u128>(), a);
            ptr::write_unaligned(dst.add(n - 16).cast::<u128>(), b);
        } else if n >= 8 {
            let a = ptr::read_unaligned(src.cast::<u64>());
            let b = ptr::read_unaligned(src.add(n - 8).cast::<u64>());
            ptr::write_unaligned(dst.cast::<u64>(), a);
            ptr::write_unaligned(dst.add(n - 8).cast::<u64>(), b);
        } else if n >= 4 {
            let a = ptr::read_unaligned(src.cast::<u32>());
            let b = ptr::read_unaligned(src.add(n - 4).cast::<u32>());
            ptr::write_unaligned(dst.cast::<u32>(), a);
            ptr::write_unaligned(dst.add(n - 4).cast::<u32>(), b);
        } else if n > 0 {
            *dst = *src;
            *dst.add(n / 2) = *src.add(n / 2);
            *dst.add(n - 1) = *src.add(n - 1);
        }
    }
}

/// `buf.extend_from_slice(v)`, inlined for short `v`.
#[inline(always)]
pub fn put(buf: &mut Vec<u8>, v: &[u8]) {
    let n = v.len();
    let len = buf.len();
    if n <= 32 && buf.capacity() - len >= 32 {
        // SAFETY: `v` is readable for `n` bytes and the spare capacity holds at least 32.
        unsafe {
            copy_short(v.as_ptr(), buf.as_mut_ptr().add(len), n);
            buf.set_len(len + n);
        }
    } else {
        buf.extend_from_slice(v);
    }
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod tests;

//! Allocator tuning for the buffers the pipeline cycles through.
//!
//! Batch buffers and read-ahead chunks are 256 KiB. glibc serves anything from 128 KiB up
//! with its own `mmap` and unmaps it on free, so every buffer that did not fit the idle pools
//! came back as 64 fresh page faults; and freed heap tops are trimmed back to the kernel and
//! faulted in again. Measured on a 1 M-line object: 24–39 k minor page faults per run before,
//! about 5 k after. The process's memory stays bounded by its peak use, which the windows
//! bound; it is only no longer handed back and forth.
//!
//! One arena: glibc gives each thread that allocates an arena of its own (up to eight per
//! core), and each arena keeps what was freed in it. Since lines are parsed and encoded on
//! worker threads, batch buffers are allocated and freed all over them: peak RSS of a 1 M-row
//! Parquet object rose from 52 to 79–83 MB, of a 1 M-line ALB object from 25 to 51–58 MB. With
//! one arena they were 45–46 and 31 MB, at the same speed (release binary, alternate runs):
//! the threads allocate a buffer per batch, not per line, so they hardly contend for it.

/// Serve allocations up to 4 MiB from the heap, trim it only past 64 MiB free, and keep one
/// arena for every thread.
pub fn reuse_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

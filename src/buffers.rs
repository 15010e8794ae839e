//! Large buffers handed back when their contents are used up and reused, so a long object
//! does not allocate (and fault in, page by page) a fresh 256 KiB buffer for every batch or
//! decompressed chunk. It keeps no more buffers than were in flight at once, up to a cap, so
//! it adds nothing to the pipeline's memory bound.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct Buffers {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    free: Mutex<Vec<Vec<u8>>>,
    /// At most this many idle buffers are kept.
    keep: usize,
    /// Largest capacity asked for: a buffer that grew far beyond it (one huge line) is freed.
    largest: AtomicUsize,
}

impl Buffers {
    /// A pool that keeps at most `keep` idle buffers.
    pub fn new(keep: usize) -> Self {
        Buffers {
            inner: Arc::new(Inner {
                free: Mutex::new(Vec::new()),
                keep,
                largest: AtomicUsize::new(0),
            }),
        }
    }

    /// An empty buffer with room for `capacity` bytes, reused when one is free.
    pub fn take(&self, capacity: usize) -> Vec<u8> {
        self.inner.largest.fetch_max(capacity, Ordering::Relaxed);
        let reused = self.inner.free.lock().ok().and_then(|mut free| free.pop());
        match reused {
            Some(mut buf) => {
                buf.reserve(capacity);
                buf
            }
            None => Vec::with_capacity(capacity),
        }
    }

    /// Hands a buffer back once its contents are no longer needed.
    pub fn give(&self, mut buf: Vec<u8>) {
        let capacity = buf.capacity();
        if capacity == 0 || capacity > 2 * self.inner.largest.load(Ordering::Relaxed) {
            return;
        }
        buf.clear();
        if let Ok(mut free) = self.inner.free.lock()
            && free.len() < self.inner.keep
        {
            free.push(buf);
        }
    }
}

#[cfg(test)]
#[path = "buffers_tests.rs"]
mod tests;

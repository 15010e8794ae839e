//! The events of a CloudWatch Logs payload as lines: each event's record is one line, keyed
//! by a hash of its event id instead of a byte offset, so the same event gets the same
//! `event.id` however CloudWatch or Kinesis batch it when delivering it again.

use std::future::Future;

use super::decode::{Line, LineSource};
use crate::trigger::Events;

/// Events in delivery order.
pub struct EventLines {
    events: Events,
    keys: Vec<u64>,
    next: usize,
    position: u64,
}

impl EventLines {
    pub fn new(events: Events) -> Self {
        let keys = events.iter().map(|e| event_key(&e.id)).collect();
        EventLines {
            events,
            keys,
            next: 0,
            position: 0,
        }
    }
}

/// A 64-bit key of an event id (CloudWatch's are 56-digit decimal strings).
pub fn event_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

impl LineSource for EventLines {
    fn next_line(&mut self) -> impl Future<Output = std::io::Result<Option<Line<'_>>>> + Send {
        let i = self.next;
        let line = (i < self.events.len()).then(|| {
            let bytes = self.events.message(i);
            // a record is one line; a trailing newline some writers add is framing
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            self.position += bytes.len() as u64 + 1;
            Line {
                offset: self.keys[i],
                bytes,
                truncated: false,
                len: bytes.len() as u64,
            }
        });
        self.next += 1;
        std::future::ready(Ok(line))
    }

    fn position(&self) -> u64 {
        self.position
    }
}

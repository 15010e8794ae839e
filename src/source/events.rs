//! The events of a CloudWatch Logs payload as lines: each event's record is one line, keyed
//! by a hash of its event id instead of a byte offset, so the same event gets the same
//! `event.id` however CloudWatch or Kinesis batch it when delivering it again.

use std::future::Future;

use super::decode::{Line, LineSource};

/// Events in delivery order: (event id, record).
pub struct EventLines {
    events: Vec<(u64, String)>,
    next: usize,
    position: u64,
}

impl EventLines {
    pub fn new(events: impl IntoIterator<Item = (String, String)>) -> Self {
        let events = events
            .into_iter()
            .map(|(id, message)| (event_key(&id), message))
            .collect();
        EventLines {
            events,
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
        let line = self.events.get(self.next).map(|(key, message)| {
            // a record is one line; a trailing newline some writers add is framing
            let bytes = message.as_bytes();
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            self.position += bytes.len() as u64 + 1;
            Line {
                offset: *key,
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

//! A subscription payload's log events: their messages, already unescaped, one after another in
//! one buffer (not a `String` each), and where each starts and ends.

use std::ops::Range;

/// Events in delivery order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Events {
    text: Vec<u8>,
    list: Vec<EventAt>,
}

/// One log event: its id (unique, and the same when delivered again), time, and where its
/// message stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventAt {
    /// A 56-digit decimal string from AWS; a number from moto, taken as its digits.
    pub id: String,
    /// Milliseconds since the epoch, when CloudWatch received the event.
    pub timestamp: i64,
    message: Range<usize>,
}

impl Events {
    /// Events whose messages are text (FilterLogEvents gives them so; its times are not kept).
    pub fn from_messages(events: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut out = Events::default();
        for (id, message) in events {
            out.push(id, 0, message.as_bytes());
        }
        out
    }

    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    pub(super) fn with_capacity(text: usize) -> Self {
        Events {
            text: Vec::with_capacity(text),
            list: Vec::new(),
        }
    }

    pub fn push(&mut self, id: String, timestamp: i64, message: &[u8]) {
        let start = self.text.len();
        self.text.extend_from_slice(message);
        self.push_written(id, timestamp, start..self.text.len());
    }

    /// The text, for a reader that writes a message into it before it knows the event's id
    /// (a payload's members come in any order); then [`Events::push_written`].
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    pub(super) fn text(&mut self) -> &mut Vec<u8> {
        &mut self.text
    }

    /// An event whose message was written into the text at `message`.
    pub(super) fn push_written(&mut self, id: String, timestamp: i64, message: Range<usize>) {
        self.list.push(EventAt {
            id,
            timestamp,
            message,
        });
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &EventAt> {
        self.list.iter()
    }

    /// The message of event `i`.
    pub fn message(&self, i: usize) -> &[u8] {
        &self.text[self.list[i].message.clone()]
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;

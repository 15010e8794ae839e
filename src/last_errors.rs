//! The last few errors of a kind, and error texts cut to a bounded length: what every stage
//! keeps instead of logging per line, so memory and log volume stay bounded however many lines
//! fail. A leaf: every stage may use it.

use std::collections::VecDeque;

use serde::Serialize;

/// How many recent errors of each kind a summary keeps.
pub const LAST_ERRORS: usize = 5;
/// Error texts are cut to this many characters.
pub const ERROR_CHARS: usize = 256;

/// The last [`LAST_ERRORS`] entries, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastErrors<T>(VecDeque<T>);

impl<T> Default for LastErrors<T> {
    fn default() -> Self {
        LastErrors(VecDeque::new())
    }
}

impl<T> LastErrors<T> {
    pub fn push(&mut self, e: T) {
        if self.0.len() == LAST_ERRORS {
            self.0.pop_front();
        }
        self.0.push_back(e);
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: LastErrors<T>) {
        for e in other.0 {
            self.push(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for LastErrors<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

pub fn truncate(s: &str) -> String {
    match s.char_indices().nth(ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

#[cfg(test)]
#[path = "last_errors_tests.rs"]
mod tests;

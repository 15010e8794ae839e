//! What reading one object has counted, and what it produced when it ended.

use crate::last_errors::{LastErrors, truncate};
use crate::source::SourceError;
use crate::summary::{LineCounts, ObjectSummary, ParseErrorRecord};

/// What reading one object produced.
pub struct ObjectRun {
    pub summary: ObjectSummary,
    pub parse_errors: LastErrors<ParseErrorRecord>,
    pub error: Option<SourceError>,
}

impl ObjectRun {
    /// An object that could not be read at all.
    pub fn failed(object: String, error: SourceError) -> Self {
        ObjectRun {
            summary: ObjectSummary {
                object,
                counts: LineCounts::default(),
                error: Some(truncate(&error.to_string())),
            },
            parse_errors: LastErrors::default(),
            error: Some(error),
        }
    }
}

/// What reading one object has counted so far, and the object's name for its errors.
pub(super) struct Tally {
    pub(super) object: String,
    pub(super) counts: LineCounts,
    parse_errors: LastErrors<ParseErrorRecord>,
}

impl Tally {
    pub(super) fn new(object: String) -> Self {
        Tally {
            object,
            counts: LineCounts::default(),
            parse_errors: LastErrors::default(),
        }
    }

    /// What a part of the object (a chunk) counted, taken in after the parts before it.
    pub(super) fn absorb(&mut self, part: Tally) {
        self.counts.add(&part.counts);
        self.parse_errors.extend(part.parse_errors);
    }

    #[cold]
    pub(super) fn parse_failure(&mut self, offset: u64, why: &str) {
        self.counts.parse_failures += 1;
        self.parse_errors.push(ParseErrorRecord {
            object: self.object.clone(),
            offset,
            error: truncate(why),
        });
    }

    pub(super) fn read_error(&self, offset: u64, source: std::io::Error) -> SourceError {
        SourceError::Read {
            object: self.object.clone(),
            offset,
            source,
        }
    }

    pub(super) fn stopped(&self, offset: u64) -> SourceError {
        SourceError::Stopped {
            object: self.object.clone(),
            offset,
            why: "the invocation's deadline is near; the rest is left for a retry".into(),
        }
    }

    pub(super) fn finish(self, error: Option<SourceError>) -> ObjectRun {
        let summary = ObjectSummary {
            object: self.object,
            counts: self.counts,
            error: error.as_ref().map(|e| truncate(&e.to_string())),
        };
        ObjectRun {
            summary,
            parse_errors: self.parse_errors,
            error,
        }
    }
}

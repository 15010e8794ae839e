//! One run, as both doors use it: a set of objects (or one stream) through one pipeline into
//! one sink, then every delivery confirmed and folded into one summary. Each object gets a
//! ticket when it starts; its delivery counts come back under that ticket, so they reach the
//! right object whatever order objects finish or are listed in.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::object::Pipeline;
use super::tally::ObjectRun;
use crate::ship::{Sink, Ticket};
use crate::source::events::EventLines;
use crate::source::{ObjectId, Opened, SourceError};
use crate::summary::Summary;

pub struct Run<'p> {
    pipeline: &'p Pipeline,
    sink: Sink,
    started: Instant,
    tickets: AtomicU64,
}

/// One object, read as far as it could be.
pub struct Finished {
    ticket: Ticket,
    run: ObjectRun,
}

/// What a door needs after the run: the summary, and each object's read error (in the order
/// of `summary.objects`) for its own decisions (exit code, retry, Batch Operations' result).
pub struct RunOutcome {
    pub summary: Summary,
    pub errors: Vec<Option<SourceError>>,
}

impl<'p> Run<'p> {
    /// `started` is when the door began, so the summary's duration covers listing and events.
    pub fn new(pipeline: &'p Pipeline, sink: Sink, started: Instant) -> Self {
        Run {
            pipeline,
            sink,
            started,
            tickets: AtomicU64::new(0),
        }
    }

    /// Opens one object (named `name` if it cannot be opened) and reads it to its end, or
    /// until `deadline`.
    pub async fn object(
        &self,
        name: String,
        open: impl Future<Output = Result<Opened, SourceError>>,
        deadline: Option<Instant>,
    ) -> Finished {
        let ticket = Ticket(self.tickets.fetch_add(1, Ordering::Relaxed));
        let run = match open.await {
            Ok(mut o) => {
                self.pipeline
                    .run_object(&mut o, ticket, &self.sink, deadline)
                    .await
            }
            Err(e) => ObjectRun::failed(name, e),
        };
        Finished { ticket, run }
    }

    /// The events of one CloudWatch Logs payload, named `name` in the summary.
    pub async fn events(
        &self,
        id: &ObjectId,
        events: EventLines,
        deadline: Option<Instant>,
    ) -> Finished {
        let ticket = Ticket(self.tickets.fetch_add(1, Ordering::Relaxed));
        let run = self
            .pipeline
            .run_events(id, ticket, events, &self.sink, deadline)
            .await;
        Finished { ticket, run }
    }

    /// An object that was never started (unlisted, or no time left): reported, not read.
    pub fn not_read(&self, name: String, error: SourceError) -> Finished {
        let ticket = Ticket(self.tickets.fetch_add(1, Ordering::Relaxed));
        Finished {
            ticket,
            run: ObjectRun::failed(name, error),
        }
    }

    /// Waits until every batch is delivered or failed, and folds it all into the summary,
    /// objects in the order given.
    pub async fn finish(self, finished: Vec<Finished>) -> RunOutcome {
        let report = self.sink.finish().await;
        let mut summary = Summary::default();
        let mut at = HashMap::with_capacity(finished.len());
        let mut errors = Vec::with_capacity(finished.len());
        for f in finished {
            at.insert(f.ticket, summary.objects.len());
            summary.add_object(f.run.summary, f.run.parse_errors);
            errors.push(f.run.error);
        }
        summary.apply_delivery(report, |ticket| at.get(&ticket).copied());
        summary.duration_ms = self.started.elapsed().as_millis() as u64;
        RunOutcome { summary, errors }
    }
}

//! One invocation of CloudWatch Logs subscription data, direct or through Kinesis: each
//! payload's events through the run (their records legacy lines or vended records), control
//! messages skipped and counted, data that is no payload read as lines, and the answer Lambda
//! expects — Kinesis: `batchItemFailures` naming the first record not fully delivered (Lambda
//! retries from there; the records before it are done); direct: an error when anything was
//! not delivered, so Lambda retries the delivery.

use std::io::Cursor;
use std::time::Instant;

use aws_lambda_events::event::sqs::SqsBatchResponse;

use super::handler::{Function, Invocation, Response};
use crate::pipeline::{Finished, Run, RunOutcome};
use crate::source::events::EventLines;
use crate::source::{BoxRead, ObjectId, ObjectSource, Opened, SourceError};
use crate::trigger::{LogsBatch, LogsData, LogsRecord, Payload};

impl<S: ObjectSource> Function<S> {
    pub(super) async fn handle_logs(
        &self,
        run: Run<'_>,
        batch: LogsBatch,
        invocation: &Invocation,
        cold_start: bool,
        stop_at: Instant,
    ) -> Result<Response, String> {
        // the records' data moves into the run; what the answer needs is kept aside
        let sequences: Vec<Option<String>> =
            batch.records.iter().map(|r| r.sequence.clone()).collect();
        let Records {
            finished,
            from,
            skipped,
            mut errors,
        } = read_records(&run, batch.records, stop_at).await;
        let RunOutcome {
            summary,
            errors: read,
        } = run.finish(finished).await;
        errors.extend(read.iter().flatten().map(|e| e.to_string()));
        let first = summary
            .objects
            .iter()
            .position(|o| o.error.is_some() || o.counts.lines_failed > 0);
        if let Some(o) = first
            .map(|k| &summary.objects[k])
            .filter(|o| o.error.is_none())
        {
            let to = self.ship.addrs();
            errors.push(format!(
                "{}: {} lines not delivered to {to}",
                o.object, o.counts.lines_failed
            ));
        }
        let undelivered = first.map(|k| from[k]);
        self.tell(&summary, invocation, cold_start, skipped, &errors);
        match (batch.kinesis, undelivered) {
            (_, None) => Ok(Response::Summary(Box::new(summary))),
            (true, Some(i)) => {
                let mut response = SqsBatchResponse::default();
                response.add_failure(sequences[i].clone().unwrap_or_default());
                Ok(Response::Sqs(response))
            }
            (false, Some(_)) => Err(format!(
                "subscription data not fully delivered: {}",
                errors.join("; ")
            )),
        }
    }
}

/// What reading a batch's records gave: each read record's outcome and its index in the
/// batch, the control messages skipped, and why unreadable records were not read.
struct Records {
    finished: Vec<Finished>,
    from: Vec<usize>,
    skipped: u64,
    errors: Vec<String>,
}

async fn read_records(run: &Run<'_>, records: Vec<LogsRecord>, stop_at: Instant) -> Records {
    let (mut finished, mut from, mut skipped, mut errors) = (vec![], vec![], 0, vec![]);
    for (i, record) in records.into_iter().enumerate() {
        let LogsRecord {
            origin,
            region,
            data,
            ..
        } = record;
        let done = match data {
            // unreadable data stays unreadable: reported, never retried
            Err(why) => {
                errors.push(format!("{origin}: {why}"));
                continue;
            }
            Ok(LogsData::Control) => {
                skipped += 1;
                continue;
            }
            _ if Instant::now() >= stop_at => not_started(run, origin),
            Ok(LogsData::Events(p)) => read_events(run, region, p, stop_at).await,
            Ok(LogsData::Lines(bytes)) => read_lines(run, origin, bytes, stop_at).await,
        };
        finished.push(done);
        from.push(i);
    }
    Records {
        finished,
        from,
        skipped,
        errors,
    }
}

fn not_started(run: &Run<'_>, name: String) -> Finished {
    let why = "not started: the invocation's deadline is near".to_string();
    let error = SourceError::Stopped {
        object: name.clone(),
        offset: 0,
        why,
    };
    run.not_read(name, error)
}

/// A payload's events, moved into the run's line source (nothing copied).
async fn read_events(
    run: &Run<'_>,
    region: Option<String>,
    p: Payload,
    stop_at: Instant,
) -> Finished {
    let id = ObjectId::LogStream {
        owner: p.owner,
        group: p.log_group,
        stream: p.log_stream,
        region,
    };
    run.events(&id, EventLines::new(p.events), Some(stop_at))
        .await
}

/// Lines written to the stream directly: named by the record's sequence number, so a record
/// delivered again gets the same ids.
async fn read_lines(run: &Run<'_>, name: String, bytes: Vec<u8>, stop_at: Instant) -> Finished {
    let id = ObjectId::Stream {
        name: name.clone(),
        nonce: 0,
    };
    let reader: BoxRead = Box::new(Cursor::new(bytes));
    run.object(
        name,
        async {
            Ok(Opened {
                id,
                reader,
                ranges: None,
            })
        },
        Some(stop_at),
    )
    .await
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;

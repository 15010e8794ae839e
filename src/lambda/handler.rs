//! One invocation: event → plan → objects through the pipeline → every send confirmed →
//! one summary line → the response Lambda expects. Nothing per invocation outlives it; the
//! pool and the source are the only state kept across warm starts.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lambda_events::event::sqs::SqsBatchResponse;
use serde::Serialize;

use super::batch::{self, BatchResponse};
use super::plan::Plan;
use super::report::{InvocationFacts, report};
use crate::config::Config;
use crate::pipeline::{Finished, Pipeline, Run, RunOutcome};
use crate::ship::{LogstashPool, ShipConfig, Sink};
use crate::source::{ObjectSource, SourceError};
use crate::summary::Summary;
use crate::trigger::{Trigger, parse_event};

/// What lives across invocations: configuration, the object source and the pool.
pub struct Function<S> {
    pub(super) pipeline: Pipeline,
    pub(super) ship: ShipConfig,
    pub(super) pool: LogstashPool,
    source: S,
    deadline_margin: Duration,
    metrics_namespace: String,
    function_name: String,
    warm: AtomicBool,
}

/// What the runtime tells an invocation besides its payload.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub request_id: String,
    /// Epoch milliseconds at which Lambda ends the invocation.
    pub deadline_ms: u64,
}

/// The function's answer: SQS and Kinesis get `batchItemFailures` (the batch is never failed
/// whole); the other triggers get the summary, and a Lambda error when anything was not
/// delivered.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// SQS: every message not fully delivered; Kinesis: the first record not fully delivered
    /// (the same JSON shape, `aws_lambda_events`' SQS type serves both).
    Sqs(SqsBatchResponse),
    /// S3 Batch Operations: a result code per task, never a Lambda error.
    Batch(BatchResponse),
    Summary(Box<Summary>),
}

impl<S: ObjectSource> Function<S> {
    pub fn new(config: &Config, source: S) -> Result<Self, String> {
        let ship = config.ship.clone().ok_or(
            "LOGSTASH_ADDR must be set for the Lambda function (HOST:PORT of Logstash's tcp input)",
        )?;
        Ok(Function {
            pipeline: Pipeline::new(&config.encode, config.batch_bytes, config.max_line_bytes)
                .with_filter(config.filter.clone())
                .with_vended_fields(config.vended_fields.clone()),
            pool: LogstashPool::new(&ship)?,
            ship,
            source,
            deadline_margin: config.deadline_margin,
            metrics_namespace: config.metrics_namespace.clone(),
            function_name: std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default(),
            warm: AtomicBool::new(false),
        })
    }

    pub fn ship(&self) -> &ShipConfig {
        &self.ship
    }

    pub async fn handle(
        &self,
        payload: serde_json::Value,
        invocation: Invocation,
    ) -> Result<Response, String> {
        let started = Instant::now();
        let cold_start = !self.warm.swap(true, Ordering::Relaxed);
        let remaining = || Duration::from_millis(invocation.deadline_ms.saturating_sub(now_ms()));
        let stop_at = Instant::now() + remaining().saturating_sub(self.deadline_margin);

        let trigger = parse_event(payload).map_err(|e| e.to_string())?;
        let sink = Sink::logstash(&self.pool, &self.ship);
        let run = Run::new(&self.pipeline, sink, started);
        let mut plan = match trigger {
            Trigger::Logs(batch) => {
                return self
                    .handle_logs(run, batch, &invocation, cold_start, stop_at)
                    .await;
            }
            objects => Plan::new(objects),
        };
        let finished = self.read_objects(&run, &plan, stop_at).await;
        let RunOutcome { summary, errors } = run.finish(finished).await;
        let retry: Vec<Option<bool>> = errors
            .iter()
            .map(|e| e.as_ref().map(batch::retryable))
            .collect();
        let mut errors: Vec<String> = errors.iter().flatten().map(|e| e.to_string()).collect();
        let undelivered = self.undelivered(&mut plan, &summary, &mut errors);
        self.tell(&summary, &invocation, cold_start, plan.skipped, &errors);
        self.respond(plan, summary, &retry, &undelivered, &errors)
    }

    /// The invocation's one summary line, with its EMF metrics.
    pub(super) fn tell(
        &self,
        summary: &Summary,
        invocation: &Invocation,
        cold_start: bool,
        skipped: u64,
        errors: &[String],
    ) {
        let facts = InvocationFacts {
            request_id: &invocation.request_id,
            cold_start,
            skipped,
            time_left_ms: invocation.deadline_ms.saturating_sub(now_ms()),
            errors,
            function_name: &self.function_name,
            metrics_namespace: &self.metrics_namespace,
            now_ms: now_ms(),
        };
        println!("{}", report(summary, &facts));
    }

    /// Each planned object through the run, in order; one the deadline leaves no time for is
    /// not started and reported as stopped, for a retry.
    async fn read_objects(&self, run: &Run<'_>, plan: &Plan, stop_at: Instant) -> Vec<Finished> {
        let mut finished = Vec::with_capacity(plan.objects.len());
        for p in &plan.objects {
            let uri = p.object.uri();
            let done = if Instant::now() >= stop_at {
                let error = SourceError::Stopped {
                    object: uri.clone(),
                    offset: 0,
                    why: "not started: the invocation's deadline is near".to_string(),
                };
                run.not_read(uri, error)
            } else {
                let open = self.source.open(&p.object);
                run.object(uri, open, Some(stop_at)).await
            };
            finished.push(done);
        }
        finished
    }

    /// The objects not done: an object is done when it was read to its end and every line was
    /// delivered. Their SQS messages are marked failed, and lost lines named in `errors`.
    fn undelivered(
        &self,
        plan: &mut Plan,
        summary: &Summary,
        errors: &mut Vec<String>,
    ) -> Vec<usize> {
        let undelivered: Vec<usize> = summary
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.error.is_some() || o.counts.lines_failed > 0)
            .map(|(i, _)| i)
            .collect();
        for &i in &undelivered {
            if let Some(m) = plan.objects[i].message {
                plan.failed_messages.insert(m);
            }
            let o = &summary.objects[i];
            if o.error.is_none() {
                errors.push(format!(
                    "{}: {} lines not delivered to {}",
                    o.object,
                    o.counts.lines_failed,
                    self.ship.addrs()
                ));
            }
        }
        undelivered
    }

    /// What the trigger expects back: Batch Operations' per-task results, SQS's
    /// `batchItemFailures`, or (S3, SNS, EventBridge) the summary, or an error when something
    /// was not delivered, so Lambda retries the event.
    fn respond(
        &self,
        plan: Plan,
        summary: Summary,
        retry: &[Option<bool>],
        undelivered: &[usize],
        errors: &[String],
    ) -> Result<Response, String> {
        if let Some(b) = &plan.batch {
            let answer = batch::answer(
                b,
                &plan.objects,
                &summary.objects,
                retry,
                &self.ship.addrs(),
            );
            return Ok(Response::Batch(answer));
        }
        match plan.messages {
            Some(ids) => {
                let mut response = SqsBatchResponse::default();
                for &m in &plan.failed_messages {
                    response.add_failure(ids[m].clone());
                }
                Ok(Response::Sqs(response))
            }
            None if undelivered.is_empty() => Ok(Response::Summary(Box::new(summary))),
            None => Err(format!(
                "{} of {} objects not fully delivered: {}",
                undelivered.len(),
                summary.objects.len(),
                errors.join("; ")
            )),
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
#[path = "handler_tests.rs"]
pub(crate) mod tests;

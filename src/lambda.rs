//! The Lambda function. Cold start (once per execution environment): configuration, the S3
//! client and the Logstash pool. Each invocation: event → objects → pipeline → one summary
//! line (with CloudWatch Embedded Metric Format metadata). Nothing per invocation is global.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};

use crate::config::{Args, Config, ShipConfig};
use crate::pipeline::{ObjectRun, Pipeline};
use crate::ship::Sink;
use crate::ship::pool::LogstashPool;
use crate::ship::shipper::Shipper;
use crate::source::SourceError;
use crate::source::s3::{self, S3Source};
use crate::summary::Summary;
use crate::trigger::{ObjectRef, Trigger, parse_event};

/// What lives across invocations: configuration, clients and the pool. Nothing else.
pub struct Function {
    pipeline: Pipeline,
    ship: ShipConfig,
    pool: LogstashPool,
    s3: S3Source,
    deadline_margin: Duration,
    metrics_namespace: String,
    function_name: String,
    warm: AtomicBool,
}

/// Cold-start set-up; a bad setting fails here with a message naming the variable.
pub async fn init() -> Result<Function, String> {
    let args =
        Args::try_parse_from(["elb-logstash"]).map_err(|e| e.to_string().trim().to_string())?;
    let config: Config = args.validate().map_err(|e| e.to_string())?;
    let ship = config.ship.clone().ok_or(
        "LOGSTASH_ADDR must be set for the Lambda function (HOST:PORT of Logstash's tcp input)",
    )?;
    let pool = LogstashPool::new(&ship)?;
    let s3 = S3Source::new(s3::client(config.s3_force_path_style).await);
    tracing::info!(
        logstash = %ship.addr,
        tls = ship.tls.is_some(),
        pool_size = ship.pool_size,
        window_bytes = ship.window_bytes,
        "cold start: configuration loaded, S3 client and Logstash pool ready"
    );
    Ok(Function {
        pipeline: Pipeline::new(&config.encode, config.batch_bytes, config.max_line_bytes),
        ship,
        pool,
        s3,
        deadline_margin: config.deadline_margin,
        metrics_namespace: config.metrics_namespace,
        function_name: std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default(),
        warm: AtomicBool::new(false),
    })
}

/// Runs the Lambda runtime loop until the environment is shut down.
pub async fn run() -> Result<(), lambda_runtime::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .without_time()
        .with_current_span(false)
        .with_target(false)
        .init();
    let function = match init().await {
        Ok(f) => Arc::new(f),
        Err(e) => {
            tracing::error!(error = %e, "cold start failed");
            return Err(e.into());
        }
    };
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let function = function.clone();
        async move { function.handle(event).await }
    }))
    .await
}

/// Which unit of work an object belongs to: the whole event, or one SQS message.
struct Planned {
    object: ObjectRef,
    message: Option<usize>,
}

impl Function {
    pub async fn handle(&self, event: LambdaEvent<Value>) -> Result<Value, lambda_runtime::Error> {
        let started = Instant::now();
        let cold_start = !self.warm.swap(true, Ordering::Relaxed);
        let deadline_ms = event.context.deadline;
        let remaining = || Duration::from_millis(deadline_ms.saturating_sub(now_ms()));
        let stop_at = Instant::now() + remaining().saturating_sub(self.deadline_margin);
        let request_id = event.context.request_id.clone();

        let trigger = parse_event(event.payload).map_err(|e| e.to_string())?;
        let (planned, messages, mut failed_messages, skipped) = plan(trigger);

        let sink = Sink::Logstash(Shipper::start(&self.pool, &self.ship));
        let mut runs = Vec::with_capacity(planned.len());
        for (index, p) in planned.iter().enumerate() {
            let run = if Instant::now() >= stop_at {
                let why = "not started: the invocation's deadline is near".to_string();
                ObjectRun::failed(
                    p.object.uri(),
                    SourceError::Stopped {
                        object: p.object.uri(),
                        offset: 0,
                        why,
                    },
                )
            } else {
                self.pipeline
                    .run_s3_object(&self.s3, &p.object, index, &sink, Some(stop_at))
                    .await
            };
            runs.push(run);
        }
        let mut summary = Summary::default();
        let mut errors = Vec::new();
        for run in runs {
            if let Some(e) = run.error {
                errors.push(e.to_string());
            }
            summary.add_object(run.summary, run.parse_errors);
        }
        summary.apply_delivery(sink.finish().await);
        summary.duration_ms = started.elapsed().as_millis() as u64;

        // An object is done when it was read to its end and every line was delivered.
        let undelivered: Vec<usize> = summary
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.error.is_some() || o.counts.lines_failed > 0)
            .map(|(i, _)| i)
            .collect();
        for &i in &undelivered {
            if let Some(m) = planned[i].message {
                failed_messages.insert(m);
            }
            if summary.objects[i].error.is_none() {
                errors.push(format!(
                    "{}: {} lines not delivered to {}",
                    summary.objects[i].object,
                    summary.objects[i].counts.lines_failed,
                    self.ship.addr
                ));
            }
        }
        let time_left_ms = remaining().as_millis() as u64;
        let report = self.report(
            &summary,
            &request_id,
            cold_start,
            skipped,
            time_left_ms,
            &errors,
        );
        println!("{report}");

        match messages {
            Some(ids) => {
                let failures: Vec<Value> = failed_messages
                    .iter()
                    .map(|&m| json!({ "itemIdentifier": ids[m] }))
                    .collect();
                Ok(json!({ "batchItemFailures": failures }))
            }
            None if undelivered.is_empty() => Ok(serde_json::to_value(&summary)?),
            None => Err(format!(
                "{} of {} objects not fully delivered: {}",
                undelivered.len(),
                summary.objects.len(),
                errors.join("; ")
            )
            .into()),
        }
    }

    /// The invocation's one log line: the summary plus EMF metadata for CloudWatch metrics.
    fn report(
        &self,
        summary: &Summary,
        request_id: &str,
        cold_start: bool,
        skipped: u64,
        time_left_ms: u64,
        errors: &[String],
    ) -> Value {
        let mut v = serde_json::to_value(summary)
            .unwrap_or_else(|e| json!({ "summary_error": e.to_string() }));
        let metrics = [
            ("LinesSent", summary.totals.lines_sent),
            ("LinesFailed", summary.totals.lines_failed),
            ("ParseFailures", summary.totals.parse_failures),
            ("UnknownFieldLines", summary.totals.unknown_field_lines),
            ("ConnectionsCreated", summary.connections.created),
        ];
        if let Some(m) = v.as_object_mut() {
            m.insert("message".into(), json!("invocation summary"));
            m.insert("request_id".into(), json!(request_id));
            m.insert("cold_start".into(), json!(cold_start));
            m.insert("records_skipped".into(), json!(skipped));
            m.insert("time_left_ms".into(), json!(time_left_ms));
            m.insert(
                "errors".into(),
                json!(errors.iter().rev().take(5).rev().collect::<Vec<_>>()),
            );
            m.insert("FunctionName".into(), json!(self.function_name));
            for (name, value) in metrics {
                m.insert(name.into(), json!(value));
            }
            m.insert(
                "_aws".into(),
                json!({
                    "Timestamp": now_ms(),
                    "CloudWatchMetrics": [{
                        "Namespace": self.metrics_namespace,
                        "Dimensions": [["FunctionName"]],
                        "Metrics": metrics.iter().map(|(n, _)| json!({ "Name": n, "Unit": "Count" })).collect::<Vec<_>>(),
                    }],
                }),
            );
        }
        v
    }
}

/// Flattens the trigger into objects, remembering SQS message ids. Returns the objects, the
/// message ids (SQS only), messages already failed (unreadable bodies) and skipped records.
fn plan(
    trigger: Trigger,
) -> (
    Vec<Planned>,
    Option<Vec<String>>,
    std::collections::BTreeSet<usize>,
    u64,
) {
    let mut failed = std::collections::BTreeSet::new();
    match trigger {
        Trigger::Direct(o) => (
            o.objects
                .into_iter()
                .map(|object| Planned {
                    object,
                    message: None,
                })
                .collect(),
            None,
            failed,
            o.skipped,
        ),
        Trigger::Sqs(items) => {
            let mut planned = Vec::new();
            let mut ids = Vec::new();
            let mut skipped = 0;
            for (m, item) in items.into_iter().enumerate() {
                ids.push(item.message_id.clone());
                match item.objects {
                    Ok(o) => {
                        skipped += o.skipped;
                        planned.extend(o.objects.into_iter().map(|object| Planned {
                            object,
                            message: Some(m),
                        }));
                    }
                    Err(e) => {
                        tracing::warn!(message_id = %item.message_id, error = %e, "SQS message does not carry an S3 notification");
                        failed.insert(m);
                    }
                }
            }
            (planned, Some(ids), failed, skipped)
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

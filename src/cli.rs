//! The command line: files, stdin and S3 objects or prefixes through the same pipeline as the
//! Lambda — the backfill tool for when Logstash was down.
//! Exit codes: 0 success (parse failures are data), 1 a line was not delivered, 2 bad usage or
//! configuration, 3 an input could not be read to its end.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use futures_util::StreamExt;

use crate::config::Config;
use crate::pipeline::{ObjectRun, Pipeline, Progress};
use crate::ship::pool::LogstashPool;
use crate::ship::shipper::Shipper;
use crate::ship::{Sink, stdout::StdoutSink};
use crate::source::file::{open_file, open_stdin};
use crate::source::s3::{self, S3Source};
use crate::source::{OpenFailure, SourceError};
use crate::summary::Summary;
use crate::trigger::ObjectRef;

pub const EXIT_OK: i32 = 0;
pub const EXIT_UNDELIVERED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_INPUT: i32 = 3;

/// One thing to read, after prefixes were listed.
enum Input {
    Stdin,
    File(String),
    S3(ObjectRef),
    /// A prefix that could not be listed.
    Unlisted(String, String),
}

pub async fn run(mut config: Config) -> i32 {
    let started = Instant::now();
    if let Some(ship) = config.ship.as_mut()
        && let Err(e) = crate::secrets::fetch_all(ship).await
    {
        eprintln!("elb-logstash: {e}");
        return EXIT_USAGE;
    }
    let sink = match make_sink(&config) {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("elb-logstash: {e}");
            return EXIT_USAGE;
        }
    };
    let needs_s3 = config.inputs.iter().any(|i| i.starts_with("s3://"));
    let s3 = if needs_s3 {
        Some(S3Source::new(s3::client(config.s3_force_path_style).await))
    } else {
        None
    };
    let inputs = match expand(&config.inputs, s3.as_ref()).await {
        Ok(i) => i,
        Err(e) => {
            eprintln!("elb-logstash: {e}");
            return EXIT_USAGE;
        }
    };
    let mut pipeline = Pipeline::new(&config.encode, config.batch_bytes, config.max_line_bytes)
        .with_filter(config.filter.clone());
    let bar = (needs_s3 && std::io::stderr().is_terminal())
        .then(|| Arc::new(Bar::new(inputs.len() as u64)));
    if let Some(bar) = &bar {
        pipeline = pipeline.with_progress(bar.clone());
    }
    let runs = read_all(
        &pipeline,
        s3.as_ref(),
        inputs,
        &sink,
        &config,
        bar.as_deref(),
    )
    .await;
    let mut summary = Summary::default();
    for run in runs {
        if let Some(e) = &run.error {
            eprintln!("elb-logstash: {e}");
        }
        summary.add_object(run.summary, run.parse_errors);
    }
    summary.apply_delivery(sink.finish().await);
    summary.duration_ms = started.elapsed().as_millis() as u64;
    tell(&summary, config.json_summary);
    exit_code(&summary)
}

/// Every input through the pipeline, `OBJECT_CONCURRENCY` at a time; the runs come back in the
/// inputs' order (the delivery report names objects by that index).
async fn read_all(
    pipeline: &Pipeline,
    s3: Option<&S3Source>,
    inputs: Vec<Input>,
    sink: &Sink,
    config: &Config,
    bar: Option<&Bar>,
) -> Vec<ObjectRun> {
    let mut runs: Vec<(usize, ObjectRun)> =
        futures_util::stream::iter(inputs.into_iter().enumerate())
            .map(|(index, input)| async move {
                (index, read_input(pipeline, s3, input, index, sink).await)
            })
            .buffer_unordered(config.object_concurrency)
            .inspect(|_| {
                if let Some(bar) = bar {
                    bar.object_done();
                }
            })
            .collect()
            .await;
    if let Some(bar) = bar {
        bar.bar.finish_and_clear();
    }
    runs.sort_by_key(|(i, _)| *i);
    runs.into_iter().map(|(_, run)| run).collect()
}

/// The run's end on stderr: each failed send, then the summary, short for a person at a
/// terminal, JSON for pipes and files (or when asked for).
fn tell(summary: &Summary, json_on_terminal: bool) {
    for e in summary.send_errors.iter() {
        eprintln!(
            "elb-logstash: sending to {} failed: {} ({} bytes)",
            e.peer, e.error, e.bytes
        );
    }
    if std::io::stderr().is_terminal() && !json_on_terminal {
        eprintln!("{}", summary.human());
    } else {
        eprintln!("{}", summary.to_json());
    }
}

pub fn exit_code(summary: &Summary) -> i32 {
    if summary.totals.lines_failed > 0 {
        EXIT_UNDELIVERED
    } else if summary.objects_failed > 0 {
        EXIT_INPUT
    } else {
        EXIT_OK
    }
}

fn make_sink(config: &Config) -> Result<Sink, String> {
    match &config.ship {
        None => Ok(Sink::Stdout(StdoutSink::new())),
        Some(ship) => {
            let pool = LogstashPool::new(ship)?;
            Ok(Sink::Logstash(Shipper::start(&pool, ship)))
        }
    }
}

/// Inputs in order; an `s3://bucket/prefix/` (or `s3://bucket`) becomes every object under it.
async fn expand(inputs: &[String], s3: Option<&S3Source>) -> Result<Vec<Input>, String> {
    if inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err("stdin (`-`) can be read only once".into());
    }
    let mut out = Vec::new();
    for input in inputs {
        if input == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let Some(s3) = s3.filter(|_| input.starts_with("s3://")) else {
            out.push(Input::File(input.clone()));
            continue;
        };
        let Some((bucket, key)) = s3::parse_uri(input) else {
            return Err(format!(
                "`{input}` is not an S3 URI (s3://bucket/key or s3://bucket/prefix/)"
            ));
        };
        if key.is_empty() || key.ends_with('/') {
            match s3.list(bucket, key).await {
                Ok(objects) => out.extend(objects.into_iter().map(Input::S3)),
                Err(e) => out.push(Input::Unlisted(input.clone(), e)),
            }
        } else {
            out.push(Input::S3(ObjectRef {
                bucket: bucket.into(),
                key: key.into(),
                version_id: None,
                etag: None,
                region: None,
            }));
        }
    }
    Ok(out)
}

async fn read_input(
    pipeline: &Pipeline,
    s3: Option<&S3Source>,
    input: Input,
    index: usize,
    sink: &Sink,
) -> ObjectRun {
    match input {
        Input::Stdin => {
            let o = open_stdin();
            pipeline
                .run_object(&o.id, index, o.reader, sink, None)
                .await
        }
        Input::File(path) => match open_file(&path).await {
            Ok(o) => {
                pipeline
                    .run_object(&o.id, index, o.reader, sink, None)
                    .await
            }
            Err(e) => ObjectRun::failed(path, e),
        },
        Input::S3(obj) => match s3 {
            Some(s3) => pipeline.run_from(s3, &obj, index, sink, None).await,
            None => unreachable!("S3 inputs exist only with an S3 client"),
        },
        Input::Unlisted(uri, why) => ObjectRun::failed(
            uri.clone(),
            SourceError::Open {
                object: uri,
                kind: OpenFailure::Other,
                source: std::io::Error::other(why),
            },
        ),
    }
}

/// Objects, lines and bytes on an interactive terminal.
struct Bar {
    bar: indicatif::ProgressBar,
    lines: AtomicU64,
    bytes: AtomicU64,
}

impl Bar {
    fn new(objects: u64) -> Self {
        let bar = indicatif::ProgressBar::new(objects);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {pos}/{len} objects  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Bar {
            bar,
            lines: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    fn object_done(&self) {
        self.bar.inc(1);
    }
}

impl Progress for Bar {
    fn advance(&self, lines: u64, bytes: u64) {
        let l = self.lines.fetch_add(lines, Ordering::Relaxed) + lines;
        let b = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.bar
            .set_message(format!("{l} lines  {}", indicatif::HumanBytes(b)));
    }
}

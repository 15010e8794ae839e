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
use crate::pipeline::{Finished, Pipeline, Progress, Run, RunOutcome};
#[cfg(not(feature = "aws"))]
use crate::ship::PemSource;
use crate::ship::{LogstashPool, ShipConfig, Sink};
use crate::summary::Summary;

#[cfg(feature = "aws")]
mod groups;
#[cfg(not(feature = "aws"))]
#[path = "cli/groups_absent.rs"]
mod groups;
mod inputs;

use inputs::{Input, Remote, expand, read_input};

pub const EXIT_OK: i32 = 0;
pub const EXIT_UNDELIVERED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_INPUT: i32 = 3;

pub async fn run(mut config: Config) -> i32 {
    let started = Instant::now();
    if let Some(ship) = config.ship.as_mut()
        && let Err(e) = fetch_secrets(ship).await
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
    let remote = match Remote::connect(&config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("elb-logstash: {e}");
            return EXIT_USAGE;
        }
    };
    let inputs = match expand(&config.inputs, &remote).await {
        Ok(i) => i,
        Err(e) => {
            eprintln!("elb-logstash: {e}");
            return EXIT_USAGE;
        }
    };
    let mut pipeline = Pipeline::new(&config.encode, config.batch_bytes, config.max_line_bytes)
        .with_filter(config.filter.clone())
        .with_vended_fields(config.vended_fields.clone());
    let bar = (remote.is_remote() && std::io::stderr().is_terminal())
        .then(|| Arc::new(Bar::new(inputs.len() as u64)));
    if let Some(bar) = &bar {
        pipeline = pipeline.with_progress(bar.clone());
    }
    let run = Run::new(&pipeline, sink, started);
    let finished = read_all(&run, &remote, inputs, config.object_concurrency, bar).await;
    let RunOutcome { summary, errors } = run.finish(finished).await;
    for e in errors.iter().flatten() {
        eprintln!("elb-logstash: {e}");
    }
    tell(&summary, config.json_summary);
    exit_code(&summary)
}

/// Every input through the run, `concurrency` at a time; they come back in the inputs' order
/// (`buffered`, not `buffer_unordered`), which is the order the summary lists them in.
async fn read_all(
    run: &Run<'_>,
    remote: &Remote,
    inputs: Vec<Input>,
    concurrency: usize,
    bar: Option<Arc<Bar>>,
) -> Vec<Finished> {
    let finished: Vec<Vec<Finished>> = futures_util::stream::iter(inputs)
        .map(|input| {
            let bar = bar.clone();
            async move {
                let done = read_input(run, remote, input).await;
                if let Some(bar) = bar {
                    bar.object_done();
                }
                done
            }
        })
        .buffered(concurrency)
        .collect()
        .await;
    if let Some(bar) = bar {
        bar.bar.finish_and_clear();
    }
    finished.into_iter().flatten().collect()
}

/// Secrets named by ARN, fetched before anything connects.
#[cfg(feature = "aws")]
async fn fetch_secrets(ship: &mut ShipConfig) -> Result<(), String> {
    crate::secrets::fetch_all(ship)
        .await
        .map_err(|e| e.to_string())
}

/// Without the `aws` feature a secret ARN cannot be fetched: said before anything starts.
#[cfg(not(feature = "aws"))]
async fn fetch_secrets(ship: &mut ShipConfig) -> Result<(), String> {
    let Some(tls) = &ship.tls else { return Ok(()) };
    let cert = tls.client_cert.iter().flat_map(|(c, k)| [c, k]);
    match tls
        .ca
        .iter()
        .chain(cert)
        .find(|s| matches!(s, PemSource::Stored(_)))
    {
        Some(stored) => Err(format!(
            "{}: secrets by ARN need the AWS build (default features); this one is local only",
            stored.origin()
        )),
        None => Ok(()),
    }
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
        None => Ok(Sink::stdout()),
        Some(ship) => Ok(Sink::logstash(&LogstashPool::new(ship)?, ship)),
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

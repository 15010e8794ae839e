//! Parse, and parse + encode into a reused buffer, per format, on the bundled testdata lines.
//! `make bench` runs it; figures go to README/BENCHMARKS.md.

mod alb_filter;

use alb_filter::{ALB, HEALTH_CHECKER, lines, ninety_percent_health_checks, run};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::filter::Filter;
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3(
        "bucket",
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/x.log.gz",
        "etag",
        None,
    ));
    for (name, prefix) in [
        ("alb", ALB),
        (
            "classic",
            "123456789012_elasticloadbalancing_us-east-1_my-classic-lb",
        ),
        ("nlb", "123456789012_elasticloadbalancing_us-east-1_net."),
        (
            "conn_log",
            "123456789012_elasticloadbalancing_us-east-1_conn_log.",
        ),
        ("conn_log_15", "conn_log_"),
        ("health_check", "health_check_log_"),
    ] {
        let lines = lines(prefix);
        let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("parse", |b| {
            b.iter(|| {
                for l in &lines {
                    black_box(parse_line(black_box(l)).is_ok());
                }
            })
        });
        let mut out = Vec::with_capacity(bytes * 4);
        g.bench_function("parse+encode", |b| {
            b.iter(|| {
                out.clear();
                for (i, l) in lines.iter().enumerate() {
                    enc.encode(&meta, i as u64, l, &parse_line(l), &mut out);
                }
                black_box(out.len());
            })
        });
        g.finish();
        eprintln!(
            "{name}: {} lines/iteration, {:.0} bytes/line",
            lines.len(),
            bytes as f64 / lines.len() as f64
        );
    }
}

/// Filtering runs on the parsed line, before encoding (#15): the pipeline's own order.
fn bench_filter(c: &mut Criterion) {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3("bucket", "x.log.gz", "etag", None));
    let lines = ninety_percent_health_checks();
    let mut g = c.benchmark_group("alb_filter");
    let mut out = Vec::with_capacity(1 << 20);
    let none: &[&str] = &[];
    for (name, filter) in [
        ("no rules", Filter::default()),
        (
            "90 pct excluded",
            Filter::new(none, &[HEALTH_CHECKER], none).unwrap(),
        ),
        (
            "3 rules, none match",
            Filter::new(
                none,
                &[
                    "user_agent.original=nothing*",
                    "url.path=*.php",
                    "http.response.status_code=600-699",
                ],
                none,
            )
            .unwrap(),
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box((run(&lines, &filter, &enc, &meta, &mut out), out.len())))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_filter);
criterion_main!(benches);

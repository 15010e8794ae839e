//! Parse, and parse + encode into a reused buffer, per format, on the bundled testdata lines.
//! `make bench` runs it; figures go to README/BENCHMARKS.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::filter::{Decision, Filter};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use std::hint::black_box;
use std::io::Read;

fn lines(prefix: &str) -> Vec<Vec<u8>> {
    let path = std::fs::read_dir("testdata")
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap();
    let raw = std::fs::read(&path).unwrap();
    let mut data = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut data)
            .unwrap();
    } else {
        data = raw;
    }
    data.split(|&c| c == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn bench(c: &mut Criterion) {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3(
        "bucket",
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/x.log.gz",
        "etag",
        None,
    ));
    for (name, prefix) in [
        ("alb", "123456789012_elasticloadbalancing_us-east-1_app."),
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

/// The ALB lines with nine in ten user agents rewritten to the health checker's, so one
/// exclude rule drops exactly 90 % of them.
fn ninety_percent_health_checks() -> Vec<Vec<u8>> {
    lines("123456789012_elasticloadbalancing_us-east-1_app.")
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i % 10 == 0 {
                return l;
            }
            let text = String::from_utf8(l).unwrap();
            let mut parts: Vec<&str> = text.split('"').collect();
            parts[3] = "ELB-HealthChecker/2.0";
            parts.join("\"").into_bytes()
        })
        .collect()
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
            Filter::new(none, &["user_agent.original=ELB-HealthChecker/*"], none).unwrap(),
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
            b.iter(|| {
                out.clear();
                let mut kept = 0;
                for (i, l) in lines.iter().enumerate() {
                    let parsed = parse_line(l);
                    if let Ok(p) = &parsed
                        && !filter.is_empty()
                        && filter.decide(p, meta.line_key(i as u64)) != Decision::Keep
                    {
                        continue;
                    }
                    kept += 1;
                    enc.encode(&meta, i as u64, l, &parsed, &mut out);
                }
                black_box((kept, out.len()));
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_filter);
criterion_main!(benches);

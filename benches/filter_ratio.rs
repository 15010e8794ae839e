//! #15's target as one figure: is ALB parse + filter with 90 % of lines excluded at least twice
//! as fast per line as parse + encode with no rules?
//!
//! Criterion times the two routines (`benches/parse.rs`, group `alb_filter`) minutes apart;
//! on a shared VM a neighbour's load moves one median by 20-40 % and not the other, so their
//! ratio read 1.3 on one run and 2.9 on the next. Here the two routines alternate pass by
//! pass over the same lines (which goes first alternates too), so each pair of timings is
//! taken under the same load and each pair gives one ratio. Reported: the median paired
//! ratio with its 10th-90th percentile spread, and the ratio of each routine's fastest pass
//! (noise only ever adds time, so the fastest pass is the least disturbed one).
//!
//! `cargo bench --bench filter_ratio`; `BENCH_SECS` (default 20) sets how long it measures.

mod alb_filter;

use alb_filter::{HEALTH_CHECKER, ninety_percent_health_checks, run};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::filter::Filter;
use elb_logstash::source::ObjectId;
use std::hint::black_box;
use std::time::{Duration, Instant};

const TARGET: f64 = 2.0;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument that is not ours means another bench
    // was asked for by name, so stay quiet (as criterion does)
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with("--") && !"filter_ratio".contains(a.as_str()))
    {
        return;
    }
    // `cargo test --all-targets` runs this without `--bench`, unoptimised: check the routine
    // (the counts below) and stop, as criterion does in that mode
    let measure = std::env::args().any(|a| a == "--bench");
    let secs: f64 = std::env::var("BENCH_SECS")
        .ok()
        .map(|s| s.parse().expect("BENCH_SECS: seconds, a number"))
        .unwrap_or(20.0);
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3("bucket", "x.log.gz", "etag", None));
    let lines = ninety_percent_health_checks();
    let none: &[&str] = &[];
    let no_rules = Filter::default();
    let excluded = Filter::new(none, &[HEALTH_CHECKER], none).unwrap();
    let mut out = Vec::with_capacity(1 << 20);

    let mut time = |filter: &Filter| {
        let start = Instant::now();
        black_box(run(&lines, filter, &enc, &meta, &mut out));
        start.elapsed().as_secs_f64()
    };
    // the counts first: the routine must drop exactly the nine in ten
    assert_eq!(
        run(&lines, &no_rules, &enc, &meta, &mut Vec::new()),
        lines.len()
    );
    assert_eq!(
        run(&lines, &excluded, &enc, &meta, &mut Vec::new()),
        lines.len().div_ceil(10)
    );
    if !measure {
        println!(
            "filter_ratio: the routine keeps every line with no rules and one in ten with the rule (measure with `cargo bench --bench filter_ratio`)"
        );
        return;
    }
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_secs(2) {
        time(&no_rules);
        time(&excluded);
    }

    let (mut a, mut b) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < secs {
        if a.len() % 2 == 0 {
            a.push(time(&no_rules));
            b.push(time(&excluded));
        } else {
            b.push(time(&excluded));
            a.push(time(&no_rules));
        }
    }
    let mut ratios: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a / b).collect();
    ratios.sort_by(f64::total_cmp);
    let fastest = |t: &[f64]| t.iter().copied().fold(f64::INFINITY, f64::min);
    let per_line = |t: f64| t * 1e9 / lines.len() as f64;
    let (min_a, min_b) = (fastest(&a), fastest(&b));
    let median = percentile(&ratios, 0.5);
    let at_least = ratios.iter().filter(|&&r| r >= TARGET).count() as f64 / ratios.len() as f64;
    println!(
        "alb_filter paired, {} lines, {} pairs in {secs} s",
        lines.len(),
        ratios.len()
    );
    println!(
        "  fastest pass: no rules {:.1} ns/line, 90 pct excluded {:.1} ns/line, ratio {:.2}",
        per_line(min_a),
        per_line(min_b),
        min_a / min_b
    );
    println!(
        "  paired ratio: median {median:.2}, 10th-90th percentile {:.2}-{:.2}, {:.0} % of pairs >= {TARGET}",
        percentile(&ratios, 0.1),
        percentile(&ratios, 0.9),
        at_least * 100.0
    );
    let met = median >= TARGET && min_a / min_b >= TARGET;
    println!(
        "  #15 target (>= {TARGET}x, median and fastest): {}",
        if met { "met" } else { "NOT met" }
    );
}

//! What the #15 filter benchmarks share (and the vended one, for its lines): the testdata lines,
//! the ALB lines with nine in ten from the health checker, and the routine they time (the
//! pipeline's own order: parse, decide, encode what is kept).
#![allow(dead_code)]

use elb_logstash::document::{Encoder, ObjectMeta};
use elb_logstash::filter::{Decision, Filter};
use elb_logstash::parse::parse_line;
use std::io::Read;

pub const ALB: &str = "123456789012_elasticloadbalancing_us-east-1_app.";

/// The non-empty lines of the first testdata file whose name starts with `prefix`.
pub fn lines(prefix: &str) -> Vec<Vec<u8>> {
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

/// The ALB lines with nine in ten user agents rewritten to the health checker's, so one
/// exclude rule drops exactly 90 % of them.
pub fn ninety_percent_health_checks() -> Vec<Vec<u8>> {
    lines(ALB)
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

/// The rule that drops the nine in ten.
pub const HEALTH_CHECKER: &str = "user_agent.original=ELB-HealthChecker/*";

/// Parse every line, drop what `filter` drops, encode the rest into `out`; returns the lines
/// kept. Lines that did not parse are never filtered.
#[inline(never)]
pub fn run(
    lines: &[Vec<u8>],
    filter: &Filter,
    enc: &Encoder,
    meta: &ObjectMeta,
    out: &mut Vec<u8>,
) -> usize {
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
        enc.encode(meta, i as u64, l, &parsed, out);
    }
    kept
}

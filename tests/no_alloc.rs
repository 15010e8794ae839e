//! Steady-state parsing, filtering and encoding allocate nothing per line (a counting allocator
//! proves it).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::filter::{Decision, Filter};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
thread_local!(static ACTIVE: Cell<bool> = const { Cell::new(false) });

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ACTIVE.with(Cell::get) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ACTIVE.with(Cell::get) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn lines_of(path: &str) -> Vec<Vec<u8>> {
    let raw = std::fs::read(path).unwrap();
    let data = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut out)
            .unwrap();
        out
    } else {
        raw
    };
    data.split(|&c| c == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn parse_and_encode_allocate_nothing_per_line() {
    let mut lines = Vec::new();
    for f in std::fs::read_dir("testdata").unwrap() {
        let p = f.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .contains("_elasticloadbalancing_")
        {
            lines.extend(lines_of(p.to_str().unwrap()));
        }
    }
    assert!(lines.len() >= 370);
    let enc = Encoder::new(&EncodeOptions {
        tags: vec!["t".into()],
        ..Default::default()
    });
    let meta = ObjectMeta::new(&ObjectId::s3(
        "bucket",
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/x.log.gz",
        "etag",
        None,
    ));
    // one rule of every pattern kind on every field kind, so each line runs all of them
    let filter = Filter::new(
        &[
            "aws.elb.type=*",
            "http.response.status_code=100-599",
            "url.path=*.*",
            "aws.elb.name=-",
        ],
        &[
            "user_agent.original=nothing*at*all",
            "source.ip=203.0.113.*",
            "aws.elb.backend.port=1",
        ],
        &[
            "aws.elb.health_check.latency.sec=0-100:0.5",
            "url.extension=php:0.5",
        ],
    )
    .unwrap();
    let mut decisions = [0usize; 3];
    let mut out = Vec::with_capacity(4 << 20);
    ACTIVE.with(|a| a.set(true));
    for (i, line) in lines.iter().enumerate() {
        let parsed = parse_line(line);
        assert!(parsed.is_ok());
        let d = filter.decide(parsed.as_ref().unwrap(), meta.line_key(i as u64));
        decisions[d as usize] += 1;
        enc.encode(&meta, i as u64, line, &parsed, &mut out);
    }
    ACTIVE.with(|a| a.set(false));
    assert!(
        decisions.iter().all(|&n| n > 0),
        "every decision taken: {decisions:?}"
    );
    assert_eq!(Decision::Keep as usize, 0);
    assert_eq!(
        ALLOCS.load(Ordering::Relaxed),
        0,
        "allocations while parsing and encoding {} lines",
        lines.len()
    );
    assert_eq!(out.iter().filter(|&&c| c == b'\n').count(), lines.len());
}

//! What the end-to-end benchmarks share: the generated ALB object, the timed run of the
//! release binary, and reading CPU time and peak RSS.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_elb-logstash");

/// The testdata ALB lines, varied per copy (client address, port, trace root) so the object
/// compresses like a real one rather than like 200 repeated lines.
pub fn generate(lines: usize, path: &std::path::Path) -> u64 {
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(
        "testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz",
    ).unwrap())
    .read_to_end(&mut raw)
    .unwrap();
    let base: Vec<String> = String::from_utf8(raw)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let file = std::fs::File::create(path).unwrap();
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::new(6));
    let mut rng = 0x9e3779b97f4a7c15u64;
    let mut decompressed = 0u64;
    for i in 0..lines {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let line = &base[i % base.len()];
        // vary the client ip:port (4th token) and the trace root's last 8 hex digits
        let mut parts: Vec<&str> = line.splitn(5, ' ').collect();
        let client = format!(
            "10.{}.{}.{}:{}",
            rng % 256,
            (rng >> 8) % 256,
            (rng >> 16) % 256,
            1024 + (rng >> 24) % 60000
        );
        parts[3] = &client;
        let mut out = parts.join(" ");
        if let Some(at) = out.find("Root=1-") {
            let hex = format!("{:08x}", rng as u32);
            out.replace_range(at + 24..at + 32, &hex);
        }
        out.push('\n');
        decompressed += out.len() as u64;
        gz.write_all(out.as_bytes()).unwrap();
    }
    // on disk before any run, so no writeback of it overlaps the runs
    let file = gz.finish().unwrap().into_inner().unwrap();
    file.sync_all().unwrap();
    decompressed
}

/// `/usr/bin/time -v`'s user + system seconds of the shipper.
pub fn cpu_secs(stderr: &str) -> f64 {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("User time (seconds): ")
                .or_else(|| l.strip_prefix("System time (seconds): "))
        })
        .filter_map(|v| v.parse::<f64>().ok())
        .sum()
}

/// CPU seconds this process (the receiver's threads) has used.
pub fn own_cpu_secs() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

pub fn peak_rss_kb(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.parse().ok())
}

/// `BENCH_PIN=N`: the shipper runs on core N alone (as on a one-vCPU Lambda) and the
/// receiver on the other cores, so neither steals the other's time.
pub fn pin_from_env() -> Option<String> {
    let cpu: usize = std::env::var("BENCH_PIN").ok()?.parse().ok()?;
    // SAFETY: plain libc calls on a zeroed cpu_set_t for this process.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for c in (0..cores).filter(|&c| c != cpu) {
            libc::CPU_SET(c, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
    Some(cpu.to_string())
}

/// Runs the release binary with `args` under `/usr/bin/time -v` (and `taskset` when pinned),
/// stdout to `/dev/null`; returns the wall seconds and its stderr (summary and time report).
pub fn timed_run(args: &[&std::ffi::OsStr], pin: Option<&str>) -> (f64, String) {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-v");
    if let Some(cpu) = pin {
        cmd.args(["taskset", "-c", cpu]);
    }
    cmd.arg(BIN)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        eprintln!("{stderr}");
    }
    (secs, stderr)
}

/// Waits (up to 5 s: receivers count after the client closed) until `count` has grown by
/// `n` since `before`, and asserts that it did.
pub fn expect_arrived(count: &AtomicU64, before: u64, n: u64, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while count.load(Ordering::Relaxed) - before < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        count.load(Ordering::Relaxed) - before,
        n,
        "{what}: every line arrived"
    );
}

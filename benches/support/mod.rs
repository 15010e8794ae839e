//! What the end-to-end benchmarks share: the generated ALB object, the timed run of the
//! release binary, and reading CPU time and peak RSS.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_elb-logstash");

/// The testdata ALB lines, varied per copy (client address, port, trace root) so the object
/// compresses like a real one rather than like 200 repeated lines.
pub fn generate(lines: usize, path: &std::path::Path) -> u64 {
    let file = std::fs::File::create(path).unwrap();
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::new(6));
    let mut decompressed = 0u64;
    for mut line in varied_lines(lines) {
        line.push('\n');
        decompressed += line.len() as u64;
        gz.write_all(line.as_bytes()).unwrap();
    }
    // on disk before any run, so no writeback of it overlaps the runs
    let file = gz.finish().unwrap().into_inner().unwrap();
    file.sync_all().unwrap();
    decompressed
}

/// `lines` ALB lines: the testdata lines in turn, each copy with its own client ip:port (4th
/// token) and trace root (last 8 hex digits).
pub fn varied_lines(lines: usize) -> impl Iterator<Item = String> {
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
    let mut rng = 0x9e3779b97f4a7c15u64;
    (0..lines).map(move |i| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let line = &base[i % base.len()];
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
        out
    })
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

/// Counts newline-terminated documents; closes each connection when the client does.
///
/// One thread per connection, with read buffers reused across connections: the shipper opens
/// a connection per 4 MB window (hundreds per run), and a fresh 1 MiB buffer each time cost
/// the receiver ~250 page faults per connection (its CPU per line fell from ≈ 375 to ≈ 355 ns).
pub fn receiver() -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let count = Arc::new(AtomicU64::new(0));
    let c = count.clone();
    let buffers = Arc::new(std::sync::Mutex::new(Vec::<Vec<u8>>::new()));
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let c = c.clone();
            let buffers = buffers.clone();
            std::thread::spawn(move || {
                let reused = buffers.lock().unwrap().pop();
                let mut buf = reused.unwrap_or_else(|| vec![0u8; 1 << 20]);
                let mut n = 0u64;
                while let Ok(len) = conn.read(&mut buf) {
                    if len == 0 {
                        break;
                    }
                    n += memchr::memchr_iter(b'\n', &buf[..len]).count() as u64;
                }
                c.fetch_add(n, Ordering::Relaxed);
                buffers.lock().unwrap().push(buf);
            });
        }
    });
    (addr, count)
}

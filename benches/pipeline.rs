//! End to end, as users run it: the release binary reads a gzip ALB object and ships it to a
//! loopback receiver that only counts lines. Reports lines/s, MB/s (decompressed), ns/line,
//! peak RSS (`/usr/bin/time -v`) and the CPU per line of shipper and receiver for 10 k, 1 M
//! and 5 M-line objects, generated here from the testdata lines (not committed). Then cold
//! start: process start → first Runtime API request.
//!
//! `cargo bench --bench pipeline` (BENCH_SIZES=10000,1000000 to choose sizes; BENCH_PIN=0 to
//! run the shipper alone on core 0 and the receiver on the others; BENCH_VERBOSE=1 to print
//! each run's `/usr/bin/time -v` report).

use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::Instant;

mod support;

use support::{
    BIN, cpu_secs, expect_arrived, generate, own_cpu_secs, peak_rss_kb, pin_from_env, receiver,
    timed_run,
};

fn end_to_end(sizes: &[usize]) {
    let dir = tempfile::tempdir().unwrap();
    let pin = pin_from_env();
    let (addr, count) = receiver();
    let mut offline = Vec::new();
    println!(
        "| lines | object (gz) | decompressed | wall s | lines/s | MB/s decompressed | ns/line | peak RSS MB | shipper CPU ns/line | receiver CPU ns/line |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in sizes {
        let path = dir.path().join(format!("alb-{n}.log.gz"));
        let decompressed = generate(n, &path);
        let gz_len = std::fs::metadata(&path).unwrap().len();
        let inflate = {
            let start = Instant::now();
            let mut d = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
                std::fs::File::open(&path).unwrap(),
            ));
            let mut buf = vec![0u8; 1 << 18];
            while d.read(&mut buf).unwrap() > 0 {}
            start.elapsed().as_secs_f64()
        };
        eprintln!(
            "{n} lines: gunzip alone (flate2/zlib-rs, one core) {:.0} MB/s = {:.0} lines/s",
            decompressed as f64 / 1e6 / inflate,
            n as f64 / inflate
        );
        let mut best: Option<(f64, u64, f64, f64)> = None;
        for _ in 0..3 {
            let before = count.load(Ordering::Relaxed);
            let receiver_cpu = own_cpu_secs();
            let (secs, stderr) = timed_run(
                &["--logstash".as_ref(), addr.as_ref(), path.as_os_str()],
                pin.as_deref(),
            );
            expect_arrived(&count, before, n as u64, "end to end");
            let receiver_cpu = own_cpu_secs() - receiver_cpu;
            let rss = peak_rss_kb(&stderr).unwrap_or(0);
            if best.is_none_or(|(s, ..)| secs < s) {
                best = Some((secs, rss, cpu_secs(&stderr), receiver_cpu));
            }
        }
        let (secs, rss, shipper_cpu, receiver_cpu) = best.unwrap();
        println!(
            "| {n} | {:.1} MB | {:.1} MB | {secs:.3} | {:.0} | {:.0} | {:.0} | {:.1} | {:.0} | {:.0} |",
            gz_len as f64 / 1e6,
            decompressed as f64 / 1e6,
            n as f64 / secs,
            decompressed as f64 / 1e6 / secs,
            secs * 1e9 / n as f64,
            rss as f64 / 1024.0,
            shipper_cpu * 1e9 / n as f64,
            receiver_cpu * 1e9 / n as f64
        );
        offline.push(offline_row(n, decompressed, &path, pin.as_deref()));
        std::fs::remove_file(&path).unwrap();
    }
    println!(
        "\ngunzip + split + parse + encode, documents to /dev/null (no network):\n\n| lines | wall s | lines/s | MB/s decompressed | ns/line | peak RSS MB | CPU ns/line |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for row in offline {
        println!("{row}");
    }
}

/// The same binary and object without Logstash: documents go to stdout (`/dev/null`), so
/// this is gunzip + line framing + parse + encode + one `write` per batch, best of three.
fn offline_row(n: usize, decompressed: u64, path: &std::path::Path, pin: Option<&str>) -> String {
    let mut best: Option<(f64, u64, f64)> = None;
    for _ in 0..3 {
        let (secs, stderr) = timed_run(&[path.as_os_str()], pin);
        assert!(
            stderr.contains(&format!("\"lines_sent\":{n},")),
            "every line written: {stderr}"
        );
        if best.is_none_or(|(s, ..)| secs < s) {
            best = Some((secs, peak_rss_kb(&stderr).unwrap_or(0), cpu_secs(&stderr)));
        }
    }
    let (secs, rss, cpu) = best.unwrap();
    format!(
        "| {n} | {secs:.3} | {:.0} | {:.0} | {:.0} | {:.1} | {:.0} |",
        n as f64 / secs,
        decompressed as f64 / 1e6 / secs,
        secs * 1e9 / n as f64,
        rss as f64 / 1024.0,
        cpu * 1e9 / n as f64
    )
}

/// Process start → the runtime's first `GET …/invocation/next`, median of 10.
fn cold_start(full: bool) {
    let mut samples = Vec::new();
    for _ in 0..10 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let api = listener.local_addr().unwrap().to_string();
        let start = Instant::now();
        let mut child = Command::new(BIN)
            .env("AWS_LAMBDA_RUNTIME_API", &api)
            .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "x")
            .env("AWS_SECRET_ACCESS_KEY", "x")
            .env("LOGSTASH_ADDR", "127.0.0.1:9")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let _ = conn.read(&mut buf);
        samples.push(start.elapsed());
        let _ = child.kill();
        let _ = child.wait();
    }
    samples.sort();
    let size = std::fs::metadata(BIN).unwrap().len();
    println!(
        "\ncold start (process start → first Runtime API request), median of 10: {:.1} ms",
        samples[5].as_secs_f64() * 1e3
    );
    let label = if full {
        "release binary (stripped)"
    } else {
        "binary (test-mode smoke run: debug build)"
    };
    println!("{label}: {:.1} MB", size as f64 / 1e6);
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test --all-targets` runs benches without `--bench`: a quick smoke run then
    let full = std::env::args().any(|a| a == "--bench");
    let default = if full {
        "10000,1000000,5000000"
    } else {
        "2000"
    };
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    end_to_end(&sizes);
    cold_start(full);
}

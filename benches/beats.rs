//! `--protocol beats` next to `tcp`, end to end: the release binary ships a generated gzip ALB
//! object to a loopback receiver (a counting json_lines reader for tcp; a Lumberjack v2 reader
//! that inflates `2C` frames, counts documents and ACKs each window for beats). Per protocol
//! and compression level: lines/s, shipper CPU per line and bytes on the wire per line (the
//! summary's `bytes_sent`), best of three.
//!
//! `cargo bench --bench beats` (BENCH_LINES=1000000 by default; BENCH_LEVELS=0,1,3,6,9;
//! BENCH_PIN=0 to run the shipper alone on core 0).

use std::io::{BufReader, BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

mod support;

use support::{cpu_secs, expect_arrived, generate, pin_from_env, timed_run};

/// Documents received, over every connection.
type Count = Arc<AtomicU64>;

fn listen(serve: fn(TcpStream, &AtomicU64)) -> (String, Count) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let count: Count = Arc::new(AtomicU64::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let c = c.clone();
            std::thread::spawn(move || serve(conn, &c));
        }
    });
    (addr, count)
}

fn json_lines(mut conn: TcpStream, count: &AtomicU64) {
    let mut buf = vec![0u8; 1 << 20];
    while let Ok(len) = conn.read(&mut buf) {
        if len == 0 {
            break;
        }
        count.fetch_add(
            memchr::memchr_iter(b'\n', &buf[..len]).count() as u64,
            Ordering::Relaxed,
        );
    }
}

fn lumberjack(conn: TcpStream, count: &AtomicU64) {
    let mut out = BufWriter::new(conn.try_clone().unwrap());
    let mut r = BufReader::with_capacity(1 << 20, conn);
    let mut head = [0u8; 6];
    let (mut payload, mut inflated) = (Vec::new(), Vec::new());
    while r.read_exact(&mut head).is_ok() {
        assert_eq!(&head[..2], b"2W");
        let window = u32::from_be_bytes(head[2..6].try_into().unwrap());
        let mut got = 0;
        while got < window {
            r.read_exact(&mut head).unwrap();
            let n = u32::from_be_bytes(head[2..6].try_into().unwrap()) as usize;
            match &head[..2] {
                b"2J" => {
                    let mut len = [0u8; 4];
                    r.read_exact(&mut len).unwrap();
                    payload.resize(u32::from_be_bytes(len) as usize, 0);
                    r.read_exact(&mut payload).unwrap();
                    got += 1;
                }
                b"2C" => {
                    payload.resize(n, 0);
                    r.read_exact(&mut payload).unwrap();
                    inflated.clear();
                    flate2::read::ZlibDecoder::new(&payload[..])
                        .read_to_end(&mut inflated)
                        .unwrap();
                    let mut i = 0;
                    while i < inflated.len() {
                        let len = u32::from_be_bytes(inflated[i + 6..i + 10].try_into().unwrap());
                        i += 10 + len as usize;
                        got += 1;
                    }
                }
                other => panic!("unexpected frame {other:?}"),
            }
        }
        count.fetch_add(u64::from(window), Ordering::Relaxed);
        out.write_all(b"2A").unwrap();
        out.write_all(&window.to_be_bytes()).unwrap();
        out.flush().unwrap();
    }
}

fn summary_number(stderr: &str, key: &str) -> u64 {
    let summary: serde_json::Value =
        serde_json::from_str(stderr.lines().find(|l| l.starts_with('{')).unwrap()).unwrap();
    summary[key].as_u64().unwrap()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let env = |k: &str, full_default: &str, smoke: &str| {
        std::env::var(k).unwrap_or_else(|_| if full { full_default } else { smoke }.to_string())
    };
    let n: usize = env("BENCH_LINES", "1000000", "2000").parse().unwrap();
    let levels: Vec<u32> = env("BENCH_LEVELS", "0,1,3,6,9", "0,1")
        .split(',')
        .map(|l| l.trim().parse().unwrap())
        .collect();
    let pin = pin_from_env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alb.log.gz");
    let decompressed = generate(n, &path);
    println!(
        "{n} lines, {:.1} MB decompressed\n",
        decompressed as f64 / 1e6
    );
    println!("| protocol | lines/s | vs tcp | shipper CPU ns/line | bytes on the wire per line |");
    println!("|---|---:|---:|---:|---:|");
    let (tcp_addr, tcp_count) = listen(json_lines);
    let (beats_addr, beats_count) = listen(lumberjack);
    let mut runs: Vec<(String, Vec<String>, &Count)> = vec![(
        "tcp (json_lines)".into(),
        vec!["--logstash".into(), tcp_addr],
        &tcp_count,
    )];
    for level in levels {
        runs.push((
            format!("beats, BEATS_COMPRESSION_LEVEL={level}"),
            vec![
                "--logstash".into(),
                beats_addr.clone(),
                "--protocol".into(),
                "beats".into(),
                "--beats-compression-level".into(),
                level.to_string(),
            ],
            &beats_count,
        ));
    }
    let mut tcp_rate = None;
    for (label, args, count) in runs {
        let mut best: Option<(f64, f64, u64)> = None;
        for _ in 0..3 {
            let before = count.load(Ordering::Relaxed);
            let mut a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_ref()).collect();
            a.push(path.as_os_str());
            let (secs, stderr) = timed_run(&a, pin.as_deref());
            expect_arrived(count, before, n as u64, &label);
            assert_eq!(summary_number(&stderr, "lines_sent"), n as u64);
            let wire = summary_number(&stderr, "bytes_sent");
            if best.is_none_or(|(s, ..)| secs < s) {
                best = Some((secs, cpu_secs(&stderr), wire));
            }
        }
        let (secs, cpu, wire) = best.unwrap();
        let rate = n as f64 / secs;
        let tcp = *tcp_rate.get_or_insert(rate);
        println!(
            "| {label} | {rate:.0} | {:+.1} % | {:.0} | {:.0} |",
            (rate / tcp - 1.0) * 100.0,
            cpu * 1e9 / n as f64,
            wire as f64 / n as f64
        );
    }
}

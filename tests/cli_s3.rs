//! The command line reading `s3://` objects and prefixes (the backfill tool), against moto.

mod common;

use common::aws::Moto;
use common::{ALB, run_bin, summary};

const CLASSIC: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_my-classic-lb_20261123T1000Z_52.1.2.3_5ce5zx2e.log";

#[tokio::test(flavor = "multi_thread")]
async fn s3_object_and_prefix_inputs() {
    let moto = Moto::start();
    moto.put(
        "logs",
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/a.log.gz",
        std::fs::read(ALB).unwrap(),
    )
    .await;
    moto.put(
        "logs",
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/b.log",
        std::fs::read(CLASSIC).unwrap(),
    )
    .await;
    moto.put("logs", "other/c.log", std::fs::read(CLASSIC).unwrap())
        .await;

    let (code, out, err) = run_bin(vec!["s3://logs/other/c.log".into()], moto.env()).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 60);
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(doc["log"]["file"]["path"], "s3://logs/other/c.log");
    assert_eq!(doc["aws"]["s3"]["object"]["key"], "other/c.log");

    let prefix =
        "s3://logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/".to_string();
    let (code, out, err) = run_bin(
        vec![prefix, "--object-concurrency".into(), "2".into()],
        moto.env(),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 260);
    let s = summary(&err);
    assert_eq!(s["objects_ok"], 2);
    assert_eq!(
        s["objects"][0]["object"],
        "s3://logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/a.log.gz"
    );
    assert_eq!(s["objects"][0]["lines_sent"], 200);

    let (code, _, err) = run_bin(vec!["s3://logs/missing.log".into()], moto.env()).await;
    assert_eq!(code, 3);
    assert!(
        err.contains("s3://logs/missing.log: cannot open") && err.contains("NoSuchKey"),
        "{err}"
    );
}

/// Between the binary and moto: the first GET of the object gets only half its body before
/// the connection drops; later requests pass whole. Records the requests it saw.
async fn breaking_proxy(
    upstream: String,
    cut_after: usize,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut broke = false;
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                return;
            };
            // the request head (GETs carry no body)
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if client.read(&mut byte).await.unwrap_or(0) == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let text = String::from_utf8_lossy(&head).into_owned();
            log.lock().unwrap().push(text.clone());
            let mut lines: Vec<&str> = text
                .trim_end()
                .split("\r\n")
                .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                .collect();
            lines.push("Connection: close");
            let request = format!("{}\r\n\r\n", lines.join("\r\n"));
            let cut = !broke
                && text.starts_with("GET")
                && !text.to_ascii_lowercase().contains("\r\nrange:");
            broke |= cut;
            let mut server = tokio::net::TcpStream::connect(&upstream).await.unwrap();
            server.write_all(request.as_bytes()).await.unwrap();
            let mut response = Vec::new();
            server.read_to_end(&mut response).await.unwrap();
            let body_at = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            let end = if cut {
                body_at + cut_after
            } else {
                response.len()
            };
            let _ = client.write_all(&response[..end]).await;
            if cut {
                // drop the connection mid-body, as a flaky network would
                let _ = client.set_zero_linger();
            }
            drop(client);
        }
    });
    (addr, seen)
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_s3_stream_resumes_with_a_ranged_get() {
    use std::io::{Read, Write};
    let moto = Moto::start();
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(ALB).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&raw.repeat(20)).unwrap();
    let object = gz.finish().unwrap();
    let half = object.len() / 2;
    moto.put("logs", "big.log.gz", object).await;
    let upstream = moto.endpoint.trim_start_matches("http://").to_string();
    let (proxy, seen) = breaking_proxy(upstream, half).await;
    let mut env = moto.env();
    env.retain(|(k, _)| k != "AWS_ENDPOINT_URL");
    env.push(("AWS_ENDPOINT_URL".into(), format!("http://{proxy}")));
    let (code, out, err) = run_bin(vec!["s3://logs/big.log.gz".into()], env).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4000, "every line once");
    let offsets: std::collections::HashSet<u64> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["log"]["offset"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(offsets.len(), 4000, "nothing decompressed twice");
    let requests = seen.lock().unwrap().clone();
    // the resume starts at the last byte that arrived (a reset may drop some of what was sent)
    let starts: Vec<usize> = requests
        .iter()
        .filter_map(|r| {
            r.to_ascii_lowercase()
                .split("\r\nrange: bytes=")
                .nth(1)
                .map(|v| v.split('-').next().unwrap().parse().unwrap())
        })
        .collect();
    assert_eq!(starts.len(), 1, "one ranged GET: {requests:?}");
    assert!(
        starts[0] > 0 && starts[0] <= half,
        "resumed at {} of {}",
        starts[0],
        2 * half
    );
    let ranged: Vec<&String> = requests
        .iter()
        .filter(|r| r.to_ascii_lowercase().contains("\r\nrange:"))
        .collect();
    assert!(
        ranged[0].to_ascii_lowercase().contains("if-match:"),
        "pinned to the same object version: {}",
        ranged[0]
    );
}

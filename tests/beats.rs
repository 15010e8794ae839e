//! `--protocol beats`: Lumberjack v2 to a loopback receiver with fault modes, to the server of a
//! published Lumberjack crate, and over TLS and mutual TLS. In every mode every `event.id`
//! arrives at least once and `lines_sent` counts only acknowledged lines.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::beats::{BeatsReceiver, Mode};
use common::{ALB, big_object, expected_ids, run_bin, summary, test_pki};

fn args(addr: &str, extra: &[&str], input: &str) -> Vec<String> {
    let mut v = vec![
        "--logstash".to_string(),
        addr.to_string(),
        "--protocol".to_string(),
        "beats".to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v.push(input.to_string());
    v
}

/// The documents stdout mode writes for `input`, one string per document.
async fn stdout_docs(input: &str) -> Vec<String> {
    let (code, out, _) = run_bin(vec![input.into()], vec![]).await;
    assert_eq!(code, 0);
    out.lines().map(str::to_string).collect()
}

/// Small batches, so a run has many windows and the faults hit some of them.
const SMALL: [&str; 2] = ["--batch-bytes", "8192"];

#[tokio::test(flavor = "multi_thread")]
async fn every_document_arrives_intact_and_acknowledged() {
    for level in ["0", "6"] {
        let rx = BeatsReceiver::start(Mode::Normal).await;
        let extra = ["--beats-compression-level", level];
        let (code, stdout, stderr) = run_bin(args(&rx.addr, &extra, ALB), vec![]).await;
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.is_empty());
        rx.assert_no_violations();
        let mut got = rx.log.got.lines.lock().unwrap().clone();
        let mut want = stdout_docs(ALB).await;
        got.sort();
        want.sort();
        assert_eq!(
            got, want,
            "level {level}: the payloads are stdout's documents"
        );
        let s = summary(&stderr);
        assert_eq!(
            (s["lines_sent"].as_u64(), s["lines_failed"].as_u64()),
            (Some(200), Some(0))
        );
        let compressed = rx
            .log
            .compressed_frames
            .load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            compressed > 0,
            level != "0",
            "level {level}: {compressed} 2C frames"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn keepalives_longer_than_the_send_timeout_are_waited_out() {
    let rx = BeatsReceiver::start(Mode::Keepalive {
        every: Duration::from_millis(200),
        hold: Duration::from_millis(2500),
    })
    .await;
    let extra = ["--send-timeout-ms", "1000"];
    let (code, _, stderr) = run_bin(args(&rx.addr, &extra, ALB), vec![]).await;
    assert_eq!(code, 0, "ACK(0) means still working: {stderr}");
    rx.assert_no_violations();
    assert_eq!(rx.log.got.unique_ids(), expected_ids(ALB).await);
    assert_eq!(summary(&stderr)["lines_sent"], 200);
}

/// A fault mode on the first connections: every id still arrives, the run succeeds, and the
/// summary counts what was sent again.
async fn survives(mode: Mode) -> serde_json::Value {
    let (_dir, big) = big_object(5);
    let rx = BeatsReceiver::start(mode).await;
    let (code, _, stderr) = run_bin(args(&rx.addr, &SMALL, &big), vec![]).await;
    assert_eq!(code, 0, "{mode:?}: {stderr}");
    rx.assert_no_violations();
    let want: HashSet<String> = expected_ids(&big).await;
    assert_eq!(want.len(), 1000);
    assert_eq!(rx.log.got.unique_ids(), want, "{mode:?}");
    let s = summary(&stderr);
    assert_eq!(s["lines_sent"], 1000, "{mode:?}: {s}");
    assert_eq!(s["lines_failed"], 0, "{mode:?}: {s}");
    s
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partial_ack_then_reset_resends_only_the_rest() {
    let s = survives(Mode::PartialThenReset { n: 2 }).await;
    assert!(s["lines_resent"].as_u64().unwrap() > 0, "{s}");
    let errors = s["send_errors"].to_string();
    assert!(errors.contains("after acknowledging"), "{errors}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_read_but_not_acknowledged_is_sent_again() {
    let s = survives(Mode::ReadThenReset { n: 2 }).await;
    assert!(s["lines_resent"].as_u64().unwrap() > 0, "{s}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_in_the_middle_of_a_window_is_sent_again() {
    let s = survives(Mode::ResetMidWindow { n: 2, after: 5000 }).await;
    assert!(s["lines_resent"].as_u64().unwrap() > 0, "{s}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_after_the_final_ack_is_normal() {
    survives(Mode::ResetAfterAck).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receiver_that_never_acks_fails_the_run_within_about_one_timeout() {
    let rx = BeatsReceiver::start(Mode::NeverAck).await;
    let started = Instant::now();
    let extra = ["--send-timeout-ms", "1000"];
    let (code, _, stderr) = run_bin(args(&rx.addr, &extra, ALB), vec![]).await;
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        stderr.contains("no ACK within SEND_TIMEOUT_MS") && stderr.contains(&rx.addr),
        "{stderr}"
    );
    let s = summary(&stderr);
    assert_eq!(
        (s["lines_sent"].as_u64(), s["lines_failed"].as_u64()),
        (Some(0), Some(200))
    );
    rx.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_and_mutual_tls() {
    let pki = test_pki();
    let cert = pki.dir.path().join("client.pem");
    let key = pki.dir.path().join("client.key");
    std::fs::write(&cert, &pki.client_cert_pem).unwrap();
    std::fs::write(&key, &pki.client_key_pem).unwrap();
    let ca = pki.ca_pem.to_str().unwrap();
    for (acceptor, client) in [
        (pki.acceptor.clone(), vec![]),
        (
            pki.mtls_acceptor.clone(),
            vec![
                "--tls-cert",
                cert.to_str().unwrap(),
                "--tls-key",
                key.to_str().unwrap(),
            ],
        ),
    ] {
        let rx = BeatsReceiver::start_with(Mode::Normal, Some(acceptor)).await;
        let addr = format!("localhost:{}", rx.addr.rsplit_once(':').unwrap().1);
        let mut extra = vec!["--tls-ca", ca];
        extra.extend(client.iter().copied());
        let (code, _, stderr) = run_bin(args(&addr, &extra, ALB), vec![]).await;
        assert_eq!(code, 0, "{stderr}");
        rx.assert_no_violations();
        assert_eq!(rx.log.got.unique_ids(), expected_ids(ALB).await);
    }
    // the mutual-TLS receiver refuses a client without the certificate
    let rx = BeatsReceiver::start_with(Mode::Normal, Some(pki.mtls_acceptor.clone())).await;
    let addr = format!("localhost:{}", rx.addr.rsplit_once(':').unwrap().1);
    let extra = [
        "--tls-ca",
        ca,
        "--retries",
        "0",
        "--connect-timeout-ms",
        "1500",
    ];
    let (code, _, stderr) = run_bin(args(&addr, &extra, ALB), vec![]).await;
    assert_eq!(code, 1, "{stderr}");
    assert!(rx.log.got.lines.lock().unwrap().is_empty());
}

/// Interoperability with a Lumberjack v2 server nobody here wrote: the `lumberjack-protocol`
/// crate's, which ACKs a batch when its value is dropped.
#[tokio::test(flavor = "multi_thread")]
async fn a_published_lumberjack_server_receives_every_document_intact() {
    for level in ["0", "3"] {
        let mut server = lumberjack::Server::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr().to_string();
        let collect = tokio::spawn(async move {
            let mut docs = Vec::new();
            while let Some(batch) = server.recv().await {
                for e in batch.events() {
                    docs.push(String::from_utf8(e.to_vec()).unwrap());
                }
                batch.ack();
                if docs.len() >= 200 {
                    break;
                }
            }
            docs
        });
        let extra = ["--beats-compression-level", level];
        let (code, _, stderr) = run_bin(args(&addr, &extra, ALB), vec![]).await;
        assert_eq!(code, 0, "level {level}: {stderr}");
        let mut got = tokio::time::timeout(Duration::from_secs(10), collect)
            .await
            .unwrap()
            .unwrap();
        let mut want = stdout_docs(ALB).await;
        got.sort();
        want.sort();
        assert_eq!(got, want, "level {level}");
    }
}

/// The Lambda keeps its acknowledged connections across warm starts: the second invocation
/// reuses them instead of connecting again.
#[tokio::test(flavor = "multi_thread")]
async fn lambda_reuses_acknowledged_connections_across_invocations() {
    use common::aws::{Moto, RuntimeApi, run_function, s3_event};
    let key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/alb.log.gz";
    let moto = Moto::start();
    moto.put("elb-logs", key, std::fs::read(ALB).unwrap()).await;
    let rx = BeatsReceiver::start(Mode::Normal).await;
    let minute = 60_000;
    let api = RuntimeApi::start(vec![
        (s3_event("elb-logs", &[key]), minute),
        (s3_event("elb-logs", &[key]), minute),
    ])
    .await;
    let mut env = moto.env();
    env.push(("LOGSTASH_ADDR".into(), rx.addr.clone()));
    env.push(("LOGSTASH_PROTOCOL".into(), "beats".into()));
    env.push(("POOL_SIZE".into(), "1".into()));
    let (answers, stdout, stderr) = run_function(&api, 2, env).await;
    assert_eq!(answers.len(), 2, "{stdout}{stderr}");
    for a in &answers {
        assert_eq!(a.kind, "response", "{:?}", a.body);
        assert_eq!(a.body["lines_sent"], 200);
    }
    rx.assert_no_violations();
    assert_eq!(
        (rx.log.got.unique_ids().len(), rx.log.got.ids().len()),
        (200, 400)
    );
    let created: Vec<u64> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["message"] == "invocation summary")
        .map(|v| v["ConnectionsCreated"].as_u64().unwrap())
        .collect();
    assert_eq!(created, vec![1, 0], "{stdout}");
    assert_eq!(
        rx.log
            .got
            .accepted
            .load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_settings_are_checked() {
    let (code, _, stderr) = run_bin(
        vec![
            "--logstash".into(),
            "127.0.0.1:1".into(),
            "--protocol".into(),
            "lumberjack".into(),
        ],
        vec![],
    )
    .await;
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--protocol") && stderr.contains("beats"),
        "{stderr}"
    );
    let (code, _, stderr) = run_bin(
        vec!["--logstash".into(), "127.0.0.1:1".into(), "-".into()],
        vec![("BEATS_COMPRESSION_LEVEL".into(), "10".into())],
    )
    .await;
    assert_eq!(code, 2);
    assert!(stderr.contains("compression"), "{stderr}");
}

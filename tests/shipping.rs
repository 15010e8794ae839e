//! Shipping to receivers on real loopback sockets: normal, faulty and TLS. Each test ships a
//! testdata object with the real binary and checks what the receiver got, by `event.id`.

mod common;

use std::time::{Duration, Instant};

const CLASSIC: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_my-classic-lb_20261123T1000Z_52.1.2.3_5ce5zx2e.log";

use common::{
    ALB, Behaviour, Receiver, big_object, expected_ids, free_addr, run_bin, summary, test_pki,
};

fn args(addr: &str, extra: &[&str], input: &str) -> Vec<String> {
    let mut v = vec!["--logstash".to_string(), addr.to_string()];
    v.extend(extra.iter().map(|s| s.to_string()));
    v.push(input.to_string());
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn normal_receiver_gets_every_line_exactly_once() {
    let rx = Receiver::start(Behaviour::Normal).await;
    let (code, stdout, stderr) = run_bin(args(&rx.addr, &[], ALB), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "documents go to Logstash, not stdout");
    let ids = rx.got.ids();
    assert_eq!(ids.len(), 200);
    assert_eq!(rx.got.unique_ids(), expected_ids(ALB).await);
    let s = summary(&stderr);
    assert_eq!(s["lines_sent"], 200);
    assert_eq!(s["lines_failed"], 0);
    assert_eq!(s["lines_resent"], 0);
    let c = &s["connections"];
    assert!(c["created"].as_u64().unwrap() >= 1);
    assert_eq!(
        c["created"], c["destroyed"],
        "every connection is closed before exit"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn three_lines_all_arrive_before_exit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.log");
    let text = std::fs::read_to_string(CLASSIC).unwrap();
    let three: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, three).unwrap();
    let rx = Receiver::start(Behaviour::Normal).await;
    let (code, _, stderr) = run_bin(args(&rx.addr, &[], path.to_str().unwrap()), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rx.got.ids().len(),
        3,
        "all three were received when the process exited"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn resets_cost_resends_never_losses() {
    let rx = Receiver::start(Behaviour::ResetFirst {
        n: 3,
        after: 20_000,
    })
    .await;
    let extra = [
        "--batch-bytes",
        "8192",
        "--window-bytes",
        "65536",
        "--pool-size",
        "2",
    ];
    let (code, _, stderr) = run_bin(args(&rx.addr, &extra, ALB), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rx.got.unique_ids(),
        expected_ids(ALB).await,
        "every line at least once"
    );
    let s = summary(&stderr);
    assert!(s["lines_resent"].as_u64().unwrap() > 0, "{s}");
    assert_eq!(s["lines_sent"], 200);
    assert_eq!(s["lines_failed"], 0);
    assert!(!s["send_errors"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_closed_at_once_are_retried() {
    let rx = Receiver::start(Behaviour::CloseFirst { n: 3 }).await;
    let (code, _, stderr) = run_bin(args(&rx.addr, &["--pool-size", "1"], ALB), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.unique_ids(), expected_ids(ALB).await);
    // A closed socket is caught either by the pool's check before use (destroyed, nothing
    // written) or by the unconfirmed window (resent); which one wins is a race, losing is not.
    assert!(rx.got.accepted.load(std::sync::atomic::Ordering::SeqCst) >= 4);
    let s = summary(&stderr);
    let c = &s["connections"];
    assert!(c["created"].as_u64().unwrap() >= 4, "{s}");
    assert_eq!(c["created"], c["destroyed"], "{s}");
    assert_eq!(s["lines_sent"], 200);
    assert_eq!(s["lines_failed"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_connections_are_retried_until_the_receiver_listens() {
    let rx = Receiver::start_late(Duration::from_millis(700)).await;
    let (code, _, stderr) = run_bin(args(&rx.addr, &[], ALB), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.unique_ids(), expected_ids(ALB).await);
    assert!(summary(&stderr)["connections"]["failed"].as_u64().unwrap() > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_receiver_gets_everything_and_memory_stays_bounded() {
    let (_dir, path) = big_object(40); // 8000 lines, about 10 MB of documents
    let rx = Receiver::start(Behaviour::Slow {
        bytes_per_tick: 256 * 1024,
    })
    .await;
    let (batch, window, pool) = (16_384u64, 131_072u64, 2u64);
    let extra = [
        "--batch-bytes",
        "16384",
        "--window-bytes",
        "131072",
        "--pool-size",
        "2",
    ];
    let (code, _, stderr) = run_bin(args(&rx.addr, &extra, &path), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.unique_ids().len(), 8000);
    let s = summary(&stderr);
    // queue (pool_size batches) + one unconfirmed window per sender, each batch may overshoot
    let doc_max = 8192;
    let bound = pool * (batch + doc_max) + pool * (window + batch + doc_max) + (batch + doc_max);
    let peak = s["peak_buffered_bytes"].as_u64().unwrap();
    assert!(peak <= bound, "peak {peak} > bound {bound}");
    assert!(
        s["bytes_sent"].as_u64().unwrap() > 20 * bound,
        "the object is much larger than the bound"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn receiver_that_stops_reading_fails_within_the_send_timeout() {
    let (_dir, path) = big_object(40);
    let rx = Receiver::start(Behaviour::StopReading).await;
    let started = Instant::now();
    let (code, _, stderr) = run_bin(
        args(&rx.addr, &["--send-timeout-ms", "1000"], &path),
        vec![],
    )
    .await;
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        stderr.contains("stopped reading") && stderr.contains(&rx.addr),
        "{stderr}"
    );
    let s = summary(&stderr);
    assert_eq!(
        s["lines_sent"].as_u64().unwrap() + s["lines_failed"].as_u64().unwrap(),
        8000
    );
    assert!(s["lines_failed"].as_u64().unwrap() > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_listening_fails_within_the_connect_timeout_naming_the_address() {
    let addr = free_addr();
    let started = Instant::now();
    let (code, _, stderr) =
        run_bin(args(&addr, &["--connect-timeout-ms", "1000"], ALB), vec![]).await;
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert!(
        stderr.contains(&addr) && stderr.contains("Connection refused"),
        "{stderr}"
    );
    let s = summary(&stderr);
    assert_eq!(s["lines_failed"], 200);
    assert_eq!(s["lines_sent"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_receiver_with_test_ca() {
    let pki = test_pki();
    let rx = Receiver::start_with(Behaviour::Normal, Some(pki.acceptor.clone())).await;
    let port = rx.addr.rsplit_once(':').unwrap().1;
    let addr = format!("localhost:{port}");
    let (code, _, stderr) = run_bin(
        args(&addr, &["--tls-ca", pki.ca_pem.to_str().unwrap()], ALB),
        vec![],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.unique_ids(), expected_ids(ALB).await);
    assert_eq!(rx.got.ids().len(), 200);
    // the CA as PEM text in the variable, as the CloudFormation parameter passes it
    let pem = std::fs::read_to_string(&pki.ca_pem).unwrap();
    let env = vec![
        ("LOGSTASH_TLS".to_string(), "true".to_string()),
        ("LOGSTASH_TLS_CA".to_string(), pem),
    ];
    let (code, _, stderr) = run_bin(args(&addr, &[], ALB), env).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.ids().len(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_with_the_wrong_ca_is_a_clear_error() {
    let pki = test_pki();
    let other = test_pki();
    let rx = Receiver::start_with(Behaviour::Normal, Some(pki.acceptor.clone())).await;
    let port = rx.addr.rsplit_once(':').unwrap().1;
    let addr = format!("localhost:{port}");
    let extra = [
        "--tls-ca",
        other.ca_pem.to_str().unwrap(),
        "--connect-timeout-ms",
        "1500",
    ];
    let (code, _, stderr) = run_bin(args(&addr, &extra, ALB), vec![]).await;
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("TLS handshake") && stderr.contains("certificate"),
        "{stderr}"
    );
    assert!(rx.got.ids().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn never_more_than_pool_size_connections() {
    let (_dir, path) = big_object(10);
    let rx = Receiver::start(Behaviour::Slow {
        bytes_per_tick: 64 * 1024,
    })
    .await;
    let extra = [
        "--batch-bytes",
        "8192",
        "--window-bytes",
        "32768",
        "--pool-size",
        "3",
    ];
    let (code, _, stderr) = run_bin(args(&rx.addr, &extra, &path), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.unique_ids().len(), 2000);
    let max = rx.got.max_open.load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=3).contains(&max), "max open connections {max}");
    assert!(
        rx.got.accepted.load(std::sync::atomic::Ordering::SeqCst) > 3,
        "windows use fresh connections"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_come_from_the_environment_too() {
    let rx = Receiver::start(Behaviour::Normal).await;
    let env = vec![
        ("LOGSTASH_ADDR".to_string(), rx.addr.clone()),
        ("POOL_SIZE".to_string(), "1".to_string()),
    ];
    let (code, _, stderr) = tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(common::BIN)
            .arg(ALB)
            .envs(env)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rx.got.ids().len(), 200);
    let (code, _, stderr) = run_bin(
        vec!["--logstash".into(), rx.addr.clone(), ALB.into()],
        vec![("POOL_SIZE".into(), "zero".into())],
    )
    .await;
    assert_eq!(code, 2);
    assert!(stderr.contains("POOL_SIZE"), "{stderr}");
}

/// tcp: every confirmed connection is closed, so none goes back to the pool: after a run the
/// pool holds nothing, and a second run connects afresh (beats keeps its connections).
#[tokio::test(flavor = "multi_thread")]
async fn confirmed_connections_never_return_to_the_pool() {
    use elb_logstash::ship::{Batch, LogstashPool, ShipConfig, Sink, Ticket};
    let rx = Receiver::start(Behaviour::Normal).await;
    let cfg = ShipConfig {
        hosts: vec![elb_logstash::ship::HostAddr::parse(&rx.addr).unwrap()],
        pool_size: 2,
        connect_timeout: Duration::from_secs(2),
        send_timeout: Duration::from_secs(5),
        window_bytes: 1 << 20,
        retries: 0,
        tls: None,
        protocol: elb_logstash::ship::Protocol::Tcp,
    };
    let pool = LogstashPool::new(&cfg).unwrap();
    for run in 1..=2u64 {
        let shipper = Sink::logstash(&pool, &cfg);
        let mut buf = shipper.buffers().take(64);
        buf.extend_from_slice(b"{\"event\":{\"id\":\"a\"}}\n{\"event\":{\"id\":\"b\"}}\n");
        shipper
            .send(Batch {
                buf,
                lines: 2,
                object: Ticket(0),
            })
            .await;
        let report = shipper.finish().await;
        assert_eq!(report.per_object[&Ticket(0)].sent, 2);
        assert_eq!(
            report.connections.created, 1,
            "run {run}: one connection for one window"
        );
        let state = pool.pool.state();
        assert_eq!(
            (state.connections, state.idle_connections),
            (0, 0),
            "run {run}: nothing pooled"
        );
        let stats = pool.stats.snapshot();
        assert_eq!((stats.created, stats.destroyed), (run, run));
    }
}

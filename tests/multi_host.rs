//! Several Logstash hosts in `LOGSTASH_ADDR`, for both protocols: one refusing and one resetting
//! mid-run leave the third to carry the load and every id arrives; all down fails the run fast,
//! naming every host.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::beats::{BeatsReceiver, Mode};
use common::{ALB, Behaviour, Receiver, big_object, expected_ids, free_addr, run_bin, summary};

fn args(hosts: &[&str], protocol: &str, input: &str) -> Vec<String> {
    [
        "--logstash",
        &hosts.join(","),
        "--protocol",
        protocol,
        "--batch-bytes",
        "8192",
        "--window-bytes",
        "16384",
        "--connect-timeout-ms",
        "500",
        input,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn check_summary(s: &serde_json::Value, hosts: &[&str]) {
    assert_eq!(s["lines_sent"], 1000, "{s}");
    assert_eq!(s["lines_failed"], 0, "{s}");
    let peers = s["connections"]["peers"]
        .as_object()
        .expect("connections.peers");
    for h in hosts {
        assert!(peers.contains_key(*h), "{h} missing from {peers:?}");
    }
    for e in s["send_errors"].as_array().unwrap() {
        assert!(hosts.contains(&e["peer"].as_str().unwrap()), "{e}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tcp_one_host_refusing_and_one_resetting_the_third_carries_the_load() {
    let (_dir, big) = big_object(5);
    let refusing = free_addr();
    let resetting = Receiver::start(Behaviour::ResetFirst { n: 3, after: 4000 }).await;
    let normal = Receiver::start(Behaviour::Normal).await;
    let hosts = [
        refusing.as_str(),
        resetting.addr.as_str(),
        normal.addr.as_str(),
    ];
    let (code, _, stderr) = run_bin(args(&hosts, "tcp", &big), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    let got: HashSet<String> = resetting
        .got
        .unique_ids()
        .union(&normal.got.unique_ids())
        .cloned()
        .collect();
    assert_eq!(got, expected_ids(&big).await);
    let s = summary(&stderr);
    check_summary(&s, &hosts);
    assert!(
        s["connections"]["peers"][&refusing]["failed"]
            .as_u64()
            .unwrap()
            > 0,
        "{s}"
    );
    assert!(!normal.got.ids().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn beats_one_host_refusing_and_one_resetting_the_third_carries_the_load() {
    let (_dir, big) = big_object(5);
    let refusing = free_addr();
    let resetting = BeatsReceiver::start(Mode::ResetMidWindow { n: 3, after: 4000 }).await;
    let normal = BeatsReceiver::start(Mode::Normal).await;
    let hosts = [
        refusing.as_str(),
        resetting.addr.as_str(),
        normal.addr.as_str(),
    ];
    let (code, _, stderr) = run_bin(args(&hosts, "beats", &big), vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    resetting.assert_no_violations();
    normal.assert_no_violations();
    let got: HashSet<String> = resetting
        .log
        .got
        .unique_ids()
        .union(&normal.log.got.unique_ids())
        .cloned()
        .collect();
    assert_eq!(got, expected_ids(&big).await);
    check_summary(&summary(&stderr), &hosts);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_that_stops_acknowledging_is_replaced_by_another() {
    let stalled = BeatsReceiver::start(Mode::NeverAck).await;
    let normal = BeatsReceiver::start(Mode::Normal).await;
    let hosts = [stalled.addr.as_str(), normal.addr.as_str()];
    let mut a = args(&hosts, "beats", ALB);
    a.splice(0..0, ["--send-timeout-ms".to_string(), "500".to_string()]);
    let (code, _, stderr) = run_bin(a, vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(normal.log.got.unique_ids(), expected_ids(ALB).await);
    assert!(stderr.contains("no ACK within SEND_TIMEOUT_MS"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_host_down_fails_fast_naming_each() {
    for protocol in ["tcp", "beats"] {
        let down = [free_addr(), free_addr(), free_addr()];
        let hosts: Vec<&str> = down.iter().map(String::as_str).collect();
        let started = Instant::now();
        let (code, _, stderr) = run_bin(args(&hosts, protocol, ALB), vec![]).await;
        let took = started.elapsed();
        assert_eq!(code, 1, "{protocol}: {stderr}");
        assert!(took < Duration::from_secs(5), "{protocol}: took {took:?}");
        for h in &hosts {
            assert!(
                stderr.contains(&format!("{h}: connect:")),
                "{protocol}: {h} not named: {stderr}"
            );
        }
        let s = summary(&stderr);
        assert_eq!(s["lines_failed"], 200, "{protocol}: {s}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_entry_in_the_list_is_named() {
    let (code, _, stderr) = run_bin(
        vec![
            "--logstash".into(),
            "127.0.0.1:5044,nohost".into(),
            "-".into(),
        ],
        vec![],
    )
    .await;
    assert_eq!(code, 2);
    assert!(
        stderr.contains("LOGSTASH_ADDR") && stderr.contains("`nohost`"),
        "{stderr}"
    );
}

/// Hosts that accept a connection and never say a word: a TLS handshake with them stalls until
/// `CONNECT_TIMEOUT_MS`, as a host behind a black-holing firewall does.
async fn silent_hosts(n: usize) -> (Vec<String>, tokio::task::JoinSet<()>) {
    let mut tasks = tokio::task::JoinSet::new();
    let mut addrs = Vec::new();
    for _ in 0..n {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        addrs.push(l.local_addr().unwrap().to_string());
        tasks.spawn(async move {
            let mut held = Vec::new();
            while let Ok((s, _)) = l.accept().await {
                held.push(s);
            }
        });
    }
    (addrs, tasks)
}

#[tokio::test(flavor = "multi_thread")]
async fn hosts_that_never_answer_cost_one_connect_timeout_together() {
    let (down, _tasks) = silent_hosts(3).await;
    let hosts: Vec<&str> = down.iter().map(String::as_str).collect();
    let mut a = args(&hosts, "tcp", ALB);
    let timeout = a.iter().position(|s| s == "--connect-timeout-ms").unwrap();
    a[timeout + 1] = "2000".into();
    a.insert(0, "--tls".into());
    let started = Instant::now();
    let (code, _, stderr) = run_bin(a, vec![]).await;
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    for h in &hosts {
        assert!(
            stderr.contains(&format!("{h}: connect timed out")),
            "{h} not named: {stderr}"
        );
    }
    // one after another they would take 3 x 2 s per try; together about 2 s (+ 2 x 250 ms)
    assert!(
        took >= Duration::from_secs(2),
        "gave up before the timeout: {took:?}"
    );
    assert!(
        took < Duration::from_millis(5500),
        "hosts tried one after another: {took:?}"
    );
}

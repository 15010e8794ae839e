//! A real log server as the receiver: Debian's syslog-ng with a `network()` source taking
//! newline-delimited JSON over TCP and TLS, as Logstash's tcp input does. `make test`
//! installs it (`syslog-ng-core`).

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ALB, expected_ids, free_addr, run_bin, test_pki};

struct SyslogNg {
    child: Child,
    dir: tempfile::TempDir,
    tcp: String,
    tls: String,
}

impl Drop for SyslogNg {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn port(addr: &str) -> &str {
    addr.rsplit_once(':').unwrap().1
}

fn start(pki_dir: &Path) -> SyslogNg {
    let dir = tempfile::tempdir().unwrap();
    let (tcp, tls) = (free_addr(), free_addr());
    let out = dir.path().display().to_string();
    let pki = pki_dir.display().to_string();
    let conf = format!(
        r#"@version: 3.38
options {{ threaded(yes); stats-freq(0); log-msg-size(1048576); }};
source s_jsonl {{
  network(ip("127.0.0.1") port({tcp_port}) transport("tcp") flags(no-parse)
          max-connections(64) log-iw-size(200000) log-msg-size(1048576));
}};
source s_jsonl_tls {{
  network(ip("127.0.0.1") port({tls_port}) transport("tls")
          tls(key-file("{pki}/server.key") cert-file("{pki}/server.pem") peer-verify(optional-untrusted))
          flags(no-parse) max-connections(64) log-iw-size(200000) log-msg-size(1048576));
}};
parser p_json {{ json-parser(prefix("j.")); }};
destination d_ok  {{ file("{out}/events.jsonl" template("$MESSAGE\n")); }};
destination d_bad {{ file("{out}/bad.log" template("$MESSAGE\n")); }};
log {{
  source(s_jsonl); source(s_jsonl_tls);
  if {{ parser(p_json); destination(d_ok); }} else {{ destination(d_bad); }};
  flags(flow-control);
}};
"#,
        tcp_port = port(&tcp),
        tls_port = port(&tls),
    );
    let conf_path = dir.path().join("syslog-ng.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let d = dir.path();
    let child = Command::new("syslog-ng")
        .args(["-F", "-e", "-f"])
        .arg(&conf_path)
        .arg("-R")
        .arg(d.join("persist"))
        .arg("--pidfile")
        .arg(d.join("pid"))
        .arg("-c")
        .arg(d.join("ctl"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("syslog-ng is not installed: `make test` installs Debian's syslog-ng-core");
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(&tcp).is_err() || std::net::TcpStream::connect(&tls).is_err()
    {
        assert!(
            Instant::now() < deadline,
            "syslog-ng did not start listening"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    SyslogNg {
        child,
        dir,
        tcp,
        tls,
    }
}

/// syslog-ng writes asynchronously: wait until `want` ids are in its output file.
fn received_ids(s: &SyslogNg, want: usize) -> HashSet<String> {
    let path = s.dir.path().join("events.jsonl");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let ids: Vec<String> = text
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["event"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        if ids.len() >= want || Instant::now() > deadline {
            let bad = std::fs::read_to_string(s.dir.path().join("bad.log")).unwrap_or_default();
            assert!(bad.is_empty(), "syslog-ng rejected lines: {bad}");
            return ids.into_iter().collect();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn syslog_ng_receives_every_line_over_tcp_and_tls() {
    let pki = test_pki();
    let server = start(pki.dir.path());
    let want = expected_ids(ALB).await;

    let (code, _, stderr) = run_bin(
        vec![
            "--logstash".into(),
            server.tcp.clone(),
            "--batch-bytes".into(),
            "16384".into(),
            "--window-bytes".into(),
            "65536".into(),
            ALB.into(),
        ],
        vec![],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(received_ids(&server, want.len()), want);

    // the same object again over TLS: same ids (idempotent), now each twice in the file
    let tls_addr = format!("localhost:{}", port(&server.tls));
    let args = vec![
        "--logstash".into(),
        tls_addr,
        "--tls-ca".into(),
        pki.ca_pem.display().to_string(),
        ALB.into(),
    ];
    let (code, _, stderr) = run_bin(args, vec![]).await;
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(server.dir.path().join("events.jsonl")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut lines = text.lines().count();
    while lines < 2 * want.len() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        lines = std::fs::read_to_string(server.dir.path().join("events.jsonl"))
            .unwrap()
            .lines()
            .count();
    }
    assert_eq!(lines, 2 * want.len(), "every line arrived over TLS too");
}

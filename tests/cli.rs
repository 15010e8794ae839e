//! The command line as a user runs it: documents on stdout, the summary as the last stderr
//! line, and the documented exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod common;

use common::cli::{docs, summary};

const BIN: &str = env!("CARGO_BIN_EXE_elb-logstash");
const CLASSIC: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_my-classic-lb_20261123T1000Z_52.1.2.3_5ce5zx2e.log";
const ALB: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz";
const MIXED: &str = "testdata/mixed-and-malformed.log";

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("LOGSTASH_ADDR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(data) = stdin {
        input.write_all(data).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn plain_file_gives_one_document_per_line_in_order() {
    let out = run(&[CLASSIC], None);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    let lines = std::fs::read_to_string(CLASSIC).unwrap().lines().count();
    assert_eq!(d.len(), lines);
    let offsets: Vec<u64> = d
        .iter()
        .map(|d| d["log"]["offset"].as_u64().unwrap())
        .collect();
    assert!(offsets.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(d[0]["aws"]["elb"]["name"], "my-classic-lb");
    assert_eq!(d[0]["cloud"]["account"]["id"], "123456789012");
    let s = summary(&out);
    assert_eq!(s["lines_read"], lines as u64);
    assert_eq!(s["lines_sent"], lines as u64);
    assert_eq!(s["formats"]["classic"], lines as u64);
}

#[test]
fn gzip_file_is_detected_by_content() {
    let out = run(&[ALB], None);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    assert_eq!(d.len(), 200);
    assert!(d.iter().all(|d| d["aws"]["elb"]["type"].is_string()));
    let s = summary(&out);
    assert!(s["bytes_compressed"].as_u64().unwrap() < s["bytes_decompressed"].as_u64().unwrap());
    // the same bytes under a name without .gz are still gunzipped
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("object");
    std::fs::copy(ALB, &renamed).unwrap();
    assert_eq!(docs(&run(&[renamed.to_str().unwrap()], None)).len(), 200);
}

#[test]
fn stdin_is_the_default_input() {
    let data = std::fs::read(CLASSIC).unwrap();
    let out = run(&[], Some(&data));
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    assert_eq!(d.len(), data.iter().filter(|&&c| c == b'\n').count());
    assert_eq!(d[0]["log"]["file"]["path"], "-");
    let gz = run(&["-"], Some(&gzip(&data)));
    assert_eq!(docs(&gz).len(), d.len());
}

#[test]
fn malformed_lines_become_failure_documents_and_exit_zero() {
    let out = run(&[MIXED], None);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    let s = summary(&out);
    assert_eq!(s["lines_read"], 28);
    assert_eq!(s["lines_skipped"], 2);
    assert_eq!(d.len(), 26);
    let failures: Vec<_> = d
        .iter()
        .filter(|d| d["tags"][0] == "_elbparsefailure")
        .collect();
    assert_eq!(failures.len() as u64, s["parse_failures"].as_u64().unwrap());
    assert_eq!(failures.len(), 4);
    assert_eq!(
        failures[0]["message"],
        "this is not a load balancer log line"
    );
    assert!(
        failures[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`elb` at byte 30")
    );
    assert_eq!(s["parse_errors"].as_array().unwrap().len(), 4);
    assert_eq!(s["unknown_field_lines"], 1);
    let unknown = d
        .iter()
        .find(|d| d["aws"]["elb"]["unknown_fields"].is_array())
        .unwrap();
    assert_eq!(
        unknown["aws"]["elb"]["unknown_fields"],
        serde_json::json!(["NEW FIELD", "42"])
    );
    // the Latin-1 byte in the URL is carried as U+FFFD, not a failure
    assert!(d.iter().any(|d| {
        d["url"]["original"]
            .as_str()
            .is_some_and(|u| u.ends_with("caf\u{FFFD}"))
    }));
}

#[test]
fn options_add_original_fields_and_tags() {
    let out = run(
        &[
            "--keep-original",
            "--fields",
            r#"{"labels":{"env":"prod"},"event":{"module":"elb"}}"#,
            "--tag",
            "a",
            "--tag",
            "b",
            CLASSIC,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    let first_line = std::fs::read_to_string(CLASSIC)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(d[0]["event"]["original"], first_line);
    assert_eq!(d[0]["labels"]["env"], "prod");
    assert_eq!(d[0]["event"]["module"], "elb");
    assert_eq!(d[0]["event"]["kind"], "event");
    assert_eq!(d[0]["tags"], serde_json::json!(["a", "b"]));
    let mixed = docs(&run(&["--tag", "a", MIXED], None));
    let failure = mixed.iter().find(|d| d["message"].is_string()).unwrap();
    assert_eq!(
        failure["tags"],
        serde_json::json!(["_elbparsefailure", "a"])
    );
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["--no-such-flag"][..],
        &["--pool-size", "0"],
        &["--fields", "not json"],
        &["--logstash", "nohost"],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn missing_file_exits_3_and_other_inputs_still_run() {
    let out = run(&["/no/such/file.log", CLASSIC], None);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(docs(&out).len(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/no/such/file.log: cannot open"), "{err}");
    assert_eq!(summary(&out)["objects_failed"], 1);
}

#[test]
fn corrupt_gzip_keeps_the_lines_before_the_corruption() {
    let mut data = Vec::new();
    let line = std::fs::read_to_string(CLASSIC)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    for _ in 0..20_000 {
        data.extend_from_slice(line.as_bytes());
        data.push(b'\n');
    }
    let mut gz = gzip(&data);
    let mid = gz.len() / 2;
    for b in &mut gz[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.log.gz");
    std::fs::write(&path, &gz).unwrap();
    let out = run(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(3));
    let d = docs(&out);
    assert!(d.len() > 1000 && d.len() < 20_000, "{} documents", d.len());
    // deflate can turn corrupt bits into garbage before the CRC catches it, so only the
    // documents before the first damaged line are promised intact
    let intact = d.iter().take_while(|d| d["tags"].is_null()).count();
    assert!(intact > 1000, "{intact} intact documents");
    assert!(
        d[..intact]
            .iter()
            .enumerate()
            .all(|(i, d)| d["log"]["offset"] == (i * (line.len() + 1)) as u64)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read failed at decompressed byte"), "{err}");
    // truncated archive: same contract
    std::fs::write(&path, &gzip(&data)[..mid]).unwrap();
    let out = run(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(3));
    assert!(!docs(&out).is_empty());
}

#[test]
fn overlong_line_becomes_a_failure_document_with_its_first_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.log");
    let good = std::fs::read_to_string(CLASSIC)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&path, format!("{good}\n{}\n{good}\n", "x".repeat(10_000))).unwrap();
    let out = run(&["--max-line-bytes", "4096", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    assert_eq!(d.len(), 3);
    assert_eq!(d[1]["tags"][0], "_elbparsefailure");
    assert_eq!(d[1]["message"].as_str().unwrap().len(), 1024);
    assert!(
        d[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("10000 bytes is longer than MAX_LINE_BYTES (4096)")
    );
    assert_eq!(
        d[2]["log"]["offset"],
        (good.len() + 1 + 10_001) as u64,
        "the next line keeps its offset"
    );
    assert_eq!(summary(&out)["parse_failures"], 1);
}

#[test]
fn closed_stdout_counts_the_rest_as_undelivered_and_exits_1() {
    // a few MB of documents: far more than a pipe holds, so writes hit the closed reader
    let mut raw = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(std::fs::File::open(ALB).unwrap()),
        &mut raw,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.log");
    std::fs::write(&path, raw.repeat(20)).unwrap();
    let mut child = Command::new(BIN)
        .arg(&path)
        .env_remove("LOGSTASH_ADDR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    let read = s["lines_read"].as_u64().unwrap();
    let failed = s["lines_failed"].as_u64().unwrap();
    assert_eq!(read, 4000);
    assert!(failed > 0, "{s}");
    assert_eq!(s["lines_sent"].as_u64().unwrap() + failed, read, "{s}");
    assert_eq!(s["send_errors"][0]["peer"], "stdout", "{s}");
}

#[test]
fn a_health_check_object_in_the_access_log_prefix_parses_and_is_counted() {
    let hc = "testdata/health_check_log_123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_7hc2k9qa.log.gz";
    // mixed with an access-log object, as one bucket prefix holds both
    let out = run(&[hc, ALB], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["formats"]["health_check"], 60);
    assert_eq!(s["formats"]["alb"], 200);
    assert_eq!(s["parse_failures"], 0);
    let docs = docs(&out);
    let checks: Vec<_> = docs
        .iter()
        .filter(|d| d["event"]["action"] == "health_check")
        .collect();
    assert_eq!(checks.len(), 60);
    assert!(
        checks
            .iter()
            .all(|d| d["source"].is_null() && d["http"].is_null())
    );
    assert!(
        checks
            .iter()
            .any(|d| d["aws"]["elb"]["backend"]["arn"].is_string()),
        "Lambda targets"
    );
    assert!(checks.iter().any(|d| d["event"]["outcome"] == "failure"));
    assert_eq!(
        checks[0]["cloud"]["account"]["id"], "123456789012",
        "from the object's name"
    );
}

#[test]
fn aws_test_object_is_skipped_and_counted_not_shipped() {
    let dir = tempfile::tempdir().unwrap();
    // AWS's name for it; recognised by the line, so a copy under another name works the same
    for name in ["ELBAccessLogTestFile", "copy.log"] {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            "Enable AccessLog for ELB: my-alb at 2026-11-23T10:05:00.123Z\n",
        )
        .unwrap();
        let out = run(&[path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(docs(&out).is_empty(), "{name}: nothing shipped");
        let s = summary(&out);
        assert_eq!(s["lines_read"], 1);
        assert_eq!(s["lines_skipped"], 1);
        assert_eq!(s["aws_test_lines"], 1);
        assert_eq!(s["parse_failures"], 0);
    }
    // between real lines it is skipped and the real lines still ship
    let mut mixed = std::fs::read(CLASSIC).unwrap();
    mixed.extend_from_slice(b"Enable AccessLog for ELB: my-classic-lb at 2026-11-23T10:05:00Z\n");
    let out = run(&["-"], Some(&mixed));
    let lines = std::fs::read_to_string(CLASSIC).unwrap().lines().count();
    assert_eq!(docs(&out).len(), lines);
    assert_eq!(summary(&out)["aws_test_lines"], 1);
}

/// `cmd` under a pseudo-terminal (util-linux `script`), stdout and stderr both on it.
fn on_a_terminal(args: &str) -> String {
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("{BIN} {args} 2>&1 >/dev/null"),
            "/dev/null",
        ])
        .env_remove("LOGSTASH_ADDR")
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_terminal_gets_a_short_summary_and_pipes_get_json() {
    // stderr on the terminal, documents to /dev/null
    let text = on_a_terminal(&format!("{CLASSIC} /no/such.log"));
    assert!(text.contains("lines read"), "{text}");
    assert!(text.contains("failed: /no/such.log: cannot open"), "{text}");
    assert!(
        !text.contains("\"lines_read\""),
        "no JSON on a terminal: {text}"
    );
    let json = on_a_terminal(&format!("--json-summary {CLASSIC}"));
    assert!(json.contains("\"lines_read\""), "{json}");
    // a pipe (the tests above) gets JSON: the last stderr line parses
    let out = run(&[CLASSIC], None);
    assert!(summary(&out)["lines_read"].as_u64().unwrap() > 0);
}

//! `--include`, `--exclude` and `--sample` as a user runs them on the bundled testdata, with
//! every count checked against an independent count of the raw lines.

use std::process::{Command, Output};

mod common;

use common::cli::{docs, summary};

const BIN: &str = env!("CARGO_BIN_EXE_elb-logstash");
const ALB: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz";
const MIXED: &str = "testdata/mixed-and-malformed.log";

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("LOGSTASH_ADDR")
        .env_remove("INCLUDE")
        .env_remove("EXCLUDE")
        .env_remove("SAMPLE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The raw ALB lines, read without our parser.
fn alb_lines() -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(ALB).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(str::to_string).collect()
}

/// Quoted fields split on `"`: the request is the 1st, the user agent the 2nd.
fn user_agent(line: &str) -> &str {
    line.split('"').nth(3).unwrap()
}

fn elb_status(line: &str) -> u32 {
    line.split(' ').nth(8).unwrap().parse().unwrap()
}

/// lines_read = lines_sent + lines_failed + lines_filtered + lines_sampled_out + lines_skipped
fn assert_balanced(s: &serde_json::Value) {
    // the CLI's summary holds the totals at its top level
    let t = s;
    let n = |k: &str| t[k].as_u64().unwrap_or_else(|| panic!("no {k} in {t}"));
    assert_eq!(
        n("lines_read"),
        n("lines_sent")
            + n("lines_failed")
            + n("lines_filtered")
            + n("lines_sampled_out")
            + n("lines_skipped"),
        "{t}"
    );
}

#[test]
fn exclude_health_checker_requests() {
    let lines = alb_lines();
    let checker = lines
        .iter()
        .filter(|l| user_agent(l).starts_with("ELB-HealthChecker/"))
        .count();
    assert!(checker > 0, "the testdata has health-checker requests");
    let out = run(
        &[ALB, "--exclude", "user_agent.original=ELB-HealthChecker/*"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    assert_eq!(d.len(), lines.len() - checker);
    assert!(d.iter().all(|d| {
        !d["user_agent"]["original"]
            .as_str()
            .unwrap_or("")
            .starts_with("ELB-HealthChecker/")
    }));
    let s = summary(&out);
    assert_eq!(s["lines_filtered"], checker as u64);
    assert_balanced(&s);
}

#[test]
fn the_readme_example_ships_every_error_some_successes_and_no_health_checks() {
    let lines = alb_lines();
    let not_checker: Vec<&String> = lines
        .iter()
        .filter(|l| !user_agent(l).starts_with("ELB-HealthChecker/"))
        .collect();
    let errors = not_checker
        .iter()
        .filter(|l| !(200..=399).contains(&elb_status(l)))
        .count();
    let successes = not_checker.len() - errors;
    let args = [
        ALB,
        "--exclude",
        "user_agent.original=ELB-HealthChecker/*",
        "--sample",
        "http.response.status_code=200-399:0.05",
    ];
    let out = run(&args, &[]);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    let shipped_errors = d
        .iter()
        .filter(|d| !(200..=399).contains(&d["http"]["response"]["status_code"].as_u64().unwrap()))
        .count();
    assert_eq!(shipped_errors, errors, "every error is shipped");
    let s = summary(&out);
    let sampled_out = s["lines_sampled_out"].as_u64().unwrap() as usize;
    assert_eq!(d.len() - errors + sampled_out, successes);
    assert!(
        sampled_out > successes / 2,
        "most successes are sampled out"
    );
    assert_balanced(&s);
    // the same rules from the environment, `;`-separated, choose exactly the same lines
    let env = run(
        &[ALB],
        &[
            ("EXCLUDE", "user_agent.original=ELB-HealthChecker/*"),
            ("SAMPLE", "http.response.status_code=200-399:0.05"),
        ],
    );
    let ids = |d: &[serde_json::Value]| -> Vec<String> {
        d.iter().map(|d| d["event"]["id"].to_string()).collect()
    };
    assert_eq!(ids(&docs(&env)), ids(&d));
}

#[test]
fn include_keeps_only_matching_lines_and_parse_failures_are_never_filtered() {
    let out = run(&[MIXED, "--include", "aws.elb.type=h2"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let d = docs(&out);
    let failures = d
        .iter()
        .filter(|d| {
            d["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "_elbparsefailure"))
        })
        .count();
    let s = summary(&out);
    assert_eq!(failures as u64, s["parse_failures"].as_u64().unwrap());
    assert!(failures > 0);
    assert!(
        d.iter()
            .filter(|d| d["tags"].is_null())
            .all(|d| d["aws"]["elb"]["type"] == "h2")
    );
    assert_balanced(&s);
}

#[test]
fn sampling_over_100k_lines_is_near_its_rate_and_the_same_on_every_run() {
    let line = "https 2026-11-23T10:05:00.000001Z app/my-alb/50dc6c495c0c9188 192.0.2.10:40000 10.0.0.1:80 0.001 0.002 0.000 200 200 100 200 \"GET https://example.com:443/x HTTP/1.1\" \"curl/8\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1 \"Root=1-6740b0a0-0123456789abcdef01234567\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.log");
    std::fs::write(&path, line.repeat(100_000)).unwrap();
    let path = path.to_str().unwrap();
    let ids = |out: &Output| -> Vec<String> {
        docs(out)
            .iter()
            .map(|d| d["event"]["id"].to_string())
            .collect()
    };
    let first = run(&[path, "--sample", "aws.elb.type=https:0.1"], &[]);
    let second = run(&[path, "--sample", "aws.elb.type=https:0.1"], &[]);
    let kept = ids(&first);
    let fraction = kept.len() as f64 / 100_000.0;
    assert!((fraction - 0.1).abs() <= 0.01, "kept {fraction}");
    assert_eq!(kept, ids(&second));
    let s = summary(&first);
    assert_eq!(s["lines_sampled_out"], 100_000 - kept.len() as u64);
    assert_balanced(&s);
}

#[test]
fn bad_rules_exit_2_naming_the_rule() {
    for (args, env, want) in [
        (
            vec!["--exclude", "aws.elb.bogus=x"],
            vec![],
            "aws.elb.bogus=x",
        ),
        (
            vec!["--include", "http.response.status_code=2xx"],
            vec![],
            "http.response.status_code=2xx",
        ),
        (
            vec!["--sample", "aws.elb.type=http:1.5"],
            vec![],
            "aws.elb.type=http:1.5",
        ),
        (
            vec![],
            vec![("SAMPLE", "aws.elb.type=http:0")],
            "aws.elb.type=http:0",
        ),
        (vec![], vec![("EXCLUDE", "url.path=/a;nofield")], "nofield"),
    ] {
        let mut a = vec![ALB];
        a.extend(args);
        let out = run(&a, &env);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(want), "{err}");
        assert!(out.stdout.is_empty());
    }
}

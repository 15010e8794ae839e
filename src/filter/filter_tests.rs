//! Tests of `filter`.

use super::*;
use crate::parse::parse_line;

const ALB: &str = r#"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/index.php?x=1 HTTP/1.1" "ELB-HealthChecker/2.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" -1 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;
const HC: &str = "http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError";

fn decide(rules: (&[&str], &[&str], &[&str]), line: &str) -> Decision {
    let f = Filter::new(rules.0, rules.1, rules.2).unwrap();
    f.decide(&parse_line(line.as_bytes()).unwrap(), 7)
}

#[test]
fn exclude_by_glob_on_a_text_field() {
    let r: (&[&str], &[&str], &[&str]) = (&[], &["user_agent.original=ELB-HealthChecker/*"], &[]);
    assert_eq!(decide(r, ALB), Decision::Filtered);
    let other = ALB.replace("ELB-HealthChecker/2.0", "curl/8.0");
    assert_eq!(decide(r, &other), Decision::Keep);
}

#[test]
fn include_keeps_only_matching_lines() {
    let r: (&[&str], &[&str], &[&str]) = (
        &[
            "http.response.status_code=500-599",
            "event.action=health_check",
        ],
        &[],
        &[],
    );
    assert_eq!(decide(r, ALB), Decision::Filtered);
    assert_eq!(
        decide(r, &ALB.replacen(" 200 200 ", " 503 200 ", 1)),
        Decision::Keep
    );
    assert_eq!(decide(r, HC), Decision::Keep);
}

#[test]
fn every_field_kind_reads_its_value() {
    let cases: &[(&str, &str, bool)] = &[
        ("aws.elb.type=http", ALB, true),
        ("aws.elb.name=app/my-loadbalancer/*", ALB, true),
        ("http.request.method=GET", ALB, true),
        ("http.version=1.1", ALB, true),
        ("url.path=/index.php", ALB, true),
        ("url.extension=php", ALB, true),
        ("url.query=x=1", ALB, true),
        ("url.domain=www.example.com", ALB, true),
        ("url.port=80", ALB, true),
        ("source.ip=192.168.*", ALB, true),
        ("source.port=2000-3000", ALB, true),
        ("aws.elb.backend.ip=10.0.0.1", ALB, true),
        ("aws.elb.backend.port=80", ALB, true),
        ("aws.elb.matched_rule_priority=-1", ALB, true),
        (
            "aws.elb.backend_processing_time.sec=0.0005-0.002",
            ALB,
            true,
        ),
        ("aws.elb.target_group.arn=*my-targets*", ALB, true),
        ("destination.domain=-", ALB, true),
        ("event.action=health_check", ALB, false),
        ("event.action=health_check", HC, true),
        ("aws.elb.health_check.status=FAIL", HC, true),
        ("aws.elb.health_check.reason_code=TargetError", HC, true),
        (
            "aws.elb.backend.http.response.status_code=500-599",
            HC,
            true,
        ),
        ("aws.elb.health_check.latency.sec=1-2", HC, true),
        ("aws.elb.target_group.id=HCLogs*", HC, true),
        ("user_agent.original=*", HC, false),
        ("user_agent.original=-", HC, true),
    ];
    for (rule, line, want) in cases {
        let r = Rule::parse(rule).unwrap();
        assert_eq!(
            r.matches(&parse_line(line.as_bytes()).unwrap()),
            *want,
            "{rule}"
        );
    }
}

#[test]
fn bad_rules_name_the_rule() {
    for (rule, want) in [
        ("no-equals", "is not FIELD=PATTERN"),
        ("aws.elb.nope=1", "no log format has a field `aws.elb.nope`"),
        ("http.response.status_code=2xx", "is not a number"),
        ("http.response.status_code=299-200", "is not a number"),
        ("url.path=", "the pattern is empty"),
    ] {
        let e = Filter::new(&[rule], &[], &[]).unwrap_err().to_string();
        assert!(e.contains(rule) && e.contains(want), "{e}");
    }
    for rule in [
        "url.path=/a:0",
        "url.path=/a:1.5",
        "url.path=/a:x",
        "url.path=/a",
        "url.path=/a:-0.1",
    ] {
        let e = Filter::new::<&str>(&[], &[], &[rule])
            .unwrap_err()
            .to_string();
        assert!(e.contains(rule), "{e}");
    }
    let e = Filter::new::<&str>(&[], &[], &["nope.field=1:0.5"])
        .unwrap_err()
        .to_string();
    assert!(e.contains("`nope.field=1:0.5`"), "{e}");
}

#[test]
fn sampling_is_deterministic_and_near_its_rate() {
    let s = Sample::parse("aws.elb.type=*:0.05").unwrap();
    let kept = (0..100_000u64).filter(|&k| s.keeps(k)).count();
    assert!((4_000..=6_000).contains(&kept), "{kept}");
    let again = (0..100_000u64).filter(|&k| s.keeps(k)).count();
    assert_eq!(kept, again);
    assert!((0..1000).all(|k| Sample::parse("aws.elb.type=*:1").unwrap().keeps(k)));
}

#[test]
fn no_rules_keep_everything() {
    let f = Filter::default();
    assert!(f.is_empty());
    assert_eq!(
        f.decide(&parse_line(ALB.as_bytes()).unwrap(), 1),
        Decision::Keep
    );
}

use super::super::{LogLine, ParseError, parse_line};
use super::*;

fn hc(line: &str) -> HealthCheck<'_> {
    match parse_line(line.as_bytes()) {
        Ok(LogLine::HealthCheck(h)) => h,
        other => panic!("not a health-check line: {other:?}"),
    }
}

#[test]
fn the_aws_documentation_examples() {
    let h =
        hc("http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -");
    assert_eq!(h.kind, b"http");
    assert_eq!(h.time.text, b"2025-10-31T12:44:59.875678");
    assert_eq!(h.latency, b"0.019584011");
    assert_eq!(
        h.target,
        Some(Target::Address(HostPort {
            ip: b"172.31.20.97",
            port: b"80"
        }))
    );
    assert_eq!(h.target_group_id, Some(&b"HCLogsTestIPs"[..]));
    assert!(h.passed);
    assert_eq!((h.status_code, h.reason_code), (Some(&b"200"[..]), None));
    assert_eq!((h.elb, h.node_ip, h.unknown), (None, None, &b""[..]));
    let h = hc(
        "http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError",
    );
    assert!(!h.passed);
    assert_eq!(h.reason_code, Some(&b"TargetError"[..]));
}

#[test]
fn ten_fields_and_what_aws_appends_later() {
    let h = hc(
        "https 2026-11-23T10:00:00.000001Z 0.5 10.0.0.5:443 tg-1 PASS 200 - app/my-alb/50dc6c495c0c9188 10.0.1.17 - NEW",
    );
    assert_eq!(h.elb, Some(&b"app/my-alb/50dc6c495c0c9188"[..]));
    assert_eq!(h.node_ip, Some(&b"10.0.1.17"[..]));
    assert_eq!(h.unknown, b"- NEW");
}

#[test]
fn lambda_and_ipv6_targets() {
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:health";
    let line = format!("lambda 2026-11-23T10:00:00Z 0.002 {arn} tg-l FAIL - InternalError");
    let h = hc(&line);
    assert_eq!(
        h.target,
        Some(Target::Lambda {
            arn: arn.as_bytes()
        })
    );
    assert_eq!(h.status_code, None);
    for t in ["2600:1f18:1::5:8080", "[2600:1f18:1::5]:8080"] {
        let line = format!("h2 2026-11-23T10:00:00Z 0.002 {t} tg-6 PASS 200 -");
        assert_eq!(
            hc(&line).target,
            Some(Target::Address(HostPort {
                ip: b"2600:1f18:1::5",
                port: b"8080"
            }))
        );
    }
}

#[test]
fn other_types_are_kept_and_grpc_is_recognised() {
    assert_eq!(
        hc("grpc 2026-11-23T10:00:00Z 0.1 10.0.0.1:50051 tg PASS 0 -").kind,
        b"grpc"
    );
    assert_eq!(
        hc("quic3 2026-11-23T10:00:00Z 0.1 10.0.0.1:443 tg PASS 200 -").kind,
        b"quic3"
    );
}

#[test]
fn every_status_other_than_pass_and_fail_fails_the_line() {
    for s in ["pass", "OK", "-", "PASSED"] {
        let line = format!("http 2026-11-23T10:00:00Z 0.1 10.0.0.1:80 tg {s} 200 -");
        assert!(
            matches!(
                parse_line(line.as_bytes()),
                Err(ParseError::Invalid {
                    field: "status",
                    ..
                })
            ),
            "{s}"
        );
    }
}

#[test]
fn truncated_lines_name_the_missing_field() {
    let full = "http 2026-11-23T10:00:00Z 0.1 10.0.0.1:80 tg PASS 200 -";
    let fields: Vec<&str> = full.split(' ').collect();
    for (n, want) in [
        (3, "target_addr"),
        (5, "status"),
        (6, "status_code"),
        (7, "reason_code"),
    ] {
        let line = fields[..n].join(" ");
        match parse_line(line.as_bytes()) {
            Err(ParseError::Missing { field, .. }) => assert_eq!(field, want, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }
}

#[test]
fn an_access_line_is_not_taken_for_a_health_check() {
    // the third token of an access line is the load balancer id, even one that looks numeric
    let access = "http 2026-11-23T10:00:00.1Z 12345 192.0.2.1:4000 10.0.0.1:80 0.001 0.002 0.000 200 200 10 20 \"GET http://x/ HTTP/1.1\" \"ua\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1 \"Root=1-58337262-36d228ad5d99923122bbe354\"";
    assert!(matches!(parse_line(access.as_bytes()), Ok(LogLine::Alb(_))));
    assert!(is_type(b"h2") && !is_type(b"HTTP") && !is_type(b"2026"));
}

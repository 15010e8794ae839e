//! Tests of `alb`.

use super::super::{LogLine, ParseError, parse_line};
use super::Alb;

fn alb(line: &str) -> Alb<'_> {
    match parse_line(line.as_bytes()) {
        Ok(LogLine::Alb(a)) => a,
        other => panic!("not alb: {other:?}"),
    }
}

const DOC_HTTP: &str = r#"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;

#[test]
fn aws_doc_http_entry_has_29_fields() {
    let a = alb(DOC_HTTP);
    assert_eq!(a.kind, b"http");
    assert_eq!(a.core.elb, b"app/my-loadbalancer/50dc6c495c0c9188");
    assert_eq!(a.core.received_bytes, Some(&b"34"[..]));
    assert_eq!(
        a.trace_id,
        Some(&b"Root=1-58337262-36d228ad5d99923122bbe354"[..])
    );
    assert_eq!(a.tail.domain_name, None);
    assert_eq!(a.tail.matched_rule_priority, Some(&b"0"[..]));
    assert_eq!(
        a.tail.request_creation_time.unwrap().text,
        b"2018-07-02T22:22:48.364000"
    );
    assert_eq!(a.tail.actions_executed, Some(&b"forward"[..]));
    assert_eq!(a.tail.target_port_list, Some(&b"10.0.0.1:80"[..]));
    assert_eq!(a.tail.target_status_code_list, Some(&b"200"[..]));
    assert_eq!(a.tail.classification, None);
    assert_eq!(a.tail.conn_trace_id, None);
    assert!(a.unknown.is_empty());
}

#[test]
fn every_era_is_valid() {
    let eighteen = DOC_HTTP.split(r#" "-" "-" 0 2018"#).next().unwrap();
    assert_eq!(alb(eighteen).tail.domain_name, None);
    let twenty_one = format!("{eighteen} \"example.com\" \"-\" 1");
    let a = alb(&twenty_one);
    assert_eq!(a.tail.domain_name, Some(&b"example.com"[..]));
    assert_eq!(a.tail.matched_rule_priority, Some(&b"1"[..]));
    let twenty_five =
        format!("{twenty_one} 2018-07-02T22:22:48.364000Z \"waf,forward\" \"-\" \"-\"");
    assert_eq!(
        alb(&twenty_five).tail.actions_executed,
        Some(&b"waf,forward"[..])
    );
    let twenty_seven = format!("{twenty_five} 10.0.0.1:80 200");
    assert_eq!(
        alb(&twenty_seven).tail.target_status_code_list,
        Some(&b"200"[..])
    );
    let thirty = format!("{DOC_HTTP} TID_1234");
    assert_eq!(alb(&thirty).tail.conn_trace_id, Some(&b"TID_1234"[..]));
    let thirty_three = format!("{thirty} \"h.example\" \"/x\" \"-\"");
    let a = alb(&thirty_three);
    assert_eq!(a.tail.transformed_host, Some(&b"h.example"[..]));
    assert_eq!(a.tail.request_transform_status, None);
    assert!(a.unknown.is_empty());
    let more = format!("{thirty_three} \"FOO BAR\" BAZ");
    assert_eq!(alb(&more).unknown, br#""FOO BAR" BAZ"#);
}

#[test]
fn unknown_fields_after_29_are_kept() {
    let line = format!("{DOC_HTTP} \"FOO BAR\" BAZ");
    let a = alb(&line);
    assert_eq!(a.tail.conn_trace_id, None);
    assert_eq!(a.unknown, br#""FOO BAR" BAZ"#);
}

#[test]
fn truncated_alb_line_fails() {
    assert_eq!(
        parse_line(b"h2 2024-05-28T13:34:14.804475Z"),
        Err(ParseError::Missing {
            field: "elb",
            pos: 30
        })
    );
    let eighteen = DOC_HTTP.split(r#" "-" "-" 0 2018"#).next().unwrap();
    let nineteen = format!("{eighteen} \"example.com\"");
    assert!(matches!(
        parse_line(nineteen.as_bytes()),
        Err(ParseError::Missing {
            field: "chosen_cert_arn",
            ..
        })
    ));
    let bad_time =
        format!("{eighteen} \"a\" \"-\" 1 2018-13-02T22:22:48.364000Z \"forward\" \"-\" \"-\"");
    assert!(matches!(
        parse_line(bad_time.as_bytes()),
        Err(ParseError::Invalid {
            field: "request_creation_time",
            ..
        })
    ));
}

#[test]
fn lambda_target_and_dash_priority() {
    let line = r#"http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" - 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse" "-" "-" "-" "-""#;
    let a = alb(line);
    assert_eq!(a.core.backend, None);
    assert_eq!(a.core.backend_status_code, None);
    assert_eq!(a.tail.matched_rule_priority, None);
    assert_eq!(a.tail.error_reason, Some(&b"LambdaInvalidResponse"[..]));
}

#[test]
fn priority_minus_one_is_kept_and_trailing_carriage_returns_are_framing() {
    let line = DOC_HTTP.replace(r#""-" "-" 0 2018"#, r#""-" "-" -1 2018"#);
    assert_eq!(alb(&line).tail.matched_rule_priority, Some(&b"-1"[..]));
    let line = format!("{DOC_HTTP}\r\r  ");
    assert!(alb(&line).unknown.is_empty());
    let line = DOC_HTTP.replace(r#""-" "-" 0 2018"#, r#""-" "-" -2 2018"#);
    assert!(matches!(
        parse_line(line.as_bytes()),
        Err(ParseError::Invalid {
            field: "matched_rule_priority",
            ..
        })
    ));
}

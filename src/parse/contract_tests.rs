//! The rules of docs/SCHEMA.md that cut across formats, one test per class of line that once
//! slipped past them (issue #25), and the decisions SCHEMA states for the cases it left open.

use super::lists::{self, Unknown};
use super::{LogLine, ParseError, parse_line};

const NLB: &str = r#"tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com h2 h2 "h2","http/1.1" 2020-04-01T08:51:42"#;
const CLASSIC: &str = r#"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" DHE-RSA-AES128-SHA TLSv1.2"#;
const ALB33: &str = r#"https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234 "-" "-" "-""#;
const CONN: &str = r#"2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "CN=example.com,O=Ex" NotBefore=2023-09-21T22:34:37Z;NotAfter=2026-09-21T22:34:37Z FEF257372D5C14D4 Success TID_1234 X25519MLKEM768 app/my-alb/50dc6c495c0c9188 10.0.1.25"#;
const HC: &str = "https 2026-11-23T10:00:00.000001Z 0.5 10.0.0.5:443 tg-1 PASS 200 - app/my-alb/50dc6c495c0c9188 10.0.1.17";

/// Parses a line that must parse (leaked: a test's lines live as long as it does).
fn ok(line: impl AsRef<str>) -> LogLine<'static> {
    let line: &'static str = Box::leak(line.as_ref().to_owned().into_boxed_str());
    parse_line(line.as_bytes()).unwrap_or_else(|e| panic!("{line:?}: {e}"))
}

/// The line fails, naming `field` (as invalid or missing).
#[track_caller]
fn fails(line: &str, field: &str) {
    match parse_line(line.as_bytes()) {
        Err(ParseError::Invalid { field: f, .. } | ParseError::Missing { field: f, .. })
            if f == field => {}
        other => panic!("{line:?}: expected `{field}` to fail, got {other:?}"),
    }
}

/// `line` with its `n`th space-separated token (from 0) replaced.
fn with(line: &str, n: usize, tok: &str) -> String {
    let mut t: Vec<&str> = line.split(' ').collect();
    t[n] = tok;
    t.join(" ")
}

#[test]
fn class_1_nlb_fields_that_shift_fail() {
    // the last field is a time or nothing: anything else is a shifted field, not a new one
    let bad_time = NLB.replace("2020-04-01T08:51:42", "2024-13-01T00:00:00");
    fails(&bad_time, "tls_connection_creation_time");
    // a key exchange of two tokens pushes every later field one place on
    let two = NLB.replace("tlsv12 -", "tlsv12 two words");
    assert!(parse_line(two.as_bytes()).is_err(), "{two}");
    let two_21 = NLB
        .replace("tlsv12 -", "tlsv12 two words")
        .replace(" 2020-04-01T08:51:42", "");
    assert!(parse_line(two_21.as_bytes()).is_err(), "{two_21}");
    // a `-` last field is absent, and tokens after the 22nd stay unknown
    let LogLine::Nlb(n) = ok(format!("{} - NEW", &NLB[..NLB.len() - 20])) else {
        panic!()
    };
    assert_eq!(
        (n.tls_connection_creation_time, n.unknown),
        (None, &b"NEW"[..])
    );
}

#[test]
fn class_2_quoted_tokens_where_a_field_is_bare_fail() {
    // a user agent written twice lands in the cipher's place
    let ua_twice = CLASSIC.replace(
        r#""curl/7.38.0" DHE-RSA-AES128-SHA TLSv1.2"#,
        r#""curl/7.38.0" "curl/7.38.0" - -"#,
    );
    fails(&ua_twice, "ssl_cipher");
    fails(
        &CLASSIC.replace("DHE-RSA-AES128-SHA", "\"DHE-RSA-AES128-SHA\""),
        "ssl_cipher",
    );
    fails(
        &ALB33.replace(
            "ECDHE-RSA-AES128-GCM-SHA256",
            "\"ECDHE-RSA-AES128-GCM-SHA256\"",
        ),
        "ssl_cipher",
    );
    fails(&with(CONN, 5, "\"ECDHE-RSA\""), "tls_cipher");
    fails(&with(NLB, 14, "\"ECDHE-RSA-AES128-SHA\""), "tls_cipher");
    fails(&with(CLASSIC, 1, "\"my-loadbalancer\""), "elb");
    fails(&with(NLB, 3, "\"net/x/1\""), "elb");
    for alpn in ["\"h2\"", "h2\r", "h2\0"] {
        fails(&with(NLB, 18, alpn), "alpn_fe_protocol");
        fails(&with(NLB, 19, alpn), "alpn_be_protocol");
    }
    fails(
        &with(NLB, 20, "\"h2\"\0,\"http/1.1\""),
        "alpn_client_preference_list",
    );
    // AWS's own quoting of the preference list, with or without backslashes, stays valid
    ok(with(NLB, 20, r#"\"h2\",\"http/1.1\""#));
}

#[test]
fn class_3_a_padded_dash_is_absent() {
    let line = ALB33.replace("\"www.example.com\"", "\"- \"");
    let LogLine::Alb(a) = ok(&line) else { panic!() };
    assert_eq!(a.tail.domain_name, None);
    let line = ALB33.replace("\"www.example.com\"", "\" www.example.com \"");
    let LogLine::Alb(a) = ok(&line) else { panic!() };
    assert_eq!(a.tail.domain_name, Some(&b"www.example.com"[..]));
}

#[test]
fn class_4_status_code_lists_hold_numbers_only() {
    for bad in [
        "\"200 abc\"",
        "\"99999999999999999999\"",
        "\"-1\"",
        "\"2xx\"",
    ] {
        fails(
            &ALB33.replacen("\"200\"", bad, 1),
            "target_status_code_list",
        );
    }
    let LogLine::Alb(a) = ok(ALB33.replacen("\"200\"", "\"200 - 502\"", 1)) else {
        panic!()
    };
    let codes: Vec<_> = lists::status_codes(a.tail.target_status_code_list.unwrap()).collect();
    assert_eq!(codes, [&b"200"[..], b"502"]);
}

#[test]
fn class_5_timestamps_end_where_date_nanos_ends() {
    for late in [
        "2262-12-31T23:59:59.999999Z",
        "2262-04-11T23:47:16.854775808Z",
        "2262-04-11T23:47:17Z",
        "2262-04-12T00:00:00Z",
    ] {
        fails(&with(CLASSIC, 0, late), "timestamp");
    }
    for fine in [
        "2262-04-11T23:47:16.854775807Z",
        "2262-04-11T23:47:16.8547758Z",
        "2262-04-11T23:47:16Z",
        "2262-01-01T00:00:00Z",
    ] {
        ok(with(CLASSIC, 0, fine));
    }
}

#[test]
fn class_6_a_validity_that_is_not_a_date_fails() {
    for bad in [
        "NotBefore=x;NotAfter=2026-09-21T22:34:37Z",
        "NotBefore=2023-02-30T00:00:00Z;NotAfter=2026-09-21T22:34:37Z",
        "NotBefore=2023-09-21T22:34:37Z;NotAfter=soon",
        "NotBefore=2023-09-21T22:34:37Z;Expires=2026-09-21T22:34:37Z",
    ] {
        fails(&with(CONN, 8, bad), "leaf_client_cert_validity");
    }
    let LogLine::ConnLog(c) = ok(with(CONN, 8, "NotBefore=-;NotAfter=2026-09-21T22:34:37Z")) else {
        panic!()
    };
    assert!(c.leaf_client_cert_validity.not_before.is_none());
    assert!(c.leaf_client_cert_validity.not_after.is_some());
}

#[test]
fn class_7_connection_and_health_check_elb_is_an_alb_id() {
    let arn = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1";
    for bad in [
        "app/x",
        "x/y",
        "APP/x/y",
        "net/my-nlb/c6e77e28c25b2234",
        arn,
        "app/x/1/2",
        "app//1",
        "app/\"x\"/1",
    ] {
        fails(&with(CONN, 13, bad), "elb");
        fails(&with(HC, 8, bad), "elb");
    }
    ok(with(CONN, 13, "-"));
    ok(with(HC, 8, "-"));
}

#[test]
fn class_8_minus_one_with_any_number_of_zeros_is_absent() {
    for absent in ["-1", "-1.0", "-1.00", "-1.000000", "-"] {
        let LogLine::Classic(c) = ok(with(CLASSIC, 4, absent)) else {
            panic!()
        };
        assert_eq!(c.core.request_processing_time, None, "{absent}");
    }
    for bad in ["-1.", "-1.01", "-2", "-0.5", "--1", "-10"] {
        fails(&with(CLASSIC, 4, bad), "request_processing_time");
    }
}

#[test]
fn class_9_a_dash_leaves_the_field_absent() {
    for target in ["-", "-:80"] {
        let LogLine::HealthCheck(h) = ok(with(HC, 3, target)) else {
            panic!()
        };
        assert_eq!(h.target, None, "{target}");
    }
    let LogLine::ConnLog(c) = ok(with(CONN, 3, "-")) else {
        panic!()
    };
    assert_eq!(c.listener_port, None);
    let LogLine::ConnLog(c) = ok(with(CONN, 2, "-")) else {
        panic!()
    };
    assert_eq!(c.client_port, None);
}

#[test]
fn alb_field_34_is_the_node_address() {
    let LogLine::Alb(a) = ok(format!("{ALB33} 10.0.1.25")) else {
        panic!()
    };
    assert_eq!(
        (a.tail.node_ip, a.unknown),
        (Some(&b"10.0.1.25"[..]), &b""[..])
    );
    let LogLine::Alb(a) = ok(format!("{ALB33} - \"NEW\" x")) else {
        panic!()
    };
    assert_eq!((a.tail.node_ip, a.unknown), (None, &br#""NEW" x"#[..]));
    let LogLine::Alb(a) = ok(format!("{ALB33} 2001:db8::7 y")) else {
        panic!()
    };
    assert_eq!(
        (a.tail.node_ip, a.unknown),
        (Some(&b"2001:db8::7"[..]), &b"y"[..])
    );
    fails(&format!("{ALB33} not-an-ip"), "ip_address");
    // something newer than the 34th, quoted, is unknown from there on
    let LogLine::Alb(a) = ok(format!("{ALB33} \"quoted\"")) else {
        panic!()
    };
    assert_eq!((a.tail.node_ip, a.unknown), (None, &br#""quoted""#[..]));
}

#[test]
fn aws_test_object_line_is_recognised_by_its_content() {
    let line = b"Enable AccessLog for ELB: my-alb at 2026-11-23T10:05:00.123Z";
    assert!(super::is_aws_test_line(line));
    assert_eq!(parse_line(line), Err(ParseError::UnknownFormat));
    assert!(!super::is_aws_test_line(CLASSIC.as_bytes()));
    assert!(!super::is_aws_test_line(b"Enable AccessLog"));
}

#[test]
fn decisions_for_the_cases_schema_left_open() {
    // a trailing `-` after the last known field is an unknown field, kept as AWS wrote it
    let LogLine::HealthCheck(h) = ok(format!("{HC} -")) else {
        panic!()
    };
    let tail: Vec<_> = lists::unknown_fields(h.unknown).collect();
    assert_eq!(tail, [Unknown::Field(b"-")]);
    // a nine-field health-check line ends after `elb`
    let nine = HC.rsplit_once(' ').unwrap().0;
    let LogLine::HealthCheck(h) = ok(nine) else {
        panic!()
    };
    assert_eq!((h.elb.is_some(), h.node_ip), (true, None));
    // type tokens are lower case, as AWS writes them
    assert_eq!(
        parse_line(with(HC, 0, "HTTPS").as_bytes()),
        Err(ParseError::UnknownFormat)
    );
    // a latency is measured, never negative or absent
    for bad in ["-0.5", "-1"] {
        assert!(parse_line(with(HC, 2, bad).as_bytes()).is_err(), "{bad}");
    }
    // NLB versions: digits and a dot; any but 1.0 is read as far as the line goes
    ok(with(NLB, 1, "3.0"));
    fails(&with(NLB, 1, "v2"), "version");
    let end_at_domain = NLB.split(' ').take(18).collect::<Vec<_>>().join(" ");
    let LogLine::Nlb(n) = ok(&end_at_domain) else {
        panic!()
    };
    assert_eq!(n.alpn_fe_protocol, None);
    // a timestamp without `Z` is UTC (NLB writes none)
    ok(with(CLASSIC, 0, "2015-05-13T23:39:43.945958"));
}

#[test]
fn requests_give_a_version_only_when_it_is_one() {
    use super::request::split_request;
    assert_eq!(split_request(b"GET / HTTP/1.1").version, Some(&b"1.1"[..]));
    assert_eq!(split_request(b"GET / http/2.0 ").version, Some(&b"2.0"[..]));
    assert_eq!(split_request(br#"GET / HTTP/1.1\""#).version, None);
    assert_eq!(split_request(b"GET / HTTP/").version, None);
    assert_eq!(split_request(b"GET / HTTP/x").version, None);
    let r = split_request(b"GET /a/b.txt?q=1 HTTP/1.1");
    let u = r.url_parts();
    assert_eq!((u.scheme, u.domain, u.port), (None, None, None));
    assert_eq!(
        (u.path, u.query),
        (Some(&b"/a/b.txt"[..]), Some(&b"q=1"[..]))
    );
    assert_eq!(u.extension, Some(&b"txt"[..]));
}

#[test]
fn word_checks_agree_with_their_byte_rules() {
    use super::values::{no_control, plain, plain_byte};
    // every byte value at every position of tokens of 1 to 70 bytes (every word layout)
    for len in 1..=70 {
        for at in 0..len {
            for c in 0..=255u8 {
                let mut tok = vec![b'a'; len];
                tok[at] = c;
                assert_eq!(plain(&tok), tok.iter().all(|&b| plain_byte(b)), "{tok:?}");
                assert_eq!(no_control(&tok), tok.iter().all(|&b| b >= 0x20), "{tok:?}");
            }
        }
    }
}

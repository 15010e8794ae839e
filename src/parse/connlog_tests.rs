//! Tests of `connlog`.

use super::super::lists::VerifyStatus;
use super::super::{LogLine, parse_line};

#[test]
fn mutual_tls_success_line() {
    let line = r#"2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "CN=example.com,O=Ex" NotBefore=2023-09-21T22:34:37Z;NotAfter=2026-09-21T22:34:37Z FEF257372D5C14D4 Success TID_1234"#;
    let Ok(LogLine::ConnLog(c)) = parse_line(line.as_bytes()) else {
        panic!("not a conn log")
    };
    assert_eq!(c.client_ip, Some(&b"192.168.131.39"[..]));
    assert_eq!(c.client_port, Some(&b"36280"[..]));
    assert_eq!(c.listener_port, Some(&b"443"[..]));
    assert_eq!(c.tls_handshake_latency, Some(&b"4.036"[..]));
    assert_eq!(
        c.leaf_client_cert_subject,
        Some(&b"CN=example.com,O=Ex"[..])
    );
    assert_eq!(c.tls_verify_status, Some(VerifyStatus::Success));
    assert_eq!(c.conn_trace_id, Some(&b"TID_1234"[..]));
}

#[test]
fn dashes_for_plain_connection() {
    let line =
        r#"2024-10-04T17:05:15.514108Z 2001:db8::1 36280 443 - - - "-" - - - TID_16132ed0b4112148"#;
    let Ok(LogLine::ConnLog(c)) = parse_line(line.as_bytes()) else {
        panic!("not a conn log")
    };
    assert_eq!(c.client_ip, Some(&b"2001:db8::1"[..]));
    assert_eq!(c.tls_protocol, None);
    assert_eq!(c.leaf_client_cert_subject, None);
}

#[test]
fn fields_thirteen_to_fifteen_and_lines_that_stop_before_them() {
    let base = r#"2026-11-23T10:05:00.000001Z 192.0.2.7 40000 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.012 "-" - - - TID_0a"#;
    let full = format!("{base} X25519MLKEM768 app/my-alb/50dc6c495c0c9188 10.0.1.17 NEW");
    let Ok(LogLine::ConnLog(c)) = parse_line(full.as_bytes()) else {
        panic!("not a conn log")
    };
    assert_eq!(c.tls_keyexchange, Some(&b"X25519MLKEM768"[..]));
    assert_eq!(c.elb, Some(&b"app/my-alb/50dc6c495c0c9188"[..]));
    assert_eq!(c.node_ip, Some(&b"10.0.1.17"[..]));
    assert_eq!(c.unknown, b"NEW");
    for extra in ["", " secp256r1"] {
        let line = format!("{base}{extra}");
        let Ok(LogLine::ConnLog(c)) = parse_line(line.as_bytes()) else {
            panic!("{line}")
        };
        assert_eq!(c.tls_keyexchange.is_some(), !extra.is_empty());
        assert_eq!((c.elb, c.node_ip, c.unknown), (None, None, &b""[..]));
    }
}

const FULL: &str = r#"2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "CN=example.com,O=Ex" NotBefore=2023-09-21T22:34:37Z;NotAfter=2026-09-21T22:34:37Z FEF257372D5C14D4 Success TID_1234 X25519MLKEM768 app/my-alb/50dc6c495c0c9188 10.0.1.25"#;

#[test]
fn fifteen_fields_parse() {
    let Ok(LogLine::ConnLog(c)) = parse_line(FULL.as_bytes()) else {
        panic!("not a conn log")
    };
    assert_eq!(c.node_ip, Some(&b"10.0.1.25"[..]));
    assert_eq!(c.elb, Some(&b"app/my-alb/50dc6c495c0c9188"[..]));
}

#[test]
fn a_field_missing_in_the_middle_fails_instead_of_shifting() {
    let tokens: Vec<&str> = FULL.split(' ').collect();
    // tokens 7 and 8 are the two halves of the quoted subject
    for drop in (4..tokens.len() - 1).filter(|&i| i != 7 && i != 8) {
        let mut t = tokens.clone();
        t.remove(drop);
        let line = t.join(" ");
        assert!(
            !matches!(parse_line(line.as_bytes()), Ok(LogLine::ConnLog(_))),
            "dropping {} still parsed",
            tokens[drop]
        );
    }
}

#[test]
fn client_and_node_addresses_must_be_addresses() {
    let bad_client = FULL.replacen("192.168.131.39", "client-host", 1);
    assert!(parse_line(bad_client.as_bytes()).is_err());
    let zone = FULL.replacen("10.0.1.25", "fe80::1%eth0", 1);
    assert!(parse_line(zone.as_bytes()).is_err());
    let dash = FULL.replacen("192.168.131.39", "-", 1);
    let Ok(LogLine::ConnLog(c)) = parse_line(dash.as_bytes()) else {
        panic!("a `-` client is absent, not an error")
    };
    assert_eq!(c.client_ip, None);
}

//! Tests of `nlb`.

use super::super::{LogLine, parse_line};
use super::Nlb;

fn nlb(line: &str) -> Nlb<'_> {
    match parse_line(line.as_bytes()) {
        Ok(LogLine::Nlb(n)) => n,
        other => panic!("not nlb: {other:?}"),
    }
}

#[test]
fn aws_doc_version_2_entry() {
    let n = nlb(
        "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com h2 h2 \"h2\",\"http/1.1\" 2020-04-01T08:51:42",
    );
    assert_eq!(n.version, b"2.0");
    assert_eq!(n.time.text, b"2018-12-20T02:59:40");
    assert_eq!(n.listener, b"g3d4b5e8bb8464cd");
    assert_eq!(n.destination.unwrap().port, b"443");
    assert_eq!(n.connection_time, Some(&b"5"[..]));
    assert_eq!(n.tls_protocol_version, Some(&b"tlsv12"[..]));
    assert_eq!(
        n.alpn_client_preference_list,
        Some(&br#""h2","http/1.1""#[..])
    );
    assert_eq!(
        n.tls_connection_creation_time.unwrap().text,
        b"2020-04-01T08:51:42"
    );
    assert!(n.unknown.is_empty());
}

#[test]
fn version_1_ends_at_domain_name() {
    let n = nlb(
        "tls 1.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com",
    );
    assert_eq!(n.alpn_fe_protocol, None);
    assert!(n.unknown.is_empty());
}

#[test]
fn failed_tls_connection_has_dashes() {
    let n = nlb(
        "tls 2.0 2018-12-20T02:59:40 net/lb/c6e7 g3d4 72.21.218.154:51341 172.100.100.185:443 0 - 0 0 - - - - - - - - - -",
    );
    assert_eq!(n.tls_handshake_time, None);
    assert_eq!(n.connection_time, Some(&b"0"[..]));
    assert_eq!(n.tls_cipher, None);
    assert_eq!(n.tls_connection_creation_time, None);
}

const V2: &str = "tls 2.0 2018-12-20T02:59:40 net/my-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19 - ECDHE-RSA-AES128-SHA tlsv12 x25519 my-nlb.elb.us-east-2.amazonaws.com h2 h2 \"h2\",\"http/1.1\" 2020-04-01T08:51:42";

#[test]
fn incoming_tls_alert_is_an_integer() {
    let line = V2.replacen(" 246 - arn", " 246 40 arn", 1);
    let n = nlb(&line);
    assert_eq!(n.incoming_tls_alert, Some(&b"40"[..]));
    for bad in ["0x28", "abc"] {
        let line = V2.replacen(" 246 - arn", &format!(" 246 {bad} arn"), 1);
        assert!(parse_line(line.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn a_field_missing_in_the_middle_fails_instead_of_shifting() {
    let tokens: Vec<&str> = V2.split(' ').collect();
    // dropping any one of fields 12..=21 (0-based 11..21) must not parse as a shifted line
    for drop in 11..tokens.len() - 1 {
        let mut t = tokens.clone();
        t.remove(drop);
        let line = t.join(" ");
        assert!(
            parse_line(line.as_bytes()).is_err(),
            "dropping field {} ({}) still parsed",
            drop + 1,
            tokens[drop]
        );
    }
}

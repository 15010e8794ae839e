//! Tests of `classic`.

use super::super::{LogLine, ParseError, parse_line};

fn classic(line: &str) -> super::Classic<'_> {
    match parse_line(line.as_bytes()) {
        Ok(LogLine::Classic(c)) => c,
        other => panic!("not classic: {other:?}"),
    }
}

#[test]
fn aws_doc_http_example() {
    let c = classic(
        r#"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -"#,
    );
    let k = c.core;
    assert_eq!(k.time.text, b"2015-05-13T23:39:43.945958");
    assert_eq!(k.elb, b"my-loadbalancer");
    assert_eq!(k.client.unwrap().ip, b"192.168.131.39");
    assert_eq!(k.backend.unwrap().port, b"80");
    assert_eq!(k.backend_processing_time, Some(&b"0.001048"[..]));
    assert_eq!(k.elb_status_code, Some(&b"200"[..]));
    assert_eq!(k.received_bytes, Some(&b"0"[..]));
    assert_eq!(k.request.method, Some(&b"GET"[..]));
    assert_eq!(k.user_agent, Some(&b"curl/7.38.0"[..]));
    assert_eq!((k.ssl_cipher, k.ssl_protocol), (None, None));
    assert!(!c.is_tcp);
    assert!(c.unknown.is_empty());
}

#[test]
fn aws_doc_tcp_example() {
    let c = classic(
        r#"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -"#,
    );
    assert!(c.is_tcp);
    assert_eq!(c.core.elb_status_code, None);
    assert_eq!(c.core.request.url, None);
    assert_eq!(c.core.user_agent, None);
    assert_eq!(c.core.sent_bytes, Some(&b"305"[..]));
}

#[test]
fn ssl_example_and_failed_backend() {
    let c = classic(
        r#"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 - -1 -1 -1 503 0 0 0 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.38.0" DHE-RSA-AES128-SHA TLSv1.2"#,
    );
    assert_eq!(c.core.backend, None);
    assert_eq!(c.core.request_processing_time, None);
    assert_eq!(c.core.backend_status_code, Some(&b"0"[..]));
    assert_eq!(c.core.ssl_cipher, Some(&b"DHE-RSA-AES128-SHA"[..]));
    assert_eq!(c.core.ssl_protocol, Some(&b"TLSv1.2"[..]));
}

#[test]
fn twelve_field_line_is_valid() {
    let c = classic(
        r#"2015-05-13T23:39:43.945958Z my-lb 1.2.3.4:5 10.0.0.1:80 0.1 0.2 0.3 200 200 0 29 "GET http://a/ HTTP/1.1""#,
    );
    assert_eq!(c.core.user_agent, None);
}

#[test]
fn ipv6_client_and_crlf() {
    let c = classic(
        "2015-05-13T23:39:43.945958Z lb 2001:db8:85a3:0:0:8a2e:370:7334:2817 10.0.0.1:80 0.1 0.2 0.3 200 200 0 29 \"GET / HTTP/1.1\" \"ua\" - -\r",
    );
    assert_eq!(
        c.core.client.unwrap().ip,
        b"2001:db8:85a3:0:0:8a2e:370:7334"
    );
    assert!(c.unknown.is_empty());
}

#[test]
fn bad_status_names_field_and_position() {
    let line = r#"2015-05-13T23:39:43.945958Z lb 1.2.3.4:5 10.0.0.1:80 0.1 0.2 0.3 2x0 200 0 29 "GET / HTTP/1.1" "ua" - -"#;
    assert_eq!(
        parse_line(line.as_bytes()),
        Err(ParseError::Invalid {
            field: "elb_status_code",
            pos: 65
        })
    );
}

#[test]
fn truncated_lines_fail() {
    assert_eq!(
        parse_line(b"2015-05-13T23:39:43.945958Z"),
        Err(ParseError::Missing {
            field: "elb",
            pos: 27
        })
    );
    assert!(matches!(
        parse_line(b"2015-13-13T23:39:43.945958Z lb 1.2.3.4:5"),
        Err(ParseError::Invalid {
            field: "timestamp",
            pos: 0
        })
    ));
}

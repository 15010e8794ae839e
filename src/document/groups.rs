//! ECS groups more than one format writes: timestamps, `log`, addresses, timings, the HTTP
//! groups Classic and ALB share, `tls`, unknown fields. Each writer is small and inlined where
//! it matters, so every key stays one constant-length copy.

use super::object::ObjectMeta;
use crate::json::{self, JsonOut, Open};
use crate::k;
use crate::parse::HttpCore;
use crate::parse::host_port::HostPort;
use crate::parse::lists::{self, Unknown};
use crate::parse::timestamp::{Timestamp, tls_version};

/// What every parsed document starts with.
pub(super) struct Head<'a> {
    pub time: Timestamp<'a>,
    pub category: &'static str,
    /// The load balancer's status code, for `event.outcome`.
    pub status: Option<&'a [u8]>,
    pub start: Option<Timestamp<'a>>,
    pub end: Option<Timestamp<'a>>,
    /// `event.action`, for lines that record an action rather than traffic.
    pub action: Option<&'static str>,
    /// The line's own verdict (health checks), which decides `event.outcome` instead of `status`.
    pub passed: Option<bool>,
}

/// `aws` and `aws.elb`, open while the format's own members are written.
pub(super) struct OpenElb {
    pub aws: Open,
    pub elb: Open,
}

/// Writes unknown fields, closes `aws.elb` and `aws`, then writes `log`.
pub(super) fn close_elb(
    j: &mut JsonOut,
    open: OpenElb,
    obj: &ObjectMeta,
    offset: u64,
    unknown: &[u8],
) {
    unknown_fields(j, unknown);
    j.close(open.elb);
    j.close(open.aws);
    log(j, obj, offset);
}

#[derive(Clone, Copy)]
pub(super) enum Bytes {
    /// Classic HTTP counts bodies only.
    HttpBody,
    /// ALB counts headers too.
    HttpTotal,
    /// TCP/SSL listeners: bytes from the client and to it.
    Network,
}

#[inline(always)]
pub(super) fn timestamp(j: &mut JsonOut, k: &str, t: Timestamp) {
    j.key(k);
    let buf = j.buf();
    buf.push(b'"');
    json::put(buf, t.text);
    buf.extend_from_slice(b"Z\"");
}

/// Where the line came from, under `aws`: the S3 object, or the CloudWatch log group and
/// stream.
pub(super) fn origin(j: &mut JsonOut, obj: &ObjectMeta) {
    if let Some(s3) = &obj.s3 {
        j.raw(k!("s3"), s3);
    } else if let Some(cw) = &obj.cloudwatch {
        j.raw(k!("cloudwatch"), cw);
    }
}

pub(super) fn log(j: &mut JsonOut, obj: &ObjectMeta, offset: u64) {
    let log = j.open(k!("log"));
    let file = j.open(k!("file"));
    j.raw(k!("path"), &obj.path_json);
    j.close(file);
    if obj.offsets {
        j.u64(k!("offset"), offset);
    }
    j.close(log);
}

pub(super) fn host_port(j: &mut JsonOut, hp: Option<HostPort>, with_address: bool) {
    if let Some(hp) = hp {
        j.str(k!("ip"), hp.ip);
        j.num(k!("port"), Some(hp.port));
        if with_address {
            j.str(k!("address"), hp.ip);
        }
    }
}

/// `{"sec":…}` under `k`, when the stage happened.
#[inline(always)]
fn seconds(j: &mut JsonOut, k: &str, v: Option<&[u8]>) {
    if v.is_some() {
        let time = j.open(k);
        j.float(k!("sec"), v);
        j.close(time);
    }
}

/// `http.response.status_code` inside an open `aws.elb.backend`: the target's answer.
#[inline(always)]
pub(super) fn backend_status(j: &mut JsonOut, code: Option<&[u8]>) {
    if code.is_some() {
        let http = j.open(k!("http"));
        let response = j.open(k!("response"));
        j.num(k!("status_code"), code);
        j.close(response);
        j.close(http);
    }
}

/// The `aws.elb.*` members Classic and ALB share.
pub(super) fn elb_core(j: &mut JsonOut, k: &HttpCore) {
    if k.backend.is_some() || k.backend_status_code.is_some() {
        let backend = j.open(k!("backend"));
        host_port(j, k.backend, false);
        backend_status(j, k.backend_status_code);
        j.close(backend);
    }
    seconds(j, k!("request_processing_time"), k.request_processing_time);
    seconds(j, k!("backend_processing_time"), k.backend_processing_time);
    seconds(
        j,
        k!("response_processing_time"),
        k.response_processing_time,
    );
    j.opt_str(k!("ssl_cipher"), k.ssl_cipher);
    j.opt_str(k!("ssl_protocol"), k.ssl_protocol);
}

/// `source`, `destination`, `http`, `url`, `user_agent` and `tls` for Classic and ALB.
pub(super) fn http_core_groups(j: &mut JsonOut, k: &HttpCore, bytes: Bytes, domain: Option<&[u8]>) {
    let source = j.open(k!("source"));
    host_port(j, k.client, true);
    if let Bytes::Network = bytes {
        j.num(k!("bytes"), k.received_bytes);
    }
    j.close(source);
    let destination = j.open(k!("destination"));
    j.quoted(k!("domain"), domain);
    if let Bytes::Network = bytes {
        j.num(k!("bytes"), k.sent_bytes);
    }
    j.close(destination);
    let http = j.open(k!("http"));
    let request = j.open(k!("request"));
    j.opt_str(k!("method"), k.request.method);
    match bytes {
        Bytes::HttpBody => {
            let body = j.open(k!("body"));
            j.num(k!("bytes"), k.received_bytes);
            j.close(body);
        }
        Bytes::HttpTotal => j.num(k!("bytes"), k.received_bytes),
        Bytes::Network => {}
    }
    j.close(request);
    let response = j.open(k!("response"));
    j.num(k!("status_code"), k.elb_status_code);
    match bytes {
        Bytes::HttpBody => {
            let body = j.open(k!("body"));
            j.num(k!("bytes"), k.sent_bytes);
            j.close(body);
        }
        Bytes::HttpTotal => j.num(k!("bytes"), k.sent_bytes),
        Bytes::Network => {}
    }
    j.close(response);
    j.opt_str(k!("version"), k.request.version);
    j.close(http);
    if let Some(url) = k.request.url {
        let u = k.request.url_parts();
        let url_obj = j.open(k!("url"));
        j.quoted(k!("original"), Some(url));
        j.opt_str(k!("scheme"), u.scheme);
        j.quoted(k!("domain"), u.domain);
        j.num(k!("port"), u.port);
        j.quoted(k!("path"), u.path);
        j.quoted(k!("query"), u.query);
        j.quoted(k!("extension"), u.extension);
        j.close(url_obj);
    }
    if k.user_agent.is_some() {
        let user_agent = j.open(k!("user_agent"));
        j.quoted(k!("original"), k.user_agent);
        j.close(user_agent);
    }
    tls(j, k.ssl_cipher, k.ssl_protocol);
}

pub(super) fn tls(j: &mut JsonOut, cipher: Option<&[u8]>, protocol: Option<&[u8]>) {
    let tls = j.open(k!("tls"));
    j.opt_str(k!("cipher"), cipher);
    if let Some((proto, version)) = protocol.and_then(tls_version) {
        j.str_const(k!("version"), version);
        j.str_const(k!("version_protocol"), proto);
    }
    j.close(tls);
}

fn unknown_fields(j: &mut JsonOut, rest: &[u8]) {
    if rest.is_empty() {
        return;
    }
    let unknown_fields = j.open_array(k!("unknown_fields"));
    for tok in lists::unknown_fields(rest) {
        match tok {
            Unknown::Field(t) => j.item_quoted(t),
            Unknown::Rest(r) => j.item_str(r),
        }
    }
    j.close(unknown_fields);
}

//! One parsed line + its object → one ECS JSON line, exactly as `SCHEMA.md` describes.
//! Pure and synchronous: it appends bytes to a caller's buffer and allocates nothing per line
//! (except for the rare failure document's clock reading).

use crate::json::{self, JsonOut, Open};
use crate::parse::fields::{HostPort, Timestamp, tls_version};
use crate::parse::request::split_url;
use crate::parse::{Alb, Classic, ConnLog, HttpCore, LogLine, Nlb, ParseError, otel_trace_id};
use crate::{k, kv};

/// Where a line came from. Built once per object; everything per-object is serialised here.
#[derive(Debug, Clone)]
pub struct ObjectMeta {
    id_hex: [u8; 32],
    path: String,
    /// `log.file.path` as a JSON string, ready to copy.
    path_json: Vec<u8>,
    /// `"cloud":{…}` ready to copy.
    cloud: Vec<u8>,
    /// `{"bucket":{"name":…},"object":{"key":…}}` for `aws.s3`, when read from S3.
    s3: Option<Vec<u8>>,
}

impl ObjectMeta {
    /// An S3 object. `version` is the versionId, or the ETag when the bucket is not versioned.
    /// The region and account come from the event when known, else from AWS's standard key
    /// layout `AWSLogs/{account}/elasticloadbalancing/{region}/…`.
    pub fn s3(bucket: &str, key: &str, version: &str, region: Option<&str>) -> Self {
        let (key_account, key_region) = account_region_from_key(key);
        let mut s3 = Vec::new();
        s3.extend_from_slice(b"{\"bucket\":{\"name\":");
        json::string(&mut s3, bucket.as_bytes());
        s3.extend_from_slice(b"},\"object\":{\"key\":");
        json::string(&mut s3, key.as_bytes());
        s3.extend_from_slice(b"}}");
        ObjectMeta {
            id_hex: hash_hex(&[bucket.as_bytes(), key.as_bytes(), version.as_bytes()]),
            path_json: json_string(&format!("s3://{bucket}/{key}")),
            path: format!("s3://{bucket}/{key}"),
            cloud: cloud_json(region.or(key_region), key_account),
            s3: Some(s3),
        }
    }

    /// A local file, identified by its path, size and modification time.
    pub fn local(path: &str, size: u64, mtime_nanos: u128) -> Self {
        let (account, region) = account_region_from_key(path);
        ObjectMeta {
            id_hex: hash_hex(&[
                path.as_bytes(),
                &size.to_le_bytes(),
                &mtime_nanos.to_le_bytes(),
            ]),
            path: path.to_string(),
            path_json: json_string(path),
            cloud: cloud_json(region, account),
            s3: None,
        }
    }

    /// A stream with no stable identity (stdin): `nonce` must differ per run, so two different
    /// streams never produce the same `event.id`.
    pub fn stream(name: &str, nonce: u128) -> Self {
        ObjectMeta {
            id_hex: hash_hex(&[name.as_bytes(), &nonce.to_le_bytes()]),
            path: name.to_string(),
            path_json: json_string(name),
            cloud: cloud_json(None, None),
            s3: None,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// `event.id` of the line at `offset`.
    pub fn event_id(&self, offset: u64) -> String {
        let mut out = Vec::with_capacity(45);
        self.write_event_id(&mut out, offset);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write_event_id(&self, buf: &mut Vec<u8>, offset: u64) {
        buf.extend_from_slice(&self.id_hex);
        buf.push(b'-');
        // zero-padded to 12 digits, so ids sort by offset within an object
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(offset).as_bytes();
        if digits.len() < 12 {
            json::put(buf, &b"000000000000"[digits.len()..]);
        }
        json::put(buf, digits);
    }
}

fn json_string(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 2);
    json::string(&mut v, s.as_bytes());
    v
}

fn hash_hex(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let v = h.digest128();
    let mut out = [0u8; 32];
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in v.to_be_bytes().iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
    out
}

/// The account and region of an ELB log object, from AWS's key layout
/// `AWSLogs/{account}/elasticloadbalancing/{region}/…`, or else from its name
/// `{account}_elasticloadbalancing_{region}_…` (which a file copied out of its bucket keeps).
fn account_region_from_key(key: &str) -> (Option<&str>, Option<&str>) {
    match key.find("AWSLogs/") {
        Some(at) => account_region(key[at + 8..].split('/')),
        None => account_region(key.rsplit('/').next().unwrap_or(key).split('_')),
    }
}

fn account_region<'a>(
    mut parts: impl Iterator<Item = &'a str>,
) -> (Option<&'a str>, Option<&'a str>) {
    let account = parts
        .next()
        .filter(|a| a.len() == 12 && a.bytes().all(|c| c.is_ascii_digit()));
    if account.is_none() || parts.next() != Some("elasticloadbalancing") {
        return (None, None);
    }
    let region = parts.next().filter(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    });
    (account, region)
}

fn cloud_json(region: Option<&str>, account: Option<&str>) -> Vec<u8> {
    let mut v = b"{\"provider\":\"aws\"".to_vec();
    if let Some(r) = region {
        v.extend_from_slice(b",\"region\":");
        json::string(&mut v, r.as_bytes());
    }
    if let Some(a) = account {
        v.extend_from_slice(b",\"account\":{\"id\":");
        json::string(&mut v, a.as_bytes());
        v.push(b'}');
    }
    v.push(b'}');
    v
}

/// Run-wide encoding choices, validated and pre-serialised at start-up.
#[derive(Debug, Clone, Default)]
pub struct EncodeOptions {
    pub keep_original: bool,
    pub tags: Vec<String>,
    /// Extra top-level fields, e.g. `{"labels":{"env":"prod"}}`.
    pub extra_fields: serde_json::Map<String, serde_json::Value>,
}

/// Top-level keys the encoder itself writes; extra fields under these are deep-merged.
const OWN_KEYS: &[&str] = &[
    "@timestamp",
    "event",
    "cloud",
    "aws",
    "log",
    "source",
    "destination",
    "client",
    "http",
    "url",
    "user_agent",
    "tls",
    "trace",
    "tags",
    "message",
    "error",
];

pub struct Encoder {
    keep_original: bool,
    /// `"a","b"` — configured tags, ready to copy into `tags`.
    tags: Vec<u8>,
    /// `,"labels":{…}` — extra fields that do not collide with ours, ready to append.
    extra_plain: Vec<u8>,
    /// Extra fields that must be merged into objects we write (slow path, only when configured).
    extra_merge: serde_json::Map<String, serde_json::Value>,
}

impl Encoder {
    pub fn new(opts: &EncodeOptions) -> Self {
        let mut tags = Vec::new();
        for (i, t) in opts.tags.iter().enumerate() {
            if i > 0 {
                tags.push(b',');
            }
            json::string(&mut tags, t.as_bytes());
        }
        let mut extra_plain = Vec::new();
        let mut extra_merge = serde_json::Map::new();
        for (k, v) in &opts.extra_fields {
            if OWN_KEYS.contains(&k.as_str()) {
                extra_merge.insert(k.clone(), v.clone());
            } else {
                extra_plain.push(b',');
                json::string(&mut extra_plain, k.as_bytes());
                extra_plain.push(b':');
                extra_plain.extend_from_slice(v.to_string().as_bytes());
            }
        }
        Encoder {
            keep_original: opts.keep_original,
            tags,
            extra_plain,
            extra_merge,
        }
    }

    /// Appends the document for `line` (at decompressed byte `offset` of `obj`) to `out`.
    pub fn encode(
        &self,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        parsed: &Result<LogLine<'_>, ParseError>,
        out: &mut Vec<u8>,
    ) {
        let start = out.len();
        match parsed {
            Ok(l) => self.encode_parsed(obj, offset, line, l, out),
            Err(e) => self.encode_failure(obj, offset, line, &e.to_string(), out),
        }
        if !self.extra_merge.is_empty() {
            self.merge_extra(out, start);
        }
    }

    /// The `_elbparsefailure` document: the raw line in `message`, and why in `error.message`.
    pub fn encode_failure(
        &self,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        why: &str,
        out: &mut Vec<u8>,
    ) {
        let mut j = JsonOut::object(out);
        j.str(k!("@timestamp"), now_rfc3339().as_bytes());
        self.event(&mut j, obj, offset, line, None, None, None, None);
        j.raw(k!("cloud"), &obj.cloud);
        if let Some(s3) = &obj.s3 {
            let aws = j.open(k!("aws"));
            j.raw(k!("s3"), s3);
            j.close(aws);
        }
        log(&mut j, obj, offset);
        j.key(k!("tags"));
        let buf = j.buf();
        buf.extend_from_slice(b"[\"_elbparsefailure\"");
        if !self.tags.is_empty() {
            buf.push(b',');
            buf.extend_from_slice(&self.tags);
        }
        buf.push(b']');
        j.str(k!("message"), line);
        let error = j.open(k!("error"));
        j.str(k!("message"), why.as_bytes());
        j.close(error);
        if !self.extra_plain.is_empty() {
            j.buf().extend_from_slice(&self.extra_plain);
        }
        j.finish();
    }

    fn encode_parsed(
        &self,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        l: &LogLine<'_>,
        out: &mut Vec<u8>,
    ) {
        let mut j = JsonOut::object(out);
        match l {
            LogLine::Classic(c) => self.classic(&mut j, obj, offset, line, c),
            LogLine::Alb(a) => self.alb(&mut j, obj, offset, line, a),
            LogLine::Nlb(n) => self.nlb(&mut j, obj, offset, line, n),
            LogLine::ConnLog(c) => self.conn_log(&mut j, obj, offset, line, c),
        }
        if !self.tags.is_empty() {
            j.key(k!("tags"));
            let buf = j.buf();
            buf.push(b'[');
            buf.extend_from_slice(&self.tags);
            buf.push(b']');
        }
        if !self.extra_plain.is_empty() {
            j.buf().extend_from_slice(&self.extra_plain);
        }
        j.finish();
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        category: Option<&str>,
        status: Option<&[u8]>,
        start: Option<Timestamp>,
        end: Option<Timestamp>,
    ) {
        let event = j.open(k!("event"));
        j.key(k!("id"));
        let buf = j.buf();
        buf.push(b'"');
        obj.write_event_id(buf, offset);
        buf.push(b'"');
        j.lit(kv!("kind", "event"));
        if let Some(c) = category {
            j.key(k!("category"));
            let buf = j.buf();
            buf.extend_from_slice(b"[\"");
            buf.extend_from_slice(c.as_bytes());
            buf.extend_from_slice(b"\"]");
        }
        if let Some(s) = status {
            let failure = s.len() > 3 || (s.len() == 3 && s[0] >= b'4');
            j.str_const(k!("outcome"), if failure { "failure" } else { "success" });
        }
        j.lit(kv!("dataset", "aws.elb_logs"));
        if let Some(s) = start {
            timestamp(j, k!("start"), s);
        }
        if let Some(e) = end {
            timestamp(j, k!("end"), e);
        }
        if self.keep_original {
            j.str(k!("original"), line.strip_suffix(b"\r").unwrap_or(line));
        }
        j.close(event);
    }

    /// Writes `@timestamp`, `event` and `cloud`, then opens `aws` (with `s3`) and `aws.elb`.
    fn open_elb(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        h: Head,
    ) -> OpenElb {
        timestamp(j, k!("@timestamp"), h.time);
        self.event(
            j,
            obj,
            offset,
            line,
            Some(h.category),
            h.status,
            h.start,
            h.end,
        );
        j.raw(k!("cloud"), &obj.cloud);
        let aws = j.open(k!("aws"));
        s3(j, obj);
        let elb = j.open(k!("elb"));
        OpenElb { aws, elb }
    }

    fn classic(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], c: &Classic) {
        let k = &c.core;
        let category = if c.is_tcp { "network" } else { "web" };
        // Classic's timestamp is when the request arrived: no event.end
        let head = Head {
            time: k.time,
            category,
            status: k.elb_status_code,
            start: None,
            end: None,
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.str(k!("name"), k.elb);
        j.str_const(k!("protocol"), if c.is_tcp { "tcp" } else { "http" });
        elb_core(j, k);
        close_elb(j, elb, obj, offset, c.unknown);
        let bytes = if c.is_tcp {
            Bytes::Network
        } else {
            Bytes::HttpBody
        };
        http_core_groups(j, k, bytes, None);
    }

    fn alb(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], a: &Alb) {
        let k = &a.core;
        let t = &a.tail;
        let head = Head {
            time: k.time,
            category: "web",
            status: k.elb_status_code,
            start: t.request_creation_time,
            end: Some(k.time),
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.str(k!("name"), k.elb);
        j.str(k!("type"), a.kind);
        j.lit(kv!("protocol", "http"));
        elb_core(j, k);
        let target_group = j.open(k!("target_group"));
        j.opt_str(k!("arn"), a.target_group_arn);
        j.close(target_group);
        j.quoted(k!("trace_id"), a.trace_id);
        let chosen_cert = j.open(k!("chosen_cert"));
        j.quoted(k!("arn"), t.chosen_cert_arn);
        j.close(chosen_cert);
        j.num(k!("matched_rule_priority"), t.matched_rule_priority);
        if let Some(actions) = t.actions_executed {
            let action_executed = j.open_array(k!("action_executed"));
            for act in actions.split(|&c| c == b',').filter(|a| !a.is_empty()) {
                j.item_str(act);
            }
            j.close(action_executed);
        }
        j.quoted(k!("redirect_url"), t.redirect_url);
        let error = j.open(k!("error"));
        j.quoted(k!("reason"), t.error_reason);
        j.close(error);
        if let Some(list) = t.target_port_list {
            let target_port = j.open_array(k!("target_port"));
            for target in list
                .split(|&c| c == b' ')
                .filter(|a| !a.is_empty() && *a != b"-")
            {
                j.item_str(target);
            }
            j.close(target_port);
        }
        if let Some(list) = t.target_status_code_list {
            let target_status_code = j.open_array(k!("target_status_code"));
            for code in list.split(|&c| c == b' ') {
                if let Some(Some(n)) = crate::parse::fields::uint(code) {
                    j.item_num(n);
                }
            }
            j.close(target_status_code);
        }
        j.quoted(k!("classification"), t.classification);
        j.quoted(k!("classification_reason"), t.classification_reason);
        j.opt_str(k!("conn_trace_id"), t.conn_trace_id);
        j.quoted(k!("transformed_host"), t.transformed_host);
        j.quoted(k!("transformed_uri"), t.transformed_uri);
        j.quoted(k!("request_transform_status"), t.request_transform_status);
        close_elb(j, elb, obj, offset, a.unknown);
        let domain = t
            .domain_name
            .map(|d| d.trim_ascii())
            .filter(|d| !d.is_empty());
        http_core_groups(j, k, Bytes::HttpTotal, domain);
        if let Some(id) = a.trace_id.and_then(otel_trace_id) {
            let trace = j.open(k!("trace"));
            j.str(k!("id"), &id);
            j.close(trace);
        }
    }

    fn nlb(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], n: &Nlb) {
        let head = Head {
            time: n.time,
            category: "network",
            status: None,
            start: None,
            end: Some(n.time),
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.str(k!("name"), n.elb);
        j.str(k!("type"), n.kind);
        j.lit(kv!("protocol", "tcp"));
        j.str(k!("listener"), n.listener);
        let connection_time = j.open(k!("connection_time"));
        j.num(k!("ms"), n.connection_time);
        j.close(connection_time);
        let tls_handshake_time = j.open(k!("tls_handshake_time"));
        j.num(k!("ms"), n.tls_handshake_time);
        j.close(tls_handshake_time);
        j.opt_str(k!("incoming_tls_alert"), n.incoming_tls_alert);
        let chosen_cert = j.open(k!("chosen_cert"));
        j.opt_str(k!("arn"), n.chosen_cert_arn);
        j.opt_str(k!("serial"), n.chosen_cert_serial);
        j.close(chosen_cert);
        j.opt_str(k!("ssl_cipher"), n.tls_cipher);
        j.opt_str(k!("ssl_protocol"), n.tls_protocol_version);
        j.opt_str(k!("tls_named_group"), n.tls_named_group);
        j.opt_str(k!("alpn_fe_protocol"), n.alpn_fe_protocol);
        j.opt_str(k!("alpn_be_protocol"), n.alpn_be_protocol);
        if let Some(list) = n.alpn_client_preference_list {
            let alpn_client_preference_list = j.open_array(k!("alpn_client_preference_list"));
            for p in list.split(|&c| c == b',') {
                let p = trim_quotes(p);
                if !p.is_empty() {
                    j.item_str(p);
                }
            }
            j.close(alpn_client_preference_list);
        }
        if let Some(t) = n.tls_connection_creation_time {
            timestamp(j, k!("tls_connection_creation_time"), t);
        }
        close_elb(j, elb, obj, offset, n.unknown);
        let source = j.open(k!("source"));
        host_port(j, n.client, true);
        j.num(k!("bytes"), n.received_bytes);
        j.close(source);
        let destination = j.open(k!("destination"));
        host_port(j, n.destination, false);
        j.opt_str(k!("domain"), n.domain_name);
        j.num(k!("bytes"), n.sent_bytes);
        j.close(destination);
        tls(j, n.tls_cipher, n.tls_protocol_version);
    }

    fn conn_log(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], c: &ConnLog) {
        let head = Head {
            time: c.time,
            category: "network",
            status: None,
            start: None,
            end: Some(c.time),
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.lit(kv!("protocol", "tcp"));
        j.num(k!("listener"), Some(c.listener_port));
        j.opt_str(k!("ssl_protocol"), c.tls_protocol);
        j.opt_str(k!("ssl_cipher"), c.tls_cipher);
        j.num(k!("tls_handshake_latency"), c.tls_handshake_latency);
        j.quoted(k!("leaf_client_cert_subject"), c.leaf_client_cert_subject);
        if let Some(validity) = c.leaf_client_cert_validity {
            for part in validity.split(|&b| b == b';') {
                if let Some(t) = part
                    .strip_prefix(b"NotBefore=")
                    .and_then(crate::parse::fields::timestamp)
                {
                    timestamp(j, k!("leaf_client_cert_not_before"), t);
                } else if let Some(t) = part
                    .strip_prefix(b"NotAfter=")
                    .and_then(crate::parse::fields::timestamp)
                {
                    timestamp(j, k!("leaf_client_cert_not_after"), t);
                }
            }
        }
        j.opt_str(
            k!("leaf_client_cert_serial_number"),
            c.leaf_client_cert_serial_number,
        );
        if let Some(status) = c.tls_verify_status {
            match status.strip_prefix(b"Failed:") {
                Some(code) => {
                    j.lit(kv!("tls_verify_status", "Failed"));
                    j.str(k!("tls_error_code"), code);
                }
                None => j.str(k!("tls_verify_status"), status),
            }
        }
        j.opt_str(k!("conn_trace_id"), c.conn_trace_id);
        close_elb(j, elb, obj, offset, c.unknown);
        let client = j.open(k!("client"));
        j.str(k!("ip"), c.client_ip);
        j.num(k!("port"), Some(c.client_port));
        j.close(client);
        tls(j, c.tls_cipher, c.tls_protocol);
    }

    /// Slow path for extra fields that share a top-level key with the document: parse the
    /// document back and deep-merge. Only taken when such fields are configured.
    fn merge_extra(&self, out: &mut Vec<u8>, start: usize) {
        let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(&out[start..]) else {
            return;
        };
        if let Some(map) = doc.as_object_mut() {
            for (k, v) in &self.extra_merge {
                deep_merge(map.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        out.truncate(start);
        if serde_json::to_writer(&mut *out, &doc).is_ok() {
            out.push(b'\n');
        }
    }
}

fn deep_merge(into: &mut serde_json::Value, extra: &serde_json::Value) {
    match (into, extra) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                deep_merge(a.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (serde_json::Value::Array(a), serde_json::Value::Array(b)) => a.extend(b.iter().cloned()),
        (into, extra) => *into = extra.clone(),
    }
}

/// What every parsed document starts with.
struct Head<'a> {
    time: Timestamp<'a>,
    category: &'static str,
    /// The load balancer's status code, for `event.outcome`.
    status: Option<&'a [u8]>,
    start: Option<Timestamp<'a>>,
    end: Option<Timestamp<'a>>,
}

/// `aws` and `aws.elb`, open while the format's own members are written.
struct OpenElb {
    aws: Open,
    elb: Open,
}

/// Writes unknown fields, closes `aws.elb` and `aws`, then writes `log`.
fn close_elb(j: &mut JsonOut, open: OpenElb, obj: &ObjectMeta, offset: u64, unknown: &[u8]) {
    unknown_fields(j, unknown);
    j.close(open.elb);
    j.close(open.aws);
    log(j, obj, offset);
}

#[derive(Clone, Copy)]
enum Bytes {
    /// Classic HTTP counts bodies only.
    HttpBody,
    /// ALB counts headers too.
    HttpTotal,
    /// TCP/SSL listeners: bytes from the client and to it.
    Network,
}

/// Inlined, like the other small writers here, so each key is a constant-length copy.
#[inline(always)]
fn timestamp(j: &mut JsonOut, k: &str, t: Timestamp) {
    j.key(k);
    let buf = j.buf();
    buf.push(b'"');
    json::put(buf, t.text);
    buf.extend_from_slice(b"Z\"");
}

fn s3(j: &mut JsonOut, obj: &ObjectMeta) {
    if let Some(s3) = &obj.s3 {
        j.raw(k!("s3"), s3);
    }
}

fn log(j: &mut JsonOut, obj: &ObjectMeta, offset: u64) {
    let log = j.open(k!("log"));
    let file = j.open(k!("file"));
    j.raw(k!("path"), &obj.path_json);
    j.close(file);
    j.u64(k!("offset"), offset);
    j.close(log);
}

fn host_port(j: &mut JsonOut, hp: Option<HostPort>, with_address: bool) {
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
        j.num(k!("sec"), v);
        j.close(time);
    }
}

/// The `aws.elb.*` members Classic and ALB share.
fn elb_core(j: &mut JsonOut, k: &HttpCore) {
    if k.backend.is_some() || k.backend_status_code.is_some() {
        let backend = j.open(k!("backend"));
        host_port(j, k.backend, false);
        if k.backend_status_code.is_some() {
            let http = j.open(k!("http"));
            let response = j.open(k!("response"));
            j.num(k!("status_code"), k.backend_status_code);
            j.close(response);
            j.close(http);
        }
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
fn http_core_groups(j: &mut JsonOut, k: &HttpCore, bytes: Bytes, domain: Option<&[u8]>) {
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
        let u = split_url(url);
        let url_obj = j.open(k!("url"));
        j.quoted(k!("original"), Some(url));
        j.opt_str(k!("scheme"), u.scheme);
        j.opt_str(k!("domain"), u.domain);
        j.num(
            k!("port"),
            u.port.and_then(|p| crate::parse::fields::uint(p).flatten()),
        );
        j.quoted(k!("path"), u.path);
        j.quoted(k!("query"), u.query);
        j.opt_str(k!("extension"), u.extension);
        j.close(url_obj);
    }
    if k.user_agent.is_some() {
        let user_agent = j.open(k!("user_agent"));
        j.quoted(k!("original"), k.user_agent);
        j.close(user_agent);
    }
    tls(j, k.ssl_cipher, k.ssl_protocol);
}

fn tls(j: &mut JsonOut, cipher: Option<&[u8]>, protocol: Option<&[u8]>) {
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
    let mut f = crate::parse::fields::Fields::new(rest);
    while !f.at_end() {
        match f.quoted_or_token("unknown") {
            Ok(tok) => {
                j.item_quoted(tok);
            }
            Err(_) => {
                // an unterminated quote: keep the rest verbatim as one token
                j.item_str(f.remainder());
                break;
            }
        }
    }
    j.close(unknown_fields);
}

fn trim_quotes(p: &[u8]) -> &[u8] {
    let p = p.strip_prefix(b"\\").unwrap_or(p);
    let p = p.strip_prefix(b"\"").unwrap_or(p);
    let p = p.strip_suffix(b"\"").unwrap_or(p);
    p.strip_suffix(b"\\").unwrap_or(p)
}

/// Processing time, for documents of lines that carry no valid time of their own.
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // civil-from-days (Howard Hinnant)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_micros()
    )
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;

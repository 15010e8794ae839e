//! One parsed line + its object → one ECS JSON line, exactly as `docs/SCHEMA.md` describes.
//! Pure and synchronous: it appends bytes to a caller's buffer and allocates nothing per line
//! (except for a failure document's clock reading). The parser has already split every field;
//! this module only maps parsed values to names — one file per format, shared groups in
//! `groups`.

mod alb;
mod classic;
mod clock;
mod connlog;
mod extra;
mod groups;
mod health_check;
mod nlb;
mod object;

pub use clock::now_rfc3339;
pub use object::ObjectMeta;

use crate::json::JsonOut;
use crate::parse::{LogLine, ParseError};
use crate::{k, kv};
use extra::Extra;
use groups::{Head, OpenElb, log, origin, timestamp};

/// Run-wide encoding choices; `config` builds them from flags and variables.
#[derive(Debug, Clone, Default)]
pub struct EncodeOptions {
    pub keep_original: bool,
    pub tags: Vec<String>,
    /// Extra top-level fields, e.g. `{"labels":{"env":"prod"}}`.
    pub extra_fields: serde_json::Map<String, serde_json::Value>,
}

/// The options, pre-serialised once per run.
pub struct Encoder {
    keep_original: bool,
    /// `"a","b"` — configured tags, ready to copy into `tags`.
    tags: Vec<u8>,
    extra: Extra,
}

impl Encoder {
    pub fn new(opts: &EncodeOptions) -> Self {
        let mut tags = Vec::new();
        for (i, t) in opts.tags.iter().enumerate() {
            if i > 0 {
                tags.push(b',');
            }
            crate::json::string(&mut tags, t.as_bytes());
        }
        Encoder {
            keep_original: opts.keep_original,
            tags,
            extra: Extra::new(&opts.extra_fields),
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
        if !self.extra.merge.is_empty() {
            self.extra.merge_into(out, start);
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
        self.event(&mut j, obj, offset, line, None);
        j.raw(k!("cloud"), &obj.cloud);
        if obj.s3.is_some() || obj.cloudwatch.is_some() {
            let aws = j.open(k!("aws"));
            origin(&mut j, obj);
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
        // the line's framing (`\r`, trailing spaces) is not part of it, as in `event.original`
        j.str(k!("message"), crate::parse::trim_line_end(line));
        let error = j.open(k!("error"));
        j.str(k!("message"), why.as_bytes());
        j.close(error);
        if !self.extra.plain.is_empty() {
            j.buf().extend_from_slice(&self.extra.plain);
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
            LogLine::HealthCheck(h) => self.health_check(&mut j, obj, offset, line, h),
        }
        if !self.tags.is_empty() {
            j.key(k!("tags"));
            let buf = j.buf();
            buf.push(b'[');
            buf.extend_from_slice(&self.tags);
            buf.push(b']');
        }
        if !self.extra.plain.is_empty() {
            j.buf().extend_from_slice(&self.extra.plain);
        }
        j.finish();
    }

    /// `event.*`; `head` is absent for a failure document.
    fn event(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        head: Option<&Head>,
    ) {
        let event = j.open(k!("event"));
        j.key(k!("id"));
        let buf = j.buf();
        buf.push(b'"');
        obj.write_event_id(buf, offset);
        buf.push(b'"');
        j.lit(kv!("kind", "event"));
        if let Some(h) = head {
            j.key(k!("category"));
            let buf = j.buf();
            buf.extend_from_slice(b"[\"");
            buf.extend_from_slice(h.category.as_bytes());
            buf.extend_from_slice(b"\"]");
            if let Some(action) = h.action {
                j.str_const(k!("action"), action);
            }
            let failure = match (h.passed, h.status) {
                (Some(passed), _) => Some(!passed),
                (None, Some(s)) => Some(s.len() > 3 || (s.len() == 3 && s[0] >= b'4')),
                (None, None) => None,
            };
            if let Some(failure) = failure {
                j.str_const(k!("outcome"), if failure { "failure" } else { "success" });
            }
        }
        j.lit(kv!("dataset", "aws.elb_logs"));
        if let Some(h) = head {
            if let Some(s) = h.start {
                timestamp(j, k!("start"), s);
            }
            if let Some(e) = h.end {
                timestamp(j, k!("end"), e);
            }
        }
        if self.keep_original {
            j.str(k!("original"), crate::parse::trim_line_end(line));
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
        head: Head,
    ) -> OpenElb {
        timestamp(j, k!("@timestamp"), head.time);
        self.event(j, obj, offset, line, Some(&head));
        j.raw(k!("cloud"), &obj.cloud);
        let aws = j.open(k!("aws"));
        origin(j, obj);
        let elb = j.open(k!("elb"));
        OpenElb { aws, elb }
    }
}

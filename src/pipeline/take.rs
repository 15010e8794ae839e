//! One line through parse, filter and encode into a batch buffer: what every worker does to
//! every line of a chunk (and the object's own task to a `#` line, whose directive changes how
//! the lines after it are read). Synchronous and shared, so worker threads run it side by side.

use crate::document::{EncodeOptions, Encoder, ObjectMeta};
use crate::filter::{Decision, Filter};
use crate::parse::{LogLine, ParseError, is_aws_test_line, parse_line};
use crate::source::decode::Line;
use crate::summary::LineCounts;
use crate::vended::{self, FieldList};

use super::tally::Tally;

/// How many leading bytes of an over-long line its failure document keeps.
const OVERLONG_KEEP: usize = 1024;

/// What turns a line into a document: the same for every line of a run.
pub(super) struct Stages {
    pub(super) encoder: Encoder,
    pub(super) filter: Filter,
    pub(super) vended_fields: FieldList,
    pub(super) max_line: usize,
    /// Worker threads for an object's lines, one per core: asked once, not per object
    /// (the standard library reads the cgroup's CPU quota to answer).
    pub(super) workers: usize,
}

impl Stages {
    pub(super) fn new(opts: &EncodeOptions, max_line: usize) -> Self {
        Stages {
            encoder: Encoder::new(opts),
            filter: Filter::default(),
            vended_fields: FieldList::default(),
            max_line,
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// One line: encoded into `buf` (a document or a failure document) and `true`, or counted
    /// as skipped, filtered or sampled out and `false`.
    #[inline(always)]
    pub(super) fn take_line(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        tally: &mut Tally,
        state: &mut LineState,
        buf: &mut Vec<u8>,
    ) -> bool {
        let counts = &mut tally.counts;
        counts.lines_read += 1;
        if line.truncated {
            let why = format!(
                "line of {} bytes is longer than MAX_LINE_BYTES ({})",
                line.len, self.max_line
            );
            let keep = &line.bytes[..line.bytes.len().min(OVERLONG_KEEP)];
            self.encoder
                .encode_failure(meta, line.offset, keep, &why, buf);
            tally.parse_failure(line.offset, &why);
            return true;
        }
        if is_blank(line.bytes) {
            counts.lines_skipped += 1;
            return false;
        }
        if state.w3c.is_some() && line.bytes.first() != Some(&b'#') {
            return self.take_w3c(meta, line, tally, state, buf);
        }
        // a JSON record; a legacy line starts with a type or a time, never a `{`, so the
        // legacy parse would only fail on it first
        if line.bytes.first() == Some(&b'{') {
            return self.take_vended(meta, line, tally, state, buf);
        }
        let parsed = parse_line(line.bytes);
        match &parsed {
            Ok(l) => {
                if !self.counted(l, meta.line_key(line.offset), counts) {
                    return false;
                }
            }
            Err(ParseError::UnknownFormat) if is_aws_test_line(line.bytes) => {
                counts.lines_skipped += 1;
                counts.aws_test_lines += 1;
                return false;
            }
            Err(_) if vended::looks_vended(line.bytes) => {
                return self.take_vended(meta, line, tally, state, buf);
            }
            Err(e) if line.bytes.first() == Some(&b'#') => {
                if let Some(d) = vended::directive(line.bytes) {
                    return self.take_directive(meta, line, d, tally, state, buf);
                }
                tally.parse_failure(line.offset, &e.to_string());
            }
            Err(e) => tally.parse_failure(line.offset, &e.to_string()),
        }
        self.encoder
            .encode(meta, line.offset, line.bytes, &parsed, buf);
        true
    }

    /// Counts a parsed line; `false` when the filter drops it.
    #[inline(always)]
    fn counted(&self, l: &LogLine<'_>, key: u64, counts: &mut LineCounts) -> bool {
        counts.lines_parsed += 1;
        counts.count_format(l.format());
        if !l.unknown_fields().is_empty() {
            counts.unknown_field_lines += 1;
        }
        self.filter.is_empty() || self.keep(l, key, counts)
    }

    /// A line that is no record: its failure document, saying why, and counted.
    fn take_failure(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        why: &str,
        tally: &mut Tally,
        buf: &mut Vec<u8>,
    ) -> bool {
        self.encoder
            .encode_failure(meta, line.offset, line.bytes, why, buf);
        tally.parse_failure(line.offset, why);
        true
    }

    /// A W3C directive: `#Fields:` names the records that follow; every directive puts the
    /// object's later lines in W3C mode. A `#Fields:` line that names nothing is a failure
    /// document, and records after it fail until the next one.
    #[cold]
    #[inline(never)]
    fn take_directive(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        directive: Result<vended::Directive, vended::VendedError>,
        tally: &mut Tally,
        state: &mut LineState,
        buf: &mut Vec<u8>,
    ) -> bool {
        match directive {
            Ok(vended::Directive::Fields(f)) => state.w3c = Some(Some(f)),
            Ok(vended::Directive::Other) => {
                state.w3c.get_or_insert(None);
            }
            Err(e) => {
                state.w3c = Some(None);
                return self.take_failure(meta, line, &e.to_string(), tally, buf);
            }
        }
        tally.counts.lines_skipped += 1;
        false
    }

    /// A vended record (JSON, tab- or comma-separated), read into its legacy line.
    #[inline(never)]
    fn take_vended(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        tally: &mut Tally,
        state: &mut LineState,
        buf: &mut Vec<u8>,
    ) -> bool {
        let LineState {
            scratch, reader, ..
        } = state;
        let read = reader.read(line.bytes, &self.vended_fields, scratch);
        self.take_rebuilt(meta, line, read, tally, scratch, buf)
    }

    /// A record of a W3C object, named by the last `#Fields:` line.
    #[cold]
    #[inline(never)]
    fn take_w3c(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        tally: &mut Tally,
        state: &mut LineState,
        buf: &mut Vec<u8>,
    ) -> bool {
        let LineState { scratch, w3c, .. } = state;
        let read = match w3c {
            Some(Some(fields)) => vended::read_w3c(line.bytes, fields, scratch),
            _ => Err(vended::VendedError::NoFields),
        };
        self.take_rebuilt(meta, line, read, tally, scratch, buf)
    }

    /// A vended record (JSON, delimited or W3C) whose legacy line `read` rebuilt into
    /// `scratch`, taken as that line, with the record as the raw text its document keeps; a
    /// record that is not one becomes a failure document.
    #[cold]
    #[inline(never)]
    fn take_rebuilt(
        &self,
        meta: &ObjectMeta,
        line: &Line,
        read: Result<vended::Kind, vended::VendedError>,
        tally: &mut Tally,
        scratch: &[u8],
        buf: &mut Vec<u8>,
    ) -> bool {
        if let Err(e) = read {
            return self.take_failure(meta, line, &e.to_string(), tally, buf);
        }
        tally.counts.vended_records += 1;
        let parsed = parse_line(scratch);
        match &parsed {
            Ok(l) => {
                if !self.counted(l, meta.line_key(line.offset), &mut tally.counts) {
                    return false;
                }
            }
            Err(e) => tally.parse_failure(line.offset, &format!("{e} of the rebuilt line")),
        }
        self.encoder
            .encode(meta, line.offset, line.bytes, &parsed, buf);
        true
    }

    /// The filter's decision for a parsed line, counted when it drops the line.
    #[inline(always)]
    fn keep(&self, l: &LogLine<'_>, key: u64, counts: &mut LineCounts) -> bool {
        match self.filter.decide(l, key) {
            Decision::Keep => true,
            Decision::Filtered => {
                counts.lines_filtered += 1;
                false
            }
            Decision::SampledOut => {
                counts.lines_sampled_out += 1;
                false
            }
        }
    }
}

/// What one object's lines carry from one line to the next.
#[derive(Default)]
pub(super) struct LineState {
    /// A vended record's legacy line, rebuilt.
    scratch: Vec<u8>,
    /// What repeats from one vended record to the next.
    reader: vended::Reader,
    /// In a W3C object (a directive was seen): the names of the last `#Fields:` line.
    pub(super) w3c: Option<Option<vended::W3cFields>>,
}

/// Lines of nothing but whitespace are skipped (and counted), never sent.
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&c| c == b' ' || c == b'\t' || c == b'\r')
}

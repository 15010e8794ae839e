//! One object end to end: raw bytes → decompressed lines → parsed → filtered → encoded →
//! sink. This is where the stages meet; each stage stays ignorant of the others.

use std::time::Instant;

use crate::document::{EncodeOptions, Encoder, ObjectMeta};
use crate::filter::{Decision, Filter};
use crate::parse::{LogLine, ParseError, is_aws_test_line, parse_line};
use crate::ship::{Batch, Sink, Ticket};
use crate::source::decode::{Content, Counting, Line, LineReader, LineSource, content, read_ahead};
use crate::source::events::EventLines;
use crate::source::{ObjectId, Opened, SourceError};
use crate::summary::LineCounts;
use crate::vended::{self, FieldList};

use super::tally::{ObjectRun, Tally};

/// How many leading bytes of an over-long line its failure document keeps.
const OVERLONG_KEEP: usize = 1024;

/// Told about every batch handed to the sink (the CLI's progress bar).
pub trait Progress: Send + Sync {
    fn advance(&self, lines: u64, bytes: u64);
}

pub struct Pipeline {
    encoder: Encoder,
    filter: Filter,
    vended_fields: FieldList,
    batch_bytes: usize,
    max_line: usize,
    progress: Option<std::sync::Arc<dyn Progress>>,
}

impl Pipeline {
    pub fn new(opts: &EncodeOptions, batch_bytes: usize, max_line: usize) -> Self {
        Pipeline {
            encoder: Encoder::new(opts),
            filter: Filter::default(),
            vended_fields: FieldList::default(),
            batch_bytes,
            max_line,
            progress: None,
        }
    }

    /// Include, exclude and sample rules, applied to every parsed line before encoding.
    pub fn with_filter(mut self, filter: Filter) -> Self {
        self.filter = filter;
        self
    }

    /// The field list of tab-separated vended records (`VENDED_FIELDS`).
    pub fn with_vended_fields(mut self, fields: FieldList) -> Self {
        self.vended_fields = fields;
        self
    }

    pub fn with_progress(mut self, progress: std::sync::Arc<dyn Progress>) -> Self {
        self.progress = Some(progress);
        self
    }

    async fn hand_over(&self, sink: &Sink, batch: Batch, decompressed: u64) {
        if let Some(p) = &self.progress {
            p.advance(batch.lines, decompressed);
        }
        sink.send(batch).await;
    }

    /// Reads `raw` to its end (or until `deadline`), handing batches to `sink`: the one
    /// entrance for files, stdin and S3 objects alike. Every line read before an error has
    /// been handed over when this returns.
    pub async fn run_object(
        &self,
        object: &mut Opened,
        index: Ticket,
        sink: &Sink,
        deadline: Option<Instant>,
    ) -> ObjectRun {
        let mut tally = Tally::new(object.id.path());
        let raw = std::mem::replace(&mut object.reader, Box::new(tokio::io::empty()));
        let (raw, compressed) = Counting::new(raw);
        let meta = &ObjectMeta::new(&object.id);
        let error = match content(raw).await {
            Err(source) => Some(tally.read_error(0, source)),
            Ok(Content::Text(stream)) => {
                let lines = LineReader::new(read_ahead(stream), self.max_line);
                self.lines(meta, lines, &mut tally, (sink, index), deadline)
                    .await
            }
            Ok(Content::Parquet) => {
                let ranges = object.ranges.clone();
                let run = self.parquet(meta, ranges, &mut tally, (sink, index), deadline);
                let (error, fetched) = run.await;
                compressed.fetch_add(fetched, std::sync::atomic::Ordering::Relaxed);
                error
            }
        };
        tally.counts.bytes_compressed = compressed.load(std::sync::atomic::Ordering::Relaxed);
        tally.finish(error)
    }

    /// The events of one CloudWatch Logs payload, each record a line keyed by its event id.
    pub async fn run_events(
        &self,
        id: &ObjectId,
        ticket: Ticket,
        events: EventLines,
        sink: &Sink,
        deadline: Option<Instant>,
    ) -> ObjectRun {
        let mut tally = Tally::new(id.path());
        let meta = &ObjectMeta::new(id);
        let error = self
            .lines(meta, events, &mut tally, (sink, ticket), deadline)
            .await;
        tally.finish(error)
    }

    /// Every line of one object into batches for `sink`, until the end, a read error or the
    /// deadline (the error says which).
    pub(super) async fn lines(
        &self,
        meta: &ObjectMeta,
        mut lines: impl LineSource,
        tally: &mut Tally,
        (sink, index): (&Sink, Ticket),
        deadline: Option<Instant>,
    ) -> Option<SourceError> {
        let mut batch = self.new_batch(sink, index);
        let mut handed = 0u64;
        let mut error = None;
        let mut state = LineState::default();
        loop {
            let line = match lines.next_line().await {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(source) => {
                    error = Some(tally.read_error(lines.position(), source));
                    break;
                }
            };
            if !self.take_line(meta, &line, tally, &mut state, &mut batch.buf) {
                continue;
            }
            batch.lines += 1;
            if batch.buf.len() >= self.batch_bytes {
                let full = std::mem::replace(&mut batch, self.new_batch(sink, index));
                self.hand_over(sink, full, lines.position() - handed).await;
                handed = lines.position();
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    error = Some(tally.stopped(lines.position()));
                    break;
                }
            }
        }
        if batch.lines > 0 {
            self.hand_over(sink, batch, lines.position() - handed).await;
        }
        tally.counts.bytes_decompressed = lines.position();
        error
    }

    /// One line: encoded into `buf` (a document or a failure document) and `true`, or counted
    /// as skipped, filtered or sampled out and `false`.
    #[inline(always)]
    fn take_line(
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
                let LineState {
                    scratch, reader, ..
                } = state;
                let read = reader.read(line.bytes, &self.vended_fields, scratch);
                return self.take_rebuilt(meta, line, read, tally, &state.scratch, buf);
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

    fn new_batch(&self, sink: &Sink, object: Ticket) -> Batch {
        Batch {
            buf: sink.buffers().take(self.batch_bytes + 4096),
            lines: 0,
            object,
        }
    }
}

/// What one object's lines carry from one line to the next.
#[derive(Default)]
struct LineState {
    /// A vended record's legacy line, rebuilt.
    scratch: Vec<u8>,
    /// What repeats from one vended record to the next.
    reader: vended::Reader,
    /// In a W3C object (a directive was seen): the names of the last `#Fields:` line.
    w3c: Option<Option<vended::W3cFields>>,
}

/// Lines of nothing but whitespace are skipped (and counted), never sent.
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&c| c == b' ' || c == b'\t' || c == b'\r')
}

//! One object end to end: raw bytes → decompressed lines → parsed → filtered → encoded →
//! sink. This is where the stages meet; each stage stays ignorant of the others.

use std::sync::Arc;
use std::time::Instant;

use crate::document::{EncodeOptions, ObjectMeta};
use crate::filter::Filter;
use crate::ship::{Batch, Sink, Ticket};
use crate::source::decode::{Content, Counting, LineReader, LineSource, content, read_ahead};
use crate::source::events::EventLines;
use crate::source::{ObjectId, Opened, SourceError};
use crate::vended::FieldList;

use super::chunks::{Chunks, Done};
use super::take::Stages;
use super::tally::{ObjectRun, Tally};

/// Told about every batch handed to the sink (the CLI's progress bar).
pub trait Progress: Send + Sync {
    fn advance(&self, lines: u64, bytes: u64);
}

pub struct Pipeline {
    /// Shared with the worker threads that parse and encode an object's chunks.
    stages: Arc<Stages>,
    batch_bytes: usize,
    progress: Option<Arc<dyn Progress>>,
}

impl Pipeline {
    pub fn new(opts: &EncodeOptions, batch_bytes: usize, max_line: usize) -> Self {
        Pipeline {
            stages: Arc::new(Stages::new(opts, max_line)),
            batch_bytes,
            progress: None,
        }
    }

    /// The stages, to configure: only before the first object, while nothing shares them.
    fn stages_mut(&mut self) -> &mut Stages {
        Arc::get_mut(&mut self.stages).expect("a pipeline is configured before it runs")
    }

    /// Include, exclude and sample rules, applied to every parsed line before encoding.
    pub fn with_filter(mut self, filter: Filter) -> Self {
        self.stages_mut().filter = filter;
        self
    }

    /// The field list of tab-separated vended records (`VENDED_FIELDS`).
    pub fn with_vended_fields(mut self, fields: FieldList) -> Self {
        self.stages_mut().vended_fields = fields;
        self
    }

    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Self {
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
                let lines = LineReader::new(read_ahead(stream), self.stages.max_line);
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
    /// deadline (the error says which). The lines are parsed and encoded on workers, a chunk
    /// at a time (`chunks`); a chunk's batches go to the sink after every earlier chunk's.
    pub(super) async fn lines(
        &self,
        meta: &ObjectMeta,
        mut lines: impl LineSource,
        tally: &mut Tally,
        (sink, index): (&Sink, Ticket),
        deadline: Option<Instant>,
    ) -> Option<SourceError> {
        let (stages, meta) = (self.stages.clone(), Arc::new(meta.clone()));
        let buffers = sink.buffers().clone();
        let object = tally.object.clone();
        let mut chunks = Chunks::new(stages, meta, object, buffers, self.batch_bytes);
        let mut handed = 0u64;
        let mut error = None;
        loop {
            let before = lines.position();
            let line = match lines.next_line().await {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(source) => {
                    error = Some(tally.read_error(lines.position(), source));
                    break;
                }
            };
            if line.bytes.first() == Some(&b'#') {
                chunks.directive(&line, before);
            } else if chunks.push(&line) {
                chunks.dispatch(lines.position());
            } else {
                continue;
            }
            while let Some(done) = chunks.next_done(false).await {
                handed = self.take_done(done, tally, (sink, index), handed).await;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                error = Some(tally.stopped(lines.position()));
                break;
            }
        }
        chunks.dispatch(lines.position());
        while let Some(done) = chunks.next_done(true).await {
            handed = self.take_done(done, tally, (sink, index), handed).await;
        }
        tally.counts.bytes_decompressed = lines.position();
        error
    }

    /// A chunk's result: its counts and errors into the object's, its batches to the sink.
    /// Returns the source's position handed over so far.
    async fn take_done(
        &self,
        done: Done,
        tally: &mut Tally,
        (sink, object): (&Sink, Ticket),
        mut handed: u64,
    ) -> u64 {
        tally.absorb(done.tally);
        for (buf, lines) in done.batches {
            if lines == 0 {
                sink.buffers().give(buf);
                continue;
            }
            let batch = Batch { buf, lines, object };
            // the chunk's bytes count with its first batch
            self.hand_over(sink, batch, done.position - handed).await;
            handed = done.position;
        }
        done.position
    }
}

//! An object's lines parsed and encoded on worker threads, a chunk of lines at a time, and
//! handed back in the order they were read. The object's task only frames lines and copies
//! them into chunks (inflating runs ahead on a task of its own); reading a record, parsing and
//! encoding cost several times that, and on one thread they bound a vended object's speed.
//!
//! Output is the same as one thread's: each line goes through the same `Stages::take_line`, a
//! chunk's batches are handed over only after every earlier chunk's, and the only state a line
//! leaves for the next — the W3C `#Fields:` mapping — changes on `#` lines alone, which the
//! object's task takes itself between chunks (`Chunks::directive`). Memory stays bounded: at
//! most one chunk more than there are cores is out, each holding at most `MAX_INPUT_BATCHES`
//! batches' worth of lines and the batches their documents fill.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::buffers::Buffers;
use crate::document::ObjectMeta;
use crate::source::decode::Line;

use super::take::{LineState, Stages};
use super::tally::Tally;

/// A chunk closes once its documents are expected to fill this many batches: enough lines
/// that handing a chunk to a thread and back costs little beside them (chunks of one batch,
/// 170 legacy lines, lost the legacy object 10–14 % of its speed to the handovers).
const CHUNK_BATCHES: usize = 2;
/// Nor does it ever hold more than this many batches' worth of lines, whatever size the
/// documents turned out to be.
const MAX_INPUT_BATCHES: usize = 4;

/// What a worker made of one chunk.
pub(super) struct Done {
    /// Its documents (and failure documents), in batches, and how many lines each holds.
    pub(super) batches: Vec<(Vec<u8>, u64)>,
    /// What its lines counted and the errors they met.
    pub(super) tally: Tally,
    /// The source's position after the chunk's last line.
    pub(super) position: u64,
    /// Handed back for the next chunk: the line buffers and the record reader's memory.
    spare: Option<Spare>,
}

/// A chunk's reusable parts: its copy of the lines, and the record reader that remembers
/// the last JSON record's names.
#[derive(Default)]
struct Spare {
    bytes: Vec<u8>,
    lines: Vec<Framed>,
    state: LineState,
}

/// One line of a chunk: where its bytes are in the chunk, and what the reader said of it.
struct Framed {
    offset: u64,
    end: usize,
    truncated: bool,
    len: u64,
}

enum Pending {
    Ready(Box<Done>),
    Working(tokio::task::JoinHandle<Done>),
}

/// The chunk being filled and those out on workers, in read order.
pub(super) struct Chunks {
    stages: Arc<Stages>,
    meta: Arc<ObjectMeta>,
    object: String,
    buffers: Buffers,
    batch_bytes: usize,
    /// Documents' bytes per line byte in the last chunk: how many lines make a batch.
    ratio: f64,
    filling: Spare,
    spares: Vec<Spare>,
    out: VecDeque<Pending>,
    /// The state `#` lines leave, taken here: its W3C mapping goes out with every chunk.
    directives: LineState,
}

impl Chunks {
    pub(super) fn new(
        stages: Arc<Stages>,
        meta: Arc<ObjectMeta>,
        object: String,
        buffers: Buffers,
        batch_bytes: usize,
    ) -> Self {
        Chunks {
            stages,
            meta,
            object,
            buffers,
            batch_bytes,
            ratio: 2.0,
            filling: Spare::default(),
            spares: Vec::new(),
            out: VecDeque::new(),
            directives: LineState::default(),
        }
    }

    /// Copies `line` into the chunk being filled; `true` when the chunk is full.
    #[inline]
    pub(super) fn push(&mut self, line: &Line) -> bool {
        let chunk = &mut self.filling;
        chunk.bytes.extend_from_slice(line.bytes);
        chunk.lines.push(Framed {
            offset: line.offset,
            end: chunk.bytes.len(),
            truncated: line.truncated,
            len: line.len,
        });
        let bytes = chunk.bytes.len();
        bytes as f64 * self.ratio >= (CHUNK_BATCHES * self.batch_bytes) as f64
            || bytes >= MAX_INPUT_BATCHES * self.batch_bytes
    }

    /// Sends the chunk being filled to a worker (if it holds a line), `position` being the
    /// source's position after its last line.
    pub(super) fn dispatch(&mut self, position: u64) {
        if self.filling.lines.is_empty() {
            return;
        }
        let next = self.spares.pop().unwrap_or_default();
        let mut chunk = std::mem::replace(&mut self.filling, next);
        // the W3C mapping the last directive left (a spare's is that of its last chunk)
        chunk.state.w3c.clone_from(&self.directives.w3c);
        let (stages, meta) = (self.stages.clone(), self.meta.clone());
        let out = Out {
            buffers: self.buffers.clone(),
            batch_bytes: self.batch_bytes,
        };
        let tally = Tally::new(self.object.clone());
        self.out
            .push_back(Pending::Working(tokio::task::spawn_blocking(move || {
                work(&stages, &meta, chunk, out, tally, position)
            })));
    }

    /// A `#` line, which may be a W3C directive that changes how the lines after it are read:
    /// taken here, after the chunk before it is sent, so its state reaches the chunks after it.
    /// `before` is the source's position before the line (its bytes count with the next chunk).
    pub(super) fn directive(&mut self, line: &Line, before: u64) {
        self.dispatch(before);
        let mut buf = self.buffers.take(4096);
        let mut tally = Tally::new(self.object.clone());
        let state = &mut self.directives;
        let lines = u64::from(
            self.stages
                .take_line(&self.meta, line, &mut tally, state, &mut buf),
        );
        let done = Done {
            batches: vec![(buf, lines)],
            tally,
            position: before,
            spare: None,
        };
        self.out.push_back(Pending::Ready(Box::new(done)));
    }

    /// The oldest chunk's result: once one chunk more than there are workers is out (so
    /// every worker has the next chunk waiting while this task frames another), or, with
    /// `all`, while any is out. With only as many chunks as workers out, one worker idled
    /// whenever this task was framing: JSON lines took 2.6–2.7 s instead of 1.9–2.0.
    pub(super) async fn next_done(&mut self, all: bool) -> Option<Done> {
        if !all && self.out.len() <= self.stages.workers {
            return None;
        }
        let done = match self.out.pop_front()? {
            Pending::Ready(done) => *done,
            Pending::Working(task) => match task.await {
                Ok(done) => done,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => panic!("a chunk's worker was cancelled: {e}"),
            },
        };
        Some(self.returned(done))
    }

    /// Learns the chunk's ratio of documents to lines, and keeps its parts for reuse.
    fn returned(&mut self, mut done: Done) -> Done {
        if let Some(mut spare) = done.spare.take() {
            let written: usize = done.batches.iter().map(|(b, _)| b.len()).sum();
            if !spare.bytes.is_empty() && written > 0 {
                self.ratio = written as f64 / spare.bytes.len() as f64;
            }
            spare.bytes.clear();
            spare.lines.clear();
            self.spares.push(spare);
        }
        done
    }
}

/// Where a worker's batches come from, and how full one gets.
struct Out {
    buffers: Buffers,
    batch_bytes: usize,
}

/// Every line of `chunk` through the stages, into batches of `out.batch_bytes`.
fn work(
    stages: &Stages,
    meta: &ObjectMeta,
    mut chunk: Spare,
    out: Out,
    mut tally: Tally,
    position: u64,
) -> Done {
    let mut batches = Vec::with_capacity(CHUNK_BATCHES + 1);
    let mut buf = out.buffers.take(out.batch_bytes + 4096);
    let mut lines = 0;
    let mut start = 0;
    for framed in &chunk.lines {
        let line = Line {
            offset: framed.offset,
            bytes: &chunk.bytes[start..framed.end],
            truncated: framed.truncated,
            len: framed.len,
        };
        start = framed.end;
        if stages.take_line(meta, &line, &mut tally, &mut chunk.state, &mut buf) {
            lines += 1;
            if buf.len() >= out.batch_bytes {
                let next = out.buffers.take(out.batch_bytes + 4096);
                batches.push((std::mem::replace(&mut buf, next), lines));
                lines = 0;
            }
        }
    }
    batches.push((buf, lines));
    Done {
        batches,
        tally,
        position,
        spare: Some(chunk),
    }
}

//! The Logstash sink of one run: `start` the senders, `send` batches, `finish` when every
//! window is confirmed or failed. Batches flow through a bounded channel to `POOL_SIZE`
//! sender tasks (the engine, over the configured protocol), so the reader waits when Logstash
//! is slow; no task outlives `finish`.

use std::sync::Arc;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

use super::batch::Batch;
use super::beats::Beats;
use super::engine::{Link, sender};
use super::error::SendFailure;
use super::ledger::Ledger;
use super::options::{Protocol, ShipConfig};
use super::pool::LogstashPool;
use super::report::{ConnectionCounts, DeliveryReport, SendErrorRecord};
use super::tcp::Tcp;
use crate::buffers::Buffers;

pub struct Shipper {
    tx: Option<mpsc::Sender<Batch>>,
    tasks: JoinSet<()>,
    ledger: Arc<Ledger>,
    pool: LogstashPool,
    started: ConnectionCounts,
}

impl Shipper {
    /// Starts the sender tasks for one run (one invocation) over a long-lived pool.
    pub fn start(pool: &LogstashPool, cfg: &ShipConfig) -> Self {
        let senders = cfg.pool_size as usize;
        let (tx, rx) = mpsc::channel::<Batch>(senders);
        let queue = Arc::new(Mutex::new(rx));
        let ledger = Arc::new(Ledger::new());
        let link = Arc::new(Link {
            pool: pool.clone(),
            send_timeout: cfg.send_timeout,
        });
        let mut tasks = JoinSet::new();
        for _ in 0..senders {
            let (l, d, q) = (link.clone(), ledger.clone(), queue.clone());
            match cfg.protocol {
                Protocol::Tcp => {
                    tasks.spawn(sender(Tcp::new(cfg.window_bytes), l, d, q, cfg.retries))
                }
                Protocol::Beats { compression_level } => {
                    tasks.spawn(sender(Beats::new(compression_level), l, d, q, cfg.retries))
                }
            };
        }
        Shipper {
            tx: Some(tx),
            tasks,
            ledger,
            pool: pool.clone(),
            started: pool.snapshot(),
        }
    }

    /// Queues a batch; waits while the channel is full (Logstash slower than reading).
    pub async fn send(&self, batch: Batch) {
        self.ledger.queued(batch.buf.len() as u64);
        let Some(tx) = &self.tx else { return };
        if let Err(mpsc::error::SendError(batch)) = tx.send(batch).await {
            // every sender is gone (they only stop on a closed channel, so this is a bug guard)
            self.ledger.refuse(batch);
        }
    }

    pub fn buffers(&self) -> &Buffers {
        &self.ledger.buffers
    }

    /// Closes the queue and waits for every window to be confirmed or failed.
    pub async fn finish(mut self) -> DeliveryReport {
        self.tx.take();
        while let Some(joined) = self.tasks.join_next().await {
            if let Err(e) = joined {
                self.ledger.note(SendErrorRecord {
                    peer: self.pool.addr.clone(),
                    error: SendFailure::SenderFailed(e.to_string()).to_string(),
                    bytes: 0,
                });
            }
        }
        let mut report = self.ledger.take();
        report.connections = self.pool.snapshot().since(&self.started);
        report
    }
}

//! Documents → their destination: Logstash, or stdout when no Logstash is configured.
//! A sink takes batches of encoded lines and, at `finish`, reports what was delivered.
//!
//! Inside, imports run one way: `shipper` (the façade) → `engine` (windows, retries,
//! accounting) → the protocols `tcp` and `beats` → `pool` → `conn`; `ledger`, `error`,
//! `batch`, `report` and `lumberjack` are leaves.

mod batch;
mod beats;
mod conn;
mod engine;
mod error;
mod hosts;
mod ledger;
pub mod lumberjack;
mod options;
mod pool;
mod report;
mod shipper;
mod stdout;
mod tcp;
pub mod tls;

use crate::buffers::Buffers;
pub use batch::{Batch, Ticket};
pub use error::{SendError, SendFailure};
pub use options::{
    HostAddr, PemSource, PemText, Protocol, SecretStore, ShipConfig, StoredSecret, TlsConfig,
};
pub use pool::LogstashPool;
pub use report::{ConnectionCounts, Delivered, DeliveryReport, PeerCounts, SendErrorRecord};

pub enum Sink {
    Stdout(stdout::StdoutSink),
    Logstash(shipper::Shipper),
}

impl Sink {
    /// Documents to stdout, one per line.
    pub fn stdout() -> Sink {
        Sink::Stdout(stdout::StdoutSink::new())
    }

    /// One run's senders over a pool that may outlive it (the Lambda keeps it warm).
    pub fn logstash(pool: &LogstashPool, cfg: &ShipConfig) -> Sink {
        Sink::Logstash(shipper::Shipper::start(pool, cfg))
    }

    /// Hands a batch over. Waits when the destination is slow, so memory stays bounded.
    pub async fn send(&self, batch: Batch) {
        match self {
            Sink::Stdout(s) => s.send(batch).await,
            Sink::Logstash(s) => s.send(batch).await,
        }
    }

    /// Where batch buffers come from and go back to once delivered.
    pub fn buffers(&self) -> &Buffers {
        match self {
            Sink::Stdout(s) => &s.buffers,
            Sink::Logstash(s) => s.buffers(),
        }
    }

    /// Waits until every batch is delivered or has failed, then reports.
    pub async fn finish(self) -> DeliveryReport {
        match self {
            Sink::Stdout(s) => s.finish().await,
            Sink::Logstash(s) => s.finish().await,
        }
    }
}

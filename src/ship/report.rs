//! What a sink reports about delivery. Owned here, where delivery happens; the run's summary
//! folds it in.

use std::collections::BTreeMap;

use serde::Serialize;

use super::batch::Ticket;
use crate::last_errors::LastErrors;

/// Delivery counts for one object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub resent: u64,
    pub failed: u64,
}

/// What a sink reports when it is finished: nothing is in flight any more.
#[derive(Debug, Default)]
pub struct DeliveryReport {
    pub per_object: BTreeMap<Ticket, Delivered>,
    pub bytes_sent: u64,
    /// Most document bytes held at once (queued and unconfirmed): bounded by configuration.
    pub peak_buffered_bytes: u64,
    pub connections: ConnectionCounts,
    pub errors: LastErrors<SendErrorRecord>,
}

impl DeliveryReport {
    pub fn object(&mut self, ticket: Ticket) -> &mut Delivered {
        self.per_object.entry(ticket).or_default()
    }
}

/// A delivery failure: which receiver, what happened, how much it affected.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SendErrorRecord {
    pub peer: String,
    pub error: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ConnectionCounts {
    pub created: u64,
    pub destroyed: u64,
    pub failed: u64,
    /// Connections made and connects failed, per Logstash host.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub peers: BTreeMap<String, PeerCounts>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct PeerCounts {
    pub created: u64,
    pub failed: u64,
}

impl ConnectionCounts {
    /// What happened between two snapshots of the long-lived pool: this run's share.
    pub fn since(&self, earlier: &ConnectionCounts) -> ConnectionCounts {
        ConnectionCounts {
            created: self.created - earlier.created,
            destroyed: self.destroyed - earlier.destroyed,
            failed: self.failed - earlier.failed,
            peers: self
                .peers
                .iter()
                .map(|(peer, now)| {
                    let then = earlier.peers.get(peer).copied().unwrap_or_default();
                    let counts = PeerCounts {
                        created: now.created - then.created,
                        failed: now.failed - then.failed,
                    };
                    (peer.clone(), counts)
                })
                .collect(),
        }
    }
}

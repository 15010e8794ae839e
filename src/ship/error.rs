//! Why a window to Logstash failed, as a kind the engine decides on (retry, move to another
//! host, give the run up) and a text for the summary. The decision reads the kind, never the
//! text; the texts are what operators have searched their logs for, so they stay as they were.

use std::io;
use std::sync::Arc;

use super::lumberjack::FrameError;

/// A delivery failure on one receiver (or, for connects, on every host: `peer` then names
/// them all).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{peer}: {kind}")]
pub struct SendError {
    pub peer: String,
    pub kind: SendFailure,
}

/// What went wrong. `io::Error`s are shared (`Arc`) because one failure is both recorded in
/// the report and returned to the engine.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendFailure {
    /// The TCP connect failed (refused, unreachable, reset during connect).
    #[error("connect: {0}")]
    Connect(Arc<io::Error>),
    #[error("connect timed out after {0} ms")]
    ConnectTimedOut(u128),
    #[error("TLS handshake: {0}")]
    Tls(Arc<io::Error>),
    /// Every host failed its connect; the text names each host with its error.
    #[error("no host answered: {0}")]
    NoHostAnswered(String),
    /// The pool waited its whole connection timeout without a connection.
    #[error("no connection within CONNECT_TIMEOUT_MS ({ms} ms{}){}",
        if *.side_by_side { ", the hosts tried side by side" } else { "" },
        .last.as_ref().map(|l| format!(": {l}")).unwrap_or_default())]
    PoolTimedOut {
        ms: u128,
        side_by_side: bool,
        last: Option<String>,
    },
    /// A connection kept in the pool was closed by the receiver while idle.
    #[error("closed by the receiver while idle")]
    ClosedWhileIdle,
    /// A read, write, flush or shutdown failed on an open connection (reset, broken pipe).
    #[error("{op}: {source}")]
    Io {
        op: &'static str,
        source: Arc<io::Error>,
    },
    /// A write made no progress for the whole send timeout: the receiver stopped reading.
    #[error("receiver stopped reading: a write made no progress for SEND_TIMEOUT_MS ({0} ms)")]
    Stalled(u128),
    /// tcp: the receiver closed its side before ours, so it did not confirm having read all.
    #[error("the receiver closed the connection before {0}")]
    ClosedFirst(&'static str),
    #[error("shutdown timed out")]
    ShutdownTimedOut,
    /// tcp: our side is shut down, the receiver never closed its own.
    #[error(
        "the receiver did not confirm by closing within SEND_TIMEOUT_MS ({0} ms): it stopped reading"
    )]
    NotConfirmed(u128),
    /// beats: the connection ended before the window's last ACK.
    #[error("the receiver closed the connection after acknowledging {acked} of {count} documents")]
    ClosedBeforeAck { acked: u32, count: u32 },
    #[error("read: {source} after acknowledging {acked} of {count} documents")]
    ReadFailed {
        source: Arc<io::Error>,
        acked: u32,
        count: u32,
    },
    /// beats: not even a keepalive ACK for the whole send timeout.
    #[error(
        "no ACK within SEND_TIMEOUT_MS ({ms} ms) after {acked} of {count} documents were \
         acknowledged (not even a keepalive): the receiver stopped"
    )]
    NoAck { ms: u128, acked: u32, count: u32 },
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A sender task ended abnormally (a bug guard: they only stop when input ends).
    #[error("sender task failed: {0}")]
    SenderFailed(String),
}

impl SendFailure {
    /// Whether sending the same window again, on a fresh connection, can succeed. Connects
    /// already tried every host for a whole timeout; a receiver that stopped reading or
    /// confirming will not start within one; a window too big to number stays too big. The
    /// engine still moves a stalled window when another host is up (`Hosts::another_is_up`).
    pub fn retryable(&self) -> bool {
        use SendFailure::*;
        match self {
            Connect(_) | ConnectTimedOut(_) | Tls(_) | NoHostAnswered(_) | PoolTimedOut { .. } => {
                false
            }
            Stalled(_) | NotConfirmed(_) | NoAck { .. } | SenderFailed(_) => false,
            Frame(FrameError::TooManyDocuments(_)) => false,
            Frame(FrameError::NotAnAck(_)) => true,
            ClosedWhileIdle | Io { .. } | ClosedFirst(_) | ShutdownTimedOut => true,
            ClosedBeforeAck { .. } | ReadFailed { .. } => true,
        }
    }

    pub(super) fn io(op: &'static str, e: io::Error) -> SendFailure {
        SendFailure::Io {
            op,
            source: Arc::new(e),
        }
    }
}

impl SendError {
    pub fn new(peer: impl Into<String>, kind: SendFailure) -> SendError {
        SendError {
            peer: peer.into(),
            kind,
        }
    }

    pub fn retryable(&self) -> bool {
        self.kind.retryable()
    }
}

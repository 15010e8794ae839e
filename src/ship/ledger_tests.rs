//! Tests of `ledger`: each counting rule, once for every protocol.

use super::*;
use crate::ship::batch::Ticket;
use crate::ship::error::SendFailure;

fn batch(ticket: u64, lines: u64, bytes: usize) -> Batch {
    Batch {
        buf: vec![b'x'; bytes],
        lines,
        object: Ticket(ticket),
    }
}

#[test]
fn a_partial_delivery_is_split_over_the_window_in_order() {
    let ledger = Ledger::new();
    let window = vec![batch(1, 3, 30), batch(2, 4, 40), batch(1, 2, 20)];
    ledger.queued(90);
    let e = SendError::new("h:1", SendFailure::ClosedBeforeAck { acked: 5, count: 9 });
    ledger.resending(&window, 5);
    ledger.settle(window, 5, 0, Some(&e));
    let r = ledger.take();
    // object 1: 3 delivered, then 2 failed; object 2: 2 of 4 delivered
    assert_eq!(r.per_object[&Ticket(1)].sent, 3);
    assert_eq!(r.per_object[&Ticket(1)].failed, 2);
    assert_eq!(r.per_object[&Ticket(1)].resent, 2);
    assert_eq!(r.per_object[&Ticket(2)].sent, 2);
    assert_eq!(r.per_object[&Ticket(2)].failed, 2);
    assert_eq!(r.per_object[&Ticket(2)].resent, 2);
    assert_eq!(r.errors.iter().count(), 1);
    assert_eq!(ledger.buffered.load(Ordering::Relaxed), 0);
    assert!(
        !ledger.given_up(),
        "a retryable failure does not give the run up"
    );
}

#[test]
fn a_confirmed_window_counts_every_line_and_its_wire_bytes() {
    let ledger = Ledger::new();
    ledger.queued(50);
    ledger.settle(vec![batch(7, 5, 50)], 0, 61, None);
    let r = ledger.take();
    assert_eq!(r.per_object[&Ticket(7)].sent, 5);
    assert_eq!(r.per_object[&Ticket(7)].failed, 0);
    assert_eq!(r.bytes_sent, 61);
    assert_eq!(r.peak_buffered_bytes, 50);
}

#[test]
fn a_failure_retrying_cannot_help_gives_up_and_later_batches_are_refused_with_their_buffers_back() {
    let ledger = Ledger::new();
    ledger.queued(20);
    let from_pool = |ticket, lines| {
        let mut buf = ledger.buffers.take(10);
        buf.extend_from_slice(&[b'x'; 10]);
        Batch {
            buf,
            lines,
            object: Ticket(ticket),
        }
    };
    let (first, second) = (from_pool(1, 2), from_pool(2, 3));
    let stalled = SendError::new("h:1", SendFailure::Stalled(100));
    ledger.settle(vec![first], 0, 0, Some(&stalled));
    assert!(ledger.given_up());
    ledger.refuse(second);
    let r = ledger.take();
    assert_eq!(r.per_object[&Ticket(1)].failed, 2);
    assert_eq!(r.per_object[&Ticket(2)].failed, 3);
    assert_eq!(ledger.buffered.load(Ordering::Relaxed), 0);
    // both buffers came back for reuse (tcp once dropped a refused batch's buffer)
    let a = ledger.buffers.take(1);
    let b = ledger.buffers.take(1);
    assert!(a.capacity() >= 10 && b.capacity() >= 10);
}

#[test]
fn the_engine_decides_on_kinds_never_on_text() {
    let io = |k| std::sync::Arc::new(std::io::Error::new(k, "403 NotFound request id 404"));
    let retry = [
        SendFailure::Io {
            op: "write",
            source: io(std::io::ErrorKind::ConnectionReset),
        },
        SendFailure::ClosedFirst("reading all data"),
        SendFailure::ClosedWhileIdle,
        SendFailure::ClosedBeforeAck { acked: 1, count: 2 },
    ];
    let give_up = [
        SendFailure::Connect(io(std::io::ErrorKind::ConnectionRefused)),
        SendFailure::ConnectTimedOut(5),
        SendFailure::Tls(io(std::io::ErrorKind::InvalidData)),
        SendFailure::NoHostAnswered("a: refused; b: refused".into()),
        SendFailure::Stalled(5),
        SendFailure::NotConfirmed(5),
        SendFailure::NoAck {
            ms: 5,
            acked: 0,
            count: 1,
        },
    ];
    assert!(retry.iter().all(SendFailure::retryable));
    assert!(!give_up.iter().any(SendFailure::retryable));
    // the texts operators search for stay as they were
    assert!(
        SendFailure::Stalled(5)
            .to_string()
            .starts_with("receiver stopped reading")
    );
    assert!(give_up[3].to_string().starts_with("no host answered: "));
}

//! What travels from the pipeline to a sink: encoded documents of one object, and the ticket
//! that names the object in the delivery report.

/// An object's identity within one run, handed out by the run as the object starts. Delivery
/// counts are attached to it, so they reach the right object whatever order objects finish in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(pub u64);

/// Encoded documents of one object, in line order, ready to write.
#[derive(Debug, Default)]
pub struct Batch {
    pub buf: Vec<u8>,
    pub lines: u64,
    pub object: Ticket,
}

/// Idle batch buffers a sink keeps for reuse: enough for the pipeline to refill while a
/// window's buffers come back, few enough that idle memory stays small. Measured on 5 M
/// lines: keeping 64 ran a few percent faster, inside the run-to-run spread, and peaked
/// 1–2 MB higher.
pub(crate) const IDLE_BATCHES: usize = 8;

//! Why an event could not be read: what was received, or which kind was malformed.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    #[error("unrecognised event: {0}")]
    Unrecognised(String),
    #[error("malformed {kind} event: {why}")]
    Malformed { kind: &'static str, why: String },
}

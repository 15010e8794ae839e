//! Why a line did not parse. A leaf: every parser names the field and position it stopped at.

/// Why a line did not parse: which field, and the byte position in the line where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("missing field `{field}` at byte {pos} (line ends early)")]
    Missing { field: &'static str, pos: usize },
    #[error("invalid field `{field}` at byte {pos}")]
    Invalid { field: &'static str, pos: usize },
    #[error("unknown log format at byte 0 (first field is neither an ELB type nor a timestamp)")]
    UnknownFormat,
}

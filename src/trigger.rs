//! What starts a run: the objects to read (`ObjectRef`) and, in the Lambda, the events that
//! name them. `event` (payload → work) → `work`, `batch` → `object`, `error`; `logs` (a
//! subscription's data) → `payload_scan` → `json_string`, and both → `events`. Only
//! `ObjectRef` and `Events` (which the command line's log-group reading fills too) are in a
//! build without the `aws` feature: the events are the Lambda's.

#[cfg(feature = "aws")]
mod batch;
#[cfg(feature = "aws")]
mod error;
#[cfg(feature = "aws")]
mod event;
mod events;
#[cfg(feature = "aws")]
mod json_string;
mod layout;
#[cfg(feature = "aws")]
mod logs;
mod object;
#[cfg(feature = "aws")]
mod payload_scan;
#[cfg(feature = "aws")]
mod work;

#[cfg(feature = "aws")]
pub use batch::{BatchJob, BatchTask};
#[cfg(feature = "aws")]
pub use error::TriggerError;
#[cfg(feature = "aws")]
pub use event::parse_event;
pub use events::{EventAt, Events};
pub use layout::{Day, KeyFacts, key_facts};
#[cfg(feature = "aws")]
pub use logs::{DataError, LogsData, Payload, decode as decode_logs};
pub use object::{ObjectRef, decode_key, parse_s3_uri};
#[cfg(feature = "aws")]
pub use work::{LogsBatch, LogsRecord, Objects, SqsItem, Trigger};

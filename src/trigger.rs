//! What starts a run: the objects to read (`ObjectRef`) and, in the Lambda, the events that
//! name them. `event` (payload → work) → `work`, `batch` → `object`, `error`. Only
//! `ObjectRef` is in a build without the `aws` feature: the events are the Lambda's.

#[cfg(feature = "aws")]
mod batch;
#[cfg(feature = "aws")]
mod error;
#[cfg(feature = "aws")]
mod event;
mod layout;
#[cfg(feature = "aws")]
mod logs;
mod object;
#[cfg(feature = "aws")]
mod work;

#[cfg(feature = "aws")]
pub use batch::{BatchJob, BatchTask};
#[cfg(feature = "aws")]
pub use error::TriggerError;
#[cfg(feature = "aws")]
pub use event::parse_event;
pub use layout::{Day, KeyFacts, key_facts};
#[cfg(feature = "aws")]
pub use logs::{LogEvent, LogsData, Payload, decode as decode_logs};
pub use object::{ObjectRef, decode_key, parse_s3_uri};
#[cfg(feature = "aws")]
pub use work::{LogsBatch, LogsRecord, Objects, SqsItem, Trigger};

//! What an event asks for: the objects of the whole event, of each SQS message, or of each
//! Batch Operations task.

use super::batch::BatchJob;
use super::error::TriggerError;
use super::logs::{DataError, LogsData};
use super::object::ObjectRef;

/// Objects from one unit of work: the whole event, or one SQS message.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Objects {
    pub objects: Vec<ObjectRef>,
    /// Test events and records that are not object creations.
    pub skipped: u64,
}

/// One SQS message: its id (for `batchItemFailures`) and what it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsItem {
    pub message_id: String,
    pub objects: Result<Objects, TriggerError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// S3, SNS or EventBridge: the invocation fails as a whole.
    Direct(Objects),
    /// SQS: each message succeeds or fails on its own.
    Sqs(Vec<SqsItem>),
    /// S3 Batch Operations: each task gets its own result code.
    Batch(BatchJob),
    /// CloudWatch Logs subscription data, direct or through Kinesis.
    Logs(LogsBatch),
}

/// Subscription data of one invocation, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogsBatch {
    /// Kinesis records (answered with `batchItemFailures`), or one direct delivery (failed as
    /// a whole when anything was not delivered).
    pub kinesis: bool,
    pub records: Vec<LogsRecord>,
}

/// One Kinesis record, or the one direct delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogsRecord {
    /// Kinesis's sequence number: the `batchItemFailures` identifier.
    pub sequence: Option<String>,
    /// How errors name the record: `kinesis:STREAM/SEQUENCE` or `awslogs`.
    pub origin: String,
    pub region: Option<String>,
    pub data: Result<LogsData, DataError>,
}

//! S3 Batch Operations invocations: the backfill engine calls the function once per task (one
//! object each), in schema 1.0 (`s3BucketArn`) or 2.0 (the bucket's name, as `s3Bucket` or
//! `s3BucketName`: AWS's own pages disagree). `aws_lambda_events` models 1.0 only, so both are
//! read from the JSON here.

use serde_json::Value;

use super::error::TriggerError;
use super::object::{ObjectRef, decode_key};

/// One Batch Operations invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchJob {
    pub schema: String,
    pub invocation_id: String,
    pub tasks: Vec<BatchTask>,
}

/// One task: the object, or why the task names none (answered as a permanent failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchTask {
    pub task_id: String,
    pub object: Result<ObjectRef, String>,
}

/// Batch Operations events carry `invocationSchemaVersion` and `tasks`; no other trigger does.
pub fn is_batch(event: &Value) -> bool {
    event.get("invocationSchemaVersion").is_some() && event.get("tasks").is_some()
}

pub fn batch(event: &Value) -> Result<BatchJob, TriggerError> {
    let malformed = |why: String| TriggerError::Malformed {
        kind: "S3 Batch Operations",
        why,
    };
    let schema = event["invocationSchemaVersion"]
        .as_str()
        .ok_or_else(|| malformed("invocationSchemaVersion is not a string".into()))?;
    if schema != "1.0" && schema != "2.0" {
        return Err(malformed(format!(
            "invocationSchemaVersion {schema} (this version reads 1.0 and 2.0)"
        )));
    }
    let invocation_id = event["invocationId"]
        .as_str()
        .ok_or_else(|| malformed("no invocationId".into()))?;
    let tasks = event["tasks"]
        .as_array()
        .ok_or_else(|| malformed("tasks is not a list".into()))?;
    let tasks = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let task_id = t["taskId"]
                .as_str()
                .ok_or_else(|| malformed(format!("task {i} has no taskId")))?;
            Ok(BatchTask {
                task_id: task_id.to_string(),
                object: task_object(t),
            })
        })
        .collect::<Result<_, TriggerError>>()?;
    Ok(BatchJob {
        schema: schema.to_string(),
        invocation_id: invocation_id.to_string(),
        tasks,
    })
}

fn task_object(t: &Value) -> Result<ObjectRef, String> {
    let bucket = match (
        t["s3BucketArn"].as_str(),
        t["s3Bucket"].as_str().or(t["s3BucketName"].as_str()),
    ) {
        (Some(arn), _) => arn
            .strip_prefix("arn:aws:s3:::")
            .or_else(|| arn.rsplit_once(":::").map(|(_, b)| b))
            .filter(|b| !b.is_empty())
            .ok_or_else(|| format!("s3BucketArn `{arn}` is not an S3 bucket ARN"))?,
        (None, Some(name)) if !name.is_empty() => name,
        _ => return Err("the task names no bucket (s3BucketArn, s3Bucket or s3BucketName)".into()),
    };
    let key = t["s3Key"]
        .as_str()
        .filter(|k| !k.is_empty())
        .ok_or("the task has no s3Key")?;
    Ok(ObjectRef {
        bucket: bucket.to_string(),
        // manifest keys are URL-encoded, as in notifications
        key: decode_key(key),
        version_id: t["s3VersionId"].as_str().map(str::to_string),
        etag: None,
        region: None,
    })
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;

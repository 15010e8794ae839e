//! Lambda event payloads → the work they ask for. Understands direct S3 notifications, SQS
//! messages carrying S3 notifications (directly or wrapped in SNS), SNS deliveries,
//! EventBridge "Object Created" events and S3 Batch Operations jobs. Test events and
//! non-create events are skipped and counted; anything else is an error naming what was
//! received.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::s3::{S3Event, S3EventRecord};
use aws_lambda_events::event::sns::{SnsEvent, SnsMessage};
use aws_lambda_events::event::sqs::SqsEvent;
use serde_json::Value;

use super::batch;
use super::error::TriggerError;
use super::logs::{self, DataError};
use super::object::{ObjectRef, decode_key};
use super::work::{LogsBatch, LogsRecord, Objects, SqsItem, Trigger};
use crate::last_errors::truncate;

pub fn parse_event(event: Value) -> Result<Trigger, TriggerError> {
    if batch::is_batch(&event) {
        return batch::batch(&event).map(Trigger::Batch);
    }
    if is_s3_test_event(&event) {
        return Ok(Trigger::Direct(Objects {
            objects: vec![],
            skipped: 1,
        }));
    }
    if let Some(data) = event.pointer("/awslogs/data").and_then(Value::as_str) {
        return Ok(Trigger::Logs(LogsBatch {
            kinesis: false,
            records: vec![LogsRecord {
                sequence: None,
                origin: "awslogs".into(),
                region: None,
                data: logs::decode(data),
            }],
        }));
    }
    if event.get("detail-type").is_some() {
        return eventbridge(event).map(Trigger::Direct);
    }
    let source = event
        .get("Records")
        .and_then(|r| r.get(0))
        .and_then(|r| r.get("eventSource").or_else(|| r.get("EventSource")))
        .and_then(Value::as_str)
        .map(str::to_string);
    match source.as_deref() {
        Some("aws:s3") => s3_notification(event).map(Trigger::Direct),
        Some("aws:sqs") => sqs(event).map(Trigger::Sqs),
        Some("aws:sns") => sns(event).map(Trigger::Direct),
        Some("aws:kinesis") => kinesis(&event).map(Trigger::Logs),
        _ => Err(TriggerError::Unrecognised(describe(&event))),
    }
}

/// Kinesis records in order, each with its sequence number and its data decoded (or why not).
fn kinesis(event: &Value) -> Result<LogsBatch, TriggerError> {
    let malformed = |why: &str| TriggerError::Malformed {
        kind: "Kinesis",
        why: why.into(),
    };
    let records = event["Records"]
        .as_array()
        .ok_or_else(|| malformed("no Records"))?;
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let text = |p: &str| r.pointer(p).and_then(Value::as_str);
        let sequence = text("/kinesis/sequenceNumber")
            .ok_or_else(|| malformed("a record without kinesis.sequenceNumber"))?;
        let stream = text("/eventSourceARN")
            .and_then(|a| a.rsplit_once(":stream/"))
            .map_or("?", |(_, s)| s);
        let data = text("/kinesis/data").ok_or(DataError::Absent);
        out.push(LogsRecord {
            sequence: Some(sequence.to_string()),
            origin: format!("kinesis:{stream}/{sequence}"),
            region: text("/awsRegion").map(str::to_string),
            data: data.and_then(logs::decode),
        });
    }
    Ok(LogsBatch {
        kinesis: true,
        records: out,
    })
}

fn describe(event: &Value) -> String {
    truncate(&event.to_string())
}

/// The `aws_lambda_events` type of an event, or an error naming which kind was malformed.
fn typed<T: serde::de::DeserializeOwned>(
    event: Value,
    kind: &'static str,
) -> Result<T, TriggerError> {
    serde_json::from_value(event).map_err(|e| TriggerError::Malformed {
        kind,
        why: e.to_string(),
    })
}

fn is_s3_test_event(v: &Value) -> bool {
    v.get("Event").and_then(Value::as_str) == Some("s3:TestEvent")
}

fn s3_notification(event: Value) -> Result<Objects, TriggerError> {
    let event: S3Event = typed(event, "S3")?;
    let mut out = Objects::default();
    for r in event.records {
        match object_from_record(&r)? {
            Some(o) => out.objects.push(o),
            None => out.skipped += 1,
        }
    }
    Ok(out)
}

fn object_from_record(r: &S3EventRecord) -> Result<Option<ObjectRef>, TriggerError> {
    if !r
        .event_name
        .as_deref()
        .unwrap_or_default()
        .starts_with("ObjectCreated:")
    {
        return Ok(None);
    }
    let malformed = |why: &str| TriggerError::Malformed {
        kind: "S3",
        why: why.into(),
    };
    let bucket =
        r.s3.bucket
            .name
            .clone()
            .ok_or_else(|| malformed("record without bucket name"))?;
    let raw_key =
        r.s3.object
            .key
            .as_deref()
            .ok_or_else(|| malformed("record without object key"))?;
    Ok(Some(ObjectRef {
        bucket,
        key: decode_key(raw_key),
        version_id: r.s3.object.version_id.clone().filter(|v| !v.is_empty()),
        etag: r.s3.object.e_tag.clone().filter(|v| !v.is_empty()),
        region: r.aws_region.clone(),
    }))
}

/// A message body: an S3 notification, an SNS envelope around one, or an S3 test event.
fn from_body(body: &str) -> Result<Objects, TriggerError> {
    let v: Value = serde_json::from_str(body).map_err(|e| TriggerError::Malformed {
        kind: "SQS message",
        why: format!("body is not JSON: {e}"),
    })?;
    if is_s3_test_event(&v) {
        return Ok(Objects {
            objects: vec![],
            skipped: 1,
        });
    }
    if v.get("Type").and_then(Value::as_str) == Some("Notification") {
        let inner = match serde_json::from_value::<SnsMessage>(v.clone()) {
            Ok(m) => m.message,
            Err(_) => v
                .get("Message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        };
        return from_body(&inner);
    }
    if v.get("Records").is_some() {
        return s3_notification(v);
    }
    Err(TriggerError::Unrecognised(describe(&v)))
}

fn sqs(event: Value) -> Result<Vec<SqsItem>, TriggerError> {
    let event: SqsEvent = typed(event, "SQS")?;
    Ok(event
        .records
        .into_iter()
        .enumerate()
        .map(|(i, m)| SqsItem {
            message_id: m
                .message_id
                .clone()
                .unwrap_or_else(|| format!("record-{i}")),
            objects: m
                .body
                .as_deref()
                .ok_or_else(|| TriggerError::Malformed {
                    kind: "SQS",
                    why: "message without body".into(),
                })
                .and_then(from_body),
        })
        .collect())
}

fn sns(event: Value) -> Result<Objects, TriggerError> {
    let event: SnsEvent = typed(event, "SNS")?;
    let mut out = Objects::default();
    for r in event.records {
        let o = from_body(&r.sns.message)?;
        out.objects.extend(o.objects);
        out.skipped += o.skipped;
    }
    Ok(out)
}

fn eventbridge(event: Value) -> Result<Objects, TriggerError> {
    let event: EventBridgeEvent<Value> = typed(event, "EventBridge")?;
    if event.source != "aws.s3" {
        return Err(TriggerError::Unrecognised(format!(
            "EventBridge event from `{}`",
            event.source
        )));
    }
    if event.detail_type != "Object Created" {
        return Ok(Objects {
            objects: vec![],
            skipped: 1,
        });
    }
    let d = &event.detail;
    let s = |v: &Value| v.as_str().map(str::to_string);
    let bucket = d.pointer("/bucket/name").and_then(s);
    let key = d.pointer("/object/key").and_then(s);
    let (Some(bucket), Some(key)) = (bucket, key) else {
        return Err(TriggerError::Malformed {
            kind: "EventBridge",
            why: "detail without bucket.name or object.key".into(),
        });
    };
    Ok(Objects {
        objects: vec![ObjectRef {
            bucket,
            // EventBridge delivers the key as it is, not URL-encoded
            key,
            version_id: d.pointer("/object/version-id").and_then(s),
            etag: d.pointer("/object/etag").and_then(s),
            region: event.region.clone(),
        }],
        skipped: 0,
    })
}

#[cfg(test)]
#[path = "../trigger_tests.rs"]
mod tests;

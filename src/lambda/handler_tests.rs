//! The handler in-process: an in-memory object source and a loopback receiver that closes
//! each connection after reading it to its end, as Logstash's `tcp` input does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use clap::Parser;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

use super::*;
use crate::config::Args;
use crate::source::ranges::BytesRanges;
use crate::source::{ObjectId, OpenFailure, Opened};
use crate::trigger::ObjectRef;

pub(crate) const LINE: &str = "2026-11-23T10:00:00.123456Z my-lb 192.0.2.10:41000 10.0.0.5:80 0.000031 0.001211 0.000027 200 200 0 29 \"GET http://example.com:80/a HTTP/1.1\" \"curl/8.5.0\" - -";

/// Objects by (bucket, key); a missing one fails as S3 would, and so does one given an S3
/// error by `failing`.
#[derive(Default)]
pub(crate) struct Memory(
    HashMap<(String, String), Vec<u8>>,
    HashMap<(String, String), (OpenFailure, String)>,
);

impl Memory {
    fn with(mut self, bucket: &str, key: &str, body: &str) -> Self {
        self.0
            .insert((bucket.into(), key.into()), body.as_bytes().to_vec());
        self
    }
}

impl ObjectSource for Memory {
    async fn open(&self, obj: &ObjectRef) -> Result<Opened, SourceError> {
        let at = (obj.bucket.clone(), obj.key.clone());
        if let Some((kind, why)) = self.1.get(&at) {
            return Err(SourceError::Open {
                object: obj.uri(),
                kind: *kind,
                source: std::io::Error::other(why.clone()),
            });
        }
        let body = self.0.get(&at).ok_or_else(|| SourceError::Open {
            object: obj.uri(),
            kind: OpenFailure::NotFound,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "NoSuchKey"),
        })?;
        Ok(Opened {
            id: ObjectId::s3(&obj.bucket, &obj.key, "v1", obj.region.as_deref()),
            reader: Box::new(std::io::Cursor::new(body.clone())),
            ranges: Some(std::sync::Arc::new(BytesRanges(body.clone()))),
        })
    }
}

/// Reads each connection to its end, keeps the bytes, then closes.
pub(crate) async fn receiver() -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let got = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let _ = sock.read_to_end(&mut buf).await;
                keep.lock().unwrap().extend_from_slice(&buf);
            });
        }
    });
    (addr, got)
}

pub(crate) fn function(addr: &str, source: Memory) -> Function<Memory> {
    let config = Args::try_parse_from(["elb-logstash", "--logstash", addr, "--retries", "0"])
        .unwrap()
        .validate()
        .unwrap();
    Function::new(&config, source).unwrap()
}

pub(crate) fn later() -> Invocation {
    Invocation {
        request_id: "req-1".into(),
        deadline_ms: now_ms() + 60_000,
    }
}

fn record(bucket: &str, key: &str) -> Value {
    json!({
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": "2026-11-23T10:00:00.000Z", "eventName": "ObjectCreated:Put",
        "userIdentity": { "principalId": "EXAMPLE" },
        "requestParameters": { "sourceIPAddress": "127.0.0.1" },
        "responseElements": {},
        "s3": { "s3SchemaVersion": "1.0", "configurationId": "c",
                "bucket": { "name": bucket, "arn": format!("arn:aws:s3:::{bucket}"), "ownerIdentity": { "principalId": "EXAMPLE" } },
                "object": { "key": key, "size": 1, "eTag": "e", "sequencer": "0A" } }
    })
}

fn sqs(bodies: &[(&str, Value)]) -> Value {
    let records: Vec<Value> = bodies
        .iter()
        .map(|(id, body)| json!({ "messageId": id, "body": body.to_string(), "eventSource": "aws:sqs" }))
        .collect();
    json!({ "Records": records })
}

pub(crate) fn lines(got: &Arc<Mutex<Vec<u8>>>) -> Vec<Value> {
    let got = got.lock().unwrap();
    got.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

#[tokio::test]
async fn an_s3_event_delivers_every_line_and_answers_with_the_summary() {
    let (addr, got) = receiver().await;
    let body = format!("{LINE}\n{LINE}\nnot a log line\n");
    let f = function(&addr, Memory::default().with("logs", "a b.log", &body));
    let event = json!({ "Records": [record("logs", "a+b.log")] });
    let Response::Summary(s) = f.handle(event, later()).await.unwrap() else {
        panic!("an S3 event is answered with the summary");
    };
    assert_eq!(
        (
            s.totals.lines_read,
            s.totals.lines_sent,
            s.totals.parse_failures
        ),
        (3, 3, 1)
    );
    let docs = lines(&got);
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[0]["aws"]["s3"]["object"]["key"], "a b.log",
        "the key is URL-decoded"
    );
    assert_eq!(docs[2]["tags"][0], "_elbparsefailure");
}

#[tokio::test]
async fn a_missing_object_fails_a_direct_invocation_naming_it() {
    let (addr, _got) = receiver().await;
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let event = json!({ "Records": [record("logs", "ok.log"), record("logs", "gone.log")] });
    let e = f.handle(event, later()).await.unwrap_err();
    assert!(e.contains("1 of 2 objects not fully delivered"), "{e}");
    assert!(e.contains("s3://logs/gone.log: cannot open"), "{e}");
}

#[tokio::test]
async fn sqs_reports_only_the_messages_that_failed() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let event = sqs(&[
        ("m-ok", json!({ "Records": [record("logs", "ok.log")] })),
        (
            "m-missing",
            json!({ "Records": [record("logs", "gone.log")] }),
        ),
        ("m-junk", json!({ "hello": "world" })),
        (
            "m-test",
            json!({ "Service": "Amazon S3", "Event": "s3:TestEvent" }),
        ),
    ]);
    let Response::Sqs(r) = f.handle(event, later()).await.unwrap() else {
        panic!("SQS gets a batch response");
    };
    let failed: Vec<&str> = r
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(failed, ["m-missing", "m-junk"]);
    assert_eq!(lines(&got).len(), 1);
    let json = serde_json::to_value(Response::Sqs(r)).unwrap();
    assert_eq!(json["batchItemFailures"][0]["itemIdentifier"], "m-missing");
}

#[tokio::test]
async fn test_events_are_skipped_not_failed() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default());
    let event = json!({ "Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "logs" });
    let Response::Summary(s) = f.handle(event, later()).await.unwrap() else {
        panic!("summary");
    };
    assert!(s.objects.is_empty());
    assert!(lines(&got).is_empty());
}

#[tokio::test]
async fn at_the_deadline_no_object_is_started_and_each_message_is_failed_for_a_retry() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let past = Invocation {
        request_id: "req-2".into(),
        deadline_ms: now_ms(),
    };
    let event = sqs(&[("m1", json!({ "Records": [record("logs", "ok.log")] }))]);
    let Response::Sqs(r) = f.handle(event, past).await.unwrap() else {
        panic!("SQS gets a batch response");
    };
    assert_eq!(r.batch_item_failures.len(), 1);
    assert!(lines(&got).is_empty(), "nothing read after the deadline");
}

#[tokio::test]
async fn an_unreachable_logstash_fails_the_invocation_with_the_undelivered_count() {
    // a port nobody listens on: bind, note it, close
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let e = f
        .handle(json!({ "Records": [record("logs", "ok.log")] }), later())
        .await
        .unwrap_err();
    assert!(e.contains("1 lines not delivered to"), "{e}");
}

#[tokio::test]
async fn an_unrecognised_event_is_an_error_saying_what_arrived() {
    let (addr, _got) = receiver().await;
    let f = function(&addr, Memory::default());
    let e = f.handle(json!({ "foo": 1 }), later()).await.unwrap_err();
    assert!(e.contains("unrecognised event") && e.contains("foo"), "{e}");
}

fn batch_event(schema: &str, tasks: Value) -> Value {
    json!({ "invocationSchemaVersion": schema, "invocationId": "inv-9", "job": { "id": "job-1" }, "tasks": tasks })
}

/// The response exactly as Batch Operations reads it.
async fn batch_answer(f: &Function<Memory>, event: Value, inv: Invocation) -> Value {
    let Ok(r @ Response::Batch(_)) = f.handle(event, inv).await else {
        panic!("a Batch Operations invocation gets a Batch Operations answer, never an error");
    };
    serde_json::to_value(r).unwrap()
}

#[tokio::test]
async fn batch_operations_1_0_answers_each_task_with_its_own_result() {
    let (addr, got) = receiver().await;
    let junk = "not a log line\nnor this\n";
    let source = Memory::default()
        .with("logs", "a b+c.log", &format!("{LINE}\n{LINE}\n"))
        .with("logs", "junk.log", junk);
    let f = function(&addr, source);
    let tasks = json!([
        { "taskId": "t-ok", "s3Key": "a+b%2Bc.log", "s3VersionId": null, "s3BucketArn": "arn:aws:s3:::logs" },
        { "taskId": "t-missing", "s3Key": "gone.log", "s3VersionId": null, "s3BucketArn": "arn:aws:s3:::logs" },
        { "taskId": "t-junk", "s3Key": "junk.log", "s3VersionId": null, "s3BucketArn": "arn:aws:s3:::logs" },
        { "taskId": "t-nobucket", "s3Key": "x.log" },
    ]);
    let a = batch_answer(&f, batch_event("1.0", tasks), later()).await;
    assert_eq!(
        a,
        json!({
            "invocationSchemaVersion": "1.0",
            "treatMissingKeysAs": "PermanentFailure",
            "invocationId": "inv-9",
            "results": [
                { "taskId": "t-ok", "resultCode": "Succeeded", "resultString": "2 lines read, 2 sent, 0 parse failures" },
                { "taskId": "t-missing", "resultCode": "PermanentFailure", "resultString": "s3://logs/gone.log: cannot open: NoSuchKey" },
                { "taskId": "t-junk", "resultCode": "PermanentFailure", "resultString": "not a load-balancer log: none of its 2 lines parsed (shipped as _elbparsefailure documents)" },
                { "taskId": "t-nobucket", "resultCode": "PermanentFailure", "resultString": "the task names no bucket (s3BucketArn, s3Bucket or s3BucketName)" },
            ]
        })
    );
    let docs = lines(&got);
    assert_eq!(docs.len(), 4);
    let decoded = docs
        .iter()
        .filter(|d| d["aws"]["s3"]["object"]["key"] == "a b+c.log");
    assert_eq!(
        decoded.count(),
        2,
        "the key is URL-decoded: `+` a space, `%2B` a plus"
    );
}

#[tokio::test]
async fn batch_operations_2_0_with_logstash_down_is_a_temporary_failure() {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let tasks =
        json!([{ "taskId": "t1", "s3Key": "ok.log", "s3VersionId": null, "s3Bucket": "logs" }]);
    let mut event = batch_event("2.0", tasks);
    event["job"]["userArguments"] = json!({ "note": "backfill" });
    let a = batch_answer(&f, event, later()).await;
    assert_eq!(a["invocationSchemaVersion"], "2.0");
    let r = &a["results"][0];
    assert_eq!(r["resultCode"], "TemporaryFailure", "{a}");
    assert!(
        r["resultString"]
            .as_str()
            .unwrap()
            .starts_with("1 of 1 lines not delivered to 127.0.0.1:"),
        "{a}"
    );
}

#[tokio::test]
async fn batch_operations_at_the_deadline_is_a_temporary_failure() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default().with("logs", "ok.log", LINE));
    let past = Invocation {
        request_id: "req-3".into(),
        deadline_ms: now_ms(),
    };
    let tasks = json!([{ "taskId": "t1", "s3Key": "ok.log", "s3BucketName": "logs" }]);
    let a = batch_answer(&f, batch_event("2.0", tasks), past).await;
    assert_eq!(a["results"][0]["resultCode"], "TemporaryFailure", "{a}");
    assert!(
        a["results"][0]["resultString"]
            .as_str()
            .unwrap()
            .contains("deadline"),
        "{a}"
    );
    assert!(lines(&got).is_empty());
}

#[path = "handler_batch_tests.rs"]
mod batch_errors;

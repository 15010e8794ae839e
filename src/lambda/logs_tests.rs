//! CloudWatch Logs subscription data through the handler, in-process: direct deliveries and
//! Kinesis records built as CloudWatch encodes them (base64 of gzip of the subscription JSON;
//! event ids 56-digit strings), a loopback receiver standing in for Logstash.

use std::io::Write;

use base64::Engine;
use serde_json::{Value, json};

use crate::lambda::Response;
use crate::lambda::handler::tests::{LINE, Memory, function, later, lines, receiver};

const ALB: &str = r#"http 2026-11-23T10:00:00.1Z app/my-alb/50dc6c495c0c9188 192.0.2.1:4000 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://x/ HTTP/1.1" "curl/8" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2026-11-23T10:00:00.0Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;
const VENDED: &str = r#"{"type":"http","time":"2026-11-23T10:00:01.0Z","elb":"app/my-alb/50dc6c495c0c9188","client_port":"192.0.2.2:4001","elb_status_code":"503","request_line":"GET http://y/ HTTP/1.1"}"#;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn gzip(text: &str) -> Vec<u8> {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(text.as_bytes()).unwrap();
    z.finish().unwrap()
}

fn data(kind: &str, events: &[(&str, &str)]) -> String {
    let events: Vec<Value> = events
        .iter()
        .map(|(id, m)| json!({"id": id, "timestamp": 1763892000000u64, "message": m}))
        .collect();
    let payload = json!({"messageType": kind, "owner": "123456789012", "logGroup": "/elb/my-alb",
        "logStream": "vended", "subscriptionFilters": ["f"], "logEvents": events});
    b64(&gzip(&payload.to_string()))
}

fn kinesis(records: &[(&str, String)]) -> Value {
    let records: Vec<Value> = records
        .iter()
        .map(|(seq, data)| {
            json!({"eventSource": "aws:kinesis", "awsRegion": "eu-west-1",
            "eventSourceARN": "arn:aws:kinesis:eu-west-1:123456789012:stream/elb-logs",
            "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "p", "sequenceNumber": seq,
                "data": data, "approximateArrivalTimestamp": 1763892000.0}})
        })
        .collect();
    json!({"Records": records})
}

const ID1: &str = "31953106606966983378809025079804211143289615424298221568";
const ID2: &str = "31953106606966983378809025079804211143289615424298221569";

#[tokio::test]
async fn a_direct_delivery_ships_each_event_with_an_id_from_its_event_id() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default());
    let event = json!({"awslogs": {"data": data("DATA_MESSAGE", &[(ID1, ALB), (ID2, VENDED)])}});
    let Response::Summary(s) = f.handle(event.clone(), later()).await.unwrap() else {
        panic!("not a summary")
    };
    assert_eq!((s.totals.lines_sent, s.totals.vended_records), (2, 1));
    let docs = lines(&got);
    assert_eq!(docs.len(), 2, "one batch, in event order");
    assert_eq!(docs[0]["aws"]["cloudwatch"]["log_group"], "/elb/my-alb");
    assert_eq!(docs[0]["aws"]["cloudwatch"]["log_stream"], "vended");
    assert_eq!(docs[0]["cloud"]["account"]["id"], "123456789012");
    assert_eq!(docs[1]["http"]["response"]["status_code"], 503);
    assert!(docs[0]["log"].get("offset").is_none(), "{}", docs[0]["log"]);
    // delivered again, in another batch: the same ids (documents overwrite, never duplicate)
    f.handle(
        json!({"awslogs": {"data": data("DATA_MESSAGE", &[(ID2, VENDED)])}}),
        later(),
    )
    .await
    .unwrap();
    let again = lines(&got);
    assert_eq!(again[2]["event"]["id"], docs[1]["event"]["id"]);
    assert_ne!(docs[0]["event"]["id"], docs[1]["event"]["id"]);
}

#[tokio::test]
async fn kinesis_skips_control_messages_reads_raw_lines_and_names_broken_records() {
    let (addr, got) = receiver().await;
    let f = function(&addr, Memory::default());
    let event = kinesis(&[
        ("100", data("CONTROL_MESSAGE", &[])),
        ("101", data("DATA_MESSAGE", &[(ID1, ALB)])),
        ("102", "%%% not base64".to_string()),
        ("103", b64(format!("{LINE}\n").as_bytes())),
    ]);
    let Response::Summary(s) = f.handle(event, later()).await.unwrap() else {
        panic!("not a summary")
    };
    assert_eq!(s.totals.lines_sent, 2);
    let docs = lines(&got);
    assert_eq!(docs.len(), 2);
    let event = docs
        .iter()
        .find(|d| d["aws"].get("cloudwatch").is_some())
        .unwrap();
    assert_eq!(event["cloud"]["region"], "eu-west-1");
    assert!(
        docs.iter()
            .any(|d| d["log"]["file"]["path"] == "kinesis:elb-logs/103")
    );
    assert_eq!(
        s.objects.len(),
        2,
        "the control message and the broken record are no objects"
    );
}

#[tokio::test]
async fn kinesis_names_the_first_record_not_delivered() {
    let f = function("127.0.0.1:9", Memory::default());
    let event = kinesis(&[
        ("200", data("CONTROL_MESSAGE", &[])),
        ("201", data("DATA_MESSAGE", &[(ID1, ALB)])),
        ("202", data("DATA_MESSAGE", &[(ID2, ALB)])),
    ]);
    let Response::Sqs(r) = f.handle(event, later()).await.unwrap() else {
        panic!("no batch item failures")
    };
    let json = serde_json::to_value(Response::Sqs(r)).unwrap();
    assert_eq!(
        json,
        json!({"batchItemFailures": [{"itemIdentifier": "201"}]})
    );
}

#[tokio::test]
async fn a_direct_delivery_not_delivered_fails_the_invocation() {
    let f = function("127.0.0.1:9", Memory::default());
    let event = json!({"awslogs": {"data": data("DATA_MESSAGE", &[(ID1, ALB)])}});
    let err = f.handle(event, later()).await.unwrap_err();
    assert!(
        err.contains("not fully delivered") && err.contains("1 lines"),
        "{err}"
    );
}

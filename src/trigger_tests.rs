//! Tests of `trigger`.

use super::*;

fn event(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("testdata/events/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn s3_put_notification() {
    let Trigger::Direct(o) = parse_event(event("s3-put.json")).unwrap() else {
        panic!()
    };
    assert_eq!(o.skipped, 0);
    assert_eq!(
        o.objects,
        vec![ObjectRef {
            bucket: "amzn-s3-demo-bucket".into(),
            key: "test/key".into(),
            version_id: None,
            etag: Some("0123456789abcdef0123456789abcdef".into()),
            region: Some("us-east-1".into()),
        }]
    );
}

#[test]
fn several_records_with_encoded_keys_and_a_delete() {
    let Trigger::Direct(o) = parse_event(event("s3-several-records.json")).unwrap() else {
        panic!()
    };
    let keys: Vec<_> = o.objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "logs/my file+v2.log",
            "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/a b.log.gz"
        ]
    );
    assert_eq!(
        o.objects[0].version_id.as_deref(),
        Some("3HL4kqtJlcpXroDTDmjVBH40Nrjfkd")
    );
    assert_eq!(o.skipped, 1, "the delete record");
}

#[test]
fn s3_test_event_is_skipped() {
    assert_eq!(
        parse_event(event("s3-test-event.json")).unwrap(),
        Trigger::Direct(Objects {
            objects: vec![],
            skipped: 1
        })
    );
}

#[test]
fn sqs_batch_with_plain_sns_and_bad_messages() {
    let Trigger::Sqs(items) = parse_event(event("sqs-batch.json")).unwrap() else {
        panic!()
    };
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].message_id, "059f36b4-87a3-44ab-83d2-661975830a7d");
    assert_eq!(
        items[0].objects.as_ref().unwrap().objects[0].key,
        "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/alb.log.gz"
    );
    let via_sns = items[1].objects.as_ref().unwrap();
    assert_eq!(via_sns.objects[0].bucket, "elb-logs");
    assert_eq!(via_sns.objects[0].key, "classic/x y.log");
    assert_eq!(
        items[2].objects.as_ref().unwrap().skipped,
        1,
        "test event inside SQS"
    );
    assert!(matches!(
        items[3].objects,
        Err(TriggerError::Malformed { .. })
    ));
}

#[test]
fn sns_delivery() {
    let Trigger::Direct(o) = parse_event(event("sns-s3.json")).unwrap() else {
        panic!()
    };
    assert_eq!(o.objects[0].key, "classic/x y.log");
}

#[test]
fn eventbridge_object_created() {
    let Trigger::Direct(o) = parse_event(event("eventbridge-object-created.json")).unwrap() else {
        panic!()
    };
    assert_eq!(o.objects[0].bucket, "amzn-s3-demo-bucket1");
    assert_eq!(o.objects[0].key, "example-key");
    assert_eq!(
        o.objects[0].version_id.as_deref(),
        Some("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e")
    );
    assert_eq!(o.objects[0].region.as_deref(), Some("us-east-2"));
    let mut deleted = event("eventbridge-object-created.json");
    deleted["detail-type"] = "Object Deleted".into();
    assert_eq!(
        parse_event(deleted).unwrap(),
        Trigger::Direct(Objects {
            objects: vec![],
            skipped: 1
        })
    );
}

#[test]
fn anything_else_is_a_clear_error() {
    let e = parse_event(serde_json::json!({"hello": "world"})).unwrap_err();
    assert!(e.to_string().contains("unrecognised event") && e.to_string().contains("hello"));
}

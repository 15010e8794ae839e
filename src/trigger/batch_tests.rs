//! Tests of `batch`.

use super::*;
use serde_json::json;

#[test]
fn schema_1_0_with_a_bucket_arn_and_an_encoded_key() {
    let e = json!({
        "invocationSchemaVersion": "1.0", "invocationId": "inv-1", "job": {"id": "job-1"},
        "tasks": [{"taskId": "t1", "s3Key": "AWSLogs/a+b%2Bc%20d.log.gz", "s3VersionId": null,
                   "s3BucketArn": "arn:aws:s3:::my-logs"}]
    });
    assert!(is_batch(&e));
    let job = batch(&e).unwrap();
    assert_eq!(
        (job.schema.as_str(), job.invocation_id.as_str()),
        ("1.0", "inv-1")
    );
    let o = job.tasks[0].object.clone().unwrap();
    assert_eq!(
        (o.bucket.as_str(), o.key.as_str()),
        ("my-logs", "AWSLogs/a b+c d.log.gz")
    );
    assert_eq!(o.version_id, None);
}

#[test]
fn schema_2_0_accepts_both_bucket_names_and_user_arguments() {
    for field in ["s3Bucket", "s3BucketName"] {
        let e = json!({
            "invocationSchemaVersion": "2.0", "invocationId": "inv-2",
            "job": {"id": "job-2", "userArguments": {"k": "v"}},
            "tasks": [{"taskId": "t", "s3Key": "k.log", "s3VersionId": "v3", field: "b"}]
        });
        let o = batch(&e).unwrap().tasks[0].object.clone().unwrap();
        assert_eq!(
            (o.bucket.as_str(), o.version_id.as_deref()),
            ("b", Some("v3"))
        );
    }
}

#[test]
fn a_task_without_a_bucket_or_key_is_answered_not_fatal() {
    let e = json!({
        "invocationSchemaVersion": "1.0", "invocationId": "i",
        "tasks": [{"taskId": "a", "s3Key": "k"}, {"taskId": "b", "s3BucketArn": "arn:aws:s3:::x"},
                  {"taskId": "c", "s3Key": "k", "s3BucketArn": "arn:aws:iam::1:role/x"}]
    });
    let job = batch(&e).unwrap();
    assert!(job.tasks.iter().all(|t| t.object.is_err()), "{job:?}");
}

#[test]
fn malformed_invocations_say_what_is_wrong() {
    for (e, want) in [
        (
            json!({"invocationSchemaVersion": "3.0", "invocationId": "i", "tasks": []}),
            "3.0",
        ),
        (
            json!({"invocationSchemaVersion": "1.0", "tasks": []}),
            "invocationId",
        ),
        (
            json!({"invocationSchemaVersion": "1.0", "invocationId": "i", "tasks": [{}]}),
            "taskId",
        ),
    ] {
        let err = batch(&e).unwrap_err().to_string();
        assert!(err.contains(want), "{err}");
    }
}

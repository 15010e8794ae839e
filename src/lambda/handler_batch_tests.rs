//! Batch Operations' answer for objects S3 would not give: decided by the error's kind.

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{DisplayErrorContext, ErrorMetadata, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::primitives::SdkBody;
use serde_json::{Value, json};

use super::*;
use crate::source::s3::open_failure;

impl Memory {
    /// Opening `key` fails with the SDK's error `e`, classified as the S3 source does.
    fn failing(
        mut self,
        bucket: &str,
        key: &str,
        e: &SdkError<GetObjectError, HttpResponse>,
    ) -> Self {
        let why = DisplayErrorContext(e).to_string();
        self.1
            .insert((bucket.into(), key.into()), (open_failure(e), why));
        self
    }
}

/// An S3 error as the SDK hands it over: the service's code and message, the HTTP status.
fn s3_error(code: &str, status: u16, message: &str) -> SdkError<GetObjectError, HttpResponse> {
    let meta = ErrorMetadata::builder().code(code).message(message).build();
    let raw = HttpResponse::new(status.try_into().unwrap(), SdkBody::empty());
    SdkError::service_error(GetObjectError::generic(meta), raw)
}

#[tokio::test]
async fn batch_operations_decide_by_the_error_kind_never_by_its_text() {
    let (addr, _got) = receiver().await;
    // S3 asking to slow down, in a message whose request id happens to hold `403` and `NotFound`
    let busy = s3_error(
        "SlowDown",
        503,
        "Please reduce your request rate. RequestId: 403NotFoundB7E2, HostId: 404AccessDenied",
    );
    let five = s3_error(
        "InternalError",
        500,
        "We encountered an internal error. 403",
    );
    let gone = s3_error("NoSuchKey", 404, "The specified key does not exist.");
    let denied = s3_error("AccessDenied", 403, "Access Denied");
    let archived = s3_error(
        "InvalidObjectState",
        403,
        "The operation is not valid for the object's storage class",
    );
    let source = Memory::default()
        .failing("logs", "busy.log", &busy)
        .failing("logs", "five.log", &five)
        .failing("logs", "gone.log", &gone)
        .failing("logs", "denied.log", &denied)
        .failing("logs", "archived.log", &archived);
    let f = function(&addr, source);
    let names = ["busy", "five", "gone", "denied", "archived"];
    let tasks: Vec<Value> = names
        .iter()
        .map(|n| json!({ "taskId": n, "s3Key": format!("{n}.log"), "s3VersionId": null, "s3BucketArn": "arn:aws:s3:::logs" }))
        .collect();
    let a = batch_answer(&f, batch_event("1.0", json!(tasks)), later()).await;
    let codes: Vec<&str> = (0..names.len())
        .map(|i| a["results"][i]["resultCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "TemporaryFailure",
            "TemporaryFailure",
            "PermanentFailure",
            "PermanentFailure",
            "PermanentFailure"
        ],
        "{a}"
    );
    // the people-facing text still carries what S3 said
    assert!(
        a["results"][0]["resultString"]
            .as_str()
            .unwrap()
            .contains("SlowDown"),
        "{a}"
    );
}

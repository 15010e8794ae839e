//! Tests of `document`.

use super::*;

#[test]
fn event_ids_are_stable_and_padded() {
    let a = ObjectMeta::s3("b", "k", "etag", None);
    let b = ObjectMeta::s3("b", "k", "etag", None);
    assert_eq!(a.event_id(42), b.event_id(42));
    assert!(a.event_id(42).ends_with("-000000000042"));
    assert_eq!(a.event_id(42).len(), 45);
    assert_ne!(
        a.event_id(42),
        ObjectMeta::s3("b", "k", "etag2", None).event_id(42)
    );
    assert_ne!(
        ObjectMeta::s3("ab", "c", "e", None).event_id(0),
        ObjectMeta::s3("a", "bc", "e", None).event_id(0)
    );
    assert!(a.event_id(1_234_567_890_123).ends_with("-1234567890123"));
}

#[test]
fn account_and_region_from_key_or_name() {
    assert_eq!(
        account_region_from_key(
            "logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/23/x.log.gz"
        ),
        (Some("123456789012"), Some("eu-west-1"))
    );
    assert_eq!(
        account_region_from_key(
            "dir/123456789012_elasticloadbalancing_us-east-1_my-lb_20261123T1000Z_1.2.3.4_x.log"
        ),
        (Some("123456789012"), Some("us-east-1"))
    );
    assert_eq!(account_region_from_key("random.log"), (None, None));
}

#[test]
fn processing_time_is_rfc3339() {
    let now = now_rfc3339();
    assert!(
        crate::parse::fields::timestamp(now.as_bytes()).is_some(),
        "{now}"
    );
}

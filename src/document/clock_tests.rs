use super::*;

#[test]
fn processing_time_is_rfc3339() {
    let now = now_rfc3339();
    assert!(
        crate::parse::timestamp::timestamp(now.as_bytes()).is_some(),
        "{now}"
    );
}

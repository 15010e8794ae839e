//! Tests of `group_ref` (reading a group is tested against moto in `tests/cli_logs.rs`).

use super::*;

fn g(group: &str, prefix: Option<&str>) -> Option<GroupRef> {
    Some(GroupRef {
        group: group.into(),
        stream_prefix: prefix.map(str::to_string),
    })
}

#[test]
fn a_uri_names_the_group_and_a_stream_prefix() {
    assert_eq!(parse_uri("cloudwatch://elb-logs"), g("elb-logs", None));
    assert_eq!(
        parse_uri("cloudwatch://elb-logs/2026/"),
        g("elb-logs", Some("2026/"))
    );
    assert_eq!(parse_uri("cloudwatch:///aws/elb/x"), g("/aws/elb/x", None));
    assert_eq!(
        parse_uri("cloudwatch:///aws/elb/x//vended"),
        g("/aws/elb/x", Some("vended"))
    );
    assert_eq!(parse_uri("cloudwatch://"), None);
    assert_eq!(parse_uri("s3://b/k"), None);
}

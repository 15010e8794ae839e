use super::*;

const ACCOUNT: Option<&str> = Some("111122223333");
const REGION: Option<&str> = Some("us-east-1");
const DAY: Option<Day> = Some(Day {
    year: 2026,
    month: 9,
    day: 10,
});

fn facts(key: &str) -> (Option<&str>, Option<&str>, Option<Day>) {
    let f = key_facts(key);
    (f.account, f.region, f.day)
}

#[test]
fn every_layout_of_aws_s3_guide_is_read() {
    // the examples of "Logs sent to Amazon S3 (V2 permissions)", with a file name added
    let default = "AWSLogs/111122223333/elasticloadbalancing/us-east-1/2026/09/10/x.log.gz";
    assert_eq!(facts(default), (ACCOUNT, REGION, DAY));
    let hive = "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=us-east-1/\
                year=2026/month=09/day=10/x.parquet";
    assert_eq!(facts(hive), (ACCOUNT, REGION, DAY));
    let suffix = "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/myFolder/year=2026/\
                  month=09/day=10/x.json.gz";
    assert_eq!(facts(suffix), (ACCOUNT, None, DAY));
    let prefix = "MyLogPrefix/us-east-1/2026/09/10/x.log.gz";
    assert_eq!(facts(prefix), (None, REGION, DAY));
    let suffix_plain = "AWSLogs/111122223333/elasticloadbalancing/myFolder/2026/09/10/x.log";
    assert_eq!(facts(suffix_plain), (ACCOUNT, None, DAY));
}

#[test]
fn legacy_keys_and_file_names_are_read_as_before() {
    let key = "logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/23/\
               123456789012_elasticloadbalancing_eu-west-1_app.a.1_20261123T1005Z_1.2.3.4_x.log.gz";
    let f = key_facts(key);
    assert_eq!(
        (f.account, f.region),
        (Some("123456789012"), Some("eu-west-1"))
    );
    assert_eq!(
        f.day.map(|d| (d.year, d.month, d.day)),
        Some((2026, 11, 23))
    );
    let name = "health_check_log_123456789012_elasticloadbalancing_eu-west-2_app.my-alb.1_\
                20261124T1005Z_1.2.3.4_x.log.gz";
    let f = key_facts(name);
    assert_eq!(
        (f.account, f.region),
        (Some("123456789012"), Some("eu-west-2"))
    );
    assert_eq!(f.day.map(|d| d.day), Some(24));
}

#[test]
fn keys_that_say_nothing_give_nothing() {
    assert_eq!(facts("random.log"), (None, None, None));
    assert_eq!(facts("a/b/2026/13/01/x.log"), (None, None, None));
    assert_eq!(
        facts("AWSLogs/12345/elasticloadbalancing/nowhere/x"),
        (None, None, None)
    );
}

#[test]
fn region_shapes() {
    for r in [
        "us-east-1",
        "ap-southeast-2",
        "us-gov-west-1",
        "il-central-1",
    ] {
        assert!(is_region(r), "{r}");
    }
    for r in ["myFolder", "2026", "us-east", "east-1", "US-EAST-1"] {
        assert!(!is_region(r), "{r}");
    }
}

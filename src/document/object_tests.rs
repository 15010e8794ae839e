use super::*;

fn event_id(meta: &ObjectMeta, offset: u64) -> String {
    let mut out = Vec::new();
    meta.write_event_id(&mut out, offset);
    String::from_utf8(out).unwrap()
}

fn s3(bucket: &str, key: &str, version: &str) -> ObjectMeta {
    ObjectMeta::new(&ObjectId::s3(bucket, key, version, None))
}

#[test]
fn event_ids_are_stable_and_padded() {
    let a = s3("b", "k", "etag");
    assert_eq!(event_id(&a, 42), event_id(&s3("b", "k", "etag"), 42));
    assert!(event_id(&a, 42).ends_with("-000000000042"));
    assert_eq!(event_id(&a, 42).len(), 45);
    assert_ne!(event_id(&a, 42), event_id(&s3("b", "k", "etag2"), 42));
    assert_ne!(
        event_id(&s3("ab", "c", "e"), 0),
        event_id(&s3("a", "bc", "e"), 0)
    );
    assert!(event_id(&a, 1_234_567_890_123).ends_with("-1234567890123"));
}

#[test]
fn files_and_streams_have_their_own_identities() {
    let file = ObjectMeta::new(&ObjectId::file("/x.log", 10, 7));
    assert_ne!(
        event_id(&file, 0),
        event_id(&ObjectMeta::new(&ObjectId::file("/x.log", 11, 7)), 0)
    );
    let stream = |nonce| {
        ObjectMeta::new(&ObjectId::Stream {
            name: "-".into(),
            nonce,
        })
    };
    assert_ne!(event_id(&stream(1), 0), event_id(&stream(2), 0));
    assert_eq!(file.path_json, br#""/x.log""#);
    assert!(file.s3.is_none());
}

#[test]
fn cloud_fields_come_from_every_key_layout() {
    let cloud = |key: &str| String::from_utf8(s3("b", key, "v").cloud).unwrap();
    let hive = "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=us-east-1/\
                year=2026/month=09/day=10/x.parquet";
    assert_eq!(
        cloud(hive),
        r#"{"provider":"aws","region":"us-east-1","account":{"id":"111122223333"}}"#
    );
    let prefix = "MyLogPrefix/eu-west-1/2026/09/10/x.log.gz";
    assert_eq!(cloud(prefix), r#"{"provider":"aws","region":"eu-west-1"}"#);
    let name = "dir/123456789012_elasticloadbalancing_us-east-1_my-lb_20261123T1000Z_1.2.3.4_x.log";
    assert!(cloud(name).contains(r#""id":"123456789012""#));
    assert_eq!(cloud("random.log"), r#"{"provider":"aws"}"#);
}

#[test]
fn the_event_region_wins_over_the_key() {
    let key = "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/x.log";
    let m = ObjectMeta::new(&ObjectId::s3("b", key, "v", Some("us-east-2")));
    let cloud = String::from_utf8(m.cloud).unwrap();
    assert!(cloud.contains("\"region\":\"us-east-2\""), "{cloud}");
    assert!(cloud.contains("\"id\":\"123456789012\""), "{cloud}");
}

#[test]
fn the_sampling_key_is_read_from_the_event_id() {
    let meta = s3("b", "k", "");
    for offset in [0u64, 1, 4096, 1 << 40] {
        let id = event_id(&meta, offset);
        let object = u64::from_str_radix(&id[..16], 16).unwrap();
        assert_eq!(
            meta.line_key(offset),
            object ^ offset.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            "{id}"
        );
    }
}

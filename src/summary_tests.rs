//! Tests of `summary`.

use super::*;

#[test]
fn totals_sum_objects() {
    let mut s = Summary::default();
    let counts = LineCounts {
        lines_read: 3,
        lines_parsed: 2,
        parse_failures: 1,
        ..Default::default()
    };
    s.add_object(
        ObjectSummary {
            object: "a".into(),
            counts: counts.clone(),
            error: None,
        },
        LastErrors::default(),
    );
    s.add_object(
        ObjectSummary {
            object: "b".into(),
            counts,
            error: Some("boom".into()),
        },
        LastErrors::default(),
    );
    assert_eq!(s.totals.lines_read, 6);
    assert_eq!((s.objects_ok, s.objects_failed), (1, 1));
    let v: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(v["lines_read"], 6);
    assert_eq!(v["objects"][1]["error"], "boom");
}

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

#[test]
fn the_human_summary_says_what_was_lost_and_why() {
    let mut s = Summary::default();
    let mut errors = LastErrors::default();
    errors.push(ParseErrorRecord {
        object: "a.log".into(),
        offset: 120,
        error: "invalid field `elb_status_code` at byte 97".into(),
    });
    let counts = LineCounts {
        lines_read: 10,
        lines_parsed: 8,
        parse_failures: 2,
        lines_skipped: 1,
        lines_sent: 9,
        ..Default::default()
    };
    s.add_object(
        ObjectSummary {
            object: "a.log".into(),
            counts,
            error: None,
        },
        errors,
    );
    s.add_object(
        ObjectSummary {
            object: "missing.log".into(),
            counts: LineCounts::default(),
            error: Some("missing.log: cannot open: No such file or directory".into()),
        },
        LastErrors::default(),
    );
    s.duration_ms = 1250;
    let h = s.human();
    assert!(
        h.starts_with("elb-logstash: 10 lines read, 9 sent, 0 not delivered; 2 parse failures, 1 skipped, 0 filtered out; 1 of 2 objects read whole, 1.2 s"),
        "{h}"
    );
    assert!(
        h.contains("\n  failed: missing.log: cannot open: No such file or directory"),
        "{h}"
    );
    assert!(h.contains("\n  parse failure: a.log at byte 120: invalid field `elb_status_code` at byte 97 (1 more)"), "{h}");
    assert!(h.lines().count() == 3 && h.len() < 400, "short: {h}");
}

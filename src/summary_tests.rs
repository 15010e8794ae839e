//! Tests of `summary`.

use super::*;

#[test]
fn keeps_only_the_last_five_errors() {
    let mut l = LastErrors::default();
    for i in 0..8 {
        l.push(i);
    }
    assert_eq!(l.iter().copied().collect::<Vec<_>>(), vec![3, 4, 5, 6, 7]);
}

#[test]
fn error_text_is_cut_at_256_chars() {
    let long = "é".repeat(300);
    let t = truncate(&long);
    assert_eq!(t.chars().count(), 257);
    assert!(t.ends_with('…'));
    assert_eq!(truncate("short"), "short");
}

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
    assert!(!s.all_delivered());
    let v: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(v["lines_read"], 6);
    assert_eq!(v["objects"][1]["error"], "boom");
}

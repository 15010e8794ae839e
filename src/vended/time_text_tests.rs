use chrono::{DateTime, Utc};
use proptest::prelude::*;

use super::*;

fn text(v: i64, digits: u32) -> String {
    let mut s = String::new();
    timestamp_text(v, digits, &mut s);
    s
}

#[test]
fn instants_are_written_as_the_logs_write_them() {
    assert_eq!(
        text(1_790_000_000_123_456, 6),
        "2026-09-21T14:13:20.123456Z"
    );
    assert_eq!(text(1_790_000_000, 0), "2026-09-21T14:13:20Z");
    assert_eq!(text(1_790_000_000_000_000, 6), "2026-09-21T14:13:20Z");
    assert_eq!(text(5, 3), "1970-01-01T00:00:00.005Z");
    assert_eq!(text(-1, 0), "1969-12-31T23:59:59Z");
}

#[test]
fn epoch_numbers_are_told_apart_by_magnitude() {
    for (v, want) in [
        (1_790_000_000i128, "2026-09-21T14:13:20Z"),
        (1_790_000_000_250, "2026-09-21T14:13:20.250Z"),
        (1_790_000_000_000_250, "2026-09-21T14:13:20.000250Z"),
        (1_790_000_000_000_000_250, "2026-09-21T14:13:20.000000250Z"),
    ] {
        let mut s = String::new();
        epoch_text(v, &mut s);
        assert_eq!(s, want);
    }
}

proptest! {
    /// chrono (a dev-dependency nobody here wrote) is the reference for the civil date.
    #[test]
    fn agrees_with_chrono(micros in -2_000_000_000_000_000i64..9_000_000_000_000_000) {
        let want = DateTime::<Utc>::from_timestamp_micros(micros).unwrap();
        let mut want = want.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        if want.contains(".000000Z") {
            want = want.replace(".000000Z", "Z");
        }
        prop_assert_eq!(text(micros, 6), want);
    }
}

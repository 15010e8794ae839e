//! The hand-written timestamp reader (`parse::timestamp::timestamp`) against `chrono`: every day
//! from 1969 to 2263 (every day number 1 to 31 of every month, so month ends, leap years and
//! days that do not exist), the first and last second of each, `:60`, fractions of 0 to 10
//! digits, and the instants around the end of Elasticsearch's `date_nanos`.
//!
//! The reader stays hand-written because it is on the per-line path (BENCHMARKS.md); chrono is
//! the reference it must agree with, not a dependency of the binary.

use chrono::NaiveDate;
use elb_logstash::parse::timestamp::timestamp;

/// What chrono says: a real date and time whose nanoseconds since 1970 fit an `i64` and are
/// not negative, i.e. what `date_nanos` can index.
fn chrono_accepts(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, frac: &str) -> bool {
    if frac.len() > 9 {
        return false;
    }
    let nanos: u32 = format!("{frac:0<9}").parse().unwrap();
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|date| date.and_hms_nano_opt(h, mi, s, nanos))
        .and_then(|t| t.and_utc().timestamp_nanos_opt())
        .is_some_and(|n| n >= 0)
}

#[track_caller]
fn agree(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, frac: &str) {
    let dot = if frac.is_empty() { "" } else { "." };
    let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{dot}{frac}");
    let want = chrono_accepts(y, mo, d, h, mi, s, frac);
    for t in [text.clone(), format!("{text}Z")] {
        assert_eq!(timestamp(t.as_bytes()).is_some(), want, "{t}");
    }
}

#[test]
fn every_day_of_every_month_from_1969_to_2263() {
    let mut valid_days = 0;
    for y in 1969..=2263 {
        for mo in 1..=12 {
            for d in 1..=31 {
                agree(y, mo, d, 0, 0, 0, "");
                agree(y, mo, d, 23, 59, 59, "999999999");
                valid_days += usize::from(chrono_accepts(y, mo, d, 0, 0, 0, ""));
            }
        }
    }
    // 1970-01-01 to 2262-04-11 inclusive
    let span = NaiveDate::from_ymd_opt(2262, 4, 11).unwrap()
        - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    assert_eq!(valid_days as i64, span.num_days() + 1);
}

#[test]
fn leap_seconds_and_out_of_range_clock_values() {
    for (h, mi, s) in [
        (23, 59, 60),
        (24, 0, 0),
        (23, 60, 0),
        (12, 30, 61),
        (0, 0, 0),
        (23, 59, 59),
    ] {
        for (y, mo, d) in [(2016, 12, 31), (2024, 2, 29), (2023, 2, 29), (1970, 1, 1)] {
            agree(y, mo, d, h, mi, s, "");
        }
    }
}

#[test]
fn fractions_of_zero_to_ten_digits() {
    let digits = "1234567891";
    for n in 0..=10 {
        agree(2024, 2, 29, 12, 0, 0, &digits[..n]);
        agree(2262, 4, 11, 23, 47, 16, &"9".repeat(n));
    }
}

#[test]
fn the_end_of_date_nanos() {
    for frac in [
        "854775807",
        "854775808",
        "8547758",
        "8547759",
        "85477580",
        "85477581",
        "",
        "9",
        "0",
    ] {
        agree(2262, 4, 11, 23, 47, 16, frac);
    }
    for (mo, d, h, mi, s) in [
        (4, 11, 23, 47, 17),
        (4, 11, 23, 48, 0),
        (4, 12, 0, 0, 0),
        (12, 31, 23, 59, 59),
        (4, 11, 23, 47, 15),
        (1, 1, 0, 0, 0),
    ] {
        agree(2262, mo, d, h, mi, s, "");
        agree(2262, mo, d, h, mi, s, "5");
    }
    agree(1970, 1, 1, 0, 0, 0, "");
    agree(1969, 12, 31, 23, 59, 59, "999999999");
}

//! Instants as the logs write them (`2026-09-10T12:34:56.123456Z`), for Parquet cells typed as
//! timestamps or epoch numbers. Hand-written (days → civil date, Howard Hinnant's algorithm):
//! two per ALB row, on the per-row path, where a formatting library's cost would show.

use std::fmt::Write;

/// `v` units of 10^-`digits` s since the epoch; the fraction written with `digits` digits, or
/// left out when it is zero (as NLB's legacy times have none).
pub fn timestamp_text(v: i64, digits: u32, text: &mut String) {
    let per_second = 10i64.pow(digits);
    let (secs, frac) = (v.div_euclid(per_second), v.rem_euclid(per_second));
    let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    let _ = write!(
        text,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    );
    if frac != 0 {
        let _ = write!(text, ".{frac:0width$}", width = digits as usize);
    }
    text.push('Z');
}

/// An integer instant whose unit is not declared: seconds, milliseconds, microseconds or
/// nanoseconds since the epoch, told apart by magnitude (any of them for a date after 1973).
pub fn epoch_text(v: i128, text: &mut String) {
    let digits = match v.unsigned_abs() {
        0..100_000_000_000 => 0,
        100_000_000_000..100_000_000_000_000 => 3,
        100_000_000_000_000..100_000_000_000_000_000 => 6,
        _ => 9,
    };
    match i64::try_from(v) {
        Ok(v) => timestamp_text(v, digits, text),
        Err(_) => {
            let _ = write!(text, "{v}");
        }
    }
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
#[path = "time_text_tests.rs"]
mod tests;

//! Tests of `times`.

use super::*;

#[test]
fn times_are_epoch_milliseconds_or_utc() {
    assert_eq!(epoch_ms("1763892000000"), Ok(1_763_892_000_000));
    assert_eq!(epoch_ms("1970-01-01T00:00:00Z"), Ok(0));
    assert_eq!(epoch_ms("2026-11-23T10:00:00Z"), Ok(1_795_428_000_000));
    assert_eq!(epoch_ms("2026-11-23T10:00:00.5Z"), Ok(1_795_428_000_500));
    assert_eq!(epoch_ms("2000-02-29T00:00:00.123456Z"), Ok(951_782_400_123));
    // a day is its first millisecond
    assert_eq!(epoch_ms("2026-11-23"), Ok(1_795_392_000_000));
    assert_eq!(epoch_ms("2026/11/23"), Ok(1_795_392_000_000));
    for bad in [
        "",
        "yesterday",
        "2026-11",
        "2026-11-32",
        "2026-11-23T10:00:00",
        "2026-13-01T00:00:00Z",
    ] {
        assert!(epoch_ms(bad).is_err(), "{bad}");
    }
}

use super::*;

#[test]
fn a_window_selects_keys_by_their_day_in_every_layout() {
    let day = |d: &str| crate::config::times::epoch_ms(d).ok();
    let window = (day("2026-09-10"), day("2026-09-11"));
    for key in [
        "AWSLogs/111122223333/elasticloadbalancing/us-east-1/2026/09/10/a.log.gz",
        "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=us-east-1/year=2026/month=09/day=11/a.parquet",
        "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/myFolder/year=2026/month=09/day=10/a",
        "MyLogPrefix/us-east-1/2026/09/11/a.log.gz",
    ] {
        assert!(in_window(key, window), "{key}");
    }
    for key in [
        "AWSLogs/111122223333/elasticloadbalancing/us-east-1/2026/09/09/a.log.gz",
        "MyLogPrefix/us-east-1/2026/09/12/a.log.gz",
        "no-day/a.log",
    ] {
        assert!(!in_window(key, window), "{key}");
    }
    assert!(in_window("no-day/a.log", (None, None)));
    // a time inside a day keeps that day's objects
    let noon = (day("2026-09-10T12:00:00Z"), None);
    assert!(in_window("MyLogPrefix/us-east-1/2026/09/10/a", noon));
}

//! The command line reading `cloudwatch://` log groups (the backfill for the time before a
//! subscription existed), against moto's CloudWatch Logs: FilterLogEvents page by page, the
//! time window, the identity a subscription would give, and a group that does not exist.

mod common;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use common::aws::{Moto, now_ms};
use common::{run_bin, summary};

fn client(moto: &Moto) -> aws_sdk_cloudwatchlogs::Client {
    use aws_sdk_cloudwatchlogs::config::{BehaviorVersion, Credentials, Region};
    let conf = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "static"))
        .endpoint_url(&moto.endpoint)
        .build();
    aws_sdk_cloudwatchlogs::Client::from_conf(conf)
}

/// `n` events of `line` into `stream`, `at` epoch milliseconds, at most 10,000 a call.
async fn put(c: &aws_sdk_cloudwatchlogs::Client, stream: &str, line: &str, n: usize, at: i64) {
    let _ = c
        .create_log_stream()
        .log_group_name("/elb/my-alb")
        .log_stream_name(stream)
        .send()
        .await;
    let events: Vec<InputLogEvent> = (0..n)
        .map(|i| {
            InputLogEvent::builder()
                .timestamp(at + i as i64 / 1000)
                .message(line)
                .build()
                .unwrap()
        })
        .collect();
    for chunk in events.chunks(10_000) {
        c.put_log_events()
            .log_group_name("/elb/my-alb")
            .log_stream_name(stream)
            .set_log_events(Some(chunk.to_vec()))
            .send()
            .await
            .unwrap();
    }
}

const LINE: &str = r#"http 2026-11-23T10:00:00.1Z app/my-alb/50dc6c495c0c9188 192.0.2.1:4000 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://x/ HTTP/1.1" "curl/8" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2026-11-23T10:00:00.0Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;
const VENDED: &str = r#"{"type":"https","time":"2026-11-23T10:00:01.0Z","elb":"app/my-alb/50dc6c495c0c9188","client_port":"192.0.2.2:4001","elb_status_code":503,"request_line":"GET https://y/ HTTP/1.1"}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_log_group_is_read_page_by_page_within_its_window() {
    let moto = Moto::start();
    let c = client(&moto);
    c.create_log_group()
        .log_group_name("/elb/my-alb")
        .send()
        .await
        .unwrap();
    let t0 = now_ms() as i64 - 3_600_000;
    // more than one FilterLogEvents page (10,000 events at most)
    put(&c, "vended-a", LINE, 10_050, t0).await;
    put(&c, "vended-b", VENDED, 3, t0 + 1_800_000).await;

    let (code, out, err) = run_bin(vec!["cloudwatch:///elb/my-alb".into()], moto.env()).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 10_053);
    let s = summary(&err);
    assert_eq!(
        (s["lines_sent"].as_u64(), s["vended_records"].as_u64()),
        (Some(10_053), Some(3))
    );
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: std::collections::HashSet<&str> = docs
        .iter()
        .map(|d| d["event"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 10_053, "every event its own id");
    let vended = docs
        .iter()
        .find(|d| d["aws"]["cloudwatch"]["log_stream"] == "vended-b")
        .unwrap();
    assert_eq!(vended["aws"]["cloudwatch"]["log_group"], "/elb/my-alb");
    assert_eq!(vended["cloud"]["account"]["id"], "123456789012");
    assert_eq!(vended["http"]["response"]["status_code"], 503);

    // the same events read again: the same ids (a backfill overlapping itself overwrites)
    let (_, again, _) = run_bin(
        vec!["cloudwatch:///elb/my-alb//vended-b".into()],
        moto.env(),
    )
    .await;
    let again: Vec<serde_json::Value> = again
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(again.len(), 3, "the stream prefix selects one stream");
    assert!(
        again
            .iter()
            .all(|d| ids.contains(d["event"]["id"].as_str().unwrap()))
    );

    // the window: only the events from half an hour after t0 on
    let start = (t0 + 1_000_000).to_string();
    let (code, out, err) = run_bin(
        vec!["cloudwatch:///elb/my-alb".into(), "--start".into(), start],
        moto.env(),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3);

    let (code, _, err) = run_bin(vec!["cloudwatch://missing".into()], moto.env()).await;
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("cloudwatch://missing: no such log group"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_window_is_refused_naming_the_flag() {
    let (code, _, err) = run_bin(
        vec!["cloudwatch://g".into(), "--end".into(), "yesterday".into()],
        vec![],
    )
    .await;
    assert_eq!(code, 2);
    assert!(err.contains("--end") && err.contains("yesterday"), "{err}");
}

//! The real binary as the Lambda function, under a Runtime API emulator, with moto as S3 and
//! a loopback receiver as Logstash.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::aws::{Moto, RuntimeApi, run_function, s3_event};
use common::{ALB, Behaviour, Receiver, free_addr};
use serde_json::json;

const BUCKET: &str = "elb-logs";
const ALB_KEY: &str = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz";
const CLASSIC: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_my-classic-lb_20261123T1000Z_52.1.2.3_5ce5zx2e.log";
const MINUTE: u64 = 60_000;

fn env(moto: &Moto, logstash: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut e = moto.env();
    e.push(("LOGSTASH_ADDR".into(), logstash.into()));
    e.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    e
}

fn summary_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["message"] == "invocation summary")
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_event_for_a_gzip_alb_object_delivers_every_line() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let api = RuntimeApi::start(vec![(s3_event(BUCKET, &[ALB_KEY]), MINUTE)]).await;
    let (answers, stdout, stderr) = run_function(&api, 1, env(&moto, &rx.addr, &[])).await;
    assert_eq!(answers.len(), 1, "{stdout}{stderr}");
    let a = &answers[0];
    assert_eq!(a.kind, "response", "{:?}", a.body);
    assert_eq!(a.body["lines_sent"], 200);
    assert_eq!(
        a.body["objects"][0]["object"],
        format!("s3://{BUCKET}/{ALB_KEY}")
    );
    let ids = rx.got.unique_ids();
    assert_eq!(ids.len(), 200);
    let doc: serde_json::Value = serde_json::from_str(&rx.got.lines.lock().unwrap()[0]).unwrap();
    assert_eq!(doc["aws"]["s3"]["bucket"]["name"], BUCKET);
    assert_eq!(doc["cloud"]["region"], "us-east-1");
    assert_eq!(doc["cloud"]["account"]["id"], "123456789012");
    // exactly one summary line, with EMF metadata, and no line per input line
    let summaries = summary_lines(&stdout);
    assert_eq!(summaries.len(), 1);
    let s = &summaries[0];
    assert_eq!(s["LinesSent"], 200);
    assert_eq!(
        s["_aws"]["CloudWatchMetrics"][0]["Metrics"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    assert_eq!(s["LinesFiltered"], 0);
    assert_eq!(s["LinesSampledOut"], 0);
    assert!(
        stdout.lines().count() < 5,
        "one summary, one set-up line: {stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_invocations_share_set_up_but_not_counters() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    moto.put(BUCKET, "classic.log", std::fs::read(CLASSIC).unwrap())
        .await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let api = RuntimeApi::start(vec![
        (s3_event(BUCKET, &[ALB_KEY]), MINUTE),
        (s3_event(BUCKET, &["classic.log"]), MINUTE),
    ])
    .await;
    let (answers, stdout, _) = run_function(&api, 2, env(&moto, &rx.addr, &[])).await;
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0].body["lines_sent"], 200);
    assert_eq!(
        answers[1].body["lines_sent"], 60,
        "counters start again at zero"
    );
    assert_eq!(
        stdout.matches("cold start").count(),
        1,
        "set-up happens once: {stdout}"
    );
    let s = summary_lines(&stdout);
    assert_eq!(
        (s[0]["cold_start"].as_bool(), s[1]["cold_start"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(rx.got.ids().len(), 260);
}

#[tokio::test(flavor = "multi_thread")]
async fn several_records_with_encoded_keys() {
    let moto = Moto::start();
    moto.put(
        BUCKET,
        "classic logs/my file+v2.log",
        std::fs::read(CLASSIC).unwrap(),
    )
    .await;
    moto.put(BUCKET, "alb/x y.log.gz", std::fs::read(ALB).unwrap())
        .await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let event = s3_event(BUCKET, &["classic+logs/my+file%2Bv2.log", "alb/x+y.log.gz"]);
    let api = RuntimeApi::start(vec![(event, MINUTE)]).await;
    let (answers, _, _) = run_function(&api, 1, env(&moto, &rx.addr, &[])).await;
    assert_eq!(answers[0].kind, "response", "{:?}", answers[0].body);
    assert_eq!(answers[0].body["lines_sent"], 260);
    assert_eq!(answers[0].body["formats"]["classic"], 60);
    assert_eq!(rx.got.unique_ids().len(), 260);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_object_is_an_error_naming_it_and_the_others_are_delivered() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let api = RuntimeApi::start(vec![(
        s3_event(BUCKET, &["no/such.log.gz", ALB_KEY]),
        MINUTE,
    )])
    .await;
    let (answers, stdout, _) = run_function(&api, 1, env(&moto, &rx.addr, &[])).await;
    let a = &answers[0];
    assert_eq!(a.kind, "error");
    let msg = a.body["errorMessage"].as_str().unwrap();
    assert!(
        msg.contains("s3://elb-logs/no/such.log.gz") && msg.contains("NoSuchKey"),
        "{msg}"
    );
    assert_eq!(rx.got.unique_ids().len(), 200);
    assert_eq!(summary_lines(&stdout)[0]["objects_failed"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn sqs_batch_reports_exactly_the_failed_message() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let msg = |id: &str, key: &str| {
        json!({"messageId": id, "receiptHandle": "h", "body": s3_event(BUCKET, &[key]).to_string(), "attributes": {},
               "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
               "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1"})
    };
    let event = json!({"Records": [msg("m-good", ALB_KEY), msg("m-bad", "missing.log.gz"), msg("m-good-2", ALB_KEY)]});
    let api = RuntimeApi::start(vec![(event, MINUTE)]).await;
    let (answers, _, _) = run_function(&api, 1, env(&moto, &rx.addr, &[])).await;
    assert_eq!(answers[0].kind, "response");
    assert_eq!(
        answers[0].body,
        json!({"batchItemFailures": [{"itemIdentifier": "m-bad"}]})
    );
    assert_eq!(
        rx.got.unique_ids().len(),
        200,
        "the same object twice: same ids"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn receiver_down_is_an_error_with_the_failures_in_the_summary() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let api = RuntimeApi::start(vec![(s3_event(BUCKET, &[ALB_KEY]), MINUTE)]).await;
    let down = free_addr();
    let (answers, stdout, _) = run_function(
        &api,
        1,
        env(&moto, &down, &[("CONNECT_TIMEOUT_MS", "1000")]),
    )
    .await;
    assert_eq!(answers[0].kind, "error");
    assert!(
        answers[0].body["errorMessage"]
            .as_str()
            .unwrap()
            .contains(&down)
    );
    let s = &summary_lines(&stdout)[0];
    assert_eq!(s["lines_failed"], 200);
    assert_eq!(s["LinesFailed"], 200);
    assert!(
        s["send_errors"][0]["error"]
            .as_str()
            .unwrap()
            .contains("Connection refused"),
        "{s}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn near_deadline_stops_with_an_error_naming_the_offset() {
    let moto = Moto::start();
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(ALB).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw.repeat(100)).unwrap();
    moto.put(BUCKET, "big.log.gz", gz.finish().unwrap()).await;
    let rx = Receiver::start(Behaviour::Slow {
        bytes_per_tick: 16 * 1024,
    })
    .await;
    let api = RuntimeApi::start(vec![(s3_event(BUCKET, &["big.log.gz"]), 5_000)]).await;
    let extra = [
        ("DEADLINE_MARGIN_MS", "2500"),
        ("BATCH_BYTES", "65536"),
        ("WINDOW_BYTES", "262144"),
    ];
    let (answers, stdout, _) = run_function(&api, 1, env(&moto, &rx.addr, &extra)).await;
    let a = &answers[0];
    assert_eq!(a.kind, "error", "{:?}", a.body);
    let msg = a.body["errorMessage"].as_str().unwrap();
    assert!(
        msg.contains("s3://elb-logs/big.log.gz")
            && msg.contains("deadline")
            && msg.contains("decompressed byte"),
        "{msg}"
    );
    assert!(
        a.answered_ms < a.deadline_ms,
        "answered {} ms before the deadline",
        a.deadline_ms as i64 - a.answered_ms as i64
    );
    let s = &summary_lines(&stdout)[0];
    let sent = s["lines_sent"].as_u64().unwrap();
    assert!(sent > 0 && sent < 20_000, "{sent}");
    assert_eq!(s["lines_failed"], 0, "what was read was confirmed");
    assert_eq!(rx.got.unique_ids().len() as u64, sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_setting_fails_the_cold_start_naming_the_variable() {
    let moto = Moto::start();
    let api = RuntimeApi::start(vec![]).await;
    let child = std::process::Command::new(common::BIN)
        .env("AWS_LAMBDA_RUNTIME_API", &api.addr)
        .env("AWS_LAMBDA_FUNCTION_NAME", "f")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .envs(env(&moto, "127.0.0.1:1", &[("POOL_SIZE", "lots")]))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = tokio::time::timeout(
        Duration::from_secs(20),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .unwrap()
    .unwrap()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("cold start failed") && stdout.contains("POOL_SIZE"),
        "{stdout}"
    );
    assert!(
        api.answers.lock().unwrap().is_empty(),
        "no invocation was taken"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_function_reads_filter_rules_from_its_variables() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let api = RuntimeApi::start(vec![(s3_event(BUCKET, &[ALB_KEY]), MINUTE)]).await;
    let rules = [
        ("EXCLUDE", "user_agent.original=ELB-HealthChecker/*"),
        ("SAMPLE", "http.response.status_code=200-299:0.5"),
    ];
    let (answers, stdout, stderr) = run_function(&api, 1, env(&moto, &rx.addr, &rules)).await;
    assert_eq!(answers.len(), 1, "{stdout}{stderr}");
    let s = &summary_lines(&stdout)[0];
    // the testdata object has 30 health-checker requests among its 200 lines
    assert_eq!(s["LinesFiltered"], 30, "{s}");
    let (sent, sampled) = (
        s["LinesSent"].as_u64().unwrap(),
        s["LinesSampledOut"].as_u64().unwrap(),
    );
    assert!(sampled > 0);
    assert_eq!(sent + sampled + 30, 200);
    assert_eq!(rx.got.unique_ids().len() as u64, sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_operations_job_delivers_its_objects_and_names_the_missing_one() {
    let moto = Moto::start();
    moto.put(BUCKET, ALB_KEY, std::fs::read(ALB).unwrap()).await;
    let classic_key = "backfill/2026/11/23/my classic+lb.log";
    moto.put(BUCKET, classic_key, std::fs::read(CLASSIC).unwrap())
        .await;
    let rx = Receiver::start(Behaviour::Normal).await;
    let task = |id: &str, key: &str| serde_json::json!({ "taskId": id, "s3Key": key, "s3VersionId": null, "s3BucketArn": format!("arn:aws:s3:::{BUCKET}") });
    let event = serde_json::json!({
        "invocationSchemaVersion": "1.0", "invocationId": "inv-e2e", "job": { "id": "job-e2e" },
        "tasks": [
            task("t-alb", ALB_KEY),
            task("t-classic", "backfill/2026/11/23/my+classic%2Blb.log"),
            task("t-missing", "backfill/none.log"),
        ]
    });
    let api = RuntimeApi::start(vec![(event, MINUTE)]).await;
    let (answers, stdout, stderr) = run_function(&api, 1, env(&moto, &rx.addr, &[])).await;
    assert_eq!(answers.len(), 1, "{stdout}{stderr}");
    let a = &answers[0];
    assert_eq!(
        a.kind, "response",
        "a task failure is no Lambda error: {:?}",
        a.body
    );
    assert_eq!(a.body["invocationId"], "inv-e2e");
    assert_eq!(a.body["treatMissingKeysAs"], "PermanentFailure");
    let codes: Vec<(&str, &str)> = a.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["taskId"].as_str().unwrap(),
                r["resultCode"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("t-alb", "Succeeded"),
            ("t-classic", "Succeeded"),
            ("t-missing", "PermanentFailure")
        ]
    );
    assert!(
        a.body["results"][2]["resultString"]
            .as_str()
            .unwrap()
            .contains("backfill/none.log")
    );
    let classic_lines = std::fs::read_to_string(CLASSIC).unwrap().lines().count();
    assert_eq!(rx.got.unique_ids().len(), 200 + classic_lines);
    assert_eq!(
        summary_lines(&stdout).len(),
        1,
        "one summary line, as for any invocation"
    );
}

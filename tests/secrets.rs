//! TLS material from Secrets Manager and SSM Parameter Store (moto), for mutual TLS to a
//! loopback receiver that demands a client certificate from the test CA: the CLI and the
//! Lambda read the same ARNs, and no secret value reaches any output.

mod common;

use std::time::Duration;

use common::aws::{Moto, RuntimeApi, run_function, s3_event};
use common::{ALB, Behaviour, Receiver, TestPki, expected_ids, run_bin, summary, test_pki};

const BUCKET: &str = "elb-logs";
const KEY: &str = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/alb.log.gz";
const PARAM: &str = "/elb-logstash/client-key";
const PARAM_ARN: &str = "arn:aws:ssm:us-east-1:123456789012:parameter/elb-logstash/client-key";

/// The CA and client chain as Secrets Manager secrets, the key as an SSM SecureString.
struct Stored {
    ca_arn: String,
    cert_arn: String,
    key_arn: String,
}

async fn sdk(moto: &Moto) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&moto.endpoint)
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "test", "test", None, None, "static",
        ))
        .load()
        .await
}

async fn put_secret(moto: &Moto, name: &str, value: &str) -> String {
    let sm = aws_sdk_secretsmanager::Client::new(&sdk(moto).await);
    let out = sm
        .create_secret()
        .name(name)
        .secret_string(value)
        .send()
        .await
        .unwrap();
    out.arn.unwrap()
}

async fn store(moto: &Moto, pki: &TestPki) -> Stored {
    let ca = std::fs::read_to_string(&pki.ca_pem).unwrap();
    let ssm = aws_sdk_ssm::Client::new(&sdk(moto).await);
    ssm.put_parameter()
        .name(PARAM)
        .value(&pki.client_key_pem)
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    Stored {
        ca_arn: put_secret(moto, "elb-logstash/ca", &ca).await,
        cert_arn: put_secret(moto, "elb-logstash/client-cert", &pki.client_cert_pem).await,
        key_arn: PARAM_ARN.to_string(),
    }
}

/// A line of the key's base64 body: it must appear in no output.
fn key_body(pki: &TestPki) -> String {
    pki.client_key_pem.lines().nth(1).unwrap().to_string()
}

fn localhost(rx: &Receiver) -> String {
    format!("localhost:{}", rx.addr.rsplit_once(':').unwrap().1)
}

fn cli_args(addr: &str, s: &Stored) -> Vec<String> {
    [
        "--logstash",
        addr,
        "--tls-ca",
        &s.ca_arn,
        "--tls-cert",
        &s.cert_arn,
        "--tls-key",
        &s.key_arn,
        ALB,
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_mutual_tls_with_material_from_secrets_manager_and_ssm() {
    let moto = Moto::start();
    let pki = test_pki();
    let stored = store(&moto, &pki).await;
    let rx = Receiver::start_with(Behaviour::Normal, Some(pki.mtls_acceptor.clone())).await;
    let addr = localhost(&rx);

    let (code, stdout, stderr) = run_bin(cli_args(&addr, &stored), moto.env()).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(summary(&stderr)["lines_sent"], 200);
    assert_eq!(rx.got.unique_ids(), expected_ids(ALB).await);
    assert!(!stdout.contains(&key_body(&pki)) && !stderr.contains(&key_body(&pki)));

    // the control: the receiver does refuse a client without the certificate
    let ca_only = vec![
        "--logstash".into(),
        addr.clone(),
        "--tls-ca".into(),
        stored.ca_arn.clone(),
        "--connect-timeout-ms".into(),
        "1500".into(),
        "--retries".into(),
        "0".into(),
        ALB.into(),
    ];
    let (code, _, stderr) = run_bin(ca_only, moto.env()).await;
    assert_eq!(
        code, 1,
        "a receiver demanding a client certificate let us in: {stderr}"
    );
    assert_eq!(rx.got.ids().len(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_reads_the_tls_secrets_once_at_cold_start() {
    let moto = Moto::start();
    let pki = test_pki();
    let stored = store(&moto, &pki).await;
    moto.put(BUCKET, KEY, std::fs::read(ALB).unwrap()).await;
    let rx = Receiver::start_with(Behaviour::Normal, Some(pki.mtls_acceptor.clone())).await;
    let mut env = moto.env();
    for (k, v) in [
        ("LOGSTASH_ADDR", localhost(&rx)),
        ("LOGSTASH_TLS", "true".into()),
        ("LOGSTASH_TLS_CA", stored.ca_arn.clone()),
        ("LOGSTASH_TLS_CERT", stored.cert_arn.clone()),
        ("LOGSTASH_TLS_KEY", stored.key_arn.clone()),
    ] {
        env.push((k.to_string(), v));
    }
    let minute = 60_000;
    let events = vec![
        (s3_event(BUCKET, &[KEY]), minute),
        (s3_event(BUCKET, &[KEY]), minute),
    ];
    let api = RuntimeApi::start(events).await;
    let (answers, stdout, stderr) = run_function(&api, 2, env).await;
    assert_eq!(answers.len(), 2, "{stdout}{stderr}");
    for a in &answers {
        assert_eq!(a.kind, "response", "{:?}", a.body);
        assert_eq!(a.body["lines_sent"], 200);
    }
    // the same object twice: the same 200 ids, twice
    assert_eq!((rx.got.unique_ids().len(), rx.got.ids().len()), (200, 400));
    assert!(!stdout.contains(&key_body(&pki)) && !stderr.contains(&key_body(&pki)));
}

/// Runs the CLI with one setting replaced, expecting a start-up failure (exit 2).
async fn start_error(moto: &Moto, stored: &Stored, setting: &str, value: &str) -> String {
    let mut args = cli_args("localhost:1", stored);
    let at = args.iter().position(|a| a == setting).unwrap() + 1;
    args[at] = value.to_string();
    let (code, _, stderr) =
        tokio::time::timeout(Duration::from_secs(60), run_bin(args, moto.env()))
            .await
            .expect("start-up hung");
    assert_eq!(code, 2, "{stderr}");
    stderr
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_secret_fails_at_start_naming_the_variable_and_the_arn() {
    let moto = Moto::start();
    let pki = test_pki();
    let stored = store(&moto, &pki).await;

    let missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-AbCdEf";
    let e = start_error(&moto, &stored, "--tls-cert", missing).await;
    assert!(
        e.contains("LOGSTASH_TLS_CERT") && e.contains(missing) && e.contains("not found"),
        "{e}"
    );

    let missing = "arn:aws:ssm:us-east-1:123456789012:parameter/no/such";
    let e = start_error(&moto, &stored, "--tls-key", missing).await;
    assert!(
        e.contains("LOGSTASH_TLS_KEY") && e.contains(missing) && e.contains("not found"),
        "{e}"
    );

    // a secret holding JSON key/value pairs, as the console creates them
    let json = format!(r#"{{"key":"{}"}}"#, key_body(&pki));
    let arn = put_secret(&moto, "elb-logstash/json", &json).await;
    let e = start_error(&moto, &stored, "--tls-key", &arn).await;
    assert!(
        e.contains("LOGSTASH_TLS_KEY") && e.contains(&arn) && e.contains("JSON"),
        "{e}"
    );
    assert!(!e.contains(&key_body(&pki)), "{e}");

    // PEM, but a certificate where the key belongs
    let e = start_error(&moto, &stored, "--tls-key", &stored.cert_arn).await;
    assert!(
        e.contains("LOGSTASH_TLS_KEY") && e.contains("no private key"),
        "{e}"
    );

    // the key where the CA belongs: no certificate, and nothing of the key quoted
    let e = start_error(&moto, &stored, "--tls-ca", &stored.key_arn).await;
    assert!(
        e.contains("LOGSTASH_TLS_CA") && e.contains(PARAM_ARN),
        "{e}"
    );
    assert!(!e.contains(&key_body(&pki)), "{e}");
}

//! Tests of `config`.

use super::*;
use crate::ship::{PemSource, PemText, SecretStore};

fn args(v: &[&str]) -> Result<Config, String> {
    let a = Args::try_parse_from(std::iter::once("elb-logstash").chain(v.iter().copied()))
        .map_err(|e| e.to_string())?;
    a.validate().map_err(|e| e.to_string())
}

#[test]
fn defaults_read_stdin_and_print() {
    let c = args(&[]).unwrap();
    assert_eq!(c.inputs, vec!["-"]);
    assert!(c.ship.is_none());
    assert_eq!(c.batch_bytes, 256 * 1024);
}

#[test]
fn bad_values_name_the_setting() {
    assert!(
        args(&["--logstash", "nohost"])
            .unwrap_err()
            .contains("LOGSTASH_ADDR")
    );
    assert!(
        args(&["--pool-size", "0"])
            .unwrap_err()
            .contains("POOL_SIZE")
    );
    assert!(
        args(&["--fields", "[1]"])
            .unwrap_err()
            .contains("JSON object")
    );
    let e = args(&[
        "--logstash",
        "h:1",
        "--window-bytes",
        "2048",
        "--batch-bytes",
        "4096",
    ])
    .unwrap_err();
    assert!(e.contains("WINDOW_BYTES"), "{e}");
}

#[test]
fn empty_values_from_cloudformation_mean_unset() {
    let c = args(&[
        "--logstash",
        "h:1",
        "--fields",
        "",
        "--tls-ca",
        "",
        "--tag",
        "",
    ])
    .unwrap();
    assert!(c.encode.extra_fields.is_empty());
    assert!(c.encode.tags.is_empty());
    assert!(c.ship.unwrap().tls.is_none());
}

#[test]
fn ca_may_be_pem_text() {
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    let c = args(&["--logstash", "h:1", "--tls-ca", pem]).unwrap();
    assert_eq!(
        c.ship.unwrap().tls.unwrap().ca,
        Some(PemSource::Text(PemText {
            origin: "LOGSTASH_TLS_CA (--tls-ca)".into(),
            text: pem.to_string()
        }))
    );
    assert!(
        args(&["--logstash", "h:1", "--tls-ca", "/no/such/ca.pem"])
            .unwrap_err()
            .contains("LOGSTASH_TLS_CA")
    );
}

#[test]
fn shipping_settings() {
    let c = args(&[
        "--logstash",
        "127.0.0.1:5044",
        "--tag",
        "a",
        "--tag",
        "b",
        "--fields",
        r#"{"labels":{"env":"prod"}}"#,
    ])
    .unwrap();
    let s = c.ship.unwrap();
    assert_eq!(
        (s.pool_size, s.retries, s.window_bytes),
        (4, 3, 4 * 1024 * 1024)
    );
    assert_eq!(s.connect_timeout, Duration::from_secs(5));
    assert!(s.tls.is_none());
    assert_eq!(c.encode.tags, vec!["a", "b"]);
    assert_eq!(c.encode.extra_fields["labels"]["env"], "prod");
}

const SM_ARN: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:logstash/ca-AbCdEf";
const SSM_ARN: &str = "arn:aws:ssm:us-east-2:123456789012:parameter/elb/logstash-key";

#[test]
fn tls_material_may_be_a_secret_or_parameter_arn() {
    let c = args(&[
        "--logstash",
        "h:1",
        "--tls-ca",
        SM_ARN,
        "--tls-cert",
        SM_ARN,
        "--tls-key",
        SSM_ARN,
    ])
    .unwrap();
    let tls = c.ship.unwrap().tls.unwrap();
    let Some(PemSource::Stored(ca)) = tls.ca else {
        panic!("CA not a stored secret")
    };
    assert_eq!(
        (ca.store, ca.region.as_str(), ca.arn.as_str(), ca.setting),
        (
            SecretStore::SecretsManager,
            "eu-west-1",
            SM_ARN,
            "LOGSTASH_TLS_CA (--tls-ca)"
        )
    );
    let Some((PemSource::Stored(_), PemSource::Stored(key))) = tls.client_cert else {
        panic!("client material not stored secrets")
    };
    assert_eq!(
        (key.store, key.region.as_str()),
        (SecretStore::Ssm, "us-east-2")
    );
    assert!(key.origin().contains(SSM_ARN) && key.origin().contains("LOGSTASH_TLS_KEY"));
}

#[test]
fn a_malformed_arn_is_refused_naming_the_setting() {
    for bad in [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
        "arn:aws:secretsmanager:eu-west-1:1234:secret:x",
        "arn:aws:ssm:eu-west-1:123456789012:document/x",
        "arn:aws:s3:::bucket/key",
        "arn:aws:kms:eu-west-1:123456789012:key/abc",
    ] {
        let e = args(&["--logstash", "h:1", "--tls-cert", SM_ARN, "--tls-key", bad]).unwrap_err();
        assert!(
            e.contains("LOGSTASH_TLS_KEY") && e.contains(bad),
            "{bad}: {e}"
        );
    }
}

#[test]
fn a_key_given_as_text_is_refused_without_echoing_it() {
    let key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----";
    let e = args(&["--logstash", "h:1", "--tls-cert", SM_ARN, "--tls-key", key]).unwrap_err();
    assert!(
        e.contains("LOGSTASH_TLS_KEY") && !e.contains("c2VjcmV0"),
        "{e}"
    );
}

#[test]
fn fetched_text_does_not_show_in_debug_output() {
    let text = PemText {
        origin: "LOGSTASH_TLS_KEY (--tls-key)".into(),
        text: "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----".into(),
    };
    let shown = format!("{:?}", PemSource::Text(text));
    assert!(
        shown.contains("LOGSTASH_TLS_KEY") && !shown.contains("c2VjcmV0"),
        "{shown}"
    );
}

#[test]
fn a_bad_logstash_address_says_what_is_wrong_with_it() {
    for (addr, why) in [
        ("127.0.0.1:99999", "out of range"),
        ("127.0.0.1:0", "port 0"),
        ("127.0.0.1:http", "not a number"),
        ("nohost", "no `:PORT`"),
        (":5044", "no host"),
        ("a:5044,b:70000", "`b:70000`: the port is out of range"),
    ] {
        let e = args(&["--logstash", addr]).unwrap_err();
        assert!(
            e.contains("LOGSTASH_ADDR") && e.contains(why),
            "{addr}: {e}"
        );
    }
    assert!(args(&["--logstash", "a:5044, b:65535"]).is_ok());
}

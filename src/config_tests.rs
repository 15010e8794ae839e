//! Tests of `config`.

use super::*;

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
        Some(CaSource::Pem(pem.to_string()))
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

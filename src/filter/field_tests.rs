//! Tests of `field`: the per-format lookup against the pair-by-pair match it replaced, on every
//! line of every bundled testdata object.

use super::*;
use crate::parse::parse_line;
use std::io::Read;

/// The lookup as first written, a match on (field, format) pairs, kept as the reference.
fn reference_value<'a>(field: Field, line: &LogLine<'a>) -> Option<&'a [u8]> {
    use Field as F;
    use LogLine as L;
    let ip = |hp: Option<HostPort<'a>>| hp.map(|h| h.ip);
    let port = |hp: Option<HostPort<'a>>| hp.map(|h| h.port);
    match (field, line) {
        (F::Type, L::Alb(a)) => Some(a.kind),
        (F::Type, L::Nlb(n)) => Some(n.kind),
        (F::Type, L::HealthCheck(h)) => Some(h.kind),
        (F::Name, L::Classic(c)) => present(c.core.elb),
        (F::Name, L::Alb(a)) => present(a.core.elb),
        (F::Name, L::Nlb(n)) => present(n.elb),
        (F::Name, L::ConnLog(c)) => c.elb,
        (F::Name, L::HealthCheck(h)) => h.elb,
        (F::Action, L::HealthCheck(_)) => Some(b"health_check"),
        (F::SourceIp | F::SourceAddress, L::Nlb(n)) => ip(n.client),
        (F::SourcePort, L::Nlb(n)) => port(n.client),
        (F::DestinationIp, L::Nlb(n)) => ip(n.destination),
        (F::DestinationPort, L::Nlb(n)) => port(n.destination),
        (F::DestinationDomain, L::Nlb(n)) => n.domain_name,
        (F::Listener, L::Nlb(n)) => present(n.listener),
        (F::SslCipher, L::Nlb(n)) => n.tls_cipher,
        (F::SslProtocol, L::Nlb(n)) => n.tls_protocol_version,
        (F::ClientIp, L::ConnLog(c)) => c.client_ip,
        (F::ClientPort, L::ConnLog(c)) => c.client_port,
        (F::DestinationPort | F::Listener, L::ConnLog(c)) => c.listener_port,
        (F::SslCipher, L::ConnLog(c)) => c.tls_cipher,
        (F::SslProtocol, L::ConnLog(c)) => c.tls_protocol,
        (F::TlsVerifyStatus, L::ConnLog(c)) => c.tls_verify_status.map(|s| match s {
            VerifyStatus::Success => &b"Success"[..],
            VerifyStatus::Failed { .. } => b"Failed",
        }),
        (F::BackendIp, L::HealthCheck(h)) => match h.target? {
            Target::Address(a) => Some(a.ip),
            Target::Lambda { .. } => None,
        },
        (F::BackendPort, L::HealthCheck(h)) => match h.target? {
            Target::Address(a) => Some(a.port),
            Target::Lambda { .. } => None,
        },
        (F::BackendArn, L::HealthCheck(h)) => match h.target? {
            Target::Lambda { arn } => Some(arn),
            Target::Address(_) => None,
        },
        (F::BackendStatusCode, L::HealthCheck(h)) => h.status_code,
        (F::TargetGroupId, L::HealthCheck(h)) => h.target_group_id,
        (F::HealthCheckStatus, L::HealthCheck(h)) => Some(if h.passed { b"PASS" } else { b"FAIL" }),
        (F::HealthCheckReason, L::HealthCheck(h)) => h.reason_code,
        (F::HealthCheckLatency, L::HealthCheck(h)) => Some(h.latency),
        (F::DestinationDomain, L::Alb(a)) => a.tail.domain_name,
        (F::TargetGroupArn, L::Alb(a)) => a.target_group_arn,
        (F::ErrorReason, L::Alb(a)) => a.tail.error_reason,
        (F::Classification, L::Alb(a)) => a.tail.classification,
        (F::MatchedRulePriority, L::Alb(a)) => a.tail.matched_rule_priority,
        (f, L::Classic(c)) => http(f, &c.core),
        (f, L::Alb(a)) => http(f, &a.core),
        _ => None,
    }
}

fn testdata_lines() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let raw = std::fs::read(&path).unwrap();
        let mut text = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut text)
                .unwrap();
        } else {
            text = raw;
        }
        lines.extend(text.split(|&c| c == b'\n').map(<[u8]>::to_vec));
    }
    lines
}

#[test]
fn every_field_reads_what_the_pairwise_match_read_on_every_format() {
    let lines = testdata_lines();
    let mut formats = std::collections::HashSet::new();
    let mut present = 0;
    for line in &lines {
        let Ok(parsed) = parse_line(line) else {
            continue;
        };
        formats.insert(parsed.format() as u8);
        for &field in Field::ALL {
            let value = field.value(&parsed);
            present += usize::from(value.is_some());
            assert_eq!(
                value,
                reference_value(field, &parsed),
                "{} on {}",
                field.name(),
                String::from_utf8_lossy(line)
            );
        }
    }
    // every format was seen, and the comparison was not all `None`
    assert_eq!(formats.len(), 5, "formats seen: {formats:?}");
    assert!(present > lines.len() * 5, "{present} values present");
}

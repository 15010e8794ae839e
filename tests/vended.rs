//! Vended records (CloudWatch deliveries of ALB and NLB logs, as JSON objects or tab-separated
//! lines) give the document their legacy line gives: every testdata and golden line of every
//! vended kind, converted to each record shape AWS may send (tab-separated in the default order;
//! JSON with string values, with number values, with AWS's upper-case names; a shuffled subset
//! with `VENDED_FIELDS`), encodes to the same bytes. The field names are AWS's delivery lists
//! (docs/SCHEMA.md, "Vended records"); how AWS spells keys and types values on the wire is not
//! verified, which is why every spelling is tried.

mod common;

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::{Format, parse_line};
use elb_logstash::source::ObjectId;
use elb_logstash::vended::{FieldList, read};
use serde_json::Value;

const ALB_ACCESS: &[&str] = &[
    "type",
    "time",
    "elb",
    "client_port",
    "target_port",
    "request_processing_time",
    "target_processing_time",
    "response_processing_time",
    "elb_status_code",
    "target_status_code",
    "received_bytes",
    "sent_bytes",
    "request_line",
    "user_agent",
    "ssl_cipher",
    "ssl_protocol",
    "target_group_arn",
    "trace_id",
    "domain_name",
    "chosen_cert_arn",
    "matched_rule_priority",
    "request_creation_time",
    "actions_executed",
    "redirect_url",
    "error_reason",
    "target_port_list",
    "target_status_code_list",
    "classification",
    "classification_reason",
    "conn_trace_id",
    "transformed_host",
    "transformed_uri",
    "request_transform_status",
    "ip_address",
];
const ALB_CONNECTION: &[&str] = &[
    "time",
    "client_ip",
    "client_port",
    "listener_port",
    "tls_protocol",
    "tls_cipher",
    "tls_handshake_latency",
    "leaf_client_cert_subject",
    "leaf_client_cert_validity",
    "leaf_client_cert_serial_number",
    "tls_verify_status",
    "conn_trace_id",
    "tls_keyexchange",
    "elb",
    "ip_address",
];
const ALB_HEALTH_CHECK: &[&str] = &[
    "type",
    "time",
    "latency",
    "target_addr",
    "target_group_id",
    "status",
    "status_code",
    "reason_code",
    "elb",
    "ip_address",
];
const NLB_ACCESS: &[&str] = &[
    "type",
    "version",
    "time",
    "elb",
    "listener",
    "client_port",
    "destination_port",
    "connection_time",
    "tls_handshake_time",
    "received_bytes",
    "sent_bytes",
    "incoming_tls_alert",
    "chosen_cert_arn",
    "chosen_cert_serial",
    "tls_cipher",
    "tls_protocol_version",
    "tls_keyexchange",
    "domain_name",
    "alpn_fe_protocol",
    "alpn_be_protocol",
    "alpn_client_preference_list",
    "tls_connection_creation_time",
];

/// A legacy line's tokens: quoted ones without their quotes (escapes kept), and whether quoted.
fn tokens(line: &str) -> Vec<(String, bool)> {
    let (mut out, b) = (Vec::new(), line.as_bytes());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && !(b[j] == b'"' && b[j - 1] != b'\\') {
                j += 1;
            }
            out.push((line[i + 1..j.min(b.len())].to_string(), true));
            i = j + 1;
        } else {
            let j = line[i..].find(' ').map_or(b.len(), |k| i + k);
            out.push((line[i..j].to_string(), false));
            i = j;
        }
    }
    out
}

/// The record of a legacy line: each token under its vended name, in delivery order; `None`
/// for a line of a kind AWS does not vend or with tokens beyond the list.
fn record(line: &str) -> Option<Vec<(&'static str, String, bool)>> {
    let names = match parse_line(line.as_bytes()).ok()?.format() {
        Format::Alb => ALB_ACCESS,
        Format::ConnLog => ALB_CONNECTION,
        Format::HealthCheck => ALB_HEALTH_CHECK,
        Format::Nlb => NLB_ACCESS,
        Format::Classic => return None,
    };
    let t = tokens(line);
    (t.len() <= names.len()).then(|| names.iter().zip(t).map(|(n, (v, q))| (*n, v, q)).collect())
}

/// A number as JSON writes it (no leading zeros), so the record may carry it as one.
fn json_number(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let int = digits.split('.').next().unwrap_or("");
    !int.is_empty()
        && (int == "0" || !int.starts_with('0'))
        && digits.split('.').count() <= 2
        && digits
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

fn json(fields: &[(&str, String, bool)], numbers: bool, upper: bool) -> String {
    let members: Vec<String> = fields
        .iter()
        .map(|(n, v, quoted)| {
            let key = if upper {
                n.to_uppercase()
            } else {
                n.to_string()
            };
            let value = if numbers && !quoted && json_number(v) {
                v.clone()
            } else {
                serde_json::to_string(v).unwrap()
            };
            format!("{}:{value}", serde_json::to_string(&key).unwrap())
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

fn tsv(fields: &[(&str, String, bool)]) -> String {
    fields
        .iter()
        .map(|(_, v, _)| v.as_str())
        .collect::<Vec<_>>()
        .join("\t")
}

fn document(enc: &Encoder, line: &[u8]) -> Vec<u8> {
    let meta = ObjectMeta::new(&ObjectId::s3("b", "k", "e", None));
    let mut out = Vec::new();
    enc.encode(&meta, 7, line, &parse_line(line), &mut out);
    out
}

/// The document of a record read through `vended::read`, as the pipeline takes it.
fn vended_document(enc: &Encoder, rec: &str, fields: &FieldList) -> Result<Vec<u8>, String> {
    let mut legacy = Vec::new();
    read(rec.as_bytes(), fields, &mut legacy).map_err(|e| e.to_string())?;
    Ok(document(enc, &legacy))
}

#[test]
fn every_record_shape_gives_the_legacy_document() {
    let enc = Encoder::new(&EncodeOptions::default());
    let (mut compared, mut skipped) = (0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    for line in common::testdata_lines() {
        // JSON and CloudWatch carry text: a line that is not UTF-8 has no record form
        let Ok(line) = String::from_utf8(line) else {
            skipped += 1;
            continue;
        };
        let Some(fields) = record(&line) else {
            skipped += 1;
            continue;
        };
        kinds.insert(format!(
            "{:?}",
            parse_line(line.as_bytes()).unwrap().format()
        ));
        let want = String::from_utf8(document(&enc, line.as_bytes())).unwrap();
        let none = FieldList::default();
        // the default order only for full-length records: shorter ones need their field list
        let names: Vec<&str> = fields.iter().map(|(n, ..)| *n).collect();
        let listed = FieldList::parse(&names.join(",")).unwrap();
        let mut shapes = vec![
            ("tsv", tsv(&fields), &listed),
            ("json strings", json(&fields, false, false), &none),
            ("json numbers", json(&fields, true, false), &none),
            ("json upper-case", json(&fields, true, true), &none),
        ];
        let full = match parse_line(line.as_bytes()).unwrap().format() {
            Format::Alb => ALB_ACCESS.len(),
            Format::ConnLog => ALB_CONNECTION.len(),
            Format::HealthCheck => ALB_HEALTH_CHECK.len(),
            _ => NLB_ACCESS.len(),
        };
        if fields.len() == full {
            shapes.push(("tsv in the default order", tsv(&fields), &none));
        }
        let mut shuffled = fields.clone();
        shuffled.rotate_left(fields.len() / 3);
        let names: Vec<String> = shuffled.iter().map(|(n, ..)| n.to_uppercase()).collect();
        let custom = FieldList::parse(&names.join(",")).unwrap();
        shapes.push(("tsv shuffled with VENDED_FIELDS", tsv(&shuffled), &custom));
        for (shape, rec, list) in shapes {
            let got =
                vended_document(&enc, &rec, list).unwrap_or_else(|e| panic!("{shape}: {e}\n{rec}"));
            assert_eq!(
                String::from_utf8(got).unwrap(),
                want,
                "{shape}:\n{rec}\nfrom\n{line}"
            );
            compared += 1;
        }
    }
    assert_eq!(kinds.len(), 4, "every vended kind: {kinds:?}");
    assert!(
        compared > 1500,
        "{compared} records compared, {skipped} lines skipped"
    );
}

/// Through the command line and the pipeline: an object of vended records (JSON and
/// tab-separated, mixed with a legacy line and a broken record) gives the legacy object's
/// documents, counts the records, and turns the broken one into a failure document.
#[test]
fn an_object_of_records_ships_the_documents_of_its_legacy_lines() {
    let lines: Vec<String> = common::testdata_lines()
        .into_iter()
        .filter_map(|l| String::from_utf8(l).ok())
        .filter(|l| record(l).is_some())
        .take(40)
        .collect();
    let mut records = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let fields = record(l).unwrap();
        records.push(if i % 2 == 0 {
            json(&fields, true, i % 4 == 0)
        } else {
            json(&fields, false, false)
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let (legacy, vended) = (dir.path().join("legacy.log"), dir.path().join("vended.log"));
    std::fs::write(&legacy, lines.join("\n")).unwrap();
    std::fs::write(&vended, records.join("\n") + "\n{\"type\": broken\n").unwrap();
    let run = |p: &std::path::Path| {
        let out = std::process::Command::new(common::BIN)
            .args(["--json-summary", p.to_str().unwrap()])
            .output()
            .unwrap();
        let docs: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (docs, serde_json::from_slice::<Value>(&out.stderr).unwrap())
    };
    let (want, _) = run(&legacy);
    let (got, summary) = run(&vended);
    assert_eq!(got.len(), want.len() + 1);
    for (mut g, mut w) in got.into_iter().zip(want) {
        for doc in [&mut g, &mut w] {
            // identity: which object and where in it
            doc["event"].as_object_mut().unwrap().remove("id");
            doc.as_object_mut().unwrap().remove("log");
        }
        assert_eq!(g, w);
    }
    assert_eq!(summary["vended_records"], 40);
    assert_eq!(summary["parse_failures"], 1);
    assert_eq!(
        summary["parse_errors"][0]["error"]
            .as_str()
            .unwrap()
            .split(':')
            .next(),
        Some("vended record")
    );
}

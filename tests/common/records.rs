//! Legacy lines as the vended records AWS's CloudWatch deliveries carry (names from AWS's
//! delivery field lists): tab-separated, or JSON with string or number values. Shared by
//! `tests/vended.rs` and `benches/vended.rs`.

use elb_logstash::parse::{Format, parse_line};

pub const ALB_ACCESS: &[&str] = &[
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
pub const ALB_CONNECTION: &[&str] = &[
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
pub const ALB_HEALTH_CHECK: &[&str] = &[
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
pub const NLB_ACCESS: &[&str] = &[
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
pub fn tokens(line: &str) -> Vec<(String, bool)> {
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
pub fn record(line: &str) -> Option<Vec<(&'static str, String, bool)>> {
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
pub fn json_number(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let int = digits.split('.').next().unwrap_or("");
    !int.is_empty()
        && (int == "0" || !int.starts_with('0'))
        && digits.split('.').count() <= 2
        && digits
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

pub fn json(fields: &[(&str, String, bool)], numbers: bool, upper: bool) -> String {
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

pub fn tsv(fields: &[(&str, String, bool)]) -> String {
    fields
        .iter()
        .map(|(_, v, _)| v.as_str())
        .collect::<Vec<_>>()
        .join("\t")
}

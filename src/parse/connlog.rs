//! ALB connection-log lines (`conn_log` objects): `time client_ip client_port listener_port`
//! and the TLS handshake of that connection, including the client certificate for mutual TLS,
//! then (appended since) the key exchange, the load balancer and its node's address.

use super::error::ParseError;
use super::fields::Fields;
use super::lists::{self, Validity, VerifyStatus};
use super::timestamp::Timestamp;
use super::values::{self, Invalid};

#[derive(Debug, Clone, PartialEq)]
pub struct ConnLog<'a> {
    pub time: Timestamp<'a>,
    pub client_ip: Option<&'a [u8]>,
    pub client_port: Option<&'a [u8]>,
    pub listener_port: Option<&'a [u8]>,
    pub tls_protocol: Option<&'a [u8]>,
    pub tls_cipher: Option<&'a [u8]>,
    pub tls_handshake_latency: Option<&'a [u8]>,
    pub leaf_client_cert_subject: Option<&'a [u8]>,
    /// From `NotBefore=…;NotAfter=…`.
    pub leaf_client_cert_validity: Validity<'a>,
    pub leaf_client_cert_serial_number: Option<&'a [u8]>,
    pub tls_verify_status: Option<VerifyStatus<'a>>,
    pub conn_trace_id: Option<&'a [u8]>,
    /// Field 13: the key exchange of the handshake (TLS or post-quantum TLS).
    pub tls_keyexchange: Option<&'a [u8]>,
    /// Field 14: the load balancer's resource id.
    pub elb: Option<&'a [u8]>,
    /// Field 15: the address of the load balancer node that took the connection.
    pub node_ip: Option<&'a [u8]>,
    pub unknown: &'a [u8],
}

pub(super) fn parse<'a>(time: Timestamp<'a>, mut f: Fields<'a>) -> Result<ConnLog<'a>, ParseError> {
    let mut log = ConnLog {
        time,
        client_ip: f.checked("client_ip", values::ip_or_dash)?,
        client_port: f.checked("client_port", values::port_or_dash)?,
        listener_port: f.checked("listener_port", values::port_or_dash)?,
        tls_protocol: f.checked("tls_protocol", values::tls_protocol)?,
        tls_cipher: f.checked("tls_cipher", values::cipher)?,
        tls_handshake_latency: f.checked("tls_handshake_latency", values::timing)?,
        leaf_client_cert_subject: values::present(f.quoted_or_token("leaf_client_cert_subject")?),
        leaf_client_cert_validity: f
            .checked("leaf_client_cert_validity", lists::validity)?
            .unwrap_or_default(),
        leaf_client_cert_serial_number: f.checked("leaf_client_cert_serial_number", |t| {
            // the verify status in the serial's place: a field before it is missing
            matches!(lists::verify_status(t), Err(_) | Ok(None))
                .then_some(values::present(t))
                .ok_or(Invalid)
        })?,
        tls_verify_status: f.checked("tls_verify_status", lists::verify_status)?,
        conn_trace_id: None,
        tls_keyexchange: None,
        elb: None,
        node_ip: None,
        unknown: b"",
    };
    f.appended([
        ("conn_trace_id", values::word, &mut log.conn_trace_id),
        ("tls_keyexchange", values::word, &mut log.tls_keyexchange),
        ("elb", values::alb_id, &mut log.elb),
        ("ip_address", values::ip_or_dash, &mut log.node_ip),
    ])?;
    log.unknown = f.remainder();
    Ok(log)
}

#[cfg(test)]
#[path = "connlog_tests.rs"]
mod tests;

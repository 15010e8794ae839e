//! ALB connection-log lines (`conn_log` objects): `time client_ip client_port listener_port`
//! and the TLS handshake of that connection, including the client certificate for mutual TLS.

use super::ParseError;
use super::fields::{self, Fields, Timestamp};
use super::lists::{self, Validity, VerifyStatus};

#[derive(Debug, Clone, PartialEq)]
pub struct ConnLog<'a> {
    pub time: Timestamp<'a>,
    pub client_ip: &'a [u8],
    pub client_port: &'a [u8],
    pub listener_port: &'a [u8],
    pub tls_protocol: Option<&'a [u8]>,
    pub tls_cipher: Option<&'a [u8]>,
    pub tls_handshake_latency: Option<&'a [u8]>,
    pub leaf_client_cert_subject: Option<&'a [u8]>,
    /// From `NotBefore=…;NotAfter=…`.
    pub leaf_client_cert_validity: Validity<'a>,
    pub leaf_client_cert_serial_number: Option<&'a [u8]>,
    pub tls_verify_status: Option<VerifyStatus<'a>>,
    pub conn_trace_id: Option<&'a [u8]>,
    pub unknown: &'a [u8],
}

pub(super) fn parse<'a>(time: Timestamp<'a>, mut f: Fields<'a>) -> Result<ConnLog<'a>, ParseError> {
    let mut log = ConnLog {
        time,
        client_ip: f.token("client_ip")?,
        client_port: f.checked("client_port", |t| fields::uint(t).flatten())?,
        listener_port: f.checked("listener_port", |t| fields::uint(t).flatten())?,
        tls_protocol: fields::present(f.token("tls_protocol")?),
        tls_cipher: fields::present(f.token("tls_cipher")?),
        tls_handshake_latency: f.checked("tls_handshake_latency", fields::timing)?,
        leaf_client_cert_subject: fields::present(f.quoted_or_token("leaf_client_cert_subject")?),
        leaf_client_cert_validity: fields::present(f.token("leaf_client_cert_validity")?)
            .map(lists::validity)
            .unwrap_or_default(),
        leaf_client_cert_serial_number: fields::present(f.token("leaf_client_cert_serial_number")?),
        tls_verify_status: fields::present(f.token("tls_verify_status")?).map(lists::verify_status),
        conn_trace_id: None,
        unknown: b"",
    };
    if !f.at_end() {
        log.conn_trace_id = fields::present(f.token("conn_trace_id")?);
    }
    log.unknown = f.remainder();
    Ok(log)
}

#[cfg(test)]
#[path = "connlog_tests.rs"]
mod tests;

//! NLB TLS-listener lines: `tls version time elb listener client:port destination:port` and the
//! TLS fields. Version 1.0 lines end after `domain_name` (18 fields); 2.0 lines add the ALPN
//! fields (21) and `tls_connection_creation_time` (22).

use super::error::ParseError;
use super::fields::Fields;
use super::host_port::{self, HostPort};
use super::timestamp::{self, Timestamp};
use super::values::{self, Invalid, Read};

#[derive(Debug, Clone, PartialEq)]
pub struct Nlb<'a> {
    pub kind: &'a [u8],
    pub version: &'a [u8],
    pub time: Timestamp<'a>,
    pub elb: &'a [u8],
    pub listener: &'a [u8],
    pub client: Option<HostPort<'a>>,
    pub destination: Option<HostPort<'a>>,
    pub connection_time: Option<&'a [u8]>,
    pub tls_handshake_time: Option<&'a [u8]>,
    pub received_bytes: Option<&'a [u8]>,
    pub sent_bytes: Option<&'a [u8]>,
    pub incoming_tls_alert: Option<&'a [u8]>,
    pub chosen_cert_arn: Option<&'a [u8]>,
    pub chosen_cert_serial: Option<&'a [u8]>,
    pub tls_cipher: Option<&'a [u8]>,
    pub tls_protocol_version: Option<&'a [u8]>,
    pub tls_keyexchange: Option<&'a [u8]>,
    pub domain_name: Option<&'a [u8]>,
    pub alpn_fe_protocol: Option<&'a [u8]>,
    pub alpn_be_protocol: Option<&'a [u8]>,
    pub alpn_client_preference_list: Option<&'a [u8]>,
    pub tls_connection_creation_time: Option<Timestamp<'a>>,
    pub unknown: &'a [u8],
}

pub(super) fn parse<'a>(kind: &'a [u8], mut f: Fields<'a>) -> Result<Nlb<'a>, ParseError> {
    let version = f.checked("version", version)?;
    let mut nlb = Nlb {
        kind,
        version,
        time: f.checked("time", timestamp::timestamp)?,
        elb: f.checked("elb", values::bare_name)?,
        listener: f.token("listener")?,
        client: f.checked("client:port", host_port::host_port)?,
        destination: f.checked("destination:port", host_port::host_port)?,
        connection_time: f.checked("connection_time", values::timing)?,
        tls_handshake_time: f.checked("tls_handshake_time", values::timing)?,
        received_bytes: f.checked("received_bytes", values::uint)?,
        sent_bytes: f.checked("sent_bytes", values::uint)?,
        incoming_tls_alert: f.checked("incoming_tls_alert", values::uint)?,
        chosen_cert_arn: f.checked("chosen_cert_arn", values::arn)?,
        chosen_cert_serial: values::present(f.token("chosen_cert_serial")?),
        tls_cipher: f.checked("tls_cipher", values::cipher)?,
        tls_protocol_version: f.checked("tls_protocol_version", values::tls_protocol)?,
        tls_keyexchange: f.checked("tls_keyexchange", values::word)?,
        domain_name: values::present(f.token("domain_name")?),
        alpn_fe_protocol: None,
        alpn_be_protocol: None,
        alpn_client_preference_list: None,
        tls_connection_creation_time: None,
        unknown: b"",
    };
    if version != b"1.0" && !f.at_end() {
        nlb.alpn_fe_protocol = f.checked("alpn_fe_protocol", alpn_protocol)?;
        nlb.alpn_be_protocol = f.checked("alpn_be_protocol", alpn_protocol)?;
        nlb.alpn_client_preference_list = f.checked("alpn_client_preference_list", alpn_list)?;
        if !f.at_end() {
            // the last documented field: anything but a time (or `-`) here means the fields
            // before it shifted, not that AWS appended one
            nlb.tls_connection_creation_time =
                f.checked("tls_connection_creation_time", |t| match t {
                    b"-" => Ok(None),
                    _ => timestamp::timestamp(t).map(Some).ok_or(Invalid),
                })?;
        }
    }
    nlb.unknown = f.remainder();
    Ok(nlb)
}

/// The log format's version, `1.0` or `2.0` so far: digits, a dot, digits. Any version but
/// `1.0` is read as far as the line goes, as 2.0 is.
fn version(tok: &[u8]) -> Option<&[u8]> {
    let dot = tok.iter().position(|&c| c == b'.')?;
    (values::all_digits(&tok[..dot]) && values::all_digits(&tok[dot + 1..])).then_some(tok)
}

/// One ALPN protocol id (`h2`, `http/1.1`): never a list, never a time, never quoted.
fn alpn_protocol(tok: &[u8]) -> Read<&[u8]> {
    let id = tok
        .iter()
        .all(|&c| c > b' ' && c != b'"' && c != b',' && c != b'\\');
    (id && timestamp::timestamp(tok).is_none())
        .then_some(values::present(tok))
        .ok_or(Invalid)
}

/// `"h2","http/1.1"` (AWS quotes each id, sometimes with backslashes): bare, never a time (a
/// time here means a field before it is missing). The quotes are AWS's own, so only a control
/// byte is foreign; the ids are split where the encoder walks them.
fn alpn_list(tok: &[u8]) -> Read<&[u8]> {
    (values::no_control(tok) && timestamp::timestamp(tok).is_none())
        .then_some(values::present(tok))
        .ok_or(Invalid)
}

#[cfg(test)]
#[path = "nlb_tests.rs"]
mod tests;

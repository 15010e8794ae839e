//! ALB health-check lines (`health_check_log_…` objects, since November 2025): `type time
//! latency target_addr target_group_id status status_code reason_code`, then (newer lines)
//! `elb ip_address`. Space-delimited, never quoted. AWS appends fields (a trailing `-` may stand
//! for one not yet released): what follows the tenth is kept as unknown fields.

use super::error::ParseError;
use super::fields::Fields;
use super::host_port::{self, HostPort};
use super::timestamp::{self, Timestamp};
use super::values::{self, Read};

/// Who was checked: an `IP:port` target (IPv6 bare or bracketed), or a Lambda function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    Address(HostPort<'a>),
    Lambda { arn: &'a [u8] },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HealthCheck<'a> {
    /// `http`, `https`, `h2`, `grpc`, `lambda` (any other token of letters and digits is kept).
    pub kind: &'a [u8],
    /// When the check started.
    pub time: Timestamp<'a>,
    /// Seconds, as logged.
    pub latency: &'a [u8],
    /// Absent for `-` (or `-:port`).
    pub target: Option<Target<'a>>,
    pub target_group_id: Option<&'a [u8]>,
    /// `PASS` (true) or `FAIL` (false).
    pub passed: bool,
    pub status_code: Option<&'a [u8]>,
    pub reason_code: Option<&'a [u8]>,
    pub elb: Option<&'a [u8]>,
    pub node_ip: Option<&'a [u8]>,
    pub unknown: &'a [u8],
}

/// A health-check type: a short token of lowercase letters and digits.
pub(super) fn is_type(tok: &[u8]) -> bool {
    !tok.is_empty()
        && tok.len() <= 16
        && tok[0].is_ascii_lowercase()
        && tok
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// What tells a health-check line from an access line with the same type token: after the
/// timestamp comes a number (the latency), where an access line has the load balancer's id
/// (`app/…`). Cheap, since every ALB line asks: one scan for the space after the timestamp.
pub(super) fn third_is_number(after_type: &[u8]) -> bool {
    let Some(space) = crate::scan::find(after_type, b' ') else {
        return false;
    };
    after_type[space..]
        .iter()
        .find(|&&c| c != b' ')
        .is_some_and(u8::is_ascii_digit)
}

/// For a type token no access log uses: the shape of a timestamp, then a number. Only the
/// shape: `parse` checks the calendar and the latency once, where a bad value fails naming the
/// field (reading both here too cost these lines about 200 instructions each).
pub(super) fn looks_like(after_type: &[u8]) -> bool {
    let shaped = after_type
        .first_chunk::<19>()
        .is_some_and(super::timestamp::digits_and_separators);
    shaped && third_is_number(after_type)
}

pub(super) fn parse<'a>(kind: &'a [u8], mut f: Fields<'a>) -> Result<HealthCheck<'a>, ParseError> {
    let time = f.checked("time", timestamp::timestamp)?;
    let latency = f.checked("latency", |t| values::timing(t).ok().flatten())?;
    let target = f.checked("target_addr", target)?;
    let target_group_id = f.checked("target_group_id", values::bare_value)?;
    let passed = f.checked("status", |t| match t {
        b"PASS" => Some(true),
        b"FAIL" => Some(false),
        _ => None,
    })?;
    let status_code = f.checked("status_code", values::uint)?;
    let reason_code = f.checked("reason_code", values::bare_value)?;
    let mut hc = HealthCheck {
        kind,
        time,
        latency,
        target,
        target_group_id,
        passed,
        status_code,
        reason_code,
        elb: None,
        node_ip: None,
        unknown: b"",
    };
    f.appended([
        ("elb", values::alb_id, &mut hc.elb),
        ("ip_address", values::ip_or_dash, &mut hc.node_ip),
    ])?;
    hc.unknown = f.remainder();
    Ok(hc)
}

fn target(tok: &[u8]) -> Read<Target<'_>> {
    if tok.starts_with(b"arn:") {
        return Ok(Some(Target::Lambda { arn: tok }));
    }
    host_port::host_port(tok).map(|hp| hp.map(Target::Address))
}

#[cfg(test)]
#[path = "health_check_tests.rs"]
mod tests;

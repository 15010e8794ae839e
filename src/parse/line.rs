//! A parsed line of any supported format, as the parsers build it and the filter and encoder
//! read it. ALB's own shape lives here beside the enum because the ALB parser assembles the
//! finished `LogLine` in place (see `alb::parse`).

use super::classic::{Classic, HttpCore};
use super::connlog::ConnLog;
use super::health_check::HealthCheck;
use super::nlb::Nlb;
use super::timestamp::Timestamp;

/// One parsed line of any supported format. Not boxed: a line lives on the stack for the
/// few microseconds it takes to encode it, and boxing would allocate per line.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum LogLine<'a> {
    Classic(Classic<'a>),
    Alb(Alb<'a>),
    Nlb(Nlb<'a>),
    ConnLog(ConnLog<'a>),
    HealthCheck(HealthCheck<'a>),
}

/// Which format a line was, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Classic,
    Alb,
    Nlb,
    ConnLog,
    HealthCheck,
}

impl LogLine<'_> {
    pub fn format(&self) -> Format {
        match self {
            LogLine::Classic(_) => Format::Classic,
            LogLine::Alb(_) => Format::Alb,
            LogLine::Nlb(_) => Format::Nlb,
            LogLine::ConnLog(_) => Format::ConnLog,
            LogLine::HealthCheck(_) => Format::HealthCheck,
        }
    }

    /// Tokens AWS appended that this version does not know yet.
    pub fn unknown_fields(&self) -> &[u8] {
        match self {
            LogLine::Classic(l) => l.unknown,
            LogLine::Alb(l) => l.unknown,
            LogLine::Nlb(l) => l.unknown,
            LogLine::ConnLog(l) => l.unknown,
            LogLine::HealthCheck(l) => l.unknown,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlbTail<'a> {
    pub domain_name: Option<&'a [u8]>,
    pub chosen_cert_arn: Option<&'a [u8]>,
    pub matched_rule_priority: Option<&'a [u8]>,
    pub request_creation_time: Option<Timestamp<'a>>,
    pub actions_executed: Option<&'a [u8]>,
    pub redirect_url: Option<&'a [u8]>,
    pub error_reason: Option<&'a [u8]>,
    pub target_port_list: Option<&'a [u8]>,
    pub target_status_code_list: Option<&'a [u8]>,
    pub classification: Option<&'a [u8]>,
    pub classification_reason: Option<&'a [u8]>,
    pub conn_trace_id: Option<&'a [u8]>,
    pub transformed_host: Option<&'a [u8]>,
    pub transformed_uri: Option<&'a [u8]>,
    pub request_transform_status: Option<&'a [u8]>,
    /// Field 34: the address of the load balancer node that took the request.
    pub node_ip: Option<&'a [u8]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alb<'a> {
    pub kind: &'a [u8],
    pub core: HttpCore<'a>,
    pub target_group_arn: Option<&'a [u8]>,
    pub trace_id: Option<&'a [u8]>,
    pub tail: AlbTail<'a>,
    pub unknown: &'a [u8],
}

//! The document fields a rule may name, read straight from the parsed line (the value as
//! logged, before encoding). A field a line's format does not have is absent on that line.

use crate::parse::{
    Alb, ConnLog, HealthCheck, LogLine, Nlb, Target, host_port::HostPort, lists::VerifyStatus,
};

/// How a field's value is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Integers and timings: ranges apply.
    Number,
}

macro_rules! fields {
    ($($variant:ident = $name:literal : $kind:ident),* $(,)?) => {
        /// A filterable field, by its docs/SCHEMA.md name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Field { $($variant),* }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name),* }
            }

            pub fn kind(self) -> Kind {
                match self { $(Field::$variant => Kind::$kind),* }
            }
        }
    };
}

fields! {
    Type = "aws.elb.type": Text,
    Name = "aws.elb.name": Text,
    Action = "event.action": Text,
    Method = "http.request.method": Text,
    HttpVersion = "http.version": Text,
    StatusCode = "http.response.status_code": Number,
    BackendStatusCode = "aws.elb.backend.http.response.status_code": Number,
    UrlOriginal = "url.original": Text,
    UrlScheme = "url.scheme": Text,
    UrlDomain = "url.domain": Text,
    UrlPort = "url.port": Number,
    UrlPath = "url.path": Text,
    UrlQuery = "url.query": Text,
    UrlExtension = "url.extension": Text,
    UserAgent = "user_agent.original": Text,
    SourceIp = "source.ip": Text,
    SourceAddress = "source.address": Text,
    SourcePort = "source.port": Number,
    ClientIp = "client.ip": Text,
    ClientPort = "client.port": Number,
    DestinationIp = "destination.ip": Text,
    DestinationPort = "destination.port": Number,
    DestinationDomain = "destination.domain": Text,
    BackendIp = "aws.elb.backend.ip": Text,
    BackendPort = "aws.elb.backend.port": Number,
    BackendArn = "aws.elb.backend.arn": Text,
    TargetGroupArn = "aws.elb.target_group.arn": Text,
    TargetGroupId = "aws.elb.target_group.id": Text,
    Listener = "aws.elb.listener": Text,
    SslCipher = "aws.elb.ssl_cipher": Text,
    SslProtocol = "aws.elb.ssl_protocol": Text,
    ErrorReason = "aws.elb.error.reason": Text,
    Classification = "aws.elb.classification": Text,
    MatchedRulePriority = "aws.elb.matched_rule_priority": Number,
    RequestProcessingTime = "aws.elb.request_processing_time.sec": Number,
    BackendProcessingTime = "aws.elb.backend_processing_time.sec": Number,
    ResponseProcessingTime = "aws.elb.response_processing_time.sec": Number,
    HealthCheckStatus = "aws.elb.health_check.status": Text,
    HealthCheckReason = "aws.elb.health_check.reason_code": Text,
    HealthCheckLatency = "aws.elb.health_check.latency.sec": Number,
    TlsVerifyStatus = "aws.elb.tls_verify_status": Text,
}

impl Field {
    pub fn by_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The value as logged, `None` when the line has no such field (or logged `-`). The
    /// format first, then the field: one jump each, where a match on the pair tried the
    /// pairs in turn (the filter runs on every line).
    #[inline]
    pub fn value<'a>(self, line: &LogLine<'a>) -> Option<&'a [u8]> {
        match line {
            LogLine::Alb(a) => alb(self, a),
            LogLine::Classic(c) => match self {
                Field::Name => present(c.core.elb),
                f => http(f, &c.core),
            },
            LogLine::Nlb(n) => nlb(self, n),
            LogLine::ConnLog(c) => conn_log(self, c),
            LogLine::HealthCheck(h) => health_check(self, h),
        }
    }
}

#[inline]
fn alb<'a>(f: Field, a: &Alb<'a>) -> Option<&'a [u8]> {
    match f {
        Field::Type => Some(a.kind),
        Field::Name => present(a.core.elb),
        Field::DestinationDomain => a.tail.domain_name,
        Field::TargetGroupArn => a.target_group_arn,
        Field::ErrorReason => a.tail.error_reason,
        Field::Classification => a.tail.classification,
        Field::MatchedRulePriority => a.tail.matched_rule_priority,
        f => http(f, &a.core),
    }
}

#[inline]
fn nlb<'a>(f: Field, n: &Nlb<'a>) -> Option<&'a [u8]> {
    let ip = |hp: Option<HostPort<'a>>| hp.map(|h| h.ip);
    let port = |hp: Option<HostPort<'a>>| hp.map(|h| h.port);
    match f {
        Field::Type => Some(n.kind),
        Field::Name => present(n.elb),
        Field::SourceIp | Field::SourceAddress => ip(n.client),
        Field::SourcePort => port(n.client),
        Field::DestinationIp => ip(n.destination),
        Field::DestinationPort => port(n.destination),
        Field::DestinationDomain => n.domain_name,
        Field::Listener => present(n.listener),
        Field::SslCipher => n.tls_cipher,
        Field::SslProtocol => n.tls_protocol_version,
        _ => None,
    }
}

#[inline]
fn conn_log<'a>(f: Field, c: &ConnLog<'a>) -> Option<&'a [u8]> {
    match f {
        Field::Name => c.elb,
        Field::ClientIp => c.client_ip,
        Field::ClientPort => c.client_port,
        Field::DestinationPort | Field::Listener => c.listener_port,
        Field::SslCipher => c.tls_cipher,
        Field::SslProtocol => c.tls_protocol,
        Field::TlsVerifyStatus => c.tls_verify_status.map(|s| match s {
            VerifyStatus::Success => &b"Success"[..],
            VerifyStatus::Failed { .. } => b"Failed",
        }),
        _ => None,
    }
}

#[inline]
fn health_check<'a>(f: Field, h: &HealthCheck<'a>) -> Option<&'a [u8]> {
    match f {
        Field::Type => Some(h.kind),
        Field::Name => h.elb,
        Field::Action => Some(b"health_check"),
        Field::BackendIp => match h.target? {
            Target::Address(a) => Some(a.ip),
            Target::Lambda { .. } => None,
        },
        Field::BackendPort => match h.target? {
            Target::Address(a) => Some(a.port),
            Target::Lambda { .. } => None,
        },
        Field::BackendArn => match h.target? {
            Target::Lambda { arn } => Some(arn),
            Target::Address(_) => None,
        },
        Field::BackendStatusCode => h.status_code,
        Field::TargetGroupId => h.target_group_id,
        Field::HealthCheckStatus => Some(if h.passed { b"PASS" } else { b"FAIL" }),
        Field::HealthCheckReason => h.reason_code,
        Field::HealthCheckLatency => Some(h.latency),
        _ => None,
    }
}

/// The fields Classic and ALB lines share.
#[inline]
fn http<'a>(f: Field, k: &crate::parse::HttpCore<'a>) -> Option<&'a [u8]> {
    use Field as F;
    match f {
        F::Method => k.request.method,
        F::HttpVersion => k.request.version,
        F::StatusCode => k.elb_status_code,
        F::BackendStatusCode => k.backend_status_code,
        F::UrlOriginal => k.request.url,
        F::UrlScheme => k.request.url_parts().scheme,
        F::UrlDomain => k.request.url_parts().domain,
        F::UrlPort => k.request.url_parts().port,
        F::UrlPath => k.request.url_parts().path,
        F::UrlQuery => k.request.url_parts().query,
        F::UrlExtension => k.request.url_parts().extension,
        F::UserAgent => k.user_agent,
        F::SourceIp | F::SourceAddress => k.client.map(|h| h.ip),
        F::SourcePort => k.client.map(|h| h.port),
        F::BackendIp => k.backend.map(|h| h.ip),
        F::BackendPort => k.backend.map(|h| h.port),
        F::SslCipher => k.ssl_cipher,
        F::SslProtocol => k.ssl_protocol,
        F::RequestProcessingTime => k.request_processing_time,
        F::BackendProcessingTime => k.backend_processing_time,
        F::ResponseProcessingTime => k.response_processing_time,
        _ => None,
    }
}

fn present(tok: &[u8]) -> Option<&[u8]> {
    crate::parse::values::present(tok)
}

#[cfg(test)]
#[path = "field_tests.rs"]
mod tests;

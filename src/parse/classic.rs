//! Classic ELB lines: `timestamp elb client:port backend:port` three timings, two status
//! codes, two byte counts, `"request"`, and (since 2015) `"user_agent" ssl_cipher ssl_protocol`.

use super::error::ParseError;
use super::fields::Fields;
use super::host_port::{self, HostPort};
use super::request::{Request, split_request};
use super::timestamp::Timestamp;
use super::values;

/// The fields Classic and ALB lines share, in the same order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HttpCore<'a> {
    pub time: Timestamp<'a>,
    pub elb: &'a [u8],
    pub client: Option<HostPort<'a>>,
    pub backend: Option<HostPort<'a>>,
    pub request_processing_time: Option<&'a [u8]>,
    pub backend_processing_time: Option<&'a [u8]>,
    pub response_processing_time: Option<&'a [u8]>,
    pub elb_status_code: Option<&'a [u8]>,
    pub backend_status_code: Option<&'a [u8]>,
    pub received_bytes: Option<&'a [u8]>,
    pub sent_bytes: Option<&'a [u8]>,
    pub request: Request<'a>,
    pub user_agent: Option<&'a [u8]>,
    pub ssl_cipher: Option<&'a [u8]>,
    pub ssl_protocol: Option<&'a [u8]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Classic<'a> {
    pub core: HttpCore<'a>,
    /// TCP/SSL listeners log no status codes and a `"- - - "` request.
    pub is_tcp: bool,
    pub unknown: &'a [u8],
}

/// Reads everything from the load-balancer name to the request. `user_agent` and the TLS
/// fields are read by the caller, since Classic lines may stop before them. Inlined, so the
/// caller's line is filled in place rather than a 304-byte copy returned and moved.
#[inline(always)]
pub(super) fn core_through_request<'a>(
    time: Timestamp<'a>,
    f: &mut Fields<'a>,
) -> Result<HttpCore<'a>, ParseError> {
    Ok(HttpCore {
        time,
        elb: f.checked("elb", values::bare_name)?,
        client: f.checked("client:port", host_port::host_port)?,
        backend: f.checked("backend:port", host_port::host_port)?,
        request_processing_time: f.checked("request_processing_time", values::timing)?,
        backend_processing_time: f.checked("backend_processing_time", values::timing)?,
        response_processing_time: f.checked("response_processing_time", values::timing)?,
        elb_status_code: f.checked("elb_status_code", values::uint)?,
        backend_status_code: f.checked("backend_status_code", values::uint)?,
        received_bytes: f.checked("received_bytes", values::uint)?,
        sent_bytes: f.checked("sent_bytes", values::uint)?,
        request: split_request(f.quoted("request")?),
        user_agent: None,
        ssl_cipher: None,
        ssl_protocol: None,
    })
}

#[inline(always)]
pub(super) fn core_tail<'a>(core: &mut HttpCore<'a>, f: &mut Fields<'a>) -> Result<(), ParseError> {
    core.user_agent = values::present(f.quoted("user_agent")?);
    // a quoted token here is a user agent written twice, not a cipher
    core.ssl_cipher = f.checked("ssl_cipher", values::bare_value)?;
    core.ssl_protocol = f.checked("ssl_protocol", values::tls_protocol)?;
    Ok(())
}

pub(super) fn parse<'a>(time: Timestamp<'a>, mut f: Fields<'a>) -> Result<Classic<'a>, ParseError> {
    let mut core = core_through_request(time, &mut f)?;
    if !f.at_end() {
        core_tail(&mut core, &mut f)?;
    }
    let is_tcp = core.elb_status_code.is_none() && core.request.method.is_none();
    Ok(Classic {
        core,
        is_tcp,
        unknown: f.remainder(),
    })
}

#[cfg(test)]
#[path = "classic_tests.rs"]
mod tests;

//! Which format a line is, decided per line (one bucket can hold every format side by side),
//! and the dispatch to its parser.

use super::error::ParseError;
use super::fields::Fields;
use super::line::LogLine;
use super::timestamp;
use super::{alb, classic, connlog, health_check, nlb, values};

/// Parses one line (without its line terminator; a trailing CR is ignored).
pub fn parse_line(line: &[u8]) -> Result<LogLine<'_>, ParseError> {
    let line = trim_line_end(line);
    let mut f = Fields::new(line);
    let first = f.token("type").map_err(|_| ParseError::UnknownFormat)?;
    match first {
        b"http" | b"https" | b"h2" | b"grpcs" | b"ws" | b"wss" => {
            if health_check::third_is_number(f.remainder()) {
                // a health check, or an access line whose load balancer id is a number
                return match health_check::parse(first, f.clone()) {
                    Ok(h) => Ok(LogLine::HealthCheck(h)),
                    Err(e) => alb::parse(first, f).map_err(|_| e),
                };
            }
            alb::parse(first, f)
        }
        b"tls" => nlb::parse(first, f).map(LogLine::Nlb),
        _ if health_check::is_type(first) && health_check::looks_like(f.remainder()) => {
            health_check::parse(first, f).map(LogLine::HealthCheck)
        }
        _ => {
            let time = timestamp::timestamp(first).ok_or(
                if first.first().is_some_and(u8::is_ascii_digit) {
                    ParseError::Invalid {
                        field: "timestamp",
                        pos: 0,
                    }
                } else {
                    ParseError::UnknownFormat
                },
            )?;
            // Classic is by far the commoner: try it first. A connection-log line always
            // fails it (its third token is a bare port, not `client:port`).
            match classic::parse(time, f.clone()) {
                Ok(line) => Ok(LogLine::Classic(line)),
                Err(_) if is_conn_log(f.remainder()) => {
                    connlog::parse(time, f).map(LogLine::ConnLog)
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// The one line of the test object ELB writes when access logging is turned on
/// (`…/AWSLogs/{account}/ELBAccessLogTestFile`: `Enable AccessLog for ELB: NAME at TIME`).
/// Recognised by its content, since a copy or a local file has another name; it is no log
/// line, so it is skipped rather than shipped as a parse failure.
pub fn is_aws_test_line(line: &[u8]) -> bool {
    line.starts_with(b"Enable AccessLog for ELB: ")
}

/// Any run of `\r` and spaces at the end of a line is framing, not a field.
pub fn trim_line_end(line: &[u8]) -> &[u8] {
    let keep = line
        .iter()
        .rposition(|&c| c != b'\r' && c != b' ')
        .map_or(0, |i| i + 1);
    &line[..keep]
}

/// Connection logs write the client ip and port as two tokens, so the third token is a bare
/// port number (or `-`); Classic lines have `elb client:port` there.
fn is_conn_log(after_time: &[u8]) -> bool {
    let mut f = Fields::new(after_time);
    let _ = f.token("client_ip");
    f.token("client_port")
        .is_ok_and(|t| t == b"-" || values::all_digits(t))
}

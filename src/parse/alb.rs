//! ALB access-log lines: `type` then the Classic fields, then the fields AWS appended over the
//! years. A line may end at any era's last field (18, 21, 25, 27, 29, 30, 33 or 34 fields);
//! what follows the 34th is kept as unknown fields, never an error.

use super::classic::{core_tail, core_through_request};
use super::error::ParseError;
use super::fields::Fields;
use super::line::{Alb, AlbTail, LogLine};
use super::timestamp;
use super::values;

/// Whether the next field is quoted: at an era boundary a field of the wrong shape means the
/// rest of the line is something AWS added that we do not know.
#[inline(always)]
fn next_is_quoted(f: &Fields<'_>) -> bool {
    f.remainder().first() == Some(&b'"')
}

/// Returns the finished `LogLine`, assembled in the return value: an `Alb` is 608 bytes, and
/// returning it to be wrapped by the caller copied it twice per line (memmove was 7 % of the
/// parse in `perf`).
pub(super) fn parse<'a>(kind: &'a [u8], mut f: Fields<'a>) -> Result<LogLine<'a>, ParseError> {
    let time = f.checked("time", timestamp::timestamp)?;
    let mut core = core_through_request(time, &mut f)?;
    core_tail(&mut core, &mut f)?;
    let target_group_arn = f.checked("target_group_arn", values::arn)?;
    let trace_id = values::present(f.quoted("trace_id")?);
    let mut tail = AlbTail::default();
    eras(&mut f, &mut tail)?;
    Ok(LogLine::Alb(Alb {
        kind,
        core,
        target_group_arn,
        trace_id,
        tail,
        unknown: f.remainder(),
    }))
}

/// The fields AWS appended over the years, one era per block; the line may stop (or turn
/// unknown) before any of them.
#[inline(always)]
fn eras<'a>(f: &mut Fields<'a>, t: &mut AlbTail<'a>) -> Result<(), ParseError> {
    if f.at_end() || !next_is_quoted(f) {
        return Ok(());
    }
    // AWS pads some values with a space (`"- "`): trimmed here, so the filter and the
    // document see the same value, and a padded `-` is absent like any other
    t.domain_name = values::present(f.quoted("domain_name")?.trim_ascii());
    // not shape-checked: quoted, so a missing field cannot shift another into it, and
    // published test lines put placeholders here
    t.chosen_cert_arn = values::present(f.quoted("chosen_cert_arn")?);
    // `-1`: AWS hit an error while evaluating the rules; kept, unlike a `-1` timing
    t.matched_rule_priority = f.checked("matched_rule_priority", |t| match t {
        b"-1" => Ok(Some(t)),
        _ => values::uint(t),
    })?;
    if f.at_end() || next_is_quoted(f) {
        return Ok(());
    }
    t.request_creation_time = match f.token("request_creation_time")? {
        b"-" => None,
        tok => {
            Some(timestamp::timestamp(tok).ok_or_else(|| f.invalid("request_creation_time", tok))?)
        }
    };
    t.actions_executed = values::present(f.quoted("actions_executed")?);
    t.redirect_url = values::present(f.quoted("redirect_url")?);
    t.error_reason = values::present(f.quoted("error_reason")?);
    if f.at_end() {
        return Ok(());
    }
    t.target_port_list = values::present(f.quoted_or_token("target:port_list")?);
    let codes = f.quoted_or_token("target_status_code_list")?;
    t.target_status_code_list =
        values::status_code_list(codes).map_err(|_| f.invalid("target_status_code_list", codes))?;
    if f.at_end() || !next_is_quoted(f) {
        return Ok(());
    }
    t.classification = values::present(f.quoted("classification")?);
    t.classification_reason = values::present(f.quoted("classification_reason")?);
    if f.at_end() || next_is_quoted(f) {
        return Ok(());
    }
    t.conn_trace_id = values::present(f.token("conn_trace_id")?);
    if f.at_end() || !next_is_quoted(f) {
        return Ok(());
    }
    t.transformed_host = values::present(f.quoted("transformed_host")?);
    t.transformed_uri = values::present(f.quoted("transformed_uri")?);
    t.request_transform_status = values::present(f.quoted("request_transform_status")?);
    // the 34th field (2026): the node's address, never quoted; a quoted token after the
    // 33rd is something newer, kept as unknown
    if f.at_end() || next_is_quoted(f) {
        return Ok(());
    }
    t.node_ip = f.checked("ip_address", values::ip_or_dash)?;
    Ok(())
}

#[cfg(test)]
#[path = "alb_tests.rs"]
mod tests;

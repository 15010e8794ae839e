//! `ip:port` tokens: split at the last colon (so unbracketed IPv6 works) or after `]`, each
//! part checked as `values` checks an address and a port.

use super::values::{self, Invalid, Read, port};

/// `ip:port`, split at the last colon so unbracketed IPv6 works (or after `]`); `-` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPort<'a> {
    pub ip: &'a [u8],
    pub port: &'a [u8],
}

/// The last `:` in `tok`. A port has at most five digits, so it is nearly always in the last
/// eight bytes: found there with one word compare, without a backward loop whose exit
/// mispredicts with every change of port length.
#[inline(always)]
pub fn last_colon(tok: &[u8]) -> Option<usize> {
    if let Some(tail) = tok.last_chunk::<8>() {
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let x = u64::from_le_bytes(*tail) ^ u64::from_le_bytes([b':'; 8]);
        // 0x80 in exactly the bytes of `x` that are zero (no false positives)
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        if zero != 0 {
            return Some(tok.len() - 8 + (63 - zero.leading_zeros() as usize) / 8);
        }
    }
    tok.iter().rposition(|&c| c == b':')
}

pub fn host_port(tok: &[u8]) -> Read<HostPort<'_>> {
    // `-1` has been seen for a Classic backend that received no traffic
    if tok == b"-" || tok == b"-1" {
        return Ok(None);
    }
    let colon = last_colon(tok).ok_or(Invalid)?;
    let port = port(&tok[colon + 1..]).ok_or(Invalid)?;
    let ip = &tok[..colon];
    if ip == b"-" {
        return Ok(None);
    }
    let ip = match ip {
        [b'[', v6 @ .., b']'] => v6.contains(&b':').then_some(v6).ok_or(Invalid)?,
        _ => ip,
    };
    Ok(Some(HostPort {
        ip: values::ip(ip).ok_or(Invalid)?,
        port,
    }))
}

#[cfg(test)]
#[path = "host_port_tests.rs"]
mod tests;

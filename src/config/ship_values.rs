//! Logstash settings read from their text: the host list, and where TLS material comes from.
//! Errors are texts; the caller names the setting.

use std::path::PathBuf;

use crate::ship::{HostAddr, PemSource, PemText, StoredSecret};

/// `host1:5044,host2:5044` → the hosts, each checked, none twice.
pub fn host_list(list: &str) -> Result<Vec<HostAddr>, String> {
    let mut hosts: Vec<HostAddr> = Vec::new();
    for addr in list.split(',').map(str::trim) {
        let host = HostAddr::parse(addr).map_err(|why| {
            format!("`{addr}`: {why} (HOST:PORT; several are separated by commas)")
        })?;
        if hosts.contains(&host) {
            return Err(format!("`{addr}` is listed twice"));
        }
        hosts.push(host);
    }
    Ok(hosts)
}

/// A TLS setting's value: an ARN (fetched later, at start-up), PEM text (the CA only) or a
/// file that must exist now. Empty means unset: CloudFormation passes unset parameters so.
pub fn pem_source(
    setting: &'static str,
    value: Option<&str>,
    text_allowed: bool,
) -> Result<Option<PemSource>, String> {
    let value = match value.map(str::trim) {
        None | Some("") => return Ok(None),
        Some(v) => v,
    };
    if value.starts_with("arn:") {
        return match StoredSecret::parse(setting, value) {
            Some(secret) => Ok(Some(PemSource::Stored(secret))),
            None => Err(format!(
                "`{value}` is not a Secrets Manager secret ARN \
                     (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or an SSM parameter ARN \
                     (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)"
            )),
        };
    }
    if value.starts_with("-----BEGIN") {
        return if text_allowed {
            Ok(Some(PemSource::Text(PemText {
                origin: setting.to_string(),
                text: value.to_string(),
            })))
        } else {
            // never echo it: this may be a private key
            Err("holds PEM text; give a file or the ARN of a secret holding it".into())
        };
    }
    let path = PathBuf::from(value);
    if !path.is_file() {
        return Err(format!("{} is not a readable file", path.display()));
    }
    Ok(Some(PemSource::File(path)))
}

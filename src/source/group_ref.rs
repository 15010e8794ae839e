//! A CloudWatch Logs group named on the command line, `cloudwatch://GROUP[/STREAM_PREFIX]`.
//! Pure, so a build without the `aws` feature can name it in its refusal.

/// A log group and, optionally, the prefix of the streams to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub group: String,
    pub stream_prefix: Option<String>,
}

/// `cloudwatch://GROUP[/STREAM_PREFIX]`; a group name may hold `/` (`/aws/elb/x`), so the
/// stream prefix follows `//` when the name has slashes: `cloudwatch:///aws/elb/x//2026/`.
pub fn parse_uri(uri: &str) -> Option<GroupRef> {
    let rest = uri.strip_prefix("cloudwatch://")?;
    let (group, prefix) = match rest.split_once("//") {
        Some((g, p)) => (g, Some(p)),
        None if !rest.starts_with('/') => match rest.split_once('/') {
            Some((g, p)) => (g, Some(p)),
            None => (rest, None),
        },
        None => (rest, None),
    };
    (!group.is_empty()).then(|| GroupRef {
        group: group.to_string(),
        stream_prefix: prefix.filter(|p| !p.is_empty()).map(str::to_string),
    })
}

#[cfg(test)]
#[path = "group_ref_tests.rs"]
mod tests;

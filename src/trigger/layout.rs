//! What an object's key says about it: the account, region and day of the logs in it, from
//! every layout AWS writes load-balancer logs in — the legacy one (and its file names), and the
//! vended deliveries' (docs/SCHEMA.md, "Key layouts"):
//! `AWSLogs/{account}/elasticloadbalancing/{region}/{yyyy}/{MM}/{dd}/…`, Hive-compatible
//! (`aws-account-id=…/…/region=…/year=…/month=…/day=…`), with a suffix path in place of the
//! region and date, and with a destination prefix in place of `AWSLogs/{account}/…/`.

/// A calendar day, as keys write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

/// What the key tells; each part only when the key says it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct KeyFacts<'a> {
    pub account: Option<&'a str>,
    pub region: Option<&'a str>,
    pub day: Option<Day>,
}

/// The facts of `key`, from its folders first and its file name where they say nothing.
pub fn key_facts(key: &str) -> KeyFacts<'_> {
    let (dirs, name) = key.rsplit_once('/').unwrap_or(("", key));
    let segs: Vec<&str> = dirs.split('/').filter(|s| !s.is_empty()).collect();
    let from_name = name_facts(name);
    let hive = |k: &str| {
        segs.iter()
            .find_map(|s| s.strip_prefix(k)?.strip_prefix('='))
    };
    let after_logs = segs.iter().position(|s| *s == "AWSLogs").map(|i| i + 1);
    let account = hive("aws-account-id")
        .or_else(|| after_logs.and_then(|i| segs.get(i).copied()))
        .filter(|a| is_account(a))
        .or(from_name.account);
    let (day, day_at) = match dir_day(&segs) {
        Some((d, at)) => (Some(d), Some(at)),
        None => (from_name.day, None),
    };
    let after_elb = segs
        .iter()
        .position(|s| *s == "elasticloadbalancing")
        .map(|i| i + 1);
    let region = hive("region")
        .or_else(|| after_elb.and_then(|i| segs.get(i).copied()))
        .filter(|r| is_region(r))
        // a destination prefix puts the region right before the date
        .or_else(|| {
            day_at
                .and_then(|i| i.checked_sub(1))
                .map(|i| segs[i])
                .filter(|r| is_region(r))
        })
        .or(from_name.region);
    KeyFacts {
        account,
        region,
        day,
    }
}

/// The first date of the folders, `yyyy/MM/dd` or Hive's `year=/month=/day=`, and where it
/// starts.
fn dir_day(segs: &[&str]) -> Option<(Day, usize)> {
    (0..segs.len().saturating_sub(2)).find_map(|i| {
        let part = |j: usize, hive: &str| {
            let s = segs[i + j];
            s.strip_prefix(hive)
                .and_then(|s| s.strip_prefix('='))
                .unwrap_or(s)
        };
        day(part(0, "year"), part(1, "month"), part(2, "day")).map(|d| (d, i))
    })
}

fn day(y: &str, m: &str, d: &str) -> Option<Day> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let day = Day {
        year: y.parse().ok()?,
        month: m.parse().ok()?,
        day: d.parse().ok()?,
    };
    ((1..=12).contains(&day.month) && (1..=31).contains(&day.day)).then_some(day)
}

/// The legacy file name: `[conn_log_|health_check_log_]{account}_elasticloadbalancing_{region}_
/// {lb}_{yyyymmdd}T{HHMM}Z_…`.
fn name_facts(name: &str) -> KeyFacts<'_> {
    let name = ["conn_log_", "health_check_log_"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let mut parts = name.split('_');
    let account = parts.next().filter(|a| is_account(a));
    if account.is_none() || parts.next() != Some("elasticloadbalancing") {
        return KeyFacts::default();
    }
    let region = parts.next().filter(|r| is_region(r));
    let day = parts.find_map(|p| {
        let (date, time) = p.split_once('T')?;
        (date.len() == 8 && time.ends_with('Z')).then_some(())?;
        day(&date[..4], &date[4..6], &date[6..])
    });
    KeyFacts {
        account,
        region,
        day,
    }
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|c| c.is_ascii_digit())
}

/// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`: letters, dashes, and a number at the end.
fn is_region(s: &str) -> bool {
    let Some((head, n)) = s.rsplit_once('-') else {
        return false;
    };
    !n.is_empty()
        && n.bytes().all(|c| c.is_ascii_digit())
        && head.len() >= 4
        && head.split('-').count() >= 2
        && head
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()))
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;

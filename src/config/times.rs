//! The ends of a backfill window (`--start`/`--end`): epoch milliseconds, a UTC time as RFC 3339
//! writes it (`2026-11-23T10:00:00Z`, fractions allowed), or a day (`2026-11-23`, `2026/11/23`:
//! its first millisecond). `cloudwatch://` inputs read the events in the window; `s3://`
//! prefixes the objects whose key's day meets it.

/// Epoch milliseconds of `text`, or why it is neither form.
pub fn epoch_ms(text: &str) -> Result<i64, String> {
    if !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()) {
        return text.parse().map_err(|e| format!("`{text}`: {e}"));
    }
    let bad = || {
        format!("`{text}` is neither epoch milliseconds nor a UTC time like 2026-11-23T10:00:00Z")
    };
    if let Some(ms) = day_only(text) {
        return Ok(ms);
    }
    let t = text.strip_suffix('Z').ok_or_else(bad)?;
    let (date, time) = t.split_once('T').ok_or_else(bad)?;
    let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let d: Vec<&str> = date.split('-').collect();
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let h: Vec<&str> = hms.split(':').collect();
    if d.len() != 3 || h.len() != 3 || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let (y, m, day) = (num(d[0])?, num(d[1])?, num(d[2])?);
    let (hh, mm, ss) = (num(h[0])?, num(h[1])?, num(h[2])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return Err(bad());
    }
    let f = &frac[..frac.len().min(3)];
    let ms = match f.is_empty() {
        true => 0,
        false => num(f)? * 10i64.pow(3 - f.len() as u32),
    };
    let secs = days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss;
    Ok(secs * 1000 + ms)
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`: the day's first millisecond.
fn day_only(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let [y, m, d] = parts[..] else { return None };
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
    if !(ok(y, 4) && ok(m, 2) && ok(d, 2)) {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| day_start_ms(y, m, d))
}

/// The first millisecond of a day (UTC).
pub fn day_start_ms(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) * 86_400_000
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[path = "times_tests.rs"]
mod tests;

//! A vended record → the legacy line with the same values, so the one parser, filter and
//! encoder every legacy line goes through read it too: the same values give the same document
//! by construction (docs/SCHEMA.md, "Vended records"). Fields the kind does not know go at the
//! end as `"name=value"` tokens, where the parser keeps appended fields as unknown.

use super::kinds::{Kind, Source, names};
use super::record::Record;

/// Writes the legacy line of `kind` for `rec` into `out` (cleared first).
pub fn legacy_line(kind: Kind, rec: &Record<'_>, out: &mut Vec<u8>) {
    out.clear();
    let sources = kind.sources();
    let unknown: Vec<usize> = (0..rec.fields.len())
        .filter(|&i| !kind.knows(rec.fields[i].0.as_bytes()))
        .collect();
    // up to the last field the record names (a legacy line of an older era ends there too),
    // at least the kind's shortest line; every field when unknown ones follow, so they cannot
    // be read as the next known one
    let last = match unknown.is_empty() {
        true => sources
            .iter()
            .rposition(|s| names(s).any(|n| rec.get(&[n]).1))
            .unwrap_or(0)
            .max(kind.min_len() - 1),
        false => sources.len() - 1,
    };
    for (i, source) in sources[..=last].iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        token(rec, source, out);
    }
    for i in unknown {
        let (key, name, value) = &rec.fields[i];
        // a tab-separated record names its fields by the configured list: the key is the name
        let name = match name.is_empty() {
            true => std::str::from_utf8(key.as_bytes()).unwrap_or("?"),
            false => name,
        };
        out.extend_from_slice(b" \"");
        quoted(name, out);
        out.push(b'=');
        quoted(value.as_deref().unwrap_or("-"), out);
        out.push(b'"');
    }
}

fn token(rec: &Record<'_>, source: &Source, out: &mut Vec<u8>) {
    match *source {
        Source::Field(n) => out.extend_from_slice(rec.get(n).0.unwrap_or("-").as_bytes()),
        Source::Quoted(n) => {
            out.push(b'"');
            quoted(rec.get(n).0.unwrap_or("-"), out);
            out.push(b'"');
        }
        Source::Joined { port, ip } => match (rec.get(port).0, rec.get(ip).0) {
            (Some(p), _) if p.contains(':') => out.extend_from_slice(p.as_bytes()),
            (Some(p), Some(ip)) => {
                out.extend_from_slice(ip.as_bytes());
                out.push(b':');
                out.extend_from_slice(p.as_bytes());
            }
            (Some(p), None) => out.extend_from_slice(p.as_bytes()),
            (None, _) => out.push(b'-'),
        },
        Source::IpOf { ip, port } => {
            let from_port = rec
                .get(port)
                .0
                .and_then(|p| p.rsplit_once(':'))
                .map(|(a, _)| a);
            out.extend_from_slice(rec.get(ip).0.or(from_port).unwrap_or("-").as_bytes());
        }
        Source::PortOf(port) => {
            let p = rec
                .get(port)
                .0
                .map(|p| p.rsplit_once(':').map_or(p, |(_, p)| p));
            out.extend_from_slice(p.unwrap_or("-").as_bytes());
        }
    }
}

/// A value inside a legacy quoted field: a `"` not already escaped gets its backslash.
fn quoted(v: &str, out: &mut Vec<u8>) {
    let mut escaped = false;
    for &c in v.as_bytes() {
        if c == b'"' && !escaped {
            out.push(b'\\');
        }
        escaped = c == b'\\' && !escaped;
        out.push(c);
    }
}

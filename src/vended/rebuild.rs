//! A vended record → the legacy line with the same values, so the one parser, filter and
//! encoder every legacy line goes through read it too: the same values give the same document
//! by construction (docs/SCHEMA.md, "Vended records"). Fields the kind does not know go at the
//! end as `"name=value"` tokens, where the parser keeps appended fields as unknown.

use super::index::{Id, Slot, index};
use super::kinds::Kind;
use super::quoting::quoted;
use super::record::Record;

/// A record's values by name id: the first field of each name that holds one, and which names
/// it named at all.
pub struct Values<'r> {
    of: [Option<&'r str>; 128],
    named: u128,
}

impl<'r> Values<'r> {
    pub fn new() -> Values<'r> {
        Values {
            of: [None; 128],
            named: 0,
        }
    }

    /// The record names `id`, with `value` (absent: `None`).
    pub fn name(&mut self, id: Id, value: Option<&'r str>) {
        self.named |= 1 << id;
        let slot = &mut self.of[usize::from(id)];
        if slot.is_none() {
            *slot = value;
        }
    }

    /// The value of the first of `ids` that holds one.
    fn get(&self, ids: &[Id]) -> Option<&'r str> {
        ids.iter().find_map(|&id| self.of[usize::from(id)])
    }

    fn names_any(&self, slot: &Slot) -> bool {
        let (a, b): (&[Id], &[Id]) = match slot {
            Slot::Field(n) | Slot::Quoted(n) | Slot::PortOf(n) => (n, &[]),
            Slot::Joined { port, ip } => (port, ip),
            Slot::IpOf { ip, port } => (ip, port),
        };
        a.iter().chain(b).any(|&id| self.named >> id & 1 == 1)
    }
}

/// Writes the legacy line of `kind` for `rec` into `out` (cleared first).
pub fn legacy_line(kind: Kind, rec: &Record<'_>, out: &mut Vec<u8>) {
    let mask = index().mask(kind);
    let known = |id: Option<Id>| id.is_some_and(|id| mask >> id & 1 == 1);
    let mut values = Values::new();
    let mut unknown = Vec::new();
    for f in &rec.fields {
        match f.id {
            Some(id) if known(f.id) => values.name(id, f.value.as_deref()),
            _ => unknown.push((f.name.as_ref(), f.value.as_deref())),
        }
    }
    write_line(kind, &values, &unknown, out);
}

/// Writes the legacy line of `kind` with `values`, and the `unknown` fields (name, value) after
/// it, into `out` (cleared first).
pub fn write_line(
    kind: Kind,
    values: &Values<'_>,
    unknown: &[(&str, Option<&str>)],
    out: &mut Vec<u8>,
) {
    out.clear();
    let slots = index().slots(kind);
    // up to the last field the record names (a legacy line of an older era ends there too),
    // at least the kind's shortest line; every field when unknown ones follow, so they cannot
    // be read as the next known one
    let last = match unknown.is_empty() {
        true => slots
            .iter()
            .rposition(|s| values.names_any(s))
            .unwrap_or(0)
            .max(kind.min_len() - 1),
        false => slots.len() - 1,
    };
    for (i, slot) in slots[..=last].iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        token(values, slot, out);
    }
    for (name, value) in unknown {
        out.extend_from_slice(b" \"");
        quoted(name.as_bytes(), out);
        out.push(b'=');
        quoted(value.unwrap_or("-").as_bytes(), out);
        out.push(b'"');
    }
}

fn token(values: &Values<'_>, slot: &Slot, out: &mut Vec<u8>) {
    match slot {
        Slot::Field(n) => out.extend_from_slice(values.get(n).unwrap_or("-").as_bytes()),
        Slot::Quoted(n) => {
            out.push(b'"');
            quoted(values.get(n).unwrap_or("-").as_bytes(), out);
            out.push(b'"');
        }
        Slot::Joined { port, ip } => match (values.get(port), values.get(ip)) {
            (Some(p), _) if p.contains(':') => out.extend_from_slice(p.as_bytes()),
            (Some(p), Some(ip)) => {
                out.extend_from_slice(ip.as_bytes());
                out.push(b':');
                out.extend_from_slice(p.as_bytes());
            }
            (Some(p), None) => out.extend_from_slice(p.as_bytes()),
            (None, _) => out.push(b'-'),
        },
        Slot::IpOf { ip, port } => {
            let from_port = values
                .get(port)
                .and_then(|p| p.rsplit_once(':'))
                .map(|(a, _)| a);
            out.extend_from_slice(values.get(ip).or(from_port).unwrap_or("-").as_bytes());
        }
        Slot::PortOf(port) => {
            let p = values
                .get(port)
                .map(|p| p.rsplit_once(':').map_or(p, |(_, p)| p));
            out.extend_from_slice(p.unwrap_or("-").as_bytes());
        }
    }
}

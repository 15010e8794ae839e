//! The shape nearly every vended record has — a kind's fields, each named once, in the kind's
//! own order (AWS's default list, or a prefix of it) — written straight into its legacy line
//! by position. It makes the same line `rebuild::write_line` makes from the same values (the
//! tests compare the two), without gathering the values by name first: the rebuild's table of
//! values, the kind's scoring and the search for the last named field were most of a record's
//! cost after the parse. Any other shape, and the rare value this cannot place, takes the
//! general rebuild.

use super::index::{Id, Slot, index};
use super::kinds::Kind;

/// How one position's value becomes its legacy token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// As it is, `-` when absent (a field, or an `ip:port` token whose address field the
    /// record does not name).
    Plain,
    /// In quotes, `"-"` when absent.
    Quoted,
    /// The address of a split pair (the port follows).
    Ip,
    /// The port of a split pair: the part after the last `:`.
    Port,
}

/// The steps of one shape of record, worked out once for every record of that shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    kind: Kind,
    steps: Vec<Step>,
}

impl Plan {
    /// The plan for records whose positions name `ids`, when they name `kind`'s tokens one to
    /// one and in order, at least as many as its shortest legacy line; `None` otherwise.
    pub fn of(kind: Kind, ids: &[Option<Id>]) -> Option<Plan> {
        let slots = index().slots(kind);
        if ids.len() < kind.min_len() || ids.len() > slots.len() {
            return None;
        }
        let mut steps = Vec::with_capacity(ids.len());
        for (i, (id, slot)) in ids.iter().zip(slots).enumerate() {
            let id = (*id)?;
            let step = match slot {
                Slot::Field(n) if n.contains(&id) => Step::Plain,
                Slot::Quoted(n) if n.contains(&id) => Step::Quoted,
                Slot::Joined { port, .. } if port.contains(&id) => Step::Plain,
                Slot::IpOf { ip, port } if ip.contains(&id) => {
                    let next = ids.get(i + 1).copied().flatten();
                    next.filter(|p| port.contains(p))?;
                    Step::Ip
                }
                Slot::PortOf(port) if port.contains(&id) && steps.last() == Some(&Step::Ip) => {
                    Step::Port
                }
                _ => return None,
            };
            steps.push(step);
        }
        Some(Plan { kind, steps })
    }

    /// Writes the legacy line of a record of this shape into `out` (cleared first), given its
    /// values in order (`-`, empty and `None` are absent). `None` when the count differs from
    /// the shape's, or a value needs the general rebuild (see `token`).
    pub fn write<'v>(
        &self,
        values: impl ExactSizeIterator<Item = Option<&'v str>>,
        out: &mut Vec<u8>,
    ) -> Option<Kind> {
        if values.len() != self.steps.len() {
            return None;
        }
        out.clear();
        for (i, v) in values.enumerate() {
            self.token(i, v, out).then_some(())?;
        }
        Some(self.kind)
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn positions(&self) -> usize {
        self.steps.len()
    }

    /// Appends the token of position `i` (after a space, but for the first) with value `v`;
    /// `false` when the value needs the general rebuild: a split pair's address that is absent
    /// (the rebuild takes it from the port field's `ip:port`). A reader that finds values one
    /// by one writes them as it goes, with no list of values in between.
    #[inline]
    pub fn token(&self, i: usize, v: Option<&str>, out: &mut Vec<u8>) -> bool {
        self.token_bytes(i, v.map(str::as_bytes), true, out)
    }

    /// `token` for a value as bytes, searched for a `"` only when `quotes` (the record holds
    /// one). Bytes, because the legacy line is bytes: a record that is not UTF-8 gives the
    /// line of the same bytes, as a legacy line would be.
    #[inline(always)]
    pub fn token_bytes(&self, i: usize, v: Option<&[u8]>, quotes: bool, out: &mut Vec<u8>) -> bool {
        if i > 0 {
            out.push(b' ');
        }
        let v = v.filter(|v| !v.is_empty() && *v != b"-");
        match (self.steps[i], v) {
            (Step::Plain, v) => out.extend_from_slice(v.unwrap_or(b"-")),
            (Step::Quoted, v) => {
                out.push(b'"');
                match quotes {
                    true => super::quoting::quoted(v.unwrap_or(b"-"), out),
                    false => out.extend_from_slice(v.unwrap_or(b"-")),
                }
                out.push(b'"');
            }
            (Step::Ip, None) => return false,
            (Step::Ip, Some(v)) => out.extend_from_slice(v),
            (Step::Port, v) => {
                let p = v.map(|p| {
                    p.iter()
                        .rposition(|&c| c == b':')
                        .map_or(p, |k| &p[k + 1..])
                });
                out.extend_from_slice(p.unwrap_or(b"-"));
            }
        }
        true
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;

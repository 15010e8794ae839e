//! Field names as small numbers, built once per process: every name a kind knows gets an id,
//! and each kind a mask of its ids and its legacy tokens by ids. A record
//! is then read with one binary search per field and its legacy line written from an array,
//! instead of comparing every field's name with every name of every kind (which cost ~30 µs a
//! record).

use std::sync::OnceLock;

use super::kinds::{KINDS, Kind, Source, names};

/// A known field name's number (fewer than 128 names: a kind's mask is a `u128`).
pub type Id = u8;

/// A legacy token's source, with names as ids (see `kinds::Source`).
#[derive(Debug, Clone)]
pub enum Slot {
    Field(Vec<Id>),
    Quoted(Vec<Id>),
    Joined { port: Vec<Id>, ip: Vec<Id> },
    IpOf { ip: Vec<Id>, port: Vec<Id> },
    PortOf(Vec<Id>),
}

pub struct Index {
    /// Every known name, sorted: an id is a position here.
    names: Vec<&'static str>,
    masks: [u128; 4],
    slots: [Vec<Slot>; 4],
}

pub fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build)
}

fn build() -> Index {
    let mut all: Vec<&'static str> = KINDS
        .iter()
        .flat_map(|k| k.sources().iter().flat_map(names))
        .collect();
    all.sort_unstable();
    all.dedup();
    assert!(
        all.len() <= 128,
        "{} field names do not fit a u128 mask",
        all.len()
    );
    let id = |n: &str| all.binary_search(&n).expect("a known name") as Id;
    let ids = |ns: &[&str]| ns.iter().map(|n| id(n)).collect::<Vec<_>>();
    let slot = |s: &Source| match *s {
        Source::Field(n) => Slot::Field(ids(n)),
        Source::Quoted(n) => Slot::Quoted(ids(n)),
        Source::Joined { port, ip } => Slot::Joined {
            port: ids(port),
            ip: ids(ip),
        },
        Source::IpOf { ip, port } => Slot::IpOf {
            ip: ids(ip),
            port: ids(port),
        },
        Source::PortOf(n) => Slot::PortOf(ids(n)),
    };
    let of = |k: Kind| {
        let mask = k
            .sources()
            .iter()
            .flat_map(names)
            .fold(0u128, |m, n| m | 1 << id(n));
        (mask, k.sources().iter().map(slot).collect::<Vec<_>>())
    };
    let [a, b, c, d] = KINDS.map(of);
    Index {
        masks: [a.0, b.0, c.0, d.0],
        slots: [a.1, b.1, c.1, d.1],
        names: all,
    }
}

impl Index {
    /// The id of a normalised name, if any kind knows it.
    pub fn id(&self, key: &[u8]) -> Option<Id> {
        self.names
            .binary_search_by(|n| n.as_bytes().cmp(key))
            .ok()
            .map(|i| i as Id)
    }

    pub fn mask(&self, kind: Kind) -> u128 {
        self.masks[kind as usize]
    }

    pub fn slots(&self, kind: Kind) -> &[Slot] {
        &self.slots[kind as usize]
    }
}

/// The kind whose fields `ids` name most (ties in `KINDS` order), if they name any.
pub fn kind_of(ids: impl Iterator<Item = Option<Id>> + Clone) -> Option<Kind> {
    let index = index();
    let score = |k: Kind| {
        let mask = index.mask(k);
        ids.clone()
            .filter(|id| id.is_some_and(|id| mask >> id & 1 == 1))
            .count()
    };
    let (best, n) = KINDS
        .iter()
        .map(|&k| (k, score(k)))
        .fold((Kind::AlbAccess, 0), |a, b| if b.1 > a.1 { b } else { a });
    (n > 0).then_some(best)
}

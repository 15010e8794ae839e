use proptest::prelude::*;

use super::super::kinds::{KINDS, delivered};
use super::super::rebuild::{Values, write_line};
use super::*;

fn default_ids(kind: Kind) -> Vec<Option<Id>> {
    kind.sources()
        .iter()
        .map(|s| index().id(delivered(s).as_bytes()))
        .collect()
}

/// The general rebuild's line for the same names and values: what the plan must write.
fn rebuilt(kind: Kind, ids: &[Option<Id>], values: &[Option<&str>]) -> Vec<u8> {
    let mut known = Values::new();
    for (id, v) in ids.iter().zip(values) {
        let v = v.filter(|v| !v.is_empty() && *v != "-");
        known.name(id.expect("a known name"), v);
    }
    let mut out = Vec::new();
    write_line(kind, &known, &[], &mut out);
    out
}

#[test]
fn every_kinds_default_list_has_a_plan() {
    for kind in KINDS {
        let ids = default_ids(kind);
        assert!(Plan::of(kind, &ids).is_some(), "{kind:?}");
        // and so does each prefix down to the kind's shortest legacy line
        for n in kind.min_len()..ids.len() {
            assert!(Plan::of(kind, &ids[..n]).is_some(), "{kind:?} {n}");
        }
    }
}

#[test]
fn other_shapes_are_left_to_the_rebuild() {
    let ids = default_ids(Kind::AlbAccess);
    let mut swapped = ids.clone();
    swapped.swap(5, 6);
    assert_eq!(Plan::of(Kind::AlbAccess, &swapped), None, "another order");
    let mut unknown = ids.clone();
    unknown[7] = None;
    assert_eq!(Plan::of(Kind::AlbAccess, &unknown), None, "an unknown name");
    assert_eq!(Plan::of(Kind::AlbAccess, &ids[..17]), None, "too short");
    let mut longer = ids.clone();
    longer.push(ids[0]);
    assert_eq!(Plan::of(Kind::AlbAccess, &longer), None, "too long");
    // a connection log's address without its port after it
    let conn = default_ids(Kind::AlbConnection);
    let mut split = conn.clone();
    split.swap(2, 3);
    assert_eq!(Plan::of(Kind::AlbConnection, &split), None);
}

#[test]
fn a_count_other_than_the_shapes_and_an_absent_address_are_refused() {
    let ids = default_ids(Kind::AlbConnection);
    let plan = Plan::of(Kind::AlbConnection, &ids).unwrap();
    let mut values = vec![Some("x"); ids.len()];
    let mut out = Vec::new();
    assert_eq!(plan.write(values[1..].iter().copied(), &mut out), None);
    values[1] = Some("-");
    assert_eq!(plan.write(values.iter().copied(), &mut out), None);
    values[1] = Some("10.0.0.1");
    let kind = plan.write(values.iter().copied(), &mut out);
    assert_eq!(kind, Some(Kind::AlbConnection));
}

fn value() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        None,
        Some(""),
        Some("-"),
        Some("h2"),
        Some("80"),
        Some("10.0.0.1:443"),
        Some("[2001:db8::1]:443"),
        Some("a b \"c\" d"),
        Some("ends with \\"),
        Some("0.001"),
    ])
}

proptest! {
    /// Whatever the values, the plan writes the rebuild's line for every kind and prefix,
    /// or (an absent address only) leaves the record to it.
    #[test]
    fn the_plan_writes_the_rebuilds_line(
        kind in prop::sample::select(KINDS.to_vec()),
        values in prop::collection::vec(value(), 40),
        cut in 0usize..40,
    ) {
        let ids = default_ids(kind);
        let n = kind.min_len() + cut % (ids.len() - kind.min_len() + 1);
        let (ids, values) = (&ids[..n], &values[..n]);
        let plan = Plan::of(kind, ids).unwrap();
        let mut out = Vec::new();
        match plan.write(values.iter().copied(), &mut out) {
            Some(k) => {
                prop_assert_eq!(k, kind);
                let want = rebuilt(kind, ids, values);
                prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&want));
                // values without a quote (all a flat JSON record has) need no search for one
                if values.iter().flatten().all(|v| !v.contains('"')) {
                    let mut unquoted = Vec::new();
                    for (i, v) in values.iter().enumerate() {
                        prop_assert!(plan.token_bytes(i, v.map(str::as_bytes), false, &mut unquoted));
                    }
                    prop_assert_eq!(unquoted, out);
                }
            }
            None => {
                let ip = plan.steps.iter().position(|s| *s == Step::Ip);
                prop_assert!(ip.is_some_and(|i| values[i].filter(|v| !v.is_empty() && *v != "-").is_none()));
            }
        }
    }
}

use proptest::prelude::*;

use super::super::kinds::KINDS;
use super::*;

fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "-",
        "h2",
        "80",
        "10.0.0.1:443",
        "a b",
        "x\"y",
        "0.001",
        "é",
        "a,b",
    ])
}

proptest! {
    /// A record read as it is split writes what the plan writes from the record's values split
    /// by `str::split`, and refuses what that refuses (another count, an absent address).
    #[test]
    fn plain_records_read_as_split(
        kind in prop::sample::select(KINDS.to_vec()),
        values in prop::collection::vec(value(), 40),
        delim in prop::sample::select(vec![b'\t', b',', b' ']),
        more in 0usize..4,
    ) {
        let names = Names::defaults(kind);
        // mostly the shape's own count, sometimes one fewer or more
        let n = (names.len() + more).saturating_sub(1).min(values.len());
        let values: Vec<&str> = values[..n]
            .iter()
            .map(|v| if v.contains(char::from(delim)) { "x" } else { v })
            .collect();
        let text = values.join(&char::from(delim).to_string());
        let (mut got, mut want) = (Vec::new(), Vec::new());
        let quotes = text.contains('"');
        let fast = names.read_plain(text.as_bytes(), delim, quotes, &mut got);
        let split: Vec<Option<&str>> = text.split(char::from(delim)).map(Some).collect();
        let slow = names.plan.as_ref().unwrap().write(split.into_iter(), &mut want);
        prop_assert_eq!(fast, slow);
        if fast.is_some() {
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn a_record_of_the_default_shape_is_read_as_split() {
    let names = Names::defaults(Kind::AlbHealthCheck);
    let mut out = Vec::new();
    let text = "http\t2026-11-23T10:05:00.123456Z\t0.002\t10.0.1.5:80\ttg-1\tPASS\t200\t-\tapp/a/b\t52.4.5.6";
    assert_eq!(
        names.read_plain(text.as_bytes(), b'\t', false, &mut out),
        Some(Kind::AlbHealthCheck)
    );
    assert_eq!(
        String::from_utf8(out.clone()).unwrap(),
        "http 2026-11-23T10:05:00.123456Z 0.002 10.0.1.5:80 tg-1 PASS 200 - app/a/b 52.4.5.6"
    );
    assert_eq!(
        names.read_plain(&text.as_bytes()[..text.len() - 9], b'\t', false, &mut out),
        None,
        "one fewer"
    );
    assert_eq!(
        names.read_plain(format!("{text}\tx").as_bytes(), b'\t', false, &mut out),
        None,
        "one more"
    );
}

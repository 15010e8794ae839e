use std::borrow::Cow;

use proptest::prelude::*;

use super::super::members::{self, Members};
use super::*;

/// The serde path's members of `text`: what `members` must give whenever it accepts `text`.
fn by_serde(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let Members(m) = serde_json::from_str(text).ok()?;
    m.into_iter()
        .map(|(n, raw)| {
            let v = members::text(raw).ok()?;
            Some((n.into_owned(), v.map(Cow::into_owned)))
        })
        .collect()
}

fn fast(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    members(text, |n, v| {
        out.push((n.to_string(), v.map(str::to_string)))
    })
    .then_some(out)
}

#[test]
fn flat_records_are_read_and_the_rest_left_to_serde() {
    let rec = r#" {"type": "http", "elb_status_code":200, "t":-0.5,"ua":null ,"ok":true,"x":""} "#;
    assert_eq!(fast(rec), by_serde(rec));
    assert!(fast(rec).is_some());
    for other in [
        r#"{"a":"say \"hi\""}"#,
        r#"{"a":1e-5}"#,
        r#"{"a":{"b":1}}"#,
        r#"{"a":[1]}"#,
        r#"{"a":01}"#,
        r#"{"a":1.}"#,
        r#"{"a":1,}"#,
        r#"{"a":1} x"#,
        r#"{"a" 1}"#,
        "{\"a\":\"tab\tinside\"}",
        r#"["a"]"#,
        "",
    ] {
        assert_eq!(fast(other), None, "{other}");
    }
    assert_eq!(fast("{}"), Some(vec![]));
}

proptest! {
    /// Whatever text it is given, an answer of the fast path is the serde path's answer.
    #[test]
    fn agrees_with_serde(text in r#"[{}":,\[\] a-z0-9.\-e\\tnul]{0,40}"#) {
        if let Some(got) = fast(&text) {
            prop_assert_eq!(Some(got), by_serde(&text));
        }
    }

    /// Flat objects built from names and values of every kind the fast path takes.
    #[test]
    fn flat_objects_agree_and_known_names_read_the_same(
        members in prop::collection::vec(
            ("[a-z_]{1,12}", prop_oneof![
                "[ -!#-\\[\\]-~]{0,20}".prop_map(|s| format!("\"{s}\"")),
                "-?(0|[1-9][0-9]{0,6})(\\.[0-9]{1,6})?",
                Just("null".to_string()),
                Just("true".to_string()),
            ]),
            0..12,
        ),
        ws in "[ ]{0,2}",
    ) {
        let body: Vec<String> = members.iter().map(|(n, v)| format!("\"{n}\"{ws}:{ws}{v}")).collect();
        let text = format!("{{{ws}{}{ws}}}", body.join(&format!("{ws},{ws}")));
        let got = fast(&text);
        prop_assert!(got.is_some(), "{}", text);
        prop_assert_eq!(&got, &by_serde(&text));
        let got = got.unwrap();
        let keys: Vec<Box<[u8]>> = got.iter().map(|(n, _)| key(n).unwrap()).collect();
        let mut values = Vec::new();
        prop_assert_eq!(
            values_of(text.as_bytes(), &keys, |_, v, _| { values.push(v.map(text_of)); true }),
            !keys.is_empty()
        );
        if !keys.is_empty() {
            let want: Vec<Option<String>> = got.iter().map(|(_, v)| v.clone()).collect();
            prop_assert_eq!(values, want);
        }
    }

    /// Given any names, an object the known-names path accepts has exactly those names, and
    /// the values the serde path gives (escapes included).
    #[test]
    fn known_names_are_never_misread(
        text in r#"[{}":,\[\] ab0-9.\-\\nulu/]{0,40}"#,
        names in prop::collection::vec("[ab]{0,2}", 1..4),
    ) {
        let keys: Vec<Box<[u8]>> = names.iter().map(|n| key(n).unwrap()).collect();
        let mut values = Vec::new();
        if values_of(text.as_bytes(), &keys, |_, v, _| { values.push(v.map(text_of)); true }) {
            let got = by_serde(&text).expect("a flat object");
            let want: Vec<(String, Option<String>)> = names.iter().cloned().zip(values).collect();
            prop_assert_eq!(got, want);
        }
    }

    /// Values with escapes of every kind are read as serde reads them, and said to be
    /// unescaped; values without are not.
    #[test]
    fn escaped_values_read_as_serde_reads_them(
        values in prop::collection::vec(
            prop_oneof![
                "[ -~\u{e9}\u{1F600}\t\n]{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
                "[a-z]{0,6}".prop_map(|s| format!("\"{s}\\u0026{s}\\/\"")),
                Just("12".to_string()),
            ],
            1..6,
        ),
    ) {
        let names: Vec<String> = (0..values.len()).map(|i| format!("f{i}")).collect();
        let body: Vec<String> = names.iter().zip(&values).map(|(n, v)| format!("\"{n}\":{v}")).collect();
        let text = format!("{{{}}}", body.join(","));
        let keys: Vec<Box<[u8]>> = names.iter().map(|n| key(n).unwrap()).collect();
        let mut got = Vec::new();
        prop_assert!(values_of(text.as_bytes(), &keys, |_, v, unescaped| {
            got.push((v.map(text_of), unescaped));
            true
        }), "{}", text);
        let want = by_serde(&text).unwrap();
        for ((v, _), (_, w)) in got.iter().zip(&want) {
            prop_assert_eq!(v, w);
        }
        for ((_, unescaped), raw) in got.iter().zip(&values) {
            prop_assert_eq!(*unescaped, raw.contains('\\'));
        }
    }
}

#[test]
fn known_names_in_another_order_or_escaped_names_are_left_to_members() {
    let names = [key("a").unwrap(), key("b").unwrap()];
    let mut v = Vec::new();
    assert!(values_of(
        r#" { "a" : "x", "b":2 } "#.as_bytes(),
        &names,
        |_, x, _| {
            v.push(x.map(text_of));
            true
        }
    ));
    assert_eq!(v, [Some("x".to_string()), Some("2".to_string())]);
    for other in [
        r#"{"b":"x","a":2}"#,
        r#"{"a":"x"}"#,
        r#"{"a":"x","b":2,"c":3}"#,
        r#"{"\u0061":"x","b":2}"#,
        r#"{"a":"x","b":"\q"}"#,
        "{\"a\":\"x\",\"b\":\"tab\tinside\"}",
        r#"{"a":"x","b":2"#,
    ] {
        assert!(
            !values_of(other.as_bytes(), &names, |_, _, _| true),
            "{other}"
        );
    }
    assert!(
        !values_of(r#"{"a":"x","b":2}"#.as_bytes(), &names, |k, _, _| k == 0),
        "stopped"
    );
    // a value with escapes is read unescaped
    let mut got = Vec::new();
    assert!(values_of(
        br#"{"a":"x","b":"\"q\u0026\/"}"#,
        &names,
        |_, x, u| {
            got.push((x.map(text_of), u));
            true
        }
    ));
    assert_eq!(got[1], (Some("\"q&/".to_string()), true));
    // names that could not stand unescaped get no key
    assert_eq!(key("a\""), None);
    assert_eq!(key("a\\b"), None);
    assert_eq!(key("tab\t"), None);
}

/// A value `values_of` handed on, as text (the tests' records are UTF-8).
fn text_of(v: &[u8]) -> String {
    String::from_utf8(v.to_vec()).unwrap()
}

#[test]
fn a_known_record_is_read_as_bytes() {
    let names = [key("a").unwrap(), key("b").unwrap()];
    let mut got = Vec::new();
    assert!(values_of(
        b"{\"a\":\"\xff\xfe\",\"b\":\"\\u00e9\"}",
        &names,
        |_, v, u| {
            got.push((v.map(<[u8]>::to_vec), u));
            true
        }
    ));
    assert_eq!(got[0], (Some(b"\xff\xfe".to_vec()), false));
    assert_eq!(got[1], (Some("\u{e9}".as_bytes().to_vec()), true));
    // an escaped value that is not UTF-8 is no string
    assert!(!values_of(
        b"{\"a\":\"\\n\xff\",\"b\":1}",
        &names,
        |_, _, _| true
    ));
}

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
    fn flat_objects_agree(
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
        prop_assert_eq!(got, by_serde(&text));
    }
}

//! Tests of `json`.

use super::*;

fn doc(f: impl FnOnce(&mut JsonOut)) -> String {
    let mut buf = Vec::new();
    let mut j = JsonOut::object(&mut buf);
    f(&mut j);
    j.finish();
    String::from_utf8(buf).unwrap()
}

#[test]
fn empty_objects_disappear() {
    let s = doc(|j| {
        j.str(k!("a"), b"x");
        j.open(k!("url"));
        j.opt_str(k!("path"), None);
        j.open(k!("deeper"));
        j.close();
        j.close();
        j.num(k!("n"), Some(b"1"));
    });
    assert_eq!(s, "{\"a\":\"x\",\"n\":1}\n");
}

#[test]
fn first_empty_object_leaves_no_comma() {
    let s = doc(|j| {
        j.open(k!("x"));
        j.close();
        j.open(k!("y"));
        j.u64(k!("n"), 2);
        j.close();
    });
    assert_eq!(s, "{\"y\":{\"n\":2}}\n");
}

#[test]
fn strings_are_escaped_and_invalid_utf8_replaced() {
    let mut buf = Vec::new();
    string(&mut buf, b"a\"b\\c\x01\t\xffz\xc3\xa9");
    assert_eq!(
        String::from_utf8(buf).unwrap(),
        "\"a\\\"b\\\\c\\u0001\\t\u{FFFD}z\u{e9}\""
    );
}

#[test]
fn every_byte_value_round_trips_through_serde() {
    for len in 0..20 {
        for seed in 0u8..=255 {
            let v: Vec<u8> = (0..len)
                .map(|i| {
                    seed.wrapping_mul(31)
                        .wrapping_add((i as u8).wrapping_mul(seed | 1))
                })
                .collect();
            let mut buf = Vec::new();
            string(&mut buf, &v);
            let back: String = serde_json::from_slice(&buf)
                .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(&buf)));
            assert_eq!(back, String::from_utf8_lossy(&v), "{v:?}");
        }
    }
}

#[test]
fn log_escaped_quotes_become_json_quotes() {
    let mut buf = Vec::new();
    quoted_string(&mut buf, br#"\"http/1.1\" x\y"#);
    let v: String = serde_json::from_slice(&buf).unwrap();
    assert_eq!(v, r#""http/1.1" x\y"#);
}

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
        let url = j.open(k!("url"));
        j.opt_str(k!("path"), None);
        let deeper = j.open(k!("deeper"));
        j.close(deeper);
        j.close(url);
        j.num(k!("n"), Some(b"1"));
    });
    assert_eq!(s, "{\"a\":\"x\",\"n\":1}\n");
}

#[test]
fn first_empty_object_leaves_no_comma() {
    let s = doc(|j| {
        let x = j.open(k!("x"));
        j.close(x);
        let y = j.open(k!("y"));
        j.u64(k!("n"), 2);
        j.close(y);
    });
    assert_eq!(s, "{\"y\":{\"n\":2}}\n");
}

#[test]
fn arrays_take_their_first_item_without_a_comma() {
    let s = doc(|j| {
        let a = j.open_array(k!("a"));
        j.item_num(b"1");
        j.item_str(b"x");
        j.close(a);
        let empty = j.open_array(k!("e"));
        j.close(empty);
        j.lit(kv!("kind", "event"));
    });
    assert_eq!(s, "{\"a\":[1,\"x\"],\"kind\":\"event\"}\n");
}

#[test]
fn an_empty_document_is_an_empty_object() {
    assert_eq!(doc(|_| {}), "{}\n");
}

#[test]
fn fast_strings_equal_the_portable_ones_for_any_bytes() {
    // lengths around the 16-byte steps, specials at every position, in a buffer with content
    let alphabet: &[u8] = b"a\"\\\n\x01\x7f\xc3\xa9\xff\xe2\x82 ";
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for len in 0..70 {
        for _ in 0..200 {
            let v: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if state.is_multiple_of(4) {
                        alphabet[(state >> 8) as usize % alphabet.len()]
                    } else {
                        b'a' + (state >> 16) as u8 % 26
                    }
                })
                .collect();
            for log_escapes in [false, true] {
                let mut fast = b"prefix".to_vec();
                let mut slow = b"prefix".to_vec();
                if log_escapes {
                    quoted_string(&mut fast, &v);
                } else {
                    string(&mut fast, &v);
                }
                string::portable::write(&mut slow, &v, log_escapes);
                assert_eq!(fast, slow, "{v:?}");
            }
        }
    }
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

//! `read_string` and its portable twin against `serde_json`, on arbitrary strings escaped
//! every way JSON allows, and on arbitrary bytes.

use proptest::prelude::*;

use super::{read_string, read_string_portable};

/// What both readers give for the string whose contents start `hay` (each checked against
/// the other), text appended to what `out` held.
fn read(hay: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut fast = b"held".to_vec();
    let mut portable = fast.clone();
    let end = read_string(hay, &mut fast);
    assert_eq!(end, read_string_portable(hay, &mut portable), "{hay:?}");
    let text = |out: Vec<u8>| out[4..].to_vec();
    if end.is_some() {
        assert_eq!(fast, portable, "{hay:?}");
    }
    end.map(|e| (text(fast), e))
}

/// `serde_json`'s reading of the same string: its text and where it ends.
fn by_serde(hay: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut quoted = b"\"".to_vec();
    quoted.extend_from_slice(hay);
    let mut values = serde_json::Deserializer::from_slice(&quoted).into_iter::<String>();
    let s = values.next()?.ok()?;
    Some((s.into_bytes(), values.byte_offset() - 1))
}

/// `s` as a JSON string's contents, each character written as `how` picks: 0 as it is where
/// JSON allows, 1 as its short escape where it has one, 2 as `\u` escapes (UTF-16 units).
fn escape(s: &str, how: &[u8]) -> String {
    let mut out = String::new();
    for (c, &how) in s.chars().zip(how.iter().cycle()) {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '/' => Some("\\/"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            '\r' => Some("\\r"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            _ => None,
        };
        let plain = !matches!(c, '"' | '\\' | '\0'..='\u{1f}');
        match (how % 3, short) {
            (0, _) if plain => out.push(c),
            (1, Some(e)) => out.push_str(e),
            _ => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out
}

proptest! {
    #[test]
    fn any_string_escaped_any_way_reads_back(
        s in any::<String>(),
        how in prop::collection::vec(0u8..3, 1..8),
        after in "[,}\\]\" a-z]{0,20}",
    ) {
        let hay = format!("{}\"{after}", escape(&s, &how));
        let want = (s.into_bytes(), hay.len() - after.len());
        prop_assert_eq!(by_serde(hay.as_bytes()), Some(want.clone()));
        prop_assert_eq!(read(hay.as_bytes()), Some(want));
    }

    #[test]
    fn any_bytes_read_as_serde_json_reads_them(
        hay in prop::collection::vec(
            prop_oneof![Just(b'\\'), Just(b'"'), Just(b'u'), Just(b'D'), Just(b'8'),
                        Just(0xc3u8), Just(0xa9u8), Just(0x01u8), 0x20u8..0x7f, any::<u8>()],
            0..80)
    ) {
        // where serde_json reads a string the readers read the same; where it refuses,
        // they refuse
        prop_assert_eq!(read(&hay), by_serde(&hay));
    }
}

#[test]
fn a_record_s_escaped_quotes_are_quotes() {
    let hay = br#"{\"type\":\"http\",\"user_agent\":\"a \\\"b\\\"\"}","timestamp":1}"#;
    let (text, end) = read(hay).unwrap();
    assert_eq!(text, br#"{"type":"http","user_agent":"a \"b\""}"#);
    assert_eq!(&hay[end..], br#","timestamp":1}"#);
}

#[test]
fn what_no_json_string_holds_is_refused() {
    for hay in [
        &b"no end"[..],
        b"a\x01b\"",
        b"bad \\x escape\"",
        b"lone \\uD800 half\"",
        b"lone \\uDC00 half\"",
        b"short \\u12\"",
        b"not utf-8 \xff\"",
        b"cut \xc3",
    ] {
        assert_eq!(read(hay), None, "{}", String::from_utf8_lossy(hay));
        assert_eq!(by_serde(hay), None, "{}", String::from_utf8_lossy(hay));
    }
}

#[test]
fn a_surrogate_pair_is_one_character() {
    let (text, _) = read(br#"\uD83D\uDE00 and \u00e9 and \u0041""#).unwrap();
    assert_eq!(text, "😀 and é and A".as_bytes());
}

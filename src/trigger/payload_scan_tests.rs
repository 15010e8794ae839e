//! `scan` against `serde_json` (`logs::by_serde`): the same head and events for every payload
//! it takes, and nothing taken that `serde_json` reads otherwise or refuses.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::scan;
use crate::trigger::logs::by_serde;

/// An object of these members in this order, compact or with whitespace around everything.
fn object(members: Vec<(&str, String)>, spaced: bool) -> String {
    let sep = if spaced { " ,\n\t" } else { "," };
    let colon = if spaced { " : " } else { ":" };
    let members: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{}{colon}{v}", json!(k)))
        .collect();
    match spaced {
        true => format!("{{\r\n {} }}", members.join(sep)),
        false => format!("{{{}}}", members.join(sep)),
    }
}

/// A payload with these events, members in the order `order` gives (a rotation), extra
/// members where `extra` says, written compact or with whitespace.
fn payload(events: &[(Value, i64, String)], order: usize, extra: bool, spaced: bool) -> Vec<u8> {
    let events: Vec<String> = events
        .iter()
        .map(|(id, ts, m)| {
            let mut e = vec![
                ("id", id.to_string()),
                ("timestamp", ts.to_string()),
                ("message", json!(m).to_string()),
            ];
            e.rotate_left(order % 3);
            if extra {
                e.push((
                    "extra",
                    json!({"nested": [1, 2.5e3, null, true, "x\"y", {}, []]}).to_string(),
                ));
            }
            object(e, spaced)
        })
        .collect();
    let mut members = vec![
        ("messageType", json!("DATA_MESSAGE").to_string()),
        ("owner", json!("123456789012").to_string()),
        ("logGroup", json!("/aws/elb/my-alb").to_string()),
        ("logStream", json!("2026/11/23/[$LATEST]é").to_string()),
        ("subscriptionFilters", json!(["to-lambda"]).to_string()),
        (
            "logEvents",
            format!("[{}]", events.join(if spaced { " , " } else { "," })),
        ),
    ];
    members.rotate_left(order % 6);
    if extra {
        members.push(("policyLevel", json!("ACCOUNT_LEVEL_POLICY").to_string()));
    }
    object(members, spaced).into_bytes()
}

fn event() -> impl Strategy<Value = (Value, i64, String)> {
    let id = prop_oneof![
        "[0-9]{56}".prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
    ];
    (id, any::<i64>(), any::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_payload_reads_as_serde_json_reads_it(
        events in prop::collection::vec(event(), 0..6),
        order in 0usize..6,
        extra in any::<bool>(),
        spaced in any::<bool>(),
    ) {
        let bytes = payload(&events, order, extra, spaced);
        let fast = scan(&bytes);
        prop_assert!(fast.is_some(), "{}", String::from_utf8_lossy(&bytes));
        prop_assert_eq!(fast, by_serde(&bytes));
    }

    #[test]
    fn a_broken_payload_is_taken_only_as_serde_json_takes_it(
        events in prop::collection::vec(event(), 1..3),
        cut in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(b'"'), Just(b'\\'), Just(b','), Just(b'}'), Just(b'-'),
                            Just(b'0'), Just(b'.'), Just(b'e'), Just(b' '), any::<u8>()],
        replace in any::<bool>(),
    ) {
        let mut bytes = payload(&events, 0, true, false);
        let at = cut.index(bytes.len());
        match replace {
            true => bytes[at] = byte,
            false => bytes.insert(at, byte),
        }
        if let Some(fast) = scan(&bytes) {
            prop_assert_eq!(Some(fast), by_serde(&bytes), "{}", String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn what_serde_json_reads_otherwise_is_left_to_it() {
    let base = r#"{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":"1","timestamp":@,"message":"m"}]}"#;
    for t in ["-0", "1.0", "1e3", "9223372036854775808"] {
        let bytes = base.replace('@', t);
        assert_eq!(scan(bytes.as_bytes()), None, "timestamp {t}");
    }
    let twice = base
        .replace('@', "1")
        .replace(r#""logGroup":"g""#, r#""logGroup":"g","logGroup":"h""#);
    assert_eq!(scan(twice.as_bytes()), None, "a member twice");
    let deep = base.replace('@', "1").replacen(
        '{',
        &format!("{{\"x\":{}1{},", "[".repeat(101), "]".repeat(101)),
        1,
    );
    assert_eq!(scan(deep.as_bytes()), None, "deep nesting");
    let ok = base.replace('@', "-5");
    let (head, events) = scan(ok.as_bytes()).unwrap();
    assert_eq!(head.log_group.as_deref(), Some("g"));
    assert_eq!(
        (events.iter().next().unwrap().timestamp, events.message(0)),
        (-5, &b"m"[..])
    );
}

#[test]
fn a_numeric_id_is_its_digits() {
    let bytes = br#"{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":18446744073709551615,"timestamp":1,"message":"m"}]}"#;
    let (_, events) = scan(bytes).unwrap();
    assert_eq!(events.iter().next().unwrap().id, "18446744073709551615");
    assert_eq!(Some(scan(bytes).unwrap()), by_serde(bytes));
}

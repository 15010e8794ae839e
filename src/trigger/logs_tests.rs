//! Tests of `logs`: subscription data as CloudWatch encodes it (the payload's shape from AWS's
//! CloudWatch Logs guide, "Subscriptions"; event ids are 56-digit decimal strings).

use std::io::Write;

use base64::Engine;

use super::*;

fn encode(bytes: &[u8], gzip: bool) -> String {
    let data = if gzip {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    } else {
        bytes.to_vec()
    };
    base64::engine::general_purpose::STANDARD.encode(data)
}

const ID: &str = "31953106606966983378809025079804211143289615424298221568";

fn payload(kind: &str) -> String {
    format!(
        r#"{{"messageType":"{kind}","owner":"123456789012","logGroup":"/aws/elb/my-alb","logStream":"2026/11/23","subscriptionFilters":["to-lambda"],"logEvents":[{{"id":"{ID}","timestamp":1763892000000,"message":"http 2026-11-23T10:00:00Z app/a/1 1.2.3.4:5 - -1 -1 -1 503 - 0 0 \"GET http://x/ HTTP/1.1\" \"-\" - -"}},{{"id":"2","timestamp":1763892000001,"message":"second"}}]}}"#
    )
}

#[test]
fn a_data_message_gives_its_events_with_their_ids_as_sent() {
    let LogsData::Events(p) = decode(&encode(payload("DATA_MESSAGE").as_bytes(), true)).unwrap()
    else {
        panic!("not events")
    };
    assert_eq!(
        (p.owner.as_str(), p.log_group.as_str()),
        ("123456789012", "/aws/elb/my-alb")
    );
    assert_eq!(p.log_stream, "2026/11/23");
    assert_eq!(p.events.len(), 2);
    let first = p.events.iter().next().unwrap();
    assert_eq!((first.id.as_str(), first.timestamp), (ID, 1763892000000));
    let message = p.events.message(0);
    assert!(message.starts_with(b"http 2026-11-23T10:00:00Z"));
    // the record's escaped quotes come out as quotes
    assert!(message.ends_with(br#" "GET http://x/ HTTP/1.1" "-" - -"#));
    assert_eq!(p.events.message(1), b"second");
}

#[test]
fn a_control_message_is_told_apart() {
    let data = encode(payload("CONTROL_MESSAGE").as_bytes(), true);
    assert_eq!(decode(&data), Ok(LogsData::Control));
}

#[test]
fn a_payload_written_plain_or_with_numeric_ids_is_a_payload_too() {
    let data = encode(payload("DATA_MESSAGE").as_bytes(), false);
    assert!(matches!(decode(&data), Ok(LogsData::Events(_))));
    let numeric = payload("DATA_MESSAGE").replace(r#""id":"2""#, r#""id":2"#);
    let Ok(LogsData::Events(p)) = decode(&encode(numeric.as_bytes(), true)) else {
        panic!("not events")
    };
    assert_eq!(p.events.iter().nth(1).unwrap().id, "2");
}

#[test]
fn data_that_is_no_payload_is_lines() {
    let lines = b"http 2026-11-23T10:00:00Z app/a/1\nsecond line\n";
    assert_eq!(
        decode(&encode(lines, false)),
        Ok(LogsData::Lines(lines.to_vec()))
    );
    assert_eq!(
        decode(&encode(lines, true)),
        Ok(LogsData::Lines(lines.to_vec()))
    );
}

#[test]
fn broken_data_says_what_is_wrong() {
    assert!(matches!(
        decode("not base64 ✗"),
        Err(DataError::NotBase64(_))
    ));
    let truncated = encode(payload("DATA_MESSAGE").as_bytes(), true);
    let raw = base64::engine::general_purpose::STANDARD
        .decode(truncated)
        .unwrap();
    let cut = base64::engine::general_purpose::STANDARD.encode(&raw[..raw.len() / 2]);
    assert!(matches!(decode(&cut), Err(DataError::NotGzip(_))));
    let odd = payload("DATA_MESSAGE").replace("DATA_MESSAGE", "SOMETHING_ELSE");
    assert_eq!(
        decode(&encode(odd.as_bytes(), true)),
        Err(DataError::UnknownType("SOMETHING_ELSE".into()))
    );
    let no_group = payload("DATA_MESSAGE").replace("logGroup", "group");
    let missing = decode(&encode(no_group.as_bytes(), true)).unwrap_err();
    assert_eq!(missing, DataError::Missing("logGroup"));
    assert!(missing.to_string().contains("logGroup"));
}

#[test]
fn a_payload_whose_message_is_no_string_is_no_payload() {
    let odd = payload("DATA_MESSAGE").replace(r#""message":"second""#, r#""message":7"#);
    assert_eq!(
        decode(&encode(odd.as_bytes(), false)),
        Ok(LogsData::Lines(odd.into_bytes()))
    );
}

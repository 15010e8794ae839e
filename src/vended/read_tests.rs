//! Tests of `read`: each rule of docs/SCHEMA.md's "Vended records" on a small record.

use super::*;

fn legacy(record: &str, fields: &FieldList) -> Result<(Kind, String), VendedError> {
    let mut out = Vec::new();
    let kind = read(record.as_bytes(), fields, &mut out)?;
    Ok((kind, String::from_utf8(out).unwrap()))
}

fn none() -> FieldList {
    FieldList::default()
}

#[test]
fn json_names_in_any_spelling_meet_and_values_may_be_numbers_or_null() {
    let rec = r#"{"TYPE":"http","time":"2026-11-23T10:00:00.1Z","Elb":"app/a/1","client-port":"10.0.0.1:5000","elb_status_code":200,"REQUEST_LINE":"GET http://x/ HTTP/1.1","userAgent":null,"request_processing_time":0.000}"#;
    let (kind, line) = legacy(rec, &none()).unwrap();
    assert_eq!(kind, Kind::AlbAccess);
    assert_eq!(
        line,
        // padded to the shortest ALB line (18 fields) with absent fields
        r#"http 2026-11-23T10:00:00.1Z app/a/1 10.0.0.1:5000 - 0.000 - - 200 - - - "GET http://x/ HTTP/1.1" "-" - - - "-""#
    );
}

#[test]
fn a_port_field_with_only_the_port_is_joined_with_its_address_field() {
    let rec = r#"{"type":"tls","version":"2.0","time":"2026-11-23T10:00:00Z","elb":"net/n/1","listener":"l","client_ip":"2001:db8::1","client_port":"443"}"#;
    let (kind, line) = legacy(rec, &none()).unwrap();
    assert_eq!(kind, Kind::NlbAccess);
    assert!(line.contains(" l 2001:db8::1:443 "), "{line}");
}

#[test]
fn a_connection_log_port_holding_ip_and_port_is_split() {
    let rec = r#"{"time":"2026-11-23T10:00:00Z","client_port":"10.0.0.9:1234","listener_port":"443","tls_handshake_latency":"0.1"}"#;
    let (kind, line) = legacy(rec, &none()).unwrap();
    assert_eq!(kind, Kind::AlbConnection);
    assert_eq!(
        line,
        r#"2026-11-23T10:00:00Z 10.0.0.9 1234 443 - - 0.1 "-" - - - -"#
    );
}

#[test]
fn quotes_in_a_value_are_escaped_once() {
    let rec = r#"{"type":"http","user_agent":"a \"b\" c\\\" d"}"#;
    let (_, line) = legacy(rec, &none()).unwrap();
    assert!(line.contains(r#" "a \"b\" c\" d" "#), "{line}");
}

#[test]
fn unknown_names_follow_the_full_line_as_unknown_tokens() {
    let rec = r#"{"type":"h2","time":"2026-11-23T10:00:00Z","latency":"0.1","target_group_id":"tg","new_thing":"x y"}"#;
    let (kind, line) = legacy(rec, &none()).unwrap();
    assert_eq!(kind, Kind::AlbHealthCheck);
    assert_eq!(
        line,
        r#"h2 2026-11-23T10:00:00Z 0.1 - tg - - - - - "new_thing=x y""#
    );
}

#[test]
fn tab_separated_records_take_the_default_order_by_count_or_the_configured_list() {
    let hc = "http\t2026-11-23T10:00:00Z\t0.01\t10.0.0.1:80\ttg\tPASS\t200\t-\tapp/a/1\t10.0.0.2";
    let (kind, line) = legacy(hc, &none()).unwrap();
    assert_eq!(kind, Kind::AlbHealthCheck);
    assert_eq!(line, hc.replace('\t', " "));
    let list = FieldList::parse("STATUS, target_group_id,TYPE,time,latency").unwrap();
    let (kind, line) = legacy("FAIL\ttg\thttps\t2026-11-23T10:00:00Z\t0.5", &list).unwrap();
    assert_eq!(kind, Kind::AlbHealthCheck);
    assert_eq!(line, "https 2026-11-23T10:00:00Z 0.5 - tg FAIL - -");
}

#[test]
fn what_is_not_a_record_says_why() {
    assert!(matches!(
        legacy("{not json", &none()),
        Err(VendedError::Json(_))
    ));
    assert!(matches!(
        legacy("a\tb\tc", &none()),
        Err(VendedError::FieldCount(3))
    ));
    assert!(matches!(
        legacy(r#"{"colour":"blue"}"#, &none()),
        Err(VendedError::NoKnownField(n)) if n == "colour"
    ));
    let mut out = Vec::new();
    assert_eq!(
        read(b"{\"type\":\"\xff\"}", &none(), &mut out),
        Err(VendedError::Utf8)
    );
}

#[test]
fn only_json_objects_and_tab_or_comma_first_lines_look_vended() {
    assert!(looks_vended(b"{\"type\":\"http\"}"));
    assert!(looks_vended(b"http,2026-11-23T10:00:00Z,app/a/1"));
    assert!(!looks_vended(b"http 2026-11-23T10:00:00Z \"a,b\""));
    assert!(looks_vended(b"  {\"type\":\"http\"}"));
    assert!(looks_vended(b"http\t2026-11-23T10:00:00Z\tapp/a/1"));
    assert!(!looks_vended(b"http 2026-11-23T10:00:00Z app/a/1\tx"));
    assert!(!looks_vended(b"garbage"));
}

#[test]
fn comma_separated_records_may_quote_values_holding_commas() {
    let rec = r#"http,2026-11-23T10:00:00.006306Z,0.021785200,10.0.3.170:8080,"tg,1",PASS,200,-,app/my-alb/1,10.0.3.17"#;
    let (kind, line) = legacy(rec, &none()).unwrap();
    assert_eq!(kind, Kind::AlbHealthCheck);
    assert_eq!(
        line,
        "http 2026-11-23T10:00:00.006306Z 0.021785200 10.0.3.170:8080 tg,1 PASS 200 - app/my-alb/1 10.0.3.17"
    );
}

/// A tab-separated record of the delivery's shape is read as bytes, as a legacy line is: one
/// that is not UTF-8 gives the legacy line of the same bytes (and so the same document).
#[test]
fn a_tab_separated_record_that_is_not_utf8_gives_the_line_of_its_bytes() {
    let record = b"http\t2026-11-23T10:05:00.123456Z\t0.002\t10.0.1.5:80\ttg-\xff\tPASS\t200\t-\tapp/a/b\t52.4.5.6";
    let mut out = Vec::new();
    assert_eq!(
        Reader::default().read(record, &none(), &mut out),
        Ok(Kind::AlbHealthCheck)
    );
    let want: Vec<u8> = record
        .iter()
        .map(|&c| if c == b'\t' { b' ' } else { c })
        .collect();
    assert_eq!(out, want);
}

proptest::proptest! {
    /// Records of one delivery read by one `Reader` (the names remembered, later records read
    /// by position, escapes and all) give the lines each gives read on its own.
    #[test]
    fn a_delivery_read_in_turn_gives_the_lines_of_each_record_alone(
        values in proptest::collection::vec(
            proptest::collection::vec("[ -~\u{e9}]{0,8}|-|", 34),
            1..6,
        ),
        escape_html in proptest::bool::ANY,
    ) {
        // ALB access logs: their quoted fields are where a `"` must be escaped
        let names: Vec<&str> = Kind::AlbAccess.sources().iter().map(super::super::kinds::delivered).collect();
        let mut reader = Reader::default();
        for record in &values {
            let members: Vec<String> = names
                .iter()
                .zip(record)
                .map(|(n, v)| {
                    let v = serde_json::to_string(v).unwrap();
                    // as encoders that escape for HTML (Go's) or all non-ASCII write them
                    let v = match escape_html {
                        true => v.replace('&', "\\u0026").replace('é', "\\u00e9"),
                        false => v,
                    };
                    format!("\"{n}\":{v}")
                })
                .collect();
            let text = format!("{{{}}}", members.join(","));
            let (mut shared, mut alone) = (Vec::new(), Vec::new());
            let got = reader.read(text.as_bytes(), &none(), &mut shared);
            let want = read(text.as_bytes(), &none(), &mut alone);
            proptest::prop_assert_eq!(&got, &want, "{}", text);
            if want.is_ok() {
                proptest::prop_assert_eq!(
                    String::from_utf8_lossy(&shared),
                    String::from_utf8_lossy(&alone),
                    "{}", text
                );
            }
        }
    }
}

use super::*;
use crate::parse::values::Invalid;

fn all<'a>(i: impl Iterator<Item = &'a [u8]>) -> Vec<&'a str> {
    i.map(|b| std::str::from_utf8(b).unwrap()).collect()
}

#[test]
fn lists_split_and_drop_empty_and_dash_entries() {
    assert_eq!(all(actions(b"waf,forward,")), ["waf", "forward"]);
    assert_eq!(
        all(targets(b"10.0.0.1:80 - 10.0.0.2:80")),
        ["10.0.0.1:80", "10.0.0.2:80"]
    );
    assert_eq!(all(status_codes(b"200 - 5x 502")), ["200", "502"]);
    assert_eq!(
        all(alpn_protocols(br#""h2",\"http/1.1\","#)),
        ["h2", "http/1.1"]
    );
}

#[test]
fn validity_takes_both_dates_and_fails_on_a_bad_part() {
    let v = validity(b"NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-09-21T22:43:21Z")
        .unwrap()
        .unwrap();
    assert_eq!(v.not_before.unwrap().text, b"2023-09-21T22:43:21");
    assert_eq!(v.not_after.unwrap().text, b"2026-09-21T22:43:21");
    // a date that is not one fails the line (SCHEMA, "Values"), it is not dropped
    assert_eq!(validity(b"NotBefore=yesterday"), Err(Invalid));
    assert_eq!(
        validity(b"NotBefore=-;NotAfter=-"),
        Ok(Some(Validity::default()))
    );
}

#[test]
fn validity_of_another_shape_is_not_this_field() {
    assert_eq!(validity(b"-"), Ok(None));
    assert_eq!(validity(b"4d2c1a3b"), Err(Invalid));
    assert_eq!(validity(b"Success"), Err(Invalid));
}

#[test]
fn verify_status_splits_failed_codes() {
    assert_eq!(verify_status(b"Success"), Ok(Some(VerifyStatus::Success)));
    assert_eq!(
        verify_status(b"Failed:UnmappedCert"),
        Ok(Some(VerifyStatus::Failed {
            code: Some(b"UnmappedCert")
        }))
    );
    assert_eq!(
        verify_status(b"Failed:"),
        Ok(Some(VerifyStatus::Failed { code: None }))
    );
    assert_eq!(verify_status(b"-"), Ok(None));
}

#[test]
fn verify_status_of_another_shape_is_not_this_field() {
    assert_eq!(verify_status(b"TID_8f2e"), Err(Invalid));
    assert_eq!(verify_status(b"success"), Err(Invalid));
}

#[test]
fn unknown_fields_keep_quoted_tokens_whole_and_an_unterminated_rest_verbatim() {
    let got: Vec<_> = unknown_fields(br#""FOO BAR" BAZ"#).collect();
    assert_eq!(got, [Unknown::Field(b"FOO BAR"), Unknown::Field(b"BAZ")]);
    let got: Vec<_> = unknown_fields(br#"A "open end"#).collect();
    assert_eq!(got, [Unknown::Field(b"A"), Unknown::Rest(br#""open end"#)]);
    assert_eq!(unknown_fields(b"").count(), 0);
}

#[test]
fn alpn_placeholders_are_not_protocols() {
    let got: Vec<&[u8]> = alpn_protocols(br#""-""#).collect();
    assert!(got.is_empty());
    let got: Vec<&[u8]> = alpn_protocols(br#""h2","-""#).collect();
    assert_eq!(got, vec![&b"h2"[..]]);
}

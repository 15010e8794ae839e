use super::*;

const HEALTH: &str = "http 2026-11-23T10:00:00.006306Z 0.021785200 10.0.3.170:8080 tg-http-0 \
                      PASS 200 - app/my-alb/50dc6c495c0c9188 10.0.3.17";
const NAMES: &str = "type time latency target_addr target_group_id status status_code \
                     reason_code elb ip_address";

fn fields_of(line: &str) -> W3cFields {
    match directive(line.as_bytes()) {
        Some(Ok(Directive::Fields(f))) => f,
        other => panic!("{other:?}"),
    }
}

fn legacy(record: &str, fields: &W3cFields) -> String {
    let mut out = Vec::new();
    read_w3c(record.as_bytes(), fields, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn records_map_by_the_declared_names_with_any_delimiter() {
    for delim in [" ", "\t", ","] {
        let fields = fields_of(&format!("#Fields: {}", NAMES.replace(' ', delim)));
        let record = HEALTH.replace(' ', delim);
        assert_eq!(legacy(&record, &fields), HEALTH, "delimiter {delim:?}");
    }
}

#[test]
fn names_separated_by_spaces_still_read_records_of_another_delimiter() {
    let fields = fields_of(&format!("#Fields: {NAMES}"));
    assert_eq!(legacy(&HEALTH.replace(' ', "\t"), &fields), HEALTH);
}

#[test]
fn quoted_values_keep_their_delimiters() {
    let fields = fields_of("#Fields: type time elb client_port request_line user_agent");
    let record =
        r#"http 2026-11-23T10:00:00Z app/a/1 10.0.0.1:5000 "GET http://x/ HTTP/1.1" "curl \"8\"""#;
    let line = legacy(record, &fields);
    assert!(
        line.contains(r#""GET http://x/ HTTP/1.1" "curl \"8\"""#),
        "{line}"
    );
}

#[test]
fn other_directives_are_recognised_and_comments_of_other_kinds_are_not() {
    assert_eq!(directive(b"#Version: 1.0"), Some(Ok(Directive::Other)));
    assert_eq!(
        directive(b"#Date: 2026-09-10 00:00:00"),
        Some(Ok(Directive::Other))
    );
    assert_eq!(directive(b"# just a comment"), None);
    assert_eq!(directive(b"http 2026"), None);
}

#[test]
fn a_fields_line_naming_nothing_is_an_error() {
    assert!(matches!(directive(b"#Fields: "), Some(Err(_))));
}

#[test]
fn a_short_record_is_split_by_the_delimiter_that_splits_it_most() {
    let fields = fields_of(&format!("#Fields: {NAMES}"));
    let short =
        "https,2026-11-23T10:00:00.024847Z,0.080812918,10.0.1.12:80,tg-https-1,FAIL,-,TimedOut";
    assert!(legacy(short, &fields).starts_with("https 2026-11-23T10:00:00.024847Z 0.080812918 "));
}

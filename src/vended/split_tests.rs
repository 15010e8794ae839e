use super::*;

fn values(line: &str, delim: u8) -> Vec<String> {
    split(line, delim)
        .into_iter()
        .map(|v| v.into_owned())
        .collect()
}

#[test]
fn plain_values_split_at_the_delimiter_and_empty_ones_are_kept() {
    assert_eq!(values("a b  c", b' '), ["a", "b", "", "c"]);
    assert_eq!(values("a\tb", b'\t'), ["a", "b"]);
    assert_eq!(values("a,", b','), ["a", ""]);
    assert_eq!(values("", b','), [""]);
}

#[test]
fn quoted_values_hold_the_delimiter_and_escapes() {
    let line = r#"http "GET http://x/?a=1,2 HTTP/1.1" "say \"hi\" \\o/" -"#;
    assert_eq!(
        values(line, b' '),
        [
            "http",
            "GET http://x/?a=1,2 HTTP/1.1",
            r#"say "hi" \o/"#,
            "-"
        ]
    );
    assert_eq!(values(r#""a,b",c"#, b','), ["a,b", "c"]);
}

#[test]
fn an_unclosed_quote_runs_to_the_end() {
    assert_eq!(values(r#"a "b c"#, b' '), ["a", "b c"]);
}

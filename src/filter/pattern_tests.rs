//! Tests of `pattern`.

use super::*;

fn m(pattern: &str, numeric: bool, text: &str) -> bool {
    let p = Pattern::parse(pattern, numeric).unwrap();
    p.matches(text.as_bytes(), text.parse().ok())
}

#[test]
fn exact_text() {
    assert!(m("GET", false, "GET"));
    assert!(!m("GET", false, "GETX"));
    assert!(!m("get", false, "GET"));
}

#[test]
fn globs() {
    assert!(m("ELB-HealthChecker/*", false, "ELB-HealthChecker/2.0"));
    assert!(!m(
        "ELB-HealthChecker/*",
        false,
        "curl/8 ELB-HealthChecker/2.0"
    ));
    assert!(m("*HealthChecker*", false, "curl/8 ELB-HealthChecker/2.0"));
    assert!(m("*.php", false, "/wp-login.php"));
    assert!(!m("*.php", false, "/wp-login.php5"));
    assert!(m("/a*b*c", false, "/aXbYc"));
    assert!(m("/a*b*c", false, "/abc"));
    assert!(!m("/a*b*c", false, "/acb"));
    assert!(m("ab*ab", false, "abab"));
    assert!(!m("ab*ab", false, "aba"));
    assert!(m("*", false, ""));
    assert!(m("a*", false, "a"));
    assert!(m("5*", true, "503"));
}

#[test]
fn numeric_ranges_and_numbers() {
    assert!(m("200-299", true, "200"));
    assert!(m("200-299", true, "299"));
    assert!(!m("200-299", true, "300"));
    assert!(m("404", true, "404"));
    assert!(m("-1", true, "-1"));
    assert!(m("0.5-10", true, "1.25"));
    assert!(!m("200-299", true, "abc"));
}

#[test]
fn malformed_patterns_are_refused() {
    for (p, numeric) in [
        ("", false),
        ("", true),
        ("2xx", true),
        ("300-200", true),
        ("1-2-3", true),
        ("+5", true),
        (".5", true),
    ] {
        assert!(Pattern::parse(p, numeric).is_err(), "{p:?}");
    }
    // a range on a text field is just text
    assert_eq!(
        Pattern::parse("200-299", false).unwrap(),
        Pattern::Exact(b"200-299".to_vec())
    );
}

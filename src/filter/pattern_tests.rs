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

#[test]
fn one_sided_globs_become_prefix_and_suffix() {
    let p = |t| Pattern::parse(t, false).unwrap();
    assert_eq!(
        p("ELB-HealthChecker/*"),
        Pattern::Prefix(b"ELB-HealthChecker/".to_vec())
    );
    assert_eq!(p("*.php"), Pattern::Suffix(b".php".to_vec()));
    assert_eq!(p("a**"), Pattern::Prefix(b"a".to_vec()));
    assert_eq!(p("**a"), Pattern::Suffix(b"a".to_vec()));
    for general in ["*", "**", "*a*", "a*b", "a*b*", "*a*b"] {
        assert!(matches!(p(general), Pattern::Glob { .. }), "{general}");
    }
}

proptest::proptest! {
    /// `Prefix` and `Suffix` are shortcuts: they match exactly what the general glob of the
    /// same text matches (small alphabets, so matches and near misses both occur).
    #[test]
    fn shortcuts_match_what_the_general_glob_matches(
        part in "[ab/]{1,4}",
        text in "[ab/]{0,8}",
        star_first: bool,
    ) {
        let pattern = if star_first { format!("*{part}") } else { format!("{part}*") };
        let shortcut = Pattern::parse(&pattern, false).unwrap();
        let is_glob = matches!(shortcut, Pattern::Glob { .. });
        proptest::prop_assert!(!is_glob, "{pattern} stayed a glob");
        let general = Pattern::glob(&pattern);
        proptest::prop_assert_eq!(
            shortcut.matches(text.as_bytes(), None),
            general.matches(text.as_bytes(), None)
        );
    }
}

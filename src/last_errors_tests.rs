use super::*;

#[test]
fn keeps_only_the_last_five_errors() {
    let mut l = LastErrors::default();
    for i in 0..8 {
        l.push(i);
    }
    assert_eq!(l.iter().copied().collect::<Vec<_>>(), vec![3, 4, 5, 6, 7]);
}

#[test]
fn error_text_is_cut_at_256_chars() {
    let long = "é".repeat(300);
    let t = truncate(&long);
    assert_eq!(t.chars().count(), 257);
    assert!(t.ends_with('…'));
    assert_eq!(truncate("short"), "short");
}

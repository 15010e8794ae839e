//! Tests of `Events`: messages kept one after another, each found again whole.

use super::*;

#[test]
fn each_message_comes_back_whole_with_its_id_and_time() {
    let mut events = Events::from_messages([("1".to_string(), "first".to_string())]);
    events.push("2".into(), 11, b"a \"quoted\" line");
    let start = events.text().len();
    events.text().extend_from_slice(b"written in place");
    let end = events.text().len();
    events.push_written("3".into(), 12, start..end);
    assert_eq!(events.len(), 3);
    assert_eq!(events.message(0), b"first");
    assert_eq!(events.message(1), br#"a "quoted" line"#);
    assert_eq!(events.message(2), b"written in place");
    assert_eq!(
        events
            .iter()
            .map(|e| (e.id.as_str(), e.timestamp))
            .collect::<Vec<_>>(),
        [("1", 0), ("2", 11), ("3", 12)]
    );
}

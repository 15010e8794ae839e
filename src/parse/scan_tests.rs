use super::*;

#[test]
fn finds_the_first_match_at_every_position_and_length() {
    for len in 0..50 {
        for at in 0..=len {
            let mut hay = vec![b'x'; len];
            if at < len {
                hay[at] = b' ';
            }
            let want = (at < len).then_some(at);
            assert_eq!(find(&hay, b' '), want, "len {len} at {at}");
            if at + 1 < len {
                hay[at + 1] = b'"';
            }
            assert_eq!(find2(&hay, b'"', b' '), want, "len {len} at {at}");
            assert_eq!(
                find2(&hay, b'"', b'\\'),
                (at + 1 < len).then_some(at + 1),
                "len {len} at {at}"
            );
        }
    }
}

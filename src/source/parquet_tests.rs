use super::*;

#[test]
fn close_ranges_are_fetched_in_one_request_and_far_ones_apart() {
    let far = 10 * GAP;
    let spans = spans(&[100..200, 0..50, 60..90, far..far + 5]);
    assert_eq!(spans, [0..200, far..far + 5]);
}

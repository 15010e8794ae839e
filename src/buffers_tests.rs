use super::Buffers;

#[test]
fn a_returned_buffer_is_reused_empty() {
    let b = Buffers::new(8);
    let mut buf = b.take(1024);
    buf.extend_from_slice(b"abc");
    let ptr = buf.as_ptr();
    b.give(buf);
    let again = b.take(1024);
    assert_eq!(again.as_ptr(), ptr);
    assert!(again.is_empty());
    assert!(again.capacity() >= 1024);
}

#[test]
fn an_overgrown_buffer_is_not_kept() {
    let b = Buffers::new(8);
    let mut buf = b.take(1024);
    buf.reserve(1 << 20);
    b.give(buf);
    assert!(
        b.take(1024).capacity() < 1 << 20,
        "a fresh buffer, not the big one"
    );
}

#[test]
fn a_buffer_without_capacity_is_not_kept() {
    let b = Buffers::new(8);
    b.give(Vec::new());
    assert!(b.inner.free.lock().unwrap().is_empty());
}

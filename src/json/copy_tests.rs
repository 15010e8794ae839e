use super::put;

#[test]
fn put_appends_every_length() {
    let src: Vec<u8> = (0..40).collect();
    for n in 0..=40 {
        for spare in [0, 8, 16, 32, 64] {
            let mut buf = Vec::with_capacity(3 + spare);
            buf.extend_from_slice(b"abc");
            put(&mut buf, &src[..n]);
            assert_eq!(&buf[..3], b"abc");
            assert_eq!(&buf[3..], &src[..n], "n {n} spare {spare}");
        }
    }
}

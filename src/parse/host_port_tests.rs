//! Tests of `host_port` (more on addresses and ports in `fields_tests.rs`).

use super::*;

#[test]
fn ipv6_host_port_splits_at_last_colon() {
    let hp = host_port(b"2601:6bbc:c529:9dad:6bbc:c529:9dad:6bbc:50599")
        .unwrap()
        .unwrap();
    assert_eq!(hp.ip, b"2601:6bbc:c529:9dad:6bbc:c529:9dad:6bbc");
    assert_eq!(hp.port, b"50599");
    assert_eq!(host_port(b"-"), Ok(None));
    assert_eq!(host_port(b"10.0.0.1"), Err(Invalid));
    assert_eq!(host_port(b"10.0.0.1:x"), Err(Invalid));
}

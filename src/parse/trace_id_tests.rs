use super::*;

#[test]
fn finds_the_root_anywhere_in_the_header() {
    let id = otel_trace_id(b"Root=1-58337262-36d228ad5d99923122bbe354").unwrap();
    assert_eq!(&id, b"5833726236d228ad5d99923122bbe354");
    let id = otel_trace_id(b"Self=1-5;Root=1-58337262-36D228AD5D99923122BBE354").unwrap();
    assert_eq!(&id, b"5833726236d228ad5d99923122bbe354");
    let id = otel_trace_id(b"Self=1-5;RootX;Root=1-58337262-36d228ad5d99923122bbe354;P=1").unwrap();
    assert_eq!(&id, b"5833726236d228ad5d99923122bbe354");
}

#[test]
fn rejects_malformed_roots() {
    assert!(otel_trace_id(b"Root=1-abcdefgh-abcd-efgh-ijkl-0123456789").is_none());
    assert!(otel_trace_id(b"Root=1-58337262-36d228ad5d99923122bbe35").is_none());
    assert!(otel_trace_id(b"Root=1-58337262x36d228ad5d99923122bbe354").is_none());
    assert!(otel_trace_id(b"Self=1-58337262-36d228ad5d99923122bbe354").is_none());
    assert!(otel_trace_id(b"-").is_none());
    assert!(otel_trace_id(b"").is_none());
}

/// Every byte value at every position gives what the plain rule gives.
#[test]
fn simd_agrees_with_the_plain_rule_for_every_byte_everywhere() {
    let base = *b"0123456789abcdefABCDEF0123456789";
    for pos in 0..32 {
        for c in 0..=255u8 {
            let mut id = base;
            id[pos] = c;
            let mut plain = id;
            let want = portable::hex_lowercase(&mut plain);
            let got = hex_lowercase(&mut id);
            assert_eq!(got, want, "byte {c:#04x} at {pos}");
            if want {
                assert_eq!(id, plain, "byte {c:#04x} at {pos}");
            }
        }
    }
}

//! Tests of `fields`.

use super::*;
use crate::parse::timestamp::digits_and_separators;
use crate::parse::{host_port::host_port, timestamp::*, values::*};

#[test]
fn quoted_field_keeps_escaped_quotes_and_spaces() {
    let mut f = Fields::new(br#""GET /a\"b c HTTP/1.1" next"#);
    assert_eq!(f.quoted("request").unwrap(), br#"GET /a\"b c HTTP/1.1"#);
    assert_eq!(f.token("next").unwrap(), b"next");
    assert!(f.at_end());
}

#[test]
fn token_may_follow_a_closing_quote_without_space() {
    let mut f = Fields::new(br#""-" "-"1 2018"#);
    assert_eq!(f.quoted("a").unwrap(), b"-");
    assert_eq!(f.quoted("b").unwrap(), b"-");
    assert_eq!(f.token("c").unwrap(), b"1");
}

#[test]
fn several_spaces_between_fields() {
    let mut f = Fields::new(b"https    2018");
    assert_eq!(f.token("type").unwrap(), b"https");
    assert_eq!(f.token("time").unwrap(), b"2018");
}

#[test]
fn unterminated_quote_names_field_and_position() {
    let mut f = Fields::new(br#"a "open"#);
    f.token("a").unwrap();
    assert_eq!(
        f.quoted("request"),
        Err(ParseError::Invalid {
            field: "request",
            pos: 2
        })
    );
}

#[test]
fn errors_name_the_first_byte_of_the_field_whatever_the_spaces() {
    // the cursor skips the spaces after a field as it reads it: positions must not move
    let mut f = Fields::new(b"  a    xyz  ");
    f.token("a").unwrap();
    assert_eq!(
        f.checked("n", uint),
        Err(ParseError::Invalid { field: "n", pos: 7 })
    );
    let mut f = Fields::new(br#"a   "open"#);
    f.token("a").unwrap();
    assert_eq!(
        f.quoted("q"),
        Err(ParseError::Invalid { field: "q", pos: 4 })
    );
    let mut f = Fields::new(b"a   ");
    f.token("a").unwrap();
    assert!(f.at_end());
    assert_eq!(
        f.token("b"),
        Err(ParseError::Missing { field: "b", pos: 4 })
    );
}

#[test]
fn missing_field_reports_end_position() {
    let mut f = Fields::new(b"abc");
    f.token("a").unwrap();
    assert_eq!(
        f.token("b"),
        Err(ParseError::Missing { field: "b", pos: 3 })
    );
}

#[test]
fn timings_drop_placeholders_and_reject_garbage() {
    assert_eq!(timing(b"0.000073"), Ok(Some(&b"0.000073"[..])));
    assert_eq!(timing(b"-1"), Ok(None));
    assert_eq!(timing(b"-"), Ok(None));
    assert_eq!(timing(b"12"), Ok(Some(&b"12"[..])));
    assert_eq!(timing(b"1.2.3"), Err(Invalid));
    assert_eq!(timing(b".5"), Err(Invalid));
    assert_eq!(timing(b"007.5"), Ok(Some(&b"7.5"[..])));
}

#[test]
fn uints_are_json_numbers() {
    assert_eq!(uint(b"0200"), Ok(Some(&b"200"[..])));
    assert_eq!(uint(b"0"), Ok(Some(&b"0"[..])));
    assert_eq!(uint(b"-"), Ok(None));
    assert_eq!(uint(b"2x"), Err(Invalid));
    assert_eq!(uint(b"99999999999999999999"), Err(Invalid));
}

#[test]
fn timestamps_are_validated() {
    assert!(timestamp(b"2015-05-13T23:39:43.945958Z").is_some());
    assert_eq!(
        timestamp(b"2018-12-20T02:59:40").unwrap().text,
        b"2018-12-20T02:59:40"
    );
    assert!(timestamp(b"2015-13-13T23:39:43.945958Z").is_none());
    assert!(timestamp(b"2015-02-29T23:39:43Z").is_none());
    assert!(timestamp(b"2016-02-29T23:39:43Z").is_some());
    assert!(timestamp(b"2015-05-13T24:00:00Z").is_none());
    assert!(timestamp(b"2015-05-13T23:39:43.Z").is_none());
    assert!(timestamp(b"2015-05-13 23:39:43Z").is_none());
}

#[test]
fn timestamp_shape_check_agrees_with_the_byte_by_byte_rule() {
    let naive = |h: &[u8; 19]| {
        h.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            _ => c.is_ascii_digit(),
        })
    };
    let valid = *b"2026-11-23T10:00:59";
    for at in 0..19 {
        for c in 0..=255u8 {
            let mut h = valid;
            h[at] = c;
            assert_eq!(digits_and_separators(&h), naive(&h), "{at} {c}");
        }
    }
}

#[test]
fn tls_names_map_to_ecs() {
    assert_eq!(tls_version(b"TLSv1.2"), Some(("tls", "1.2")));
    assert_eq!(tls_version(b"tlsv12"), Some(("tls", "1.2")));
    assert_eq!(tls_version(b"TLSv1.3"), Some(("tls", "1.3")));
    assert_eq!(tls_version(b"-"), None);
}

#[test]
fn ports_are_0_to_65535_and_a_dash_address_is_absent() {
    assert_eq!(port(b"65535"), Some(&b"65535"[..]));
    assert_eq!(port(b"080"), Some(&b"80"[..]));
    for bad in [&b"65536"[..], b"99999", b"123456", b"-", b"", b"8a"] {
        assert_eq!(port(bad), None, "{bad:?}");
    }
    assert_eq!(host_port(b"10.0.0.1:65536"), Err(Invalid));
    assert_eq!(host_port(b"-:80"), Ok(None));
}

#[test]
fn integers_stop_at_the_elasticsearch_long_range() {
    assert_eq!(
        uint(b"9223372036854775807"),
        Ok(Some(&b"9223372036854775807"[..]))
    );
    assert_eq!(uint(b"9223372036854775808"), Err(Invalid));
    assert_eq!(
        uint(b"00009223372036854775807"),
        Ok(Some(&b"9223372036854775807"[..]))
    );
    assert_eq!(uint(b"12345678901234567890"), Err(Invalid));
    for bad in [&b"+5"[..], b"1e3", b"0x28", b"abc", b""] {
        assert_eq!(uint(bad), Err(Invalid), "{bad:?}");
    }
}

#[test]
fn ports_are_0_to_65535() {
    assert_eq!(port(b"65535"), Some(&b"65535"[..]));
    assert_eq!(port(b"65536"), None);
    assert_eq!(port(b"099999"), None);
    assert_eq!(port(b"0080"), Some(&b"80"[..]));
}

#[test]
fn timestamps_elasticsearch_rejects_fail() {
    assert!(timestamp(b"2024-06-30T23:59:59.123456789Z").is_some());
    assert!(timestamp(b"2016-12-31T23:59:60Z").is_none(), "leap second");
    assert!(
        timestamp(b"2024-06-30T23:59:59.1234567890Z").is_none(),
        "10 digits"
    );
    assert!(timestamp(b"2023-02-29T00:00:00Z").is_none());
    assert!(timestamp(b"2024-02-29T00:00:00Z").is_some());
    assert!(timestamp(b"2024-06-30T23:59:59.Z").is_none());
}

#[test]
fn addresses_must_be_ip_addresses() {
    assert_eq!(ip(b"10.0.0.1"), Some(&b"10.0.0.1"[..]));
    assert_eq!(ip(b"2001:db8::1"), Some(&b"2001:db8::1"[..]));
    for bad in [
        &b"fe80::1%eth0"[..],
        b"[2001:db8::1]",
        b"10.0.0.256",
        b"host",
        b"-",
        b"",
    ] {
        assert_eq!(ip(bad), None, "{bad:?}");
    }
    assert_eq!(ip_or_dash(b"-"), Ok(None));
    let hp = host_port(b"[2001:db8::1]:443").unwrap().unwrap();
    assert_eq!((hp.ip, hp.port), (&b"2001:db8::1"[..], &b"443"[..]));
    assert_eq!(host_port(b"fe80::1%eth0:443"), Err(Invalid), "zone id");
    assert_eq!(
        host_port(b"[10.0.0.1]:443"),
        Err(Invalid),
        "brackets are for IPv6"
    );
    assert_eq!(host_port(b"example.com:443"), Err(Invalid));
    assert_eq!(host_port(b"10.0.0.1:65536"), Err(Invalid));
    assert_eq!(host_port(b"-:80"), Ok(None));
}

#[test]
fn shapes_keep_fields_from_shifting() {
    assert_eq!(
        arn(b"arn:aws:acm:us-east-1:1:certificate/x"),
        Ok(Some(&b"arn:aws:acm:us-east-1:1:certificate/x"[..]))
    );
    assert_eq!(arn(b"-"), Ok(None));
    assert_eq!(arn(b"ECDHE-RSA-AES128-SHA"), Err(Invalid));
    for v in [
        &b"TLSv1.2"[..],
        b"tlsv12",
        b"SSLv3",
        b"TLSv1.3",
        b"DTLSv1.2",
        b"tlsv1",
    ] {
        assert_eq!(tls_protocol(v), Ok(Some(v)), "{v:?}");
    }
    for v in [
        &b"ECDHE-RSA-AES128-SHA"[..],
        b"x25519",
        b"tls",
        b"TLSvX",
        b"h2",
    ] {
        assert_eq!(tls_protocol(v), Err(Invalid), "{v:?}");
    }
    assert_eq!(word(b"X25519MLKEM768"), Ok(Some(&b"X25519MLKEM768"[..])));
    assert_eq!(word(b"app/my-alb/1"), Err(Invalid));
    assert_eq!(word(b"api.example.com"), Err(Invalid));
    assert_eq!(alb_id(b"app/my-alb/1"), Ok(Some(&b"app/my-alb/1"[..])));
    assert_eq!(
        alb_id(b"app/my-alb/50dc6c495c0c9188"),
        Ok(Some(&b"app/my-alb/50dc6c495c0c9188"[..]))
    );
    assert_eq!(alb_id(b"-"), Ok(None));
    for bad in [
        "10.0.0.1",
        "app/x",
        "x/y",
        "APP/x/1",
        "net/n/1",
        "app//1",
        "app/x/1/2",
        "app/x/",
        "app/x/1\r",
    ] {
        assert_eq!(alb_id(bad.as_bytes()), Err(Invalid), "{bad}");
    }
}

#[test]
fn fast_ipv4_agrees_with_std() {
    let cases = [
        "0.0.0.0",
        "255.255.255.255",
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "01.2.3.4",
        "1.2.3.04",
        "1..2.3",
        ".1.2.3",
        "1.2.3.",
        "1.2.3.4 ",
        "a.b.c.d",
        "10.0.0.1",
        "1.2.3.999",
        "1000.1.1.1",
        "",
        "1",
        "0.0.0.00",
        "192.168.131.39",
    ];
    for c in cases {
        assert_eq!(
            ip(c.as_bytes()).is_some(),
            c.parse::<std::net::Ipv4Addr>().is_ok(),
            "{c:?}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn fast_ipv4_agrees_with_std_on_any_digits_and_dots(s in "[0-9.]{0,17}") {
        proptest::prop_assert_eq!(
            ip(s.as_bytes()).is_some(),
            s.parse::<std::net::IpAddr>().is_ok(),
            "{:?}", s
        );
    }
}

/// The quote search (quotes only, then the parity of the backslashes before) against reading
/// the escapes from the left, on every string of `a`, `\` and `"` up to 9 bytes.
#[test]
fn quoted_body_agrees_with_reading_escapes_from_the_left() {
    fn reference(i: &[u8]) -> Option<usize> {
        let mut at = 0;
        while at < i.len() {
            match i[at] {
                b'"' => return Some(at),
                b'\\' => at += 2,
                _ => at += 1,
            }
        }
        None
    }
    let alphabet = [b'a', b'\\', b'"'];
    for len in 0..=9u32 {
        for n in 0..3usize.pow(len) {
            let s: Vec<u8> = (0..len).map(|k| alphabet[n / 3usize.pow(k) % 3]).collect();
            let got = super::quoted_body(&s).ok().map(|(_, body)| body.len());
            assert_eq!(got, reference(&s), "{:?}", String::from_utf8_lossy(&s));
        }
    }
}

/// The word-at-a-time digit check against the byte loop, on every string up to 17 bytes over
/// the bytes either side of `0`–`9` (the SWAR check's edges) and lengths where it changes
/// method (0, 1–3, 4–7, 8–16, longer).
#[test]
fn all_digits_agrees_with_a_byte_loop() {
    let alphabet = [b'0', b'9', b'/', b':', 0xB0, 0x3A + 0x80];
    for len in 0..=17usize {
        // every position takes every byte of the alphabet once, the others stay `5`
        for at in 0..len.max(1) {
            for &c in &alphabet {
                let mut s = vec![b'5'; len];
                if len > 0 {
                    s[at] = c;
                }
                let want = !s.is_empty() && s.iter().all(u8::is_ascii_digit);
                assert_eq!(super::super::values::all_digits(&s), want, "{s:?}");
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn all_digits_agrees_on_any_bytes(s in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..20)) {
        let want = !s.is_empty() && s.iter().all(u8::is_ascii_digit);
        proptest::prop_assert_eq!(super::super::values::all_digits(&s), want);
    }

    #[test]
    fn last_colon_is_rpositions(s in "[0-9a-f:.]{0,24}") {
        let b = s.as_bytes();
        proptest::prop_assert_eq!(
            super::super::host_port::last_colon(b),
            b.iter().rposition(|&c| c == b':')
        );
    }
}

proptest::proptest! {
    /// The protocol check picks the name by its first letter; the rule it replaced tried each
    /// name in turn. Both agree on any short string over the letters and digits involved.
    #[test]
    fn tls_protocol_agrees_with_trying_each_name(
        s in "(tls|TLS|Tls|tLS|dtls|DTLS|dTls|ssl|SSL|sSl|tl|d|s|x|-)?[vV]?[0-9._x-]{0,5}"
    ) {
        fn reference(tok: &[u8]) -> Option<Option<&[u8]>> {
            if tok == b"-" {
                return Some(None);
            }
            let name = [&b"dtls"[..], b"tls", b"ssl"]
                .into_iter()
                .find(|p| tok.len() > p.len() && tok[..p.len()].eq_ignore_ascii_case(p))?;
            super::super::values::version_shaped(&tok[name.len()..]).then_some(Some(tok))
        }
        proptest::prop_assert_eq!(tls_protocol(s.as_bytes()).ok(), reference(s.as_bytes()));
    }
}

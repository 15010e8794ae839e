use super::*;

#[test]
fn finds_the_first_match_at_every_position_and_length() {
    for len in 0..100 {
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

/// The SSE2 search against its portable twin on every needle position and length.
#[test]
fn sse2_and_portable_searches_agree() {
    let portable = |hay: &[u8], a: u8, b: u8| hay.iter().position(|&c| c == a || c == b);
    for len in 0..100usize {
        for at in 0..=len {
            for other in [None, Some(at / 2), Some((at + len) / 2)] {
                let mut hay: Vec<u8> = (0..len).map(|i| b'a' + (i % 23) as u8).collect();
                if at < len {
                    hay[at] = b'"';
                }
                if let Some(o) = other.filter(|&o| o < len) {
                    hay[o] = b'\\';
                }
                assert_eq!(
                    find2(&hay, b'"', b'\\'),
                    portable(&hay, b'"', b'\\'),
                    "{len} {at}"
                );
                assert_eq!(find(&hay, b'"'), portable(&hay, b'"', b'"'), "{len} {at}");
            }
        }
    }
}

/// The SSE2 JSON-string search against its portable twin: every stop byte (quote, backslash,
/// each control byte) at every position of every length, over plain bytes and bytes ≥ 0x80
/// (which a signed compare would take for control bytes).
#[test]
fn sse2_and_portable_json_stops_agree() {
    let stops: Vec<u8> = (0u8..0x20).chain([b'"', b'\\']).collect();
    for len in 0..70usize {
        for at in 0..=len {
            for &stop in &stops {
                for fill in [b'a', 0x80, 0xff, b' '] {
                    let mut hay: Vec<u8> =
                        (0..len).map(|i| fill.wrapping_add((i % 7) as u8)).collect();
                    // the filler holds no stop byte of its own (0xff + 1 wraps to 0)
                    hay.iter_mut()
                        .filter(|c| **c < 0x20 || **c == b'"' || **c == b'\\')
                        .for_each(|c| *c = b'x');
                    if at < len {
                        hay[at] = stop;
                    }
                    assert_eq!(
                        find_json_stop(&hay),
                        json_stop_portable(&hay),
                        "len {len} at {at} stop {stop:#x} fill {fill:#x}"
                    );
                    if at < len {
                        assert_eq!(find_json_stop(&hay), Some(at));
                    }
                }
            }
        }
    }
}

/// The 16-byte position search against its portable twin: every length up to a few chunks,
/// matches at the chunk edges, none, and all.
#[test]
fn positions_agree_with_the_portable_twin() {
    for len in 0..70usize {
        for seed in 0..12usize {
            let hay: Vec<u8> = (0..len)
                .map(|i| match seed {
                    0 => b'x',
                    1 => b'\t',
                    _ if (i * 7 + seed * 3) % (seed + 2) == 0 || i % 16 == 15 => b'\t',
                    _ => b'a' + (i % 23) as u8,
                })
                .collect();
            let want: Vec<usize> = positions_portable(&hay, b'\t', b'\t').collect();
            let got: Vec<usize> = positions(&hay, b'\t', b'\t').collect();
            assert_eq!(got, want, "len {len} seed {seed}");
            let want: Vec<usize> = positions_portable(&hay, b'\t', b'a').collect();
            let got: Vec<usize> = positions(&hay, b'\t', b'a').collect();
            assert_eq!(got, want, "two needles: len {len} seed {seed}");
        }
    }
}

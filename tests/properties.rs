//! Arbitrary bytes never panic the parser or encoder, and every non-blank line yields exactly
//! one valid JSON document that obeys the "Values" rules and the index template (or is a
//! failure document).

mod validator;

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::pipeline::is_blank;
use elb_logstash::source::ObjectId;
use proptest::prelude::*;

fn encode_all(data: &[u8]) -> (usize, Vec<u8>) {
    let enc = Encoder::new(&EncodeOptions {
        keep_original: true,
        tags: vec!["t".into()],
        ..Default::default()
    });
    let meta = ObjectMeta::new(&ObjectId::s3("bucket", "key", "etag", None));
    let mut out = Vec::new();
    let mut expected = 0;
    let mut offset = 0u64;
    for line in data.split(|&c| c == b'\n') {
        if !is_blank(line) {
            expected += 1;
            enc.encode(&meta, offset, line, &parse_line(line), &mut out);
        }
        offset += line.len() as u64 + 1;
    }
    (expected, out)
}

fn check(data: &[u8]) {
    let (expected, out) = encode_all(data);
    let docs: Vec<&[u8]> = out
        .split(|&c| c == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(docs.len(), expected);
    assert!(out.is_empty() || out.ends_with(b"\n"));
    for d in docs {
        let v: serde_json::Value = serde_json::from_slice(d).expect("valid JSON");
        assert!(v["event"]["id"].is_string());
        let broken = validator::violations(&v);
        assert!(broken.is_empty(), "{broken:?} in {v}");
    }
}

const SEED: &str = r#"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1 "a" "b" "c""#;

const HEALTH_SEED: &str = "https 2026-11-23T10:00:00.029511Z 5.000412345 [2600:1f18:1::5]:443 tg-https-1 FAIL 502 TargetError app/my-alb/50dc6c495c0c9188 10.0.1.17";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&data);
    }

    #[test]
    fn mutated_real_lines(pos in 0usize..SEED.len(), len in 0usize..40, fill in proptest::collection::vec(any::<u8>(), 0..40)) {
        let mut line = SEED.as_bytes().to_vec();
        let end = (pos + len).min(line.len());
        line.splice(pos..end, fill);
        check(&line);
    }

    #[test]
    fn mutated_health_check_lines(pos in 0usize..HEALTH_SEED.len(), len in 0usize..20, fill in proptest::collection::vec(any::<u8>(), 0..20)) {
        let mut line = HEALTH_SEED.as_bytes().to_vec();
        let end = (pos + len).min(line.len());
        line.splice(pos..end, fill);
        check(&line);
    }

    #[test]
    fn token_soup(tokens in proptest::collection::vec(prop_oneof![
        Just("\"".to_string()), Just("-".to_string()), Just("-1".to_string()), Just("http".to_string()),
        Just("tls".to_string()), Just("2.0".to_string()), Just("2018-07-02T22:23:00.186641Z".to_string()),
        Just("1.2.3.4:80".to_string()), Just("\"a b\"".to_string()), Just("\\\"".to_string()), Just("200".to_string()),
        Just("PASS".to_string()), Just("FAIL".to_string()), Just("0.019584011".to_string()), Just("lambda".to_string()),
        "[ -~]{0,8}",
    ], 0..40)) {
        check(tokens.join(" ").as_bytes());
    }
}

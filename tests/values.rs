//! The output validator (tests/validator): every golden document obeys docs/SCHEMA.md's
//! "Values" rules and the index template, and so does every document made from real lines
//! mutated field by field — or it is a failure document.

mod validator;

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use proptest::prelude::*;
use serde_json::{Value, json};

fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/golden");
        let mut lines = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for l in text.lines() {
                let v: Value = serde_json::from_str(l).unwrap();
                lines.push(v["line"].as_str().unwrap().to_string());
            }
        }
        lines.sort();
        assert!(lines.len() > 20, "golden lines are the seeds");
        lines
    })
}

fn documents(line: &[u8]) -> Value {
    let enc = Encoder::new(&EncodeOptions {
        keep_original: true,
        ..Default::default()
    });
    let meta = ObjectMeta::new(&ObjectId::s3("bucket", "key", "etag", None));
    let mut out = Vec::new();
    enc.encode(&meta, 0, line, &parse_line(line), &mut out);
    serde_json::from_slice(&out).expect("valid JSON")
}

fn assert_valid(line: &[u8]) {
    let doc = documents(line);
    let v = validator::violations(&doc);
    assert!(
        v.is_empty(),
        "line {:?}\n  broke {v:?}\n  document {doc}",
        String::from_utf8_lossy(line)
    );
}

#[test]
fn every_golden_document_obeys_the_values_rules_and_the_template() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/golden");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        for (n, l) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            let mut v: Value = serde_json::from_str(l).unwrap();
            if v["document"]["@timestamp"] == "<processing time>" {
                // failure goldens hide the processing time; any real one is valid
                v["document"]["@timestamp"] = json!("2026-12-02T00:00:00.123456Z");
            }
            let broken = validator::violations(&v["document"]);
            assert!(
                broken.is_empty(),
                "{}:{}: {broken:?}",
                path.display(),
                n + 1
            );
        }
    }
}

#[test]
fn the_validator_catches_each_kind_of_bad_value() {
    let bad = [
        (json!({"aws": {"elb": {"name": "-"}}}), "`-` shipped"),
        (json!({"source": {"port": 70000}}), "not a port"),
        (
            json!({"aws": {"elb": {"request_processing_time": {"sec": 0}}}}),
            "an integer in a float",
        ),
        (
            json!({"http": {"response": {"status_code": "200"}}}),
            "not a number",
        ),
        (json!({"source": {"ip": "fe80::1%eth0"}}), "not an IP"),
        (
            json!({"@timestamp": "2016-12-31T23:59:60Z"}),
            "no such time",
        ),
        (
            json!({"@timestamp": "2024-01-01T00:00:00.1234567890Z"}),
            "bad fraction",
        ),
        (
            json!({"aws": {"elb": {"matched_rule_priority": 9223372036854775808u64}}}),
            "beyond 2^63-1",
        ),
        (
            json!({"aws": {"elb": {"invented": "x"}}}),
            "not in the index template",
        ),
        (
            json!({"@timestamp": "2262-04-11T23:47:16.854775808Z"}),
            "past date_nanos' end",
        ),
        (
            json!({"aws": {"elb": {"ssl_cipher": "\"ua\""}}}),
            "a quote or control byte",
        ),
        (
            json!({"event": {"action": "health_check"}, "aws": {"elb": {"name": "net/n/1"}}}),
            "not an ALB resource id",
        ),
        (
            json!({"tags": ["_elbparsefailure"], "message": "x\r", "error": {"message": "e"}}),
            "framing",
        ),
    ];
    for (doc, why) in bad {
        let v = validator::violations(&doc);
        assert!(v.iter().any(|m| m.contains(why)), "{doc}: {v:?}");
    }
    assert!(validator::violations(&json!({"aws": {"elb": {"unknown_fields": ["-"]}}})).is_empty());
}

/// Values that break some rule wherever they land (or are fine where they belong).
const EXTREME: &[&str] = &[
    "-",
    "-1",
    "0",
    "00",
    "65536",
    "99999",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "+5",
    "1e3",
    "0x28",
    "1.5",
    ".5",
    "5.",
    "abc",
    "\"\"",
    "\"-\"",
    "10.0.0.256:80",
    "fe80::1%eth0:443",
    "[2001:db8::1]:80",
    "[10.0.0.1]:80",
    "-:80",
    ":80",
    "2001:db8::1:65536",
    "2016-12-31T23:59:60Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01T00:00:00.1234567890Z",
    "1969-12-31T23:59:59Z",
    "2263-01-01T00:00:00Z",
    "arn:aws:acm:us-east-1:1:certificate/x",
    "TLSv1.2",
    "tlsv13",
    "x25519",
    "Success",
    "Failed:",
    "NotBefore=2024-01-01T00:00:00Z;NotAfter=2016-12-31T23:59:60Z",
    "app/a/1",
    "net/n/1",
    "PASS",
    "FAIL",
    "\u{0}",
    "\u{ff}",
    "é",
    "\\",
    "\"GET http://[::1]:99999/.env x\"",
    "2262-04-11T23:47:16.854775807Z",
    "2262-04-11T23:47:16.854775808Z",
    "-1.00",
    "-1.",
    "NotBefore=x",
    "NotBefore=2023-02-30T00:00:00Z;NotAfter=2026-09-21T22:43:21Z",
    "\"h2\"",
    "h2\r",
    "h2\u{0}",
    "\"h2\",\"http/1.1\"",
    "\"200",
    "abc\"",
    "APP/x/y",
    "app/x",
    "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1",
    "-:80",
    "10.0.1.25",
];

#[derive(Debug, Clone)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Replace(usize, usize),
    Bytes(usize, Vec<u8>),
    TrailingCr(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), 0..EXTREME.len()).prop_map(|(a, v)| Mutation::Replace(a, v)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(a, b)| Mutation::Bytes(a, b)),
        (1usize..4).prop_map(Mutation::TrailingCr),
    ]
}

/// Applies mutations to a line's space-separated tokens (quoted fields with spaces split too,
/// which is a mutation of its own).
fn mutate(line: &str, muts: &[Mutation]) -> Vec<u8> {
    let mut t: Vec<Vec<u8>> = line.split(' ').map(|s| s.as_bytes().to_vec()).collect();
    let mut tail = Vec::new();
    for m in muts {
        let n = t.len().max(1);
        match m {
            Mutation::Drop(i) if !t.is_empty() => {
                t.remove(i % n);
            }
            Mutation::Duplicate(i) if !t.is_empty() => {
                let dup = t[i % n].clone();
                t.insert(i % n, dup);
            }
            Mutation::Swap(a, b) if !t.is_empty() => t.swap(a % n, b % n),
            Mutation::Replace(i, v) if !t.is_empty() => t[i % n] = EXTREME[*v].as_bytes().to_vec(),
            Mutation::Bytes(i, b) if !t.is_empty() => t[i % n] = b.clone(),
            Mutation::TrailingCr(k) => tail = vec![b'\r'; *k],
            _ => {}
        }
    }
    let mut out = t.join(&b' ');
    out.extend_from_slice(&tail);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn mutated_real_lines_give_valid_documents_or_failure_documents(
        seed in any::<prop::sample::Index>(),
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let seeds = seeds();
        let line = mutate(&seeds[seed.index(seeds.len())], &muts);
        assert_valid(&line);
    }
}

#[test]
fn each_extreme_value_in_each_position_of_each_seed() {
    for seed in seeds() {
        let n = seed.split(' ').count();
        for pos in 0..n {
            for v in 0..EXTREME.len() {
                assert_valid(&mutate(seed, &[Mutation::Replace(pos, v)]));
            }
        }
    }
}

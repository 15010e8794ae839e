//! Whole documents for a few lines of each format, compared exactly with the reviewed
//! expectations in `testdata/golden/`. `UPDATE_GOLDEN=1 cargo test --test golden` rewrites them
//! (review the diff before committing).

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use serde_json::{Value, json};

const KEY: &str = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/object.log.gz";

fn document(line: &str, offset: u64) -> Value {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3(
        "elb-logs",
        KEY,
        "3858f62230ac3c915f300c664312c11f",
        None,
    ));
    let mut out = Vec::new();
    enc.encode(
        &meta,
        offset,
        line.as_bytes(),
        &parse_line(line.as_bytes()),
        &mut out,
    );
    let mut doc: Value = serde_json::from_slice(&out).unwrap();
    if doc["tags"][0] == "_elbparsefailure" {
        // processing time: only its shape is stable
        let ts = doc["@timestamp"].as_str().unwrap();
        assert!(elb_logstash::parse::timestamp::timestamp(ts.as_bytes()).is_some());
        doc["@timestamp"] = json!("<processing time>");
    }
    doc
}

#[test]
fn documents_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut checked = 0;
    for entry in std::fs::read_dir("testdata/golden").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rewritten = String::new();
        for (i, l) in text.lines().enumerate() {
            let mut case: Value = serde_json::from_str(l).unwrap();
            let got = document(case["line"].as_str().unwrap(), i as u64 * 1000);
            if update {
                case["document"] = got;
                rewritten += &serde_json::to_string(&case).unwrap();
                rewritten.push('\n');
            } else {
                assert_eq!(got, case["document"], "{}:{}", path.display(), i + 1);
            }
            checked += 1;
        }
        if update {
            std::fs::write(&path, rewritten).unwrap();
        }
    }
    assert!(checked >= 25, "only {checked} golden cases");
}

//! Any bytes as one line: parsing and encoding never panic and always produce one valid
//! JSON document.
#![no_main]

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::source::ObjectId;
use elb_logstash::parse::parse_line;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.contains(&b'\n') {
        return;
    }
    let enc = Encoder::new(&EncodeOptions { keep_original: true, ..Default::default() });
    let meta = ObjectMeta::new(&ObjectId::s3("b", "k", "e", None));
    let mut out = Vec::new();
    enc.encode(&meta, 7, data, &parse_line(data), &mut out);
    assert_eq!(out.iter().filter(|&&c| c == b'\n').count(), 1);
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert!(v["event"]["id"].is_string());
});

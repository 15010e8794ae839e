//! The filter and the encoder read a parsed line each in their own code (`filter/field.rs`,
//! `document/`): for every filterable field, on every testdata and golden line of every format,
//! the value a rule sees must be the value the document carries (numbers as numbers; a quoted
//! field's `\"` as the `"` the document has), and absent in both or present in both.

mod common;

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::filter::{Field, Kind};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use serde_json::Value;

/// The bundled testdata lines and the golden lines.
fn lines() -> Vec<Vec<u8>> {
    let mut out = common::testdata_lines();
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/golden");
    for entry in std::fs::read_dir(golden).unwrap() {
        for l in std::fs::read_to_string(entry.unwrap().path())
            .unwrap()
            .lines()
        {
            let v: Value = serde_json::from_str(l).unwrap();
            out.push(v["line"].as_str().unwrap().as_bytes().to_vec());
        }
    }
    out
}

fn at<'a>(doc: &'a Value, name: &str) -> Option<&'a Value> {
    name.split('.').try_fold(doc, |v, k| v.get(k))
}

fn agree(kind: Kind, seen: &[u8], carried: &Value) -> bool {
    match kind {
        Kind::Number => {
            let seen: f64 = std::str::from_utf8(seen).unwrap().parse().unwrap();
            carried
                .as_f64()
                .is_some_and(|c| (c - seen).abs() <= 1e-12 * seen.abs().max(1.0))
        }
        Kind::Text => {
            let seen = String::from_utf8_lossy(seen).replace("\\\"", "\"");
            carried.as_str() == Some(seen.as_str())
        }
    }
}

#[test]
fn every_filterable_field_sees_what_the_document_carries() {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3("b", "k", "e", None));
    let (mut checked, mut both, mut wrong) = (0, 0, Vec::new());
    for line in lines() {
        let Ok(parsed) = parse_line(&line) else {
            continue;
        };
        let mut out = Vec::new();
        enc.encode(&meta, 0, &line, &Ok(parsed.clone()), &mut out);
        let doc: Value = serde_json::from_slice(&out).unwrap();
        for &f in Field::ALL {
            let seen = f.value(&parsed);
            let carried = at(&doc, f.name());
            let ok = match (seen, carried) {
                (None, None) => true,
                (Some(s), Some(c)) => {
                    both += 1;
                    agree(f.kind(), s, c)
                }
                _ => false,
            };
            checked += 1;
            if !ok {
                wrong.push(format!(
                    "{}: filter {:?}, document {carried:?}\n  {}",
                    f.name(),
                    seen.map(String::from_utf8_lossy),
                    String::from_utf8_lossy(&line)
                ));
            }
        }
    }
    assert!(checked > 10_000, "{checked} field values checked");
    assert!(both > 5_000, "only {both} values present on both sides");
    assert!(
        wrong.is_empty(),
        "{} disagree:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(10)].join("\n")
    );
}

//! Vended records (CloudWatch deliveries of ALB and NLB logs, as JSON objects or tab-separated
//! lines) give the document their legacy line gives: every testdata and golden line of every
//! vended kind, converted to each record shape AWS may send (tab-separated in the default order;
//! JSON with string values, with number values, with AWS's upper-case names; a shuffled subset
//! with `VENDED_FIELDS`), encodes to the same bytes. The field names are AWS's delivery lists
//! (docs/SCHEMA.md, "Vended records"); how AWS spells keys and types values on the wire is not
//! verified, which is why every spelling is tried.

mod common;

use common::records::{
    ALB_ACCESS, ALB_CONNECTION, ALB_HEALTH_CHECK, NLB_ACCESS, json, record, tsv,
};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::{Format, parse_line};
use elb_logstash::source::ObjectId;
use elb_logstash::vended::{FieldList, read};
use serde_json::Value;

fn document(enc: &Encoder, line: &[u8]) -> Vec<u8> {
    let meta = ObjectMeta::new(&ObjectId::s3("b", "k", "e", None));
    let mut out = Vec::new();
    enc.encode(&meta, 7, line, &parse_line(line), &mut out);
    out
}

/// The document of a record read through `vended::read`, as the pipeline takes it.
fn vended_document(enc: &Encoder, rec: &str, fields: &FieldList) -> Result<Vec<u8>, String> {
    let mut legacy = Vec::new();
    read(rec.as_bytes(), fields, &mut legacy).map_err(|e| e.to_string())?;
    Ok(document(enc, &legacy))
}

#[test]
fn every_record_shape_gives_the_legacy_document() {
    let enc = Encoder::new(&EncodeOptions::default());
    let (mut compared, mut skipped) = (0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    for line in common::testdata_lines() {
        // JSON and CloudWatch carry text: a line that is not UTF-8 has no record form
        let Ok(line) = String::from_utf8(line) else {
            skipped += 1;
            continue;
        };
        let Some(fields) = record(&line) else {
            skipped += 1;
            continue;
        };
        kinds.insert(format!(
            "{:?}",
            parse_line(line.as_bytes()).unwrap().format()
        ));
        let want = String::from_utf8(document(&enc, line.as_bytes())).unwrap();
        let none = FieldList::default();
        // the default order only for full-length records: shorter ones need their field list
        let names: Vec<&str> = fields.iter().map(|(n, ..)| *n).collect();
        let listed = FieldList::parse(&names.join(",")).unwrap();
        let mut shapes = vec![
            ("tsv", tsv(&fields), &listed),
            ("json strings", json(&fields, false, false), &none),
            ("json numbers", json(&fields, true, false), &none),
            ("json upper-case", json(&fields, true, true), &none),
        ];
        let full = match parse_line(line.as_bytes()).unwrap().format() {
            Format::Alb => ALB_ACCESS.len(),
            Format::ConnLog => ALB_CONNECTION.len(),
            Format::HealthCheck => ALB_HEALTH_CHECK.len(),
            _ => NLB_ACCESS.len(),
        };
        if fields.len() == full {
            shapes.push(("tsv in the default order", tsv(&fields), &none));
        }
        let mut shuffled = fields.clone();
        shuffled.rotate_left(fields.len() / 3);
        let names: Vec<String> = shuffled.iter().map(|(n, ..)| n.to_uppercase()).collect();
        let custom = FieldList::parse(&names.join(",")).unwrap();
        shapes.push(("tsv shuffled with VENDED_FIELDS", tsv(&shuffled), &custom));
        for (shape, rec, list) in shapes {
            let got =
                vended_document(&enc, &rec, list).unwrap_or_else(|e| panic!("{shape}: {e}\n{rec}"));
            assert_eq!(
                String::from_utf8(got).unwrap(),
                want,
                "{shape}:\n{rec}\nfrom\n{line}"
            );
            compared += 1;
        }
    }
    assert_eq!(kinds.len(), 4, "every vended kind: {kinds:?}");
    assert!(
        compared > 1500,
        "{compared} records compared, {skipped} lines skipped"
    );
}

/// Through the command line and the pipeline: an object of vended records (JSON and
/// tab-separated, mixed with a legacy line and a broken record) gives the legacy object's
/// documents, counts the records, and turns the broken one into a failure document.
#[test]
fn an_object_of_records_ships_the_documents_of_its_legacy_lines() {
    let lines: Vec<String> = common::testdata_lines()
        .into_iter()
        .filter_map(|l| String::from_utf8(l).ok())
        .filter(|l| record(l).is_some())
        .take(40)
        .collect();
    let mut records = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let fields = record(l).unwrap();
        records.push(if i % 2 == 0 {
            json(&fields, true, i % 4 == 0)
        } else {
            json(&fields, false, false)
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let (legacy, vended) = (dir.path().join("legacy.log"), dir.path().join("vended.log"));
    std::fs::write(&legacy, lines.join("\n")).unwrap();
    std::fs::write(&vended, records.join("\n") + "\n{\"type\": broken\n").unwrap();
    let run = |p: &std::path::Path| {
        let out = std::process::Command::new(common::BIN)
            .args(["--json-summary", p.to_str().unwrap()])
            .output()
            .unwrap();
        let docs: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (docs, serde_json::from_slice::<Value>(&out.stderr).unwrap())
    };
    let (want, _) = run(&legacy);
    let (got, summary) = run(&vended);
    assert_eq!(got.len(), want.len() + 1);
    for (mut g, mut w) in got.into_iter().zip(want) {
        for doc in [&mut g, &mut w] {
            // identity: which object and where in it
            doc["event"].as_object_mut().unwrap().remove("id");
            doc.as_object_mut().unwrap().remove("log");
        }
        assert_eq!(g, w);
    }
    assert_eq!(summary["vended_records"], 40);
    assert_eq!(summary["parse_failures"], 1);
    assert_eq!(
        summary["parse_errors"][0]["error"]
            .as_str()
            .unwrap()
            .split(':')
            .next(),
        Some("vended record")
    );
}

/// An object's lines are parsed and encoded on worker threads, a chunk at a time; how it is
/// cut must not show. Every testdata line, the JSON records of the ALB ones, blank and broken
/// lines, then W3C records under one `#Fields:` line and more under another that names the
/// fields in another order: cut into chunks of a line or two (batches of 1 KiB) and read as one
/// chunk (batches of 64 MiB), the documents, counts and last errors are the same.
#[test]
fn documents_do_not_depend_on_how_an_object_is_cut_into_chunks() {
    let lines: Vec<String> = common::testdata_lines()
        .into_iter()
        .filter_map(|l| String::from_utf8(l).ok())
        .collect();
    let alb: Vec<Vec<(&str, String, bool)>> = lines
        .iter()
        .filter_map(|l| record(l))
        .filter(|f| f.len() == ALB_ACCESS.len())
        .collect();
    assert!(alb.len() > 20, "{} ALB lines", alb.len());
    let mut text = lines.join("\n");
    for (i, f) in alb.iter().enumerate() {
        text += &format!("\n{}\n", json(f, i % 2 == 0, false));
        if i % 7 == 0 {
            text += "\n{\"type\": broken\nnot a line at all\n";
        }
    }
    // the fields last first, then in AWS's order: records read under the wrong mapping (or
    // as tab-separated records in AWS's order, with none) fail
    let reversed: Vec<&str> = ALB_ACCESS.iter().rev().copied().collect();
    text += &format!("#Version: 1.0\n#Fields: {}\n", reversed.join(" "));
    let value = |(_, v, _): &(&str, String, bool)| v.clone();
    for f in &alb {
        text += &(f.iter().rev().map(value).collect::<Vec<_>>().join("\t") + "\n");
    }
    text += &format!("#Fields: {}\n", ALB_ACCESS.join("\t"));
    for f in &alb {
        text += &(f.iter().map(value).collect::<Vec<_>>().join("\t") + "\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.log");
    std::fs::write(&path, &text).unwrap();
    let run = |batch: &str| {
        let out = std::process::Command::new(common::BIN)
            .args([
                "--json-summary",
                "--batch-bytes",
                batch,
                "--window-bytes",
                batch,
            ])
            .arg(&path)
            .output()
            .unwrap();
        let mut docs: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // a failure document's @timestamp is when it was processed
        for d in &mut docs {
            if d["tags"]
                .as_array()
                .is_some_and(|t| t.contains(&"_elbparsefailure".into()))
            {
                d.as_object_mut().unwrap().remove("@timestamp");
            }
        }
        let mut summary: Value = serde_json::from_slice(&out.stderr).unwrap();
        summary.as_object_mut().unwrap().remove("duration_ms");
        (docs, summary)
    };
    let (one, one_summary) = run("67108864");
    let (cut, cut_summary) = run("1024");
    assert_eq!(one.len(), cut.len());
    assert_eq!(one_summary["vended_records"], 3 * alb.len() as u64);
    assert!(one_summary["parse_failures"].as_u64().unwrap() > 2 * (alb.len() as u64 / 7));
    for (i, (a, b)) in one.iter().zip(&cut).enumerate() {
        assert_eq!(a, b, "document {i}");
    }
    let w3c = &cut[cut.len() - 2 * alb.len()..];
    assert!(
        w3c.iter().all(|d| d["tags"].is_null()),
        "a W3C record failed"
    );
    for key in [
        "lines_read",
        "lines_parsed",
        "parse_failures",
        "lines_skipped",
        "vended_records",
        "formats",
        "parse_errors",
        "lines_sent",
    ] {
        assert_eq!(one_summary[key], cut_summary[key], "{key}");
    }
}

//! Vended records (CloudWatch deliveries) read, parsed and encoded, per record, on one core:
//! the bundled 34-field ALB lines as JSON objects (string values) and as tab-separated records
//! in AWS's default order. The target is ≥ 500,000 records/s; legacy lines never come
//! here (they parse on the first try), so `parse.rs` is unchanged by it.

#[path = "../tests/common/records.rs"]
#[allow(dead_code)]
mod records;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use elb_logstash::vended::{FieldList, read};
use std::hint::black_box;

fn alb_records() -> (Vec<String>, Vec<String>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
    let mut json = Vec::new();
    let mut tsv = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().contains("_app.my-alb") {
            continue;
        }
        let mut text = String::new();
        let file = std::fs::File::open(&path).unwrap();
        std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(file), &mut text)
            .unwrap();
        for line in text.lines() {
            if let Some(fields) =
                records::record(line).filter(|f| f.len() == records::ALB_ACCESS.len())
            {
                json.push(records::json(&fields, false, false));
                tsv.push(records::tsv(&fields));
            }
        }
    }
    (json, tsv)
}

fn bench(c: &mut Criterion) {
    let enc = Encoder::new(&EncodeOptions::default());
    let meta = ObjectMeta::new(&ObjectId::s3("bucket", "key", "etag", None));
    let (json, tsv) = alb_records();
    assert!(json.len() > 20, "{} records", json.len());
    let none = FieldList::default();
    let mut g = c.benchmark_group("vended");
    for (name, recs) in [("alb json", &json), ("alb tsv", &tsv)] {
        g.throughput(Throughput::Elements(recs.len() as u64));
        let (mut legacy, mut out) = (Vec::new(), Vec::with_capacity(1 << 20));
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                for (i, r) in recs.iter().enumerate() {
                    read(r.as_bytes(), &none, &mut legacy).unwrap();
                    enc.encode(
                        &meta,
                        i as u64,
                        r.as_bytes(),
                        &parse_line(&legacy),
                        &mut out,
                    );
                }
                black_box(out.len());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

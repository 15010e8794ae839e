//! Vended records (CloudWatch deliveries) read, parsed and encoded, per record, on one core:
//! the bundled 34-field ALB lines as JSON objects (string values) and as tab-separated records
//! in AWS's default order. The target is ≥ 500,000 records/s; legacy lines never come
//! here (they parse on the first try), so `parse.rs` is unchanged by it.

mod alb_filter;

#[path = "../tests/common/records.rs"]
#[allow(dead_code)]
mod records;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use elb_logstash::trigger::{LogsData, decode_logs};
use elb_logstash::vended::{FieldList, Reader};
use std::hint::black_box;

fn alb_records() -> (Vec<String>, Vec<String>) {
    let (mut json, mut tsv) = (Vec::new(), Vec::new());
    for line in alb_filter::lines(alb_filter::ALB) {
        let line = String::from_utf8_lossy(&line);
        if let Some(fields) =
            records::record(&line).filter(|f| f.len() == records::ALB_ACCESS.len())
        {
            json.push(records::json(&fields, false, false));
            tsv.push(records::tsv(&fields));
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
        let mut reader = Reader::default();
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                for (i, r) in recs.iter().enumerate() {
                    reader.read(r.as_bytes(), &none, &mut legacy).unwrap();
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
    payloads(c, &enc, &meta, &json, "json records");
    payloads(c, &enc, &meta, &tsv, "tsv records");
}

/// Subscription data as the Lambda receives it (base64 of gzip of the JSON payload, 100 events
/// a payload): decoded, then every event parsed (a vended record read first) and encoded. The
/// issue's target is ≥ 300,000 events/s. Measured with JSON records as the events' messages
/// (every quote of the record escaped in the payload) and with tab-separated ones (AWS's
/// `plain` format: a `\t` escape per field).
fn payloads(c: &mut Criterion, enc: &Encoder, meta: &ObjectMeta, records: &[String], name: &str) {
    use base64::Engine;
    use std::io::Write;
    let events: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({"id": format!("{:056}", i), "timestamp": 1795428000000u64,
            "message": records[i % records.len()]})
        })
        .collect();
    let payload = serde_json::json!({"messageType": "DATA_MESSAGE", "owner": "123456789012",
        "logGroup": "/elb/my-alb", "logStream": "vended", "subscriptionFilters": ["f"],
        "logEvents": events});
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(payload.to_string().as_bytes()).unwrap();
    let data = base64::engine::general_purpose::STANDARD.encode(z.finish().unwrap());
    let none = FieldList::default();
    let mut g = c.benchmark_group("subscription");
    g.throughput(Throughput::Elements(100));
    let (mut legacy, mut out) = (Vec::new(), Vec::with_capacity(1 << 20));
    let mut reader = Reader::default();
    g.bench_function(format!("decode+parse+encode {name}"), |b| {
        b.iter(|| {
            out.clear();
            let Ok(LogsData::Events(p)) = decode_logs(&data) else {
                panic!("not events")
            };
            for i in 0..p.events.len() {
                let line = p.events.message(i);
                let parsed = match parse_line(line) {
                    Ok(l) => Ok(l),
                    Err(_) => {
                        reader.read(line, &none, &mut legacy).unwrap();
                        parse_line(&legacy)
                    }
                };
                enc.encode(meta, i as u64, line, &parsed, &mut out);
            }
            black_box(out.len());
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

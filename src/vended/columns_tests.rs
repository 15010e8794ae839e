use std::sync::Arc;

use arrow_array::{
    ArrayRef, Float64Array, Int32Array, Int64Array, ListArray, RecordBatch, StringArray,
    TimestampMicrosecondArray, types::Int32Type,
};

use super::*;

const HEALTH: &str = "http 2026-11-23T10:00:00.006306Z 0.021785200 10.0.3.170:8080 tg-http-0 \
                      PASS 200 - app/my-alb/50dc6c495c0c9188 10.0.3.17";
const NAMES: [&str; 10] = [
    "type",
    "time",
    "latency",
    "target_addr",
    "target_group_id",
    "status",
    "status_code",
    "reason_code",
    "elb",
    "ip_address",
];

fn lines(batch: &RecordBatch) -> Vec<String> {
    let cols = Columns::new(&batch.schema()).unwrap();
    let (mut text, mut out) = (String::new(), Vec::new());
    (0..batch.num_rows())
        .map(|row| {
            cols.line(batch, row, &mut text, &mut out);
            String::from_utf8(out.clone()).unwrap()
        })
        .collect()
}

fn strings(names: &[&str], values: &[&str]) -> RecordBatch {
    let cols: Vec<(&str, ArrayRef)> = names
        .iter()
        .zip(values)
        .map(|(n, v)| (*n, Arc::new(StringArray::from(vec![*v])) as ArrayRef))
        .collect();
    RecordBatch::try_from_iter(cols).unwrap()
}

#[test]
fn string_columns_rebuild_the_legacy_line() {
    let values: Vec<&str> = HEALTH.split(' ').collect();
    assert_eq!(lines(&strings(&NAMES, &values)), [HEALTH]);
}

#[test]
fn columns_in_another_order_and_spelling_rebuild_the_same_line() {
    let values: Vec<&str> = HEALTH.split(' ').collect();
    let mut pairs: Vec<(String, &str)> = NAMES
        .iter()
        .map(|n| n.to_ascii_uppercase())
        .zip(values)
        .collect();
    pairs.reverse();
    let names: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
    let values: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    assert_eq!(lines(&strings(&names, &values)), [HEALTH]);
}

#[test]
fn typed_columns_become_the_text_the_log_holds() {
    let s = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
    let time = TimestampMicrosecondArray::from(vec![1_795_428_000_006_306]).with_timezone("UTC");
    let batch = RecordBatch::try_from_iter([
        ("type", s("http")),
        ("time", Arc::new(time) as ArrayRef),
        (
            "latency",
            Arc::new(Float64Array::from(vec![0.0217852])) as ArrayRef,
        ),
        ("target_addr", s("10.0.3.170:8080")),
        ("target_group_id", s("tg-http-0")),
        ("status", s("PASS")),
        (
            "status_code",
            Arc::new(Int32Array::from(vec![200])) as ArrayRef,
        ),
        (
            "reason_code",
            Arc::new(StringArray::from(vec![None::<&str>])) as ArrayRef,
        ),
        ("elb", s("app/my-alb/50dc6c495c0c9188")),
        ("ip_address", s("10.0.3.17")),
    ])
    .unwrap();
    assert_eq!(
        lines(&batch),
        [
            "http 2026-11-23T10:00:00.006306Z 0.0217852 10.0.3.170:8080 tg-http-0 PASS 200 - \
          app/my-alb/50dc6c495c0c9188 10.0.3.17"
        ]
    );
}

#[test]
fn an_epoch_number_in_a_time_field_is_an_instant_and_a_duration_stays_a_number() {
    let s = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("type", s("http")),
        (
            "time",
            Arc::new(Int64Array::from(vec![1_795_428_000_006])) as ArrayRef,
        ),
        ("latency", Arc::new(Int64Array::from(vec![2])) as ArrayRef),
        ("target_addr", s("10.0.3.170:8080")),
        ("status", s("PASS")),
    ])
    .unwrap();
    let line = &lines(&batch)[0];
    assert!(
        line.starts_with("http 2026-11-23T10:00:00.006Z 2 10.0.3.170:8080 "),
        "{line}"
    );
}

#[test]
fn unknown_columns_are_kept_and_unreadable_types_left_out() {
    let values: Vec<&str> = HEALTH.split(' ').collect();
    let base = strings(&NAMES, &values);
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)])]);
    let mut cols: Vec<(&str, ArrayRef)> = NAMES
        .iter()
        .copied()
        .zip(base.columns().iter().cloned())
        .collect();
    cols.push(("shard", Arc::new(StringArray::from(vec!["b"])) as ArrayRef));
    cols.push(("nested", Arc::new(list) as ArrayRef));
    let batch = RecordBatch::try_from_iter(cols).unwrap();
    assert_eq!(lines(&batch), [format!("{HEALTH} \"shard=b\"")]);
}

#[test]
fn a_schema_without_a_load_balancer_field_is_refused_with_its_names() {
    let batch = strings(&["colour", "size"], &["red", "9"]);
    let e = Columns::new(&batch.schema()).unwrap_err();
    assert!(e.to_string().contains("colour, size"), "{e}");
}

//! Other projects' published test lines (and the AWS documentation's examples), with their
//! expectations mapped to our field names by `tools/import_conformance.py`, run through the
//! library's parser and encoder. Sources and licences: `tests/conformance/PROVENANCE.md`.

use elb_logstash::document::{EncodeOptions, Encoder, ObjectMeta};
use elb_logstash::parse::parse_line;
use elb_logstash::source::ObjectId;
use serde_json::Value;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance/cases");

struct Case {
    name: String,
    line: String,
    format: String,
    expect: serde_json::Map<String, Value>,
    absent: Vec<String>,
}

fn load(source: &str) -> Vec<Case> {
    let path = format!("{CASES}/{source}.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1));
            Case {
                name: format!("{source}:{} ({})", i + 1, v["case"].as_str().unwrap_or("?")),
                line: v["line"].as_str().expect("line").to_string(),
                format: v["format"].as_str().expect("format").to_string(),
                expect: v
                    .get("expect")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
                absent: v
                    .get("absent")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn encode(line: &str) -> Value {
    let meta = ObjectMeta::new(&ObjectId::file("conformance.log", 0, 0));
    let mut out = Vec::new();
    let parsed = parse_line(line.as_bytes());
    Encoder::new(&EncodeOptions::default()).encode(&meta, 0, line.as_bytes(), &parsed, &mut out);
    serde_json::from_slice(&out).expect("the encoder writes valid JSON")
}

fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |cur, part| cur.get(part))
}

/// Timestamps compare to the millisecond (sources truncate), with or without the `Z`.
fn millis(v: &str) -> Option<String> {
    let v = v.strip_suffix('Z').unwrap_or(v);
    let (secs, frac) = v.split_once('.').unwrap_or((v, ""));
    (secs.len() == 19 && secs.as_bytes()[10] == b'T')
        .then(|| format!("{secs}.{:0<3}", &frac[..frac.len().min(3)]))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Sources disagree on types (`"80"` vs `80`); values compare as numbers when both are.
fn same(want: &Value, got: &Value, path: &str) -> bool {
    if matches!(path, "@timestamp" | "event.start" | "event.end") {
        return millis(&text(want)).is_some() && millis(&text(want)) == millis(&text(got));
    }
    if path.ends_with(".sec") && !got.is_f64() {
        return false; // a duration must arrive as a float, or dynamic mapping makes it a long
    }
    if path == "http.request.method" {
        return text(want).eq_ignore_ascii_case(&text(got));
    }
    match (want, got) {
        (Value::Array(w), Value::Array(g)) => {
            w.len() == g.len() && w.iter().zip(g).all(|(a, b)| same(a, b, ""))
        }
        (Value::Array(_), _) | (_, Value::Array(_)) => false,
        _ => match (text(want).parse::<f64>(), text(got).parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => text(want) == text(got),
        },
    }
}

fn problems(case: &Case) -> Vec<String> {
    let doc = encode(&case.line);
    let mut out = Vec::new();
    let tags = get(&doc, "tags").and_then(Value::as_array);
    if tags.is_some_and(|t| t.iter().any(|t| t == "_elbparsefailure")) {
        return vec![format!("did not parse: {}", doc["error"]["message"])];
    }
    let want_type = matches!(case.format.as_str(), "alb" | "nlb" | "health_check");
    if want_type != get(&doc, "aws.elb.type").is_some() {
        out.push(format!(
            "aws.elb.type: {:?} for a {} line",
            get(&doc, "aws.elb.type"),
            case.format
        ));
    }
    for (path, want) in &case.expect {
        match get(&doc, path) {
            None => out.push(format!("{path}: missing, want {want}")),
            Some(got) if !same(want, got, path) => {
                out.push(format!("{path}: got {got}, want {want}"))
            }
            Some(_) => {}
        }
    }
    for path in &case.absent {
        if let Some(got) = get(&doc, path) {
            out.push(format!("{path}: should be absent, got {got}"));
        }
    }
    out
}

fn check(source: &str, min_cases: usize) {
    let cases = load(source);
    assert!(
        cases.len() >= min_cases,
        "{source}: only {} cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let p = problems(c);
            (!p.is_empty()).then(|| format!("{}: {}", c.name, p.join("; ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{source}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn aws_documentation_examples() {
    check("aws-docs", 13);
}

#[test]
fn aws_documentation_health_check_examples() {
    check("aws-docs-health-check", 2);
}

#[test]
fn vector_vrl_parse_aws_alb_log() {
    check("vrl-alb", 17);
}

#[test]
fn logstash_patterns_core_elb_access_log() {
    check("logstash-patterns", 7);
}

#[test]
fn node_alb_and_elb_log_parsers() {
    check("node-log-parsers", 19);
}

#[test]
fn fluent_plugin_elb_log() {
    check("fluent-plugin-elb-log", 4);
}

#[test]
fn elastic_go_grok_aws_patterns() {
    check("go-grok", 2);
}

#[test]
fn coralogix_grpcs_fixture() {
    check("coralogix-elb-fixture", 576);
}

#[test]
fn every_case_file_is_listed_with_a_licence_that_allows_redistribution() {
    let provenance = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/conformance/PROVENANCE.md"
    ))
    .expect("PROVENANCE.md");
    for entry in std::fs::read_dir(CASES).expect("cases dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .into_string()
            .expect("utf-8 name");
        assert!(
            provenance.contains(&format!("`{name}`")),
            "{name} is not in PROVENANCE.md"
        );
        let text = std::fs::read_to_string(format!("{CASES}/{name}")).expect("read");
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(l).expect("json");
            let licence = v["licence"].as_str().unwrap_or("");
            let ok = ["Apache-2.0", "MIT", "BSD", "MPL-2.0", "CC BY-SA 4.0"]
                .iter()
                .any(|l| licence.starts_with(l));
            assert!(
                ok && !licence.contains("Elastic"),
                "{name}: licence `{licence}`"
            );
        }
    }
}

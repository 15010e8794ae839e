//! The invocation's one log line: the summary, what the invocation was, and CloudWatch
//! Embedded Metric Format metadata, so metrics cost no API call.

use serde_json::{Value, json};

use crate::summary::Summary;

/// What the summary does not hold about an invocation.
pub struct InvocationFacts<'a> {
    pub request_id: &'a str,
    pub cold_start: bool,
    pub skipped: u64,
    pub time_left_ms: u64,
    pub errors: &'a [String],
    pub function_name: &'a str,
    pub metrics_namespace: &'a str,
    pub now_ms: u64,
}

/// How many of the invocation's errors the line keeps (the newest).
const ERRORS_KEPT: usize = 5;

pub fn report(summary: &Summary, facts: &InvocationFacts) -> Value {
    let mut v =
        serde_json::to_value(summary).unwrap_or_else(|e| json!({ "summary_error": e.to_string() }));
    let metrics = [
        ("LinesSent", summary.totals.lines_sent),
        ("LinesFailed", summary.totals.lines_failed),
        ("ParseFailures", summary.totals.parse_failures),
        ("LinesFiltered", summary.totals.lines_filtered),
        ("LinesSampledOut", summary.totals.lines_sampled_out),
        ("UnknownFieldLines", summary.totals.unknown_field_lines),
        ("ConnectionsCreated", summary.connections.created),
    ];
    if let Some(m) = v.as_object_mut() {
        let errors = facts.errors;
        m.insert("message".into(), json!("invocation summary"));
        m.insert("request_id".into(), json!(facts.request_id));
        m.insert("cold_start".into(), json!(facts.cold_start));
        m.insert("records_skipped".into(), json!(facts.skipped));
        m.insert("time_left_ms".into(), json!(facts.time_left_ms));
        m.insert(
            "errors".into(),
            json!(errors[errors.len().saturating_sub(ERRORS_KEPT)..]),
        );
        m.insert("FunctionName".into(), json!(facts.function_name));
        for (name, value) in metrics {
            m.insert(name.into(), json!(value));
        }
        m.insert(
            "_aws".into(),
            json!({
                "Timestamp": facts.now_ms,
                "CloudWatchMetrics": [{
                    "Namespace": facts.metrics_namespace,
                    "Dimensions": [["FunctionName"]],
                    "Metrics": metrics.iter().map(|(n, _)| json!({ "Name": n, "Unit": "Count" })).collect::<Vec<_>>(),
                }],
            }),
        );
    }
    v
}

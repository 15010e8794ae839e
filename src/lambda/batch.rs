//! The S3 Batch Operations answer: one result per task. A task's failure is its own result code,
//! never a Lambda error (that would fail every task of the invocation); `TemporaryFailure` is
//! retried by Batch Operations, and `event.id` makes the retry idempotent.

use serde::Serialize;

use super::plan::{BatchPlan, Planned};
use crate::last_errors::truncate;
use crate::source::SourceError;
use crate::summary::ObjectSummary;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum ResultCode {
    Succeeded,
    TemporaryFailure,
    PermanentFailure,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BatchResult {
    pub task_id: String,
    pub result_code: ResultCode,
    /// Lands in the job's completion report.
    pub result_string: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BatchResponse {
    pub invocation_schema_version: String,
    pub treat_missing_keys_as: ResultCode,
    pub invocation_id: String,
    pub results: Vec<BatchResult>,
}

/// Whether trying the object again could succeed: a missing, forbidden or archived object
/// will not appear by retrying; a throttled GET, a broken stream or the deadline may. Decided
/// by the failure's kind, never by its message.
pub fn retryable(e: &SourceError) -> bool {
    match e {
        SourceError::Open { kind, .. } => !kind.is_permanent(),
        SourceError::Read { .. } | SourceError::Stopped { .. } => true,
    }
}

/// `objects[i]` was read into `summaries[i]`; `retry[i]` says whether its error (if any) is
/// worth a retry.
pub fn answer(
    plan: &BatchPlan,
    objects: &[Planned],
    summaries: &[ObjectSummary],
    retry: &[Option<bool>],
    logstash: &str,
) -> BatchResponse {
    let results = plan
        .task_ids
        .iter()
        .enumerate()
        .map(|(t, task_id)| {
            let (result_code, why) = match plan.task_errors.get(&t) {
                Some(why) => (ResultCode::PermanentFailure, why.clone()),
                None => match objects.iter().position(|p| p.message == Some(t)) {
                    Some(i) => outcome(&summaries[i], retry[i], logstash),
                    None => (
                        ResultCode::PermanentFailure,
                        "the task was not planned".into(),
                    ),
                },
            };
            BatchResult {
                task_id: task_id.clone(),
                result_code,
                result_string: truncate(&why),
            }
        })
        .collect();
    BatchResponse {
        invocation_schema_version: plan.schema.clone(),
        treat_missing_keys_as: ResultCode::PermanentFailure,
        invocation_id: plan.invocation_id.clone(),
        results,
    }
}

fn outcome(o: &ObjectSummary, retry: Option<bool>, logstash: &str) -> (ResultCode, String) {
    let c = &o.counts;
    match (&o.error, retry) {
        (Some(e), Some(false)) => return (ResultCode::PermanentFailure, e.clone()),
        (Some(e), _) => return (ResultCode::TemporaryFailure, e.clone()),
        (None, _) => {}
    }
    if c.lines_failed > 0 {
        let why = format!(
            "{} of {} lines not delivered to {logstash}; a retry resends the object (event.id keeps it idempotent)",
            c.lines_failed, c.lines_read
        );
        return (ResultCode::TemporaryFailure, why);
    }
    if c.lines_parsed == 0 && c.parse_failures > 0 {
        let why = format!(
            "not a load-balancer log: none of its {} lines parsed (shipped as _elbparsefailure documents)",
            c.parse_failures
        );
        return (ResultCode::PermanentFailure, why);
    }
    let mut why = format!(
        "{} lines read, {} sent, {} parse failures",
        c.lines_read, c.lines_sent, c.parse_failures
    );
    if c.lines_filtered + c.lines_sampled_out > 0 {
        why.push_str(&format!(
            ", {} filtered, {} sampled out",
            c.lines_filtered, c.lines_sampled_out
        ));
    }
    (ResultCode::Succeeded, why)
}

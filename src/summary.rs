//! Per-run (per-invocation) counters and the last few errors, serialised as one JSON object.
//! Created fresh for every run and passed down: there are no global counters.

use serde::Serialize;

use crate::last_errors::LastErrors;
use crate::parse::Format;
use crate::ship::{ConnectionCounts, DeliveryReport, SendErrorRecord, Ticket};

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FormatCounts {
    pub classic: u64,
    pub alb: u64,
    pub nlb: u64,
    pub conn_log: u64,
    pub health_check: u64,
}

/// A line that did not parse: where, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ParseErrorRecord {
    pub object: String,
    pub offset: u64,
    pub error: String,
}

/// Line counters for one object, or summed over a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LineCounts {
    /// Every line seen, empty ones included.
    pub lines_read: u64,
    pub lines_parsed: u64,
    pub parse_failures: u64,
    pub lines_skipped: u64,
    /// Lines of AWS's `ELBAccessLogTestFile` (also in `lines_skipped`): never shipped.
    pub aws_test_lines: u64,
    /// Parsed lines dropped by an include or exclude rule.
    pub lines_filtered: u64,
    /// Parsed lines a sampling rule did not choose.
    pub lines_sampled_out: u64,
    pub unknown_field_lines: u64,
    /// Lines read as CloudWatch vended records (JSON or tab-separated), also in the others.
    pub vended_records: u64,
    pub formats: FormatCounts,
    pub bytes_compressed: u64,
    pub bytes_decompressed: u64,
    pub lines_sent: u64,
    pub lines_resent: u64,
    pub lines_failed: u64,
}

impl LineCounts {
    pub fn count_format(&mut self, f: Format) {
        let c = &mut self.formats;
        match f {
            Format::Classic => c.classic += 1,
            Format::Alb => c.alb += 1,
            Format::Nlb => c.nlb += 1,
            Format::ConnLog => c.conn_log += 1,
            Format::HealthCheck => c.health_check += 1,
        }
    }

    pub fn add(&mut self, o: &LineCounts) {
        self.lines_read += o.lines_read;
        self.lines_parsed += o.lines_parsed;
        self.parse_failures += o.parse_failures;
        self.lines_skipped += o.lines_skipped;
        self.aws_test_lines += o.aws_test_lines;
        self.lines_filtered += o.lines_filtered;
        self.lines_sampled_out += o.lines_sampled_out;
        self.unknown_field_lines += o.unknown_field_lines;
        self.vended_records += o.vended_records;
        self.formats.classic += o.formats.classic;
        self.formats.alb += o.formats.alb;
        self.formats.nlb += o.formats.nlb;
        self.formats.conn_log += o.formats.conn_log;
        self.formats.health_check += o.formats.health_check;
        self.bytes_compressed += o.bytes_compressed;
        self.bytes_decompressed += o.bytes_decompressed;
        self.lines_sent += o.lines_sent;
        self.lines_resent += o.lines_resent;
        self.lines_failed += o.lines_failed;
    }
}

/// One object's outcome.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ObjectSummary {
    pub object: String,
    #[serde(flatten)]
    pub counts: LineCounts,
    /// Why the object could not be read to its end, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Everything a run reports, once, at its end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub totals: LineCounts,
    pub objects_ok: u64,
    pub objects_failed: u64,
    pub bytes_sent: u64,
    pub peak_buffered_bytes: u64,
    pub connections: ConnectionCounts,
    pub duration_ms: u64,
    pub parse_errors: LastErrors<ParseErrorRecord>,
    pub send_errors: LastErrors<SendErrorRecord>,
    pub objects: Vec<ObjectSummary>,
}

impl Summary {
    pub fn add_object(&mut self, o: ObjectSummary, parse_errors: LastErrors<ParseErrorRecord>) {
        self.parse_errors.extend(parse_errors);
        self.totals.add(&o.counts);
        if o.error.is_some() {
            self.objects_failed += 1;
        } else {
            self.objects_ok += 1;
        }
        self.objects.push(o);
    }

    /// Folds a sink's report into the per-object and total counts; `position` says where in
    /// `objects` the object holding a ticket is.
    pub fn apply_delivery(
        &mut self,
        report: DeliveryReport,
        position: impl Fn(Ticket) -> Option<usize>,
    ) {
        for (ticket, d) in report.per_object {
            if let Some(o) = position(ticket).and_then(|i| self.objects.get_mut(i)) {
                o.counts.lines_sent += d.sent;
                o.counts.lines_resent += d.resent;
                o.counts.lines_failed += d.failed;
            }
            self.totals.lines_sent += d.sent;
            self.totals.lines_resent += d.resent;
            self.totals.lines_failed += d.failed;
        }
        self.bytes_sent += report.bytes_sent;
        self.peak_buffered_bytes = self.peak_buffered_bytes.max(report.peak_buffered_bytes);
        self.connections = report.connections;
        self.send_errors.extend(report.errors);
    }

    /// What a person at a terminal wants to know, in a few lines: what was read, sent and
    /// lost, and why (the JSON summary is for pipes, files and the Lambda).
    pub fn human(&self) -> String {
        let t = &self.totals;
        let objects = self.objects_ok + self.objects_failed;
        let mut out = format!(
            "elb-logstash: {} lines read, {} sent, {} not delivered; {} parse failures, {} skipped, {} filtered out; {} of {objects} objects read whole, {:.1} s",
            t.lines_read,
            t.lines_sent,
            t.lines_failed,
            t.parse_failures,
            t.lines_skipped,
            t.lines_filtered + t.lines_sampled_out,
            self.objects_ok,
            self.duration_ms as f64 / 1000.0,
        );
        for o in self.objects.iter() {
            if let Some(e) = &o.error {
                out.push_str(&format!("\n  failed: {e}"));
            }
        }
        if let Some(p) = self.parse_errors.iter().last() {
            let more = t.parse_failures.saturating_sub(1);
            out.push_str(&format!(
                "\n  parse failure: {} at byte {}: {} ({more} more)",
                p.object, p.offset, p.error
            ));
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"summary: {e}\"}}"))
    }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;

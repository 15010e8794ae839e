//! ALB access-log lines → documents (docs/SCHEMA.md, "ALB access logs").

use super::Encoder;
use super::groups::{Bytes, Head, close_elb, elb_core, http_core_groups};
use super::object::ObjectMeta;
use crate::json::JsonOut;
use crate::parse::values;
use crate::parse::{Alb, AlbTail, lists, otel_trace_id};
use crate::{k, kv};

impl Encoder {
    pub(super) fn alb(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], a: &Alb) {
        let k = &a.core;
        let t = &a.tail;
        let head = Head {
            time: k.time,
            category: "web",
            status: k.elb_status_code,
            start: t.request_creation_time,
            end: Some(k.time),
            action: None,
            passed: None,
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.opt_str(k!("name"), values::present(k.elb));
        j.str(k!("type"), a.kind);
        j.lit(kv!("protocol", "http"));
        elb_core(j, k);
        let target_group = j.open(k!("target_group"));
        j.opt_str(k!("arn"), a.target_group_arn);
        j.close(target_group);
        j.quoted(k!("trace_id"), a.trace_id);
        let chosen_cert = j.open(k!("chosen_cert"));
        j.quoted(k!("arn"), t.chosen_cert_arn);
        j.close(chosen_cert);
        alb_tail(j, t);
        close_elb(j, elb, obj, offset, a.unknown);
        http_core_groups(j, k, Bytes::HttpTotal, t.domain_name);
        if let Some(id) = a.trace_id.and_then(otel_trace_id) {
            let trace = j.open(k!("trace"));
            j.str(k!("id"), &id);
            j.close(trace);
        }
    }
}

/// The fields AWS appended to ALB lines over the years, under `aws.elb`.
#[inline(always)]
fn alb_tail(j: &mut JsonOut, t: &AlbTail) {
    j.num(k!("matched_rule_priority"), t.matched_rule_priority);
    if let Some(actions) = t.actions_executed {
        let action_executed = j.open_array(k!("action_executed"));
        for act in lists::actions(actions) {
            j.item_str(act);
        }
        j.close(action_executed);
    }
    j.quoted(k!("redirect_url"), t.redirect_url);
    let error = j.open(k!("error"));
    j.quoted(k!("reason"), t.error_reason);
    j.close(error);
    if let Some(list) = t.target_port_list {
        let target_port = j.open_array(k!("target_port"));
        for target in lists::targets(list) {
            j.item_str(target);
        }
        j.close(target_port);
    }
    if let Some(list) = t.target_status_code_list {
        let target_status_code = j.open_array(k!("target_status_code"));
        for code in lists::status_codes(list) {
            j.item_num(code);
        }
        j.close(target_status_code);
    }
    j.quoted(k!("classification"), t.classification);
    j.quoted(k!("classification_reason"), t.classification_reason);
    j.opt_str(k!("conn_trace_id"), t.conn_trace_id);
    j.quoted(k!("transformed_host"), t.transformed_host);
    j.quoted(k!("transformed_uri"), t.transformed_uri);
    j.quoted(k!("request_transform_status"), t.request_transform_status);
    j.opt_str(k!("node_ip"), t.node_ip);
}

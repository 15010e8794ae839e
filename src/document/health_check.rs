//! ALB health-check lines → documents (docs/SCHEMA.md, "ALB health-check logs"). A check is an
//! action of the load balancer, not traffic: `event.action` = `health_check`, no `source`,
//! `http` or `url` groups.

use super::Encoder;
use super::groups::{Head, backend_status, close_elb};
use super::object::ObjectMeta;
use crate::json::JsonOut;
use crate::k;
use crate::parse::{HealthCheck, Target};

impl Encoder {
    pub(super) fn health_check(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        h: &HealthCheck,
    ) {
        let head = Head {
            time: h.time,
            category: "network",
            status: None,
            start: None,
            end: None,
            action: Some("health_check"),
            passed: Some(h.passed),
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.opt_str(k!("name"), h.elb);
        j.str(k!("type"), h.kind);
        let backend = j.open(k!("backend"));
        match h.target {
            Some(Target::Address(hp)) => {
                j.str(k!("ip"), hp.ip);
                j.num(k!("port"), Some(hp.port));
            }
            Some(Target::Lambda { arn }) => j.str(k!("arn"), arn),
            None => {}
        }
        backend_status(j, h.status_code);
        j.close(backend);
        let target_group = j.open(k!("target_group"));
        j.opt_str(k!("id"), h.target_group_id);
        j.close(target_group);
        let health_check = j.open(k!("health_check"));
        let latency = j.open(k!("latency"));
        j.float(k!("sec"), Some(h.latency));
        j.close(latency);
        j.str_const(k!("status"), if h.passed { "PASS" } else { "FAIL" });
        j.opt_str(k!("reason_code"), h.reason_code);
        j.close(health_check);
        j.opt_str(k!("node_ip"), h.node_ip);
        close_elb(j, elb, obj, offset, h.unknown);
    }
}

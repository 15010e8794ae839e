//! ALB connection-log lines → documents (docs/SCHEMA.md, "ALB connection logs").

use super::Encoder;
use super::groups::{Head, close_elb, timestamp, tls};
use super::object::ObjectMeta;
use crate::json::JsonOut;
use crate::parse::ConnLog;
use crate::parse::lists::VerifyStatus;
use crate::{k, kv};

impl Encoder {
    pub(super) fn conn_log(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        c: &ConnLog,
    ) {
        let head = Head {
            time: c.time,
            category: "network",
            status: None,
            start: None,
            end: Some(c.time),
            action: None,
            passed: None,
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.opt_str(k!("name"), c.elb);
        j.lit(kv!("protocol", "tcp"));
        // a string, as NLB's listener id in the same field; the port itself is destination.port
        // (validated digits: nothing to escape)
        j.opt_str(k!("listener"), c.listener_port);
        j.opt_str(k!("ssl_protocol"), c.tls_protocol);
        j.opt_str(k!("ssl_cipher"), c.tls_cipher);
        j.float(k!("tls_handshake_latency"), c.tls_handshake_latency);
        j.quoted(k!("leaf_client_cert_subject"), c.leaf_client_cert_subject);
        let validity = c.leaf_client_cert_validity;
        if let Some(t) = validity.not_before {
            timestamp(j, k!("leaf_client_cert_not_before"), t);
        }
        if let Some(t) = validity.not_after {
            timestamp(j, k!("leaf_client_cert_not_after"), t);
        }
        j.opt_str(
            k!("leaf_client_cert_serial_number"),
            c.leaf_client_cert_serial_number,
        );
        match c.tls_verify_status {
            Some(VerifyStatus::Failed { code }) => {
                j.lit(kv!("tls_verify_status", "Failed"));
                j.opt_str(k!("tls_error_code"), code);
            }
            Some(VerifyStatus::Success) => j.lit(kv!("tls_verify_status", "Success")),
            None => {}
        }
        j.opt_str(k!("conn_trace_id"), c.conn_trace_id);
        j.opt_str(k!("tls_keyexchange"), c.tls_keyexchange);
        j.opt_str(k!("node_ip"), c.node_ip);
        close_elb(j, elb, obj, offset, c.unknown);
        let client = j.open(k!("client"));
        j.opt_str(k!("ip"), c.client_ip);
        j.num(k!("port"), c.client_port);
        j.close(client);
        let destination = j.open(k!("destination"));
        j.num(k!("port"), c.listener_port);
        j.close(destination);
        tls(j, c.tls_cipher, c.tls_protocol);
    }
}

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
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.lit(kv!("protocol", "tcp"));
        j.num(k!("listener"), Some(c.listener_port));
        j.opt_str(k!("ssl_protocol"), c.tls_protocol);
        j.opt_str(k!("ssl_cipher"), c.tls_cipher);
        j.num(k!("tls_handshake_latency"), c.tls_handshake_latency);
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
                j.str(k!("tls_error_code"), code);
            }
            Some(VerifyStatus::Other(status)) => j.str(k!("tls_verify_status"), status),
            None => {}
        }
        j.opt_str(k!("conn_trace_id"), c.conn_trace_id);
        close_elb(j, elb, obj, offset, c.unknown);
        let client = j.open(k!("client"));
        j.str(k!("ip"), c.client_ip);
        j.num(k!("port"), Some(c.client_port));
        j.close(client);
        tls(j, c.tls_cipher, c.tls_protocol);
    }
}

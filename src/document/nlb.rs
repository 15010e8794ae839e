//! NLB TLS-listener lines → documents (docs/SCHEMA.md, "NLB access logs").

use super::Encoder;
use super::groups::{Head, close_elb, host_port, timestamp, tls};
use super::object::ObjectMeta;
use crate::json::JsonOut;
use crate::parse::values;
use crate::parse::{Nlb, lists};
use crate::{k, kv};

impl Encoder {
    pub(super) fn nlb(&self, j: &mut JsonOut, obj: &ObjectMeta, offset: u64, line: &[u8], n: &Nlb) {
        let head = Head {
            time: n.time,
            category: "network",
            status: None,
            start: None,
            end: Some(n.time),
            action: None,
            passed: None,
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.opt_str(k!("name"), values::present(n.elb));
        j.str(k!("type"), n.kind);
        j.lit(kv!("protocol", "tcp"));
        j.opt_str(k!("listener"), values::present(n.listener));
        let connection_time = j.open(k!("connection_time"));
        j.float(k!("ms"), n.connection_time);
        j.close(connection_time);
        let tls_handshake_time = j.open(k!("tls_handshake_time"));
        j.float(k!("ms"), n.tls_handshake_time);
        j.close(tls_handshake_time);
        j.num(k!("incoming_tls_alert"), n.incoming_tls_alert);
        let chosen_cert = j.open(k!("chosen_cert"));
        j.opt_str(k!("arn"), n.chosen_cert_arn);
        j.opt_str(k!("serial"), n.chosen_cert_serial);
        j.close(chosen_cert);
        j.opt_str(k!("ssl_cipher"), n.tls_cipher);
        j.opt_str(k!("ssl_protocol"), n.tls_protocol_version);
        j.opt_str(k!("tls_keyexchange"), n.tls_keyexchange);
        j.opt_str(k!("alpn_fe_protocol"), n.alpn_fe_protocol);
        j.opt_str(k!("alpn_be_protocol"), n.alpn_be_protocol);
        if let Some(list) = n.alpn_client_preference_list {
            let alpn_client_preference_list = j.open_array(k!("alpn_client_preference_list"));
            for p in lists::alpn_protocols(list) {
                j.item_str(p);
            }
            j.close(alpn_client_preference_list);
        }
        if let Some(t) = n.tls_connection_creation_time {
            timestamp(j, k!("tls_connection_creation_time"), t);
        }
        close_elb(j, elb, obj, offset, n.unknown);
        let source = j.open(k!("source"));
        host_port(j, n.client, true);
        j.num(k!("bytes"), n.received_bytes);
        j.close(source);
        let destination = j.open(k!("destination"));
        host_port(j, n.destination, false);
        j.opt_str(k!("domain"), n.domain_name);
        j.num(k!("bytes"), n.sent_bytes);
        j.close(destination);
        tls(j, n.tls_cipher, n.tls_protocol_version);
    }
}

//! Classic ELB lines → documents (docs/SCHEMA.md, "Classic ELB").

use super::Encoder;
use super::groups::{Bytes, Head, close_elb, elb_core, http_core_groups};
use super::object::ObjectMeta;
use crate::json::JsonOut;
use crate::k;
use crate::parse::Classic;
use crate::parse::values;

impl Encoder {
    pub(super) fn classic(
        &self,
        j: &mut JsonOut,
        obj: &ObjectMeta,
        offset: u64,
        line: &[u8],
        c: &Classic,
    ) {
        let k = &c.core;
        let category = if c.is_tcp { "network" } else { "web" };
        // Classic's timestamp is when the request arrived: no event.end
        let head = Head {
            time: k.time,
            category,
            status: k.elb_status_code,
            start: None,
            end: None,
            action: None,
            passed: None,
        };
        let elb = self.open_elb(j, obj, offset, line, head);
        j.opt_str(k!("name"), values::present(k.elb));
        j.str_const(k!("protocol"), if c.is_tcp { "tcp" } else { "http" });
        elb_core(j, k);
        close_elb(j, elb, obj, offset, c.unknown);
        let bytes = if c.is_tcp {
            Bytes::Network
        } else {
            Bytes::HttpBody
        };
        http_core_groups(j, k, bytes, None);
    }
}

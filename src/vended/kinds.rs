//! The four kinds of vended load-balancer records and their fields, in the order of the legacy
//! line each is rebuilt into. Names are kept normalised (lower case, no `_`, `-`, `:` or
//! spaces), so AWS's enum names (`CLIENT_PORT`), snake case (`client_port`), the legacy names
//! (`client:port`) and camel case all meet; a field may answer to more than one name
//! (`request_line` / `request`). Sources: AWS's delivery field lists (docs/SCHEMA.md, "Vended
//! records").

/// A kind of record, as AWS's delivery `logType` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AlbAccess,
    AlbConnection,
    AlbHealthCheck,
    NlbAccess,
}

/// Where a legacy token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// One field, written as it is (or `-`).
    Field(&'static [&'static str]),
    /// One field, written in quotes (or `"-"`).
    Quoted(&'static [&'static str]),
    /// `ip:port`: the port field when it already holds `ip:port`, else the address field and
    /// the port field joined (the legacy line has one token where a delivery may have two).
    Joined {
        port: &'static [&'static str],
        ip: &'static [&'static str],
    },
    /// The address of a field pair the legacy line keeps apart: the address field, else the
    /// address part of an `ip:port` in the port field.
    IpOf {
        ip: &'static [&'static str],
        port: &'static [&'static str],
    },
    /// The port of such a pair: the port field, or the port part of its `ip:port`.
    PortOf(&'static [&'static str]),
}

const fn f(names: &'static [&'static str]) -> Source {
    Source::Field(names)
}

const fn q(names: &'static [&'static str]) -> Source {
    Source::Quoted(names)
}

const ALB_ACCESS: &[Source] = &[
    f(&["type"]),
    f(&["time"]),
    f(&["elb"]),
    Source::Joined {
        port: &["clientport"],
        ip: &["clientip"],
    },
    Source::Joined {
        port: &["targetport"],
        ip: &["targetip"],
    },
    f(&["requestprocessingtime"]),
    f(&["targetprocessingtime"]),
    f(&["responseprocessingtime"]),
    f(&["elbstatuscode"]),
    f(&["targetstatuscode"]),
    f(&["receivedbytes"]),
    f(&["sentbytes"]),
    q(&["requestline", "request"]),
    q(&["useragent"]),
    f(&["sslcipher"]),
    f(&["sslprotocol"]),
    f(&["targetgrouparn"]),
    q(&["traceid"]),
    q(&["domainname"]),
    q(&["chosencertarn"]),
    f(&["matchedrulepriority"]),
    f(&["requestcreationtime"]),
    q(&["actionsexecuted"]),
    q(&["redirecturl"]),
    q(&["errorreason"]),
    q(&["targetportlist"]),
    q(&["targetstatuscodelist"]),
    q(&["classification"]),
    q(&["classificationreason"]),
    f(&["conntraceid"]),
    q(&["transformedhost"]),
    q(&["transformeduri"]),
    q(&["requesttransformstatus"]),
    f(&["ipaddress"]),
];

const ALB_CONNECTION: &[Source] = &[
    f(&["time"]),
    Source::IpOf {
        ip: &["clientip"],
        port: &["clientport"],
    },
    Source::PortOf(&["clientport"]),
    f(&["listenerport"]),
    f(&["tlsprotocol"]),
    f(&["tlscipher"]),
    f(&["tlshandshakelatency"]),
    q(&["leafclientcertsubject"]),
    f(&["leafclientcertvalidity"]),
    f(&["leafclientcertserialnumber"]),
    f(&["tlsverifystatus"]),
    f(&["conntraceid"]),
    f(&["tlskeyexchange"]),
    f(&["elb"]),
    f(&["ipaddress"]),
];

const ALB_HEALTH_CHECK: &[Source] = &[
    f(&["type"]),
    f(&["time"]),
    f(&["latency"]),
    Source::Joined {
        port: &["targetaddr", "targetport"],
        ip: &["targetip"],
    },
    f(&["targetgroupid"]),
    f(&["status"]),
    f(&["statuscode"]),
    f(&["reasoncode"]),
    f(&["elb"]),
    f(&["ipaddress"]),
];

const NLB_ACCESS: &[Source] = &[
    f(&["type"]),
    f(&["version"]),
    f(&["time"]),
    f(&["elb"]),
    f(&["listener"]),
    Source::Joined {
        port: &["clientport"],
        ip: &["clientip"],
    },
    Source::Joined {
        port: &["destinationport"],
        ip: &["destinationip"],
    },
    f(&["connectiontime"]),
    f(&["tlshandshaketime"]),
    f(&["receivedbytes"]),
    f(&["sentbytes"]),
    f(&["incomingtlsalert"]),
    f(&["chosencertarn"]),
    f(&["chosencertserial"]),
    f(&["tlscipher"]),
    f(&["tlsprotocolversion"]),
    f(&["tlskeyexchange", "tlsnamedgroup"]),
    f(&["domainname"]),
    f(&["alpnfeprotocol"]),
    f(&["alpnbeprotocol"]),
    f(&["alpnclientpreferencelist"]),
    f(&["tlsconnectioncreationtime"]),
];

/// Every kind, in the order ties are broken when detecting a record's kind.
pub const KINDS: [Kind; 4] = [
    Kind::AlbAccess,
    Kind::AlbConnection,
    Kind::AlbHealthCheck,
    Kind::NlbAccess,
];

impl Kind {
    /// The legacy line's tokens, in order.
    pub fn sources(self) -> &'static [Source] {
        match self {
            Kind::AlbAccess => ALB_ACCESS,
            Kind::AlbConnection => ALB_CONNECTION,
            Kind::AlbHealthCheck => ALB_HEALTH_CHECK,
            Kind::NlbAccess => NLB_ACCESS,
        }
    }

    /// Tokens the shortest legacy line of the kind has (the oldest era the parser reads): a
    /// record naming fewer is padded with absent fields up to there.
    pub fn min_len(self) -> usize {
        match self {
            Kind::AlbAccess => 18,
            Kind::AlbConnection => 12,
            Kind::AlbHealthCheck => 8,
            Kind::NlbAccess => 18,
        }
    }
}

/// The field AWS delivers at a token's place in its default field list: the field itself, the
/// port field of an `ip:port` token, the address field of a split pair. So the default order
/// of a tab-separated record is the kind's legacy order.
pub fn delivered(s: &Source) -> &'static str {
    match *s {
        Source::Field(n) | Source::Quoted(n) | Source::PortOf(n) => n[0],
        Source::Joined { port, .. } => port[0],
        Source::IpOf { ip, .. } => ip[0],
    }
}

/// Every name a legacy token may be read from.
pub fn names(s: &Source) -> impl Iterator<Item = &'static str> {
    let (a, b): (&[&str], &[&str]) = match *s {
        Source::Field(n) | Source::Quoted(n) | Source::PortOf(n) => (n, &[]),
        Source::Joined { port, ip } => (port, ip),
        Source::IpOf { ip, port } => (ip, port),
    };
    a.iter().chain(b.iter()).copied()
}

/// A field name as records may spell it → its normalised key: ASCII lower case without `_`,
/// `-`, `:`, `.` or spaces, into `out`. `None` for a name longer than any field's.
pub fn normalise<'o>(name: &[u8], out: &'o mut [u8; 48]) -> Option<&'o [u8]> {
    let mut n = 0;
    for &c in name {
        if matches!(c, b'_' | b'-' | b':' | b'.' | b' ') {
            continue;
        }
        *out.get_mut(n)? = c.to_ascii_lowercase();
        n += 1;
    }
    Some(&out[..n])
}

/// A normalised field name, kept inline (the longest field name is 28 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    bytes: [u8; 48],
    len: u8,
}

impl Key {
    pub fn new(name: &[u8]) -> Option<Key> {
        let mut bytes = [0u8; 48];
        let len = normalise(name, &mut bytes)?.len() as u8;
        Some(Key { bytes, len })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

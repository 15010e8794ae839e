//! A bounded bb8 pool of Logstash connections. `connect` returns only after the TCP connect
//! (and the TLS handshake) completed, so a socket never enters the pool half-open — the bug
//! that lost lines in the Node.js shippers. The pool outlives invocations; counters here are
//! cumulative and each run reports the difference.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::conn::{Conn, ConnStats, Stream};
use super::error::{SendError, SendFailure};
use super::hosts::Hosts;
use super::options::{HostAddr, ShipConfig};
use super::report::ConnectionCounts;

/// How long one host's connect runs alone before the next host's starts alongside it.
const STAGGER: Duration = Duration::from_millis(250);

/// A connection checked out of the pool; dropping it returns it (or, when broken, closes it).
pub type Pooled = bb8::PooledConnection<'static, Manager>;

/// The bb8 manager: knows the hosts, TLS settings and timeouts.
pub struct Manager {
    hosts: Arc<Hosts>,
    /// The connector, and each host's server name (same order as `hosts`).
    tls: Option<(TlsConnector, Vec<ServerName<'static>>)>,
    connect_timeout: Duration,
    stats: Arc<ConnStats>,
    last_error: Arc<Mutex<Option<String>>>,
    /// Every host, comma-separated: how a failure of them all is named.
    addrs: String,
}

impl Manager {
    /// One connect (and handshake) to host `i`, within `CONNECT_TIMEOUT_MS`.
    async fn connect_to(&self, i: usize) -> Result<Stream, SendFailure> {
        let addr = &self.hosts.get(i).addr;
        let attempt = async {
            let tcp = TcpStream::connect(addr)
                .await
                .map_err(|e| SendFailure::Connect(Arc::new(e)))?;
            let _ = tcp.set_nodelay(true);
            match &self.tls {
                None => Ok(Stream::Plain(tcp)),
                Some((connector, names)) => connector
                    .connect(names[i].clone(), tcp)
                    .await
                    .map(|tls| Stream::Tls(Box::new(tls)))
                    .map_err(|e| SendFailure::Tls(Arc::new(e))),
            }
        };
        match tokio::time::timeout(self.connect_timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(SendFailure::ConnectTimedOut(
                self.connect_timeout.as_millis(),
            )),
        }
    }
}

impl bb8::ManageConnection for Manager {
    type Connection = Conn;
    type Error = SendError;

    /// Tries the hosts in `Hosts::order`, the next one starting when the one before failed or
    /// has not connected within `STAGGER` (RFC 8305's connection attempt delay), so hosts that
    /// do not answer cost about one `CONNECT_TIMEOUT_MS` together, not one each. The first to
    /// connect wins and the attempts still running are dropped; each failure puts its host in
    /// back-off. Fails only when every host failed, naming each with its error.
    async fn connect(&self) -> Result<Conn, SendError> {
        let mut queue = self.hosts.order(Instant::now()).into_iter();
        let mut running = FuturesUnordered::new();
        let attempt = |i: usize| async move { (i, self.connect_to(i).await) };
        running.extend(queue.next().map(attempt));
        while !running.is_empty() {
            let stagger = tokio::time::sleep(STAGGER);
            tokio::select! {
                Some((i, result)) = running.next() => match result {
                    Ok(stream) => return Ok(self.connected(i, stream)),
                    Err(why) => {
                        self.connect_failed(i, &why.to_string());
                        if self.hosts.len() == 1 {
                            return Err(self.give_up(self.hosts.get(i).addr.clone(), why));
                        }
                        running.extend(queue.next().map(attempt));
                    }
                },
                _ = stagger, if queue.len() > 0 => running.extend(queue.next().map(attempt)),
            }
        }
        let why = SendFailure::NoHostAnswered(self.hosts.every_error());
        Err(self.give_up(self.addrs.clone(), why))
    }

    /// Checked when an idle connection is handed out. Only the beats protocol returns
    /// connections to the pool (tcp closes each to confirm it, see `tcp::close_confirmed`);
    /// one that Logstash closed while idle (its `client_inactivity_timeout`, or between two
    /// Lambda invocations) is dropped here and a fresh one made.
    async fn is_valid(&self, conn: &mut Conn) -> Result<(), SendError> {
        if conn.is_open() {
            Ok(())
        } else {
            Err(SendError::new(
                conn.peer.clone(),
                SendFailure::ClosedWhileIdle,
            ))
        }
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.broken
    }
}

impl Manager {
    fn connected(&self, i: usize, stream: Stream) -> Conn {
        let host = self.hosts.get(i);
        self.hosts.succeeded(i);
        self.stats.created.fetch_add(1, Ordering::Relaxed);
        host.created.fetch_add(1, Ordering::Relaxed);
        Conn::new(stream, host.addr.clone(), self.stats.clone())
    }

    fn connect_failed(&self, i: usize, why: &str) {
        self.stats.failed.fetch_add(1, Ordering::Relaxed);
        self.hosts.get(i).failed.fetch_add(1, Ordering::Relaxed);
        self.hosts.failed(i, why, Instant::now());
    }

    fn give_up(&self, peer: String, why: SendFailure) -> SendError {
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(why.to_string());
        }
        SendError::new(peer, why)
    }
}

/// The pool plus what a run needs to report about it. Built once (cold start); cheap to share.
#[derive(Clone)]
pub struct LogstashPool {
    pub pool: bb8::Pool<Manager>,
    pub stats: Arc<ConnStats>,
    hosts: Arc<Hosts>,
    /// Every host, comma-separated, as configured: how messages name "Logstash".
    pub addr: String,
    last_error: Arc<Mutex<Option<String>>>,
    pub connect_timeout: Duration,
}

impl LogstashPool {
    /// Opens nothing yet: connections are made when the first batch needs one.
    pub fn new(cfg: &ShipConfig) -> Result<Self, String> {
        let addrs: Vec<String> = cfg.hosts.iter().map(HostAddr::to_string).collect();
        let tls = match &cfg.tls {
            None => None,
            Some(t) => {
                let config = super::tls::client_config(t).map_err(|e| e.to_string())?;
                let names = cfg
                    .hosts
                    .iter()
                    .map(|h| {
                        ServerName::try_from(h.tls_name().to_string()).map_err(|e| {
                            format!(
                                "LOGSTASH_ADDR: `{}` is not a valid TLS server name: {e}",
                                h.host
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Some((TlsConnector::from(config), names))
            }
        };
        let hosts = Arc::new(Hosts::new(&addrs));
        let label = cfg.addrs();
        let stats = Arc::new(ConnStats::default());
        let last_error = Arc::new(Mutex::new(None));
        let manager = Manager {
            hosts: hosts.clone(),
            tls,
            connect_timeout: cfg.connect_timeout,
            stats: stats.clone(),
            last_error: last_error.clone(),
            addrs: label.clone(),
        };
        let pool = bb8::Pool::builder()
            .max_size(cfg.pool_size)
            // each host gets its full connect timeout, the last starting after the others' stagger
            .connection_timeout(cfg.connect_timeout + STAGGER * hosts.len() as u32)
            .idle_timeout(None)
            .max_lifetime(None)
            .test_on_check_out(true)
            .build_unchecked(manager);
        Ok(LogstashPool {
            pool,
            stats,
            hosts,
            addr: label,
            last_error,
            connect_timeout: cfg.connect_timeout,
        })
    }

    /// This pool's counters, overall and per host.
    pub fn snapshot(&self) -> ConnectionCounts {
        let mut counts = self.stats.snapshot();
        counts.peers = self.hosts.counts().into_iter().collect();
        counts
    }

    /// A window failed on `peer`: the next connections prefer the other hosts for a while.
    pub fn window_failed(&self, e: &SendError) {
        if let Some(i) = self.hosts.index_of(&e.peer) {
            self.hosts.failed(i, &e.kind.to_string(), Instant::now());
        }
    }

    /// Whether a window that stalled on `peer` can be sent to another host that is up.
    pub fn another_host_up(&self, peer: &str) -> bool {
        self.hosts.another_is_up(peer, Instant::now())
    }

    /// A connected socket, or an error naming the address and the last connect failure.
    pub async fn get(&self) -> Result<Pooled, SendError> {
        match self.pool.get_owned().await {
            Ok(c) => Ok(c),
            Err(bb8::RunError::User(e)) => Err(e),
            Err(bb8::RunError::TimedOut) => {
                let last = self.last_error.lock().ok().and_then(|l| l.clone());
                let kind = SendFailure::PoolTimedOut {
                    ms: self.connect_timeout.as_millis(),
                    side_by_side: self.hosts.len() > 1,
                    last,
                };
                Err(SendError::new(self.addr.clone(), kind))
            }
        }
    }
}

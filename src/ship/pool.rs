//! A bounded bb8 pool of Logstash connections. `connect` returns only after the TCP connect
//! (and the TLS handshake) completed, so a socket never enters the pool half-open — the bug
//! that lost lines in the Node.js shippers. The pool outlives invocations; counters here are
//! cumulative and each run reports the difference.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use rustls_pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::ConnectionCounts;
use super::hosts::Hosts;
use super::options::{HostAddr, ShipConfig};

/// How long one host's connect runs alone before the next host's starts alongside it.
const STAGGER: Duration = Duration::from_millis(250);

/// Why a connection could not be made or used; always names the peer.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{peer}: {why}")]
pub struct ConnError {
    pub peer: String,
    pub why: String,
}

#[derive(Debug, Default)]
pub struct ConnStats {
    created: AtomicU64,
    destroyed: AtomicU64,
    failed: AtomicU64,
}

impl ConnStats {
    pub fn snapshot(&self) -> ConnectionCounts {
        ConnectionCounts {
            created: self.created.load(Ordering::Relaxed),
            destroyed: self.destroyed.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            peers: Default::default(),
        }
    }
}

pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// One connected (and, with TLS, handshaken) socket to Logstash.
pub struct Conn {
    pub stream: Stream,
    pub peer: String,
    /// Set once the connection was closed or failed: the pool then drops it.
    pub broken: bool,
    stats: Arc<ConnStats>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.stats.destroyed.fetch_add(1, Ordering::Relaxed);
    }
}

impl Conn {
    pub fn tcp(&self) -> &TcpStream {
        match &self.stream {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        }
    }

    /// Still open both ways with no pending error, as far as the kernel knows (`true` where
    /// it cannot tell): a kept-alive beats connection Logstash closed while idle is not.
    pub fn is_open(&self) -> bool {
        if let Ok(Some(_)) = self.tcp().take_error() {
            return false;
        }
        matches!(tcp_state(self.tcp()), None | Some(tcp_state::ESTABLISHED))
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Linux TCP states, as `TCP_INFO` reports them.
pub mod tcp_state {
    pub const ESTABLISHED: u8 = 1;
    pub const CLOSE: u8 = 7;
    pub const CLOSE_WAIT: u8 = 8;
    pub const LAST_ACK: u8 = 9;
}

/// The kernel's state of the socket, to tell who closed first (`None` where unsupported).
pub fn tcp_state(s: &TcpStream) -> Option<u8> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: getsockopt writes at most `len` bytes into a zeroed, properly sized tcp_info.
        unsafe {
            let mut info: libc::tcp_info = std::mem::zeroed();
            let mut len = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
            let rc = libc::getsockopt(
                s.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_INFO,
                (&mut info as *mut libc::tcp_info).cast(),
                &mut len,
            );
            (rc == 0).then_some(info.tcpi_state)
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = s;
        None
    }
}

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
    async fn connect_to(&self, i: usize) -> Result<Stream, String> {
        let addr = &self.hosts.get(i).addr;
        let attempt = async {
            let tcp = TcpStream::connect(addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            let _ = tcp.set_nodelay(true);
            match &self.tls {
                None => Ok(Stream::Plain(tcp)),
                Some((connector, names)) => connector
                    .connect(names[i].clone(), tcp)
                    .await
                    .map(|tls| Stream::Tls(Box::new(tls)))
                    .map_err(|e| format!("TLS handshake: {e}")),
            }
        };
        match tokio::time::timeout(self.connect_timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "connect timed out after {} ms",
                self.connect_timeout.as_millis()
            )),
        }
    }
}

impl bb8::ManageConnection for Manager {
    type Connection = Conn;
    type Error = ConnError;

    /// Tries the hosts in `Hosts::order`, the next one starting when the one before failed or
    /// has not connected within `STAGGER` (RFC 8305's connection attempt delay), so hosts that
    /// do not answer cost about one `CONNECT_TIMEOUT_MS` together, not one each. The first to
    /// connect wins and the attempts still running are dropped; each failure puts its host in
    /// back-off. Fails only when every host failed, naming each with its error.
    async fn connect(&self) -> Result<Conn, ConnError> {
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
                        self.connect_failed(i, &why);
                        if self.hosts.len() == 1 {
                            return Err(self.give_up(self.hosts.get(i).addr.clone(), why));
                        }
                        running.extend(queue.next().map(attempt));
                    }
                },
                _ = stagger, if queue.len() > 0 => running.extend(queue.next().map(attempt)),
            }
        }
        let why = format!("no host answered: {}", self.hosts.every_error());
        Err(self.give_up(self.addrs.clone(), why))
    }

    /// Checked when an idle connection is handed out. Only the beats protocol returns
    /// connections to the pool (tcp closes each to confirm it, see `shipper::close_confirmed`);
    /// one that Logstash closed while idle (its `client_inactivity_timeout`, or between two
    /// Lambda invocations) is dropped here and a fresh one made.
    async fn is_valid(&self, conn: &mut Conn) -> Result<(), ConnError> {
        if conn.is_open() {
            Ok(())
        } else {
            Err(ConnError {
                peer: conn.peer.clone(),
                why: "closed by the receiver while idle".into(),
            })
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
        Conn {
            stream,
            peer: host.addr.clone(),
            broken: false,
            stats: self.stats.clone(),
        }
    }

    fn connect_failed(&self, i: usize, why: &str) {
        self.stats.failed.fetch_add(1, Ordering::Relaxed);
        self.hosts.get(i).failed.fetch_add(1, Ordering::Relaxed);
        self.hosts.failed(i, why, Instant::now());
    }

    fn give_up(&self, peer: String, why: String) -> ConnError {
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(why.clone());
        }
        ConnError { peer, why }
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
    pub fn window_failed(&self, peer: &str, why: &str) {
        if let Some(i) = self.hosts.index_of(peer) {
            self.hosts.failed(i, why, Instant::now());
        }
    }

    /// Whether a window that stalled on `peer` can be sent to another host that is up.
    pub fn another_host_up(&self, peer: &str) -> bool {
        self.hosts.another_is_up(peer, Instant::now())
    }

    /// A connected socket, or an error naming the address and the last connect failure.
    pub async fn get(&self) -> Result<bb8::PooledConnection<'static, Manager>, ConnError> {
        match self.pool.get_owned().await {
            Ok(c) => Ok(c),
            Err(bb8::RunError::User(e)) => Err(e),
            Err(bb8::RunError::TimedOut) => {
                let last = self.last_error.lock().ok().and_then(|l| l.clone());
                Err(ConnError {
                    peer: self.addr.clone(),
                    why: format!(
                        "no connection within CONNECT_TIMEOUT_MS ({} ms{}){}",
                        self.connect_timeout.as_millis(),
                        if self.hosts.len() > 1 {
                            ", the hosts tried side by side"
                        } else {
                            ""
                        },
                        last.map(|l| format!(": {l}")).unwrap_or_default()
                    ),
                })
            }
        }
    }
}

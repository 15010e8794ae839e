//! One connected (and, with TLS, handshaken) socket to Logstash, and what the kernel knows
//! about it. The pool makes these; the protocols write and read them.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::report::ConnectionCounts;

#[derive(Debug, Default)]
pub struct ConnStats {
    pub(super) created: AtomicU64,
    pub(super) destroyed: AtomicU64,
    pub(super) failed: AtomicU64,
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
    pub(super) stats: Arc<ConnStats>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.stats.destroyed.fetch_add(1, Ordering::Relaxed);
    }
}

impl Conn {
    pub(super) fn new(stream: Stream, peer: String, stats: Arc<ConnStats>) -> Conn {
        Conn {
            stream,
            peer,
            broken: false,
            stats,
        }
    }

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

//! Test receivers that behave like Logstash's `tcp` input (json_lines), and fault-injecting
//! variants. All listen on 127.0.0.1, on a free port, and stop when dropped.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub mod aws;
pub mod beats;
pub mod cli;
pub mod records;

#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Reads lines until the client closes, then closes: Logstash's tcp input.
    Normal,
    /// Resets the first `n` connections after reading `after` bytes.
    ResetFirst { n: usize, after: usize },
    /// Accepts and closes at once the first `n` connections, reading nothing.
    CloseFirst { n: usize },
    /// Reads at most `bytes_per_tick` every 5 ms.
    Slow { bytes_per_tick: usize },
    /// Accepts and never reads.
    StopReading,
}

#[derive(Default)]
pub struct Received {
    pub lines: Mutex<Vec<String>>,
    pub accepted: AtomicUsize,
    pub open: AtomicUsize,
    pub max_open: AtomicUsize,
}

impl Received {
    pub fn ids(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .map(|l| {
                let v: serde_json::Value =
                    serde_json::from_str(l).expect("receiver got invalid JSON");
                v["event"]["id"].as_str().expect("event.id").to_string()
            })
            .collect()
    }

    pub fn unique_ids(&self) -> HashSet<String> {
        self.ids().into_iter().collect()
    }
}

pub struct Receiver {
    pub addr: String,
    pub got: Arc<Received>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub type Acceptor = Option<tokio_rustls::TlsAcceptor>;

impl Receiver {
    pub async fn start(behaviour: Behaviour) -> Receiver {
        Self::start_with(behaviour, None).await
    }

    pub async fn start_with(behaviour: Behaviour, tls: Acceptor) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        Self::serve(listener, addr, behaviour, tls)
    }

    /// Listens on `addr` only after `delay`: connects before then are refused.
    pub async fn start_late(delay: Duration) -> Receiver {
        let addr = free_addr();
        let got = Arc::new(Received::default());
        let (a, g) = (addr.clone(), got.clone());
        let task = tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let listener = TcpListener::bind(&a).await.unwrap();
            accept_loop(listener, g, Behaviour::Normal, None).await;
        });
        Receiver { addr, got, task }
    }

    fn serve(listener: TcpListener, addr: String, behaviour: Behaviour, tls: Acceptor) -> Receiver {
        let got = Arc::new(Received::default());
        let task = tokio::spawn(accept_loop(listener, got.clone(), behaviour, tls));
        Receiver { addr, got, task }
    }
}

/// An address nothing listens on.
pub fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

async fn accept_loop(
    listener: TcpListener,
    got: Arc<Received>,
    behaviour: Behaviour,
    tls: Acceptor,
) {
    loop {
        let Ok((sock, _)) = listener.accept().await else {
            return;
        };
        let nth = got.accepted.fetch_add(1, Ordering::SeqCst);
        let open = got.open.fetch_add(1, Ordering::SeqCst) + 1;
        got.max_open.fetch_max(open, Ordering::SeqCst);
        let got = got.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let counted = match tls {
                None => handle(sock, nth, &got, behaviour).await,
                Some(acceptor) => match acceptor.accept(sock).await {
                    Ok(s) => handle(s, nth, &got, behaviour).await,
                    Err(_) => false,
                },
            };
            if !counted {
                got.open.fetch_sub(1, Ordering::SeqCst);
            }
        });
    }
}

/// Returns true when it already counted the connection as closed.
async fn handle<S: AsyncRead + AsyncWrite + Unpin + Send + ResetCapable>(
    mut sock: S,
    nth: usize,
    got: &Received,
    behaviour: Behaviour,
) -> bool {
    match behaviour {
        Behaviour::Normal => read_lines(&mut sock, got, None).await,
        Behaviour::ResetFirst { n, after } if nth < n => {
            let mut buf = vec![0u8; after];
            let _ = sock.read_exact(&mut buf).await;
            sock.reset();
            false
        }
        Behaviour::ResetFirst { .. } => read_lines(&mut sock, got, None).await,
        Behaviour::CloseFirst { n } if nth < n => {
            drop(sock);
            false
        }
        Behaviour::CloseFirst { .. } => read_lines(&mut sock, got, None).await,
        Behaviour::Slow { bytes_per_tick } => {
            read_lines(&mut sock, got, Some(bytes_per_tick)).await
        }
        Behaviour::StopReading => {
            tokio::time::sleep(Duration::from_secs(600)).await;
            false
        }
    }
}

async fn read_lines<S: AsyncRead + AsyncWrite + Unpin>(
    sock: &mut S,
    got: &Received,
    slow: Option<usize>,
) -> bool {
    let mut data = Vec::new();
    let mut buf = vec![0u8; slow.unwrap_or(64 * 1024)];
    loop {
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
        if slow.is_some() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    got.lines.lock().unwrap().extend(
        data.split(|&c| c == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| String::from_utf8_lossy(l).into_owned()),
    );
    // the client may connect again the moment it sees our close
    got.open.fetch_sub(1, Ordering::SeqCst);
    let _ = sock.shutdown().await;
    true
}

/// Closing with SO_LINGER 0 sends a reset instead of a FIN.
pub trait ResetCapable {
    fn reset(self);
}

impl ResetCapable for TcpStream {
    fn reset(self) {
        let _ = self.set_zero_linger();
        drop(self);
    }
}

impl ResetCapable for tokio_rustls::server::TlsStream<TcpStream> {
    fn reset(self) {
        let (tcp, _) = self.into_inner();
        tcp.reset();
    }
}

/// A test CA and a server certificate for `localhost`/127.0.0.1, written as PEM files.
pub struct TestPki {
    pub dir: tempfile::TempDir,
    pub ca_pem: std::path::PathBuf,
    pub acceptor: tokio_rustls::TlsAcceptor,
    pub server_cert_pem: std::path::PathBuf,
    pub server_key_pem: std::path::PathBuf,
    /// A client certificate signed by the same CA, for mutual TLS.
    pub client_cert_pem: String,
    pub client_key_pem: String,
    /// Like `acceptor`, but refuses a client without a certificate from the test CA.
    pub mtls_acceptor: tokio_rustls::TlsAcceptor,
}

pub fn test_pki() -> TestPki {
    use rcgen::{
        BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
        KeyUsagePurpose,
    };
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let srv_key = KeyPair::generate().unwrap();
    let mut srv = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    srv.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let srv_cert = srv.signed_by(&srv_key, &issuer).unwrap();
    let client_key = KeyPair::generate().unwrap();
    let mut client = CertificateParams::new(vec!["elb-logstash".into()]).unwrap();
    client.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client_cert = client.signed_by(&client_key, &issuer).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_pem = dir.path().join("ca.pem");
    let server_cert_pem = dir.path().join("server.pem");
    let server_key_pem = dir.path().join("server.key");
    std::fs::write(&ca_pem, ca_cert.pem()).unwrap();
    std::fs::write(&server_cert_pem, srv_cert.pem()).unwrap();
    std::fs::write(&server_key_pem, srv_key.serialize_pem()).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let server_key = || rustls_pki_types::PrivateKeyDer::Pkcs8(srv_key.serialize_der().into());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![srv_cert.der().clone()], server_key())
        .unwrap();
    let mut roots = tokio_rustls::rustls::RootCertStore::empty();
    roots.add(ca_cert.der().clone()).unwrap();
    let verifier = tokio_rustls::rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .unwrap();
    let mtls = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![srv_cert.der().clone()], server_key())
        .unwrap();
    TestPki {
        dir,
        ca_pem,
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        server_cert_pem,
        server_key_pem,
        client_cert_pem: client_cert.pem(),
        client_key_pem: client_key.serialize_pem(),
        mtls_acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(mtls)),
    }
}

pub const BIN: &str = env!("CARGO_BIN_EXE_elb-logstash");
pub const ALB: &str = "testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz";

/// Runs the binary with `args` off the async runtime; returns (exit code, stdout, stderr).
pub async fn run_bin(args: Vec<String>, env: Vec<(String, String)>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(BIN)
            .args(&args)
            .envs(env)
            .env_remove("LOGSTASH_ADDR")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

pub fn summary(stderr: &str) -> serde_json::Value {
    serde_json::from_str(stderr.lines().last().expect("no summary")).expect("summary is JSON")
}

/// The event ids the tool produces for `path` (stdout mode).
pub async fn expected_ids(path: &str) -> HashSet<String> {
    let (code, out, _) = run_bin(vec![path.into()], vec![]).await;
    assert_eq!(code, 0);
    out.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["event"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// A larger object: the ALB testdata lines repeated `times` times, as a plain file.
pub fn big_object(times: usize) -> (tempfile::TempDir, String) {
    use std::io::Read;
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(ALB).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    std::fs::write(&path, raw.repeat(times)).unwrap();
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

/// Every line of every bundled testdata object, gunzipped where gzip.
pub fn testdata_lines() -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let raw = std::fs::read(&path).unwrap();
        let mut data = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut data)
                .unwrap();
        } else {
            data = raw;
        }
        out.extend(data.split(|&c| c == b'\n').map(<[u8]>::to_vec));
    }
    out
}

//! How to ship: owned by the stage that uses it; `config` builds it from flags and variables
//! and validates it there.

use std::path::PathBuf;
use std::time::Duration;

/// Where and how to ship.
#[derive(Debug, Clone)]
pub struct ShipConfig {
    pub addr: String,
    pub pool_size: u32,
    pub connect_timeout: Duration,
    pub send_timeout: Duration,
    pub window_bytes: u64,
    pub retries: u32,
    pub tls: Option<TlsConfig>,
}

/// Where the trusted CA certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaSource {
    File(PathBuf),
    Pem(String),
}

#[derive(Debug, Clone)]
pub struct TlsConfig {
    pub ca: Option<CaSource>,
    pub client_cert: Option<(PathBuf, PathBuf)>,
}

//! How to ship: owned by the stage that uses it; `config` builds it from flags and variables
//! and validates it there.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Where and how to ship.
#[derive(Debug, Clone)]
pub struct ShipConfig {
    /// `LOGSTASH_ADDR`'s hosts, parsed once, in the order given.
    pub hosts: Vec<HostAddr>,
    pub pool_size: u32,
    pub connect_timeout: Duration,
    pub send_timeout: Duration,
    pub window_bytes: u64,
    pub retries: u32,
    pub tls: Option<TlsConfig>,
    pub protocol: Protocol,
}

impl ShipConfig {
    /// Every host as configured, comma-separated: how messages name "Logstash".
    pub fn addrs(&self) -> String {
        let hosts: Vec<String> = self.hosts.iter().map(HostAddr::to_string).collect();
        hosts.join(",")
    }
}

/// One `HOST:PORT` of `LOGSTASH_ADDR`: where to connect, and the name a TLS certificate must
/// carry (the host without an IPv6 literal's brackets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostAddr {
    pub host: String,
    pub port: u16,
}

impl HostAddr {
    /// Splits at the last `:`; what is wrong is said so a person can fix it.
    pub fn parse(addr: &str) -> Result<HostAddr, &'static str> {
        let (host, port) = addr.rsplit_once(':').ok_or("no `:PORT`")?;
        if host.is_empty() {
            return Err("no host before the port");
        }
        if port.is_empty() || !port.bytes().all(|c| c.is_ascii_digit()) {
            return Err("the port is not a number");
        }
        match port.parse::<u32>() {
            Ok(p @ 1..=65535) => Ok(HostAddr {
                host: host.to_string(),
                port: p as u16,
            }),
            Ok(0) => Err("port 0 is not a port to connect to"),
            _ => Err("the port is out of range (1-65535)"),
        }
    }

    pub fn tls_name(&self) -> &str {
        self.host.trim_start_matches('[').trim_end_matches(']')
    }
}

impl fmt::Display for HostAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// What Logstash input the documents go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The `tcp` input with the `json_lines` codec: a window is confirmed by Logstash closing
    /// its side after our close (it acknowledges nothing).
    Tcp,
    /// The `beats` input (Lumberjack v2): a window is delivered when Logstash ACKs it.
    Beats {
        /// zlib level of the `2C` frames, 0 (none) to 9.
        compression_level: u32,
    },
}

#[derive(Debug, Clone)]
pub struct TlsConfig {
    /// Trusted CAs; `None` trusts the built-in web roots.
    pub ca: Option<PemSource>,
    /// Client certificate chain and its key, for mutual TLS.
    pub client_cert: Option<(PemSource, PemSource)>,
}

/// Where one piece of TLS material (CA bundle, client chain, client key) comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemSource {
    File(PathBuf),
    /// PEM text already in memory: a variable's own value, or a stored secret once fetched.
    Text(PemText),
    /// A Secrets Manager secret or SSM SecureString, read once at start-up, before the pool
    /// is built (the pool only accepts `File` and `Text`).
    Stored(StoredSecret),
}

impl PemSource {
    /// How errors name this material: the path, or the setting (and ARN) — never its value.
    pub fn origin(&self) -> String {
        match self {
            PemSource::File(path) => path.display().to_string(),
            PemSource::Text(t) => t.origin.clone(),
            PemSource::Stored(s) => s.origin(),
        }
    }
}

/// PEM text whose `Debug` shows where it came from, not what it holds, so a private key
/// fetched from Secrets Manager cannot reach a log line through `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct PemText {
    pub origin: String,
    pub text: String,
}

impl fmt::Debug for PemText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PemText({}, {} bytes)", self.origin, self.text.len())
    }
}

/// Which store holds a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretStore {
    SecretsManager,
    /// Systems Manager Parameter Store, read with decryption.
    Ssm,
}

/// A reference to TLS material kept in Secrets Manager or Parameter Store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecret {
    /// The variable (and flag) it was given in, for errors.
    pub setting: &'static str,
    pub arn: String,
    pub store: SecretStore,
    /// From the ARN: the secret is read in its own region, whatever the function's is.
    pub region: String,
}

impl StoredSecret {
    /// `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME` or
    /// `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME`; anything else is `None`.
    pub fn parse(setting: &'static str, arn: &str) -> Option<StoredSecret> {
        let mut parts = arn.splitn(6, ':');
        let (prefix, partition, service, region, account, resource) = (
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
        );
        let well_formed = prefix == "arn"
            && partition.starts_with("aws")
            && !region.is_empty()
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit());
        let store = match service {
            "secretsmanager"
                if resource
                    .strip_prefix("secret:")
                    .is_some_and(|n| !n.is_empty()) =>
            {
                SecretStore::SecretsManager
            }
            "ssm"
                if resource
                    .strip_prefix("parameter/")
                    .is_some_and(|n| !n.is_empty()) =>
            {
                SecretStore::Ssm
            }
            _ => return None,
        };
        well_formed.then(|| StoredSecret {
            setting,
            arn: arn.to_string(),
            store,
            region: region.to_string(),
        })
    }

    pub fn origin(&self) -> String {
        format!("{} ({})", self.setting, self.arn)
    }
}

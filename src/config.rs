//! Flags and environment → a validated [`Config`]. The only place that reads the tool's
//! settings from the environment (Lambda sets the same names as variables; the Lambda door
//! reads only the runtime's own `AWS_LAMBDA_*`); a bad value fails at start-up naming the
//! setting.

use std::time::Duration;

use clap::Parser;

mod ship_values;
pub mod times;

use ship_values::{host_list, pem_source};

use crate::document::EncodeOptions;
use crate::filter::Filter;
use crate::ship::{Protocol, ShipConfig, TlsConfig};
use crate::vended::FieldList;

/// Ship AWS load-balancer access logs (Classic ELB, ALB, NLB) to Logstash as ECS JSON lines.
///
/// Without --logstash the documents go to stdout, one per line; the run's summary is the
/// last line on stderr.
#[derive(Debug, Clone, Parser)]
#[command(name = "elb-logstash", version, about, long_about = None)]
pub struct Args {
    /// Inputs: files (plain or gzip, detected by content), `-` for stdin,
    /// `s3://bucket/key`, or `s3://bucket/prefix/` for every object under it.
    #[arg(value_name = "INPUT", default_value = "-")]
    pub inputs: Vec<String>,

    /// Logstash input to ship to, as HOST:PORT: a `tcp` input (codec json_lines), or a
    /// `beats` input with --protocol beats. Several hosts, comma-separated, share the load
    /// and stand in for each other.
    #[arg(long, env = "LOGSTASH_ADDR", value_name = "HOST:PORT[,HOST:PORT…]")]
    pub logstash: Option<String>,

    /// `tcp`: json_lines, delivery confirmed by Logstash closing after our close. `beats`:
    /// Lumberjack v2, delivery acknowledged by Logstash per window.
    #[arg(long, env = "LOGSTASH_PROTOCOL", value_enum, default_value_t = ProtocolArg::Tcp, ignore_case = true)]
    pub protocol: ProtocolArg,

    /// beats: zlib level of the compressed frames, 0 (none) to 9. 1 removes 84 % of the
    /// bytes for about 2.5 µs of CPU per line (BENCHMARKS.md).
    #[arg(long, env = "BEATS_COMPRESSION_LEVEL", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=9))]
    pub beats_compression_level: u32,

    /// Add the raw line as `event.original`.
    #[arg(long, env = "KEEP_ORIGINAL")]
    pub keep_original: bool,

    /// Extra fields merged into every document, as a JSON object.
    #[arg(long, env = "EXTRA_FIELDS", value_name = "JSON", value_parser = parse_fields)]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,

    /// A tag added to every document (repeatable; TAGS is comma-separated).
    #[arg(long = "tag", env = "TAGS", value_delimiter = ',', value_name = "TAG")]
    pub tags: Vec<String>,

    /// The field list of tab-separated CloudWatch vended records, for a delivery that chose its
    /// own fields or order: names as AWS or the legacy logs spell them, comma-separated. Unset,
    /// a record of 34, 15, 10 or 22 fields is read in AWS's default order of its kind.
    #[arg(
        long,
        env = "VENDED_FIELDS",
        default_value = "",
        hide_default_value = true
    )]
    pub vended_fields: String,

    /// Longest line kept whole; a longer one becomes a parse-failure document with its first bytes.
    #[arg(long, env = "MAX_LINE_BYTES", default_value_t = 1024 * 1024, value_parser = clap::value_parser!(u64).range(256..=64 * 1024 * 1024))]
    pub max_line_bytes: u64,

    /// Maximum open connections to Logstash.
    #[arg(long, env = "POOL_SIZE", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub pool_size: u32,

    /// Time allowed for a TCP connect and TLS handshake.
    #[arg(long, env = "CONNECT_TIMEOUT_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub connect_timeout_ms: u64,

    /// Time allowed for one write, and for the receiver to confirm a window by closing.
    #[arg(long, env = "SEND_TIMEOUT_MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub send_timeout_ms: u64,

    /// Documents are sent in batches of about this many bytes.
    #[arg(long, env = "BATCH_BYTES", default_value_t = 256 * 1024, value_parser = clap::value_parser!(u64).range(1024..=64 * 1024 * 1024))]
    pub batch_bytes: u64,

    /// Bytes sent on one connection before it is closed to confirm delivery.
    #[arg(long, env = "WINDOW_BYTES", default_value_t = 4 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1024..=1024 * 1024 * 1024))]
    pub window_bytes: u64,

    /// Times an unconfirmed window is sent again on a fresh connection.
    #[arg(long, env = "RETRIES", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,

    /// Connect to Logstash with TLS (server name and certificate checked).
    #[arg(long, env = "LOGSTASH_TLS")]
    pub tls: bool,

    /// CA certificates to trust instead of the built-in web roots: a PEM file, the ARN of a
    /// Secrets Manager secret or SSM SecureString parameter holding the PEM (read once at
    /// start-up), or (in the variable) the PEM text itself.
    #[arg(
        long,
        env = "LOGSTASH_TLS_CA",
        value_name = "FILE|ARN",
        allow_hyphen_values = true
    )]
    pub tls_ca: Option<String>,

    /// Client certificate chain for mutual TLS: a PEM file, or a secret's or parameter's ARN.
    #[arg(
        long,
        env = "LOGSTASH_TLS_CERT",
        value_name = "FILE|ARN",
        requires = "tls_key",
        allow_hyphen_values = true
    )]
    pub tls_cert: Option<String>,

    /// Private key of the client certificate: a PEM file, or a secret's or parameter's ARN
    /// (keeps the key out of the function's environment).
    #[arg(
        long,
        env = "LOGSTASH_TLS_KEY",
        value_name = "FILE|ARN",
        requires = "tls_cert",
        allow_hyphen_values = true
    )]
    pub tls_key: Option<String>,

    /// Use path-style S3 addressing (S3-compatible stores such as MinIO, and tests).
    #[arg(long, env = "S3_FORCE_PATH_STYLE")]
    pub s3_force_path_style: bool,

    /// Lambda: stop reading when less than this much time is left, confirm what was sent
    /// and fail the invocation so it is retried.
    #[arg(long, env = "DEADLINE_MARGIN_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(0..=900_000))]
    pub deadline_margin_ms: u64,

    /// Lambda: CloudWatch namespace of the metrics in the summary line.
    #[arg(long, env = "METRICS_NAMESPACE", default_value = "ElbLogstash")]
    pub metrics_namespace: String,

    /// Ship only lines matching one of these rules, FIELD=PATTERN (repeatable; INCLUDE
    /// separates rules with `;`). PATTERN: exact text, `*` globs, or LOW-HIGH on numeric fields.
    #[arg(
        long = "include",
        env = "INCLUDE",
        value_delimiter = ';',
        value_name = "FIELD=PATTERN"
    )]
    pub include: Vec<String>,

    /// Drop lines matching any of these rules, FIELD=PATTERN (repeatable; `;` in EXCLUDE).
    #[arg(
        long = "exclude",
        env = "EXCLUDE",
        value_delimiter = ';',
        value_name = "FIELD=PATTERN"
    )]
    pub exclude: Vec<String>,

    /// Of the kept lines matching FIELD=PATTERN, ship the fraction RATE in (0, 1], chosen by
    /// event.id so a retry ships the same lines (repeatable; `;` in SAMPLE).
    #[arg(
        long = "sample",
        env = "SAMPLE",
        value_delimiter = ';',
        value_name = "FIELD=PATTERN:RATE"
    )]
    pub sample: Vec<String>,

    /// Objects read at once when a prefix is given.
    #[arg(long, env = "OBJECT_CONCURRENCY", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub object_concurrency: u32,

    /// The JSON summary on a terminal too (pipes and files always get it; a terminal gets a
    /// short summary for people).
    #[arg(long)]
    pub json_summary: bool,

    /// The window to read, as epoch milliseconds, a UTC time (2026-11-23T10:00:00Z) or a day
    /// (2026-11-23): `cloudwatch://` inputs read the events in it (unset: from the group's
    /// start, to now); `s3://` prefixes the objects whose key names a day in it (the day of
    /// every key layout AWS writes; a key naming none is then left out).
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
}

/// A `cloudwatch://` window end, checked at start-up.
fn time(setting: &'static str, text: &Option<String>) -> Result<Option<i64>, ConfigError> {
    text.as_deref()
        .map(times::epoch_ms)
        .transpose()
        .map_err(|why| ConfigError { setting, why })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProtocolArg {
    Tcp,
    Beats,
}

fn parse_fields(s: &str) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    if s.trim().is_empty() {
        // CloudFormation passes an empty parameter as an empty variable
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        Ok(_) => Err("must be a JSON object, e.g. {\"labels\":{\"env\":\"prod\"}}".into()),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

/// A setting that parsed but does not make sense.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting {setting}: {why}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub why: String,
}

/// The validated configuration every front door uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<String>,
    pub encode: EncodeOptions,
    pub max_line_bytes: usize,
    pub batch_bytes: usize,
    pub ship: Option<ShipConfig>,
    pub object_concurrency: usize,
    pub s3_force_path_style: bool,
    pub deadline_margin: Duration,
    pub metrics_namespace: String,
    pub filter: Filter,
    pub vended_fields: FieldList,
    pub json_summary: bool,
    /// `cloudwatch://` inputs: event times to read, epoch milliseconds, both ends included.
    pub window: (Option<i64>, Option<i64>),
}

impl Args {
    pub fn validate(self) -> Result<Config, ConfigError> {
        let filter = self.filter()?;
        let ship = self.ship()?;
        let vended_fields = FieldList::parse(&self.vended_fields).map_err(|why| ConfigError {
            setting: "VENDED_FIELDS (--vended-fields)",
            why,
        })?;
        Ok(Config {
            inputs: self.inputs,
            encode: EncodeOptions {
                keep_original: self.keep_original,
                tags: self.tags.into_iter().filter(|t| !t.is_empty()).collect(),
                extra_fields: self.fields.unwrap_or_default(),
            },
            max_line_bytes: self.max_line_bytes as usize,
            batch_bytes: self.batch_bytes as usize,
            ship,
            object_concurrency: self.object_concurrency as usize,
            s3_force_path_style: self.s3_force_path_style,
            deadline_margin: Duration::from_millis(self.deadline_margin_ms),
            metrics_namespace: self.metrics_namespace,
            filter,
            vended_fields,
            json_summary: self.json_summary,
            window: (time("--start", &self.start)?, time("--end", &self.end)?),
        })
    }

    /// Where and how to ship, when `LOGSTASH_ADDR` is set (stdout otherwise).
    fn ship(&self) -> Result<Option<ShipConfig>, ConfigError> {
        let Some(addr) = &self.logstash else {
            return Ok(None);
        };
        let hosts = host_list(addr).map_err(|why| ConfigError {
            setting: "LOGSTASH_ADDR (--logstash)",
            why,
        })?;
        if self.window_bytes < self.batch_bytes {
            return Err(ConfigError {
                setting: "WINDOW_BYTES (--window-bytes)",
                why: format!(
                    "{} is smaller than BATCH_BYTES ({})",
                    self.window_bytes, self.batch_bytes
                ),
            });
        }
        let pem = |setting, value: &Option<String>, text| {
            pem_source(setting, value.as_deref(), text).map_err(|why| ConfigError { setting, why })
        };
        let ca = pem("LOGSTASH_TLS_CA (--tls-ca)", &self.tls_ca, true)?;
        let cert = pem("LOGSTASH_TLS_CERT (--tls-cert)", &self.tls_cert, false)?;
        let key = pem("LOGSTASH_TLS_KEY (--tls-key)", &self.tls_key, false)?;
        let tls_wanted = self.tls || ca.is_some() || cert.is_some();
        Ok(Some(ShipConfig {
            hosts,
            pool_size: self.pool_size,
            connect_timeout: Duration::from_millis(self.connect_timeout_ms),
            send_timeout: Duration::from_millis(self.send_timeout_ms),
            window_bytes: self.window_bytes,
            retries: self.retries,
            tls: tls_wanted.then(|| TlsConfig {
                ca,
                client_cert: cert.zip(key),
            }),
            protocol: match self.protocol {
                ProtocolArg::Tcp => Protocol::Tcp,
                ProtocolArg::Beats => Protocol::Beats {
                    compression_level: self.beats_compression_level,
                },
            },
        }))
    }

    /// Each list is checked on its own, so the error names the setting the bad rule came from.
    fn filter(&self) -> Result<Filter, ConfigError> {
        let none: &[String] = &[];
        let named = |setting, built: Result<Filter, _>| {
            built.map_err(|e: crate::filter::RuleError| ConfigError {
                setting,
                why: e.to_string(),
            })
        };
        let include = named(
            "INCLUDE (--include)",
            Filter::new(&self.include, none, none),
        )?;
        let exclude = named(
            "EXCLUDE (--exclude)",
            Filter::new(none, &self.exclude, none),
        )?;
        let sample = named("SAMPLE (--sample)", Filter::new(none, none, &self.sample))?;
        Ok(include.and(exclude).and(sample))
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;

//! CloudWatch Logs subscription data, as Lambda receives it directly (`{"awslogs":{"data":…}}`)
//! or inside Kinesis records: base64 of gzip of a JSON payload whose `logEvents` each carry one
//! record (`DATA_MESSAGE`), or the `CONTROL_MESSAGE` CloudWatch writes when a subscription is
//! created. Kinesis data that is not such a payload is taken as log lines as they are
//! (applications write ELB lines to streams directly).

use std::io::Read;

use base64::Engine;
use serde::Deserialize;

use super::events::Events;
use super::payload_scan::{Head, scan};

/// Why a record's data could not be read. Every kind is permanent: the same data fails the
/// same way when delivered again, so it is reported and never retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    #[error("no kinesis.data")]
    Absent,
    #[error("data is not base64: {0}")]
    NotBase64(String),
    #[error("data is not valid gzip: {0}")]
    NotGzip(String),
    #[error("subscription payload without {0}")]
    Missing(&'static str),
    #[error("subscription payload of unknown messageType `{0}`")]
    UnknownType(String),
}

/// A `DATA_MESSAGE`: where its events come from, and the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub owner: String,
    pub log_group: String,
    pub log_stream: String,
    pub events: Events,
}

/// An event id as its digits, read without building a `serde_json::Value` per event.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Digits;
    impl serde::de::Visitor<'_> for Digits {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an event id: a string or a number")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        // a number beyond 64 bits, as serde_json writes it
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            serde_json::Number::from_f64(v)
                .map(|n| n.to_string())
                .ok_or_else(|| E::custom("event id is not a finite number"))
        }
    }
    d.deserialize_any(Digits)
}

/// What one piece of subscription data holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogsData {
    Events(Payload),
    /// The subscription's test message: skipped and counted.
    Control,
    /// Not a subscription payload: log lines as they are (gunzipped when they were gzip).
    Lines(Vec<u8>),
}

/// The payload as `serde_json` reads it, for what `payload_scan` leaves to it: a control
/// message has no log group to speak of.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    message_type: String,
    owner: Option<String>,
    log_group: Option<String>,
    log_stream: Option<String>,
    #[serde(default)]
    log_events: Vec<LogEvent>,
}

#[derive(Deserialize)]
struct LogEvent {
    #[serde(deserialize_with = "string_or_number")]
    id: String,
    timestamp: i64,
    message: String,
}

/// Decodes base64 `data`: what it holds, or why it cannot be read.
pub fn decode(data: &str) -> Result<LogsData, DataError> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| DataError::NotBase64(e.to_string()))?;
    // AWS gzips the payload; a payload written plain (moto's subscription forwarding does) is
    // recognised by its content all the same
    let bytes = match raw.starts_with(&[0x1f, 0x8b]) {
        true => gunzip(&raw)?,
        false => raw,
    };
    let Some((head, events)) = scan(&bytes).or_else(|| by_serde(&bytes)) else {
        return Ok(LogsData::Lines(bytes));
    };
    match head.message_type.as_str() {
        "CONTROL_MESSAGE" => Ok(LogsData::Control),
        "DATA_MESSAGE" => Ok(LogsData::Events(Payload {
            owner: head.owner.unwrap_or_default(),
            log_group: head.log_group.ok_or(DataError::Missing("logGroup"))?,
            log_stream: head.log_stream.ok_or(DataError::Missing("logStream"))?,
            events,
        })),
        other => Err(DataError::UnknownType(other.to_string())),
    }
}

/// The payload read by `serde_json`, or `None` when `bytes` is no payload.
#[cold]
pub(super) fn by_serde(bytes: &[u8]) -> Option<(Head, Events)> {
    let message = serde_json::from_slice::<Message>(bytes).ok()?;
    let mut events = Events::default();
    for e in message.log_events {
        events.push(e.id, e.timestamp, e.message.as_bytes());
    }
    let head = Head {
        message_type: message.message_type,
        owner: message.owner,
        log_group: message.log_group,
        log_stream: message.log_stream,
    };
    Some((head, events))
}

/// The whole gzip stream (CloudWatch writes one member; several are read as one).
fn gunzip(raw: &[u8]) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::with_capacity(raw.len() * 8);
    flate2::read::MultiGzDecoder::new(raw)
        .read_to_end(&mut out)
        .map_err(|e| DataError::NotGzip(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;

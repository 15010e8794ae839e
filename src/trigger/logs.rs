//! CloudWatch Logs subscription data, as Lambda receives it directly (`{"awslogs":{"data":…}}`)
//! or inside Kinesis records: base64 of gzip of a JSON payload whose `logEvents` each carry one
//! record (`DATA_MESSAGE`), or the `CONTROL_MESSAGE` CloudWatch writes when a subscription is
//! created. Kinesis data that is not such a payload is taken as log lines as they are
//! (applications write ELB lines to streams directly).

use std::io::Read;

use base64::Engine;
use serde::Deserialize;

/// One log event: its id (unique, and the same when delivered again), time and record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LogEvent {
    /// A 56-digit decimal string from AWS; a number from moto, taken as its digits.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub timestamp: i64,
    pub message: String,
}

/// A `DATA_MESSAGE`: where its events come from, and the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub owner: String,
    pub log_group: String,
    pub log_stream: String,
    pub log_events: Vec<LogEvent>,
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

/// The payload as sent: a control message has no log group to speak of.
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

/// Decodes base64 `data`. `Err` names what was wrong with it, for the record's error.
pub fn decode(data: &str) -> Result<LogsData, String> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| format!("data is not base64: {e}"))?;
    // AWS gzips the payload; a payload written plain (moto's subscription forwarding does) is
    // recognised by its content all the same
    let bytes = match raw.starts_with(&[0x1f, 0x8b]) {
        true => gunzip(&raw)?,
        false => raw,
    };
    let Ok(message) = serde_json::from_slice::<Message>(&bytes) else {
        return Ok(LogsData::Lines(bytes));
    };
    match message.message_type.as_str() {
        "CONTROL_MESSAGE" => Ok(LogsData::Control),
        "DATA_MESSAGE" => {
            let missing = |what| format!("subscription payload without {what}");
            Ok(LogsData::Events(Payload {
                owner: message.owner.unwrap_or_default(),
                log_group: message.log_group.ok_or_else(|| missing("logGroup"))?,
                log_stream: message.log_stream.ok_or_else(|| missing("logStream"))?,
                log_events: message.log_events,
            }))
        }
        other => Err(format!(
            "subscription payload of unknown messageType `{other}`"
        )),
    }
}

/// The whole gzip stream (CloudWatch writes one member; several are read as one).
fn gunzip(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(raw.len() * 8);
    flate2::read::MultiGzDecoder::new(raw)
        .read_to_end(&mut out)
        .map_err(|e| format!("data is not valid gzip: {e}"))?;
    Ok(out)
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;

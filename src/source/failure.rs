//! Why an object could not be opened, as a kind that travels with the error to the place that
//! decides what to do (Batch Operations' `PermanentFailure` or `TemporaryFailure`). The kind is
//! read from what the service answered — its error code and HTTP status — never from the
//! message text, which carries request ids (a throttled GET whose request id happens to contain
//! `403` is still throttled).

/// What went wrong opening an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenFailure {
    /// No such key, bucket or version (404).
    NotFound,
    /// The role may not read it (403).
    AccessDenied,
    /// The object is SSE-KMS encrypted and the key refused (`KMS.*` codes).
    KmsDenied,
    /// Archived (Glacier, Deep Archive): a GET will not succeed until it is restored.
    Archived,
    /// Slow down: 429, 503 `SlowDown`, throttling codes.
    Throttled,
    /// A 5xx, a timeout, a connection that failed or broke: may work next time.
    Transient,
    /// The request could not be made at all (a bad name, not a service answer).
    Invalid,
    /// Anything else the service said: retried, since a retry costs little and is idempotent.
    Other,
}

impl OpenFailure {
    /// Whether trying again cannot help: the object is missing, forbidden or archived.
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            OpenFailure::NotFound
                | OpenFailure::AccessDenied
                | OpenFailure::KmsDenied
                | OpenFailure::Archived
                | OpenFailure::Invalid
        )
    }

    /// From a service's answer: its error code (`NoSuchKey`, `SlowDown`, …) and HTTP status.
    /// The code decides where there is one; the status covers answers without a body (a HEAD,
    /// a proxy's 503).
    pub fn from_answer(code: Option<&str>, status: Option<u16>) -> Self {
        if let Some(kind) = code.and_then(from_code) {
            return kind;
        }
        match status {
            Some(404) => OpenFailure::NotFound,
            Some(403) => OpenFailure::AccessDenied,
            Some(429 | 503) => OpenFailure::Throttled,
            Some(500..=599) => OpenFailure::Transient,
            _ => OpenFailure::Other,
        }
    }

    /// From a local file's error.
    pub fn from_io(kind: std::io::ErrorKind) -> Self {
        match kind {
            std::io::ErrorKind::NotFound => OpenFailure::NotFound,
            std::io::ErrorKind::PermissionDenied => OpenFailure::AccessDenied,
            std::io::ErrorKind::InvalidInput => OpenFailure::Invalid,
            std::io::ErrorKind::Interrupted | std::io::ErrorKind::TimedOut => {
                OpenFailure::Transient
            }
            _ => OpenFailure::Other,
        }
    }
}

/// S3's documented error codes for GetObject, and the throttling codes every AWS SDK retries.
fn from_code(code: &str) -> Option<OpenFailure> {
    Some(match code {
        "NoSuchKey" | "NoSuchBucket" | "NoSuchVersion" | "NotFound" => OpenFailure::NotFound,
        "AccessDenied"
        | "Forbidden"
        | "AllAccessDisabled"
        | "InvalidAccessKeyId"
        | "SignatureDoesNotMatch"
        | "AccountProblem" => OpenFailure::AccessDenied,
        "InvalidObjectState" => OpenFailure::Archived,
        "SlowDown"
        | "Throttling"
        | "ThrottlingException"
        | "ThrottledException"
        | "RequestLimitExceeded"
        | "TooManyRequestsException"
        | "RequestThrottled"
        | "RequestThrottledException"
        | "TooManyRequests" => OpenFailure::Throttled,
        "InternalError" | "ServiceUnavailable" | "RequestTimeout" | "RequestTimeoutException" => {
            OpenFailure::Transient
        }
        "InvalidBucketName" | "KeyTooLongError" | "InvalidArgument" => OpenFailure::Invalid,
        _ if code.starts_with("KMS.") => OpenFailure::KmsDenied,
        _ => return None,
    })
}

#[cfg(test)]
#[path = "failure_tests.rs"]
mod tests;

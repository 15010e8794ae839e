//! Streaming `GetObject`: the object is read as it arrives, never held whole. When the body
//! stream breaks, reading continues with a ranged GET from the last byte received (pinned to
//! the same version/ETag), below the gzip decoder — so a gzip object keeps its decoder and
//! nothing is decompressed twice.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use aws_sdk_s3::Client;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use tokio::io::{AsyncRead, ReadBuf};

use super::failure::OpenFailure;
use super::ranges::{RangeFuture, Ranges, SharedRanges};
use super::{BoxRead, ObjectId, ObjectSource, Opened, SourceError};
use crate::trigger::ObjectRef;
type Reopen = Pin<Box<dyn Future<Output = io::Result<BoxRead>> + Send>>;

/// Opens the object again from a byte offset.
pub trait RangeOpener: Send + Sync + 'static {
    fn open_from(&self, offset: u64) -> Reopen;
}

enum State {
    Reading(BoxRead),
    Reopening(Reopen),
}

/// The raw bytes of an object, resumed transparently after a broken stream.
pub struct ResumingBody<O> {
    opener: O,
    state: State,
    pos: u64,
    len: Option<u64>,
    retries_left: u32,
    last_error: Option<String>,
}

impl<O: RangeOpener> ResumingBody<O> {
    pub fn new(opener: O, first: BoxRead, len: Option<u64>, retries: u32) -> Self {
        ResumingBody {
            opener,
            state: State::Reading(first),
            pos: 0,
            len,
            retries_left: retries,
            last_error: None,
        }
    }

    fn resume(&mut self, why: String) -> Result<(), io::Error> {
        if self.retries_left == 0 {
            let prev = self
                .last_error
                .take()
                .map(|p| format!(" (earlier: {p})"))
                .unwrap_or_default();
            return Err(io::Error::other(format!(
                "stream broke at byte {} and resume retries are used up: {why}{prev}",
                self.pos
            )));
        }
        self.retries_left -= 1;
        self.last_error = Some(why);
        self.state = State::Reopening(self.opener.open_from(self.pos));
        Ok(())
    }
}

impl<O: RangeOpener + Unpin> AsyncRead for ResumingBody<O> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Reopening(fut) => match ready!(fut.as_mut().poll(cx)) {
                    Ok(body) => this.state = State::Reading(body),
                    Err(e) => {
                        let why = format!("ranged GET from byte {}: {e}", this.pos);
                        this.resume(why)?;
                    }
                },
                State::Reading(body) => {
                    let before = buf.filled().len();
                    match ready!(Pin::new(body).poll_read(cx, buf)) {
                        Ok(()) => {
                            let n = (buf.filled().len() - before) as u64;
                            if n == 0 && this.len.is_some_and(|len| this.pos < len) {
                                let why = format!(
                                    "body ended at byte {} of {}",
                                    this.pos,
                                    this.len.unwrap_or(0)
                                );
                                this.resume(why)?;
                                continue;
                            }
                            this.pos += n;
                            return Poll::Ready(Ok(()));
                        }
                        Err(e) => this.resume(e.to_string())?,
                    }
                }
            }
        }
    }
}

/// Ranged GETs of one object version.
#[derive(Clone)]
pub struct S3Range {
    client: Client,
    bucket: String,
    key: String,
    version_id: Option<String>,
    etag: Option<String>,
}

impl S3Range {
    /// A GET of `range` (`bytes=a-b`, inclusive as HTTP has it), pinned to the version read.
    fn get(
        &self,
        range: String,
    ) -> aws_sdk_s3::operation::get_object::builders::GetObjectFluentBuilder {
        let req = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&self.key)
            .range(range);
        match (&self.version_id, &self.etag) {
            (Some(v), _) => req.version_id(v),
            (None, Some(e)) => req.if_match(e),
            (None, None) => req,
        }
    }
}

/// One object version with its size: random access for Parquet's reader.
struct S3Ranges {
    range: S3Range,
    size: u64,
}

impl Ranges for S3Ranges {
    fn size(&self) -> u64 {
        self.size
    }

    fn read(&self, range: std::ops::Range<u64>) -> RangeFuture<'_> {
        let (start, end) = (range.start, range.end);
        let req = self
            .range
            .get(format!("bytes={start}-{}", end.saturating_sub(1)));
        Box::pin(async move {
            if end <= start {
                return Ok(Vec::new());
            }
            let out = req
                .send()
                .await
                .map_err(|e| io::Error::other(DisplayErrorContext(&e).to_string()))?;
            let body = out.body.collect().await.map_err(io::Error::other)?;
            let bytes = body.into_bytes().to_vec();
            if bytes.len() as u64 != end - start {
                let why = format!("bytes {start}..{end}: S3 sent {} bytes", bytes.len());
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, why));
            }
            Ok(bytes)
        })
    }
}

impl RangeOpener for S3Range {
    fn open_from(&self, offset: u64) -> Reopen {
        let req = self.get(format!("bytes={offset}-"));
        Box::pin(async move {
            let out = req
                .send()
                .await
                .map_err(|e| io::Error::other(DisplayErrorContext(&e).to_string()))?;
            Ok(Box::new(out.body.into_async_read()) as BoxRead)
        })
    }
}

/// Where objects come from when they live in S3.
#[derive(Clone)]
pub struct S3Source {
    client: Client,
    resume_retries: u32,
}

/// The kind of an SDK error, from the service's error code and HTTP status; a request that
/// timed out, could not be sent or whose answer broke is transient.
pub(crate) fn open_failure<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> OpenFailure {
    match e {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            OpenFailure::Transient
        }
        SdkError::ConstructionFailure(_) => OpenFailure::Invalid,
        _ => OpenFailure::from_answer(e.code(), e.raw_response().map(|r| r.status().as_u16())),
    }
}

/// S3 answers `AccessDenied` for a missing `kms:Decrypt` as for a missing `s3:GetObject`; when
/// the message says KMS, name the permission and the setting that grants it, so an operator
/// does not chase the bucket policy.
pub(crate) fn explain_open_error(text: String) -> String {
    let lower = text.to_ascii_lowercase();
    let kms = lower.contains("kms:decrypt")
        || lower.contains("kms.")
        || (lower.contains("accessdenied") && lower.contains("kms"));
    if !kms {
        return text;
    }
    format!(
        "{text} (the object is SSE-KMS encrypted and the function's role may not use its key: it \
         needs kms:Decrypt on that key; deploy with LOG_BUCKET_KMS_KEY_ARN=<key ARN>, the \
         LogBucketKmsKeyArn parameter)"
    )
}

impl S3Source {
    pub fn new(client: Client) -> Self {
        S3Source {
            client,
            resume_retries: 3,
        }
    }

    /// Starts streaming an object. Errors name `s3://bucket/key`.
    async fn open_object(&self, obj: &ObjectRef) -> Result<Opened, SourceError> {
        let mut req = self.client.get_object().bucket(&obj.bucket).key(&obj.key);
        if let Some(v) = &obj.version_id {
            req = req.version_id(v);
        }
        let out = req.send().await.map_err(|e| SourceError::Open {
            object: obj.uri(),
            kind: open_failure(&e),
            source: io::Error::other(explain_open_error(DisplayErrorContext(&e).to_string())),
        })?;
        let etag = out.e_tag().map(str::to_string).or_else(|| obj.etag.clone());
        let version_id = out
            .version_id()
            .map(str::to_string)
            .filter(|v| v != "null")
            .or_else(|| obj.version_id.clone());
        let identity = version_id
            .clone()
            .or_else(|| etag.clone())
            .unwrap_or_default();
        let id = ObjectId::s3(&obj.bucket, &obj.key, &identity, obj.region.as_deref());
        let len = out.content_length().and_then(|l| u64::try_from(l).ok());
        let first: BoxRead = Box::new(out.body.into_async_read());
        let opener = S3Range {
            client: self.client.clone(),
            bucket: obj.bucket.clone(),
            key: obj.key.clone(),
            version_id,
            etag,
        };
        let ranges = len.map(|size| {
            let range = opener.clone();
            Arc::new(S3Ranges { range, size }) as SharedRanges
        });
        Ok(Opened {
            id,
            reader: Box::new(ResumingBody::new(opener, first, len, self.resume_retries)),
            ranges,
        })
    }

    /// Every object under `prefix` (the backfill case), in key order.
    pub async fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<ObjectRef>, String> {
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                format!(
                    "s3://{bucket}/{prefix}: cannot list: {}",
                    DisplayErrorContext(&e)
                )
            })?;
            for o in page.contents() {
                if let Some(key) = o.key() {
                    out.push(ObjectRef {
                        bucket: bucket.to_string(),
                        key: key.to_string(),
                        version_id: None,
                        etag: o.e_tag().map(str::to_string),
                        region: None,
                    });
                }
            }
        }
        Ok(out)
    }
}

impl ObjectSource for S3Source {
    fn open(&self, obj: &ObjectRef) -> impl Future<Output = Result<Opened, SourceError>> + Send {
        self.open_object(obj)
    }
}

/// The S3 client from the standard AWS configuration chain (region, credentials,
/// `AWS_ENDPOINT_URL`). Path-style addressing is for S3-compatible stores and tests.
pub async fn client(force_path_style: bool) -> Client {
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let conf = aws_sdk_s3::config::Builder::from(&sdk)
        .force_path_style(force_path_style)
        .build();
    Client::from_conf(conf)
}

#[cfg(test)]
#[path = "s3_tests.rs"]
mod tests;

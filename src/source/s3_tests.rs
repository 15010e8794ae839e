//! Tests of `s3`.

use super::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncReadExt;

/// Serves `data` from any offset; the first `breaks` streams fail after `chunk` bytes.
#[derive(Clone)]
struct Flaky {
    data: Arc<Vec<u8>>,
    chunk: usize,
    breaks: Arc<Mutex<usize>>,
    opened_at: Arc<Mutex<Vec<u64>>>,
}

struct Breaking {
    data: std::io::Cursor<Vec<u8>>,
    fail_after: Option<usize>,
    served: usize,
}

impl AsyncRead for Breaking {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.fail_after.is_some_and(|f| self.served >= f) {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            )));
        }
        let room = self
            .fail_after
            .map_or(buf.remaining(), |f| (f - self.served).min(buf.remaining()))
            .min(1000);
        let mut tmp = vec![0u8; room];
        let n = std::io::Read::read(&mut self.data, &mut tmp)?;
        buf.put_slice(&tmp[..n]);
        self.served += n;
        Poll::Ready(Ok(()))
    }
}

impl Flaky {
    fn stream(&self, offset: u64) -> BoxRead {
        self.opened_at.lock().unwrap().push(offset);
        let mut breaks = self.breaks.lock().unwrap();
        let fail_after = (*breaks > 0).then_some(self.chunk);
        *breaks = breaks.saturating_sub(1);
        Box::new(Breaking {
            data: std::io::Cursor::new(self.data[offset as usize..].to_vec()),
            fail_after,
            served: 0,
        })
    }
}

impl RangeOpener for Flaky {
    fn open_from(&self, offset: u64) -> Reopen {
        let s = self.stream(offset);
        Box::pin(async move { Ok(s) })
    }
}

fn flaky(data: Vec<u8>, chunk: usize, breaks: usize) -> Flaky {
    Flaky {
        data: Arc::new(data),
        chunk,
        breaks: Arc::new(Mutex::new(breaks)),
        opened_at: Arc::default(),
    }
}

#[tokio::test]
async fn broken_stream_resumes_from_the_last_byte() {
    let data: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let f = flaky(data.clone(), 150_000, 2);
    let first = f.stream(0);
    let mut body = ResumingBody::new(f.clone(), first, Some(data.len() as u64), 3);
    let mut got = Vec::new();
    body.read_to_end(&mut got).await.unwrap();
    assert_eq!(got, data);
    assert_eq!(*f.opened_at.lock().unwrap(), vec![0, 150_000, 300_000]);
}

#[tokio::test]
async fn gzip_keeps_its_decoder_across_a_resume() {
    let mut text = Vec::new();
    for i in 0..50_000 {
        writeln!(text, "line number {i} with some padding to make it longer").unwrap();
    }
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&text).unwrap();
    let gz = e.finish().unwrap();
    let f = flaky(gz.clone(), gz.len() / 3, 2);
    let first = f.stream(0);
    let body = ResumingBody::new(f.clone(), first, Some(gz.len() as u64), 3);
    let mut stream = crate::source::decode::decompressed(body).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    assert_eq!(out, text, "every decompressed byte exactly once");
    let third = (gz.len() / 3) as u64;
    assert_eq!(
        *f.opened_at.lock().unwrap(),
        vec![0, third, 2 * third],
        "only the compressed rest was fetched again"
    );
}

#[tokio::test]
async fn too_many_breaks_is_an_error_naming_the_offset() {
    let data = vec![b'x'; 10_000];
    let f = flaky(data.clone(), 1000, 10);
    let first = f.stream(0);
    let mut body = ResumingBody::new(f, first, Some(10_000), 2);
    let mut got = Vec::new();
    let e = body.read_to_end(&mut got).await.unwrap_err();
    assert!(e.to_string().contains("stream broke at byte 3000"), "{e}");
}

#[tokio::test]
async fn early_end_of_body_is_resumed() {
    let data = vec![b'y'; 5000];
    // a body that ends cleanly after 2000 bytes although the object has 5000
    struct Short(Vec<u8>);
    impl RangeOpener for Short {
        fn open_from(&self, offset: u64) -> Reopen {
            let rest = self.0[offset as usize..].to_vec();
            Box::pin(async move { Ok(Box::new(std::io::Cursor::new(rest)) as BoxRead) })
        }
    }
    let first: BoxRead = Box::new(std::io::Cursor::new(data[..2000].to_vec()));
    let mut body = ResumingBody::new(Short(data.clone()), first, Some(5000), 1);
    let mut got = Vec::new();
    body.read_to_end(&mut got).await.unwrap();
    assert_eq!(got, data);
}

#[test]
fn s3_uris() {
    assert_eq!(
        crate::trigger::parse_s3_uri("s3://b/k/x.log"),
        Some(("b", "k/x.log"))
    );
    assert_eq!(
        crate::trigger::parse_s3_uri("s3://b/prefix/"),
        Some(("b", "prefix/"))
    );
    assert_eq!(crate::trigger::parse_s3_uri("s3://b"), Some(("b", "")));
    assert_eq!(crate::trigger::parse_s3_uri("s3:///k"), None);
    assert_eq!(crate::trigger::parse_s3_uri("/tmp/x"), None);
}

#[test]
fn a_kms_access_error_names_the_missing_permission() {
    let kms = "service error: AccessDenied: User: arn:aws:sts::1:assumed-role/r/f is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k".to_string();
    let e = explain_open_error(kms.clone());
    assert!(
        e.starts_with(&kms)
            && e.contains("needs kms:Decrypt")
            && e.contains("LOG_BUCKET_KMS_KEY_ARN"),
        "{e}"
    );
    let plain = "service error: AccessDenied: Access Denied".to_string();
    assert_eq!(explain_open_error(plain.clone()), plain);
    let missing = "service error: NoSuchKey: The specified key does not exist.".to_string();
    assert_eq!(explain_open_error(missing.clone()), missing);
}

#[test]
fn sdk_errors_are_classified_by_code_and_status_not_by_message() {
    use aws_sdk_s3::error::ErrorMetadata;
    use aws_sdk_s3::operation::get_object::GetObjectError;
    use aws_sdk_s3::primitives::SdkBody;
    let err = |code: &str, status: u16, message: &str| {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        let raw = HttpResponse::new(status.try_into().unwrap(), SdkBody::empty());
        SdkError::<GetObjectError, HttpResponse>::service_error(GetObjectError::generic(meta), raw)
    };
    let throttled = err("SlowDown", 503, "RequestId: 403NotFound; AccessDenied 404");
    assert_eq!(open_failure(&throttled), OpenFailure::Throttled);
    assert!(!open_failure(&throttled).is_permanent());
    assert_eq!(
        open_failure(&err("NoSuchKey", 404, "x")),
        OpenFailure::NotFound
    );
    assert_eq!(
        open_failure(&err("AccessDenied", 403, "kms")),
        OpenFailure::AccessDenied
    );
    assert_eq!(
        open_failure(&err("KMS.NotFoundException", 400, "")),
        OpenFailure::KmsDenied
    );
    assert_eq!(open_failure(&err("", 500, "403")), OpenFailure::Transient);
    let timeout = SdkError::<GetObjectError, HttpResponse>::timeout_error("read timed out: 403");
    assert_eq!(open_failure(&timeout), OpenFailure::Transient);
}

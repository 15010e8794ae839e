//! `s3://` in a build without the `aws` feature (`make run`'s quick build): the same names as
//! `s3.rs`, each saying that this build cannot reach S3. The command line refuses `s3://`
//! inputs before it gets here; these answers are for any other caller.

use std::future::Future;

use super::failure::OpenFailure;
use super::{ObjectSource, Opened, SourceError};
use crate::trigger::ObjectRef;

/// What this build says wherever S3 is needed.
pub const ABSENT: &str = "this build has no S3 support: it was built without the `aws` feature \
     (cargo's default); `cargo build` with default features reads s3:// inputs";

/// No client: nothing to configure.
pub struct Client;

pub struct S3Source;

impl S3Source {
    pub fn new(_: Client) -> Self {
        S3Source
    }

    pub async fn list(&self, _bucket: &str, _prefix: &str) -> Result<Vec<ObjectRef>, String> {
        Err(ABSENT.into())
    }
}

impl ObjectSource for S3Source {
    fn open(&self, obj: &ObjectRef) -> impl Future<Output = Result<Opened, SourceError>> + Send {
        let object = obj.uri();
        async move {
            Err(SourceError::Open {
                object,
                kind: OpenFailure::Other,
                source: std::io::Error::other(ABSENT),
            })
        }
    }
}

pub async fn client(_force_path_style: bool) -> Client {
    Client
}

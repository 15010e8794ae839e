//! `cloudwatch://` in a build without the `aws` feature: the command line refuses such inputs
//! before reading anything (`Groups::ABSENT`); these answers are for any other way here.

use crate::pipeline::{Finished, Run};
use crate::source::group_ref::GroupRef;
use crate::source::{OpenFailure, SourceError};

pub struct Groups;

impl Groups {
    pub const ABSENT: &str = "this build cannot read CloudWatch Logs: it was built without the \
         `aws` feature (cargo's default); `cargo build` with default features reads cloudwatch:// inputs";

    pub async fn connect() -> Groups {
        Groups
    }

    pub async fn read(
        &self,
        run: &Run<'_>,
        g: GroupRef,
        _: (Option<i64>, Option<i64>),
    ) -> Vec<Finished> {
        let name = format!("cloudwatch://{}", g.group);
        let source = std::io::Error::other(Self::ABSENT);
        let error = SourceError::Open {
            object: name.clone(),
            kind: OpenFailure::Other,
            source,
        };
        vec![run.not_read(name, error)]
    }
}

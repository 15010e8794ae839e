//! What the command line reads: files, stdin, `s3://` objects and prefixes, `cloudwatch://`
//! log groups; the clients for the remote ones, made only when an input needs them.

use super::groups::Groups;
use crate::config::Config;
use crate::config::times::day_start_ms;
use crate::pipeline::{Finished, Run};
use crate::source::file::{open_file, open_stdin};
use crate::source::group_ref::{self, GroupRef};
use crate::source::s3::{self, S3Source};
use crate::source::{ObjectSource, OpenFailure, SourceError};
use crate::trigger::{ObjectRef, key_facts, parse_s3_uri};

/// One thing to read, after prefixes were listed.
pub enum Input {
    Stdin,
    File(String),
    S3(ObjectRef),
    LogGroup(GroupRef),
    /// A prefix that could not be listed.
    Unlisted(String, String),
}

/// The clients of the remote inputs, and the window of `cloudwatch://` reads.
pub struct Remote {
    s3: Option<S3Source>,
    groups: Option<Groups>,
    window: (Option<i64>, Option<i64>),
}

impl Remote {
    /// The clients the inputs need; in a build without the `aws` feature, a remote input is
    /// refused here, before anything is read.
    pub async fn connect(config: &Config) -> Result<Remote, String> {
        let wants = |scheme: &str| config.inputs.iter().any(|i| i.starts_with(scheme));
        let (needs_s3, needs_logs) = (wants("s3://"), wants("cloudwatch://"));
        if cfg!(not(feature = "aws")) && (needs_s3 || needs_logs) {
            return Err(absent(needs_s3));
        }
        let s3 = match needs_s3 {
            true => Some(S3Source::new(s3::client(config.s3_force_path_style).await)),
            false => None,
        };
        let groups = match needs_logs {
            true => Some(Groups::connect().await),
            false => None,
        };
        Ok(Remote {
            s3,
            groups,
            window: config.window,
        })
    }

    /// Whether anything is read over the network (a progress bar is then worth showing).
    pub fn is_remote(&self) -> bool {
        self.s3.is_some() || self.groups.is_some()
    }
}

#[cfg(feature = "aws")]
fn absent(_: bool) -> String {
    unreachable!("the aws build reads every input")
}

#[cfg(not(feature = "aws"))]
fn absent(s3: bool) -> String {
    match s3 {
        true => s3::ABSENT.to_string(),
        false => Groups::ABSENT.to_string(),
    }
}

/// Inputs in order; an `s3://bucket/prefix/` (or `s3://bucket`) becomes every object under it.
pub async fn expand(inputs: &[String], remote: &Remote) -> Result<Vec<Input>, String> {
    if inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err("stdin (`-`) can be read only once".into());
    }
    let mut out = Vec::new();
    for input in inputs {
        if input == "-" {
            out.push(Input::Stdin);
        } else if input.starts_with("cloudwatch://") {
            let g = group_ref::parse_uri(input).ok_or_else(|| {
                format!("`{input}` is not a log group (cloudwatch://GROUP[/STREAM_PREFIX])")
            })?;
            out.push(Input::LogGroup(g));
        } else if let Some(s3) = remote.s3.as_ref().filter(|_| input.starts_with("s3://")) {
            out.extend(s3_inputs(s3, input, remote.window).await?);
        } else {
            out.push(Input::File(input.clone()));
        }
    }
    Ok(out)
}

async fn s3_inputs(
    s3: &S3Source,
    input: &str,
    window: (Option<i64>, Option<i64>),
) -> Result<Vec<Input>, String> {
    let Some((bucket, key)) = parse_s3_uri(input) else {
        return Err(format!(
            "`{input}` is not an S3 URI (s3://bucket/key or s3://bucket/prefix/)"
        ));
    };
    if !key.is_empty() && !key.ends_with('/') {
        return Ok(vec![Input::S3(ObjectRef {
            bucket: bucket.into(),
            key: key.into(),
            version_id: None,
            etag: None,
            region: None,
        })]);
    }
    Ok(match s3.list(bucket, key).await {
        Ok(objects) => objects
            .into_iter()
            .filter(|o| in_window(&o.key, window))
            .map(Input::S3)
            .collect(),
        Err(e) => vec![Input::Unlisted(input.to_string(), e)],
    })
}

/// Whether a listed key's day meets the window (`--start`/`--end`); with a window, a key whose
/// layout names no day is left out.
fn in_window(key: &str, (start, end): (Option<i64>, Option<i64>)) -> bool {
    if start.is_none() && end.is_none() {
        return true;
    }
    let Some(d) = key_facts(key).day else {
        return false;
    };
    let first = day_start_ms(d.year, i64::from(d.month), i64::from(d.day));
    let last = first + 86_400_000 - 1;
    start.is_none_or(|s| last >= s) && end.is_none_or(|e| first <= e)
}

/// One input through the run: one entry of the summary, or one per stream and page of a log
/// group.
pub async fn read_input(run: &Run<'_>, remote: &Remote, input: Input) -> Vec<Finished> {
    let one = match input {
        Input::Stdin => {
            run.object("-".into(), async { Ok(open_stdin()) }, None)
                .await
        }
        Input::File(path) => run.object(path.clone(), open_file(&path), None).await,
        Input::S3(obj) => match &remote.s3 {
            Some(s3) => run.object(obj.uri(), s3.open(&obj), None).await,
            None => unreachable!("S3 inputs exist only with an S3 client"),
        },
        Input::LogGroup(g) => match &remote.groups {
            Some(groups) => return groups.read(run, g, remote.window).await,
            None => unreachable!("log groups are read only with a client"),
        },
        Input::Unlisted(uri, why) => {
            let error = SourceError::Open {
                object: uri.clone(),
                kind: OpenFailure::Other,
                source: std::io::Error::other(why),
            };
            run.not_read(uri, error)
        }
    };
    vec![one]
}

#[cfg(test)]
#[path = "inputs_tests.rs"]
mod tests;

//! `cloudwatch://GROUP[/STREAM_PREFIX]`: the events already in a CloudWatch Logs group, read
//! page by page with FilterLogEvents, for the time before a subscription existed. Each event
//! keeps the identity a subscription would give it (owner, group, stream and event id), so a
//! backfill that overlaps the subscription overwrites instead of duplicating. Throttling and
//! 5xx answers are retried by the SDK's standard retry (exponential back-off with jitter, up to
//! `ATTEMPTS` attempts).

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::error::DisplayErrorContext;

use super::ObjectId;
use super::group_ref::GroupRef;

/// Attempts per request, the first included: a backfill runs long, and a throttled page is
/// worth waiting for.
const ATTEMPTS: u32 = 10;

/// One page of events: per stream, the events as (event id, record), in order.
pub struct Page {
    pub streams: Vec<(ObjectId, Vec<(String, String)>)>,
    pub next: Option<String>,
}

pub struct LogGroupSource {
    client: Client,
}

impl LogGroupSource {
    pub async fn new() -> Self {
        let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let retry = aws_config::retry::RetryConfig::standard().with_max_attempts(ATTEMPTS);
        let conf = aws_sdk_cloudwatchlogs::config::Builder::from(&sdk)
            .retry_config(retry)
            .build();
        LogGroupSource {
            client: Client::from_conf(conf),
        }
    }

    /// The group's account and region, from its ARN: the owner a subscription names.
    pub async fn owner(&self, g: &GroupRef) -> Result<(String, Option<String>), String> {
        let out = self
            .client
            .describe_log_groups()
            .log_group_name_prefix(&g.group)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "cloudwatch://{}: cannot describe: {}",
                    g.group,
                    DisplayErrorContext(&e)
                )
            })?;
        let arn = out
            .log_groups()
            .iter()
            .find(|l| l.log_group_name() == Some(g.group.as_str()))
            .and_then(|l| l.arn())
            .ok_or_else(|| format!("cloudwatch://{}: no such log group", g.group))?;
        // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
        let mut parts = arn.split(':').skip(3);
        let region = parts.next().filter(|r| !r.is_empty()).map(str::to_string);
        let account = parts.next().unwrap_or_default().to_string();
        Ok((account, region))
    }

    /// The page after `token` of the events between `start` and `end` (epoch milliseconds).
    pub async fn page(
        &self,
        g: &GroupRef,
        (owner, region): &(String, Option<String>),
        (start, end): (Option<i64>, Option<i64>),
        token: Option<String>,
    ) -> Result<Page, String> {
        let out = self
            .client
            .filter_log_events()
            .log_group_name(&g.group)
            .set_log_stream_name_prefix(g.stream_prefix.clone())
            .set_start_time(start)
            .set_end_time(end)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "cloudwatch://{}: cannot read: {}",
                    g.group,
                    DisplayErrorContext(&e)
                )
            })?;
        let mut streams: Vec<(ObjectId, Vec<(String, String)>)> = Vec::new();
        for e in out.events() {
            let stream = e.log_stream_name().unwrap_or_default();
            // the service filters by the prefix; checked here too, as moto does not
            if g.stream_prefix
                .as_deref()
                .is_some_and(|p| !stream.starts_with(p))
            {
                continue;
            }
            let event = (
                e.event_id().unwrap_or_default().to_string(),
                e.message().unwrap_or_default().to_string(),
            );
            match streams
                .iter_mut()
                .find(|(id, _)| matches!(id, ObjectId::LogStream { stream: s, .. } if s == stream))
            {
                Some((_, events)) => events.push(event),
                None => streams.push((
                    ObjectId::LogStream {
                        owner: owner.clone(),
                        group: g.group.clone(),
                        stream: stream.to_string(),
                        region: region.clone(),
                    },
                    vec![event],
                )),
            }
        }
        Ok(Page {
            streams,
            next: out.next_token().map(str::to_string),
        })
    }
}

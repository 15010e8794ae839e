//! `cloudwatch://` inputs on the command line: a log group's events, page by page, through the
//! run, each stream's events of a page as one entry of the summary.

use crate::pipeline::{Finished, Run};
use crate::source::events::EventLines;
use crate::source::group_ref::GroupRef;
use crate::source::log_group::LogGroupSource;
use crate::source::{OpenFailure, SourceError};
use crate::trigger::Events;

pub struct Groups(LogGroupSource);

impl Groups {
    pub async fn connect() -> Groups {
        Groups(LogGroupSource::new().await)
    }

    /// Every event of the group between `window`'s ends (epoch milliseconds); a page that
    /// cannot be read ends the group with an error naming it (the events before it shipped).
    pub async fn read(
        &self,
        run: &Run<'_>,
        g: GroupRef,
        window: (Option<i64>, Option<i64>),
    ) -> Vec<Finished> {
        let name = format!("cloudwatch://{}", g.group);
        let failed = |why: String| {
            let source = std::io::Error::other(why);
            let error = SourceError::Open {
                object: name.clone(),
                kind: OpenFailure::Other,
                source,
            };
            run.not_read(name.clone(), error)
        };
        let owner = match self.0.owner(&g).await {
            Ok(o) => o,
            Err(why) => return vec![failed(why)],
        };
        let (mut out, mut token) = (Vec::new(), None);
        loop {
            let page = match self.0.page(&g, &owner, window, token).await {
                Ok(p) => p,
                Err(why) => {
                    out.push(failed(why));
                    return out;
                }
            };
            for (id, events) in page.streams {
                out.push(
                    run.events(&id, EventLines::new(Events::from_messages(events)), None)
                        .await,
                );
            }
            match page.next {
                Some(next) => token = Some(next),
                None => return out,
            }
        }
    }
}

//! An event's trigger flattened into the objects to read, remembering which SQS message each
//! came from, so one message's failure is reported for that message alone.

use std::collections::{BTreeMap, BTreeSet};

use crate::trigger::{BatchJob, ObjectRef, SqsItem, Trigger};

/// One object, and the SQS message (or Batch Operations task) it came in (none for S3, SNS and
/// EventBridge events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub object: ObjectRef,
    pub message: Option<usize>,
}

/// What an invocation has to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub objects: Vec<Planned>,
    /// SQS message ids by index (SQS only): the `batchItemFailures` identifiers.
    pub messages: Option<Vec<String>>,
    /// Messages that failed before any object was read (a body that is no S3 notification).
    pub failed_messages: BTreeSet<usize>,
    /// Test events and records that are not object creations.
    pub skipped: u64,
    /// S3 Batch Operations: what the answer must repeat, and each task's id by index.
    pub batch: Option<BatchPlan>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchPlan {
    pub schema: String,
    pub invocation_id: String,
    pub task_ids: Vec<String>,
    /// Tasks that name no object, with the reason (permanent failures).
    pub task_errors: BTreeMap<usize, String>,
}

impl Plan {
    pub fn new(trigger: Trigger) -> Self {
        match trigger {
            Trigger::Direct(o) => Plan {
                objects: o
                    .objects
                    .into_iter()
                    .map(|object| Planned {
                        object,
                        message: None,
                    })
                    .collect(),
                skipped: o.skipped,
                ..Plan::default()
            },
            Trigger::Sqs(items) => Plan::sqs(items),
            Trigger::Batch(job) => Plan::batch(job),
            // subscription data names no objects: the handler runs it before planning
            Trigger::Logs(_) => Plan::default(),
        }
    }

    /// Each message's objects remember their message; a message that carries no S3
    /// notification fails on its own, before anything is read.
    fn sqs(items: Vec<SqsItem>) -> Self {
        let mut plan = Plan {
            messages: Some(Vec::with_capacity(items.len())),
            ..Plan::default()
        };
        for (m, item) in items.into_iter().enumerate() {
            match item.objects {
                Ok(o) => {
                    plan.skipped += o.skipped;
                    plan.objects
                        .extend(o.objects.into_iter().map(|object| Planned {
                            object,
                            message: Some(m),
                        }));
                }
                Err(e) => {
                    tracing::warn!(message_id = %item.message_id, error = %e, "SQS message does not carry an S3 notification");
                    plan.failed_messages.insert(m);
                }
            }
            if let Some(ids) = &mut plan.messages {
                ids.push(item.message_id);
            }
        }
        plan
    }

    /// Each task's object remembers its task; a task that names no object is a permanent
    /// failure of its own.
    fn batch(job: BatchJob) -> Self {
        let mut batch = BatchPlan {
            schema: job.schema,
            invocation_id: job.invocation_id,
            ..BatchPlan::default()
        };
        let mut objects = Vec::with_capacity(job.tasks.len());
        for (t, task) in job.tasks.into_iter().enumerate() {
            match task.object {
                Ok(object) => objects.push(Planned {
                    object,
                    message: Some(t),
                }),
                Err(why) => {
                    batch.task_errors.insert(t, why);
                }
            }
            batch.task_ids.push(task.task_id);
        }
        Plan {
            objects,
            batch: Some(batch),
            ..Plan::default()
        }
    }
}

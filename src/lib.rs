//! elb-logstash: AWS load-balancer logs (Classic ELB, ALB access, connection and health-check
//! logs, NLB) from S3 or files → one ECS JSON document per line → Logstash (`tcp` or `beats`).
//!
//! Data flows one way, as drawn in docs/ARCHITECTURE.md (the one picture of it):
//! trigger → source → lines → parse → filter → document → ship → summary.
//! `cli` and `lambda` are the two front doors; both only wire the stages together.

pub mod buffers;
pub mod cli;
pub mod config;
pub mod document;
pub mod filter;
pub mod json;
#[cfg(feature = "aws")]
pub mod lambda;
pub mod last_errors;
pub mod malloc;
pub mod parse;
pub mod pipeline;
pub mod scan;
#[cfg(feature = "aws")]
pub mod secrets;
pub mod ship;
pub mod source;
pub mod summary;
pub mod trigger;
pub mod vended;

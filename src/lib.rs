//! elb-logstash: AWS load-balancer access logs (Classic ELB, ALB, NLB, ALB connection logs)
//! from S3 or files → one ECS JSON document per line → Logstash's `tcp` input.
//!
//! Data flows one way: trigger → source → lines → parse → document → ship → summary.
//! `cli` and `lambda` are the two front doors; both only wire the stages together.

pub mod buffers;
pub mod cli;
pub mod config;
pub mod document;
pub mod filter;
pub mod json;
pub mod lambda;
pub mod last_errors;
pub mod malloc;
pub mod parse;
pub mod pipeline;
pub mod secrets;
pub mod ship;
pub mod source;
pub mod summary;
pub mod trigger;

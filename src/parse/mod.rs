//! Bytes of one log line → typed fields. Pure: no I/O, no allocation, every field borrows
//! from the line. The format is detected per line because one bucket can hold Classic, ALB,
//! NLB, ALB connection and health-check logs side by side.

mod alb;
mod classic;
mod connlog;
mod detect;
mod error;
pub mod fields;
mod health_check;
pub mod host_port;
mod line;
pub mod lists;
mod nlb;
pub mod request;
pub mod timestamp;
mod trace_id;
pub mod values;

pub use classic::{Classic, HttpCore};
pub use connlog::ConnLog;
pub use detect::{is_aws_test_line, parse_line, trim_line_end};
pub use error::ParseError;
pub use health_check::{HealthCheck, Target};
pub use line::{Alb, AlbTail, Format, LogLine};
pub use nlb::Nlb;
pub use trace_id::otel_trace_id;

#[cfg(test)]
#[path = "contract_tests.rs"]
mod contract_tests;

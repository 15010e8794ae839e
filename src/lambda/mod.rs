//! The Lambda function's front door: cold-start wiring (configuration, TLS secrets, the S3
//! client, the Logstash pool — the only state that outlives an invocation) and the runtime loop. What an
//! invocation does is in `handler`, generic over where objects come from so it is tested
//! in-process.

mod batch;
mod handler;
mod logs;
mod plan;
mod report;

use std::sync::Arc;

use clap::Parser;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;

pub use handler::{Function, Invocation, Response};
pub use plan::Plan;

use crate::config::Args;
use crate::source::s3::{self, S3Source};

/// Cold-start set-up; a bad setting fails here with a message naming the variable.
pub async fn init() -> Result<Function<S3Source>, String> {
    let args =
        Args::try_parse_from(["elb-logstash"]).map_err(|e| e.to_string().trim().to_string())?;
    let mut config = args.validate().map_err(|e| e.to_string())?;
    if let Some(ship) = config.ship.as_mut() {
        crate::secrets::fetch_all(ship)
            .await
            .map_err(|e| e.to_string())?;
    }
    let source = S3Source::new(s3::client(config.s3_force_path_style).await);
    let function = Function::new(&config, source)?;
    tracing::info!(
        logstash = %function.ship().addrs(),
        protocol = ?function.ship().protocol,
        tls = function.ship().tls.is_some(),
        pool_size = function.ship().pool_size,
        window_bytes = function.ship().window_bytes,
        "cold start: configuration loaded, S3 client and Logstash pool ready"
    );
    Ok(function)
}

/// Runs the Lambda runtime loop until the environment is shut down.
pub async fn run() -> Result<(), lambda_runtime::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .without_time()
        .with_current_span(false)
        .with_target(false)
        .init();
    let function = match init().await {
        Ok(f) => Arc::new(f),
        Err(e) => {
            tracing::error!(error = %e, "cold start failed");
            return Err(e.into());
        }
    };
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let function = function.clone();
        async move {
            let invocation = Invocation {
                request_id: event.context.request_id.clone(),
                deadline_ms: event.context.deadline,
            };
            let response = function.handle(event.payload, invocation).await?;
            Ok::<Value, lambda_runtime::Error>(serde_json::to_value(response)?)
        }
    }))
    .await
}

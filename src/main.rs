//! Lambda mode when `AWS_LAMBDA_RUNTIME_API` is set, the command line otherwise.

use clap::Parser;
use elb_logstash::{cli, config::Args, malloc};

fn main() {
    malloc::reuse_large_buffers();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("elb-logstash: cannot start the async runtime: {e}");
            std::process::exit(cli::EXIT_USAGE);
        }
    };
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        std::process::exit(lambda(&runtime));
    }
    let config = match Args::parse().validate() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("elb-logstash: {e}");
            std::process::exit(cli::EXIT_USAGE);
        }
    };
    std::process::exit(runtime.block_on(cli::run(config)));
}

#[cfg(feature = "aws")]
fn lambda(runtime: &tokio::runtime::Runtime) -> i32 {
    match runtime.block_on(elb_logstash::lambda::run()) {
        Ok(()) => 0,
        Err(_) => cli::EXIT_USAGE,
    }
}

#[cfg(not(feature = "aws"))]
fn lambda(_: &tokio::runtime::Runtime) -> i32 {
    eprintln!("elb-logstash: this build has no Lambda door (built without the `aws` feature)");
    cli::EXIT_USAGE
}

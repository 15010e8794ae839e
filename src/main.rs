//! Lambda mode when `AWS_LAMBDA_RUNTIME_API` is set, the command line otherwise.

use clap::Parser;
use elb_logstash::{cli, config::Args, lambda, malloc};

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
        let code = match runtime.block_on(lambda::run()) {
            Ok(()) => 0,
            Err(_) => cli::EXIT_USAGE,
        };
        std::process::exit(code);
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

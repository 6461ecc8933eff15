//! `huiyin`: the one binary. It only wires: configuration, telemetry, the store chosen from
//! the URL, migrations, the web server and the job runner under one graceful shutdown.

mod admin;
mod backup;
mod bench;
mod cli;
mod config;
mod config_check;
mod config_notify;
mod config_template;
mod demo;
mod import;
mod keys;
mod serve;
mod signals;
mod signals_table;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: with a thread per SQLite connection, glibc's arenas
/// kept a fifth more memory resident after re-timing a million cases (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 error: {e}");
            ExitCode::FAILURE
        }
    }
}

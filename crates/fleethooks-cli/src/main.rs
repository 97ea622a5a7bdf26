//! The `fleethooks` command: sign, verify and parse device-fleet webhooks from a shell, flatten
//! JumpCloud trigger bodies into environment variables, and fire JumpCloud command triggers.
//!
//! Exit codes, for every subcommand: 0 success; 1 input rejected (bad signature, unparseable
//! payload), with a one-line reason on stderr; 2 usage error (bad flags, unreadable file, unset
//! variable). Secrets are read from an environment variable or a file, never from an argument,
//! so they do not show up in `ps` or shell history.
#![forbid(unsafe_code)]

mod cli;
mod consume;
mod env;
mod failure;
mod input;
mod logging;
mod parse;
mod send;
mod serve;
mod sign;
mod simulate;
mod source;
mod trigger;
mod verify;

use std::process::ExitCode;

/// `serve` allocates and frees on every request and across worker threads (the body, the typed
/// event, the summary line); mimalloc's per-thread free lists serve that pattern with far less
/// time in the allocator than glibc's malloc, which dominated serve's profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser as _;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Sign(args) => sign::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Env(args) => env::run(&args),
        Command::Trigger(args) => trigger::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Send(args) => send::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Consume(args) => consume::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("fleethooks: {failure}");
            failure.exit_code()
        }
    }
}

//! The command line: parses arguments, calls the library, prints.

mod cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "fluentpress",
    version,
    about = "Check Fluent translations and render localised web and print pages"
)]
struct Cli {
    /// The folder holding fluentpress.toml.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every page for every locale into out/ (web and print).
    Build(cmd::build::Args),
    /// Every missing, obsolete and broken translation, per-locale progress, and a gate for CI.
    Check(cmd::check::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args),
        Command::Check(args) => cmd::check::run(&cli.root, args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

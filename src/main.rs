//! The command line: parses arguments, calls the library, prints.

mod cmd;

use clap::{CommandFactory, Parser, Subcommand};
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
    /// No progress bars and no summary of what was done; findings, warnings and errors still print.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    color: cmd::ui::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every page for every locale into out/ (web and print).
    Build(cmd::build::Args),
    /// Put the parts of a sharded build (`build --shard I/N`) together into out/.
    Merge(cmd::merge::Args),
    /// The pages and locales a change affects, as JSON for a CI matrix.
    Plan(cmd::plan::Args),
    /// Every missing, obsolete and broken translation, per-locale progress, and a gate for CI.
    Check(cmd::check::Args),
    /// One line per locale: progress bar, translated, missing, stale, errors, words left.
    Status(cmd::status::Args),
    /// Write fluentpress.toml for an existing Fluent repository: its locale folders, found.
    Init(cmd::init::Args),
    /// Add a locale: a folder with the source messages as comments, registered in fluentpress.toml.
    NewLocale(cmd::new_locale::Args),
    /// Offer new source messages to every locale, list (or --prune) obsolete ones.
    Sync(cmd::sync::Args),
    /// Record every current translation in fluentpress.lock, so later source changes show as stale.
    Lock(cmd::lock::Args),
    /// Mark a source change as needing no new translation (a typo fix).
    Accept(cmd::accept::Args),
    /// Every message seen where it renders (screenshots beside the source) and layout findings.
    Review(cmd::review::Args),
    /// Write a locale's messages as XLIFF or PO for translators' own tools.
    Export(cmd::export::Args),
    /// Write the translations of an XLIFF or PO file back into the locale's .ftl files.
    Import(cmd::import::Args),
    /// Preview the site on 127.0.0.1, rebuilt and reloaded when a file changes.
    Serve(cmd::serve::Args),
    /// Print a shell completion script: `fluentpress completions bash > /etc/bash_completion.d/fluentpress`.
    Completions(cmd::completions::Args),
    /// Print the manual page (roff): `fluentpress man | man -l -`.
    Man(cmd::man::Args),
    /// Print the JSON Schema of fluentpress.toml, for editors and CI.
    Schema(cmd::schema::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::ui::init(cmd::ui::Ui {
        quiet: cli.quiet,
        color: cli.color,
    });
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args),
        Command::Merge(args) => cmd::merge::run(&cli.root, args),
        Command::Plan(args) => cmd::plan::run(&cli.root, args),
        Command::Check(args) => cmd::check::run(&cli.root, args),
        Command::Status(args) => cmd::status::run(&cli.root, args),
        Command::Init(args) => cmd::init::run(&cli.root, args),
        Command::NewLocale(args) => cmd::new_locale::run(&cli.root, args),
        Command::Sync(args) => cmd::sync::run(&cli.root, args),
        Command::Lock(args) => cmd::lock::run(&cli.root, args),
        Command::Accept(args) => cmd::accept::run(&cli.root, args),
        Command::Review(args) => cmd::review::run(&cli.root, args),
        Command::Export(args) => cmd::export::run(&cli.root, args),
        Command::Import(args) => cmd::import::run(&cli.root, args),
        Command::Serve(args) => cmd::serve::run(&cli.root, args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Man(args) => cmd::man::run(args, Cli::command()),
        Command::Schema(args) => cmd::schema::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {}", fluentpress::report::text::sanitize(&message));
            ExitCode::from(2)
        }
    }
}

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

/// Prints the JSON Schema of fluentpress.toml (`fluentpress.schema.json` is this output).
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    crate::cmd::ui::out(&fluentpress::project::schema::render())?;
    Ok(ExitCode::SUCCESS)
}

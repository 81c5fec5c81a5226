use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

/// Prints the manual page (roff), generated from the command definitions.
pub fn run(_args: Args, command: clap::Command) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    render(&command, &mut out)?;
    crate::cmd::ui::out(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// clap_mangen's page lists the subcommands by name only; their options follow here,
/// one subsection each, so `man fluentpress` is the whole reference on one page.
fn render(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    clap_mangen::Man::new(command.clone()).render(out)?;
    writeln!(out, ".SH \"SUBCOMMAND OPTIONS\"")?;
    let mut command = command.clone();
    // Global flags (--root, --quiet, --color) reach subcommands only once built.
    command.build();
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{} {}", command.get_name(), sub.get_name());
        writeln!(out, ".SS \"{}\"", escape(&name))?;
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            writeln!(out, "{}", escape(&about.to_string()))?;
        }
        let mut options = Vec::new();
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut options)?;
        // Its own `.SH OPTIONS` heading would end the subsection.
        let text = String::from_utf8_lossy(&options);
        for line in text.lines().filter(|l| !l.starts_with(".SH")) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Plain text as roff: backslashes escaped, and no line may start a request.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

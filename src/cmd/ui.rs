//! What every command shares about talking to the user: `--quiet`, `--color`
//! and progress bars on stderr.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set (or always when CLICOLOR_FORCE is).
    #[default]
    Auto,
    /// Always colour, even in a pipe and over NO_COLOR.
    Always,
    /// Never colour.
    Never,
}

/// The global flags, set once by `main` before any command runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ui {
    pub quiet: bool,
    pub color: ColorChoice,
}

static UI: OnceLock<Ui> = OnceLock::new();

pub fn init(ui: Ui) {
    // Set once, before any command reads it; a second call would be a bug in main.
    let _ = UI.set(ui);
}

fn get() -> Ui {
    UI.get().copied().unwrap_or_default()
}

/// `--quiet`: no progress and no summary of what was done.
pub fn quiet() -> bool {
    get().quiet
}

/// How `check --format text` looks: `--color` decides, `auto` defers to
/// the report's own detection (a terminal, NO_COLOR, CLICOLOR_FORCE).
pub fn text_style() -> fluentpress::report::TextStyle {
    let color = match get().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => fluentpress::report::TextStyle::detect().color,
    };
    fluentpress::report::TextStyle { color }
}

/// Whether progress may be drawn: stderr is a terminal and `--quiet` is off.
/// A log file or CI output never gets the bar's redraws.
pub fn progress_enabled() -> bool {
    !quiet() && std::io::stderr().is_terminal()
}

/// The look of a bar that counts steps (a spinner becomes one once its length is known).
pub fn bar_style() -> Option<ProgressStyle> {
    ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
        .ok()
        .map(|style| style.progress_chars("=> "))
}

/// A spinner with a message for work of unknown length, or a hidden one.
pub fn spinner(what: &str) -> ProgressBar {
    if !progress_enabled() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_message(what.to_string());
    spinner.enable_steady_tick(std::time::Duration::from_millis(100));
    spinner
}

/// Writes to standard output. A reader that went away (`check | head`) is not an
/// error: the rest is dropped and the command still ends with its own exit code. Any
/// other failure (a full disk under `> report.json`) is.
pub fn out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        done => done,
    }
}

/// One line of what a command did, for a person: escaped for the terminal (paths, ids
/// and endonyms come from the user's files) and left out under `--quiet`.
pub fn say(line: &str) -> std::io::Result<()> {
    if quiet() {
        return Ok(());
    }
    out(&format!("{}\n", fluentpress::report::text::sanitize(line)))
}

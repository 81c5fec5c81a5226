use fluentpress::site::build::BuildOptions;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Preview only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
    /// Also preview the pseudo-locales en-XA and ar-XB.
    #[arg(long)]
    pseudo: bool,
    /// Also print the PDFs on every rebuild, so the leaflet can be previewed as it will print.
    #[arg(long)]
    pdf: bool,
    /// The Chromium or Chrome to print with (default: found on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<std::path::PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        locales: args.locale,
        pseudo: args.pseudo,
        pdf: args.pdf,
        browser: args.browser,
        ..BuildOptions::default()
    };
    let preview = fluentpress::site::serve::serve(root, args.port, options, |event| {
        use fluentpress::site::serve::BuildEvent;
        // Build errors quote file names and translations: escaped for the terminal. A
        // closed terminal must not stop the preview.
        let _ = match event {
            BuildEvent::Built(line) => crate::cmd::ui::say(&line),
            BuildEvent::Failed(text) => {
                eprintln!("{}", fluentpress::report::text::sanitize(&text));
                Ok(())
            }
        };
    })?;
    crate::cmd::ui::out(&format!("serving http://{}/ — pages reload when a .ftl file, a template or the config changes (Ctrl-C stops)\n", preview.address))?;
    loop {
        std::thread::park();
    }
}

//! The `lambda-console` binary: flags, terminal set-up and restore, then `run`.

use std::io::{self, Write};

use clap::Parser;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};

use lambda_console::app::App;
use lambda_console::aws::Settings;

/// A terminal console for invoking AWS Lambda functions and reading what they did.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, else "default").
    #[arg(long)]
    profile: Option<String>,
    /// AWS region (default: AWS_REGION, else the profile's region).
    #[arg(long)]
    region: Option<String>,
    /// Endpoint for every service, e.g. a moto server (also AWS_ENDPOINT_URL,
    /// AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
}

fn main() -> io::Result<()> {
    let cli = Cli::parse();
    init_tracing();
    let settings = Settings {
        profile: cli.profile,
        region: cli.region,
        endpoint_url: cli.endpoint_url,
        anonymous_credentials: false,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    install_panic_hook();
    let mut terminal = ratatui::try_init()?;
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    let app = App::new(settings.connection_info());
    let result = runtime.block_on(lambda_console::run::run(&mut terminal, app, settings));
    restore_terminal();
    // Background calls may still be waiting on the network: do not wait for them.
    runtime.shutdown_background();
    result
}

fn restore_terminal() {
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = io::stdout().flush();
}

/// A panic in any task, background ones included, restores the terminal, reports,
/// and exits: a console that lost a task would be lying about its state.
fn install_panic_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
        std::process::exit(101);
    }));
}

/// Tracing goes to a file, never to the screen, and only when asked for with
/// LAMBDA_CONSOLE_LOG (e.g. `debug`, or `lambda_console=trace`).
fn init_tracing() {
    let Ok(filter) = std::env::var("LAMBDA_CONSOLE_LOG") else {
        return;
    };
    let Some(dirs) = directories::ProjectDirs::from("", "", "lambda-console") else {
        return;
    };
    let dir = dirs.data_local_dir();
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("lambda-console.log"))
    else {
        return;
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .init();
}

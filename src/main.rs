//! The `lambda-console` binary: flags, terminal set-up and restore, then `run`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};

use lambda_console::app::App;
use lambda_console::aws::Settings;

/// A terminal console for invoking AWS Lambda functions and reading what they did.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Run against the embedded Lambda-compatible endpoint: no AWS account needed.
    #[arg(long)]
    local: bool,
    #[command(flatten)]
    local_options: LocalOptions,
    /// Log lines the logs pane keeps; older ones are dropped.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(100..=10_000_000))]
    log_lines: u32,
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

#[derive(Debug, Subcommand)]
enum Sub {
    /// Serve the embedded endpoint alone, for any AWS SDK or the AWS CLI.
    ServeLocal {
        #[arg(long, default_value_t = 9001)]
        port: u16,
        #[command(flatten)]
        options: LocalOptions,
    },
}

/// How the embedded endpoint runs, for --local and serve-local alike.
#[derive(Debug, clap::Args)]
struct LocalOptions {
    /// Function folders (default: the shipped samples).
    #[arg(long, value_name = "DIR")]
    functions: Option<PathBuf>,
    /// Seconds before the first async retry (Lambda waits about a minute); the
    /// second waits twice as long.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    retry_delay: f64,
    /// Seconds a warm execution environment may stay idle before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    idle_timeout: u64,
    /// Concurrent executions per function without reserved concurrency.
    #[arg(long, value_name = "N", default_value_t = 10)]
    concurrency: u32,
}

impl LocalOptions {
    fn settings(&self) -> io::Result<lambda_console::local::EndpointSettings> {
        if !(self.retry_delay.is_finite() && self.retry_delay >= 0.0) || self.concurrency == 0 {
            return Err(io::Error::other(
                "--retry-delay must be 0 or more seconds and --concurrency at least 1",
            ));
        }
        Ok(lambda_console::local::EndpointSettings {
            concurrency_limit: self.concurrency,
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout),
            retry_unit: std::time::Duration::from_secs_f64(self.retry_delay),
        })
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lambda-console: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> io::Result<()> {
    let cli = Cli::parse();
    init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if let Some(Sub::ServeLocal { port, options }) = cli.command {
        return runtime.block_on(serve_local(port, options));
    }
    let mut settings = Settings {
        profile: cli.profile,
        region: cli.region,
        endpoint_url: cli.endpoint_url,
        anonymous_credentials: false,
        local: false,
    };
    // Held for the life of the console: dropping it stops the endpoint.
    let _local = if cli.local {
        let dir = functions_dir(cli.local_options.functions.clone())?;
        let endpoint = runtime
            .block_on(lambda_console::local::start(&dir, 0, cli.local_options.settings()?))
            .map_err(|e| io::Error::other(format!("the local endpoint did not start: {e}")))?;
        settings.endpoint_url = Some(endpoint.url());
        settings.region = Some(lambda_console::local::REGION.to_string());
        settings.anonymous_credentials = true;
        settings.local = true;
        Some(endpoint)
    } else {
        None
    };
    install_panic_hook();
    let mut terminal = ratatui::try_init()?;
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    let mut app = App::new(settings.connection_info());
    app.logs.capacity = cli.log_lines as usize;
    let drafts_path = data_dir().map(|dir| dir.join("drafts.json"));
    let drafts_path = match drafts_path.as_deref().map(lambda_console::store::Drafts::load) {
        Some(Ok(drafts)) => {
            app.payload.drafts = drafts;
            drafts_path
        }
        Some(Err(message)) => {
            // Leave the unreadable file alone rather than overwrite it.
            app.status = Some(lambda_console::app::StatusMessage {
                text: format!("Drafts not loaded: {message}"),
                is_error: true,
            });
            None
        }
        None => None,
    };
    let result = runtime.block_on(lambda_console::run::run(&mut terminal, app, settings));
    restore_terminal();
    let (result, mut app) = match result {
        Ok(app) => (Ok(()), Some(app)),
        Err(e) => (Err(e), None),
    };
    if let (Some(app), Some(path)) = (app.as_mut(), drafts_path) {
        app.stash_draft();
        if let Err(e) = app.payload.drafts.save(&path) {
            eprintln!("lambda-console: payload drafts not saved to {}: {e}", path.display());
        }
    }
    // Background calls may still be waiting on the network: do not wait for them.
    runtime.shutdown_background();
    result
}

async fn serve_local(port: u16, options: LocalOptions) -> io::Result<()> {
    let dir = functions_dir(options.functions.clone())?;
    let endpoint = lambda_console::local::start(&dir, port, options.settings()?)
        .await
        .map_err(io::Error::other)?;
    println!(
        "Serving {} functions from {} on {}\n\n  aws --endpoint-url {} --region {} lambda list-functions\n\nCtrl-C stops it.",
        endpoint.function_count,
        dir.display(),
        endpoint.url(),
        endpoint.url(),
        lambda_console::local::REGION
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}

/// The folder given, else the samples beside the sources, else the samples
/// embedded in the binary, written out to the user's data directory.
fn functions_dir(given: Option<PathBuf>) -> io::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let beside_sources = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/functions");
    if beside_sources.is_dir() {
        return Ok(beside_sources);
    }
    let dir = data_dir().ok_or_else(|| io::Error::other("no home directory for the sample functions"))?;
    lambda_console::local::samples::write_to(&dir.join("functions"))
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

/// Where drafts, logs and extracted samples live: the user's local data directory.
fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lambda-console").map(|dirs| dirs.data_local_dir().to_path_buf())
}

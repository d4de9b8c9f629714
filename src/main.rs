//! The `lambda-console` binary: flags and the config file, terminal set-up and
//! restore, then `run`. A bad configuration is reported before the terminal
//! is taken over, with exit code 2.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};

use lambda_console::app::App;
use lambda_console::aws::{PollIntervals, Settings};
use lambda_console::cli::{Cli, Sub, completions, endpoint_settings};
use lambda_console::config::Config;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Sub::Completions { shell }) = &cli.command {
        let _ = io::stdout().write_all(&completions(*shell));
        return ExitCode::SUCCESS;
    }
    let config = match cli.effective_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("lambda-console: the configuration is not valid: {error}");
            return ExitCode::from(2);
        }
    };
    if cli.print_config {
        print!("{}", config.to_toml(&cli.config_origin()));
        return ExitCode::SUCCESS;
    }
    match run(cli, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Start-up errors can quote folder names and function.toml text.
            eprintln!(
                "lambda-console: {}",
                lambda_console::sanitize::one_line(&error.to_string())
            );
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, config: Config) -> io::Result<()> {
    init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if let Some(Sub::ServeLocal { .. }) = cli.command {
        return runtime.block_on(serve_local(&config));
    }
    let mut settings = Settings {
        poll: PollIntervals {
            active: config.tail.poll_interval(),
            idle: config.tail.idle_poll_interval(),
        },
        profile: cli.profile,
        region: cli.region,
        endpoint_url: cli.endpoint_url,
        anonymous_credentials: false,
        local: false,
    };
    // Held for the life of the console: dropping it stops the endpoint.
    let _local = if cli.local {
        let dir = functions_dir(config.local.functions.clone())?;
        let endpoint = runtime
            .block_on(lambda_console::local::start(&dir, 0, endpoint_settings(&config.local)))
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
    let theme = config.theme.clone().honouring_no_color();
    let mut app = App::with_config(settings.connection_info(), config.keys.clone(), theme);
    app.logs.capacity = config.tail.buffer_lines as usize;
    app.invoke_type = config.invoke.default_type;
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
            let message = format!("payload drafts not saved to {}: {e}", path.display());
            eprintln!("lambda-console: {}", lambda_console::sanitize::one_line(&message));
        }
    }
    // Background calls may still be waiting on the network: do not wait for them.
    runtime.shutdown_background();
    result
}

async fn serve_local(config: &Config) -> io::Result<()> {
    let dir = functions_dir(config.local.functions.clone())?;
    let endpoint = lambda_console::local::start(&dir, config.local.port, endpoint_settings(&config.local))
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
    let Some(dir) = data_dir() else {
        return;
    };
    if std::fs::create_dir_all(&dir).is_err() {
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

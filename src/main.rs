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
use lambda_console::store::{Store, data_dir};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Printed whole or failed loudly: a full disk must not pass for a page.
    let print = |bytes: Vec<u8>| match io::stdout().write_all(&bytes).and_then(|()| io::stdout().flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            say(&format!("cannot write: {error}"));
            ExitCode::FAILURE
        }
    };
    if let Some(Sub::Completions { shell }) = &cli.command {
        return print(completions(*shell));
    }
    if let Some(Sub::Manpage { subcommand }) = &cli.command {
        return match lambda_console::cli::manpage(subcommand.as_deref()) {
            Some(page) => print(page),
            None => {
                say("no such page: the pages are lambda-console, serve-local and completions");
                ExitCode::from(2)
            }
        };
    }
    // A function's runtime: no config, no terminal; it ends with its API.
    if let Some(Sub::Sample { name }) = &cli.command {
        return match lambda_console::local::samples::run_native(name) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("sample {}: {error}", lambda_console::sanitize::one_line(name));
                ExitCode::FAILURE
            }
        };
    }
    let config = match cli.effective_config() {
        Ok(config) => config,
        Err(error) => {
            say(&format!("the configuration is not valid: {error}"));
            return ExitCode::from(2);
        }
    };
    if cli.print_config {
        // `--print-config | head` closes the pipe early: that is not a crash.
        let _ = io::stdout().write_all(config.to_toml(&cli.config_origin()).as_bytes());
        return ExitCode::SUCCESS;
    }
    match run(cli, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Start-up errors can quote folder names and function.toml text.
            say(&error.to_string());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, config: Config) -> io::Result<()> {
    init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if let Some(Sub::ServeLocal { .. }) = cli.command {
        return runtime.block_on(serve_local(&config, cli.profile.as_deref()));
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
        polling_only: !config.tail.live_tail,
    };
    // Held for the life of the console: dropping it stops the endpoint. It
    // runs on threads of its own, so a panic in it ends one request, not the
    // console, and its work never takes the console's threads.
    let local_runtime = if cli.local {
        Some(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name(lambda_console::local::THREAD_NAME)
                .enable_all()
                .build()?,
        )
    } else {
        None
    };
    let _local = if let Some(local_runtime) = &local_runtime {
        let dir = functions_dir(config.local.functions.clone())?;
        let endpoint_settings = local_runtime.block_on(endpoint_settings_for(&config, settings.profile.as_deref()))?;
        let endpoint = local_runtime
            .block_on(lambda_console::local::start(&dir, 0, endpoint_settings))
            .map_err(|e| io::Error::other(format!("the local endpoint did not start: {e}")))?;
        settings.endpoint_url = Some(endpoint.url());
        settings.region = Some(lambda_console::local::REGION.to_string());
        settings.anonymous_credentials = true;
        settings.local = true;
        Some(endpoint)
    } else {
        None
    };
    let theme = config.theme.clone().honouring_no_color();
    let mut app = App::with_config(settings.connection_info(), config.keys.clone(), theme);
    app.logs.capacity = config.tail.buffer_lines as usize;
    app.invoke_type = config.invoke.default_type;
    app.history_bounds = config.history;
    app.prices = config.prices;
    app.local = settings.local;
    app.known_profiles = lambda_console::aws::profiles::profile_names();
    app.profiles = config.profiles.clone();
    // As the place is named: the flag, else the environment.
    app.requested_profile = settings.connection_info().profile.filter(|_| !settings.local);
    app.requested_region = settings.region.clone().filter(|_| !settings.local);
    app.name_place();
    let (mut store, notices) = match data_dir().map(|dir| Store::open(&dir)) {
        Some(Ok((store, notices))) => (Some(store), notices),
        Some(Err(reason)) => (None, vec![format!("Drafts will not be kept: {reason}")]),
        None => (
            None,
            vec!["Drafts will not be kept: there is no home directory.".to_string()],
        ),
    };
    // Where the user was last time on this profile, region and endpoint.
    let place = app.history_place.clone();
    let mut remembered_saved = None;
    if let Some(store) = &store {
        match store.load_drafts() {
            Ok(drafts) => app.payload.drafts = drafts,
            Err(reason) => app.status = Some(error_status(format!("Drafts not loaded: {reason}"))),
        }
        match store.load_remembered(&place) {
            Ok(remembered) => {
                app.restore(remembered.clone());
                app.remembered_place = Some(place.clone());
                remembered_saved = Some((place.clone(), remembered));
            }
            Err(reason) => app.status = Some(error_status(format!("Selections not loaded: {reason}"))),
        }
    }
    if !notices.is_empty() {
        app.status = Some(error_status(notices.join(" ")));
    }
    // The status line may be narrower than a path: the notices are said
    // again on stderr when the console ends.
    let notices_at_exit = notices;
    let store_path = match &store {
        Some(store) => Ok(store.path().to_path_buf()),
        None => Err(notices_at_exit.join(" ")),
    };
    // Where the user is when it saves: `:profile` and `:region` move it.
    let mut save = |app: &mut App| {
        let place = app.history_place.clone();
        save_state(app, store.as_mut(), &place, &mut remembered_saved)
    };
    let mut terminal = ratatui::try_init().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("no terminal to draw on ({e}): run it in one (over ssh: ssh -t HOST lambda-console)"),
        )
    })?;
    // After ratatui's: its hook would restore the terminal (printing on a
    // dead one panics) even for a panic the embedded endpoint survives.
    install_panic_hook();
    let _ = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    app.mouse = config.mouse;
    app.pause_tail_after = config.tail.pause_after_idle();
    if app.mouse {
        let _ = crossterm::execute!(io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let result = runtime.block_on(lambda_console::run::run(
        &mut terminal,
        &mut app,
        settings,
        store_path,
        &mut |app| {
            if let Err(reason) = save(app) {
                app.status = Some(error_status(format!(
                    "{reason}; they stay in memory and are tried again"
                )));
            }
        },
    ));
    // The drafts go to disk before the terminal is touched: after a dropped
    // SSH session, touching it may be the last thing this process does.
    tracing::info!(?result, "the console's loop ended");
    let saved = save(&mut app);
    tracing::info!(?saved, "drafts saved at exit");
    restore_terminal();
    // ratatui's Terminal, dropped, shows the cursor and prints with
    // eprintln! when it cannot: on a terminal that is gone (a dropped SSH
    // session) that print panics. The terminal is restored above already.
    std::mem::forget(terminal);
    for notice in &notices_at_exit {
        say(notice);
    }
    if let Err(reason) = saved {
        say(&format!("{reason}."));
    }
    // Background calls may still be waiting on the network: do not wait for them.
    runtime.shutdown_background();
    if let Some(local_runtime) = local_runtime {
        local_runtime.shutdown_background();
    }
    result
}

fn error_status(text: String) -> lambda_console::app::StatusMessage {
    lambda_console::app::StatusMessage::error(text)
}

/// Puts the editor's text with the drafts and writes those that changed,
/// then where the user is, when that changed.
fn save_state(
    app: &mut App,
    store: Option<&mut Store>,
    place: &str,
    remembered_saved: &mut Option<(String, lambda_console::store::Remembered)>,
) -> Result<(), String> {
    app.stash_draft();
    let Some(store) = store else { return Ok(()) };
    store
        .save_drafts(&mut app.payload.drafts)
        .map_err(|e| format!("Drafts not saved to {}: {e}", store.path().display()))?;
    // A place switched to is saved once what it kept has been read.
    if app.remembered_place.as_deref() != Some(place) {
        return Ok(());
    }
    let remembered = app.remembered();
    let saved_here = remembered_saved
        .as_ref()
        .is_some_and(|(saved_place, saved)| saved_place == place && *saved == remembered);
    if !saved_here {
        store
            .save_remembered(place, &remembered)
            .map_err(|e| format!("Selections not saved to {}: {e}", store.path().display()))?;
        *remembered_saved = Some((place.to_string(), remembered));
    }
    Ok(())
}

/// A line on stderr, sanitized, and never a panic: stderr may be a dead terminal.
fn say(message: &str) {
    let _ = writeln!(
        io::stderr(),
        "lambda-console: {}",
        lambda_console::sanitize::one_line(message)
    );
}

/// The endpoint's settings, with the user's credentials when asked for.
async fn endpoint_settings_for(
    config: &Config,
    profile: Option<&str>,
) -> io::Result<lambda_console::local::EndpointSettings> {
    let mut settings = endpoint_settings(&config.local);
    if config.local.pass_credentials {
        let credentials = lambda_console::aws::credentials_to_pass(profile)
            .await
            .map_err(|e| io::Error::other(format!("--pass-credentials: no credentials to pass: {e}")))?;
        settings.credentials = Some(credentials);
    }
    Ok(settings)
}

async fn serve_local(config: &Config, profile: Option<&str>) -> io::Result<()> {
    let dir = functions_dir(config.local.functions.clone())?;
    let endpoint = lambda_console::local::start(&dir, config.local.port, endpoint_settings_for(config, profile).await?)
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
    // Ctrl-C, SIGTERM and SIGHUP (a dropped session) all end it the same way:
    // the endpoint is dropped, and every environment's process group with it.
    use tokio::signal::unix::{SignalKind, signal};
    let (mut term, mut hangup) = (signal(SignalKind::terminate())?, signal(SignalKind::hangup())?);
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
    }
    drop(endpoint);
    Ok(())
}

/// The folder given, else the samples embedded in the binary, unpacked into
/// the user's data directory (0700). The sources' own assets folder is not
/// read: it is a path fixed at build time, which another user could create.
fn functions_dir(given: Option<PathBuf>) -> io::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let dir = data_dir().ok_or_else(|| io::Error::other("no home directory for the sample functions"))?;
    // Where it failed, and what to do about it: a read-only or noexec home
    // on a jump host is common.
    let hint = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!(
                "the sample functions cannot be written under {}: {e} (XDG_DATA_HOME=DIR puts them elsewhere, \
                 on a filesystem that allows running programs; --functions DIR uses your own)",
                dir.display()
            ),
        )
    };
    std::fs::create_dir_all(&dir).map_err(hint)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(hint)?;
    }
    // The samples run as this very binary, so --local needs no python; the
    // path is their fallback where the console cannot hand them its own.
    let binary = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("lambda-console"));
    lambda_console::local::samples::write_to(
        &dir.join("functions"),
        lambda_console::local::samples::Bootstraps::Native(&binary),
    )
    .map_err(hint)
}

/// Gives the terminal back; never panics, even when the terminal is gone.
fn restore_terminal() {
    let _ = crossterm::execute!(
        io::stdout(),
        DisableBracketedPaste,
        crossterm::event::DisableMouseCapture
    );
    let _ = ratatui::try_restore();
    let _ = io::stdout().flush();
}

/// A panic in any task, background ones included, restores the terminal,
/// leaves a crash report and exits: a console that lost a task would be
/// lying about its state. Nothing in here may panic again.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if lambda_console::local::is_endpoint_thread() {
            // The embedded endpoint answers that request with a 500 and goes on.
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            tracing::error!(?location, "a request to the local endpoint panicked");
            return;
        }
        restore_terminal();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        let report = lambda_console::crash::report(location);
        let saved = data_dir().and_then(|dir| lambda_console::crash::write(&dir, &report));
        let place = saved
            .map(|p| format!(" A report is in {}.", p.display()))
            .unwrap_or_default();
        let message: String = message.chars().take(200).collect();
        say(&format!("crashed: {message}.{place}"));
        // Functions the embedded endpoint runs must not outlive the console.
        lambda_console::local::groups::end_all();
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
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // Logs can name functions and errors: its owner's only.
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let Ok(file) = options.open(dir.join("lambda-console.log")) else {
        return;
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .init();
}

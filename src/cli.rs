//! Flags and subcommands. Flags override the config file, which overrides the
//! defaults: `effective_config` puts the three together, so the console,
//! `serve-local` and `--print-config` all see the same result.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::config::{self, Config, ConfigError};
use crate::local::EndpointSettings;

/// The version and the commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("LAMBDA_CONSOLE_COMMIT"),
    ")"
);

/// A terminal console for invoking AWS Lambda functions and reading what they did.
#[derive(Debug, Parser)]
#[command(version = VERSION, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// Run against the embedded Lambda-compatible endpoint: no AWS account needed.
    #[arg(long)]
    pub local: bool,
    #[command(flatten)]
    pub local_options: LocalOptions,
    /// Log lines the logs pane keeps; older ones are dropped (config: tail.buffer_lines).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(100..=10_000_000))]
    pub log_lines: Option<u32>,
    /// Leave the mouse to the terminal (its own text selection); config: mouse = false.
    #[arg(long)]
    pub no_mouse: bool,
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, else "default").
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, else the profile's region).
    #[arg(long)]
    pub region: Option<String>,
    /// Endpoint for every service, e.g. a moto server (also AWS_ENDPOINT_URL,
    /// AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// The config file (default: $XDG_CONFIG_HOME/lambda-console/config.toml).
    #[arg(long, value_name = "PATH", env = "LAMBDA_CONSOLE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Print the effective configuration (defaults, then the file, then the
    /// flags) as TOML, and exit.
    #[arg(long, global = true)]
    pub print_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Serve the embedded endpoint alone, for any AWS SDK or the AWS CLI.
    ServeLocal {
        /// Port on 127.0.0.1 (config: local.port, default 9001).
        #[arg(long)]
        port: Option<u16>,
        #[command(flatten)]
        options: LocalOptions,
    },
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -` or a man directory;
    /// with a subcommand's name, that subcommand's page.
    #[command(hide = true)]
    Manpage { subcommand: Option<String> },
    /// Run as one of the sample functions over the Lambda Runtime API (the
    /// samples' bootstraps call this, so `--local` needs no python).
    #[command(hide = true)]
    Sample {
        /// echo, slow, flaky, crash, chatty or streamer.
        name: String,
    },
}

/// How the embedded endpoint runs, for --local and serve-local alike; each
/// flag overrides the config file's `[local]`.
#[derive(Debug, Default, clap::Args)]
pub struct LocalOptions {
    /// Function folders (default: the shipped samples).
    #[arg(long, value_name = "DIR")]
    pub functions: Option<PathBuf>,
    /// Seconds before the first async retry (Lambda waits about a minute); the
    /// second waits twice as long. Default 1.
    #[arg(long, value_name = "SECONDS", value_parser = retry_delay)]
    pub retry_delay: Option<f64>,
    /// Seconds a warm execution environment may stay idle before it is stopped. Default 300.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub idle_timeout: Option<u64>,
    /// Concurrent executions per function without reserved concurrency. Default 10.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub concurrency: Option<u32>,
    /// Give functions your AWS credentials (from --profile or the usual
    /// chain) as Lambda gives a role's, as SAM CLI does; by default they get none.
    #[arg(long)]
    pub pass_credentials: bool,
    /// Milliseconds added to every Lambda, Logs and Schemas answer (not the
    /// Runtime API), to rehearse a distant region. Default 0.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub latency: Option<u64>,
    /// Up to this many milliseconds more, at random, on each answer. Default 0.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub latency_jitter: Option<u64>,
}

fn retry_delay(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    config::check_range("--retry-delay", value, &config::RETRY_DELAY_SECONDS)
}

impl LocalOptions {
    fn apply(&self, local: &mut config::LocalConfig) {
        if let Some(dir) = &self.functions {
            local.functions = Some(dir.clone());
        }
        if let Some(seconds) = self.retry_delay {
            local.retry_delay_seconds = seconds;
        }
        if let Some(seconds) = self.idle_timeout {
            local.idle_timeout_seconds = seconds;
        }
        if let Some(n) = self.concurrency {
            local.concurrency = n;
        }
        if self.pass_credentials {
            local.pass_credentials = true;
        }
        if let Some(ms) = self.latency {
            local.latency_ms = ms;
        }
        if let Some(ms) = self.latency_jitter {
            local.latency_jitter_ms = ms;
        }
    }
}

impl Cli {
    /// The config file to read, and whether it must exist (it was named).
    pub fn config_path(&self) -> Option<(PathBuf, bool)> {
        match &self.config {
            Some(path) => Some((path.clone(), true)),
            None => config::default_path().map(|path| (path, false)),
        }
    }

    /// Defaults, then the file, then the flags.
    pub fn effective_config(&self) -> Result<Config, ConfigError> {
        let mut config = match self.config_path() {
            Some((path, required)) => Config::load(&path, required)?,
            None => Config::default(),
        };
        if let Some(lines) = self.log_lines {
            config.tail.buffer_lines = lines;
        }
        if self.no_mouse {
            config.mouse = false;
        }
        self.local_options.apply(&mut config.local);
        if let Some(Sub::ServeLocal { port, options }) = &self.command {
            options.apply(&mut config.local);
            if let Some(port) = port {
                config.local.port = *port;
            }
        }
        Ok(config)
    }

    /// Where the effective configuration came from, for `--print-config`.
    pub fn config_origin(&self) -> String {
        match self.config_path() {
            Some((path, true)) => format!("defaults, then {}, then flags", path.display()),
            Some((path, false)) if path.exists() => format!("defaults, then {}, then flags", path.display()),
            Some((path, false)) => format!("defaults (no file at {}), then flags", path.display()),
            None => "defaults, then flags".into(),
        }
    }
}

/// The embedded endpoint's settings from the `[local]` configuration.
pub fn endpoint_settings(local: &config::LocalConfig) -> EndpointSettings {
    EndpointSettings {
        concurrency_limit: local.concurrency,
        idle_timeout: Duration::from_secs(local.idle_timeout_seconds),
        retry_unit: Duration::from_secs_f64(local.retry_delay_seconds),
        // Resolved at start when asked for: see `aws::credentials_to_pass`.
        credentials: None,
        latency: Duration::from_millis(local.latency_ms),
        latency_jitter: Duration::from_millis(local.latency_jitter_ms),
        sample_runner: crate::local::samples::running_binary(),
    }
}

/// The manual page, from the same definitions as `--help`.
pub fn manpage(subcommand: Option<&str>) -> Option<Vec<u8>> {
    let command = <Cli as clap::CommandFactory>::command();
    let command = match subcommand {
        None => command,
        // Named as the main page refers to it: lambda-console-serve-local(1).
        Some(name) => {
            let page: &'static str = match name {
                "serve-local" => "lambda-console-serve-local",
                "completions" => "lambda-console-completions",
                _ => return None,
            };
            command.find_subcommand(name)?.clone().name(page).version(VERSION)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out).ok()?;
    Some(out)
}

/// Shell completions for the whole command line.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "lambda-console", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("lambda-console").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn flags_override_the_file_which_overrides_the_defaults() {
        let dir = std::env::temp_dir().join(format!("lambda-console-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(
            &path,
            "[tail]\nbuffer_lines = 500\n[local]\nconcurrency = 3\nport = 9100\nretry_delay_seconds = 2.0\n",
        )
        .unwrap();
        let path_text = path.to_str().unwrap();
        let config = cli(&["--config", path_text]).effective_config().unwrap();
        assert_eq!((config.tail.buffer_lines, config.local.concurrency), (500, 3));
        let config = cli(&[
            "--config",
            path_text,
            "--log-lines",
            "700",
            "--local",
            "--concurrency",
            "5",
        ])
        .effective_config()
        .unwrap();
        assert_eq!((config.tail.buffer_lines, config.local.concurrency), (700, 5));
        assert_eq!(config.local.retry_delay_seconds, 2.0, "not given as a flag: the file's");
        let config = cli(&[
            "--config",
            path_text,
            "serve-local",
            "--port",
            "9200",
            "--retry-delay",
            "0.25",
        ])
        .effective_config()
        .unwrap();
        assert_eq!((config.local.port, config.local.retry_delay_seconds), (9200, 0.25));
        let printed = cli(&["--config", path_text, "--log-lines", "700"])
            .effective_config()
            .unwrap();
        assert!(printed.to_toml("x").contains("buffer_lines = 700"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_flags_are_refused_with_their_bounds() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("lambda-console").chain(args.iter().copied()))
                .unwrap_err()
                .to_string()
        };
        assert!(parse(&["--retry-delay=-1"]).contains("out of range"));
        assert!(parse(&["--retry-delay", "soon"]).contains("not a number"));
        assert!(parse(&["--concurrency", "0"]).contains("0"));
        assert!(parse(&["completions", "tcsh"]).contains("tcsh"));
    }

    #[test]
    fn completions_cover_the_subcommands_and_flags() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for word in ["serve-local", "print-config", "endpoint-url", "completions"] {
                assert!(script.contains(word), "{shell}: {word}");
            }
        }
    }
}

//! The config file: `[keys]`, `[theme]`, `[tail]`, `[invoke]`, `[history]`,
//! `[profiles.NAME]`, `[local]` and `[prices]`. Over 500 lines: each setting is read,
//! bounded and printed (`--print-config`) side by side here, so that the
//! three never disagree; its tests are in `tests`.
//! Defaults, then the file, then the flags (see `cli`). Every mistake is an
//! error that names the file, the line and the valid choices, reported before
//! the terminal is taken over; `to_toml` prints the effective configuration
//! in a form that loads back to the same thing.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

use crate::action::{ACTIONS, Action, KEY_NAME_HELP, Key, KeyMap};
use crate::model::InvokeType;
use crate::sanitize::one_line;
use crate::theme::{COLOUR_NAMES, Role, Theme, colour_name, parse_colour};

/// How the log tail polls and how much it keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct TailConfig {
    /// Between polls while lines keep coming.
    pub poll_interval_ms: u64,
    /// Between polls once a group has been quiet for a while.
    pub idle_poll_interval_ms: u64,
    /// Lines the logs pane keeps; older ones are dropped.
    pub buffer_lines: u32,
    /// The tail of the selected function pauses after this long without a
    /// key (0: never): an SSH session left open overnight polls nothing, and
    /// a Live Tail session, billed by the minute, ends.
    pub pause_after_idle_seconds: u64,
    /// Stream with CloudWatch Live Tail where the endpoint serves it (it is
    /// billed by the minute); false polls FilterLogEvents only.
    pub live_tail: bool,
}

impl Default for TailConfig {
    fn default() -> Self {
        TailConfig {
            poll_interval_ms: 1_000,
            idle_poll_interval_ms: 5_000,
            buffer_lines: 10_000,
            pause_after_idle_seconds: 900,
            live_tail: true,
        }
    }
}

impl TailConfig {
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    pub fn idle_poll_interval(&self) -> Duration {
        Duration::from_millis(self.idle_poll_interval_ms)
    }

    pub fn pause_after_idle(&self) -> Option<Duration> {
        (self.pause_after_idle_seconds > 0).then(|| Duration::from_secs(self.pause_after_idle_seconds))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct InvokeConfig {
    /// The type the console starts with.
    pub default_type: InvokeType,
}

/// What the console knows of an AWS profile beyond the AWS files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileConfig {
    /// Every invoke asks first, naming the function, qualifier and account.
    pub protected: bool,
    /// The header's colour while this profile is in use.
    pub colour: Option<ratatui::style::Color>,
}

/// Defaults for the embedded endpoint's flags.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalConfig {
    /// Function folders; None means the shipped samples.
    pub functions: Option<PathBuf>,
    /// The port `serve-local` listens on.
    pub port: u16,
    pub retry_delay_seconds: f64,
    pub idle_timeout_seconds: u64,
    pub concurrency: u32,
    /// Give functions the user's AWS credentials (off: they get none).
    pub pass_credentials: bool,
    /// Added to every Lambda, Logs and Schemas answer (not the Runtime API).
    pub latency_ms: u64,
    pub latency_jitter_ms: u64,
}

impl Default for LocalConfig {
    fn default() -> Self {
        LocalConfig {
            functions: None,
            port: 9001,
            retry_delay_seconds: 1.0,
            idle_timeout_seconds: 300,
            concurrency: 10,
            pass_credentials: false,
            latency_ms: 0,
            latency_jitter_ms: 0,
        }
    }
}

/// A config file is a few kilobytes; anything this big is a mistake.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Keys one action may have.
pub const MAX_KEYS_PER_ACTION: usize = 16;

/// Every bound a setting has, in one place: the file and the flags check the same.
pub const POLL_INTERVAL_MS: RangeInclusive<u64> = 100..=60_000;
pub const IDLE_POLL_INTERVAL_MS: RangeInclusive<u64> = 100..=300_000;
pub const BUFFER_LINES: RangeInclusive<u32> = 100..=10_000_000;
pub const PAUSE_AFTER_IDLE_SECONDS: RangeInclusive<u64> = 0..=604_800;
pub const RETRY_DELAY_SECONDS: RangeInclusive<f64> = 0.0..=3_600.0;
pub const IDLE_TIMEOUT_SECONDS: RangeInclusive<u64> = 1..=86_400;
pub const CONCURRENCY: RangeInclusive<u32> = 1..=1_000;
pub const LATENCY_MS: RangeInclusive<u64> = 0..=60_000;
pub const HISTORY_INVOCATIONS: RangeInclusive<u32> = 0..=100_000;
pub const HISTORY_MB: RangeInclusive<u64> = 0..=10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Clicks and the wheel go to the console (false: to the terminal).
    pub mouse: bool,
    pub keys: KeyMap,
    pub theme: Theme,
    pub tail: TailConfig,
    pub invoke: InvokeConfig,
    pub history: crate::history::HistoryBounds,
    pub profiles: BTreeMap<String, ProfileConfig>,
    pub local: LocalConfig,
    /// What a burst's estimate prices calls at.
    pub prices: crate::cost::Prices,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mouse: true,
            keys: Default::default(),
            theme: Default::default(),
            tail: Default::default(),
            invoke: Default::default(),
            history: Default::default(),
            profiles: Default::default(),
            local: Default::default(),
            prices: Default::default(),
        }
    }
}

/// A configuration that cannot be used, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file, or None for a flag.
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    /// Sanitized: a config file's text must not reach the terminal raw.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = one_line(&self.message);
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}, line {line}: {message}", one_line(&path.to_string_lossy())),
            (Some(path), None) => write!(f, "{}: {message}", one_line(&path.to_string_lossy())),
            (None, _) => f.write_str(&message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The config file when none is named: `$XDG_CONFIG_HOME/lambda-console/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lambda-console").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// A key binding's value: one key name or a list of them.
#[derive(Debug)]
struct KeyNames(Vec<String>);

impl<'de> Deserialize<'de> for KeyNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = KeyNames;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key name like \"Ctrl-R\", or a list of them like [\"F5\", \"i\"]")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<KeyNames, E> {
                Ok(KeyNames(vec![value.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(KeyNames(names))
            }
        }
        deserializer.deserialize_any(Names)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    mouse: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<KeyNames>>,
    #[serde(default)]
    theme: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    tail: RawTail,
    #[serde(default)]
    invoke: RawInvoke,
    #[serde(default)]
    history: RawHistory,
    #[serde(default)]
    profiles: BTreeMap<String, RawProfile>,
    #[serde(default)]
    local: RawLocal,
    #[serde(default)]
    prices: RawPrices,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrices {
    request: Option<Spanned<f64>>,
    x86_64_gb_second: Option<Spanned<f64>>,
    arm64_gb_second: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTail {
    poll_interval_ms: Option<Spanned<u64>>,
    idle_poll_interval_ms: Option<Spanned<u64>>,
    buffer_lines: Option<Spanned<u32>>,
    pause_after_idle_seconds: Option<Spanned<u64>>,
    live_tail: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    #[serde(default)]
    protected: bool,
    colour: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    max_invocations: Option<Spanned<u32>>,
    max_mb: Option<Spanned<u64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInvoke {
    default_type: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocal {
    functions: Option<PathBuf>,
    port: Option<u16>,
    retry_delay_seconds: Option<Spanned<f64>>,
    idle_timeout_seconds: Option<Spanned<u64>>,
    concurrency: Option<Spanned<u32>>,
    latency_ms: Option<Spanned<u64>>,
    latency_jitter_ms: Option<Spanned<u64>>,
    pass_credentials: Option<bool>,
}

/// Builds errors that point into one file's text.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())].matches('\n').count() + 1
    }

    /// An error at `span`, quoting the line it is on.
    fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> ConfigError {
        let line = span.map(|s| self.line_of(s.start));
        let quoted = line
            .and_then(|n| self.text.lines().nth(n - 1))
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
            .map(|text| {
                let cut: String = text.chars().take(60).collect();
                let more = if cut.len() < text.len() { "…" } else { "" };
                format!("`{cut}{more}`: ")
            })
            .unwrap_or_default();
        ConfigError {
            path: Some(self.path.to_path_buf()),
            line,
            message: format!("{quoted}{}", message.into()),
        }
    }

    fn in_range<T: PartialOrd + fmt::Display + Copy>(
        &self,
        name: &str,
        value: &Spanned<T>,
        range: &RangeInclusive<T>,
    ) -> Result<T, ConfigError> {
        check_range(name, *value.get_ref(), range).map_err(|m| self.error(Some(value.span()), m))
    }
}

/// `name` must lie in `range`; the message says what it may be.
pub fn check_range<T: PartialOrd + fmt::Display + Copy>(
    name: &str,
    value: T,
    range: &RangeInclusive<T>,
) -> Result<T, String> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{name} = {value} is out of range: use {} to {}",
            range.start(),
            range.end()
        ))
    }
}

impl Config {
    /// Reads `path`; a missing file is an error only when `required` (it was named).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            message,
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Config::default()),
            Err(e) => return Err(error(format!("cannot be read: {e}"))),
        };
        // A FIFO or a device would block or never end: only a plain file is read.
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(error("is not a regular file".into()));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE_BYTES + 1), &mut bytes)
            .map_err(|e| error(format!("cannot be read: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(error(format!(
                "is over {} KB: this is not a config file",
                MAX_FILE_BYTES / 1024
            )));
        }
        let text = String::from_utf8(bytes).map_err(|_| error("is not UTF-8 text".into()))?;
        Config::parse(path, &text)
    }

    /// The defaults with the file's settings over them.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let source = Source { path, text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| source.error(e.span(), plain_words(e.message())))?;
        let mut config = Config::default();
        let mut bound_at: BTreeMap<Action, usize> = BTreeMap::new();
        for (name, keys) in &raw.keys {
            let action = Action::from_name(name.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
                source.error(
                    Some(name.span()),
                    format!(
                        "unknown action `{}`: the actions are {}",
                        name.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
            let names = &keys.get_ref().0;
            if names.len() > MAX_KEYS_PER_ACTION {
                return Err(source.error(
                    Some(keys.span()),
                    format!("{}: at most {MAX_KEYS_PER_ACTION} keys an action", name.get_ref()),
                ));
            }
            let parsed = names
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<Key>, String>>()
                .map_err(|m| source.error(Some(keys.span()), format!("{}: {m}", name.get_ref())))?;
            config.keys.bind(action, parsed);
            bound_at.insert(action, source.line_of(name.span().start));
        }
        if let Some(problem) = config.keys.problems().first() {
            let name = |action: Action| match bound_at.get(&action) {
                Some(line) => format!("`{}` (line {line})", action.name()),
                None => format!("`{}` (its default keys)", action.name()),
            };
            return Err(ConfigError {
                path: Some(path.to_path_buf()),
                line: problem.actions().iter().filter_map(|a| bound_at.get(a)).max().copied(),
                message: problem.describe(name),
            });
        }
        for (name, colour) in &raw.theme {
            let role = Role::from_name(name.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                source.error(
                    Some(name.span()),
                    format!(
                        "unknown theme role `{}`: the roles are {}",
                        name.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
            let parsed = parse_colour(colour.get_ref())
                .map_err(|m| source.error(Some(colour.span()), format!("{}: {m}", name.get_ref())))?;
            config.theme.set_colour(role, parsed);
        }
        if let Some(v) = &raw.tail.poll_interval_ms {
            config.tail.poll_interval_ms = source.in_range("poll_interval_ms", v, &POLL_INTERVAL_MS)?;
        }
        if let Some(v) = &raw.tail.idle_poll_interval_ms {
            config.tail.idle_poll_interval_ms = source.in_range("idle_poll_interval_ms", v, &IDLE_POLL_INTERVAL_MS)?;
        }
        if let Some(v) = &raw.tail.buffer_lines {
            config.tail.buffer_lines = source.in_range("buffer_lines", v, &BUFFER_LINES)?;
        }
        if let Some(live) = raw.tail.live_tail {
            config.tail.live_tail = live;
        }
        if let Some(v) = &raw.tail.pause_after_idle_seconds {
            config.tail.pause_after_idle_seconds =
                source.in_range("pause_after_idle_seconds", v, &PAUSE_AFTER_IDLE_SECONDS)?;
        }
        if let Some(name) = &raw.invoke.default_type {
            config.invoke.default_type = InvokeType::parse(name.get_ref()).ok_or_else(|| {
                source.error(
                    Some(name.span()),
                    format!(
                        "unknown invocation type `{}`: use sync, event, dry, stream or url",
                        name.get_ref()
                    ),
                )
            })?;
        }
        if let Some(v) = &raw.history.max_invocations {
            config.history.max_invocations = source.in_range("max_invocations", v, &HISTORY_INVOCATIONS)?;
        }
        if let Some(v) = &raw.history.max_mb {
            config.history.max_bytes = source.in_range("max_mb", v, &HISTORY_MB)? * 1024 * 1024;
        }
        if let Some(mouse) = raw.mouse {
            config.mouse = mouse;
        }
        for (name, profile) in &raw.profiles {
            let colour = match &profile.colour {
                Some(colour) => Some(
                    parse_colour(colour.get_ref())
                        .map_err(|m| source.error(Some(colour.span()), format!("profiles.{name}.colour: {m}")))?,
                ),
                None => None,
            };
            config.profiles.insert(
                name.clone(),
                ProfileConfig {
                    protected: profile.protected,
                    colour,
                },
            );
        }
        let local = &raw.local;
        if let Some(functions) = &local.functions {
            config.local.functions = Some(functions.clone());
        }
        if let Some(port) = local.port {
            config.local.port = port;
        }
        if let Some(v) = &local.retry_delay_seconds {
            config.local.retry_delay_seconds = source.in_range("retry_delay_seconds", v, &RETRY_DELAY_SECONDS)?;
        }
        if let Some(v) = &local.idle_timeout_seconds {
            config.local.idle_timeout_seconds = source.in_range("idle_timeout_seconds", v, &IDLE_TIMEOUT_SECONDS)?;
        }
        if let Some(v) = &local.latency_ms {
            config.local.latency_ms = source.in_range("latency_ms", v, &LATENCY_MS)?;
        }
        if let Some(v) = &local.latency_jitter_ms {
            config.local.latency_jitter_ms = source.in_range("latency_jitter_ms", v, &LATENCY_MS)?;
        }
        if let Some(v) = &local.concurrency {
            config.local.concurrency = source.in_range("concurrency", v, &CONCURRENCY)?;
        }
        if let Some(pass) = local.pass_credentials {
            config.local.pass_credentials = pass;
        }
        let prices = &raw.prices;
        for (name, value, price) in [
            ("request", &prices.request, &mut config.prices.request),
            (
                "x86_64_gb_second",
                &prices.x86_64_gb_second,
                &mut config.prices.x86_64_gb_second,
            ),
            (
                "arm64_gb_second",
                &prices.arm64_gb_second,
                &mut config.prices.arm64_gb_second,
            ),
        ] {
            if let Some(value) = value {
                *price = source.in_range(name, value, &crate::cost::PRICE_USD)?;
            }
        }
        Ok(config)
    }

    /// The effective configuration as TOML, every action and role listed;
    /// loading it back gives the same configuration.
    pub fn to_toml(&self, origin: &str) -> String {
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        // The origin names paths: one line, no control characters, so that
        // nothing in it can end the comment.
        let origin = one_line(origin);
        let mut out = format!(
            "# lambda-console's effective configuration: {origin}.\n\
             # Key names: {KEY_NAME_HELP}.\n\
             # Binding an action replaces its default keys; [] leaves it unbound.\n\n\
             mouse = {}  # clicks and the wheel (--no-mouse: false)\n\n[keys]\n",
            self.mouse
        );
        for info in ACTIONS {
            let keys: Vec<String> = self
                .keys
                .keys(info.action)
                .iter()
                .map(|k| quote(&k.to_string()))
                .collect();
            out.push_str(&format!(
                "{} = [{}]  # {}: {}\n",
                info.name,
                keys.join(", "),
                info.scope.name(),
                info.help
            ));
        }
        let names: Vec<&str> = COLOUR_NAMES.iter().map(|(n, _)| *n).collect();
        out.push_str(&format!(
            "\n# Colours: {}, or \"#rrggbb\". NO_COLOR=1 turns colour off.\n[theme]\n",
            names.join(", ")
        ));
        for role in Role::ALL {
            out.push_str(&format!(
                "{} = {}  # {}\n",
                role.name(),
                quote(&colour_name(self.theme.colour(*role))),
                role.help()
            ));
        }
        let tail = &self.tail;
        out.push_str(&format!(
            "\n[tail]\npoll_interval_ms = {}  # between polls while lines come\n\
             idle_poll_interval_ms = {}  # between polls once quiet\n\
             buffer_lines = {}  # lines the logs pane keeps (--log-lines)\n\
             pause_after_idle_seconds = {}  # the tail pauses after no key this long (0: never)\n\
             live_tail = {}  # stream with CloudWatch Live Tail (billed by the minute) where served\n",
            tail.poll_interval_ms,
            tail.idle_poll_interval_ms,
            tail.buffer_lines,
            tail.pause_after_idle_seconds,
            tail.live_tail
        ));
        out.push_str(&format!(
            "\n[invoke]\ndefault_type = {}  # sync, event, dry, stream or url\n",
            quote(self.invoke.default_type.short_name())
        ));
        out.push_str(&format!(
            "\n[history]\nmax_invocations = {}  # invocations kept across runs, newest first (0 keeps none)\n\
             max_mb = {}  # and at most this many MB of payloads and bodies\n",
            self.history.max_invocations,
            self.history.max_bytes / (1024 * 1024)
        ));
        if self.profiles.is_empty() {
            out.push_str(
                "\n# [profiles.NAME]  # per AWS profile\n# protected = true  # every invoke asks first\n# colour = \"red\"  # the header's colour on it\n",
            );
        }
        for (name, profile) in &self.profiles {
            out.push_str(&format!(
                "\n[profiles.{}]\nprotected = {}\n",
                quote(name),
                profile.protected
            ));
            if let Some(colour) = profile.colour {
                out.push_str(&format!("colour = {}\n", quote(&colour_name(colour))));
            }
        }
        let local = &self.local;
        out.push_str("\n[local]\n");
        match local.functions.as_deref().map(|dir| (dir, dir.to_str())) {
            Some((_, Some(dir))) => out.push_str(&format!("functions = {}  # --functions\n", quote(dir))),
            Some((dir, None)) => out.push_str(&format!(
                "# functions: {} is not UTF-8 and cannot be written here; give it with --functions\n",
                one_line(&dir.to_string_lossy())
            )),
            None => out.push_str("# functions = \"DIR\"  # --functions (default: the shipped samples)\n"),
        }
        out.push_str(&format!(
            "port = {}  # serve-local --port\n\
             retry_delay_seconds = {:?}  # --retry-delay\n\
             idle_timeout_seconds = {}  # --idle-timeout\n\
             concurrency = {}  # --concurrency\n\
             pass_credentials = {}  # --pass-credentials: give functions your AWS credentials\n\
             latency_ms = {}  # --latency: added to every API answer (not the Runtime API)\n\
             latency_jitter_ms = {}  # --latency-jitter: up to this much more, at random\n",
            local.port,
            local.retry_delay_seconds,
            local.idle_timeout_seconds,
            local.concurrency,
            local.pass_credentials,
            local.latency_ms,
            local.latency_jitter_ms
        ));
        let prices = &self.prices;
        out.push_str(&format!(
            "\n# What a burst's cost estimate uses, in US dollars: the defaults are the\n\
             # public on-demand prices in us-east-1. Set your region's; the free tier\n\
             # and Savings Plans are not counted.\n[prices]\n\
             request = {:?}  # per request\n\
             x86_64_gb_second = {:?}  # per GB-second on x86_64\n\
             arm64_gb_second = {:?}  # per GB-second on arm64\n",
            prices.request, prices.x86_64_gb_second, prices.arm64_gb_second
        ));
        out
    }
}

/// serde's words for types, in the words of someone writing a config file.
fn plain_words(message: &str) -> String {
    let mut text = message.trim().to_string();
    for (rust, plain) in [
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected f64", "expected a number"),
        ("expected i64", "expected a whole number"),
    ] {
        text = text.replace(rust, plain);
    }
    text
}

#[cfg(test)]
mod tests;

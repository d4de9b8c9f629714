//! The config file: parsing, merging, printing back, and every error.

use super::*;
use ratatui::style::Color;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("/home/op/.config/lambda-console/config.toml"), text)
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn an_empty_file_is_the_defaults_and_settings_apply_over_them() {
    assert_eq!(parse("").unwrap(), Config::default());
    let config = parse(
        r##"
[keys]
invoke = "f5"
reload = ["Ctrl-G", "r"]

[theme]
focus = "#ff8800"
error = "LightRed"

[tail]
poll_interval_ms = 2000
buffer_lines = 500

[invoke]
default_type = "event"

[local]
functions = "/srv/functions"
port = 9100
retry_delay_seconds = 0.5
concurrency = 3
"##,
    )
    .unwrap();
    assert_eq!(config.keys.keys(Action::Invoke), [Key::parse("F5").unwrap()]);
    assert_eq!(config.keys.keys(Action::Reload).len(), 2);
    assert_eq!(config.keys.keys(Action::Quit), [Key::parse("q").unwrap()], "untouched");
    assert_eq!(config.theme.colour(Role::Focus), Color::Rgb(0xff, 0x88, 0));
    assert_eq!(config.theme.colour(Role::Error), Color::LightRed);
    assert_eq!(config.theme.colour(Role::Ok), Color::Green, "untouched");
    assert_eq!(config.tail.poll_interval_ms, 2000);
    assert_eq!(config.tail.idle_poll_interval_ms, 5000);
    assert_eq!(config.tail.buffer_lines, 500);
    assert_eq!(config.invoke.default_type, InvokeType::Event);
    assert_eq!(config.local.functions.as_deref(), Some(Path::new("/srv/functions")));
    assert_eq!(
        (
            config.local.port,
            config.local.retry_delay_seconds,
            config.local.concurrency
        ),
        (9100, 0.5, 3)
    );
}

#[test]
fn printed_configuration_loads_back_to_the_same() {
    let mut config = parse(
        r##"
[keys]
invoke = ["F5", "Ctrl-R"]
rerun = []
cancel = ["Esc", "\""]
[theme]
selection = "#102030"
[local]
functions = "/tmp/with \"quotes\" and \\ back"
[prices]
arm64_gb_second = 0.0000123
"##,
    )
    .unwrap();
    config.tail.buffer_lines = 1234;
    assert_eq!(config.prices.arm64_gb_second, 0.0000123);
    let printed = config.to_toml("defaults, then a test");
    assert_eq!(parse(&printed).unwrap(), config, "{printed}");
    for info in ACTIONS {
        assert!(
            printed.contains(&format!("\n{} = [", info.name)),
            "{} is listed",
            info.name
        );
    }
    assert_eq!(
        parse(&Config::default().to_toml("defaults")).unwrap(),
        Config::default()
    );
}

#[test]
fn unparsable_toml_names_the_line() {
    let message = error("[keys]\ninvoke = \"F5\"\nquit = \n");
    assert!(
        message.starts_with("/home/op/.config/lambda-console/config.toml, line 3: "),
        "{message}"
    );
}

#[test]
fn unknown_actions_keys_roles_and_sections_name_the_line_and_the_choices() {
    let message = error("\n[keys]\ninvok = \"F5\"\n");
    assert!(
        message.contains("line 3: ") && message.contains("unknown action `invok`"),
        "{message}"
    );
    assert!(message.contains("invoke, cycle_type"), "the choices: {message}");

    let message = error("[keys]\ninvoke = [\"F5\", \"Hyper-X\"]\n");
    assert!(
        message.contains("line 2: ") && message.contains("invoke: unknown key name `Hyper-X`"),
        "{message}"
    );
    assert!(message.contains("PageUp"), "the choices: {message}");

    let message = error("[theme]\nfocus = \"mauve\"\n");
    assert!(
        message.contains("line 2: ") && message.contains("focus: unknown colour `mauve`"),
        "{message}"
    );
    assert!(message.contains("#rrggbb"), "{message}");

    let message = error("[theme]\nborder = \"red\"\n");
    assert!(
        message.contains("line 2: ") && message.contains("unknown theme role `border`"),
        "{message}"
    );
    assert!(message.contains("selection"), "{message}");

    let message = error("[tail]\npoll_every = 3\n");
    assert!(
        message.contains("line 2: ") && message.contains("unknown field `poll_every`"),
        "{message}"
    );
    assert!(message.contains("poll_interval_ms"), "the choices: {message}");

    let message = error("[colours]\n");
    assert!(
        message.contains("line 1: ") && message.contains("unknown field `colours`"),
        "{message}"
    );

    let message = error("[invoke]\ndefault_type = \"async\"\n");
    assert!(
        message.contains("line 2: ")
            && message.contains("unknown invocation type `async`: use sync, event, dry, stream or url"),
        "{message}"
    );
}

#[test]
fn wrong_types_and_out_of_range_values_are_refused() {
    let message = error("[tail]\nbuffer_lines = \"many\"\n");
    assert!(
        message.contains("`buffer_lines = \"many\"`"),
        "the line is quoted: {message}"
    );
    assert!(message.contains("expected a whole number"), "{message}");
    assert!(
        message.contains("line 2: ") && message.contains("invalid type: string \"many\""),
        "{message}"
    );
    let message = error("[keys]\ninvoke = 5\n");
    assert!(
        message.contains("line 2:") && message.contains("a key name"),
        "{message}"
    );
    let message = error("[tail]\npoll_interval_ms = 5\n");
    assert!(
        message.contains("line 2: ") && message.contains("poll_interval_ms = 5 is out of range: use 100 to 60000"),
        "{message}"
    );
    let message = error("[local]\nport = 70000\n");
    assert!(message.contains("line 2:"), "{message}");
    let message = error("[local]\nretry_delay_seconds = -1.0\n");
    assert!(message.contains("out of range"), "{message}");
    let message = error("[prices]\n\nrequest = 2.0\n");
    assert!(
        message.contains("line 3:") && message.contains("request = 2 is out of range: use 0 to 1"),
        "a price a thousand times too high is refused: {message}"
    );
}

#[test]
fn one_key_for_two_live_actions_is_an_error_that_names_both() {
    let message = error("[keys]\ninvoke = \"F5\"\nreload = \"F5\"\n");
    assert!(
        message.contains("`F5` is bound to both `invoke` (line 2) and `reload` (line 3)"),
        "{message}"
    );
    assert!(message.contains("line 3:"), "{message}");
    let message = error("[keys]\nreload = \"q\"\n");
    assert!(
        message.contains("`reload` (line 2) and `quit` (its default keys)"),
        "{message}"
    );
    // The same key in panes that are never live together is fine.
    assert!(parse("[keys]\nrerun = \"s\"\n").is_ok());
}

#[test]
fn a_missing_file_is_the_defaults_unless_it_was_named() {
    let missing = Path::new("/nonexistent/lambda-console/config.toml");
    assert_eq!(Config::load(missing, false).unwrap(), Config::default());
    let message = Config::load(missing, true).unwrap_err().to_string();
    assert!(
        message.starts_with("/nonexistent/lambda-console/config.toml: cannot be read"),
        "{message}"
    );
}

#[test]
fn config_text_never_reaches_the_terminal_raw() {
    let message = error("[keys]\n\"\\u001b]0;PWN\\u0007\\u001b[2J\" = \"x\"\n");
    assert!(!message.contains('\u{1b}') && !message.contains('\u{7}'), "{message:?}");
    assert!(message.contains("␛]0;PWN␇␛[2J"), "{message}");
    let message = error("[invoke]\ndefault_type = \"sync\\u202e\"\n");
    assert!(message.contains("<U+202E>"), "{message}");
}

#[test]
fn odd_files_are_refused_without_reading_them_whole() {
    let dir = std::env::temp_dir().join(format!("lambda-console-config-odd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.toml");
    std::fs::write(&big, "#".repeat(2 * 1024 * 1024)).unwrap();
    assert!(
        Config::load(&big, true)
            .unwrap_err()
            .to_string()
            .contains("is over 1024 KB")
    );
    assert!(
        Config::load(&dir, true)
            .unwrap_err()
            .to_string()
            .contains("not a regular file")
    );
    let many = dir.join("many.toml");
    let keys: Vec<String> = (1..=20).map(|n| format!("\"F{n}\"")).collect();
    std::fs::write(&many, format!("[keys]\ninvoke = [{}]\n", keys.join(", "))).unwrap();
    assert!(
        Config::load(&many, true)
            .unwrap_err()
            .to_string()
            .contains("at most 16 keys")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_maps_that_trap_the_user_are_refused() {
    let message = error("[keys]\ncancel = []\n");
    assert!(
        message.contains("line 2: ") && message.contains("`cancel` (line 2) needs a key that types nothing"),
        "{message}"
    );
    let message = error("[keys]\nreload = \"Backspace\"\n");
    assert!(
        message.contains("`Backspace` edits text in the payload editor"),
        "{message}"
    );
    let message = error("[keys]\nquit = []\nforce_quit = []\n");
    assert!(message.contains("nothing would end the console"), "{message}");
}

#[test]
fn an_odd_origin_cannot_break_the_printed_configuration() {
    let printed =
        Config::default().to_toml("defaults, then /tmp/x\n[invoke]\ndefault_type = \"event\"\n#\u{1b}, then flags");
    assert_eq!(parse(&printed).unwrap(), Config::default(), "{printed}");
    assert!(!printed.contains('\u{1b}'));
}

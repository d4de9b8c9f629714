//! The real binary in a real pseudo-terminal, against moto or `serve-local`,
//! its screen parsed. Over 500 lines: the console's paths end to end; what
//! a big account over a slow link needs is in `big_account`.

mod big_account;
mod bursts;
mod function_urls;
mod portable;
mod streaming;
#[path = "../support/mod.rs"]
mod support;

use std::time::Duration;

use support::pty::Console;
use support::serve_local::ServeLocal as Server;
use support::*;

const CTRL_R: &str = "\x12";

fn aws_env() -> Vec<(&'static str, &'static str)> {
    vec![("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test")]
}

#[tokio::test(flavor = "multi_thread")]
async fn filter_edit_invoke_and_read_the_echo_on_screen() {
    let url = moto().url.clone();
    let client = lambda_client(&url).await;
    let target = unique("pty-target");
    for name in [unique("pty-other"), target.clone(), unique("pty-third")] {
        create_function(&client, &name).await;
    }
    let mut console = Console::start(&["--region", REGION, "--endpoint-url", &url], &aws_env());
    console.wait_for(&target);
    let header = console.screen();
    assert!(header.contains("region us-east-1"), "{header}");
    assert!(header.contains(&format!("endpoint {url}")), "{header}");

    console.send("/");
    console.type_text(&target);
    console.wait_for("Functions 1/");
    console.send("\r");
    console.send("\r");
    console.wait_until("the editor to take focus", Duration::from_secs(10), |s| {
        s.contains("Ctrl-R invoke · Ctrl-F format")
    });
    console.type_text(r#"{"ping": "pty-42", "q": 1}"#);
    console.wait_for("✔ valid JSON");
    console.send(CTRL_R);
    let screen = console.wait_for("HTTP 200");
    assert!(screen.contains("succeeded"), "{screen}");
    // The echo, pretty-printed in the response pane (the editor holds it on one line).
    assert!(screen.contains(r#"│  "ping": "pty-42","#), "{screen}");
    assert!(screen.contains(&format!("{target}:$LATEST")), "{screen}");

    // Esc leaves the editor, then q quits and the terminal is given back.
    console.send_esc();
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    assert!(!console.in_alternate_screen(), "the alternate screen was left");
    let raw = String::from_utf8_lossy(&console.raw_output()).into_owned();
    assert!(raw.contains("\x1b[?2026h"), "frames are drawn as synchronized updates");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_payload_is_refused_on_screen_and_kept() {
    let url = moto().url.clone();
    let client = lambda_client(&url).await;
    let target = unique("pty-invalid");
    create_function(&client, &target).await;
    let mut console = Console::start(&["--region", REGION, "--endpoint-url", &url], &aws_env());
    console.wait_for(&target);
    console.send("2");
    console.type_text("{\r  \"a\": 1,,\r}");
    console.wait_for("invalid JSON at line 2");
    console.send(CTRL_R);
    let screen = console.wait_for("Not sent:");
    assert!(screen.contains("No response yet"), "{screen}");
    assert!(screen.contains("\"a\": 1,,"), "the draft is kept: {screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    assert!(!console.in_alternate_screen());
}

#[test]
fn missing_region_and_credentials_are_explained_not_fatal() {
    let mut console = Console::start(&[], &[]);
    console.wait_for("No AWS region is set");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start(&["--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9"], &[]);
    let screen = console.wait_until("the credentials message", Duration::from_secs(30), |s| {
        s.contains("No usable AWS credentials") || s.contains("Timed out looking")
    });
    assert!(screen.contains("aws sso login"), "{screen}");
    assert!(screen.contains("region eu-west-1"), "{screen}");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn the_console_runs_a_real_function_on_the_embedded_endpoint() {
    let mut console = Console::start(&["--local"], &[]);
    let screen = console.wait_for("Functions 7/7");
    assert!(screen.contains("profile none (local endpoint)"), "{screen}");
    assert!(screen.contains("endpoint http://127.0.0.1:"), "{screen}");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("\r");
    console.wait_until("the editor to take focus", Duration::from_secs(10), |s| {
        s.contains("Ctrl-R invoke · Ctrl-F format")
    });
    console.type_text(r#"{"from": "pty", "n": 42}"#);
    console.send(CTRL_R);
    let screen = console.wait_for("Billed");
    assert!(screen.contains(r#"│  "from": "pty","#), "{screen}");
    assert!(
        screen.contains("Init "),
        "a cold start reports its init duration: {screen}"
    );
    assert!(screen.contains("START RequestId: "), "the log tail is shown: {screen}");
    assert!(
        screen.contains("echo: 24 bytes for"),
        "the function's own output: {screen}"
    );
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn an_async_invocation_is_followed_to_its_end_on_screen() {
    let mut console = Console::start(&["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("flaky");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("\r");
    console.wait_until("the editor to take focus", Duration::from_secs(10), |s| {
        s.contains("Ctrl-R invoke · Ctrl-F format")
    });
    console.type_text(r#"{"fail": true}"#);
    console.send_esc();
    console.send("t");
    console.wait_until("Event selected", Duration::from_secs(5), |s| {
        s.contains("▶ flaky @ $LATEST")
    });
    console.send("i");
    let screen = console.wait_for("Accepted (202)");
    assert!(screen.contains("followed in /aws/lambda/flaky"), "{screen}");
    // One attempt and two retries, one and two seconds apart on the local endpoint.
    let screen = console.wait_until("the final state", Duration::from_secs(30), |s| {
        s.contains("failed after 3")
    });
    assert!(screen.contains("FlakyError"), "the failure's reason: {screen}");
    assert!(
        screen.contains("on failure arn:aws:sqs"),
        "the destination from its config: {screen}"
    );
    console.send("4");
    console.wait_for("SENT UTC");
    console.send("l");
    console.wait_for("search ");
    // The pane's poller starts now: its lines follow within a poll.
    console.wait_for("START RequestId");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_draft_survives_a_restart() {
    let home = std::env::temp_dir().join(format!("lambda-console-drafts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let open_echo = |console: &mut Console| {
        console.wait_for("Functions 7/7");
        console.send("/");
        console.type_text("echo");
        console.wait_for("Functions 1/7");
        console.send("\r");
    };
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    open_echo(&mut console);
    console.send("2");
    console.type_text(r#"{"kept": "across runs"}"#);
    console.wait_for("✔ valid JSON");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    open_echo(&mut console);
    let screen = console.wait_for(r#"{"kept": "across runs"}"#);
    assert!(screen.contains("✔ valid JSON"), "{screen}");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// A config file of its own for one test.
fn config_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lambda-console-config-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_key_rebound_in_the_config_file_invokes_and_shows_in_the_help() {
    let config = config_file("f5", "[keys]\ninvoke = \"F5\"\n");
    let mut console = Console::start(&["--local", "--config", config.to_str().unwrap()], &[]);
    console.wait_for("Functions 7/7");
    let screen = console.screen();
    assert!(
        screen.contains("F5 invoke"),
        "the invoke bar names the new key: {screen}"
    );
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("2");
    console.type_text(r#"{"via": "f5"}"#);
    console.wait_for("✔ valid JSON");
    // Ctrl-R no longer invokes: binding an action replaces its default keys.
    console.send(CTRL_R);
    std::thread::sleep(Duration::from_millis(300));
    assert!(console.screen().contains("No response yet"), "{}", console.screen());
    console.send("\x1b[15~");
    let screen = console.wait_for("Billed");
    assert!(screen.contains(r#"│  "via": "f5""#), "{screen}");
    console.send_esc();
    console.send("?");
    let screen = console.wait_for("invoke the selected function with the payload");
    let (row, _) = console.position_of("invoke the selected function").unwrap();
    let help_row = screen.lines().nth(row as usize).unwrap();
    assert!(help_row.contains("F5") && help_row.contains("invoke"), "{help_row}");
    assert!(!help_row.contains("Ctrl-R"), "{help_row}");
    console.send("q");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// SGR parameters that set a colour (not those that reset one to the default).
fn colour_sequences(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for (start, _) in text.match_indices("\x1b[") {
        let rest = &text[start + 2..];
        let Some(end) = rest.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':')) else {
            continue;
        };
        if !rest[end..].starts_with('m') {
            continue;
        }
        let colour = rest[..end]
            .split([';', ':'])
            .any(|p| matches!(p.parse::<u32>(), Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)));
        if colour {
            found.push(rest[..=end].to_string());
        }
    }
    found
}

#[test]
fn no_color_means_no_colour_and_the_selection_still_shows() {
    // In colour, the selection and the focus are coloured: the check below can fail.
    let mut console = Console::start(&["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    assert!(
        !colour_sequences(&console.raw_output()).is_empty(),
        "colour without NO_COLOR"
    );

    let mut console = Console::start(&["--local"], &[("NO_COLOR", "1")]);
    console.wait_for("Functions 7/7");
    console.send("j");
    std::thread::sleep(Duration::from_millis(300));
    let screen = console.screen();
    let selected = screen
        .lines()
        .find_map(|line| line.strip_prefix(" ▶ "))
        .and_then(|rest| rest.split(" @ ").next())
        .expect("the invoke bar names the selected function")
        .to_string();
    // The list (focused: a thick border) starts at column 0.
    let in_list = |needle: &str| {
        console
            .positions_of(needle)
            .into_iter()
            .find(|&(_, column)| column == 0)
    };
    let (row, _) = in_list(&format!("┃{selected} ")).unwrap_or_else(|| panic!("{selected} in the list: {screen}"));
    assert!(
        console.attributes_at(row, 1).0,
        "the selected row is reversed: {screen}"
    );
    let (first_row, _) = in_list("┃chatty ").unwrap();
    assert_ne!(first_row, row, "j moved the cursor off the first row");
    assert!(!console.attributes_at(first_row, 1).0, "other rows are not reversed");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    let colours = colour_sequences(&console.raw_output());
    assert!(colours.is_empty(), "colour sequences with NO_COLOR: {colours:?}");
}

#[test]
fn a_bad_config_file_is_explained_before_the_terminal_is_touched() {
    let config = config_file("bad", "[keys]\ninvoke = \"F5\"\n\n[theme]\nfocus = \"mauve\"\n");
    let mut console = Console::start(&["--config", config.to_str().unwrap()], &[]);
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 2);
    let raw = String::from_utf8_lossy(&console.raw_output()).into_owned();
    assert!(
        raw.contains("line 5: ") && raw.contains("focus: unknown colour `mauve`"),
        "{raw}"
    );
    assert!(raw.contains(config.to_str().unwrap()), "the file is named: {raw}");
    assert!(
        !raw.contains("\x1b[?1049h"),
        "the alternate screen was never entered: {raw}"
    );
}

/// Picks echo among the five sample functions and types `draft` in its editor.
fn type_for_echo(console: &mut Console, draft: &str) {
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("2");
    console.type_text(draft);
    console.wait_for(draft);
}

/// Starts `--local` with HOME at `home`, opens echo's editor and types `draft`.
fn type_a_draft(home: &std::path::Path, draft: &str) -> Console {
    let mut console = Console::start_in(Some(home), &["--local"], &[]);
    type_for_echo(&mut console, draft);
    console
}

/// The draft of echo, as a fresh console shows it.
fn draft_after_restart(home: &std::path::Path, draft: &str) -> String {
    let mut console = Console::start_in(Some(home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    let screen = console.wait_until("echo's draft", Duration::from_secs(10), |s| s.contains(draft));
    console.send("\x03");
    console.wait_exit(Duration::from_secs(10));
    screen
}

fn fresh_home(name: &str) -> std::path::PathBuf {
    let home = std::env::temp_dir().join(format!("lambda-console-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    home
}

#[test]
fn a_dropped_ssh_session_keeps_the_draft() {
    let home = fresh_home("hangup");
    let mut console = type_a_draft(&home, r#"{"typed": "just before the link dropped"}"#);
    console.hang_up();
    let code = console.wait_exit(Duration::from_secs(10));
    assert_ne!(code, 134, "no abort from a second panic");
    // A terminal that is gone is no crash: nothing printed to it panics.
    let data = home.join(".local/share/lambda-console");
    let crashes: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .collect();
    assert!(crashes.is_empty(), "exit {code}, crash reports: {crashes:?}");
    draft_after_restart(&home, r#"{"typed": "just before the link dropped"}"#);
}

#[test]
fn sigterm_keeps_the_draft_and_gives_the_terminal_back() {
    let home = fresh_home("sigterm");
    let mut console = type_a_draft(&home, r#"{"typed": "before a kill"}"#);
    console.signal(libc::SIGTERM);
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    assert!(!console.in_alternate_screen());
    draft_after_restart(&home, r#"{"typed": "before a kill"}"#);
}

#[test]
fn drafts_are_saved_while_typing_so_a_killed_console_loses_little() {
    let home = fresh_home("sigkill");
    let console = type_a_draft(&home, r#"{"typed": "then nothing for a while"}"#);
    // The autosave comes two seconds after the last change.
    std::thread::sleep(Duration::from_secs(4));
    console.signal(libc::SIGKILL);
    draft_after_restart(&home, r#"{"typed": "then nothing for a while"}"#);
}

#[test]
fn a_damaged_database_is_moved_aside_said_so_and_replaced() {
    let home = fresh_home("damaged-db");
    let data = home.join(".local/share/lambda-console");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("lambda-console.db"), "not a database at all").unwrap();
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    let screen = console.wait_for("Database damaged");
    assert!(screen.contains("moved to"), "{screen}");
    console.send("q");
    console.wait_exit(Duration::from_secs(10));
    let mut console = type_a_draft(&home, r#"{"after": "the damage"}"#);
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    draft_after_restart(&home, r#"{"after": "the damage"}"#);
    let aside = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .expect("the damaged file is kept");
    assert_eq!(std::fs::read_to_string(aside.path()).unwrap(), "not a database at all");
}

#[test]
fn a_panic_in_the_embedded_endpoint_ends_that_request_not_the_console() {
    let mut console = Console::start(&["--local"], &[]);
    let screen = console.wait_for("Functions 7/7");
    let url = screen
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .expect("the header names the endpoint")
        .to_string();
    let (status, body) =
        support::local::raw_http(&url, "POST /local/panic", &[], b"").expect("an answer, not a hang-up");
    assert_eq!(status, 500, "{}", String::from_utf8_lossy(&body));
    assert!(console.in_alternate_screen(), "the terminal was not given back");
    // The console is still here and the endpoint still works.
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("i");
    console.wait_for("HTTP 200");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn local_samples_and_the_log_are_the_users_own() {
    use std::os::unix::fs::PermissionsExt;
    let home = fresh_home("private-files");
    let mut console = Console::start_in(Some(&home), &["--local"], &[("LAMBDA_CONSOLE_LOG", "info")]);
    console.wait_for("Functions 7/7");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    let data = home.join(".local/share/lambda-console");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode(&data.join("functions")),
        0o700,
        "the samples run from a folder of the user's own"
    );
    assert!(data.join("functions/echo/bootstrap").exists());
    assert_eq!(mode(&data.join("lambda-console.log")), 0o600);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_console_back() {
    let home = fresh_home("suspend");
    let mut shell = Console::start_shell(&home);
    shell.wait_for("shell$");
    shell.type_text("\"$CONSOLE\" --local\r");
    shell.wait_for("Functions 7/7");
    shell.send("2");
    shell.type_text(r#"{"kept": "over a suspend"}"#);
    shell.wait_for(r#"{"kept": "over a suspend"}"#);
    shell.send("\x1a");
    let screen = shell.wait_for("Stopped");
    assert!(!shell.in_alternate_screen(), "the terminal was given back: {screen}");
    shell.type_text("fg\r");
    let screen = shell.wait_for("Functions 7/7");
    assert!(shell.in_alternate_screen());
    assert!(
        screen.contains(r#"{"kept": "over a suspend"}"#),
        "redrawn whole: {screen}"
    );
    shell.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    shell.send("q");
    shell.wait_for("shell$");
    shell.type_text("exit\r");
    assert_eq!(shell.wait_exit(Duration::from_secs(10)), 0);
}

/// The samples listed, the filter narrowed to `name`, its row selected.
fn filter_to_sample(console: &mut Console, name: &str) {
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text(name);
    console.wait_for("Functions 1/7");
    console.send("\r");
}

/// A port nothing listens on yet, and its URL.
fn free_port() -> (u16, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    (port, format!("http://127.0.0.1:{port}"))
}

/// The console on an endpoint given by URL, as on any AWS-compatible one.
fn console_on(home: &std::path::Path, url: &str) -> Console {
    let mut env = aws_env();
    env.push(("AWS_REGION", "us-east-1"));
    Console::start_in(Some(home), &["--endpoint-url", url], &env)
}

#[test]
fn an_endpoint_down_at_start_and_gone_mid_call_is_explained_and_nothing_is_sent_twice() {
    let home = fresh_home("faults");
    let (port, url) = free_port();
    let mut console = console_on(&home, &url);
    let screen = console.wait_for("Could not list functions");
    assert!(
        screen.contains("unreachable") || screen.contains("Timed out"),
        "{screen}"
    );
    // The endpoint comes up: r lists again.
    let server = Server::start(port, &home, &[]);
    console.send("r");
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("slow");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("2");
    console.type_text(r#"{"seconds": 4}"#);
    console.send(CTRL_R);
    console.wait_for("in flight");
    // The endpoint dies with the call running.
    drop(server);
    let screen = console.wait_until("the call to fail", Duration::from_secs(20), |s| {
        s.contains("call failed")
    });
    assert!(screen.contains("nothing was retried"), "{screen}");
    assert!(screen.contains(r#"{"seconds": 4}"#), "the payload is kept: {screen}");
    assert_rows_sent(&mut console, "slow:$LATEST", 1);
}

/// Leaves the editor, opens the invocations pane and checks that `target`
/// was sent `times` times, then quits.
fn assert_rows_sent(console: &mut Console, target: &str, times: usize) {
    console.send_esc();
    console.send("4");
    let screen = console.wait_for("SENT UTC");
    assert_eq!(
        screen.matches(target).count(),
        times,
        "sent once each, never retried: {screen}"
    );
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// Asks the endpoint (a debug build) to answer the next API call with an error.
fn queue_fault(url: &str, status: u16, kind: &str, message: &str) {
    let body = format!(r#"{{"status": {status}, "type": "{kind}", "message": "{message}"}}"#);
    let answer = support::local::raw_http(url, "POST /local/fault", &[], body.as_bytes());
    assert_eq!(answer.map(|(status, _)| status), Some(204), "the fault is queued");
}

#[test]
fn expired_credentials_and_a_service_error_are_explained_and_the_console_goes_on() {
    let home = fresh_home("service-faults");
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &[]);
    let mut console = console_on(&home, &url);
    type_for_echo(&mut console, r#"{"kept": true}"#);
    // Details loaded and nothing else asking: the fault goes to the invoke.
    console.wait_for("aliases live→1");
    std::thread::sleep(Duration::from_millis(300));

    queue_fault(
        &url,
        403,
        "ExpiredTokenException",
        "The security token included in the request is expired",
    );
    console.send(CTRL_R);
    let screen = console.wait_for("ExpiredTokenException");
    assert!(screen.contains("aws sso login"), "the way out is named: {screen}");
    assert!(screen.contains(r#"{"kept": true}"#), "the payload is kept: {screen}");

    // One 500 is queued: had the console retried, the second try would have
    // succeeded and no error would show.
    queue_fault(&url, 500, "ServiceException", "Lambda failed on this one");
    console.send(CTRL_R);
    let screen = console.wait_for("Lambda failed on this one");
    assert!(screen.contains(r#"{"kept": true}"#), "the payload is kept: {screen}");

    // The service is back: the same payload goes, and the function answers.
    console.send(CTRL_R);
    let screen = console.wait_for("HTTP 200");
    assert!(screen.contains(r#""kept": true"#), "the echo came back: {screen}");
    assert_rows_sent(&mut console, "echo:$LATEST", 3);
}

#[test]
fn a_paste_that_is_not_utf8_or_full_of_escapes_loses_nothing_and_breaks_nothing() {
    let mut console = Console::start(&["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("2");
    console.type_text(r#"{"typed": 1}"#);
    console.wait_for(r#"{"typed": 1}"#);
    console.send_bytes(b"\x1b[200~\xff\xfe \x1b]0;owned\x07 \xe2\x80\xae end-of-paste\x1b[201~");
    let screen = console.wait_for("end-of-paste");
    assert!(screen.contains(r#"{"typed": 1}"#), "what was typed stays: {screen}");
    assert!(!screen.contains("owned\u{7}"), "{screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn serve_local_ends_what_its_functions_started_when_it_is_terminated() {
    let home = fresh_home("serve-term");
    let functions = home.join("functions");
    support::local::write_samples(&functions);
    let dir = functions.join("spawner");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("function.toml"), "name = \"spawner\"\n").unwrap();
    // A background child that outlives its bootstrap unless its group ends.
    std::fs::write(
        dir.join("bootstrap"),
        "#!/bin/sh\nsleep 600 &\necho $! > \"$LAMBDA_TASK_ROOT/child.pid\"\nexec \"$LAMBDA_TASK_ROOT/../echo/bootstrap\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("bootstrap"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Server::start(port, &home, &["--functions", functions.to_str().unwrap()]);
    let url = format!("http://127.0.0.1:{port}");
    let (status, _) =
        support::local::raw_http(&url, "POST /2015-03-31/functions/spawner/invocations", &[], b"{}").unwrap();
    assert_eq!(status, 200);
    let child = std::fs::read_to_string(dir.join("child.pid")).unwrap();
    let alive = |pid: &str| std::path::Path::new(&format!("/proc/{}", pid.trim())).exists();
    assert!(alive(&child), "the background child runs");
    // SAFETY: kill(2) on the server we started.
    unsafe { libc::kill(server.0.id() as i32, libc::SIGTERM) };
    let gone = (0..60).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        !alive(&child)
    });
    assert!(gone, "the function's child {child} outlived serve-local");
}

/// The sample functions, in the order the list shows them.
const SAMPLES: [&str; 7] = ["chatty", "crash", "echo", "flaky", "slow", "streamer", "web-api"];

#[test]
fn a_draft_stays_with_its_function_and_is_never_shown_or_sent_for_another() {
    let home = fresh_home("draft-owner");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    let screen = console.wait_until("every sample listed", Duration::from_secs(30), |s| {
        s.contains("Functions 7/7") && SAMPLES.iter().all(|name| s.contains(&format!("{name} ")))
    });
    let rows: Vec<_> = SAMPLES
        .iter()
        .map(|name| console.position_of(name).unwrap().0)
        .collect();
    assert!(rows.is_sorted(), "the samples are listed by name: {screen}");
    console.send("\r");
    console.type_text(r#"{"written": "for chatty"}"#);
    console.wait_for("for chatty");
    console.send_esc();
    console.send("j");
    let screen = console.wait_for("Payload for crash");
    assert!(!screen.contains("for chatty"), "crash has no draft: {screen}");
    console.send("i");
    console.wait_for("function error crash");
    // The request sent is at the end of the response.
    console.send("3");
    console.send("G");
    let screen = console.wait_for("Request (0 bytes)");
    assert!(
        !screen.contains("for chatty"),
        "nothing of chatty's went to crash: {screen}"
    );
    console.send("1");
    console.send("k");
    let screen = console.wait_for("Payload for chatty");
    assert!(screen.contains(r#"{"written": "for chatty"}"#), "{screen}");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn e_on_another_functions_invocation_switches_the_header_to_that_function() {
    let home = fresh_home("edit-other");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    type_for_echo(&mut console, r#"{"sent": "to echo"}"#);
    console.send(CTRL_R);
    console.wait_for("HTTP 200");
    console.send_esc();
    console.send("1");
    console.send_esc();
    console.wait_for("Functions 7/7");
    console.send("G");
    console.wait_for("▶ web-api @ $LATEST");
    console.send("4");
    console.send("e");
    let screen = console.wait_for("▶ echo @ $LATEST");
    assert!(screen.contains("Payload for echo"), "{screen}");
    assert!(screen.contains(r#"{"sent": "to echo"}"#), "{screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn q_with_a_call_in_flight_asks_first() {
    let home = fresh_home("quit-asks");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    // slow is the last but two.
    console.send("Gkk");
    console.wait_for("▶ slow @ $LATEST");
    console.send("\r");
    console.type_text(r#"{"seconds": 4}"#);
    console.send(CTRL_R);
    console.wait_for("in flight");
    console.send_esc();
    console.send("q");
    console.wait_for("1 call is in flight: quit and lose its answer?");
    console.send("n");
    let screen = console.wait_for("Not quitting");
    assert!(screen.contains("in flight"), "the call goes on: {screen}");
    console.send("q");
    console.wait_for("quit and lose its answer?");
    console.send("y");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn the_function_type_and_logs_range_chosen_come_back_after_a_restart() {
    let home = fresh_home("remembered");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("j");
    console.send("j");
    console.send("j");
    console.wait_for("▶ flaky @ $LATEST");
    console.send("t");
    console.send("5");
    console.send("T");
    console.wait_for("last hour");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    let screen = console.wait_for("▶ flaky @ $LATEST");
    // The chosen type is drawn filled: its cells differ from the others'.
    let event = console.position_of(" Event ").expect("the type bar");
    let sync = console.position_of(" RequestResponse ").expect("the type bar");
    let filled = |(row, column): (u16, u16)| console.attributes_at(row, column + 1);
    assert_ne!(filled(event), filled(sync), "Event is the chosen type: {screen}");
    console.send("5");
    console.wait_for("last hour");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// A terminal that does not bracket pastes sends each character as a key:
/// all of it must arrive (crossterm's edge-triggered reader once left the
/// end unread until the next key) and go in without a frame per key.
#[test]
fn a_paste_sent_as_keys_arrives_whole() {
    let home = fresh_home("unbracketed");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    type_for_echo(&mut console, "");
    let payload = format!(r#"{{"a": "{}"}}"#, "b".repeat(20_000));
    console.send(&payload);
    let screen = console.wait_for("Payload for echo ✔ valid JSON");
    assert!(screen.contains("bbbb"), "{screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// A payload saved under a name is there after a restart, in the picker,
/// and loads into the editor; another function's picker does not list it.
#[test]
fn a_saved_event_comes_back_after_a_restart_and_loads_into_the_editor() {
    let home = fresh_home("saved-events");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    type_for_echo(&mut console, r#"{"saved": "for later"}"#);
    console.send_esc();
    console.send("S");
    console.wait_for("save echo's payload as");
    console.type_text("later");
    console.send("\r");
    console.wait_for("Saved echo's event later");
    console.send("2");
    console.send("\x0c");
    console.wait_for("Cleared");
    console.send_esc();
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("E");
    console.wait_for("Events for echo");
    let screen = console.wait_for("  later");
    assert!(screen.contains("\"saved\": \"for later\""), "previewed: {screen}");
    console.type_text("lat");
    console.send("\r");
    let screen = console.wait_for("Loaded the saved event later");
    assert!(screen.contains(r#"{"saved": "for later"}"#), "{screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// Writes an executable script into `home` and returns its path.
fn script(home: &std::path::Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = home.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

/// Ctrl-O hands the terminal to $EDITOR: the editor reads what the user
/// types (the console takes none of it), and what it writes is loaded,
/// undoably; an editor that fails keeps the payload.
#[test]
fn the_users_editor_gets_the_keys_and_its_result_is_loaded_undoably() {
    let home = fresh_home("editor");
    // An editor that reads a line from the terminal and writes it into the file.
    let editor = script(
        &home,
        "editor.sh",
        r#"grep -q '"n": 1' "$1" || exit 9
printf 'word? '
read word < /dev/tty
printf '{"typed": "%s"}\n' "$word" > "$1""#,
    );
    let mut console = Console::start_in(
        Some(&home),
        &["--local"],
        &[("EDITOR", editor.as_str()), ("VISUAL", "")],
    );
    type_for_echo(&mut console, r#"{"n": 1}"#);
    console.send("\x0f");
    console.wait_for("word?");
    console.type_text("hello");
    console.send("\r");
    let screen = console.wait_for("Loaded from the editor");
    assert!(screen.contains(r#"{"typed": "hello"}"#), "{screen}");
    console.send("\x15");
    console.send("\x15");
    console.wait_for(r#"{"n": 1}"#);
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let failing = script(&home, "failing.sh", "echo '[]' > \"$1\"; exit 3");
    let mut console = Console::start_in(
        Some(&home),
        &["--local"],
        &[("EDITOR", failing.as_str()), ("VISUAL", "")],
    );
    type_for_echo(&mut console, "");
    console.send_esc();
    console.send("o");
    let screen = console.wait_for("The payload was kept as it was");
    assert!(screen.contains("exited with status 3"), "{screen}");
    assert!(screen.contains(r#"{"n": 1}"#), "the draft stays: {screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// `y` copies with OSC 52: the sequence the terminal gets holds exactly the
/// bytes of the body, the payload and the request id.
#[test]
fn y_copies_the_body_the_payload_and_the_request_id_through_the_terminal() {
    use base64::Engine;
    let osc52 = |bytes: &[u8]| {
        format!(
            "\x1b]52;c;{}\x07",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    };
    let count = |raw: &[u8], needle: &str| raw.windows(needle.len()).filter(|w| *w == needle.as_bytes()).count();
    let home = fresh_home("osc52");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    let payload = r#"{"copy": "me"}"#;
    type_for_echo(&mut console, payload);
    console.send(CTRL_R);
    console.wait_for("Billed");
    console.send_esc();
    console.send("3");
    console.send("y");
    console.wait_for("Copied the response body (14 bytes)");
    console.send("1");
    console.send("y");
    console.wait_for("Copied the payload (14 bytes)");
    assert_eq!(count(&console.raw_output(), &osc52(payload.as_bytes())), 2);
    console.send("4");
    console.send("y");
    let screen = console.wait_for("Copied request id ");
    let id = screen
        .split("Copied request id ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 36, "{screen}");
    assert_eq!(count(&console.raw_output(), &osc52(id.as_bytes())), 1);
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// What was invoked in one run is in the Invocations pane of the next,
/// marked as earlier, with its response.
#[test]
fn the_invocation_history_survives_a_restart() {
    let home = fresh_home("history");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    type_for_echo(&mut console, r#"{"kept": "across runs"}"#);
    console.send(CTRL_R);
    console.wait_for("Billed");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    console.send("4");
    let screen = console.wait_for("0 sent · 1 from earlier runs");
    assert!(screen.contains("echo:$LATEST"), "{screen}");
    assert!(screen.contains(" ms "), "the figures come back: {screen}");
    console.send("\r");
    let screen = console.wait_for("HTTP 200");
    assert!(
        screen.contains("Billed") && screen.contains(r#""kept": "across runs""#),
        "{screen}"
    );
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// Tab in the save prompt shares the event through the Schemas API (here
/// the embedded endpoint's); the picker lists it under shareable events.
#[test]
fn a_shareable_event_is_saved_through_the_schemas_api_and_listed_apart() {
    let home = fresh_home("shared-events");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    type_for_echo(&mut console, r#"{"for": "the team"}"#);
    console.send_esc();
    console.send("S");
    console.wait_for("save echo's payload as a private event (Tab: shareable)");
    console.send("\t");
    console.wait_for("save echo's payload as a shareable event (Tab: private)");
    console.type_text("team-event");
    console.send("\r");
    console.wait_for("Saved echo's shareable event team-event");
    console.send("E");
    let screen = console.wait_for("  team-event");
    let shared_heading = screen.find("Shareable events").expect("the group");
    let listed = screen.find("  team-event").unwrap();
    let templates = screen.find("Templates").unwrap();
    assert!(shared_heading < listed && listed < templates, "{screen}");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// On a profile the config marks protected, the header says so and every
/// invoke asks first, naming the function, qualifier and account.
#[tokio::test(flavor = "multi_thread")]
async fn a_protected_profile_asks_before_every_invoke() {
    let url = moto().url.clone();
    let target = unique("pty-protected");
    create_function(&lambda_client(&url).await, &target).await;
    let home = fresh_home("protected");
    let aws_config = home.join("aws-config");
    std::fs::write(
        &aws_config,
        format!("[profile prod]\nregion = {REGION}\nendpoint_url = {url}\naws_access_key_id = test\naws_secret_access_key = test\n"),
    )
    .unwrap();
    let config = config_file("protected", "[profiles.prod]\nprotected = true\ncolour = \"magenta\"\n");
    let aws_config = aws_config.to_string_lossy().into_owned();
    let mut console = Console::start_in(
        Some(&home),
        &["--profile", "prod", "--config", &config.to_string_lossy()],
        &[("AWS_CONFIG_FILE", aws_config.as_str())],
    );
    let screen = console.wait_for("account 123456789012");
    assert!(screen.contains("prod PROTECTED"), "{screen}");
    console.send("/");
    console.type_text(&target);
    console.wait_for("Functions 1/");
    console.send("\r");
    console.send("\r");
    console.type_text("{}");
    // Typed ahead in one burst, the y cannot answer a question not yet shown.
    console.send("\x12y");
    let screen = console.wait_for("PROTECTED prod, account 123456789012: invoke");
    std::thread::sleep(Duration::from_millis(300));
    assert!(console.screen().contains("y yes"), "still asking: {}", console.screen());
    assert!(screen.contains(&format!("invoke {target}:$LATEST (sync)?")), "{screen}");
    console.send("n");
    console.wait_for("Not sent");
    console.send(CTRL_R);
    console.wait_for("PROTECTED prod, account");
    console.send("y");
    console.wait_for("HTTP 200");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// A click on a function's row selects it (the terminal sends SGR mouse
/// reports once the console asks for them); `--no-mouse` never asks.
#[test]
fn a_click_on_a_function_selects_it_and_no_mouse_leaves_the_mouse_alone() {
    let home = fresh_home("mouse");
    let mut console = Console::start_in(Some(&home), &["--local"], &[]);
    console.wait_for("Functions 7/7");
    // The title and the rows come in one frame, but the screen may be read
    // in the middle of it.
    console.wait_for("flaky ");
    let (row, column) = console.position_of("flaky ").expect("flaky is listed");
    // SGR reports count from 1.
    console.send(&format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        column + 2,
        row + 1,
        column + 2,
        row + 1
    ));
    console.wait_for("▶ flaky @ $LATEST");
    assert!(String::from_utf8_lossy(&console.raw_output()).contains("\x1b[?1000h"));
    // Malformed reports (column or row 0) are no reason to stop.
    console.send("\x1b[<0;0;5M\x1b[<0;5;0M\x1b[96;0;0M");
    console.send("j");
    console.wait_for("▶ slow @ $LATEST");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);

    let mut console = Console::start_in(Some(&home), &["--local", "--no-mouse"], &[]);
    console.wait_for("Functions 7/7");
    console.send("\x03");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    assert!(
        !String::from_utf8_lossy(&console.raw_output()).contains("\x1b[?1000h"),
        "mouse capture was never asked for"
    );
}

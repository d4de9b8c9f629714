//! The real binary in a real pseudo-terminal, against moto, its screen parsed.

mod support;

use std::time::Duration;

use support::pty::Console;
use support::*;

const CTRL_R: &str = "\x12";
const ESC: &str = "\x1b";

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
    console.send(ESC);
    std::thread::sleep(Duration::from_millis(200));
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
    let screen = console.wait_for("Functions 5/5");
    assert!(screen.contains("profile none (local endpoint)"), "{screen}");
    assert!(screen.contains("endpoint http://127.0.0.1:"), "{screen}");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/5");
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
    console.wait_for("Functions 5/5");
    console.send("/");
    console.type_text("flaky");
    console.wait_for("Functions 1/5");
    console.send("\r");
    console.send("\r");
    console.wait_until("the editor to take focus", Duration::from_secs(10), |s| {
        s.contains("Ctrl-R invoke · Ctrl-F format")
    });
    console.type_text(r#"{"fail": true}"#);
    console.send(ESC);
    std::thread::sleep(Duration::from_millis(150));
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
        console.wait_for("Functions 5/5");
        console.send("/");
        console.type_text("echo");
        console.wait_for("Functions 1/5");
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

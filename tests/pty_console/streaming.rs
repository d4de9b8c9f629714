//! Response streaming in the console: the `Stream` type, chunks on screen as
//! they arrive with their times, and InvokeComplete's error and log tail.

use std::time::Duration;

use super::filter_to_sample;
use super::support::pty::Console;

/// The console on the embedded endpoint, the streamer selected, its payload
/// typed and the type cycled to Stream.
fn streamer_with(payload: &str) -> Console {
    let mut console = Console::start(&["--local"], &[]);
    filter_to_sample(&mut console, "streamer");
    console.send("\r");
    console.wait_until("the editor to take focus", Duration::from_secs(10), |s| {
        s.contains("Ctrl-R invoke · Ctrl-F format")
    });
    console.type_text(payload);
    console.send_esc();
    std::thread::sleep(Duration::from_millis(300));
    // RequestResponse → Event → DryRun → Stream.
    console.send("ttt");
    console.wait_until("Stream chosen", Duration::from_secs(5), |s| {
        s.lines().any(|l| l.contains("▶ streamer") && l.contains("Stream"))
    });
    console
}

#[test]
fn chunks_show_as_they_arrive_with_their_times() {
    let mut console = streamer_with(r#"{"chunks": 4, "interval_ms": 700}"#);
    console.send("i");
    // The second chunk is on screen while the last is still to come.
    let screen = console.wait_until("the second chunk", Duration::from_secs(15), |s| {
        s.contains("chunk 2 of 4")
    });
    assert!(!screen.contains("chunk 4 of 4"), "shown as it streams: {screen}");
    assert!(
        screen.contains(" ms │ chunk 1 of 4"),
        "each chunk under its time: {screen}"
    );
    let screen = console.wait_until("the end of the stream", Duration::from_secs(15), |s| {
        s.contains("Streamed: 4 chunks")
    });
    assert!(screen.contains("HTTP 200"), "{screen}");
    assert!(
        screen.contains("Duration"),
        "REPORT from InvokeComplete's log: {screen}"
    );
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn an_error_mid_stream_and_a_url_prelude_are_shown() {
    let mut console = streamer_with(r#"{"chunks": 3, "interval_ms": 50, "fail_after": 1, "http": true}"#);
    console.send("i");
    let screen = console.wait_until("the error", Duration::from_secs(15), |s| s.contains("RuntimeError"));
    assert!(screen.contains("failed after 1 chunks"), "{screen}");
    assert!(
        screen.contains("chunk 1 of 3"),
        "the chunk before the error stays: {screen}"
    );
    assert!(
        screen.contains("HTTP prelude status 200 · content-type: text/plain"),
        "{screen}"
    );
    assert!(!screen.contains("statusCode"), "the prelude is not body: {screen}");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// The embedded endpoint serves StartLiveTail: the Logs pane streams
/// rather than polls, and says so.
#[test]
fn the_logs_pane_live_tails_the_embedded_endpoint() {
    let mut console = Console::start(&["--local"], &[]);
    filter_to_sample(&mut console, "echo");
    // A first invoke makes the log group; the tail then goes live on it.
    console.send("\x12");
    console.wait_for("HTTP 200");
    console.send("5");
    console.wait_until("live tail", Duration::from_secs(15), |s| s.contains("● live tail"));
    console.send("\x12");
    let screen = console.wait_until("two invocations' lines", Duration::from_secs(15), |s| {
        s.matches("START RequestId").count() >= 2
    });
    assert!(screen.contains("● live tail"), "{screen}");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// `d` marks an invocation and `d` on another compares them: the changed
/// line with `-` (older) and `+` (newer) at the start.
#[test]
fn two_echo_responses_are_compared_line_by_line() {
    let mut console = Console::start(&["--local"], &[]);
    filter_to_sample(&mut console, "echo");
    console.send("2");
    console.type_text(r#"{"same": true, "n": 1}"#);
    console.send("\x12");
    console.wait_for("HTTP 200");
    console.send("2");
    console.send("\x01\x0b");
    console.type_text(r#"{"same": true, "n": 2}"#);
    console.send("\x12");
    console.wait_until("the second answer", Duration::from_secs(10), |s| {
        s.contains(r#""n": 2"#) && s.contains("2 of 2")
    });
    console.send_esc();
    console.send("4");
    console.wait_for("SENT UTC");
    console.send("d");
    console.wait_for("◆");
    console.send("j");
    console.send("d");
    let screen = console.wait_for("lines differ");
    assert!(screen.contains(r#"-   "n": 1"#), "{screen}");
    assert!(screen.contains(r#"+   "n": 2"#), "{screen}");
    console.send_esc();
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

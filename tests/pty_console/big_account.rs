//! A big account over a slow link: the list cache, prefetch that cannot
//! flood the account, and a console that asks nothing while nobody is there.
//! `serve-local` plays the account; its `/local/calls` counts what was asked.

use std::path::Path;
use std::time::{Duration, Instant};

use super::support::local::write_function;
use super::support::*;
use super::{Server, console_on, free_port, fresh_home};

/// Cheap functions: a shell bootstrap, never run here, and a description
/// that names each, so Details says which one the cursor is on.
fn write_functions(dir: &Path, names: &[String]) {
    for name in names {
        write_function(
            dir,
            name,
            &format!("description = \"the {name} function\"\n"),
            "#!/bin/sh\nexit 0\n",
        );
    }
}

/// The endpoint's count of each API operation so far.
fn calls(url: &str) -> serde_json::Value {
    let (status, body) = http(url, "GET", "/local/calls", "").expect("the endpoint answers");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["Calls"].clone()
}

fn count(calls: &serde_json::Value, operation: &str) -> u64 {
    calls[operation].as_u64().unwrap_or(0)
}

#[test]
fn the_cached_list_shows_before_the_account_answers_and_the_refresh_keeps_the_cursor() {
    let home = fresh_home("list-cache");
    let dir = home.join("functions");
    let names: Vec<String> = ["fn-a", "fn-b", "fn-c", "fn-d"].map(String::from).to_vec();
    write_functions(&dir, &names);
    let dir_text = dir.to_str().unwrap();
    let (port, url) = free_port();
    let server = Server::start(port, &home, &["--functions", dir_text]);
    let mut console = console_on(&home, &url);
    console.wait_for("Functions 4/4");
    console.send("jj");
    console.wait_for("the fn-c function");
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
    drop(server);

    // The account changes meanwhile, and now answers after four seconds.
    std::fs::remove_dir_all(dir.join("fn-a")).unwrap();
    write_functions(&dir, &["fn-e".to_string()]);
    let _server = Server::start(port, &home, &["--functions", dir_text, "--latency", "4000"]);
    let started = Instant::now();
    let console = console_on(&home, &url);
    let screen = console.wait_until("the cached list", Duration::from_secs(3), |s| {
        s.contains("cached") && s.contains("fn-a")
    });
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "shown before any ListFunctions answer could arrive: {:?}",
        started.elapsed()
    );
    assert!(screen.contains("loading"), "the live list is on its way: {screen}");
    assert!(
        screen.contains("the fn-c function"),
        "the cursor is back on fn-c: {screen}"
    );
    // The live list replaces it: fn-a goes, fn-e comes, the cursor stays.
    let screen = console.wait_until("the live list", Duration::from_secs(30), |s| {
        s.contains("fn-e") && !s.contains("fn-a") && !s.contains("cached") && !s.contains("loading")
    });
    assert!(screen.contains("Functions 4/4"), "{screen}");
    assert!(screen.contains("the fn-c function"), "the cursor stayed: {screen}");
}

#[test]
fn scrolling_past_fifty_functions_asks_for_the_details_of_only_where_it_rests() {
    let home = fresh_home("prefetch");
    let dir = home.join("functions");
    let names: Vec<String> = (0..60).map(|i| format!("fn-{i:02}")).collect();
    write_functions(&dir, &names);
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &["--functions", dir.to_str().unwrap()]);
    let mut console = console_on(&home, &url);
    console.wait_for("Functions 60/60");
    console.wait_until("the first function's details", Duration::from_secs(10), |s| {
        s.contains("the fn-00 function") && s.contains("aliases 0")
    });
    let before = calls(&url);
    // Fifty moves at a key-repeat pace, each sooner than the rest delay.
    for _ in 0..50 {
        console.send("j");
        std::thread::sleep(Duration::from_millis(40));
    }
    console.wait_until("the details where the cursor rests", Duration::from_secs(10), |s| {
        s.contains("the fn-50 function") && s.contains("aliases 0")
    });
    std::thread::sleep(Duration::from_millis(500));
    let after = calls(&url);
    let get_function = "GET /2015-03-31/functions/{name}";
    let versions = "GET /2015-03-31/functions/{name}/versions";
    let asked = count(&after, get_function) - count(&before, get_function);
    let listed = count(&after, versions) - count(&before, versions);
    // One load where it rests; a second if the machine stalled mid-scroll.
    assert!(
        (1..=3).contains(&asked) && (1..=3).contains(&listed),
        "GetFunction {asked}, ListVersionsByFunction {listed} for 50 moves: {after}"
    );
}

#[test]
fn an_idle_console_asks_nothing_once_its_tail_has_paused() {
    let home = fresh_home("idle");
    let dir = home.join("functions");
    write_functions(&dir, &["fn-idle".to_string()]);
    let config = home.join("config.toml");
    std::fs::write(
        &config,
        "[tail]\npause_after_idle_seconds = 2\npoll_interval_ms = 200\n",
    )
    .unwrap();
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &["--functions", dir.to_str().unwrap()]);
    let mut env = vec![("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test")];
    env.push(("AWS_REGION", "us-east-1"));
    let mut console = pty::Console::start_in(
        Some(&home),
        &["--endpoint-url", &url, "--config", config.to_str().unwrap()],
        &env,
    );
    console.wait_for("Functions 1/1");
    // The Logs pane tails the selected function while it is shown.
    console.send("5");
    console.wait_for("Tail paused");
    let before = calls(&url);
    std::thread::sleep(Duration::from_secs(3));
    let after = calls(&url);
    assert_eq!(before, after, "nothing asked while idle");
    // A key brings the tail back.
    console.send_esc();
    console.wait_until("the tail resumed", Duration::from_secs(5), |s| {
        !s.contains("Tail paused")
    });
    std::thread::sleep(Duration::from_millis(800));
    assert_ne!(calls(&url), after, "the tail polls again");
}

#[test]
fn scrolling_with_the_logs_pane_on_screen_starts_one_tail_not_fifty() {
    let home = fresh_home("tail-rest");
    let dir = home.join("functions");
    let names: Vec<String> = (0..60).map(|i| format!("fn-{i:02}")).collect();
    write_functions(&dir, &names);
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &["--functions", dir.to_str().unwrap()]);
    let env = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ];
    // 200 columns: the Logs pane sits beside the Response and follows the cursor.
    let mut console = pty::Console::start_sized(Some(&home), &["--endpoint-url", &url], &env, (60, 200));
    console.wait_for("Functions 60/60");
    console.wait_for("/aws/lambda/fn-00 ");
    std::thread::sleep(Duration::from_millis(500));
    let filter = "Logs_20140328.FilterLogEvents";
    let before = count(&calls(&url), filter);
    for _ in 0..50 {
        console.send("j");
        std::thread::sleep(Duration::from_millis(40));
    }
    console.wait_for("/aws/lambda/fn-50 ");
    std::thread::sleep(Duration::from_millis(600));
    let asked = count(&calls(&url), filter) - before;
    assert!((1..=4).contains(&asked), "FilterLogEvents {asked} for 50 moves");
}

#[test]
fn environment_values_stay_off_screen_until_revealed() {
    let home = fresh_home("env-values");
    let dir = home.join("functions");
    write_function(
        &dir,
        "with-secrets",
        "[environment]\nDB_PASSWORD = \"hunter2-value\"\n",
        "#!/bin/sh\nexit 0\n",
    );
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &["--functions", dir.to_str().unwrap()]);
    let mut console = console_on(&home, &url);
    let screen = console.wait_for("env 1");
    assert!(!screen.contains("hunter2-value"), "a count, no values: {screen}");
    console.send("x");
    let screen = console.wait_for("hunter2-value");
    assert!(screen.contains("DB_PASSWORD"), "{screen}");
    console.send_esc();
    let screen = console.wait_until("the overlay closed", Duration::from_secs(5), |s| {
        !s.contains("hunter2-value")
    });
    assert!(screen.contains("env 1"), "the count again: {screen}");
}

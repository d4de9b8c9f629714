//! Bursts in the console: many sync calls summed up live (counts,
//! percentiles, histogram, cold starts, errors, throttles with their
//! reason, billed GB-seconds and cost), then kept as one history row.

use std::time::Duration;

use super::support::pty::Console;
use super::{filter_to_sample, fresh_home};

/// The figure after `label` on the line that has it, as a number.
fn figure_after(screen: &str, label: &str) -> Option<f64> {
    screen
        .lines()
        .find(|l| l.contains(label))
        .and_then(|l| l.split(label).nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.trim_start_matches(['≈', '$']).parse().ok())
}

/// `payload` typed for the selected function, then a burst of `calls`,
/// `at_a_time`: the overlay once it has ended.
fn burst_of(console: &mut Console, payload: &str, (calls, at_a_time): (u32, u32)) -> String {
    console.send("2");
    console.type_text(payload);
    console.send_esc();
    std::thread::sleep(Duration::from_millis(300));
    console.send("b");
    console.wait_for("at a time");
    console.type_text(&calls.to_string());
    console.send("\t");
    console.type_text(&at_a_time.to_string());
    console.send("\r");
    console.wait_until("the burst's end", Duration::from_secs(90), |s| {
        s.contains(&format!("{calls}/{calls}")) && s.contains("done ·")
    })
}

/// A burst against `flaky` at a 50% failure rate: its counts, percentiles,
/// histogram, cold starts, errors and cost, summed up on screen; then one
/// row in the Invocations pane.
#[test]
fn a_burst_sums_up_counts_percentiles_cold_starts_and_errors() {
    let mut console = Console::start(&["--local"], &[]);
    filter_to_sample(&mut console, "flaky");
    let screen = burst_of(&mut console, r#"{"failure_rate": 0.5}"#, (40, 4));
    assert!(screen.contains("40 calls, 4 at a time"), "{screen}");
    assert!(screen.contains("round trip") && screen.contains("p99"), "{screen}");
    assert!(screen.contains("FlakyError"), "half fail: {screen}");
    let cold = figure_after(&screen, "cold starts").unwrap_or(0.0);
    assert!(
        (1.0..=4.0).contains(&cold),
        "one cold start per environment, at most 4: {screen}"
    );
    assert!(screen.contains("round trip, ms: calls each"), "the histogram: {screen}");
    // flaky has 128 MB; each call bills at least 1 ms, so 40 calls bill at
    // least 40 × 0.001 s × 0.125 GB, and cost more than their requests alone.
    let gb_seconds = figure_after(&screen, "billed").expect("billed GB-s");
    assert!(gb_seconds >= 40.0 * 0.001 * 0.125, "{screen}");
    assert!(screen.contains("an estimate"), "{screen}");
    console.send_esc();
    console.send("4");
    let screen = console.wait_until("the burst's row", Duration::from_secs(10), |s| {
        s.contains("SENT UTC") && s.contains(" burst ") && s.contains("/40 err")
    });
    assert_eq!(
        screen
            .lines()
            .filter(|l| l.contains("flaky:$LATEST") && l.contains(" burst "))
            .count(),
        1,
        "one row for 40 calls: {screen}"
    );
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// A function with reserved concurrency 1 and calls three at a time: the
/// calls beyond its one slot are throttled, with Lambda's reason.
#[test]
fn a_burst_against_reserved_concurrency_counts_its_throttles() {
    let home = fresh_home("burst-throttles");
    let functions = home.join("functions");
    super::support::local::write_samples(&functions);
    // `slow` with one slot, so calls at three at a time meet the limit.
    let dir = functions.join("single");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("function.toml"),
        "name = \"single\"\nreserved_concurrency = 1\ntimeout = 10\n",
    )
    .unwrap();
    // It finds the samples' runtime beside it, as `slow` does.
    std::fs::copy(functions.join("slow/bootstrap"), dir.join("bootstrap")).unwrap();
    let mut console = Console::start_in(
        Some(&home),
        &["--local", "--functions", functions.to_str().unwrap()],
        &[],
    );
    console.wait_for("Functions 8/8");
    console.send("/");
    console.type_text("single");
    console.wait_for("Functions 1/8");
    console.send("\r");
    let screen = burst_of(&mut console, r#"{"seconds": 0.5}"#, (6, 3));
    let throttled = figure_after(&screen, "throttles").unwrap_or(0.0);
    assert!(throttled >= 1.0, "calls beyond the one slot are throttled: {screen}");
    assert!(
        screen.contains("ReservedFunctionConcurrentInvocationLimitExceeded"),
        "with Lambda's reason: {screen}"
    );
    console.send_esc();
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

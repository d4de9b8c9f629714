//! A warm sync invoke of the embedded echo, from the key press to its
//! answer on screen, in a real pseudo-terminal; beside it, the SDK's own
//! round trip to the same endpoint. Then a burst: the calls a second the
//! console sustains against the SDK's own at the same concurrency, and how
//! soon a key is answered while it runs. Prints figures; asserts nothing
//! about speed.
//!
//!     cargo bench --bench invoke_latency

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use support::pty::Console;
use support::serve_local::ServeLocal as Server;

const CALLS: usize = 60;

fn main() {
    let home = std::env::temp_dir().join(format!("lambda-console-invoke-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let port = support::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let _server = Server::start(port, &home, &[]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sdk = runtime.block_on(async {
        let client = support::lambda_client(&url).await;
        let mut times = Vec::new();
        for i in 0..CALLS + 5 {
            let started = Instant::now();
            client
                .invoke()
                .function_name("echo")
                .payload(Blob::new(format!("{{\"n\": {i}}}")))
                .send()
                .await
                .unwrap();
            if i >= 5 {
                times.push(started.elapsed());
            }
        }
        times
    });

    const BURST: usize = 2000;
    const AT_A_TIME: usize = 8;
    let sdk_rate = runtime.block_on(async {
        let client = support::lambda_client(&url).await;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..AT_A_TIME {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..BURST / AT_A_TIME {
                    client.invoke().function_name("echo").send().await.unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        BURST as f64 / started.elapsed().as_secs_f64()
    });

    let env = [
        ("AWS_ACCESS_KEY_ID", "bench"),
        ("AWS_SECRET_ACCESS_KEY", "bench"),
        ("AWS_REGION", "us-east-1"),
    ];
    let mut console = Console::start_in(Some(&home), &["--endpoint-url", &url], &env);
    console.wait_for("Functions 7/7");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.wait_for("aliases live");
    let mut last_id = String::new();
    let mut screen_times = Vec::new();
    for i in 0..CALLS + 5 {
        let started = Instant::now();
        console.send("\x12");
        let screen = console.wait_closely("the answer", Duration::from_secs(10), |s| {
            request_id(s).is_some_and(|id| id != last_id) && s.contains("HTTP 200")
        });
        if i >= 5 {
            screen_times.push(started.elapsed());
        }
        last_id = request_id(&screen).unwrap_or_default();
        // Between presses, as a person's would be: not a burst.
        std::thread::sleep(Duration::from_millis(50));
    }
    // A burst of the same echo, 8 at a time: its rate as the console shows it.
    let start_burst = |console: &mut Console, count: u32| {
        console.send("b");
        console.wait_for("at a time");
        console.type_text(&count.to_string());
        console.send("\t");
        console.type_text(&AT_A_TIME.to_string());
        console.send("\r");
        console.wait_for("times,");
        console.send("y");
    };
    // The Invocations pane beside the Response (the Logs pane's tail of
    // echo would read every call's four lines meanwhile).
    if std::env::var_os("BURST_WITH_LOGS").is_none() {
        console.send("4");
        console.wait_for("SENT UTC");
    }
    start_burst(&mut console, BURST as u32);
    let screen = console.wait_until("the burst's end", Duration::from_secs(120), |s| {
        s.contains(&format!("{BURST}/{BURST}")) && s.contains("done ·")
    });
    let burst_rate = screen
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1] == "calls/s")
        .and_then(|w| w[0].parse::<f64>().ok())
        .unwrap_or(0.0);
    console.send_esc();
    // A key while a burst runs (the most calls a burst takes, so that it
    // still runs): Esc stops it and says so.
    std::thread::sleep(Duration::from_millis(300));
    start_burst(&mut console, 10_000);
    console.wait_for("stops sending");
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    console.send("\x1b");
    console.wait_closely("the stop said", Duration::from_secs(10), |s| {
        s.contains("stopping") || s.contains("stopped before the end")
    });
    let key_during_burst = started.elapsed();
    console.send("\x03");

    let (sdk_p50, sdk_p90) = percentiles(sdk);
    let (screen_p50, screen_p90) = percentiles(screen_times);
    println!("SDK round trip, warm echo:          p50 {sdk_p50:>6.2} ms   p90 {sdk_p90:>6.2} ms ({CALLS} calls)");
    println!("key press to answer on screen:     p50 {screen_p50:>6.2} ms   p90 {screen_p90:>6.2} ms ({CALLS} calls)");
    println!(
        "what the console adds (p50):           {:>6.2} ms",
        screen_p50 - sdk_p50
    );
    println!(
        "burst of {BURST}, {AT_A_TIME} at a time: console {burst_rate:.0}/s, SDK alone {sdk_rate:.0}/s ({:.0}%)",
        burst_rate / sdk_rate * 100.0
    );
    println!(
        "a key (Esc) answered on screen during a burst: {:.1} ms",
        key_during_burst.as_secs_f64() * 1000.0
    );
}

fn request_id(screen: &str) -> Option<String> {
    let at = screen.find("request id ")? + "request id ".len();
    Some(screen[at..].chars().take(36).collect())
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[times.len() / 2]), ms(times[times.len() * 9 / 10]))
}

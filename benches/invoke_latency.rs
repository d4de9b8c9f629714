//! A warm sync invoke of the embedded echo, from the key press to its
//! answer on screen, in a real pseudo-terminal; beside it, the SDK's own
//! round trip to the same endpoint. Prints figures; asserts nothing about
//! speed.
//!
//!     cargo bench --bench invoke_latency

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use support::pty::Console;

const CALLS: usize = 60;

fn main() {
    let home = std::env::temp_dir().join(format!("lambda-console-invoke-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let port = support::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let _server = Server::start(port, &home);

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

    let env = [
        ("AWS_ACCESS_KEY_ID", "bench"),
        ("AWS_SECRET_ACCESS_KEY", "bench"),
        ("AWS_REGION", "us-east-1"),
    ];
    let mut console = Console::start_in(Some(&home), &["--endpoint-url", &url], &env);
    console.wait_for("Functions 6/6");
    console.send("/");
    console.type_text("echo");
    console.wait_for("Functions 1/6");
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
    console.send("\x03");

    let (sdk_p50, sdk_p90) = percentiles(sdk);
    let (screen_p50, screen_p90) = percentiles(screen_times);
    println!("SDK round trip, warm echo:          p50 {sdk_p50:>6.2} ms   p90 {sdk_p90:>6.2} ms ({CALLS} calls)");
    println!("key press to answer on screen:     p50 {screen_p50:>6.2} ms   p90 {screen_p90:>6.2} ms ({CALLS} calls)");
    println!(
        "what the console adds (p50):           {:>6.2} ms",
        screen_p50 - sdk_p50
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

struct Server(Child);

impl Server {
    fn start(port: u16, home: &std::path::Path) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_lambda-console"))
            .args(["serve-local", "--port", &port.to_string()])
            .env("HOME", home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let up = (0..200).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(up, "serve-local listens on {port}");
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

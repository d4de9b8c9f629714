//! The embedded endpoint through the SDK with the echo sample: warm round trip
//! p50/p99, invokes per second at concurrency 1 and 8, and what the endpoint
//! adds to a cold start. Prints figures; asserts nothing about speed.
//!
//!     cargo bench --bench local_invoke

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::LogType;
use base64::Engine;
use lambda_console::local::{self, EndpointSettings};
use lambda_console::report::Report;

const WARM_CALLS: usize = 2000;
const COLD_STARTS: usize = 10;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-functions");
    let _ = std::fs::remove_dir_all(&dir);
    // The samples as --local writes them: this build's binary as each.
    let binary = Path::new(env!("CARGO_BIN_EXE_lambda-console"));
    local::samples::write_to(&dir, local::samples::Bootstraps::Native(binary)).unwrap();
    let echo = std::fs::read_to_string(dir.join("echo/bootstrap")).unwrap();
    for i in 0..COLD_STARTS {
        let folder = dir.join(format!("cold-{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("function.toml"), format!("name = \"cold-{i}\"\n")).unwrap();
        std::fs::write(folder.join("bootstrap"), &echo).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder.join("bootstrap"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let endpoint = local::start(&dir, 0, EndpointSettings::default()).await.unwrap();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(local::REGION))
        .endpoint_url(endpoint.url())
        .credentials_provider(aws_sdk_lambda::config::Credentials::new("b", "b", None, None, "bench"))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let client = aws_sdk_lambda::Client::new(&config);
    const PAYLOAD: &str = r#"{"bench": true, "items": [1, 2, 3]}"#;
    let payload = PAYLOAD;
    let call = |client: aws_sdk_lambda::Client, name: &'static str| async move {
        let out = client
            .invoke()
            .function_name(name)
            .payload(Blob::new(PAYLOAD))
            .send()
            .await
            .expect("invoke");
        assert!(out.function_error().is_none());
    };

    for _ in 0..50 {
        call(client.clone(), "echo").await;
    }
    let mut latencies = Vec::with_capacity(WARM_CALLS);
    let started = Instant::now();
    for _ in 0..WARM_CALLS {
        let t = Instant::now();
        call(client.clone(), "echo").await;
        latencies.push(t.elapsed());
    }
    let sequential = WARM_CALLS as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    let pct =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;

    // Eight callers at once: the endpoint starts environments as they are needed.
    let concurrent = {
        let per_task = WARM_CALLS / 8;
        for _ in 0..3 {
            let warmers: Vec<_> = (0..8).map(|_| tokio::spawn(call(client.clone(), "echo"))).collect();
            for w in warmers {
                w.await.unwrap();
            }
        }
        let started = Instant::now();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move {
                    for _ in 0..per_task {
                        call(client.clone(), "echo").await;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        (per_task * 8) as f64 / started.elapsed().as_secs_f64()
    };

    // Cold starts: the round trip less what the bootstrap itself took (its init
    // and its run, from the REPORT line) is what the endpoint added.
    let overheads: Arc<std::sync::Mutex<Vec<f64>>> = Arc::default();
    for i in 0..COLD_STARTS {
        let name = format!("cold-{i}");
        let t = Instant::now();
        let out = client
            .invoke()
            .function_name(&name)
            .log_type(LogType::Tail)
            .payload(Blob::new(payload))
            .send()
            .await
            .unwrap();
        let round_trip = t.elapsed().as_secs_f64() * 1000.0;
        let tail = base64::engine::general_purpose::STANDARD
            .decode(out.log_result().unwrap())
            .unwrap();
        let report = Report::find_in(&String::from_utf8_lossy(&tail)).unwrap();
        let init = report.init_duration_ms.expect("a cold start");
        overheads
            .lock()
            .unwrap()
            .push(round_trip - init - report.duration_ms.unwrap());
    }
    let mut overheads = overheads.lock().unwrap().clone();
    overheads.sort_by(f64::total_cmp);

    println!("warm invoke round trip through the SDK ({WARM_CALLS} calls, echo sample)");
    println!(
        "  p50 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms",
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );
    println!("invokes per second at concurrency 1: {sequential:>8.0}");
    println!("invokes per second at concurrency 8: {concurrent:>8.0}");
    println!(
        "endpoint overhead on a cold start (round trip - Init Duration - Duration, {COLD_STARTS} starts): median {:.2} ms, max {:.2} ms",
        overheads[overheads.len() / 2],
        overheads[overheads.len() - 1]
    );
    drop(endpoint);
    tokio::time::sleep(Duration::from_millis(100)).await;
}

//! Start-up and idle figures of the real binary in a pseudo-terminal, against
//! moto holding 1,000 functions. Prints figures; asserts nothing about speed.
//!
//!     cargo bench --bench startup

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::pty::Console;
use support::*;

const FUNCTIONS: usize = 1000;
const IDLE: Duration = Duration::from_secs(10);

fn main() {
    // `cargo bench` passes --bench; criterion-style filters are not used here.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = moto().url.clone();
    let created = Instant::now();
    runtime.block_on(async {
        let client = lambda_client(&url).await;
        let mut tasks = Vec::new();
        for chunk in (0..FUNCTIONS).collect::<Vec<_>>().chunks(FUNCTIONS / 8) {
            let client = client.clone();
            let names: Vec<String> = chunk.iter().map(|i| format!("bench-{i:04}")).collect();
            tasks.push(tokio::spawn(async move {
                for name in names {
                    create_function(&client, &name).await;
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });
    println!(
        "setup: {FUNCTIONS} functions created on moto in {:.1} s",
        created.elapsed().as_secs_f64()
    );

    let env = [("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test")];
    let started = Instant::now();
    let console = Console::start(&["--region", REGION, "--endpoint-url", &url], &env);
    console.wait_until("the first frame", Duration::from_secs(30), |s| {
        s.contains("lambda-console")
    });
    let first_frame = started.elapsed();
    let total = format!("{FUNCTIONS}/{FUNCTIONS}");
    console.wait_until("the complete list", Duration::from_secs(120), |s| {
        s.contains(&total) && !s.contains("loading") && s.contains("versions 0")
    });
    let full_list = started.elapsed();
    let pid = console.process_id().expect("the console's pid");

    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_seconds(pid);
    std::thread::sleep(IDLE);
    let idle_cpu = cpu_seconds(pid) - before;
    let peak_rss_kb = status_field(pid, "VmHWM:");

    println!(
        "process start to first frame:        {:>8.1} ms",
        first_frame.as_secs_f64() * 1000.0
    );
    println!(
        "process start to complete list:      {:>8.1} ms ({FUNCTIONS} functions)",
        full_list.as_secs_f64() * 1000.0
    );
    println!(
        "CPU used while idle for {} s:        {:>8.3} s",
        IDLE.as_secs(),
        idle_cpu
    );
    println!(
        "peak RSS:                            {:>8.1} MB",
        peak_rss_kb as f64 / 1024.0
    );
}

/// User plus system CPU time of a process, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc stat");
    // Fields after the parenthesised command name; utime and stime are 14 and 15.
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let ticks_per_second = clock_ticks_per_second();
    ticks as f64 / ticks_per_second
}

/// USER_HZ is 100 on every Linux this runs on; getconf confirms it when present.
fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn status_field(pid: u32, name: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

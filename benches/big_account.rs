//! A big account over a slow link: 5,000 functions on `serve-local` with
//! `--latency 150`, the real binary in a pseudo-terminal. Prints the time to
//! the first frame with functions (first start, then second start from the
//! list cache), to the complete list, from a cursor move to its details,
//! the API calls of an idle minute's worth, and `aws lambda list-functions`
//! (awscli, all pages) on the same endpoint. Asserts nothing about speed.
//!
//!     cargo bench --bench big_account

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::pty::Console;
use support::serve_local::ServeLocal as Server;

const FUNCTIONS: usize = 5000;
const LATENCY_MS: u64 = 150;
/// What the console waits for the cursor to rest before loading details.
const REST_MS: f64 = 150.0;
const DETAIL_SAMPLES: usize = 7;
const IDLE: Duration = Duration::from_secs(10);

fn main() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("big-account-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let functions = root.join("functions");
    write_functions(&functions);
    let port = support::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let _server = Server::start(
        port,
        &root,
        &[
            "--latency",
            &LATENCY_MS.to_string(),
            "--functions",
            functions.to_str().unwrap(),
        ],
    );
    println!(
        "setup: serve-local with {FUNCTIONS} functions and --latency {LATENCY_MS} up in {:.0} ms",
        ms(started.elapsed())
    );
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();

    let first = start_console(&home, &url);
    let (first_frame, mut console) = first;
    let started = Instant::now() - first_frame;
    let total = format!("{FUNCTIONS}/{FUNCTIONS}");
    console.wait_until("the complete list", Duration::from_secs(120), |s| {
        s.contains(&total) && !s.contains("loading")
    });
    let complete = started.elapsed();
    let details = select_to_details(&mut console);
    let before = calls(&url);
    std::thread::sleep(IDLE);
    let idle_calls = total_calls(&calls(&url)) - total_calls(&before);
    console.send("q");
    console.wait_exit(Duration::from_secs(10));

    let (cached_frame, console) = start_console(&home, &url);
    let second_started = Instant::now() - cached_frame;
    console.wait_until("the refreshed list", Duration::from_secs(120), |s| {
        s.contains(&total) && !s.contains("loading") && !s.contains("cached")
    });
    let refreshed = second_started.elapsed();
    drop(console);

    let aws = awscli_list_functions(&url);

    let pages = FUNCTIONS.div_ceil(50);
    let floor = pages as f64 * LATENCY_MS as f64;
    println!(
        "first frame with functions, first start (no cache): {:>8.0} ms",
        ms(first_frame)
    );
    println!(
        "first frame with functions, second start (cache):   {:>8.0} ms",
        ms(cached_frame)
    );
    println!(
        "complete list, first start:                         {:>8.0} ms ({pages} pages × {LATENCY_MS} ms = {floor:.0} ms; {:+.1}%)",
        ms(complete),
        (ms(complete) / floor - 1.0) * 100.0
    );
    println!(
        "complete list, second start (refresh):              {:>8.0} ms",
        ms(refreshed)
    );
    let mut sorted = details.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    println!(
        "cursor move to details, median of {DETAIL_SAMPLES}:                {median:>8.0} ms (from the cursor resting: {:.0} ms)",
        median - REST_MS
    );
    println!(
        "API calls while idle for {} s:                     {idle_calls:>8}",
        IDLE.as_secs()
    );
    match aws {
        Some((elapsed, count)) => println!(
            "aws lambda list-functions (awscli, all pages):      {:>8.0} ms ({count} functions)",
            ms(elapsed)
        ),
        None => println!("aws lambda list-functions: SKIPPED, awscli could not be installed (see above)"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Cheap folders sharing one bootstrap, each described by its name so
/// Details says which function it shows.
fn write_functions(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let bootstrap = dir.join("shared-bootstrap");
    std::fs::write(&bootstrap, "#!/bin/sh\nexit 0\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bootstrap, std::fs::Permissions::from_mode(0o755)).unwrap();
    for i in 0..FUNCTIONS {
        let name = format!("fn-{i:04}");
        let folder = dir.join(&name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("function.toml"),
            format!("name = \"{name}\"\ndescription = \"the {name} function\"\n"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&bootstrap, folder.join("bootstrap")).unwrap();
    }
}

/// Starts the console and waits for a frame that lists functions.
fn start_console(home: &Path, url: &str) -> (Duration, Console) {
    let env = [
        ("AWS_ACCESS_KEY_ID", "bench"),
        ("AWS_SECRET_ACCESS_KEY", "bench"),
        ("AWS_REGION", "us-east-1"),
    ];
    let started = Instant::now();
    let console = Console::start_in(Some(home), &["--endpoint-url", url], &env);
    console.wait_until("a frame with functions", Duration::from_secs(60), |s| {
        s.contains("fn-0000")
    });
    (started.elapsed(), console)
}

/// From a cursor move (one `j`) to that function's details on screen.
fn select_to_details(console: &mut Console) -> Vec<f64> {
    let loaded = |name: String| move |s: &str| s.contains(&format!("the {name} function")) && s.contains("aliases 0");
    console.wait_until("the first details", Duration::from_secs(10), loaded("fn-0000".into()));
    (1..=DETAIL_SAMPLES)
        .map(|i| {
            let started = Instant::now();
            console.send("j");
            console.wait_until("details", Duration::from_secs(10), loaded(format!("fn-{i:04}")));
            let elapsed = ms(started.elapsed());
            // Rest a moment, as a reader would.
            std::thread::sleep(Duration::from_millis(300));
            elapsed
        })
        .collect()
}

fn calls(url: &str) -> serde_json::Value {
    let (_, body) = support::http(url, "GET", "/local/calls", "").expect("the endpoint answers");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["Calls"].clone()
}

fn total_calls(calls: &serde_json::Value) -> u64 {
    calls
        .as_object()
        .map(|m| m.values().filter_map(|v| v.as_u64()).sum())
        .unwrap_or(0)
}

/// awscli from the package index, in a virtual environment of its own under
/// target/ (its botocore pin is not moto's).
fn awscli() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("awscli-venv");
    let aws = venv.join("bin").join("aws");
    if !aws.exists() {
        eprintln!("installing awscli into {} (first run only)", venv.display());
        let made = Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv)
            .status();
        let installed = made.is_ok_and(|s| s.success())
            && Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "awscli"])
                .status()
                .is_ok_and(|s| s.success());
        if !installed {
            eprintln!("awscli could not be installed");
            return None;
        }
    }
    Some(aws)
}

fn awscli_list_functions(url: &str) -> Option<(Duration, usize)> {
    let aws = awscli()?;
    let started = Instant::now();
    let output = Command::new(aws)
        .args(["lambda", "list-functions", "--endpoint-url", url, "--output", "json"])
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .ok()?;
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "aws lambda list-functions: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let count = listed["Functions"].as_array().map_or(0, Vec::len);
    Some((elapsed, count))
}

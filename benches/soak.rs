//! Soak: 8 clients on the embedded endpoint for two minutes, well-formed
//! calls mixed with hostile ones. Prints the calls answered, any wrong
//! answer, and the process's RSS over time (it should stay flat). Asserts
//! nothing about speed.
//!
//!     cargo bench --bench soak
//!     LAMBDA_CONSOLE_SOAK_SECONDS=30 cargo bench --bench soak

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lambda_console::local::{self, EndpointSettings};

const CLIENTS: usize = 8;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// One request on a fresh connection; the status and body, or None.
fn call(address: &str, line: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let mut head = format!("{line} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let status = String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let at = answer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    Some((status, answer[at..].to_vec()))
}

/// A hostile request, from a small fixed set that used to hurt.
fn hostile(n: u64, address: &str) -> Option<u16> {
    let logs = |body: &str| {
        call(
            address,
            "POST /",
            &[("X-Amz-Target", "Logs_20140328.FilterLogEvents")],
            body.as_bytes(),
        )
    };
    let answer = match n % 6 {
        0 => logs(r#"{"logGroupName": "/aws/lambda/echo", "nextToken": "f/18446744073709551615"}"#),
        1 => logs(r#"{"logGroupName": "/aws/lambda/echo", "startTime": 10, "endTime": 5}"#),
        2 => call(
            address,
            "POST /2015-03-31/functions/echo/invocations",
            &[],
            &[0xff; 3000],
        ),
        3 => call(
            address,
            "GET /2015-03-31/functions/echo",
            &[("Origin", "https://attacker.example")],
            b"",
        ),
        4 => call(
            address,
            "GET /2015-03-31/functions?Marker=-1&MaxItems=99999999999",
            &[],
            b"",
        ),
        _ => call(
            address,
            "POST /",
            &[("X-Amz-Target", "Logs_20140328.GetLogEvents")],
            &[b'['; 100_000],
        ),
    };
    answer.map(|(status, _)| status)
}

fn main() {
    let seconds: u64 = std::env::var("LAMBDA_CONSOLE_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-soak-functions");
    let _ = std::fs::remove_dir_all(&dir);
    // The samples as --local writes them: this build's binary as each.
    let binary = Path::new(env!("CARGO_BIN_EXE_lambda-console"));
    local::samples::write_to(&dir, local::samples::Bootstraps::Native(binary)).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let settings = EndpointSettings {
        concurrency_limit: 16,
        ..Default::default()
    };
    let endpoint = runtime.block_on(local::start(&dir, 0, settings)).unwrap();
    let address = endpoint.url().trim_start_matches("http://").to_string();
    let stop = Arc::new(AtomicBool::new(false));
    let (good, wrong, hostile_answered, hostile_lost) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (address, stop) = (address.clone(), stop.clone());
            let (good, wrong, hostile_answered, hostile_lost) = (
                good.clone(),
                wrong.clone(),
                hostile_answered.clone(),
                hostile_lost.clone(),
            );
            std::thread::spawn(move || {
                let mut n = client as u64;
                while !stop.load(Ordering::Relaxed) {
                    n += CLIENTS as u64;
                    if n.is_multiple_of(4) {
                        match hostile(n / 4, &address) {
                            Some(status) if status < 500 => hostile_answered.fetch_add(1, Ordering::Relaxed),
                            _ => hostile_lost.fetch_add(1, Ordering::Relaxed),
                        };
                        continue;
                    }
                    let payload = format!("{{\"client\": {client}, \"n\": {n}}}");
                    let answer = call(
                        &address,
                        "POST /2015-03-31/functions/echo/invocations",
                        &[("X-Amz-Invocation-Type", "RequestResponse")],
                        payload.as_bytes(),
                    );
                    // echo answers its event: anything else is a wrong answer.
                    let right = matches!(&answer, Some((200, body)) if body == payload.as_bytes());
                    let throttled = matches!(&answer, Some((429, _)));
                    if right {
                        good.fetch_add(1, Ordering::Relaxed);
                    } else if !throttled {
                        wrong.fetch_add(1, Ordering::Relaxed);
                    }
                    if n % 10 == 1 {
                        let listed = call(&address, "GET /2015-03-31/functions", &[], b"");
                        if matches!(listed, Some((200, _))) {
                            good.fetch_add(1, Ordering::Relaxed);
                        } else {
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs((seconds / 12).max(1)));
        samples.push((started.elapsed().as_secs(), rss_mb()));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "soak: {CLIENTS} clients for {elapsed:.0} s: {} well-formed calls answered right ({:.0}/s), {} wrong, {} hostile answered without a 5xx, {} hostile unanswered or 5xx",
        good.load(Ordering::Relaxed),
        good.load(Ordering::Relaxed) as f64 / elapsed,
        wrong.load(Ordering::Relaxed),
        hostile_answered.load(Ordering::Relaxed),
        hostile_lost.load(Ordering::Relaxed),
    );
    let rss: Vec<String> = samples.iter().map(|(s, mb)| format!("{s}s {mb:.1}")).collect();
    println!("soak: RSS in MB over time: {}", rss.join(", "));
    drop(endpoint);
}

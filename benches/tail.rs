//! The log tail and async tracking, measured: lines per second through the
//! pipeline into the pane (state update and render, a keystroke served between
//! batches), event-to-screen latency on the embedded endpoint, and CloudWatch
//! Logs calls per minute while tracking 1, 10 and 200 pending invocations.
//! Prints figures; asserts nothing about speed.
//!
//!     cargo bench --bench tail

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lambda_console::app::App;
use lambda_console::local::{self, EndpointSettings};
use lambda_console::message::{BackendEvent, Command, Event, WatchKey};
use lambda_console::model::ConnectionInfo;
use lambda_console::model::FunctionInfo;
use lambda_console::tail::LogEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    pipeline_throughput();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(against_the_endpoint());
}

fn pipeline_throughput() {
    let mut app = App::new(ConnectionInfo::default());
    let Command::LoadFunctions { id } = app.start()[0] else {
        unreachable!()
    };
    let function = FunctionInfo {
        name: "flood".into(),
        log_group: "/aws/lambda/flood".into(),
        ..Default::default()
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function],
        first: true,
        last: true,
    }));
    let Command::Watch { key, .. } = app
        .update(Event::Key(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE)))
        .remove(0)
    else {
        unreachable!()
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    const BATCH: usize = 2000;
    const BATCHES: usize = 250;
    let message = "2026-11-30T03:00:00.000Z\t5f0c1d2e-aaaa-bbbb-cccc-0123456789ab\tINFO\tprocessed order 12345 in 12 ms \u{1b}[32mok\u{1b}[0m";
    let batches: Vec<Vec<LogEvent>> = (0..BATCHES)
        .map(|b| {
            (0..BATCH)
                .map(|i| LogEvent {
                    timestamp: (b * BATCH + i) as i64,
                    stream: "2026/11/30/[$LATEST]0123456789abcdef0123456789abcdef".into(),
                    message: message.into(),
                    event_id: format!("{b}-{i}"),
                })
                .collect()
        })
        .collect();
    let mut worst_key = Duration::ZERO;
    let started = Instant::now();
    for batch in batches {
        app.update(Event::Backend(BackendEvent::LogBatch {
            key: key.clone(),
            events: batch,
        }));
        terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
        // A keystroke between batches, as the loop would serve one.
        let t = Instant::now();
        app.update(Event::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)));
        terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
        worst_key = worst_key.max(t.elapsed());
    }
    let elapsed = started.elapsed();
    println!(
        "tail pipeline: {:.0} lines/s into the pane ({} lines in batches of {BATCH}, each batch drawn); slowest keystroke between batches {:.2} ms",
        (BATCH * BATCHES) as f64 / elapsed.as_secs_f64(),
        BATCH * BATCHES,
        worst_key.as_secs_f64() * 1000.0
    );
}

async fn against_the_endpoint() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-tail-functions");
    let _ = std::fs::remove_dir_all(&dir);
    // The samples as --local writes them: this build's binary as each.
    let binary = Path::new(env!("CARGO_BIN_EXE_lambda-console"));
    local::samples::write_to(&dir, local::samples::Bootstraps::Native(binary)).unwrap();
    let settings = EndpointSettings {
        concurrency_limit: 4,
        ..Default::default()
    };
    let endpoint = local::start(&dir, 0, settings).await.unwrap();
    let console_settings = lambda_console::aws::Settings {
        region: Some(local::REGION.into()),
        endpoint_url: Some(endpoint.url()),
        anonymous_credentials: true,
        ..Default::default()
    };
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(local::REGION))
        .endpoint_url(endpoint.url())
        .credentials_provider(aws_sdk_lambda::config::Credentials::new("b", "b", None, None, "bench"))
        .load()
        .await;
    let lambda = aws_sdk_lambda::Client::new(&config);

    // Event to screen: from the invoke's send to its lines reaching the App,
    // streamed with Live Tail and then polled. The group exists first.
    lambda.invoke().function_name("echo").send().await.unwrap();
    for (mode, polling_only) in [("Live Tail", false), ("polling every 1 s", true)] {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let settings = lambda_console::aws::Settings {
            polling_only,
            ..console_settings.clone()
        };
        let commands = lambda_console::aws::spawn(settings, tx);
        let key = WatchKey {
            group: "/aws/lambda/echo".into(),
            pattern: String::new(),
        };
        let now_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        commands.send(Command::Watch { key, since_ms: now_ms }).unwrap();
        // Let the watch start (and a live session open) before timing.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut latencies = Vec::new();
        for i in 0..10 {
            let payload = format!("{{\"call\": {i}}}");
            // From the send: a streamed line can beat the invoke's own answer.
            let sent = Instant::now();
            let out = lambda
                .invoke()
                .function_name("echo")
                .payload(Blob::new(payload))
                .send()
                .await
                .unwrap();
            // This call's own lines: echo logs its request id.
            let request_id = aws_sdk_lambda::operation::RequestId::request_id(&out)
                .unwrap_or_default()
                .to_string();
            'wait: loop {
                let event = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                    .await
                    .expect("lines arrive")
                    .unwrap();
                if let Event::Backend(BackendEvent::LogBatch { events, .. }) = event
                    && events.iter().any(|e| e.message.contains(&request_id))
                {
                    latencies.push(sent.elapsed());
                    break 'wait;
                }
            }
            // Land the next call at a random point of the poll interval.
            tokio::time::sleep(Duration::from_millis(137 * (i + 1) % 1000)).await;
        }
        latencies.sort();
        println!(
            "event to screen on the embedded endpoint ({mode}): median {:.0} ms, max {:.0} ms over {} invokes",
            latencies[latencies.len() / 2].as_secs_f64() * 1000.0,
            latencies[latencies.len() - 1].as_secs_f64() * 1000.0,
            latencies.len()
        );
        drop(commands);
    }

    // Calls per minute while tracking N pending async invocations of `slow`
    // (4 run at a time, the rest wait their turn, so they stay pending).
    for pending in [1usize, 10, 200] {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let commands = lambda_console::aws::spawn(console_settings.clone(), tx);
        let mut app = App::new(console_settings.connection_info());
        for c in app.start() {
            commands.send(c).unwrap();
        }
        while app.functions.loading || app.functions.total() == 0 {
            let e = rx.recv().await.unwrap();
            for c in app.update(e) {
                commands.send(c).unwrap();
            }
        }
        while app.functions.selected().is_some_and(|f| f.name != "slow") {
            app.update(Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
        }
        app.set_payload_text(r#"{"seconds": 4.5}"#);
        app.update(Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE)));
        for _ in 0..pending {
            for c in app.update(Event::Key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE))) {
                commands.send(c).unwrap();
            }
        }
        // Let the 202s arrive and the poller start, then count over 15 s.
        let settle = Instant::now() + Duration::from_secs(2);
        let pump = |app: &mut App, e: Event| {
            for c in app.update(e) {
                commands.send(c).unwrap();
            }
        };
        while Instant::now() < settle {
            if let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(50), rx.recv()).await {
                pump(&mut app, e);
            }
        }
        let before = endpoint.logs_api_calls();
        let window = Duration::from_secs(15);
        let end = Instant::now() + window;
        while Instant::now() < end {
            if let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(50), rx.recv()).await {
                pump(&mut app, e);
            }
        }
        let calls = endpoint.logs_api_calls() - before;
        let still_pending = app
            .invocations
            .list
            .iter()
            .filter(|i| i.async_state.as_ref().is_some_and(|s| !s.is_final()))
            .count();
        println!(
            "tracking {pending:>3} pending async invocations: {:.0} CloudWatch Logs calls per minute ({still_pending} still pending at the end)",
            calls as f64 * 60.0 / window.as_secs_f64()
        );
        drop(commands);
        // Let the queued invocations drain before the next round.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    // Leftover background invocations die with the endpoint.
    let _ = lambda
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await;
}

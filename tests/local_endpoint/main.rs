//! The embedded endpoint through the real SDK crates: every Lambda and Logs
//! operation the console uses, with real bootstraps running behind it.

mod function_urls;
mod live_tail;
mod samples;
mod streaming;
#[path = "../support/mod.rs"]
mod support;

use std::time::Duration;

use aws_sdk_lambda::operation::RequestId;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use base64::Engine;
use lambda_console::report::Report;
use support::local::endpoint;
use support::sdk_config;

async fn lambda() -> aws_sdk_lambda::Client {
    aws_sdk_lambda::Client::new(&sdk_config(endpoint()).await)
}

async fn logs() -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(&sdk_config(endpoint()).await)
}

fn tail_of(out: &aws_sdk_lambda::operation::invoke::InvokeOutput) -> String {
    let encoded = out.log_result().expect("a log tail");
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap()
}

async fn invoke(
    client: &aws_sdk_lambda::Client,
    name: &str,
    payload: &str,
) -> aws_sdk_lambda::operation::invoke::InvokeOutput {
    client
        .invoke()
        .function_name(name)
        .log_type(LogType::Tail)
        .payload(Blob::new(payload))
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "invoke {name}: {}",
                aws_smithy_types::error::display::DisplayErrorContext(&e)
            )
        })
}

fn body_json(out: &aws_sdk_lambda::operation::invoke::InvokeOutput) -> serde_json::Value {
    serde_json::from_slice(out.payload().unwrap().as_ref()).unwrap()
}

#[tokio::test]
async fn list_functions_pages_through_everything() {
    let client = lambda().await;
    let mut pages = client.list_functions().max_items(2).into_paginator().send();
    let mut names = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        page_count += 1;
        names.extend(
            page.unwrap()
                .functions()
                .iter()
                .map(|f| f.function_name().unwrap().to_string()),
        );
    }
    for expected in [
        "chatty",
        "crash",
        "echo",
        "flaky",
        "slow",
        "streamer",
        "one-at-a-time",
        "dies-at-init",
    ] {
        assert!(
            names.contains(&expected.to_string()),
            "{expected} missing from {names:?}"
        );
    }
    assert_eq!(page_count, names.len().div_ceil(2));
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "no function twice");
}

#[tokio::test]
async fn get_function_and_configuration_describe_the_folder() {
    let client = lambda().await;
    let out = client
        .get_function()
        .function_name("one-at-a-time")
        .send()
        .await
        .unwrap();
    let config = out.configuration().unwrap();
    assert_eq!(config.timeout(), Some(10));
    assert_eq!(config.memory_size(), Some(128));
    assert_eq!(
        config.logging_config().and_then(|l| l.log_group()),
        Some("/aws/lambda/one-at-a-time")
    );
    assert_eq!(
        out.concurrency().and_then(|c| c.reserved_concurrent_executions()),
        Some(1)
    );
    let config = client
        .get_function_configuration()
        .function_name("echo")
        .qualifier("1")
        .send()
        .await
        .unwrap();
    assert_eq!(config.version(), Some("1"));
    assert!(config.function_arn().unwrap().ends_with(":function:echo:1"));
}

#[tokio::test]
async fn a_sync_invoke_runs_the_bootstrap_cold_then_warm() {
    let client = lambda().await;
    let cold = invoke(&client, "echo-cold", r#"{"hello": "local", "n": [1, 2]}"#).await;
    assert_eq!(cold.status_code(), 200);
    assert_eq!(cold.function_error(), None);
    assert_eq!(cold.executed_version(), Some("$LATEST"));
    assert_eq!(body_json(&cold), serde_json::json!({"hello": "local", "n": [1, 2]}));
    let request_id = cold.request_id().unwrap().to_string();
    let tail = tail_of(&cold);
    let lines: Vec<&str> = tail.lines().collect();
    assert_eq!(lines[0], format!("START RequestId: {request_id} Version: $LATEST"));
    assert!(lines[1].starts_with("echo: "), "the function's own output: {tail}");
    assert_eq!(lines[2], format!("END RequestId: {request_id}"));
    let report = Report::parse(lines[3]).expect("a REPORT line");
    assert_eq!(report.request_id, request_id);
    assert_eq!(report.memory_size_mb, Some(128));
    assert!(
        report.init_duration_ms.is_some(),
        "a cold start reports Init Duration: {tail}"
    );
    assert!(report.max_memory_used_mb.unwrap() > 0);
    // A cold start bills its init too, as Lambda bills a custom runtime's.
    let (duration, init) = (report.duration_ms.unwrap(), report.init_duration_ms.unwrap());
    assert_eq!(
        report.billed_duration_ms,
        Some((duration + init).ceil() as u64),
        "{tail}"
    );

    let warm = invoke(&client, "echo-cold", "[]").await;
    let report = Report::find_in(&tail_of(&warm)).unwrap();
    assert_eq!(report.init_duration_ms, None, "the warm environment is reused");
    assert_eq!(
        report.billed_duration_ms,
        Some(report.duration_ms.unwrap().ceil() as u64)
    );
}

#[tokio::test]
async fn qualifiers_resolve_aliases_and_versions() {
    let client = lambda().await;
    let out = client
        .invoke()
        .function_name("echo")
        .qualifier("live")
        .payload(Blob::new("1"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.executed_version(), Some("1"));
    let out = client
        .invoke()
        .function_name("echo:1")
        .payload(Blob::new("2"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.executed_version(), Some("1"));
    let versions = client
        .list_versions_by_function()
        .function_name("echo")
        .send()
        .await
        .unwrap();
    let versions: Vec<_> = versions.versions().iter().filter_map(|v| v.version()).collect();
    assert_eq!(versions, ["$LATEST", "1"]);
    let aliases = client.list_aliases().function_name("echo").send().await.unwrap();
    assert_eq!(aliases.aliases()[0].name(), Some("live"));
    assert_eq!(aliases.aliases()[0].function_version(), Some("1"));
    let missing = client
        .invoke()
        .function_name("echo")
        .qualifier("nope")
        .send()
        .await
        .unwrap_err();
    assert!(missing.as_service_error().unwrap().is_resource_not_found_exception());
}

#[tokio::test]
async fn a_raised_error_is_unhandled_with_its_stack_trace() {
    let client = lambda().await;
    let out = invoke(&client, "crash", r#"{"order": {"items": []}}"#).await;
    assert_eq!(out.status_code(), 200);
    assert_eq!(out.function_error(), Some("Unhandled"));
    let body = body_json(&out);
    assert_eq!(body["errorType"], "IndexError");
    assert!(
        body["stackTrace"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("parse_order"))
    );
    assert!(tail_of(&out).contains("[ERROR] IndexError"));
}

#[tokio::test]
async fn a_timeout_kills_the_environment_and_says_so() {
    let client = lambda().await;
    let out = invoke(&client, "quick-timeout", r#"{"seconds": 3}"#).await;
    assert_eq!(out.function_error(), Some("Unhandled"));
    let body = body_json(&out);
    assert_eq!(body["errorType"], "Sandbox.Timedout");
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Task timed out after 1.00 seconds")
    );
    let tail = tail_of(&out);
    let report = Report::find_in(&tail).unwrap();
    assert_eq!(report.status.as_deref(), Some("timeout"), "{tail}");
    assert!(report.duration_ms.unwrap() >= 1000.0);
    // The next call gets a fresh environment (a cold start) and works.
    let next = invoke(&client, "quick-timeout", r#"{"seconds": 0}"#).await;
    assert_eq!(next.function_error(), None);
    assert!(Report::find_in(&tail_of(&next)).unwrap().init_duration_ms.is_some());
}

#[tokio::test]
async fn reserved_concurrency_throttles_with_lambdas_reason() {
    // The SDK retries throttles by default; this client must see the first one.
    let config = aws_sdk_lambda::config::Builder::from(&sdk_config(endpoint()).await)
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .build();
    let client = aws_sdk_lambda::Client::from_conf(config);
    let slow = invoke(&client, "one-at-a-time", r#"{"seconds": 1.5}"#);
    let second = async {
        tokio::time::sleep(Duration::from_millis(700)).await;
        client
            .invoke()
            .function_name("one-at-a-time")
            .payload(Blob::new(r#"{"seconds": 0}"#))
            .send()
            .await
    };
    let (first, second) = tokio::join!(slow, second);
    assert_eq!(first.function_error(), None);
    let error = second.expect_err("throttled");
    let service = error.as_service_error().expect("a service error");
    let throttle = match service {
        aws_sdk_lambda::operation::invoke::InvokeError::TooManyRequestsException(t) => t,
        other => panic!("expected a throttle, got {other:?}"),
    };
    assert_eq!(
        throttle.reason().map(|r| r.as_str()),
        Some("ReservedFunctionConcurrentInvocationLimitExceeded")
    );
    assert_eq!(throttle.retry_after_seconds(), Some("1"));
}

#[tokio::test]
async fn a_bootstrap_that_dies_gives_runtime_exit_errors() {
    let client = lambda().await;
    let out = invoke(&client, "dies-at-init", "{}").await;
    assert_eq!(out.function_error(), Some("Unhandled"));
    assert_eq!(body_json(&out)["errorType"], "Runtime.ExitError");
    let tail = tail_of(&out);
    assert!(tail.contains("cannot start: missing config"), "{tail}");
    assert!(tail.contains("exit status 7"), "{tail}");

    let out = invoke(&client, "crash", r#"{"exit": 3}"#).await;
    assert_eq!(out.function_error(), Some("Unhandled"));
    let body = body_json(&out);
    assert_eq!(body["errorType"], "Runtime.ExitError");
    assert!(body["errorMessage"].as_str().unwrap().contains("exit status 3"));
    let report = Report::find_in(&tail_of(&out)).unwrap();
    assert_eq!(report.status.as_deref(), Some("error"));
    let after = invoke(&client, "crash", r#"{"order": {"items": [{"sku": "A-1"}]}}"#).await;
    assert_eq!(body_json(&after), serde_json::json!({"sku": "A-1"}));
}

#[tokio::test]
async fn dry_run_and_event_answer_like_lambda() {
    let client = lambda().await;
    let dry = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status_code(), 204);
    let event = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(r#"{"async": true}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(event.status_code(), 202);
    assert!(event.request_id().is_some());
}

#[tokio::test]
async fn oversized_payloads_are_refused_per_invocation_type() {
    let client = lambda().await;
    let big = format!("\"{}\"", "x".repeat(1024 * 1024 + 10));
    let error = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(big.clone()))
        .send()
        .await
        .unwrap_err();
    assert!(error.as_service_error().unwrap().is_request_too_large_exception());
    let sync = client
        .invoke()
        .function_name("echo")
        .payload(Blob::new(big))
        .send()
        .await
        .unwrap();
    assert_eq!(sync.status_code(), 200, "1 MB is fine for a sync invoke");
}

#[tokio::test]
async fn async_failures_are_retried_with_the_same_request_id_then_recorded() {
    let client = lambda().await;
    let out = client
        .invoke()
        .function_name("fails-and-retries")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(r#"{"fail": true}"#))
        .send()
        .await
        .unwrap();
    let request_id = out.request_id().unwrap().to_string();
    let logs = logs().await;
    let mut starts = 0;
    for _ in 0..100 {
        let found = logs
            .filter_log_events()
            .log_group_name("/aws/lambda/fails-and-retries")
            .filter_pattern(format!("\"START RequestId: {request_id}\""))
            .send()
            .await
            .unwrap();
        starts = found.events().len();
        if starts == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(starts, 3, "one attempt and two retries under one request id");
    let url = endpoint().to_string();
    let mut record = serde_json::Value::Null;
    for _ in 0..50 {
        let (_, body) = tokio::task::spawn_blocking({
            let url = url.clone();
            move || support::http(&url, "GET", "/local/destinations", "").unwrap()
        })
        .await
        .unwrap();
        let all: serde_json::Value = serde_json::from_str(&body).unwrap();
        if let Some(found) = all["Records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requestContext"]["requestId"] == request_id.as_str())
        {
            record = found.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(record["requestContext"]["condition"], "RetriesExhausted");
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 3);
    assert_eq!(record["requestPayload"], serde_json::json!({"fail": true}));
    assert_eq!(record["responseContext"]["functionError"], "Unhandled");
    assert_eq!(record["responsePayload"]["errorType"], "FlakyError");
    assert_eq!(record["destination"], "arn:aws:sqs:us-east-1:000000000000:failures");
}

#[tokio::test]
async fn event_invoke_config_reads_back_what_was_put() {
    let client = lambda().await;
    let got = client
        .get_function_event_invoke_config()
        .function_name("flaky")
        .send()
        .await
        .unwrap();
    assert_eq!(got.maximum_retry_attempts(), Some(2));
    assert_eq!(got.maximum_event_age_in_seconds(), Some(3600));
    assert!(
        got.destination_config()
            .unwrap()
            .on_failure()
            .unwrap()
            .destination()
            .unwrap()
            .ends_with("flaky-failures")
    );
    client
        .put_function_event_invoke_config()
        .function_name("slow")
        .maximum_retry_attempts(0)
        .maximum_event_age_in_seconds(60)
        .send()
        .await
        .unwrap();
    let got = client
        .get_function_event_invoke_config()
        .function_name("slow")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (got.maximum_retry_attempts(), got.maximum_event_age_in_seconds()),
        (Some(0), Some(60))
    );
}

#[tokio::test]
async fn logs_are_in_lambdas_format_and_pages() {
    let client = lambda().await;
    let out = invoke(&client, "chatty", r#"{"lines": 120}"#).await;
    let request_id = out.request_id().unwrap().to_string();
    let logs = logs().await;
    let groups = logs
        .describe_log_groups()
        .log_group_name_prefix("/aws/lambda/chatty")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.log_groups()[0].log_group_name(), Some("/aws/lambda/chatty"));
    let streams = logs
        .describe_log_streams()
        .log_group_name("/aws/lambda/chatty")
        .send()
        .await
        .unwrap();
    let stream = streams.log_streams()[0].log_stream_name().unwrap().to_string();
    let (date, rest) = stream.split_at(11);
    assert!(
        date.chars().filter(|c| *c == '/').count() == 3 && date.ends_with('/'),
        "{stream}"
    );
    let hex = rest.strip_prefix("[$LATEST]").expect("the version in brackets");
    assert!(
        hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()),
        "{stream}"
    );

    // Pages of 50 follow nextToken to the end, in order, with no repeats.
    let mut messages = Vec::new();
    let mut token = None;
    loop {
        let page = logs
            .filter_log_events()
            .log_group_name("/aws/lambda/chatty")
            .limit(50)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        messages.extend(page.events().iter().map(|e| e.message().unwrap().to_string()));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let start = messages
        .iter()
        .position(|m| *m == format!("START RequestId: {request_id} Version: $LATEST"))
        .unwrap();
    assert!(messages[start + 1].starts_with("line 0 of 120"));
    assert!(messages[start + 120].starts_with("line 119"));
    assert_eq!(messages[start + 121], format!("END RequestId: {request_id}"));
    assert!(messages[start + 122].starts_with(&format!("REPORT RequestId: {request_id}\tDuration: ")));
    // The raw escape sequences are stored as the function wrote them.
    assert!(messages[start + 10].contains("\x1b[31m"));

    let events = logs
        .get_log_events()
        .log_group_name("/aws/lambda/chatty")
        .log_stream_name(&stream)
        .start_from_head(true)
        .limit(5)
        .send()
        .await
        .unwrap();
    assert_eq!(events.events().len(), 5);
    let missing = logs
        .filter_log_events()
        .log_group_name("/aws/lambda/none")
        .send()
        .await
        .unwrap_err();
    assert!(missing.as_service_error().unwrap().is_resource_not_found_exception());
}

#[tokio::test]
async fn an_unknown_function_is_resource_not_found() {
    let client = lambda().await;
    let error = client.invoke().function_name("nope").send().await.unwrap_err();
    assert!(error.as_service_error().unwrap().is_resource_not_found_exception());
}

#[tokio::test]
async fn a_shell_bootstrap_with_curl_runs_unmodified() {
    let curl = std::process::Command::new("curl").arg("--version").output();
    assert!(
        curl.is_ok_and(|o| o.status.success()),
        "this test needs curl on PATH (.ci/run installs it)"
    );
    let client = lambda().await;
    let out = invoke(&client, "shell-curl", r#"{"n": 7}"#).await;
    assert_eq!(out.function_error(), None);
    assert_eq!(body_json(&out), serde_json::json!({"got": {"n": 7}}));
    let tail = tail_of(&out);
    assert!(
        tail.contains(&format!("shell handling {} for shell-curl", out.request_id().unwrap())),
        "{tail}"
    );
}

/// Tokens and limits come from the client: huge or malformed ones are
/// refused with Logs' own error, and the endpoint keeps answering.
#[tokio::test]
async fn hostile_tokens_and_limits_are_refused_and_nothing_is_wedged() {
    let lambda = lambda().await;
    invoke(&lambda, "echo", r#"{"warm": "a log group"}"#).await;
    let logs = logs().await;
    let streams = logs
        .describe_log_streams()
        .log_group_name("/aws/lambda/echo")
        .send()
        .await
        .unwrap();
    let stream = streams.log_streams()[0].log_stream_name().unwrap().to_string();
    for token in [
        "f/18446744073709551615",
        "b/18446744073709551615",
        "f/-1",
        "x/1",
        "f/",
        "🙂",
    ] {
        let error = logs
            .get_log_events()
            .log_group_name("/aws/lambda/echo")
            .log_stream_name(&stream)
            .next_token(token)
            .limit(10_000)
            .send()
            .await
            .expect_err(token);
        let code = error
            .as_service_error()
            .and_then(|e| e.meta().code())
            .map(str::to_string);
        assert_eq!(code.as_deref(), Some("InvalidParameterException"), "{token}: {error:?}");
    }
    let error = logs
        .describe_log_streams()
        .log_group_name("/aws/lambda/echo")
        .next_token("18446744073709551615")
        .send()
        .await
        .expect_err("a token past the end");
    assert!(error.as_service_error().is_some(), "{error:?}");
    // Everything still answers.
    let page = logs
        .filter_log_events()
        .log_group_name("/aws/lambda/echo")
        .send()
        .await
        .expect("the log store is not wedged");
    assert!(!page.events().is_empty());
    invoke(&lambda, "echo", "{}").await;
}

/// A client that hangs up mid-call: the function still runs to its end, as
/// on Lambda, and its concurrency slot comes back then.
#[tokio::test]
async fn a_client_that_gives_up_does_not_leave_the_function_throttled() {
    let url = endpoint().to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let address = url.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        let body = br#"{"seconds": 0.6}"#;
        let head = format!(
            "POST /2015-03-31/functions/give-up/invocations HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        // The client gives up: the connection closes with the call running.
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let client = lambda().await;
    let out = client
        .invoke()
        .function_name("give-up")
        .payload(Blob::new(r#"{"seconds": 0}"#))
        .send()
        .await
        .expect("the slot was given back when the abandoned call ended");
    assert_eq!(out.status_code(), 200);
}

/// Lambda takes responses up to 6 MB; a bigger one is the function's error.
#[tokio::test]
async fn responses_up_to_six_megabytes_pass_and_bigger_ones_are_lambdas_error() {
    let client = lambda().await;
    let out = invoke(&client, "big-answer", r#"{"bytes": 5000000}"#).await;
    assert_eq!(out.function_error(), None);
    assert_eq!(
        out.payload().unwrap().as_ref().len(),
        5_000_002,
        "a JSON string of 5 MB"
    );
    let out = invoke(&client, "big-answer", r#"{"bytes": 7000000}"#).await;
    assert_eq!(out.function_error(), Some("Unhandled"));
    let body = body_json(&out);
    assert_eq!(body["errorType"], "Function.ResponseSizeTooLarge", "{body}");
    assert!(
        body["errorMessage"].as_str().unwrap().contains("6291556 bytes"),
        "{body}"
    );
}

/// A timeout ends the whole process group, not only the bootstrap.
#[tokio::test]
async fn a_timeout_ends_a_wrapped_handler_too() {
    let client = lambda().await;
    let out = invoke(&client, "wrapped", "{}").await;
    assert_eq!(out.function_error(), Some("Unhandled"), "it times out");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("local-functions-{}", std::process::id()));
    let pid = std::fs::read_to_string(dir.join("wrapped/handler.pid")).expect("the handler ran");
    let gone = (0..40).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        !std::path::Path::new(&format!("/proc/{}", pid.trim())).exists()
    });
    assert!(gone, "the handler {pid} outlived its environment");
}

/// Functions do not see the user's home or credentials.
#[tokio::test]
async fn functions_get_a_home_of_their_own_and_no_credentials() {
    let client = lambda().await;
    let out = invoke(&client, "nosy", "{}").await;
    let seen = body_json(&out);
    let real_home = std::env::var("HOME").unwrap_or_default();
    assert_ne!(seen["home"].as_str().unwrap(), real_home, "{seen}");
    assert_eq!(seen["aws_dir"], false, "{seen}");
    assert_eq!(seen["keys"], serde_json::json!([]), "{seen}");
}

/// The fault route (debug builds, for tests) takes only what it can answer
/// with, within a bound; a refused request queues nothing, so the other
/// tests sharing this endpoint are not disturbed.
#[tokio::test]
async fn the_test_fault_route_refuses_what_it_cannot_answer_with() {
    use support::local::raw_http;
    let url = endpoint().to_string();
    tokio::task::spawn_blocking(move || {
        let fault = "POST /local/fault";
        for (body, why) in [
            (
                r#"{"status": 403, "type": "x\r\nSet-Cookie: a", "message": "m"}"#,
                "a made-up type",
            ),
            (
                r#"{"status": 200, "type": "ServiceException", "message": "m"}"#,
                "not an error status",
            ),
            (
                r#"{"status": 999, "type": "ServiceException", "message": "m"}"#,
                "not a status",
            ),
            (
                r#"{"status": 500, "type": "ServiceException", "message": "m", "count": 1001}"#,
                "over the bound",
            ),
            (
                r#"{"status": 500, "type": "ServiceException", "message": "m", "count": 18446744073709551615}"#,
                "overflowing",
            ),
            ("not json", "not JSON"),
            (
                &format!(
                    r#"{{"status": 500, "type": "ServiceException", "message": "{}"}}"#,
                    "m".repeat(5000)
                ),
                "a message over 4 KB",
            ),
        ] {
            let (status, answer) = raw_http(&url, fault, &[], body.as_bytes()).unwrap();
            assert_eq!(status, 400, "{why}: {}", String::from_utf8_lossy(&answer));
        }
        let (status, _) = raw_http(&url, "GET /2015-03-31/functions", &[], b"").unwrap();
        assert_eq!(status, 200, "nothing was queued");
    })
    .await
    .unwrap();
}

/// The endpoint does not authenticate: it answers only this machine by name,
/// and nothing a web page sends.
#[tokio::test]
async fn only_requests_to_a_loopback_name_and_not_from_a_web_page_are_answered() {
    use support::local::raw_http;
    let url = endpoint().to_string();
    tokio::task::spawn_blocking(move || {
        let list = "GET /2015-03-31/functions";
        let (status, _) = raw_http(&url, list, &[], b"").unwrap();
        assert_eq!(status, 200);
        let (status, body) = raw_http(&url, list, &[("Host", "attacker.example:9001")], b"").unwrap();
        assert_eq!(status, 403, "DNS rebinding: {}", String::from_utf8_lossy(&body));
        // A page's text/plain POST needs no preflight: its Origin gives it away.
        let invoke = "POST /2015-03-31/functions/echo/invocations";
        let page = [("Origin", "https://attacker.example"), ("Content-Type", "text/plain")];
        let (status, body) = raw_http(&url, invoke, &page, b"{}").unwrap();
        assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
        assert!(String::from_utf8_lossy(&body).contains("does not authenticate"));
        // A page's <img> or link sends no Origin, but its Sec-Fetch-* headers.
        let image = [
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "no-cors"),
            ("Sec-Fetch-Dest", "image"),
        ];
        let url_get = "GET /lambda-url/web-api/items";
        assert_eq!(
            raw_http(&url, url_get, &image, b"").unwrap().0,
            403,
            "a page's GET of a function URL"
        );
        assert_eq!(raw_http(&url, url_get, &[], b"").unwrap().0, 200, "curl's");
        let (status, _) = raw_http(&url, list, &[("Host", "localhost")], b"").unwrap();
        assert_eq!(status, 200);
        let twice = [("Host", "127.0.0.1"), ("Host", "attacker.example")];
        assert_eq!(raw_http(&url, list, &twice, b"").unwrap().0, 403, "two Hosts");
        let absolute = "GET http://attacker.example/2015-03-31/functions";
        assert_eq!(
            raw_http(&url, absolute, &[("Host", "localhost")], b"").unwrap().0,
            403,
            "an absolute target"
        );
    })
    .await
    .unwrap();
}

/// A function printing 60 MB without a newline: the line is cut at
/// CloudWatch's 256 KB, the call is answered, and its lines follow.
#[tokio::test]
async fn a_huge_line_without_a_newline_is_cut_like_cloudwatch_cuts_it() {
    let client = lambda().await;
    let out = invoke(&client, "no-newline", r#"{"megabytes": 60}"#).await;
    assert_eq!(out.function_error(), None);
    assert_eq!(body_json(&out)["printed"], "done");
    let page = logs()
        .await
        .filter_log_events()
        .log_group_name("/aws/lambda/no-newline")
        .send()
        .await
        .unwrap();
    let messages: Vec<&str> = page.events().iter().filter_map(|e| e.message()).collect();
    let long = messages.iter().find(|m| m.starts_with("zzz")).expect("the cut line");
    assert_eq!(long.len(), 262_144 - 26, "cut at the event size");
    assert!(
        messages.iter().any(|m| m.starts_with("REPORT")),
        "{:?}",
        messages.iter().map(|m| &m[..m.len().min(40)]).collect::<Vec<_>>()
    );
}

/// On a shared host another account can reach loopback ports: the endpoint
/// (and each Runtime API) drops connections from any user but its own.
#[tokio::test]
async fn another_local_user_gets_no_answer() {
    use std::os::unix::process::CommandExt;
    // SAFETY: getuid(2) cannot fail.
    if unsafe { libc::getuid() } != 0 {
        eprintln!("SKIPPED another_local_user_gets_no_answer: acting as another user needs root");
        return;
    }
    let url = format!("{}/2015-03-31/functions", endpoint());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("curl")
            .args(["-s", "-m", "5", "-o", "-", "-w", "%{http_code}", &url])
            .uid(65534)
            .gid(65534)
            .output()
            .expect("curl runs as nobody")
    })
    .await
    .unwrap();
    let answered = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!output.status.success(), "nobody got an answer: {answered}");
    assert!(!answered.contains("echo"), "{answered}");
}

/// The Schemas operations keep the service's limits and error shape for
/// what a client should not send, and discovery of a very wide event stays
/// bounded.
#[test]
fn schemas_calls_out_of_bounds_get_the_services_errors() {
    use support::local::raw_http;
    let url = endpoint();
    let call =
        |line: &str, body: &str| raw_http(url, line, &[("Content-Type", "application/json")], body.as_bytes()).unwrap();
    let (status, _) = call("POST /v1/registries/name/limits", "{}");
    assert_eq!(status, 201);
    let (status, body) = call(
        "POST /v1/registries/name/limits/schemas/name/s",
        &format!(
            r#"{{"Type": "OpenApi3", "Content": "{{}}", "Description": "{}"}}"#,
            "d".repeat(300)
        ),
    );
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("at most 256"));
    let (status, _) = call(
        "POST /v1/registries/name/limits/schemas/name/s",
        r#"{"Type": "OpenApi3", "Content": "{}"}"#,
    );
    assert_eq!(status, 201);
    let (status, body) = call("PUT /v1/registries/name/limits/schemas/name/s", "[1, 2]");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("JSON object"));
    let (status, body) = call("GET /v1/registries/name/limits/schemas/name/s/versions?limit=-1", "");
    assert_eq!(status, 400);
    assert!(
        String::from_utf8_lossy(&body).contains("limit must be"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _) = call("POST /v1/registries/name/bad%E2%80%AEname", "{}");
    assert_eq!(status, 400, "a bidi override is no part of a name");
    // 200,000 keys: the schema describes the start of the shape, not all of it.
    let wide: String = (0..200_000)
        .map(|i| format!("\"k{i}\": []"))
        .collect::<Vec<_>>()
        .join(",");
    let event = serde_json::to_string(&format!("{{{wide}}}")).unwrap();
    let (status, body) = call(
        "POST /v1/discover",
        &format!(r#"{{"Type": "OpenApi3", "Events": [{event}]}}"#),
    );
    assert_eq!(status, 200);
    assert!(body.len() < 2_000_000, "{} bytes", body.len());
}

/// GetFunctionConfiguration says what function.toml declares, CodeSha256 is
/// the bootstrap's real hash, and a Pending function is refused as Lambda
/// refuses it.
#[tokio::test]
async fn the_whole_function_is_described_and_a_pending_one_is_not_invoked() {
    use sha2::Digest;
    let client = lambda().await;
    let echo = client
        .get_function_configuration()
        .function_name("echo")
        .send()
        .await
        .unwrap();
    // The hash of the bootstrap as written.
    let bootstrap = std::fs::read(support::local::functions_root().join("echo/bootstrap")).unwrap();
    let expected = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bootstrap));
    assert_eq!(echo.code_sha256(), Some(expected.as_str()));
    let config = client
        .get_function_configuration()
        .function_name("not-ready")
        .send()
        .await
        .unwrap();
    let info = lambda_console::aws::function_info(&{
        let mut c = aws_sdk_lambda::types::FunctionConfiguration::builder();
        c = c
            .function_name(config.function_name().unwrap())
            .set_state(config.state().cloned())
            .set_state_reason(config.state_reason().map(str::to_string))
            .set_layers(Some(config.layers().to_vec()))
            .set_vpc_config(config.vpc_config().cloned())
            .set_ephemeral_storage(config.ephemeral_storage().cloned())
            .set_snap_start(config.snap_start().cloned())
            .set_dead_letter_config(config.dead_letter_config().cloned())
            .set_environment(config.environment().cloned());
        c.build()
    });
    assert_eq!(info.state, "Pending");
    assert_eq!(info.not_ready().as_deref(), Some("is Pending (Creating the function)"));
    assert_eq!(info.layers, ["arn:aws:lambda:us-east-1:000000000000:layer:tools:3"]);
    assert_eq!((info.subnets.len(), info.security_groups.len()), (2, 1));
    assert_eq!(info.ephemeral_storage_mb, Some(1024));
    assert_eq!(info.snap_start.as_deref(), Some("PublishedVersions"));
    assert_eq!(
        info.dead_letter.as_deref(),
        Some("arn:aws:sqs:us-east-1:000000000000:dlq")
    );
    assert_eq!(*info.environment, [("DB_HOST".to_string(), "db.internal".to_string())]);
    // What takes calls of its own: reserved concurrency and tags (GetFunction),
    // provisioned concurrency, and the URL (none here).
    let details = lambda_console::aws::load_details(&client, "not-ready").await.unwrap();
    assert_eq!(details.reserved_concurrency, Ok(Some(3)));
    assert_eq!(details.tags, Ok(vec![("team".to_string(), "payments".to_string())]));
    assert_eq!(details.provisioned, Ok(Vec::new()));
    assert_eq!(details.url, Ok(None));
    let refused = client.invoke().function_name("not-ready").send().await.unwrap_err();
    let code = refused
        .as_service_error()
        .map(|e| e.meta().code().unwrap_or_default().to_string());
    assert_eq!(code.as_deref(), Some("ResourceConflictException"));
}

/// `--latency` delays every API answer (here ListFunctions and a Logs call)
/// by at least what was asked: a distant region, rehearsed on this machine.
#[test]
fn the_latency_knob_delays_every_api_answer() {
    use support::local::raw_http;
    let dir = std::env::temp_dir().join(format!("lambda-console-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    support::local::write_samples(&dir);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let settings = lambda_console::local::EndpointSettings {
        latency: Duration::from_millis(150),
        ..Default::default()
    };
    let endpoint = runtime
        .block_on(lambda_console::local::start(&dir, 0, settings))
        .unwrap();
    let url = endpoint.url();
    for (line, headers, body) in [
        ("GET /2015-03-31/functions", vec![], ""),
        (
            "POST /",
            vec![("X-Amz-Target", "Logs_20140328.DescribeLogGroups")],
            "{}",
        ),
    ] {
        let started = std::time::Instant::now();
        let (status, _) = raw_http(&url, line, &headers, body.as_bytes()).unwrap();
        assert_eq!(status, 200, "{line}");
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "{line}: {:?}",
            started.elapsed()
        );
    }
    // The Runtime API is not slowed: a warm echo's REPORT Duration (event
    // handed over to response taken) stays far below the added latency.
    runtime.block_on(async {
        let client = aws_sdk_lambda::Client::new(&sdk_config(&url).await);
        invoke(&client, "echo", "{}").await;
        let started = std::time::Instant::now();
        let out = invoke(&client, "echo", "{}").await;
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "the invoke is an API call"
        );
        let tail = tail_of(&out);
        let report = tail.lines().find_map(Report::parse).expect("a REPORT line");
        let duration = report.duration_ms.expect("a Duration");
        assert!(duration < 100.0, "the function ran at normal speed: {tail}");
    });
    // Not dropped: an endpoint's drop ends every environment of the process,
    // and the shared endpoint's tests run beside this one.
    std::mem::forget(endpoint);
    std::mem::forget(runtime);
}

/// `/local/calls` counts by operation and cannot be blown up: keys are
/// short, made-up targets are counted as one, a target names only the JSON
/// protocol's route; bad paging gets Lambda's error.
#[test]
fn the_call_counts_stay_small_and_true_and_bad_paging_is_refused() {
    use support::local::raw_http;
    let url = endpoint();
    let long_method = format!("M{} /zz", "X".repeat(5_000));
    let _ = raw_http(url, &long_method, &[], b"");
    for i in 0..300 {
        let target = format!("Logs_20140328.MadeUp{i}");
        let (status, _) = raw_http(url, "POST /", &[("X-Amz-Target", &target)], b"{}").unwrap();
        assert_eq!(status, 400);
    }
    // A target on a REST route does not rename it.
    let (status, _) = raw_http(
        url,
        "GET /2015-03-31/functions/echo/configuration",
        &[("X-Amz-Target", "GET /2015-03-31/functions")],
        b"",
    )
    .unwrap();
    assert_eq!(status, 200);
    let (_, body) = raw_http(url, "GET /local/calls", &[], b"").unwrap();
    let calls: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let calls = calls["Calls"].as_object().unwrap();
    assert!(calls.keys().all(|k| k.chars().count() <= 100), "{calls:?}");
    assert!(calls.len() < 64, "made-up targets are one key: {calls:?}");
    assert!(calls["unknown operation"].as_u64().unwrap() >= 300, "{calls:?}");
    assert!(
        calls.contains_key("GET /2015-03-31/functions/{name}/configuration"),
        "{calls:?}"
    );
    for query in [
        "Marker=abc",
        "MaxItems=0",
        "MaxItems=-1",
        "MaxItems=100000000000000000000",
    ] {
        let (status, body) = raw_http(url, &format!("GET /2015-03-31/functions?{query}"), &[], b"").unwrap();
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 400, "{query}: {body}");
        let named = query.split('=').next().unwrap();
        assert!(
            body.contains(r#""Type":"User""#) && body.contains(named),
            "{query}: {body}"
        );
    }
}

//! StartLiveTail on the embedded endpoint, read by the SDK (with the
//! console's interceptor that drops the `stream-` host prefix) and by boto3.

use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream as LiveEvent;

use super::support::local::endpoint;
use super::support::{run_python, sdk_config};
use super::{invoke, lambda};

async fn live_logs() -> aws_sdk_cloudwatchlogs::Client {
    let config = sdk_config(endpoint()).await;
    aws_sdk_cloudwatchlogs::Client::from_conf(
        aws_sdk_cloudwatchlogs::config::Builder::from(&config)
            .interceptor(lambda_console::aws::DropStreamHostPrefix)
            .build(),
    )
}

#[tokio::test]
async fn a_live_tail_session_streams_what_comes_after_it_started() {
    let client = lambda().await;
    // The group exists once the function has run.
    invoke(&client, "live-echo", r#"{"before": "the session"}"#).await;
    let logs = live_logs().await;
    let mut out = logs
        .start_live_tail()
        .log_group_identifiers("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/live-echo")
        .send()
        .await
        .expect("the session starts");
    let Ok(Some(LiveEvent::SessionStart(start))) = out.response_stream.recv().await else {
        panic!("sessionStart first")
    };
    assert_eq!(start.log_group_identifiers().len(), 1);
    let sent = Instant::now();
    let marker = format!("live-{}", std::process::id());
    invoke(&client, "live-echo", &format!(r#"{{"marker": "{marker}"}}"#)).await;
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match out.response_stream.recv().await {
            Ok(Some(LiveEvent::SessionUpdate(update))) => {
                seen.extend(
                    update
                        .session_results()
                        .iter()
                        .filter_map(|e| e.message().map(str::to_string)),
                );
                if seen.iter().any(|m| m.starts_with("REPORT RequestId")) {
                    break;
                }
            }
            other => panic!("an update: {other:?}"),
        }
    }
    let arrived = sent.elapsed();
    assert!(seen.iter().any(|m| m.starts_with("START RequestId")), "{seen:?}");
    assert!(
        !seen.iter().any(|m| m.contains("before")),
        "only what came after the start: {seen:?}"
    );
    assert!(arrived < Duration::from_secs(3), "within a look or two: {arrived:?}");
}

#[tokio::test]
async fn a_missing_group_and_too_many_groups_are_refused_as_cloudwatch_does() {
    let logs = live_logs().await;
    let missing = logs
        .start_live_tail()
        .log_group_identifiers("/aws/lambda/never-ran")
        .send()
        .await
        .expect_err("no such group");
    assert!(
        format!("{missing:?}").contains("ResourceNotFoundException"),
        "{missing:?}"
    );
    let mut request = logs.start_live_tail();
    for i in 0..11 {
        request = request.log_group_identifiers(format!("/aws/lambda/g{i}"));
    }
    let many = request.send().await.expect_err("11 groups");
    assert!(format!("{many:?}").contains("InvalidParameterException"), "{many:?}");
}

/// boto3 reads the session as CloudWatch's (with its host prefix turned off).
#[test]
fn boto3_reads_a_live_tail_session() {
    let script = r#"
import boto3, os, threading, time
from botocore.config import Config
kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")
lam = boto3.client("lambda", **kw)
lam.invoke(FunctionName="live-echo-py", Payload=b'{"first": 1}')
logs = boto3.client("logs", config=Config(inject_host_prefix=False), **kw)
out = logs.start_live_tail(logGroupIdentifiers=["/aws/lambda/live-echo-py"])
threading.Timer(0.5, lambda: lam.invoke(FunctionName="live-echo-py", Payload=b'{"second": 2}')).start()
kinds, messages = [], []
for event in out["responseStream"]:
    kinds.append(next(iter(event)))
    for result in event.get("sessionUpdate", {}).get("sessionResults", []):
        messages.append(result["message"])
    if any(m.startswith("REPORT") for m in messages):
        break
print(kinds[0], sum(m.startswith("START") for m in messages))
"#;
    let printed = run_python(script, &[("ENDPOINT", endpoint())]);
    assert_eq!(printed.trim(), "sessionStart 1", "{printed}");
}

/// A flood of big lines is sampled, not buffered: each update stays within
/// what an event-stream client reads, and says it sampled.
#[tokio::test]
async fn big_lines_are_sampled_within_bounded_updates() {
    let client = lambda().await;
    invoke(&client, "live-flood", "{}").await;
    let logs = live_logs().await;
    let mut out = logs
        .start_live_tail()
        .log_group_identifiers("/aws/lambda/live-flood")
        .send()
        .await
        .expect("the session starts");
    let _ = out.response_stream.recv().await;
    // Lines of about 256 KB (each call prints 1 MB without a newline).
    let flood = tokio::spawn(async move {
        for _ in 0..30 {
            invoke(&lambda().await, "live-flood", "{}").await;
        }
    });
    let mut largest = 0usize;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline && !flood.is_finished() {
        if let Ok(Ok(Some(LiveEvent::SessionUpdate(update)))) =
            tokio::time::timeout(Duration::from_secs(2), out.response_stream.recv()).await
        {
            let bytes: usize = update
                .session_results()
                .iter()
                .filter_map(|e| e.message())
                .map(str::len)
                .sum();
            largest = largest.max(bytes);
        }
    }
    flood.await.unwrap();
    assert!(largest <= 1024 * 1024 + 300_000, "an update held {largest} bytes");
    assert!(largest > 0, "lines came");
}

#[tokio::test]
async fn stream_filters_are_bounded_as_cloudwatch_bounds_them() {
    let client = lambda().await;
    invoke(&client, "live-echo", "{}").await;
    let logs = live_logs().await;
    let names: Vec<String> = (0..101).map(|i| format!("stream-{i}")).collect();
    let refused = logs
        .start_live_tail()
        .log_group_identifiers("/aws/lambda/live-echo")
        .set_log_stream_names(Some(names))
        .send()
        .await
        .expect_err("101 stream names");
    assert!(
        format!("{refused:?}").contains("InvalidParameterException"),
        "{refused:?}"
    );
    let long = format!("/aws/lambda/{}", "x".repeat(3000));
    let refused = logs
        .start_live_tail()
        .log_group_identifiers(long)
        .send()
        .await
        .expect_err("a 3,000-character identifier");
    let text = format!("{refused:?}");
    assert!(
        text.contains("InvalidParameterException") && text.len() < 5000,
        "not echoed: {}",
        text.len()
    );
}

//! Response streaming on the embedded endpoint: the Runtime API's streaming
//! mode, and InvokeWithResponseStream read by the SDK and by boto3.

use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvokeWithResponseStreamResponseEvent as StreamEvent, LogType};
use base64::Engine;

use super::support::local::endpoint;
use super::support::{run_python, sdk_config};

/// What one streamed invoke delivered: each chunk with its arrival time,
/// and the InvokeComplete event.
struct Streamed {
    chunks: Vec<(Duration, Vec<u8>)>,
    error_code: Option<String>,
    error_details: Option<String>,
    log: String,
}

async fn invoke_streaming(name: &str, payload: &str) -> Streamed {
    let client = aws_sdk_lambda::Client::new(&sdk_config(endpoint()).await);
    let started = Instant::now();
    let mut out = client
        .invoke_with_response_stream()
        .function_name(name)
        .log_type(LogType::Tail)
        .payload(Blob::new(payload))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}", aws_smithy_types::error::display::DisplayErrorContext(&e)));
    let mut streamed = Streamed {
        chunks: Vec::new(),
        error_code: None,
        error_details: None,
        log: String::new(),
    };
    let mut completed = false;
    while let Some(event) = out.event_stream.recv().await.expect("a well-formed event stream") {
        match event {
            StreamEvent::PayloadChunk(chunk) => {
                let bytes = chunk.payload().map(|p| p.as_ref().to_vec()).unwrap_or_default();
                streamed.chunks.push((started.elapsed(), bytes));
            }
            StreamEvent::InvokeComplete(done) => {
                completed = true;
                streamed.error_code = done.error_code().map(str::to_string);
                streamed.error_details = done.error_details().map(str::to_string);
                let log = done.log_result().unwrap_or_default();
                let log = base64::engine::general_purpose::STANDARD.decode(log).unwrap();
                streamed.log = String::from_utf8(log).unwrap();
            }
            other => panic!("an event Lambda does not send: {other:?}"),
        }
    }
    assert!(completed, "the stream ends with InvokeComplete");
    streamed
}

fn text(streamed: &Streamed) -> String {
    streamed
        .chunks
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect()
}

#[tokio::test]
async fn a_streaming_function_s_chunks_arrive_as_they_are_written() {
    let streamed = invoke_streaming("streamer", r#"{"chunks": 4, "interval_ms": 300}"#).await;
    let text = text(&streamed);
    for i in 1..=4 {
        assert!(text.contains(&format!("chunk {i} of 4")), "{text}");
    }
    assert!(
        streamed.chunks.len() >= 4,
        "one event a write: {:?}",
        streamed.chunks.len()
    );
    // Written 300 ms apart, so they arrived apart: not gathered at the end.
    let (first, last) = (streamed.chunks[0].0, streamed.chunks.last().unwrap().0);
    assert!(
        last - first >= Duration::from_millis(600),
        "first at {first:?}, last at {last:?}"
    );
    assert_eq!(streamed.error_code, None);
    assert!(streamed.log.contains("streamer: sent chunk 4 of 4"), "{}", streamed.log);
    assert!(streamed.log.contains("REPORT RequestId: "), "{}", streamed.log);
}

#[tokio::test]
async fn an_error_after_some_chunks_comes_in_invoke_complete() {
    let streamed = invoke_streaming("streamer", r#"{"chunks": 5, "interval_ms": 10, "fail_after": 2}"#).await;
    let text = text(&streamed);
    assert!(text.contains("chunk 2 of 5") && !text.contains("chunk 3"), "{text}");
    assert_eq!(streamed.error_code.as_deref(), Some("RuntimeError"));
    let details = streamed.error_details.unwrap_or_default();
    assert!(details.contains("failed after 2 chunks"), "{details}");
}

#[tokio::test]
async fn a_buffered_function_invoked_with_streaming_sends_one_chunk() {
    let streamed = invoke_streaming("echo", r#"{"asked": "as a stream"}"#).await;
    assert_eq!(streamed.chunks.len(), 1);
    assert_eq!(text(&streamed), r#"{"asked": "as a stream"}"#);
    assert!(streamed.log.contains("REPORT RequestId: "), "{}", streamed.log);
}

#[tokio::test]
async fn a_streaming_function_invoked_plainly_answers_one_buffered_body() {
    let client = aws_sdk_lambda::Client::new(&sdk_config(endpoint()).await);
    let out = client
        .invoke()
        .function_name("streamer")
        .payload(Blob::new(r#"{"chunks": 3, "interval_ms": 10}"#))
        .send()
        .await
        .unwrap();
    let body = String::from_utf8(out.payload().unwrap().as_ref().to_vec()).unwrap();
    assert!(out.function_error().is_none(), "{body}");
    assert!(body.contains("chunk 1 of 3") && body.contains("chunk 3 of 3"), "{body}");
}

/// boto3 reads the stream as Lambda's: an implementation that is not the
/// Rust SDK agrees on the framing.
#[test]
fn boto3_reads_the_event_stream() {
    let script = r#"
import boto3, os
client = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
import time
out = client.invoke_with_response_stream(FunctionName="streamer", Payload=b'{"chunks": 3, "interval_ms": 400, "fail_after": 2}', LogType="Tail")
chunks, complete, first_at, complete_at = [], None, None, None
for event in out["EventStream"]:
    if "PayloadChunk" in event:
        chunks.append(event["PayloadChunk"]["Payload"].decode())
        first_at = first_at or time.monotonic()
    if "InvokeComplete" in event:
        complete = event["InvokeComplete"]
        complete_at = time.monotonic()
# The first chunk came while the function still ran (it sleeps 400 ms a chunk).
early = complete_at - first_at >= 0.3
print(len(chunks), repr("".join(chunks)), complete.get("ErrorCode"), "REPORT" in __import__("base64").b64decode(complete["LogResult"]).decode(), early)
"#;
    let printed = run_python(script, &[("ENDPOINT", endpoint())]);
    assert!(printed.starts_with("2 "), "{printed}");
    assert!(
        printed.contains("chunk 2 of 3") && printed.contains("RuntimeError True True"),
        "{printed}"
    );
}

#[tokio::test]
async fn an_error_type_in_another_script_is_still_the_error_and_names_the_code() {
    let streamed = invoke_streaming("hostile-stream", r#"{"mode": "utf8-error"}"#).await;
    assert_eq!(text(&streamed), "first ");
    assert_eq!(
        streamed.error_code.as_deref(),
        Some("Ошибка"),
        "the trailer's type, not the body's claim"
    );
}

#[tokio::test]
async fn a_second_response_to_a_streaming_invocation_is_refused() {
    let streamed = invoke_streaming("hostile-stream", r#"{"mode": "twice"}"#).await;
    let text = text(&streamed);
    assert!(!text.contains("SECOND-BODY"), "{text}");
    assert!(text.contains("the second got 400"), "{text}");
    assert_eq!(streamed.error_code, None);
}

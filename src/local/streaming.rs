//! InvokeWithResponseStream: the function's answer as Lambda streams it, an
//! `application/vnd.amazon.eventstream` of PayloadChunk events, then one
//! InvokeComplete with the error and the log tail, so the SDK reads it as
//! it reads Lambda's.

use std::sync::Arc;

use aws_smithy_types::event_stream::{Header, HeaderValue as EventHeader, Message};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use tokio::sync::mpsc;

use super::lambda_api::{QualifierQuery, admit, decode_client_context, throttled};
use super::runtime::InvocationResult;
use super::{Endpoint, LOG_TAIL_BYTES, LambdaError, header_value, new_request_id};

/// Chunks waiting between the function and a slow caller; beyond this the
/// function's writes wait, as they do on Lambda.
const CHUNKS_IN_FLIGHT: usize = 8;
/// The largest PayloadChunk sent (an event-stream message holds 16 MB).
const MAX_CHUNK: usize = 256 * 1024;
/// A caller that takes nothing for this long is given up on: the function
/// runs on to its end, and what waited for the caller is let go.
const CALLER_STALL: std::time::Duration = std::time::Duration::from_secs(30);

pub(super) async fn invoke_with_response_stream(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, LambdaError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let invocation_type = header("x-amz-invocation-type").unwrap_or("RequestResponse");
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
    if !matches!(invocation_type, "RequestResponse" | "DryRun") {
        return Err(LambdaError::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            format!("Unsupported invocation type {invocation_type} for response streaming"),
        ));
    }
    admit(&runner, invocation_type, &body)?;
    let request_id = new_request_id();
    if invocation_type == "DryRun" {
        return Ok((StatusCode::NO_CONTENT, [("x-amzn-requestid", request_id)]).into_response());
    }
    let request_id_header = header_value(&request_id);
    let client_context = header("x-amz-client-context").map(decode_client_context).transpose()?;
    let tail = header("x-amz-log-type") == Some("Tail");
    let (chunks_tx, mut chunks) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let executed_version = version.clone();
    let mut invoke = Box::pin(async move {
        runner
            .invoke(&version, request_id, body, client_context, Some(chunks_tx))
            .await
    });
    // Headers go when the function first answers: a throttle is still a 429.
    // Biased: a throttle (the chunk channel closes at once with it) is an
    // answer, not an empty stream.
    let first = tokio::select! {
        biased;
        result = &mut invoke => First::Done(result.map_err(throttled)?),
        chunk = chunks.recv() => First::Chunk(chunk),
    };
    let (events, body_events): (EventSender, _) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::spawn(async move {
        let mut caller = Caller { events, gone: false };
        let result = match first {
            First::Done(result) => result,
            First::Chunk(chunk) => {
                if let Some(chunk) = chunk {
                    caller.send_chunk(&chunk).await;
                }
                loop {
                    tokio::select! {
                        Some(chunk) = chunks.recv() => caller.send_chunk(&chunk).await,
                        result = &mut invoke => break result.unwrap_or_else(|_| unreachable_throttle()),
                    }
                }
            }
        };
        // Sent before the answer was: whatever is left comes first.
        while let Ok(chunk) = chunks.try_recv() {
            caller.send_chunk(&chunk).await;
        }
        // A buffered function's answer is one chunk, as on Lambda.
        if result.function_error.is_none() && !result.body.is_empty() {
            caller.send_chunk(&Bytes::from(result.body.clone())).await;
        }
        caller.send(invoke_complete(&result, tail)).await;
    });
    let stream = futures::stream::unfold(body_events, |mut events| async move {
        events.recv().await.map(|event| (event, events))
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    headers.insert("x-amz-executed-version", header_value(&executed_version));
    headers.insert("x-amzn-requestid", request_id_header);
    Ok(response)
}

enum First {
    Chunk(Option<Bytes>),
    Done(InvocationResult),
}

/// The throttle is decided before the function runs, so once a chunk came
/// it cannot happen; an answer is still owed to the caller if it somehow did.
fn unreachable_throttle() -> InvocationResult {
    InvocationResult {
        request_id: String::new(),
        executed_version: String::new(),
        body: super::runtime::error_body("ServiceException", "throttled after the function started"),
        function_error: Some("Unhandled"),
        error_type: Some("ServiceException".into()),
        log_text: String::new(),
    }
}

pub(super) type EventSender = mpsc::Sender<Result<Bytes, std::convert::Infallible>>;

/// The HTTP caller of a stream. One that hung up, or stalled past
/// `CALLER_STALL`, does not stop the function: what is sent after is dropped.
pub(super) struct Caller {
    pub(super) events: EventSender,
    pub(super) gone: bool,
}

impl Caller {
    pub(super) async fn send(&mut self, event: Bytes) {
        if self.gone {
            return;
        }
        let sent = tokio::time::timeout(CALLER_STALL, self.events.send(Ok(event))).await;
        self.gone = !matches!(sent, Ok(Ok(())));
    }

    /// A chunk as PayloadChunk events of at most `MAX_CHUNK` bytes.
    async fn send_chunk(&mut self, chunk: &Bytes) {
        for start in (0..chunk.len()).step_by(MAX_CHUNK) {
            let piece = chunk.slice(start..(start + MAX_CHUNK).min(chunk.len()));
            self.send(payload_chunk(piece)).await;
        }
    }
}

/// One event-stream message: an `event` of a type, or an `exception`.
pub(super) fn framed(
    message_type: &'static str,
    type_name: &'static str,
    content_type: &'static str,
    payload: Bytes,
) -> Bytes {
    let type_header = if message_type == "exception" {
        ":exception-type"
    } else {
        ":event-type"
    };
    let message = Message::new(payload)
        .add_header(Header::new(":message-type", EventHeader::String(message_type.into())))
        .add_header(Header::new(type_header, EventHeader::String(type_name.into())))
        .add_header(Header::new(":content-type", EventHeader::String(content_type.into())));
    let mut out = Vec::new();
    // Only a payload over 16 MB or a header name over 255 bytes fails, and
    // neither is made here.
    if let Err(error) = aws_smithy_eventstream::frame::write_message_to(&message, &mut out) {
        tracing::error!(%error, "an event could not be framed");
    }
    Bytes::from(out)
}

fn payload_chunk(bytes: Bytes) -> Bytes {
    framed("event", "PayloadChunk", "application/octet-stream", bytes)
}

/// InvokeComplete: the error's type and body when the function failed, and
/// the last 4 KB of its log when asked for.
fn invoke_complete(result: &InvocationResult, tail: bool) -> Bytes {
    let mut complete = serde_json::Map::new();
    if result.function_error.is_some() {
        // As the runtime named it (its header or trailer), not as the body claims.
        let error_type = result.error_type.clone().unwrap_or_else(|| "Unhandled".into());
        complete.insert("ErrorCode".into(), json!(error_type));
        complete.insert("ErrorDetails".into(), json!(String::from_utf8_lossy(&result.body)));
    }
    if tail {
        let bytes = result.log_text.as_bytes();
        let tail = &bytes[bytes.len().saturating_sub(LOG_TAIL_BYTES)..];
        complete.insert(
            "LogResult".into(),
            json!(base64::engine::general_purpose::STANDARD.encode(tail)),
        );
    }
    framed(
        "event",
        "InvokeComplete",
        "application/json",
        Bytes::from(serde_json::Value::Object(complete).to_string()),
    )
}

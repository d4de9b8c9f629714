//! The Runtime API an execution environment's bootstrap talks to:
//! `/invocation/next`, `/response` (buffered, or streamed as Lambda's
//! response streaming has it), `/error` and `/init/error`.

use crate::local::lock;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{Current, Outcome, Phase, RuntimeShared};
use crate::local::now_millis;

pub(super) fn runtime_router(shared: Arc<RuntimeShared>) -> Router {
    Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next_invocation))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(invocation_response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(invocation_error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        // One byte over Lambda's limit is enough to know a response is too big.
        .layer(DefaultBodyLimit::max(RESPONSE_LIMIT + 1))
        .layer(axum::middleware::from_fn(crate::local::guard::loopback_only))
        .with_state(shared)
}

/// Lambda's limit on what a function answers a sync invoke with.
const RESPONSE_LIMIT: usize = 6_291_556;

/// A response or error body, unless it is over Lambda's limit.
fn within_limit(body: Result<Bytes, BytesRejection>) -> Option<Bytes> {
    body.ok().filter(|body| body.len() <= RESPONSE_LIMIT)
}

/// What Lambda does with an answer over 6 MB: the runtime hears 413, the
/// caller gets the function's error.
fn too_large(shared: &RuntimeShared, id: &str) -> Response {
    let message = format!("Response payload size exceeded maximum allowed payload size ({RESPONSE_LIMIT} bytes).");
    let body = super::error_body("Function.ResponseSizeTooLarge", &message);
    let _ = complete(
        shared,
        id,
        Outcome::Error {
            error_type: "Function.ResponseSizeTooLarge".into(),
            body,
        },
    );
    let answer = format!(
        r#"{{"errorMessage":"Exceeded maximum allowed payload size ({RESPONSE_LIMIT} bytes).","errorType":"RequestEntityTooLarge"}}"#
    );
    (StatusCode::PAYLOAD_TOO_LARGE, answer).into_response()
}

async fn next_invocation(State(shared): State<Arc<RuntimeShared>>) -> Response {
    shared.phase.send_if_modified(|phase| {
        let starting = *phase == Phase::Starting;
        if starting {
            *phase = Phase::Ready;
        }
        starting
    });
    let work = shared.work.lock().await.recv().await;
    let Some(work) = work else {
        return (StatusCode::GONE, "environment stopping").into_response();
    };
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = value.parse() {
            headers.insert(name, value);
        }
    };
    set("lambda-runtime-aws-request-id", &work.request_id);
    set("lambda-runtime-deadline-ms", &work.deadline_ms.to_string());
    set("lambda-runtime-invoked-function-arn", &shared.function_arn);
    set(
        "lambda-runtime-trace-id",
        &format!(
            "Root=1-{:08x}-{};Parent={};Sampled=0",
            now_millis() / 1000,
            &uuid::Uuid::new_v4().simple().to_string()[..24],
            &uuid::Uuid::new_v4().simple().to_string()[..16]
        ),
    );
    if let Some(context) = &work.client_context {
        set("lambda-runtime-client-context", context);
    }
    set("content-type", "application/json");
    let body = if work.payload.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        work.payload
    };
    *lock(&shared.current) = Some(Current {
        request_id: work.request_id,
        respond: work.respond,
        chunks: work.chunks,
        responding: false,
    });
    (StatusCode::OK, headers, body).into_response()
}

fn complete(shared: &RuntimeShared, id: &str, outcome: Outcome) -> Response {
    end_invocation(shared, id, outcome, false)
}

/// Hands the invocation its outcome; while a streamed response is under
/// way only that stream (`from_stream`) may end it.
fn end_invocation(shared: &RuntimeShared, id: &str, outcome: Outcome, from_stream: bool) -> Response {
    let mut current = lock(&shared.current);
    match current.take() {
        Some(running) if running.request_id == id && (from_stream || !running.responding) => {
            let _ = running.respond.send(outcome);
            (StatusCode::ACCEPTED, r#"{"status":"OK"}"#).into_response()
        }
        other => {
            *current = other;
            invalid_request_id()
        }
    }
}

fn invalid_request_id() -> Response {
    let body = r#"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#;
    (StatusCode::BAD_REQUEST, body).into_response()
}

async fn invocation_response(
    State(shared): State<Arc<RuntimeShared>>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let streaming = request
        .headers()
        .get("lambda-runtime-function-response-mode")
        .is_some_and(|mode| mode.as_bytes().eq_ignore_ascii_case(b"streaming"));
    if streaming {
        return streamed_response(&shared, &id, request.into_body()).await;
    }
    let body = axum::body::to_bytes(request.into_body(), RESPONSE_LIMIT + 1).await;
    match body.ok().filter(|body| body.len() <= RESPONSE_LIMIT) {
        Some(body) => complete(&shared, &id, Outcome::Response(body.to_vec())),
        None => too_large(&shared, &id),
    }
}

/// Lambda's limit on a streamed response.
const STREAM_LIMIT: usize = 20 * 1024 * 1024;

/// A streamed response: each chunk goes on as it arrives to an
/// InvokeWithResponseStream caller, or is gathered into a buffered body
/// for a plain Invoke (as Lambda does). An error after the body comes in
/// the trailers Lambda-Runtime-Function-Error-Type and -Body (base64).
async fn streamed_response(shared: &RuntimeShared, id: &str, mut body: axum::body::Body) -> Response {
    use http_body_util::BodyExt;
    let sink = match &mut *lock(&shared.current) {
        Some(running) if running.request_id == id && !running.responding => {
            running.responding = true;
            running.chunks.clone()
        }
        _ => return invalid_request_id(),
    };
    let mut gathered = Vec::new();
    let mut total = 0usize;
    let mut trailers = None;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            // A bootstrap that died is told by its exit (given a moment to
            // be seen); one that sent what HTTP cannot read gets this error.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let message = "The response stream broke off (the runtime sent what is not HTTP chunked encoding).";
            let outcome = Outcome::Error {
                error_type: "Runtime.ResponseStreamBroken".into(),
                body: super::error_body("Runtime.ResponseStreamBroken", message),
            };
            let _ = end_invocation(shared, id, outcome, true);
            return (StatusCode::BAD_REQUEST, message).into_response();
        };
        let frame = match frame.into_data() {
            Ok(data) => data,
            Err(frame) => {
                trailers = frame.into_trailers().ok();
                continue;
            }
        };
        total += frame.len();
        let limit = if sink.is_some() { STREAM_LIMIT } else { RESPONSE_LIMIT };
        if total > limit {
            let message = format!("Response payload size exceeded maximum allowed payload size ({limit} bytes).");
            let outcome = Outcome::Error {
                error_type: "Function.ResponseSizeTooLarge".into(),
                body: super::error_body("Function.ResponseSizeTooLarge", &message),
            };
            let _ = end_invocation(shared, id, outcome, true);
            return (StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
        }
        match &sink {
            // A caller that hung up still lets the function run to its end.
            Some(sink) => {
                let _ = sink.send(frame).await;
            }
            None => gathered.extend_from_slice(&frame),
        }
    }
    // Read as lossy UTF-8: an error type in another script is still an error.
    let trailer = |name: &str| {
        trailers
            .as_ref()
            .and_then(|t: &HeaderMap| t.get(name))
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let outcome = match trailer("lambda-runtime-function-error-type") {
        Some(error_type) => {
            use base64::Engine;
            let error_type: String = crate::sanitize::one_line(&error_type).chars().take(128).collect();
            let body = trailer("lambda-runtime-function-error-body")
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                .unwrap_or_else(|| super::error_body(&error_type, ""));
            Outcome::Error { error_type, body }
        }
        None => Outcome::Response(gathered),
    };
    end_invocation(shared, id, outcome, true)
}

async fn invocation_error(
    State(shared): State<Arc<RuntimeShared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(body) = within_limit(body) else {
        return too_large(&shared, &id);
    };
    let error_type = error_type_of(&headers, &body);
    complete(
        &shared,
        &id,
        Outcome::Error {
            error_type,
            body: body.to_vec(),
        },
    )
}

async fn init_error(State(shared): State<Arc<RuntimeShared>>, headers: HeaderMap, body: Bytes) -> Response {
    let error_type = error_type_of(&headers, &body);
    shared.phase.send_replace(Phase::InitFailed {
        error_type,
        body: body.to_vec(),
    });
    (StatusCode::ACCEPTED, r#"{"status":"OK"}"#).into_response()
}

/// The header Lambda-Runtime-Function-Error-Type, else the body's errorType.
fn error_type_of(headers: &HeaderMap, body: &[u8]) -> String {
    headers
        .get("lambda-runtime-function-error-type")
        .map(|v| {
            crate::sanitize::one_line(&String::from_utf8_lossy(v.as_bytes()))
                .chars()
                .take(128)
                .collect()
        })
        .or_else(|| {
            serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("errorType").and_then(|t| t.as_str()).map(str::to_string))
        })
        .unwrap_or_else(|| "Unhandled".into())
}

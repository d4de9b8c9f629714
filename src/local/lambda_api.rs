//! The Lambda REST API of the embedded endpoint: listing, configuration,
//! versions and aliases, event invoke configs, and Invoke (sync, Event, DryRun).
//! Over 500 lines with its tests: Lambda's REST operations share the error
//! shape and the limits checked here.

use crate::local::lock;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use super::runtime::{InvocationResult, Runner};
use super::{
    ASYNC_LIMIT, Endpoint, EventInvokeConfig, LOG_TAIL_BYTES, LambdaError, MAX_DESTINATION_BYTES,
    MAX_DESTINATION_RECORDS, MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS, MAX_RECORD_PAYLOAD, SYNC_LIMIT, header_value,
    iso_now, new_request_id, now_millis,
};

#[derive(Deserialize)]
pub(super) struct ListQuery {
    #[serde(rename = "Marker")]
    marker: Option<String>,
    /// Read as text, so a bad one gets Lambda's error, not serde's.
    #[serde(rename = "MaxItems")]
    max_items: Option<String>,
}

fn json_response(value: Value) -> Response {
    ([("content-type", "application/json")], value.to_string()).into_response()
}

/// One page of `items` under `key`, after the opaque Marker (an index), with
/// NextMarker when more follow.
fn paged(key: &str, items: &[Value], query: &ListQuery) -> Result<Response, LambdaError> {
    page_of(key, items.len(), query, 10_000, |range| items[range].to_vec())
}

/// One page of `total` items, only that page's made (`make`): a list of
/// thousands answers each page in the time of one page.
fn page_of(
    key: &str,
    total: usize,
    query: &ListQuery,
    page_limit: usize,
    make: impl FnOnce(std::ops::Range<usize>) -> Vec<Value>,
) -> Result<Response, LambdaError> {
    let invalid =
        |message: String| LambdaError::new(StatusCode::BAD_REQUEST, "InvalidParameterValueException", message);
    let start = match query.marker.as_deref() {
        None => 0,
        Some(marker) => marker
            .parse::<usize>()
            .map_err(|_| invalid("Invalid Marker: it must be a NextMarker this endpoint gave".into()))?
            .min(total),
    };
    let asked = match query.max_items.as_deref() {
        None => 50,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| invalid("MaxItems must be between 1 and 10000".into()))?,
    };
    let limit = asked.min(page_limit);
    let end = (start + limit).min(total);
    let mut out = json!({ key: make(start..end) });
    if end < total {
        out["NextMarker"] = json!(end.to_string());
    }
    Ok(json_response(out))
}

pub(super) async fn list_functions(
    State(endpoint): State<Arc<Endpoint>>,
    Query(query): Query<ListQuery>,
) -> Result<Response, LambdaError> {
    // Lambda answers at most 50 functions a page, whatever MaxItems asks.
    page_of("Functions", endpoint.functions.len(), &query, 50, |range| {
        endpoint.functions[range]
            .iter()
            .map(|f| endpoint.configuration(f, "$LATEST"))
            .collect()
    })
}

#[derive(Deserialize)]
pub(super) struct QualifierQuery {
    #[serde(rename = "Qualifier")]
    pub(super) qualifier: Option<String>,
}

pub(super) async fn get_function(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
) -> Result<Response, LambdaError> {
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
    let mut out = json!({
        "Configuration": endpoint.configuration(&runner, &version),
        "Code": { "RepositoryType": "Local", "Location": runner.spec.dir.display().to_string() },
    });
    if let Some(reserved) = runner.spec.reserved_concurrency {
        out["Concurrency"] = json!({ "ReservedConcurrentExecutions": reserved });
    }
    if !runner.spec.tags.is_empty() {
        out["Tags"] = json!(runner.spec.tags);
    }
    Ok(json_response(out))
}

/// ListProvisionedConcurrencyConfigs: the embedded endpoint provisions
/// nothing (every environment starts on demand).
pub(super) async fn list_provisioned_concurrency(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, LambdaError> {
    endpoint.resolve(&name, None)?;
    Ok(json_response(json!({ "ProvisionedConcurrencyConfigs": [] })))
}

/// GetFunctionUrlConfig: no function here has a URL yet.
pub(super) async fn get_function_configuration(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
) -> Result<Response, LambdaError> {
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
    Ok(json_response(endpoint.configuration(&runner, &version)))
}

pub(super) async fn list_versions(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    let versions: Vec<Value> = std::iter::once("$LATEST".to_string())
        .chain((1..=runner.spec.versions).map(|v| v.to_string()))
        .map(|v| endpoint.configuration(&runner, &v))
        .collect();
    paged("Versions", &versions, &query)
}

pub(super) async fn list_aliases(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    let aliases: Vec<Value> = runner
        .spec
        .aliases
        .iter()
        .map(|(alias, version)| {
            json!({
                "AliasArn": format!("{}:{alias}", runner.arn),
                "Name": alias,
                "FunctionVersion": version,
                "Description": "",
                "RevisionId": "00000000-0000-0000-0000-000000000000",
            })
        })
        .collect();
    paged("Aliases", &aliases, &query)
}

fn event_config_json(runner: &Runner, config: &EventInvokeConfig) -> Value {
    let destination = |arn: &Option<String>| match arn {
        Some(arn) => json!({ "Destination": arn }),
        None => json!({}),
    };
    json!({
        "FunctionArn": format!("{}:$LATEST", runner.arn),
        "MaximumRetryAttempts": config.maximum_retry_attempts,
        "MaximumEventAgeInSeconds": config.maximum_event_age_seconds,
        "LastModified": config.last_modified,
        "DestinationConfig": {
            "OnSuccess": destination(&config.on_success),
            "OnFailure": destination(&config.on_failure),
        },
    })
}

pub(super) async fn get_event_config(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    Ok(json_response(event_config_json(
        &runner,
        &endpoint.event_config(&runner),
    )))
}

pub(super) async fn put_event_config(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    body: Bytes,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    let invalid = |m: &str| LambdaError::new(StatusCode::BAD_REQUEST, "InvalidParameterValueException", m);
    let request: Value = serde_json::from_slice(&body).map_err(|e| invalid(&e.to_string()))?;
    let mut config = endpoint.event_config(&runner);
    if let Some(n) = request.get("MaximumRetryAttempts").and_then(Value::as_u64) {
        if n > 2 {
            return Err(invalid("MaximumRetryAttempts must be between 0 and 2"));
        }
        config.maximum_retry_attempts = n as u32;
    }
    if let Some(n) = request.get("MaximumEventAgeInSeconds").and_then(Value::as_u64) {
        if !(60..=21_600).contains(&n) {
            return Err(invalid("MaximumEventAgeInSeconds must be between 60 and 21600"));
        }
        config.maximum_event_age_seconds = n as u32;
    }
    let destination = |which: &str| {
        request
            .pointer(&format!("/DestinationConfig/{which}/Destination"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    config.on_success = destination("OnSuccess");
    config.on_failure = destination("OnFailure");
    config.last_modified = now_millis() as f64 / 1000.0;
    lock(&endpoint.event_configs).insert(runner.spec.name.clone(), config.clone());
    Ok(json_response(event_config_json(&runner, &config)))
}

pub(super) async fn list_destinations(State(endpoint): State<Arc<Endpoint>>) -> Response {
    let records: Vec<Value> = lock(&endpoint.destinations)
        .records
        .iter()
        .map(|(r, _)| r.clone())
        .collect();
    json_response(json!({ "Records": records }))
}

pub(super) async fn invoke(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, LambdaError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let invocation_type = header("x-amz-invocation-type").unwrap_or("RequestResponse");
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
    admit(&runner, invocation_type, &body)?;
    let request_id = new_request_id();
    match invocation_type {
        "DryRun" => Ok((StatusCode::NO_CONTENT, [("x-amzn-requestid", request_id)]).into_response()),
        "Event" => {
            let Some(queued) = QueuedEvent::take(&endpoint, body.len()) else {
                let mut error = LambdaError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TooManyRequestsException",
                    format!(
                        "Rate Exceeded: the local async queue is full ({MAX_QUEUED_EVENTS} events or {} MB)",
                        MAX_QUEUED_BYTES / (1024 * 1024)
                    ),
                );
                error.extra.push(("Reason", json!("CallerRateLimitExceeded")));
                return Err(error);
            };
            tokio::spawn(run_async(
                endpoint.clone(),
                runner,
                version,
                request_id.clone(),
                body,
                queued,
            ));
            Ok((StatusCode::ACCEPTED, [("x-amzn-requestid", request_id)]).into_response())
        }
        "RequestResponse" => {
            let client_context = header("x-amz-client-context").map(decode_client_context).transpose()?;
            let result = runner
                .invoke(&version, request_id, body, client_context, None)
                .await
                .map_err(throttled)?;
            let tail = header("x-amz-log-type") == Some("Tail");
            Ok(sync_response(result, tail))
        }
        other => Err(LambdaError::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            format!("Unsupported invocation type {other}"),
        )),
    }
}

/// A function at its concurrency limit: Lambda's 429 with the reason.
pub(super) fn throttled(throttle: crate::local::runtime::Throttled) -> LambdaError {
    let mut error = LambdaError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequestsException",
        "Rate Exceeded.",
    );
    error.extra.push(("Reason", json!(throttle.reason)));
    error.headers.push(("retry-after", "1".into()));
    error
}

/// What every invoke checks first, as Lambda does: the function is ready,
/// the payload within the type's limit and JSON.
pub(super) fn admit(
    runner: &crate::local::runtime::Runner,
    invocation_type: &str,
    body: &[u8],
) -> Result<(), LambdaError> {
    // A function that is not ready is refused, as Lambda refuses it.
    match runner.spec.state.as_str() {
        "Pending" => {
            return Err(LambdaError::new(
                StatusCode::CONFLICT,
                "ResourceConflictException",
                "The operation cannot be performed at this time. The function is currently in the following state: Pending",
            ));
        }
        state @ ("Inactive" | "Failed") => {
            return Err(LambdaError::new(
                StatusCode::BAD_GATEWAY,
                "ResourceNotReadyException",
                format!("The function is in the following state: {state}"),
            ));
        }
        _ => {}
    }
    let limit = if invocation_type == "Event" {
        ASYNC_LIMIT
    } else {
        SYNC_LIMIT
    };
    if body.len() > limit {
        return Err(LambdaError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestTooLargeException",
            format!("Request must be smaller than {limit} bytes for the {invocation_type} invocation type"),
        ));
    }
    if !body.is_empty() && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        return Err(LambdaError::new(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            "Could not parse request body into json: the payload is not valid JSON",
        ));
    }
    Ok(())
}

/// The client context arrives base64-encoded, at most 3,583 bytes, as
/// Lambda takes it; the runtime gets it as JSON text.
pub(super) fn decode_client_context(encoded: &str) -> Result<String, LambdaError> {
    let invalid = |message: &str| LambdaError::new(StatusCode::BAD_REQUEST, "InvalidParameterValueException", message);
    if encoded.len() > crate::client_context::MAX_ENCODED_BYTES {
        return Err(invalid(&format!(
            "Client context must be at most {} bytes",
            crate::client_context::MAX_ENCODED_BYTES
        )));
    }
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|text| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok())
        .ok_or_else(|| invalid("Client context must be a valid Base64-encoded JSON object."))
}

fn sync_response(result: InvocationResult, tail: bool) -> Response {
    let mut response = (StatusCode::OK, result.body).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("x-amzn-requestid", header_value(&result.request_id));
    headers.insert("x-amz-executed-version", header_value(&result.executed_version));
    if let Some(error) = result.function_error {
        headers.insert("x-amz-function-error", HeaderValue::from_static(error));
    }
    if tail {
        let bytes = result.log_text.as_bytes();
        let tail = &bytes[bytes.len().saturating_sub(LOG_TAIL_BYTES)..];
        headers.insert(
            "x-amz-log-result",
            header_value(&base64::engine::general_purpose::STANDARD.encode(tail)),
        );
    }
    response
}

/// Runs an Event invocation: retried on function error with the same request
/// id, dropped when too old, and recorded for its destination.
/// A place in the async queue, given back when its invocation is done.
/// It holds its payload's bytes against the queue's byte budget too.
struct QueuedEvent(Arc<Endpoint>, usize);

impl QueuedEvent {
    fn take(endpoint: &Arc<Endpoint>, bytes: usize) -> Option<QueuedEvent> {
        let mut queued = lock(&endpoint.queued);
        let (count, held) = *queued;
        if count >= MAX_QUEUED_EVENTS || held + bytes > MAX_QUEUED_BYTES {
            return None;
        }
        *queued = (count + 1, held + bytes);
        Some(QueuedEvent(endpoint.clone(), bytes))
    }
}

impl Drop for QueuedEvent {
    fn drop(&mut self) {
        let mut queued = lock(&self.0.queued);
        queued.0 -= 1;
        queued.1 -= self.1;
    }
}

/// How long a throttled event waits before it tries again: never less than
/// this, so `--retry-delay 0` cannot make it spin.
fn throttle_wait(retry_unit: Duration) -> Duration {
    retry_unit.max(Duration::from_millis(200))
}

async fn run_async(
    endpoint: Arc<Endpoint>,
    runner: Arc<Runner>,
    version: String,
    request_id: String,
    payload: Bytes,
    _queued: QueuedEvent,
) {
    let received = Instant::now();
    let config = endpoint.event_config(&runner);
    let max_age = Duration::from_secs(config.maximum_event_age_seconds.into());
    let mut attempts = 0u32;
    let mut last: Option<InvocationResult> = None;
    let condition = loop {
        if received.elapsed() > max_age {
            break "EventAgeExceeded";
        }
        match runner
            .invoke(&version, request_id.clone(), payload.clone(), None, None)
            .await
        {
            // A throttled event waits and tries again; it is not an attempt.
            Err(_) => tokio::time::sleep(throttle_wait(endpoint.settings.retry_unit)).await,
            Ok(result) => {
                attempts += 1;
                let failed = result.function_error.is_some();
                last = Some(result);
                if !failed {
                    break "Success";
                }
                if attempts > config.maximum_retry_attempts {
                    break "RetriesExhausted";
                }
                tokio::time::sleep(endpoint.settings.retry_unit * attempts).await;
            }
        }
    };
    let destination = if condition == "Success" {
        config.on_success
    } else {
        config.on_failure
    };
    let Some(destination) = destination else { return };
    // A record keeps payloads up to a size; a bigger one is noted, not kept
    // (Lambda's destinations take at most 256 KB a record).
    let as_json = |bytes: &[u8]| {
        if bytes.len() > MAX_RECORD_PAYLOAD {
            return json!(format!("({} bytes, not kept: over {MAX_RECORD_PAYLOAD})", bytes.len()));
        }
        serde_json::from_slice::<Value>(bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(bytes)))
    };
    let mut response_context = json!({ "statusCode": 200, "executedVersion": version });
    if let Some(error) = last.as_ref().and_then(|r| r.function_error) {
        response_context["functionError"] = json!(error);
    }
    let record = json!({
        "destination": destination,
        "version": "1.0",
        "timestamp": iso_now(),
        "requestContext": {
            "requestId": request_id,
            "functionArn": format!("{}:{version}", runner.arn),
            "condition": condition,
            "approximateInvokeCount": attempts,
        },
        "requestPayload": if payload.is_empty() { json!({}) } else { as_json(&payload) },
        "responseContext": response_context,
        "responsePayload": last.as_ref().map(|r| as_json(&r.body)).unwrap_or(Value::Null),
    });
    let size = record.to_string().len();
    let mut destinations = lock(&endpoint.destinations);
    destinations.records.push_back((record, size));
    destinations.bytes += size;
    while destinations.records.len() > MAX_DESTINATION_RECORDS || destinations.bytes > MAX_DESTINATION_BYTES {
        let Some((_, size)) = destinations.records.pop_front() else {
            break;
        };
        destinations.bytes -= size;
    }
}

pub(super) async fn logs_api(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    // STS's query protocol shares the root path: who the caller is, for the
    // console's header.
    if !headers.contains_key("x-amz-target") && body.starts_with(b"Action=GetCallerIdentity") {
        return caller_identity();
    }
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if target == "Logs_20140328.StartLiveTail" {
        return match super::live_tail::start(endpoint.logs.clone(), &body) {
            Ok(response) => response,
            Err(error) => logs_error(error),
        };
    }
    // The log store's work is bounded, but it holds a lock and burns CPU:
    // off the async workers, so a heavy query never stalls other requests.
    let logs = endpoint.logs.clone();
    let handled = tokio::task::spawn_blocking(move || logs.handle(&target, &body)).await;
    let handled = match handled {
        Ok(handled) => handled,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "the endpoint is stopping").into_response(),
    };
    let value = match handled {
        Ok(value) => value,
        Err(error) => return logs_error(error),
    };
    logs_answer(StatusCode::OK, value)
}

/// A Logs error in the JSON protocol's shape, its type in the header too.
fn logs_error(error: crate::local::logs::LogsError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = logs_answer(status, json!({ "__type": error.kind, "message": error.message }));
    response
        .headers_mut()
        .insert("x-amzn-errortype", header_value(error.kind));
    response
}

fn logs_answer(status: StatusCode, value: Value) -> Response {
    let mut response = (status, value.to_string()).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/x-amz-json-1.1"));
    response
        .headers_mut()
        .insert("x-amzn-requestid", header_value(&new_request_id()));
    response
}

pub(super) async fn unknown_operation() -> LambdaError {
    LambdaError::new(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        "This operation is not supported by the local endpoint",
    )
}

/// STS GetCallerIdentity, as the service answers it: the embedded endpoint
/// is one account, with no IAM behind it.
fn caller_identity() -> Response {
    let xml = format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/local</Arn>\
         <UserId>AIDALOCALENDPOINT</UserId><Account>{account}</Account></GetCallerIdentityResult>\
         <ResponseMetadata><RequestId>{id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
        account = super::ACCOUNT,
        id = new_request_id()
    );
    let mut response = (StatusCode::OK, xml).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn the_async_queue_is_bounded_and_places_come_back() {
        let endpoint = Arc::new(Endpoint {
            functions: Vec::new(),
            by_name: Default::default(),
            logs: Default::default(),
            settings: Default::default(),
            event_configs: Default::default(),
            destinations: Default::default(),
            queued: Mutex::new((MAX_QUEUED_EVENTS - 1, 0)),
            faults: Default::default(),
            schemas: Default::default(),
            calls: Default::default(),
        });
        let last = QueuedEvent::take(&endpoint, 10).expect("one place left");
        assert!(QueuedEvent::take(&endpoint, 10).is_none(), "full by count");
        drop(last);
        assert!(QueuedEvent::take(&endpoint, 10).is_some(), "a place came back");
        *lock(&endpoint.queued) = (0, 0);
        let big = QueuedEvent::take(&endpoint, MAX_QUEUED_BYTES - 5).expect("room for it");
        assert!(QueuedEvent::take(&endpoint, 10).is_none(), "full by bytes");
        drop(big);
        assert_eq!(*lock(&endpoint.queued), (0, 0));
    }

    #[test]
    fn a_throttled_event_never_spins() {
        assert_eq!(throttle_wait(Duration::ZERO), Duration::from_millis(200));
        assert_eq!(throttle_wait(Duration::from_secs(2)), Duration::from_secs(2));
    }
}

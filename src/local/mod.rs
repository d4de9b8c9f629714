//! A Lambda-compatible endpoint embedded in the binary (`--local`,
//! `serve-local`): the Lambda REST API and CloudWatch Logs' JSON API on one
//! loopback port, running real function folders. It accepts any signature.

pub mod logs;
pub mod runtime;
pub mod samples;
pub mod spec;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use logs::LogStore;
use runtime::{InvocationResult, Runner};
use spec::FunctionSpec;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "000000000000";
const SYNC_LIMIT: usize = 6 * 1024 * 1024;
const ASYNC_LIMIT: usize = 1024 * 1024;
/// X-Amz-Log-Result carries the last 4 KB of the invocation's log.
const LOG_TAIL_BYTES: usize = 4096;

#[derive(Debug, Clone)]
pub struct EndpointSettings {
    /// Concurrent executions per function without reserved concurrency.
    pub concurrency_limit: u32,
    /// Warm environments idle this long are stopped.
    pub idle_timeout: Duration,
    /// Lambda waits about a minute, then two, between async retries; here one
    /// and two of this unit.
    pub retry_unit: Duration,
}

impl Default for EndpointSettings {
    fn default() -> Self {
        EndpointSettings {
            concurrency_limit: 10,
            idle_timeout: Duration::from_secs(300),
            retry_unit: Duration::from_secs(1),
        }
    }
}

#[derive(Debug, Clone)]
struct EventInvokeConfig {
    maximum_retry_attempts: u32,
    maximum_event_age_seconds: u32,
    on_success: Option<String>,
    on_failure: Option<String>,
    last_modified: f64,
}

struct Endpoint {
    functions: Vec<Arc<Runner>>,
    by_name: HashMap<String, Arc<Runner>>,
    logs: Arc<LogStore>,
    settings: EndpointSettings,
    event_configs: Mutex<HashMap<String, EventInvokeConfig>>,
    /// Destination records, in Lambda's invocation record format.
    destinations: Mutex<Vec<Value>>,
}

/// A running endpoint; dropping it stops the server and every environment.
pub struct LocalEndpoint {
    pub addr: SocketAddr,
    pub function_count: usize,
    logs: Arc<LogStore>,
    server: tokio::task::JoinHandle<()>,
    reaper: tokio::task::JoinHandle<()>,
}

impl LocalEndpoint {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// CloudWatch Logs calls answered so far.
    pub fn logs_api_calls(&self) -> u64 {
        self.logs.calls()
    }
}

impl Drop for LocalEndpoint {
    fn drop(&mut self) {
        self.server.abort();
        self.reaper.abort();
    }
}

/// Loads the function folders under `functions_dir` and serves them on
/// 127.0.0.1:`port` (0 picks a free port).
pub async fn start(functions_dir: &Path, port: u16, settings: EndpointSettings) -> Result<LocalEndpoint, String> {
    let specs = spec::load_dir(functions_dir)?;
    let logs = Arc::new(LogStore::default());
    let functions: Vec<Arc<Runner>> = specs
        .into_iter()
        .map(|spec: FunctionSpec| Runner::new(spec, logs.clone(), settings.clone()))
        .collect();
    let by_name = functions.iter().map(|f| (f.spec.name.clone(), f.clone())).collect();
    let endpoint = Arc::new(Endpoint {
        functions,
        by_name,
        logs,
        settings,
        event_configs: Mutex::default(),
        destinations: Mutex::default(),
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = router(endpoint.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let reaper = tokio::spawn({
        let endpoint = endpoint.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                for function in &endpoint.functions {
                    function.reap_idle();
                }
            }
        }
    });
    Ok(LocalEndpoint {
        addr,
        function_count: endpoint.functions.len(),
        logs: endpoint.logs.clone(),
        server,
        reaper,
    })
}

fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/2015-03-31/functions", get(list_functions))
        .route("/2015-03-31/functions/", get(list_functions))
        .route("/2015-03-31/functions/{name}", get(get_function))
        .route(
            "/2015-03-31/functions/{name}/configuration",
            get(get_function_configuration),
        )
        .route("/2015-03-31/functions/{name}/invocations", post(invoke))
        .route("/2015-03-31/functions/{name}/versions", get(list_versions))
        .route("/2015-03-31/functions/{name}/aliases", get(list_aliases))
        .route(
            "/2019-09-25/functions/{name}/event-invoke-config",
            get(get_event_config).put(put_event_config),
        )
        .route("/local/destinations", get(list_destinations))
        .route("/", post(logs_api))
        .fallback(unknown_operation)
        // Lambda's own limits are checked in the handlers, with Lambda's errors.
        .layer(DefaultBodyLimit::max(SYNC_LIMIT * 2))
        .with_state(endpoint)
}

pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// (year, month, day) of a Unix time, without a calendar crate.
pub fn civil_date(unix_seconds: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-from-civil, inverted.
    let z = unix_seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Now as `2026-11-30T04:00:00.000Z`, for log lines and invocation records.
pub fn iso_now() -> String {
    let millis = now_millis();
    let (y, m, d) = civil_date(millis / 1000);
    let t = (millis / 1000).rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60,
        millis % 1000
    )
}

/// Lambda's LastModified format: `2026-11-30T02:00:00.000+0000`.
fn lambda_timestamp(unix_seconds: i64) -> String {
    let (y, m, d) = civil_date(unix_seconds);
    let t = unix_seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000+0000",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// An error in Lambda's REST JSON shape, which the SDKs map to typed errors.
struct LambdaError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    extra: Vec<(&'static str, Value)>,
    headers: Vec<(&'static str, String)>,
}

impl LambdaError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> LambdaError {
        LambdaError {
            status,
            kind,
            message: message.into(),
            extra: Vec::new(),
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for LambdaError {
    fn into_response(self) -> Response {
        let mut body = json!({ "Type": "User", "message": self.message });
        for (key, value) in self.extra {
            body[key] = value;
        }
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert("x-amzn-errortype", HeaderValue::from_static(self.kind));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("x-amzn-requestid", header_value(&new_request_id()));
        for (name, value) in self.headers {
            headers.insert(name, header_value(&value));
        }
        response
    }
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Endpoint {
    /// Finds a function by name, partial or full ARN, with an optional qualifier
    /// in the name or the query; returns it and the version that will run.
    fn resolve(&self, name: &str, qualifier: Option<&str>) -> Result<(Arc<Runner>, String), LambdaError> {
        let (base, inline) = split_function_name(name);
        let qualifier = qualifier.or(inline);
        let not_found = || {
            let arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{base}");
            let shown = qualifier.map(|q| format!("{arn}:{q}")).unwrap_or(arn);
            LambdaError::new(
                StatusCode::NOT_FOUND,
                "ResourceNotFoundException",
                format!("Function not found: {shown}"),
            )
        };
        let runner = self.by_name.get(base).cloned().ok_or_else(not_found)?;
        let version = match qualifier {
            None | Some("$LATEST") => "$LATEST".to_string(),
            Some(q) if q.parse::<u32>().is_ok_and(|v| v >= 1 && v <= runner.spec.versions) => q.to_string(),
            Some(q) => runner.spec.aliases.get(q).cloned().ok_or_else(not_found)?,
        };
        Ok((runner, version))
    }

    fn configuration(&self, runner: &Runner, version: &str) -> Value {
        let spec = &runner.spec;
        let arn = if version == "$LATEST" {
            runner.arn.clone()
        } else {
            format!("{}:{version}", runner.arn)
        };
        let mut config = json!({
            "FunctionName": spec.name,
            "FunctionArn": arn,
            "Runtime": spec.runtime,
            "Role": format!("arn:aws:iam::{ACCOUNT}:role/lambda-console-local"),
            "Handler": spec.handler,
            "CodeSize": spec.code_size,
            "Description": spec.description,
            "Timeout": spec.timeout,
            "MemorySize": spec.memory,
            "LastModified": lambda_timestamp(spec.modified_unix),
            "CodeSha256": "",
            "Version": version,
            "TracingConfig": { "Mode": "PassThrough" },
            "RevisionId": "00000000-0000-0000-0000-000000000000",
            "State": "Active",
            "LastUpdateStatus": "Successful",
            "PackageType": "Zip",
            "Architectures": [std::env::consts::ARCH.replace("aarch64", "arm64")],
            "EphemeralStorage": { "Size": 512 },
            "LoggingConfig": { "LogFormat": "Text", "LogGroup": runner.log_group },
        });
        if !spec.environment.is_empty() {
            config["Environment"] = json!({ "Variables": spec.environment });
        }
        config
    }

    fn event_config(&self, runner: &Runner) -> EventInvokeConfig {
        self.event_configs
            .lock()
            .unwrap()
            .get(&runner.spec.name)
            .cloned()
            .unwrap_or_else(|| EventInvokeConfig {
                maximum_retry_attempts: runner.spec.async_config.maximum_retry_attempts,
                maximum_event_age_seconds: runner.spec.async_config.maximum_event_age_seconds,
                on_success: runner.spec.async_config.on_success.clone(),
                on_failure: runner.spec.async_config.on_failure.clone(),
                last_modified: 0.0,
            })
    }
}

/// `name`, `name:qualifier`, `123456789012:function:name[:q]` or a full ARN.
fn split_function_name(name: &str) -> (&str, Option<&str>) {
    let rest = match name.find("function:") {
        Some(at) => &name[at + "function:".len()..],
        None => name,
    };
    match rest.split_once(':') {
        Some((base, qualifier)) => (base, Some(qualifier)),
        None => (rest, None),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(rename = "Marker")]
    marker: Option<String>,
    #[serde(rename = "MaxItems")]
    max_items: Option<usize>,
}

fn json_response(value: Value) -> Response {
    ([("content-type", "application/json")], value.to_string()).into_response()
}

/// One page of `items` under `key`, after the opaque Marker (an index), with
/// NextMarker when more follow.
fn paged(key: &str, items: &[Value], query: &ListQuery) -> Response {
    let start = query
        .marker
        .as_deref()
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let limit = query.max_items.unwrap_or(50).clamp(1, 10_000);
    let end = (start + limit).min(items.len());
    let mut out = json!({ key: items[start..end] });
    if end < items.len() {
        out["NextMarker"] = json!(end.to_string());
    }
    json_response(out)
}

async fn list_functions(State(endpoint): State<Arc<Endpoint>>, Query(query): Query<ListQuery>) -> Response {
    let configs: Vec<Value> = endpoint
        .functions
        .iter()
        .map(|f| endpoint.configuration(f, "$LATEST"))
        .collect();
    paged("Functions", &configs, &query)
}

#[derive(Deserialize)]
struct QualifierQuery {
    #[serde(rename = "Qualifier")]
    qualifier: Option<String>,
}

async fn get_function(
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
    Ok(json_response(out))
}

async fn get_function_configuration(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
) -> Result<Response, LambdaError> {
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
    Ok(json_response(endpoint.configuration(&runner, &version)))
}

async fn list_versions(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    let versions: Vec<Value> = std::iter::once("$LATEST".to_string())
        .chain((1..=runner.spec.versions).map(|v| v.to_string()))
        .map(|v| endpoint.configuration(&runner, &v))
        .collect();
    Ok(paged("Versions", &versions, &query))
}

async fn list_aliases(
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
    Ok(paged("Aliases", &aliases, &query))
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

async fn get_event_config(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    Ok(json_response(event_config_json(
        &runner,
        &endpoint.event_config(&runner),
    )))
}

async fn put_event_config(
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
    endpoint
        .event_configs
        .lock()
        .unwrap()
        .insert(runner.spec.name.clone(), config.clone());
    Ok(json_response(event_config_json(&runner, &config)))
}

async fn list_destinations(State(endpoint): State<Arc<Endpoint>>) -> Response {
    json_response(json!({ "Records": *endpoint.destinations.lock().unwrap() }))
}

async fn invoke(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    Query(query): Query<QualifierQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, LambdaError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let invocation_type = header("x-amz-invocation-type").unwrap_or("RequestResponse");
    let (runner, version) = endpoint.resolve(&name, query.qualifier.as_deref())?;
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
    if !body.is_empty() && serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
        return Err(LambdaError::new(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            "Could not parse request body into json: the payload is not valid JSON",
        ));
    }
    let request_id = new_request_id();
    match invocation_type {
        "DryRun" => Ok((StatusCode::NO_CONTENT, [("x-amzn-requestid", request_id)]).into_response()),
        "Event" => {
            tokio::spawn(run_async(
                endpoint.clone(),
                runner,
                version,
                request_id.clone(),
                body.to_vec(),
            ));
            Ok((StatusCode::ACCEPTED, [("x-amzn-requestid", request_id)]).into_response())
        }
        "RequestResponse" => {
            let client_context = header("x-amz-client-context").map(decode_client_context);
            let result = runner
                .invoke(&version, request_id, body.to_vec(), client_context)
                .await
                .map_err(|t| {
                    let mut error = LambdaError::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        "TooManyRequestsException",
                        "Rate Exceeded.",
                    );
                    error.extra.push(("Reason", json!(t.reason)));
                    error.headers.push(("retry-after", "1".into()));
                    error
                })?;
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

/// The client context arrives base64-encoded; the runtime gets it as JSON text.
fn decode_client_context(encoded: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| encoded.to_string())
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
async fn run_async(
    endpoint: Arc<Endpoint>,
    runner: Arc<Runner>,
    version: String,
    request_id: String,
    payload: Vec<u8>,
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
        match runner.invoke(&version, request_id.clone(), payload.clone(), None).await {
            // A throttled event waits and tries again; it is not an attempt.
            Err(_) => tokio::time::sleep(endpoint.settings.retry_unit).await,
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
    let as_json =
        |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(bytes)));
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
    endpoint.destinations.lock().unwrap().push(record);
}

async fn logs_api(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("");
    let (status, value) = match endpoint.logs.handle(target, &body) {
        Ok(value) => (StatusCode::OK, value),
        Err(error) => (
            StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST),
            json!({ "__type": error.kind, "message": error.message }),
        ),
    };
    let mut response = (status, value.to_string()).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/x-amz-json-1.1"));
    response
        .headers_mut()
        .insert("x-amzn-requestid", header_value(&new_request_id()));
    response
}

async fn unknown_operation() -> LambdaError {
    LambdaError::new(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        "This operation is not supported by the local endpoint",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(951_782_400), (2000, 2, 29));
        assert_eq!(lambda_timestamp(1_795_998_000), "2026-11-30T00:20:00.000+0000");
    }

    #[test]
    fn names_arns_and_inline_qualifiers_split() {
        assert_eq!(split_function_name("echo"), ("echo", None));
        assert_eq!(split_function_name("echo:live"), ("echo", Some("live")));
        assert_eq!(
            split_function_name("arn:aws:lambda:us-east-1:000000000000:function:echo:3"),
            ("echo", Some("3"))
        );
        assert_eq!(split_function_name("000000000000:function:echo"), ("echo", None));
    }
}

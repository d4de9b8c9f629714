//! A Lambda-compatible endpoint embedded in the binary (`--local`,
//! `serve-local`): the Lambda REST API and CloudWatch Logs' JSON API on one
//! loopback port, running real function folders. It accepts any signature.
//! Over 500 lines with its tests: the router, the endpoint's shared state
//! and the function resolution every API uses.

mod faults;
pub mod function_url;
pub mod groups;
mod guard;
mod lambda_api;
mod live_tail;
pub mod logs;
mod peer;
pub mod runtime;
pub mod samples;
mod schemas;
pub mod spec;
mod streaming;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde_json::{Value, json};

use logs::LogStore;
pub use peer::OwnUserOnly;
use runtime::Runner;
use spec::FunctionSpec;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "000000000000";
const SYNC_LIMIT: usize = 6 * 1024 * 1024;
const ASYNC_LIMIT: usize = 1024 * 1024;
/// X-Amz-Log-Result carries the last 4 KB of the invocation's log.
pub(crate) const LOG_TAIL_BYTES: usize = 4096;

#[derive(Debug, Clone)]
pub struct EndpointSettings {
    /// Concurrent executions per function without reserved concurrency.
    pub concurrency_limit: u32,
    /// Warm environments idle this long are stopped.
    pub idle_timeout: Duration,
    /// Lambda waits about a minute, then two, between async retries; here one
    /// and two of this unit.
    pub retry_unit: Duration,
    /// Passed to functions as Lambda passes its role's credentials, only
    /// when asked for (`--pass-credentials`); by default they get none.
    pub credentials: Option<PassedCredentials>,
    /// Added to every Lambda, Logs and Schemas answer, not to the Runtime
    /// API: a distant region, rehearsed (`--latency`).
    pub latency: Duration,
    /// Up to this much more per answer, at random (`--latency-jitter`).
    pub latency_jitter: Duration,
    /// The binary that runs the native samples, given to functions as
    /// LAMBDA_CONSOLE_EXE (`/proc/PID/exe` of the console itself, so a
    /// binary moved or replaced while it runs still runs its own samples).
    pub sample_runner: Option<std::path::PathBuf>,
}

/// AWS credentials handed to functions as Lambda's variables.
#[derive(Clone, PartialEq)]
pub struct PassedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

/// Never printed: the secret stays out of logs and panics.
impl std::fmt::Debug for PassedCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PassedCredentials({}, ****)", self.access_key_id)
    }
}

impl Default for EndpointSettings {
    fn default() -> Self {
        EndpointSettings {
            concurrency_limit: 10,
            idle_timeout: Duration::from_secs(300),
            retry_unit: Duration::from_secs(1),
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            credentials: None,
            sample_runner: None,
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
    /// Destination records, in Lambda's invocation record format; the newest
    /// `MAX_DESTINATION_RECORDS` are kept.
    destinations: Mutex<Destinations>,
    /// Event invocations accepted and not yet done, and their payload bytes:
    /// Lambda's async queue, bounded here.
    queued: Mutex<(usize, usize)>,
    /// Errors tests asked for (debug builds only).
    faults: faults::Faults,
    /// EventBridge Schemas registries, for shareable test events.
    schemas: Mutex<schemas::Registries>,
    /// API calls answered, by operation (`GET /local/calls`): how a test or
    /// a bench proves what the console asked for, and how often.
    calls: Mutex<HashMap<String, u64>>,
}

/// Event invocations queued at once, at most, and their payloads' bytes;
/// more are throttled.
const MAX_QUEUED_EVENTS: usize = 10_000;
const MAX_QUEUED_BYTES: usize = 256 * 1024 * 1024;
const MAX_DESTINATION_RECORDS: usize = 1_000;
const MAX_DESTINATION_BYTES: usize = 32 * 1024 * 1024;
const MAX_RECORD_PAYLOAD: usize = 256 * 1024;

/// Destination records with their sizes, the newest within the bounds.
#[derive(Default)]
struct Destinations {
    records: std::collections::VecDeque<(Value, usize)>,
    bytes: usize,
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
    /// The endpoint's environments end with it (one endpoint to a process).
    fn drop(&mut self) {
        self.server.abort();
        self.reaper.abort();
        groups::end_all();
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
        queued: Default::default(),
        faults: Default::default(),
        calls: Default::default(),
        schemas: Default::default(),
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = router(endpoint.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(OwnUserOnly(listener), router).await;
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
        .route("/2015-03-31/functions", get(lambda_api::list_functions))
        .route("/2015-03-31/functions/", get(lambda_api::list_functions))
        .route("/2015-03-31/functions/{name}", get(lambda_api::get_function))
        .route(
            "/2015-03-31/functions/{name}/configuration",
            get(lambda_api::get_function_configuration),
        )
        .route("/2015-03-31/functions/{name}/invocations", post(lambda_api::invoke))
        .route(
            "/2021-11-15/functions/{name}/response-streaming-invocations",
            post(streaming::invoke_with_response_stream),
        )
        .route("/2015-03-31/functions/{name}/versions", get(lambda_api::list_versions))
        .route(
            "/2019-09-30/functions/{name}/provisioned-concurrency",
            get(lambda_api::list_provisioned_concurrency),
        )
        .route(
            "/2021-10-31/functions/{name}/url",
            get(function_url::get_function_url_config),
        )
        .route(
            "/2015-03-31/event-source-mappings",
            get(function_url::list_event_source_mappings),
        )
        .route(
            "/2015-03-31/event-source-mappings/",
            get(function_url::list_event_source_mappings),
        )
        .route("/2015-03-31/functions/{name}/policy", get(function_url::get_policy))
        .route("/lambda-url/{name}", any(function_url::serve_url))
        .route("/lambda-url/{name}/", any(function_url::serve_url))
        .route("/lambda-url/{name}/{*rest}", any(function_url::serve_url))
        .route("/2015-03-31/functions/{name}/aliases", get(lambda_api::list_aliases))
        .route(
            "/2019-09-25/functions/{name}/event-invoke-config",
            get(lambda_api::get_event_config).put(lambda_api::put_event_config),
        )
        .route(
            "/v1/registries/name/{registry}",
            get(schemas::describe_registry).post(schemas::create_registry),
        )
        .route(
            "/v1/registries/name/{registry}/schemas/name/{schema}",
            get(schemas::describe_schema)
                .post(schemas::create_schema)
                .put(schemas::update_schema)
                .delete(schemas::delete_schema),
        )
        .route(
            "/v1/registries/name/{registry}/schemas/name/{schema}/versions",
            get(schemas::list_schema_versions),
        )
        .route(
            "/v1/registries/name/{registry}/schemas/name/{schema}/version/{version}",
            axum::routing::delete(schemas::delete_schema_version),
        )
        .route("/v1/discover", post(schemas::get_discovered_schema))
        .route("/local/destinations", get(lambda_api::list_destinations))
        .route("/local/calls", get(calls_answered))
        .route("/local/panic", post(faults::panic_on_request))
        .route("/local/fault", post(faults::queue))
        .route("/", post(lambda_api::logs_api))
        .fallback(lambda_api::unknown_operation)
        // Lambda's own limits are checked in the handlers, with Lambda's errors.
        .layer(DefaultBodyLimit::max(SYNC_LIMIT * 2))
        .layer(axum::middleware::from_fn_with_state(endpoint.clone(), faults::inject))
        .layer(axum::middleware::from_fn_with_state(endpoint.clone(), each_api_call))
        .layer(axum::middleware::from_fn(guard::answer_panics))
        .layer(axum::middleware::from_fn(guard::loopback_only))
        .with_state(endpoint)
}

/// Every answer of this router (Lambda, Logs, Schemas, STS) is counted by
/// operation, and waits `--latency`, and up to the jitter more; the Runtime
/// API, on servers of its own, does neither.
async fn each_api_call(
    axum::extract::State(endpoint): axum::extract::State<Arc<Endpoint>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let operation = operation_of(&request);
    let settings = &endpoint.settings;
    let jitter = settings.latency_jitter.as_millis() as u64;
    let extra = if jitter == 0 {
        0
    } else {
        // Random enough for a rehearsal, and no new dependency.
        uuid::Uuid::new_v4().as_u128() as u64 % (jitter + 1)
    };
    let wait = settings.latency + Duration::from_millis(extra);
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let response = next.run(request).await;
    if let Some(operation) = operation {
        // A made-up target is refused: it is counted as such, not by name,
        // so a flood of them cannot crowd out the real operations.
        let refused = response.status() == StatusCode::BAD_REQUEST
            && response
                .headers()
                .get("x-amzn-errortype")
                .is_some_and(|t| t.as_bytes().starts_with(b"UnknownOperation"));
        let operation = if refused { "unknown operation".into() } else { operation };
        let mut calls = lock(&endpoint.calls);
        if calls.len() < MAX_OPERATIONS || calls.contains_key(&operation) {
            *calls.entry(operation).or_default() += 1;
        } else {
            *calls.entry("other".into()).or_default() += 1;
        }
    }
    response
}

/// Operations counted by name, at most.
const MAX_OPERATIONS: usize = 256;

/// The operation a request calls, as a short key: the JSON protocol's
/// target on its one route (Logs), else the method and the route's path.
/// The endpoint's own `/local/` paths are not API calls. Keys are bounded
/// in length; their number is bounded where they are counted.
fn operation_of(request: &axum::extract::Request) -> Option<String> {
    if request.uri().path().starts_with("/local/") {
        return None;
    }
    let Some(path) = request.extensions().get::<axum::extract::MatchedPath>() else {
        return Some("unrouted".into());
    };
    let path = path.as_str();
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .filter(|target| path == "/" && !target.is_empty());
    let key = match target {
        Some(target) => crate::sanitize::one_line(target),
        None => format!("{} {path}", request.method()),
    };
    Some(key.chars().take(MAX_OPERATION_CHARS).collect())
}

const MAX_OPERATION_CHARS: usize = 100;

async fn calls_answered(axum::extract::State(endpoint): axum::extract::State<Arc<Endpoint>>) -> Response {
    let calls = lock(&endpoint.calls).clone();
    let mut response = axum::Json(json!({ "Calls": calls })).into_response();
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    response
}

/// Threads of the embedded endpoint are named so: a panic on one of them ends
/// that request, never the console (see the console's panic hook).
pub const THREAD_NAME: &str = "lambda-local-endpoint";

pub fn is_endpoint_thread() -> bool {
    std::thread::current()
        .name()
        .is_some_and(|name| name.starts_with(THREAD_NAME))
}

/// Locks a mutex even when a panic poisoned it: one request's panic must not
/// wedge every later one. What these mutexes guard is appended to or
/// replaced whole, so a half-done change cannot corrupt it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
            "CodeSha256": spec.code_sha256,
            "Version": version,
            "TracingConfig": { "Mode": "PassThrough" },
            "RevisionId": "00000000-0000-0000-0000-000000000000",
            "State": spec.state,
            "LastUpdateStatus": "Successful",
            "PackageType": "Zip",
            "Architectures": [std::env::consts::ARCH.replace("aarch64", "arm64")],
            "EphemeralStorage": { "Size": spec.ephemeral_storage },
            "LoggingConfig": { "LogFormat": "Text", "LogGroup": runner.log_group },
        });
        if !spec.environment.is_empty() {
            config["Environment"] = json!({ "Variables": spec.environment });
        }
        if !spec.state_reason.is_empty() {
            config["StateReason"] = json!(spec.state_reason);
        }
        if !spec.layers.is_empty() {
            config["Layers"] = json!(
                spec.layers
                    .iter()
                    .map(|arn| json!({ "Arn": arn, "CodeSize": 0 }))
                    .collect::<Vec<_>>()
            );
        }
        if !spec.vpc.subnets.is_empty() {
            config["VpcConfig"] = json!({
                "SubnetIds": spec.vpc.subnets,
                "SecurityGroupIds": spec.vpc.security_groups,
                "VpcId": "vpc-local",
            });
        }
        if let Some(apply_on) = &spec.snap_start {
            config["SnapStart"] = json!({ "ApplyOn": apply_on, "OptimizationStatus": "Off" });
        }
        if let Some(target) = &spec.dead_letter {
            config["DeadLetterConfig"] = json!({ "TargetArn": target });
        }
        config
    }

    fn event_config(&self, runner: &Runner) -> EventInvokeConfig {
        lock(&self.event_configs)
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

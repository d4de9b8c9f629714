//! Execution environments: a function's `bootstrap` run as Lambda runs it,
//! behind its own Runtime API, reused while warm, killed on timeout.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::{mpsc, oneshot, watch};

use super::logs::LogStore;
use super::spec::FunctionSpec;
use super::{EndpointSettings, civil_date, iso_now, now_millis};

/// Lambda gives the init phase 10 seconds.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for a function's last output lines to be read.
const LOG_FLUSH_TIMEOUT: Duration = Duration::from_millis(500);
/// Written into the output pipe after an invocation: everything the function
/// wrote before answering is ahead of it, so its arrival means the lines are in.
const SENTINEL: &str = "\u{0}lambda-console-flush:";

/// How an invocation ended, as the Runtime API or the process told it.
#[derive(Debug)]
enum Outcome {
    Response(Vec<u8>),
    Error {
        error_type: String,
        body: Vec<u8>,
    },
    /// The process exited (or never started) before answering.
    Exited(String),
}

/// Work handed to `/invocation/next`.
struct Work {
    request_id: String,
    payload: Vec<u8>,
    deadline_ms: i64,
    client_context: Option<String>,
    respond: oneshot::Sender<Outcome>,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Starting,
    Ready,
    InitFailed { error_type: String, body: Vec<u8> },
    Exited(String),
}

/// What the Runtime API handlers share with the environment.
struct RuntimeShared {
    work: tokio::sync::Mutex<mpsc::Receiver<Work>>,
    current: Mutex<Option<(String, oneshot::Sender<Outcome>)>>,
    phase: watch::Sender<Phase>,
    function_arn: String,
}

pub struct Environment {
    pub stream: String,
    pid: Option<u32>,
    work: mpsc::Sender<Work>,
    shared: Arc<RuntimeShared>,
    log_pipe: Mutex<std::io::PipeWriter>,
    flushes: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>>,
    next_flush: AtomicU64,
    kill: Mutex<Option<oneshot::Sender<()>>>,
    server: tokio::task::JoinHandle<()>,
    pub init_duration: Duration,
    last_used: Mutex<Instant>,
    max_memory_kb: AtomicU64,
}

impl Drop for Environment {
    fn drop(&mut self) {
        self.stop();
        self.server.abort();
    }
}

impl Environment {
    fn stop(&self) {
        if let Some(kill) = self.kill.lock().unwrap().take() {
            let _ = kill.send(());
        }
    }

    fn is_alive(&self) -> bool {
        !matches!(*self.shared.phase.borrow(), Phase::Exited(_) | Phase::InitFailed { .. })
    }

    /// Peak resident memory of the bootstrap so far, from /proc.
    fn max_memory_mb(&self) -> u64 {
        if let Some(pid) = self.pid
            && let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        {
            self.max_memory_kb.fetch_max(kb, Ordering::Relaxed);
        }
        self.max_memory_kb.load(Ordering::Relaxed).div_ceil(1024)
    }

    /// Waits until everything the function wrote so far has reached the log store.
    async fn flush_logs(&self) {
        let id = self.next_flush.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.flushes.lock().unwrap().insert(id, tx);
        let written = writeln!(self.log_pipe.lock().unwrap(), "{SENTINEL}{id}").is_ok();
        if written {
            let _ = tokio::time::timeout(LOG_FLUSH_TIMEOUT, rx).await;
        }
        self.flushes.lock().unwrap().remove(&id);
    }
}

/// A function's environments, per version, and its concurrency.
pub struct Runner {
    pub spec: FunctionSpec,
    pub arn: String,
    pub log_group: String,
    logs: Arc<LogStore>,
    settings: EndpointSettings,
    idle: Mutex<HashMap<String, Vec<Arc<Environment>>>>,
    busy: Mutex<u32>,
}

/// The answer to one invocation.
#[derive(Debug, Clone)]
pub struct InvocationResult {
    pub request_id: String,
    pub executed_version: String,
    pub body: Vec<u8>,
    /// `Unhandled` (a crash, a timeout, a runtime error) or `Handled`.
    pub function_error: Option<&'static str>,
    /// This invocation's log lines, START to REPORT.
    pub log_text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Throttled {
    pub reason: &'static str,
}

impl Runner {
    pub fn new(spec: FunctionSpec, logs: Arc<LogStore>, settings: EndpointSettings) -> Arc<Runner> {
        let arn = format!(
            "arn:aws:lambda:{}:{}:function:{}",
            super::REGION,
            super::ACCOUNT,
            spec.name
        );
        let log_group = format!("/aws/lambda/{}", spec.name);
        Arc::new(Runner {
            spec,
            arn,
            log_group,
            logs,
            settings,
            idle: Mutex::default(),
            busy: Mutex::new(0),
        })
    }

    fn concurrency_limit(&self) -> (u32, &'static str) {
        match self.spec.reserved_concurrency {
            Some(n) => (n, "ReservedFunctionConcurrentInvocationLimitExceeded"),
            None => (self.settings.concurrency_limit, "ConcurrentInvocationLimitExceeded"),
        }
    }

    /// Stops environments idle for longer than the endpoint allows.
    pub fn reap_idle(&self) {
        let idle_timeout = self.settings.idle_timeout;
        let mut idle = self.idle.lock().unwrap();
        for envs in idle.values_mut() {
            envs.retain(|env| env.is_alive() && env.last_used.lock().unwrap().elapsed() < idle_timeout);
        }
    }

    pub async fn invoke(
        self: &Arc<Self>,
        version: &str,
        request_id: String,
        payload: Vec<u8>,
        client_context: Option<String>,
    ) -> Result<InvocationResult, Throttled> {
        let warm = {
            let (limit, reason) = self.concurrency_limit();
            let mut busy = self.busy.lock().unwrap();
            if *busy >= limit {
                return Err(Throttled { reason });
            }
            *busy += 1;
            let mut idle = self.idle.lock().unwrap();
            let envs = idle.entry(version.to_string()).or_default();
            envs.retain(|env| env.is_alive());
            envs.pop()
        };
        let result = self.run_on(warm, version, request_id, payload, client_context).await;
        *self.busy.lock().unwrap() -= 1;
        Ok(result)
    }

    async fn run_on(
        self: &Arc<Self>,
        warm: Option<Arc<Environment>>,
        version: &str,
        request_id: String,
        payload: Vec<u8>,
        client_context: Option<String>,
    ) -> InvocationResult {
        let (env, cold) = match warm {
            Some(env) => (env, false),
            None => match self.start_environment(version).await {
                Ok(env) => (Arc::new(env), true),
                Err((env, outcome)) => return self.failed_init(env, version, request_id, outcome).await,
            },
        };
        let first_line = self.logs.append(
            &self.log_group,
            &env.stream,
            format!("START RequestId: {request_id} Version: {version}"),
        );
        let started = Instant::now();
        let timeout = Duration::from_secs(self.spec.timeout.into());
        let deadline_ms = now_millis() + timeout.as_millis() as i64;
        let (respond, answer) = oneshot::channel();
        let work = Work {
            request_id: request_id.clone(),
            payload,
            deadline_ms,
            client_context,
            respond,
        };
        let outcome = if env.work.send(work).await.is_err() {
            Outcome::Exited("the runtime is not accepting work".into())
        } else {
            tokio::select! {
                outcome = answer => outcome.unwrap_or_else(|_| Outcome::Exited(exit_reason(&env))),
                _ = tokio::time::sleep(timeout) => {
                    env.stop();
                    return self.finish(&env, version, &request_id, cold, started, first_line, Ending::Timeout).await;
                }
            }
        };
        let ending = match outcome {
            Outcome::Response(body) => Ending::Response(body),
            Outcome::Error { error_type, body } => Ending::Error { error_type, body },
            Outcome::Exited(reason) => Ending::Exited(reason),
        };
        let result = self
            .finish(&env, version, &request_id, cold, started, first_line, ending)
            .await;
        if env.is_alive() {
            *env.last_used.lock().unwrap() = Instant::now();
            self.idle
                .lock()
                .unwrap()
                .entry(version.to_string())
                .or_default()
                .push(env);
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        env: &Environment,
        version: &str,
        request_id: &str,
        cold: bool,
        started: Instant,
        first_line: usize,
        ending: Ending,
    ) -> InvocationResult {
        let duration = started.elapsed();
        env.flush_logs().await;
        let (body, function_error, status) = match ending {
            Ending::Response(body) => (body, None, None),
            Ending::Error { error_type, body } => {
                // The runtime reported the error: Lambda calls it Unhandled too.
                let body = if body.is_empty() {
                    error_body(&error_type, "")
                } else {
                    body
                };
                (body, Some("Unhandled"), None)
            }
            Ending::Timeout => {
                let seconds = self.spec.timeout;
                let message = format!("{} Task timed out after {seconds}.00 seconds", iso_now());
                self.logs.append(&self.log_group, &env.stream, message);
                let body = error_body(
                    "Sandbox.Timedout",
                    &format!("RequestId: {request_id} Error: Task timed out after {seconds}.00 seconds"),
                );
                (body, Some("Unhandled"), Some("Status: timeout".to_string()))
            }
            Ending::Exited(reason) => {
                let message = format!("RequestId: {request_id} Error: Runtime exited with error: {reason}");
                self.logs.append(&self.log_group, &env.stream, message.clone());
                (
                    error_body("Runtime.ExitError", &message),
                    Some("Unhandled"),
                    Some("Status: error\tError Type: Runtime.ExitError".to_string()),
                )
            }
        };
        self.logs
            .append(&self.log_group, &env.stream, format!("END RequestId: {request_id}"));
        // Billed from the figure as printed, so the two always agree.
        let millis = (duration.as_secs_f64() * 100_000.0).round() / 100.0;
        let mut report = format!(
            "REPORT RequestId: {request_id}\tDuration: {millis:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
            millis.ceil().max(1.0) as u64,
            self.spec.memory,
            env.max_memory_mb(),
        );
        if cold {
            report.push_str(&format!(
                "Init Duration: {:.2} ms\t",
                env.init_duration.as_secs_f64() * 1000.0
            ));
        }
        if let Some(status) = status {
            report.push_str(&status);
        }
        self.logs.append(&self.log_group, &env.stream, report);
        let log_text = self.logs.text_since(&self.log_group, &env.stream, first_line);
        InvocationResult {
            request_id: request_id.to_string(),
            executed_version: version.to_string(),
            body,
            function_error,
            log_text,
        }
    }

    /// An environment that never got to `/invocation/next`: the invocation fails
    /// with the init error, and its tail holds what the bootstrap printed.
    async fn failed_init(
        &self,
        env: Option<Environment>,
        version: &str,
        request_id: String,
        outcome: Outcome,
    ) -> InvocationResult {
        let stream = env
            .as_ref()
            .map(|e| e.stream.clone())
            .unwrap_or_else(|| new_stream_name(version));
        if let Some(env) = &env {
            env.flush_logs().await;
        }
        let (error_type, body) = match outcome {
            Outcome::Error { error_type, body } if !body.is_empty() => (error_type, body),
            Outcome::Error { error_type, .. } => (error_type.clone(), error_body(&error_type, "init failed")),
            Outcome::Exited(reason) => {
                let message = format!("RequestId: {request_id} Error: Runtime exited with error: {reason}");
                (
                    "Runtime.ExitError".to_string(),
                    error_body("Runtime.ExitError", &message),
                )
            }
            Outcome::Response(_) => (
                "Runtime.Unknown".to_string(),
                error_body("Runtime.Unknown", "init failed"),
            ),
        };
        let init_ms = env
            .as_ref()
            .map(|e| e.init_duration.as_secs_f64() * 1000.0)
            .unwrap_or(0.0);
        let log = |line: String| self.logs.append(&self.log_group, &stream, line);
        log(format!(
            "INIT_REPORT Init Duration: {init_ms:.2} ms\tPhase: init\tStatus: error\tError Type: {error_type}"
        ));
        log(format!("START RequestId: {request_id} Version: {version}"));
        if let Ok(serde_json::Value::Object(error)) = serde_json::from_slice::<serde_json::Value>(&body)
            && let Some(message) = error.get("errorMessage").and_then(|m| m.as_str())
        {
            log(message.to_string());
        }
        log(format!("END RequestId: {request_id}"));
        log(format!(
            "REPORT RequestId: {request_id}\tDuration: {init_ms:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: 0 MB\tStatus: error\tError Type: {error_type}",
            init_ms.ceil() as u64,
            self.spec.memory
        ));
        // The stream is this environment's alone: all of it belongs to this call.
        let log_text = self.logs.text_since(&self.log_group, &stream, 0);
        InvocationResult {
            request_id,
            executed_version: version.to_string(),
            body,
            function_error: Some("Unhandled"),
            log_text,
        }
    }

    /// Starts a bootstrap and waits for its first `/invocation/next`.
    async fn start_environment(&self, version: &str) -> Result<Environment, (Option<Environment>, Outcome)> {
        let started = Instant::now();
        let stream = new_stream_name(version);
        self.logs.create_stream(&self.log_group, &stream);
        let (work_tx, work_rx) = mpsc::channel(1);
        let (phase, mut phase_rx) = watch::channel(Phase::Starting);
        let shared = Arc::new(RuntimeShared {
            work: tokio::sync::Mutex::new(work_rx),
            current: Mutex::new(None),
            phase,
            function_arn: if version == "$LATEST" {
                self.arn.clone()
            } else {
                format!("{}:{version}", self.arn)
            },
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| (None, Outcome::Exited(format!("cannot open the Runtime API: {e}"))))?;
        let runtime_api = listener
            .local_addr()
            .map_err(|e| (None, Outcome::Exited(e.to_string())))?;
        let server = tokio::spawn({
            let router = runtime_router(shared.clone());
            async move {
                let _ = axum::serve(listener, router).await;
            }
        });
        let (reader, writer) = std::io::pipe().map_err(|e| (None, Outcome::Exited(e.to_string())))?;
        let flushes: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>> = Arc::default();
        spawn_log_reader(
            reader,
            self.logs.clone(),
            self.log_group.clone(),
            stream.clone(),
            flushes.clone(),
        );
        let mut command = tokio::process::Command::new(self.spec.bootstrap());
        command
            .current_dir(&self.spec.dir)
            .env_clear()
            .envs(self.lambda_environment(version, &stream, &runtime_api.to_string()))
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        let pipe = |w: &std::io::PipeWriter| w.try_clone().map(std::process::Stdio::from);
        match (pipe(&writer), pipe(&writer)) {
            (Ok(out), Ok(err)) => {
                command.stdout(out).stderr(err);
            }
            _ => return Err((None, Outcome::Exited("cannot create the output pipe".into()))),
        }
        let spawned = command.spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                server.abort();
                return Err((
                    None,
                    Outcome::Exited(format!("cannot start {}: {e}", self.spec.bootstrap().display())),
                ));
            }
        };
        let pid = child.id();
        let (kill_tx, kill_rx) = oneshot::channel::<()>();
        let watcher_shared = shared.clone();
        tokio::spawn(async move {
            let status = tokio::select! {
                status = child.wait() => status,
                _ = kill_rx => {
                    let _ = child.kill().await;
                    child.wait().await
                }
            };
            let reason = match status {
                Ok(s) => match s.code() {
                    Some(code) => format!("exit status {code}"),
                    None => "signal: killed".to_string(),
                },
                Err(e) => e.to_string(),
            };
            watcher_shared.phase.send_modify(|phase| {
                if !matches!(phase, Phase::InitFailed { .. }) {
                    *phase = Phase::Exited(reason.clone());
                }
            });
            if let Some((_, respond)) = watcher_shared.current.lock().unwrap().take() {
                let _ = respond.send(Outcome::Exited(reason));
            }
        });
        let mut env = Environment {
            stream,
            pid,
            work: work_tx,
            shared,
            log_pipe: Mutex::new(writer),
            flushes,
            next_flush: AtomicU64::new(0),
            kill: Mutex::new(Some(kill_tx)),
            server,
            init_duration: Duration::ZERO,
            last_used: Mutex::new(Instant::now()),
            max_memory_kb: AtomicU64::new(0),
        };
        let ready = tokio::time::timeout(INIT_TIMEOUT, phase_rx.wait_for(|p| *p != Phase::Starting)).await;
        env.init_duration = started.elapsed();
        let phase = match ready {
            Ok(Ok(phase)) => phase.clone(),
            Ok(Err(_)) => Phase::Exited("the runtime went away".into()),
            Err(_) => {
                env.stop();
                Phase::Exited(format!("init did not finish within {} seconds", INIT_TIMEOUT.as_secs()))
            }
        };
        match phase {
            Phase::Ready => Ok(env),
            Phase::InitFailed { error_type, body } => {
                env.stop();
                Err((Some(env), Outcome::Error { error_type, body }))
            }
            Phase::Exited(reason) => Err((Some(env), Outcome::Exited(reason))),
            Phase::Starting => unreachable!("waited for another phase"),
        }
    }

    /// The variables Lambda sets for a custom runtime, then the function's own.
    fn lambda_environment(&self, version: &str, stream: &str, runtime_api: &str) -> Vec<(String, String)> {
        let host_path = std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into());
        let dir = self.spec.dir.display().to_string();
        let mut vars: Vec<(String, String)> = [
            ("PATH", host_path.as_str()),
            ("LANG", "en_US.UTF-8"),
            ("TZ", ":UTC"),
            ("LAMBDA_TASK_ROOT", dir.as_str()),
            ("LAMBDA_RUNTIME_DIR", dir.as_str()),
            ("AWS_LAMBDA_RUNTIME_API", runtime_api),
            ("AWS_LAMBDA_FUNCTION_NAME", self.spec.name.as_str()),
            ("AWS_LAMBDA_FUNCTION_VERSION", version),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &self.spec.memory.to_string()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", self.log_group.as_str()),
            ("AWS_LAMBDA_LOG_STREAM_NAME", stream),
            ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
            ("AWS_EXECUTION_ENV", &format!("AWS_Lambda_{}", self.spec.runtime)),
            ("_HANDLER", self.spec.handler.as_str()),
            ("AWS_REGION", super::REGION),
            ("AWS_DEFAULT_REGION", super::REGION),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        vars.extend(self.spec.environment.iter().map(|(k, v)| (k.clone(), v.clone())));
        vars
    }
}

enum Ending {
    Response(Vec<u8>),
    Error { error_type: String, body: Vec<u8> },
    Timeout,
    Exited(String),
}

fn exit_reason(env: &Environment) -> String {
    match &*env.shared.phase.borrow() {
        Phase::Exited(reason) => reason.clone(),
        _ => "the runtime stopped answering".into(),
    }
}

pub fn error_body(error_type: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "errorType": error_type, "errorMessage": message })).unwrap()
}

/// `YYYY/MM/DD/[VERSION]` and 32 hex digits, as Lambda names its streams.
fn new_stream_name(version: &str) -> String {
    let (y, m, d) = civil_date(now_millis() / 1000);
    format!("{y:04}/{m:02}/{d:02}/[{version}]{}", uuid::Uuid::new_v4().simple())
}

/// Reads the bootstrap's stdout and stderr (one pipe) into the log stream, line
/// by line, on a thread of its own, and answers flush sentinels in order.
fn spawn_log_reader(
    reader: std::io::PipeReader,
    logs: Arc<LogStore>,
    group: String,
    stream: String,
    flushes: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>>,
) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(reader);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.strip_suffix('\n').unwrap_or(&text);
            // A sentinel may follow a partial line the function did not end.
            let (before, sentinel) = match text.find(SENTINEL) {
                Some(at) => (&text[..at], text[at + SENTINEL.len()..].parse::<u64>().ok()),
                None => (text, None),
            };
            if !before.is_empty() || sentinel.is_none() {
                logs.append(&group, &stream, before.to_string());
            }
            if let Some(id) = sentinel
                && let Some(done) = flushes.lock().unwrap().remove(&id)
            {
                let _ = done.send(());
            }
        }
    });
}

fn runtime_router(shared: Arc<RuntimeShared>) -> Router {
    Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next_invocation))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(invocation_response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(invocation_error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(shared)
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
        b"{}".to_vec()
    } else {
        work.payload
    };
    *shared.current.lock().unwrap() = Some((work.request_id, work.respond));
    (StatusCode::OK, headers, body).into_response()
}

fn complete(shared: &RuntimeShared, id: &str, outcome: Outcome) -> Response {
    let mut current = shared.current.lock().unwrap();
    match current.take() {
        Some((current_id, respond)) if current_id == id => {
            let _ = respond.send(outcome);
            (StatusCode::ACCEPTED, r#"{"status":"OK"}"#).into_response()
        }
        other => {
            *current = other;
            let body = r#"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#;
            (StatusCode::BAD_REQUEST, body).into_response()
        }
    }
}

async fn invocation_response(
    State(shared): State<Arc<RuntimeShared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    complete(&shared, &id, Outcome::Response(body.to_vec()))
}

async fn invocation_error(
    State(shared): State<Arc<RuntimeShared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("errorType").and_then(|t| t.as_str()).map(str::to_string))
        })
        .unwrap_or_else(|| "Unhandled".into())
}

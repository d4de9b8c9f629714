//! Execution environments: a function's `bootstrap` run as Lambda runs it,
//! behind its own Runtime API, reused while warm, killed on timeout.

use crate::local::lock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};

mod api;
mod environment;

pub use environment::Environment;
use environment::{exit_reason, new_stream_name};

use super::logs::LogStore;
use super::spec::FunctionSpec;
use super::{EndpointSettings, iso_now, now_millis};

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
    payload: axum::body::Bytes,
    deadline_ms: i64,
    client_context: Option<String>,
    respond: oneshot::Sender<Outcome>,
    chunks: Option<ChunkSink>,
}

/// Where a streamed response's chunks go as they arrive
/// (InvokeWithResponseStream); without one, they are gathered into a body.
pub type ChunkSink = mpsc::Sender<axum::body::Bytes>;

/// The invocation an environment is running: its answer goes back on
/// `respond`, a streamed one's chunks to `chunks`.
struct Current {
    request_id: String,
    respond: oneshot::Sender<Outcome>,
    chunks: Option<ChunkSink>,
    /// A streamed response has begun: only it may end the invocation.
    responding: bool,
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
    current: Mutex<Option<Current>>,
    phase: watch::Sender<Phase>,
    function_arn: String,
}

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
    /// The error's type as the runtime or the platform named it.
    pub error_type: Option<String>,
    /// This invocation's log lines, START to REPORT.
    pub log_text: String,
}

/// One of a function's concurrency slots, given back when dropped.
struct Slot(Arc<Runner>);

impl Drop for Slot {
    fn drop(&mut self) {
        *lock(&self.0.busy) -= 1;
    }
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
        let mut idle = lock(&self.idle);
        for envs in idle.values_mut() {
            envs.retain(|env| env.is_alive() && lock(&env.last_used).elapsed() < idle_timeout);
        }
    }

    pub async fn invoke(
        self: &Arc<Self>,
        version: &str,
        request_id: String,
        payload: axum::body::Bytes,
        client_context: Option<String>,
        chunks: Option<ChunkSink>,
    ) -> Result<InvocationResult, Throttled> {
        let (slot, warm) = {
            let (limit, reason) = self.concurrency_limit();
            let mut busy = lock(&self.busy);
            if *busy >= limit {
                return Err(Throttled { reason });
            }
            *busy += 1;
            let mut idle = lock(&self.idle);
            let envs = idle.entry(version.to_string()).or_default();
            envs.retain(|env| env.is_alive());
            (Slot(self.clone()), envs.pop())
        };
        // The function runs to its end whatever the client does, as on
        // Lambda, and its slot comes back when it ends (or panics), not when
        // a client that gave up drops this call.
        let runner = self.clone();
        let (id, executed_version) = (request_id.clone(), version.to_string());
        let run = tokio::spawn(async move {
            let _slot = slot;
            runner
                .run_on(warm, &executed_version, request_id, payload, client_context, chunks)
                .await
        });
        match run.await {
            Ok(result) => Ok(result),
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => Ok(InvocationResult {
                request_id: id,
                executed_version: version.to_string(),
                body: error_body("ServiceException", "the local endpoint is stopping"),
                function_error: Some("Unhandled"),
                error_type: Some("ServiceException".into()),
                log_text: String::new(),
            }),
        }
    }

    async fn run_on(
        self: &Arc<Self>,
        warm: Option<Arc<Environment>>,
        version: &str,
        request_id: String,
        payload: axum::body::Bytes,
        client_context: Option<String>,
        chunks: Option<ChunkSink>,
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
            chunks,
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
            *lock(&env.last_used) = Instant::now();
            lock(&self.idle).entry(version.to_string()).or_default().push(env);
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
        let mut reported_type = None;
        let (body, function_error, status) = match ending {
            Ending::Response(body) => (body, None, None),
            Ending::Error { error_type, body } => {
                // The runtime reported the error: Lambda calls it Unhandled too.
                let body = if body.is_empty() {
                    error_body(&error_type, "")
                } else {
                    body
                };
                reported_type = Some(error_type);
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
                reported_type = Some("Sandbox.Timedout".into());
                (body, Some("Unhandled"), Some("Status: timeout".to_string()))
            }
            Ending::Exited(reason) => {
                let message = format!("RequestId: {request_id} Error: Runtime exited with error: {reason}");
                self.logs.append(&self.log_group, &env.stream, message.clone());
                reported_type = Some("Runtime.ExitError".into());
                (
                    error_body("Runtime.ExitError", &message),
                    Some("Unhandled"),
                    Some("Status: error\tError Type: Runtime.ExitError".to_string()),
                )
            }
        };
        self.logs
            .append(&self.log_group, &env.stream, format!("END RequestId: {request_id}"));
        // Billed from the figures as printed, so they always agree. A cold
        // start bills its init too, as Lambda bills a custom runtime's.
        let millis = (duration.as_secs_f64() * 100_000.0).round() / 100.0;
        let init_millis = (env.init_duration.as_secs_f64() * 100_000.0).round() / 100.0;
        let billed = if cold { millis + init_millis } else { millis };
        let mut report = format!(
            "REPORT RequestId: {request_id}\tDuration: {millis:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
            billed.ceil().max(1.0) as u64,
            self.spec.memory,
            env.max_memory_mb(),
        );
        if cold {
            report.push_str(&format!("Init Duration: {init_millis:.2} ms\t"));
        }
        if let Some(status) = status {
            report.push_str(&status);
        }
        self.logs.append(&self.log_group, &env.stream, report);
        let log_text = self
            .logs
            .text_since(&self.log_group, &env.stream, first_line, super::LOG_TAIL_BYTES);
        InvocationResult {
            request_id: request_id.to_string(),
            executed_version: version.to_string(),
            body,
            function_error,
            error_type: reported_type,
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
        let log_text = self.logs.text_since(&self.log_group, &stream, 0, super::LOG_TAIL_BYTES);
        InvocationResult {
            request_id,
            executed_version: version.to_string(),
            body,
            function_error: Some("Unhandled"),
            error_type: Some(error_type),
            log_text,
        }
    }
}

enum Ending {
    Response(Vec<u8>),
    Error { error_type: String, body: Vec<u8> },
    Timeout,
    Exited(String),
}

pub fn error_body(error_type: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "errorType": error_type, "errorMessage": message })).unwrap()
}

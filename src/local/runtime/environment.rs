//! An execution environment: a bootstrap process started as Lambda starts a
//! custom runtime, its output read into a log stream, its memory measured.

use crate::local::lock;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};

use super::{Outcome, Phase, Runner, RuntimeShared, Work};
use crate::local::logs::{LogStore, MAX_EVENT_BYTES};
use crate::local::{REGION, civil_date, now_millis};

/// Lambda gives the init phase 10 seconds.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for a function's last output lines to be read.
const LOG_FLUSH_TIMEOUT: Duration = Duration::from_millis(500);
/// Written into the output pipe after an invocation: everything the function
/// wrote before answering is ahead of it, so its arrival means the lines are in.
const SENTINEL: &str = "\u{0}lambda-console-flush:";

pub struct Environment {
    pub stream: String,
    /// HOME for the bootstrap: a folder of its own, removed with the environment.
    home: PathBuf,
    pub(super) pid: Option<u32>,
    pub(super) work: mpsc::Sender<Work>,
    pub(super) shared: Arc<RuntimeShared>,
    pub(super) log_pipe: Mutex<std::io::PipeWriter>,
    pub(super) flushes: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>>,
    pub(super) next_flush: AtomicU64,
    pub(super) kill: Mutex<Option<oneshot::Sender<()>>>,
    pub(super) server: tokio::task::JoinHandle<()>,
    pub init_duration: Duration,
    pub(super) last_used: Mutex<Instant>,
    pub(super) max_memory_kb: AtomicU64,
}

impl Drop for Environment {
    fn drop(&mut self) {
        self.stop();
        self.server.abort();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// A new, empty folder only its owner can enter, for an environment's HOME:
/// made by mkdtemp, so its name cannot be guessed or taken first by another
/// user, and nothing shared is trusted.
fn private_home() -> std::io::Result<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let template = std::env::temp_dir().join("lambda-console-home-XXXXXX");
    let mut template = std::ffi::CString::new(template.into_os_string().into_vec())
        .map_err(|_| std::io::Error::other("the temporary directory's path holds a NUL"))?
        .into_bytes_with_nul();
    // SAFETY: mkdtemp(3) rewrites the XXXXXX of a NUL-terminated buffer we own.
    let made = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
    if made.is_null() {
        return Err(std::io::Error::last_os_error());
    }
    template.pop();
    Ok(PathBuf::from(std::ffi::OsString::from_vec(template)))
}

/// Undoes a half-made environment: stops its Runtime API server and removes
/// its HOME, unless the environment took them over.
struct Unfinished {
    server: Option<tokio::task::JoinHandle<()>>,
    home: Option<PathBuf>,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if let Some(home) = self.home.take() {
            let _ = std::fs::remove_dir_all(home);
        }
    }
}

impl Environment {
    pub(super) fn stop(&self) {
        if let Some(kill) = lock(&self.kill).take() {
            let _ = kill.send(());
        }
    }

    pub(super) fn is_alive(&self) -> bool {
        !matches!(*self.shared.phase.borrow(), Phase::Exited(_) | Phase::InitFailed { .. })
    }

    /// Peak resident memory of the bootstrap so far, from /proc.
    pub(super) fn max_memory_mb(&self) -> u64 {
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
    pub(super) async fn flush_logs(&self) {
        let id = self.next_flush.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        lock(&self.flushes).insert(id, tx);
        let written = writeln!(lock(&self.log_pipe), "{SENTINEL}{id}").is_ok();
        if written {
            let _ = tokio::time::timeout(LOG_FLUSH_TIMEOUT, rx).await;
        }
        lock(&self.flushes).remove(&id);
    }
}

/// A function's environments, per version, and its concurrency.
impl Runner {
    /// Starts a bootstrap and waits for its first `/invocation/next`.
    pub(super) async fn start_environment(&self, version: &str) -> Result<Environment, (Option<Environment>, Outcome)> {
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
        let home = private_home().map_err(|e| {
            (
                None,
                Outcome::Exited(format!("cannot make the environment's HOME: {e}")),
            )
        })?;
        let mut unfinished = Unfinished {
            server: None,
            home: Some(home.clone()),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| (None, Outcome::Exited(format!("cannot open the Runtime API: {e}"))))?;
        let runtime_api = listener
            .local_addr()
            .map_err(|e| (None, Outcome::Exited(e.to_string())))?;
        unfinished.server = Some(tokio::spawn({
            let router = super::api::runtime_router(shared.clone());
            async move {
                let _ = axum::serve(crate::local::OwnUserOnly(listener), router).await;
            }
        }));
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
            .envs(self.lambda_environment(version, &stream, &runtime_api.to_string(), &home))
            .stdin(std::process::Stdio::null())
            // A group of its own: what the bootstrap starts ends with it.
            .process_group(0)
            .kill_on_drop(true);
        // SAFETY: prctl(2) is async-signal-safe; it asks the kernel to kill the
        // bootstrap should this process die without ending it (SIGKILL).
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
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
                return Err((
                    None,
                    Outcome::Exited(format!("cannot start {}: {e}", self.spec.bootstrap().display())),
                ));
            }
        };
        let (Some(server), Some(home)) = (unfinished.server.take(), unfinished.home.take()) else {
            return Err((
                None,
                Outcome::Exited("the environment came apart while starting".into()),
            ));
        };
        let pid = child.id();
        let group = pid.map(crate::local::groups::started);
        let (kill_tx, kill_rx) = oneshot::channel::<()>();
        let watcher_shared = shared.clone();
        tokio::spawn(async move {
            let status = tokio::select! {
                status = child.wait() => status,
                _ = kill_rx => {
                    if let Some(group) = group {
                        crate::local::groups::end(group);
                    }
                    let _ = child.kill().await;
                    child.wait().await
                }
            };
            // The bootstrap is gone; whatever it started goes with it.
            if let Some(group) = group {
                crate::local::groups::end(group);
            }
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
            if let Some(current) = lock(&watcher_shared.current).take() {
                let _ = current.respond.send(Outcome::Exited(reason));
            }
        });
        let mut env = Environment {
            home,
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
    /// Nothing of the user's environment comes through but PATH: HOME is a
    /// folder of the environment's own, so `~/.aws` is not the user's.
    pub(super) fn lambda_environment(
        &self,
        version: &str,
        stream: &str,
        runtime_api: &str,
        home: &Path,
    ) -> Vec<(String, String)> {
        let host_path = std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into());
        let dir = self.spec.dir.display().to_string();
        let home = home.display().to_string();
        let mut vars: Vec<(String, String)> = [
            ("PATH", host_path.as_str()),
            ("HOME", home.as_str()),
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
            ("AWS_REGION", REGION),
            ("AWS_DEFAULT_REGION", REGION),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        if let Some(runner) = self.settings.sample_runner.as_ref().and_then(|p| p.to_str()) {
            vars.push(("LAMBDA_CONSOLE_EXE".into(), runner.to_string()));
        }
        if let Some(credentials) = &self.settings.credentials {
            vars.push(("AWS_ACCESS_KEY_ID".into(), credentials.access_key_id.clone()));
            vars.push(("AWS_SECRET_ACCESS_KEY".into(), credentials.secret_access_key.clone()));
            if let Some(token) = &credentials.session_token {
                vars.push(("AWS_SESSION_TOKEN".into(), token.clone()));
            }
        }
        vars.extend(self.spec.environment.iter().map(|(k, v)| (k.clone(), v.clone())));
        vars
    }
}

pub(super) fn exit_reason(env: &Environment) -> String {
    match &*env.shared.phase.borrow() {
        Phase::Exited(reason) => reason.clone(),
        _ => "the runtime stopped answering".into(),
    }
}

/// `YYYY/MM/DD/[VERSION]` and 32 hex digits, as Lambda names its streams.
pub(super) fn new_stream_name(version: &str) -> String {
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
    let reader_thread = std::thread::Builder::new().name(format!("{}-log", crate::local::THREAD_NAME));
    let _ = reader_thread.spawn(move || {
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        // A line longer than an event is cut there, as CloudWatch cuts it;
        // of the rest only a tail is kept, where a flush sentinel may be, so
        // a function printing hundreds of megabytes without a newline costs
        // no more memory than one event.
        const TAIL: usize = SENTINEL.len() + 24;
        let mut line: Vec<u8> = Vec::new();
        let mut cut = false;
        loop {
            let (ended, used) = {
                let available = match reader.fill_buf() {
                    Ok(bytes) if !bytes.is_empty() => bytes,
                    _ => return,
                };
                match available.iter().position(|&b| b == b'\n') {
                    Some(at) => {
                        line.extend_from_slice(&available[..at]);
                        (true, at + 1)
                    }
                    None => {
                        line.extend_from_slice(available);
                        (false, available.len())
                    }
                }
            };
            reader.consume(used);
            if line.len() > MAX_EVENT_BYTES + TAIL {
                if !cut {
                    logs.append(
                        &group,
                        &stream,
                        String::from_utf8_lossy(&line[..MAX_EVENT_BYTES]).into_owned(),
                    );
                    cut = true;
                }
                line.drain(..line.len() - TAIL);
            }
            if !ended {
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            // A sentinel may follow a partial line the function did not end.
            let (before, sentinel) = match text.find(SENTINEL) {
                Some(at) => (&text[..at], text[at + SENTINEL.len()..].parse::<u64>().ok()),
                None => (text.as_ref(), None),
            };
            if !cut && (!before.is_empty() || sentinel.is_none()) {
                logs.append(&group, &stream, before.to_string());
            }
            if let Some(id) = sentinel
                && let Some(done) = lock(&flushes).remove(&id)
            {
                let _ = done.send(());
            }
            line.clear();
            cut = false;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::{EndpointSettings, PassedCredentials};

    fn runner(credentials: Option<PassedCredentials>) -> Arc<Runner> {
        let spec: crate::local::spec::FunctionSpec =
            toml::from_str("name = \"f\"\nenvironment = { STAGE = \"dev\" }").unwrap();
        let settings = EndpointSettings {
            credentials,
            ..Default::default()
        };
        Runner::new(spec, Arc::new(LogStore::default()), settings)
    }

    fn variables(runner: &Runner) -> HashMap<String, String> {
        runner
            .lambda_environment("$LATEST", "stream", "127.0.0.1:1", Path::new("/tmp/h"))
            .into_iter()
            .collect()
    }

    #[test]
    fn functions_get_credentials_only_when_asked_and_their_own_home() {
        let plain = variables(&runner(None));
        assert_eq!(plain["HOME"], "/tmp/h");
        assert_eq!(plain["STAGE"], "dev");
        assert!(
            !plain
                .keys()
                .any(|k| k.contains("ACCESS_KEY") || k.contains("SECRET") || k.contains("TOKEN"))
        );
        let passed = variables(&runner(Some(PassedCredentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
        })));
        assert_eq!(passed["AWS_ACCESS_KEY_ID"], "AKIAEXAMPLE");
        assert_eq!(passed["AWS_SECRET_ACCESS_KEY"], "secret");
        assert_eq!(passed["AWS_SESSION_TOKEN"], "token");
        let shown = format!(
            "{:?}",
            runner(Some(PassedCredentials {
                access_key_id: "AKIAEXAMPLE".into(),
                secret_access_key: "secret".into(),
                session_token: None,
            }))
            .settings
        );
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn each_home_is_new_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let (a, b) = (private_home().unwrap(), private_home().unwrap());
        assert_ne!(a, b);
        assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o700);
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
    }
}

//! Shared by the integration tests: a moto server, started once per test binary
//! and installed into target/ when missing, and SDK clients pointed at it.
#![allow(dead_code)]

pub mod local;
pub mod pty;
pub mod serve_local;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The moto release the tests are written against.
pub const MOTO_REQUIREMENT: &str = "moto[server]==5.2.5";
pub const REGION: &str = "us-east-1";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/lambda-console-test";

pub struct Moto {
    pub url: String,
    /// Closing this pipe (when the test process exits, however it exits) makes
    /// the watchdog stop moto, so no server outlives its tests.
    _lifeline: Mutex<ChildStdin>,
    _watchdog: Mutex<Child>,
}

/// The moto server for this test binary, started on first use.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(start_moto)
}

fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv")
}

/// Installs moto into a virtual environment under target/ unless it is there.
/// A file lock keeps test binaries running in parallel from installing twice.
pub fn ensure_moto_installed() -> PathBuf {
    let venv = venv_dir();
    let server = venv.join("bin").join("moto_server");
    let marker = venv.join(".installed");
    let lock_path = venv.with_extension("lock");
    std::fs::create_dir_all(venv.parent().unwrap()).unwrap();
    let lock = std::fs::File::create(&lock_path).expect("create the moto install lock");
    lock.lock().expect("take the moto install lock");
    let wanted = MOTO_REQUIREMENT;
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted) {
        eprintln!("installing {wanted} into {} (first run only)", venv.display());
        run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv));
        run(Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            wanted,
        ]));
        std::fs::write(&marker, wanted).unwrap();
    }
    assert!(server.exists(), "moto_server missing at {}", server.display());
    server
}

/// The virtual environment's python, with boto3 (moto depends on it): an
/// independent client to check what the console writes.
pub fn venv_python() -> PathBuf {
    ensure_moto_installed().parent().unwrap().join("python")
}

/// Runs a python script with the venv's python; its stdout, or a panic with
/// its stderr.
pub fn run_python(script: &str, env: &[(&str, &str)]) -> String {
    let output = Command::new(venv_python())
        .arg("-c")
        .arg(script)
        .envs(env.iter().copied())
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    assert!(
        status.success(),
        "{command:?} failed with {status}: the integration tests need python3 with venv and pip"
    );
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A moto server of its own (most tests share `moto()`).
pub fn start_moto() -> Moto {
    let server = ensure_moto_installed();
    let port = free_port();
    let python = venv_dir().join("bin").join("python");
    let watchdog = r#"
import subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    sys.stdin.read()
finally:
    p.terminate()
    try:
        p.wait(5)
    except Exception:
        p.kill()
"#;
    let mut child = Command::new(python)
        .args(["-c", watchdog])
        .arg(&server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::piped())
        .spawn()
        .expect("start moto_server");
    let lifeline = child.stdin.take().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok((200, _)) = http(&url, "GET", "/moto-api/", "") {
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("moto_server exited early with {status}");
        }
        assert!(
            Instant::now() < deadline,
            "moto_server did not answer on {url} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, body) = http(&url, "POST", "/moto-api/config", r#"{"lambda":{"use_docker":false}}"#).unwrap();
    assert!(status < 300, "moto config refused: {status} {body}");
    create_role(&url);
    Moto {
        url,
        _lifeline: Mutex::new(lifeline),
        _watchdog: Mutex::new(child),
    }
}

/// moto checks that a function's role exists in IAM; IAM speaks the query
/// protocol, which is a plain form POST.
fn create_role(url: &str) {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let body = format!(
        "Action=CreateRole&Version=2010-05-08&RoleName=lambda-console-test&AssumeRolePolicyDocument={}",
        percent_encode(policy)
    );
    let auth = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0";
    let (status, text) = http_with(
        url,
        "POST",
        "/",
        &body,
        &[
            ("Authorization", auth),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
    )
    .unwrap();
    assert_eq!(status, 200, "CreateRole failed: {text}");
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn http(url: &str, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    http_with(url, method, path, body, &[("Content-Type", "application/json")])
}

/// A minimal HTTP/1.1 client for moto's own control API.
pub fn http_with(
    url: &str,
    method: &str,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> std::io::Result<(u16, String)> {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// SDK configuration for `url` with placeholder credentials and no IMDS.
pub async fn sdk_config(url: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(url)
        .credentials_provider(aws_sdk_lambda::config::Credentials::new(
            "test", "test", None, None, "tests",
        ))
        .load()
        .await
}

pub async fn lambda_client(url: &str) -> aws_sdk_lambda::Client {
    aws_sdk_lambda::Client::new(&sdk_config(url).await)
}

/// Creates a function on moto (any bytes serve as its code there).
pub async fn create_function(client: &aws_sdk_lambda::Client, name: &str) {
    use aws_sdk_lambda::types::{FunctionCode, Runtime};
    client
        .create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(ROLE_ARN)
        .handler("index.handler")
        .description(format!("test function {name}"))
        .memory_size(256)
        .timeout(30)
        .code(
            FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(b"PK\x05\x06".to_vec()))
                .build(),
        )
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "create {name}: {}",
                aws_smithy_types::error::display::DisplayErrorContext(&e)
            )
        });
}

/// A unique prefix so tests sharing one server do not see each other's functions.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// Runs the real App against the real background side until `done` holds,
/// sending every command the App emits; panics with `what` on timeout.
pub async fn drive(
    app: &mut lambda_console::app::App,
    commands: &tokio::sync::mpsc::UnboundedSender<lambda_console::message::Command>,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<lambda_console::message::Event>,
    what: &str,
    timeout: Duration,
    done: impl Fn(&lambda_console::app::App) -> bool,
) {
    let deadline = tokio::time::Instant::now() + timeout;
    while !done(app) {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
            .expect("the background side is running");
        for command in app.update(event) {
            commands.send(command).unwrap();
        }
    }
}

//! The embedded endpoint for the integration tests: one per test binary, on
//! a runtime of its own, serving the samples plus functions made for tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use lambda_console::local::{self, EndpointSettings, LocalEndpoint};

struct Shared {
    url: String,
    _endpoint: LocalEndpoint,
    _runtime: tokio::runtime::Runtime,
}

/// One endpoint per test binary, on a runtime of its own so it outlives each
/// test's runtime; its functions are the samples plus a few made for tests.
pub fn endpoint() -> &'static str {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    &SHARED
        .get_or_init(|| {
            // Built on a plain thread: a test's runtime cannot block on another.
            std::thread::spawn(|| {
                let dir = test_functions();
                let runtime = tokio::runtime::Runtime::new().unwrap();
                let settings = EndpointSettings {
                    retry_unit: Duration::from_millis(200),
                    ..Default::default()
                };
                let endpoint = runtime
                    .block_on(local::start(&dir, 0, settings))
                    .expect("start the endpoint");
                Shared {
                    url: endpoint.url(),
                    _endpoint: endpoint,
                    _runtime: runtime,
                }
            })
            .join()
            .unwrap()
        })
        .url
}

/// The samples as `--local` writes them: bootstraps that run this build's
/// binary as each sample.
pub fn write_samples(dir: &Path) {
    let binary = Path::new(env!("CARGO_BIN_EXE_lambda-console"));
    local::samples::write_to(dir, local::samples::Bootstraps::Native(binary)).unwrap();
}

pub fn write_function(root: &Path, name: &str, toml: &str, bootstrap: &str) {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("function.toml"), format!("name = \"{name}\"\n{toml}")).unwrap();
    std::fs::write(dir.join("bootstrap"), bootstrap).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("bootstrap"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Where this test binary's endpoint keeps its functions.
pub fn functions_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("local-functions-{}", std::process::id()))
}

fn test_functions() -> PathBuf {
    let root = functions_root();
    let _ = std::fs::remove_dir_all(&root);
    local::samples::write_to(
        &root,
        lambda_console::local::samples::Bootstraps::Native(std::path::Path::new(env!("CARGO_BIN_EXE_lambda-console"))),
    )
    .unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/functions");
    let sample = |name: &str| std::fs::read_to_string(samples.join(name).join("bootstrap")).unwrap();
    write_function(&root, "echo-cold", "", &sample("echo"));
    // The python twins of the native samples, to show both behave alike.
    for name in lambda_console::local::samples::NATIVE_SAMPLES {
        write_function(&root, &format!("py-{name}"), "timeout = 10", &sample(name));
    }
    // Followed live by its own test alone: no other test's lines in its group.
    write_function(&root, "live-echo", "", &sample("echo"));
    write_function(&root, "live-echo-py", "", &sample("echo"));
    write_function(
        &root,
        "one-at-a-time",
        "reserved_concurrency = 1\ntimeout = 10",
        &sample("slow"),
    );
    write_function(&root, "quick-timeout", "timeout = 1", &sample("slow"));
    write_function(
        &root,
        "dies-at-init",
        "",
        "#!/bin/sh\necho 'cannot start: missing config' >&2\nexit 7\n",
    );
    // A second single-slot function, so throttle tests running in parallel do not meet.
    write_function(
        &root,
        "single-slot",
        "reserved_concurrency = 1\ntimeout = 10",
        &sample("slow"),
    );
    // The custom-runtime tutorial's shell bootstrap, as AWS documents it.
    write_function(&root, "shell-curl", "", SHELL_BOOTSTRAP);
    // A client that gives up on it must not leave it throttled.
    write_function(
        &root,
        "give-up",
        "reserved_concurrency = 1\ntimeout = 10",
        &sample("slow"),
    );
    // Answers as big as asked ({"bytes": N}), to meet the 6 MB response limit.
    write_function(&root, "big-answer", "timeout = 10", BIG_ANSWER_BOOTSTRAP);
    // A shell wrapper that does not exec: its handler is a grandchild.
    write_function(
        &root,
        "wrapped",
        "timeout = 1",
        "#!/bin/sh\n\"$LAMBDA_TASK_ROOT/handler\"\necho 'the handler ended'\n",
    );
    let handler = root.join("wrapped/handler");
    std::fs::write(&handler, WRAPPED_HANDLER).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&handler, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Prints as many bytes as asked without a newline, then answers.
    write_function(&root, "no-newline", "timeout = 20", NO_NEWLINE_BOOTSTRAP);
    // The same, followed live by the test of big lines alone.
    write_function(&root, "live-flood", "timeout = 20", NO_NEWLINE_BOOTSTRAP);
    // Everything GetFunctionConfiguration can say, and not ready yet.
    write_function(
        &root,
        "not-ready",
        "layers = [\"arn:aws:lambda:us-east-1:000000000000:layer:tools:3\"]\n\
         ephemeral_storage = 1024\nsnap_start = \"PublishedVersions\"\n\
         dead_letter = \"arn:aws:sqs:us-east-1:000000000000:dlq\"\n\
         state = \"Pending\"\nstate_reason = \"Creating the function\"\n\
         reserved_concurrency = 3\ntags = { team = \"payments\" }\n\
         [environment]\nDB_HOST = \"db.internal\"\n\
         [vpc]\nsubnets = [\"subnet-1\", \"subnet-2\"]\nsecurity_groups = [\"sg-1\"]\n",
        &sample("echo"),
    );
    // Streams as a hostile runtime might: see HOSTILE_STREAM_BOOTSTRAP.
    write_function(&root, "hostile-stream", "timeout = 5", HOSTILE_STREAM_BOOTSTRAP);
    // Answers with the client context it was given.
    write_function(&root, "show-context", "", SHOW_CONTEXT_BOOTSTRAP);
    // Tells what it can see of the user's home and environment.
    write_function(&root, "nosy", "", NOSY_BOOTSTRAP);
    write_function(
        &root,
        "fails-and-retries",
        "[async]\nmaximum_retry_attempts = 2\non_failure = \"arn:aws:sqs:us-east-1:000000000000:failures\"",
        &sample("flaky"),
    );
    root
}

const BIG_ANSWER_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "_runtime"))
import lambda_runtime

def handler(event, context):
    return "x" * int((event or {}).get("bytes", 10))

lambda_runtime.run(handler)
"#;

/// Writes its process id beside itself, then sleeps past the timeout.
const WRAPPED_HANDLER: &str = r#"#!/usr/bin/env python3
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "_runtime"))
import lambda_runtime, time

def handler(event, context):
    with open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "handler.pid"), "w") as f:
        f.write(str(os.getpid()))
    time.sleep(30)
    return {}

lambda_runtime.run(handler)
"#;

const NO_NEWLINE_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "_runtime"))
import lambda_runtime

def handler(event, context):
    chunk = "z" * 1_000_000
    for _ in range(int((event or {}).get("megabytes", 1))):
        sys.stdout.write(chunk)
    sys.stdout.flush()
    return {"printed": "done"}

lambda_runtime.run(handler)
"#;

const SHOW_CONTEXT_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "_runtime"))
import lambda_runtime

lambda_runtime.run(lambda event, context: {"client_context": context.client_context})
"#;

const NOSY_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "_runtime"))
import lambda_runtime

def handler(event, context):
    home = os.path.expanduser("~")
    return {
        "home": home,
        "aws_dir": os.path.exists(os.path.join(home, ".aws")),
        "keys": sorted(k for k in os.environ if k.startswith("AWS_") and "KEY" in k or k == "AWS_SESSION_TOKEN"),
    }

lambda_runtime.run(handler)
"#;

const SHELL_BOOTSTRAP: &str = r#"#!/bin/sh
set -eu
while true; do
  HEADERS="$(mktemp)"
  EVENT_DATA=$(curl -sS -LD "$HEADERS" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  echo "shell handling $REQUEST_ID for $AWS_LAMBDA_FUNCTION_NAME"
  curl -sS "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "{\"got\": $EVENT_DATA}" > /dev/null
  rm -f "$HEADERS"
done
"#;

/// One HTTP/1.1 request over a fresh connection, answered in full: the
/// status code and the body. None when the endpoint hung up without an
/// answer (what a panicking handler used to do).
pub fn raw_http(url: &str, request_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<(u16, Vec<u8>)> {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let mut head = format!("{request_line} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {address}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer);
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body_at = answer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    Some((status, answer[body_at..].to_vec()))
}

/// A streaming runtime that misbehaves on request (`{"mode": ...}`):
/// `utf8-error` ends with an error whose type is not ASCII; `twice` tries
/// a second streamed response for the same request while the first is open.
const HOSTILE_STREAM_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import base64, http.client, json, os, time
api = os.environ["AWS_LAMBDA_RUNTIME_API"]
prefix = "/2018-06-01/runtime/invocation"
def open_stream(request_id):
    conn = http.client.HTTPConnection(api)
    conn.putrequest("POST", f"{prefix}/{request_id}/response")
    conn.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    return conn
def chunk(conn, data):
    conn.send(b"%x\r\n%s\r\n" % (len(data), data))
next_conn = http.client.HTTPConnection(api)
while True:
    next_conn.request("GET", f"{prefix}/next")
    response = next_conn.getresponse()
    event = json.loads(response.read() or b"{}")
    request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
    first = open_stream(request_id)
    chunk(first, b"first ")
    if event.get("mode") == "twice":
        time.sleep(0.3)  # the first is under way
        second = open_stream(request_id)
        chunk(second, b"SECOND-BODY")
        second.send(b"0\r\n\r\n")
        status = second.getresponse().status
        chunk(first, b"the second got %d" % status)
        first.send(b"0\r\n\r\n")
    else:
        body = base64.b64encode(json.dumps({"errorType": "Claimed", "errorMessage": "bad"}).encode())
        first.send(b"0\r\nLambda-Runtime-Function-Error-Type: " + "Ошибка".encode() + b"\r\nLambda-Runtime-Function-Error-Body: " + body + b"\r\n\r\n")
    first.getresponse().read()
"#;

//! The samples' behaviour in the binary itself (`lambda-console sample
//! NAME`), so that `--local` needs no python: each does what its python
//! twin in `assets/functions` does, prints what it prints, and fails with
//! the same error types.

use std::io::{self, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::runtime_client::{Invocation, RuntimeApi};

/// A line to the log, as a print does: a log pipe that broke loses the
/// line, not the runtime.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stdout(), $($arg)*);
    }};
}

macro_rules! say_error {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

/// The samples this binary can be.
pub const NATIVE_SAMPLES: [&str; 7] = ["echo", "slow", "flaky", "crash", "chatty", "streamer", "web-api"];

/// What a handler failed with, as a python runtime would name it.
struct Failure {
    kind: &'static str,
    message: String,
    trace: Vec<String>,
}

impl Failure {
    fn new(kind: &'static str, message: impl Into<String>, trace: &[&str]) -> Failure {
        Failure {
            kind,
            message: message.into(),
            trace: trace.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn body(&self) -> Value {
        json!({"errorType": self.kind, "errorMessage": self.message, "stackTrace": self.trace})
    }
}

/// Serves invocations as sample `name` until the Runtime API goes away.
pub fn run(name: &str) -> io::Result<()> {
    if !NATIVE_SAMPLES.contains(&name) {
        return Err(io::Error::other(format!(
            "no sample {}: the samples are {}",
            crate::sanitize::one_line(name),
            NATIVE_SAMPLES.join(", ")
        )));
    }
    let mut api = RuntimeApi::connect()?;
    loop {
        let invocation = api.next()?;
        if name == "streamer" {
            streamer(&mut api, &invocation)?;
            continue;
        }
        let answer = serde_json::from_slice::<Value>(&invocation.event)
            .or_else(|e| {
                if invocation.event.is_empty() {
                    Ok(Value::Null)
                } else {
                    Err(e)
                }
            })
            .map_err(|e| {
                Failure::new(
                    "JSONDecodeError",
                    e.to_string(),
                    &["  in the runtime, reading the event"],
                )
            })
            .and_then(|event| {
                // A panic is the invocation's error, not the runtime's end.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(name, &invocation, &event)))
                    .unwrap_or_else(|_| Err(Failure::new("Runtime.Panic", "the sample panicked", &[])))
            });
        match answer {
            Ok(value) => api.respond(&invocation.request_id, &python_json(&value))?,
            Err(failure) => {
                say_error!("[ERROR] {}: {}", failure.kind, failure.message);
                api.fail(&invocation.request_id, &failure.body())?;
            }
        }
        io::stdout().flush()?;
    }
}

/// JSON as python's `json.dumps` writes it (`, ` and `: `, non-ASCII
/// escaped), so an answer is the same bytes from either twin.
pub(super) fn python_json(value: &Value) -> Vec<u8> {
    struct PythonStyle;
    impl serde_json::ser::Formatter for PythonStyle {
        fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
            if first { Ok(()) } else { writer.write_all(b", ") }
        }
        fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
            if first { Ok(()) } else { writer.write_all(b", ") }
        }
        fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
            writer.write_all(b": ")
        }
        // ensure_ascii: all else as \uXXXX, in surrogate pairs past U+FFFF.
        fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
            for c in fragment.chars() {
                if c.is_ascii() {
                    writer.write_all(&[c as u8])?;
                } else {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(writer, "\\u{unit:04x}")?;
                    }
                }
            }
            Ok(())
        }
    }
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonStyle);
    let _ = serde::Serialize::serialize(value, &mut serializer);
    out
}

/// `(event or {})` as the python samples read it: an object's fields.
fn fields<'a>(event: &'a Value, handler: &str) -> Result<Option<&'a serde_json::Map<String, Value>>, Failure> {
    match event {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        Value::Bool(false) => Ok(None),
        other => Err(Failure::new(
            "AttributeError",
            format!("'{}' object has no attribute 'get'", python_type(other)),
            &[&format!("  in {handler}")],
        )),
    }
}

fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// A number as python's `float()` or `int()` takes it: a number or its text.
fn number(value: Option<&Value>, default: f64) -> Result<f64, Failure> {
    match value {
        None => Ok(default),
        Some(Value::Number(n)) => Ok(n.as_f64().unwrap_or(default)),
        Some(Value::String(s)) => s.trim().parse().map_err(|_| {
            Failure::new(
                "ValueError",
                format!("could not convert string to float: '{s}'"),
                &["  in handler"],
            )
        }),
        Some(other) => Err(Failure::new(
            "TypeError",
            format!(
                "float() argument must be a string or a real number, not '{}'",
                python_type(other)
            ),
            &["  in handler"],
        )),
    }
}

/// `int(x)` as python takes it: NaN and infinity are refused, and what
/// does not fit (here past `max`) overflows.
fn whole_number(value: f64, max: f64) -> Result<f64, Failure> {
    if value.is_nan() {
        return Err(Failure::new(
            "ValueError",
            "cannot convert float NaN to integer",
            &["  in handler"],
        ));
    }
    if value.is_infinite() || value.abs() > max {
        return Err(Failure::new(
            "OverflowError",
            "Python int too large to convert to C int",
            &["  in handler"],
        ));
    }
    Ok(value.trunc())
}

fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::Bool(true)) => true,
    }
}

fn remaining_ms(invocation: &Invocation) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    invocation.deadline_ms.saturating_sub(now)
}

/// A number in [0, 1) that differs each call: enough for a failure rate.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

fn handle(name: &str, invocation: &Invocation, event: &Value) -> Result<Value, Failure> {
    match name {
        "echo" => {
            say!("echo: {} bytes for {}", python_json(event).len(), invocation.request_id);
            Ok(event.clone())
        }
        "slow" => {
            let seconds = number(fields(event, "handler")?.and_then(|f| f.get("seconds")), 2.0)?;
            // What python's time.sleep refuses.
            if seconds.is_nan() {
                return Err(Failure::new(
                    "ValueError",
                    "Invalid value NaN (not a number)",
                    &["  in handler"],
                ));
            }
            if seconds < 0.0 {
                return Err(Failure::new(
                    "ValueError",
                    "sleep length must be non-negative",
                    &["  in handler"],
                ));
            }
            if seconds > 1e9 {
                return Err(Failure::new(
                    "OverflowError",
                    "timestamp too large to convert to C _PyTime_t",
                    &["  in handler"],
                ));
            }
            say!("sleeping {seconds:?} s with {} ms left", remaining_ms(invocation));
            std::thread::sleep(Duration::from_secs_f64(seconds.clamp(0.0, 86_400.0)));
            Ok(json!({"slept": seconds}))
        }
        "flaky" => {
            let fields = fields(event, "handler")?;
            let rate = number(fields.and_then(|f| f.get("failure_rate")), 0.0)?;
            if truthy(fields.and_then(|f| f.get("fail"))) || random_unit() < rate {
                return Err(Failure::new(
                    "FlakyError",
                    format!("failed as asked ({})", invocation.request_id),
                    &["  in handler: raise FlakyError"],
                ));
            }
            say!("succeeded this time");
            Ok(json!({"ok": true}))
        }
        "crash" => {
            let fields = fields(event, "handler")?;
            if let Some(status) = fields.and_then(|f| f.get("exit")) {
                let status = whole_number(number(Some(status), 1.0)?, i32::MAX as f64)? as i32;
                say!("exiting with status {status}");
                let _ = io::stdout().flush();
                std::process::exit(status);
            }
            let empty = Value::Object(Default::default());
            let order = fields.and_then(|f| f.get("order")).unwrap_or(&empty);
            Ok(json!({"sku": parse_order(order)?}))
        }
        "chatty" => {
            let count = whole_number(
                number(fields(event, "handler")?.and_then(|f| f.get("lines")), 100.0)?,
                u64::MAX as f64,
            )?
            .max(0.0) as u64;
            let mut out = io::stdout().lock();
            for i in 0..count {
                let _ = if i % 10 == 9 {
                    // Untrusted output: a console must show this, not obey it.
                    writeln!(out, "line {i} \x1b[31mred\x1b[0m \x1b]0;title\x07 \u{202e}txt.exe")
                } else {
                    writeln!(out, "line {i} of {count}: all is well")
                };
            }
            Ok(json!({"lines": count}))
        }
        "web-api" => web_api(event),
        _ => Err(Failure::new("RuntimeError", format!("no sample {name}"), &[])),
    }
}

/// The items `web-api` keeps, per execution environment as a warm Lambda
/// keeps its globals.
fn items() -> &'static std::sync::Mutex<Vec<Value>> {
    static ITEMS: std::sync::OnceLock<std::sync::Mutex<Vec<Value>>> = std::sync::OnceLock::new();
    ITEMS.get_or_init(|| {
        std::sync::Mutex::new(vec![
            json!({"id": 1, "name": "first"}),
            json!({"id": 2, "name": "second"}),
        ])
    })
}

/// A function-URL answer with a JSON body, as its twin's `answer` makes it.
fn answer(status: u16, body: &Value) -> Value {
    json!({
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": String::from_utf8_lossy(&python_json(body)),
    })
}

/// A tiny JSON API behind a function URL: the event is Lambda's payload
/// format 2.0, the answer its response format.
fn web_api(event: &Value) -> Result<Value, Failure> {
    use base64::Engine;
    let http = &event["requestContext"]["http"];
    let method = http["method"].as_str().unwrap_or("GET");
    let path = event["rawPath"].as_str().unwrap_or("/");
    say!("web-api: {method} {path}");
    let mut items = items().lock().unwrap_or_else(|e| e.into_inner());
    match (method, path) {
        ("GET", "/items") => {
            let limit = match event["queryStringParameters"]["limit"].as_str() {
                Some(text) => text.trim().parse::<usize>().map_err(|_| {
                    Failure::new(
                        "ValueError",
                        format!("invalid literal for int() with base 10: '{text}'"),
                        &["  in handler"],
                    )
                })?,
                None => items.len(),
            };
            Ok(answer(200, &json!(items[..limit.min(items.len())])))
        }
        ("POST", "/items") => {
            let body = event["body"].as_str().unwrap_or("{}");
            let body = if event["isBase64Encoded"].as_bool() == Some(true) {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(body)
                    .map_err(|e| Failure::new("Error", e.to_string(), &["  in handler"]))?;
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                body.to_string()
            };
            let fields: Value = serde_json::from_str(&body)
                .map_err(|e| Failure::new("JSONDecodeError", e.to_string(), &["  in handler"]))?;
            let name = fields.get("name").cloned().unwrap_or(json!("unnamed"));
            let item = json!({"id": items.len() + 1, "name": name});
            items.push(item.clone());
            let mut out = answer(201, &item);
            out["cookies"] = json!([format!("last-created={}", items.len())]);
            Ok(out)
        }
        ("GET", path) if path.starts_with("/items/") => {
            let id = &path["/items/".len()..];
            // As its twin compares: the id's text, not its number.
            match items.iter().find(|i| {
                let shown = i["id"].to_string();
                shown == id
            }) {
                Some(item) => Ok(answer(200, item)),
                None => Ok(answer(404, &json!({"message": format!("no item {id}")}))),
            }
        }
        // Any other JSON is Lambda's 200 application/json: the event itself.
        (_, "/echo") => Ok(event.clone()),
        (_, "/binary") => Ok(json!({
            "statusCode": 200,
            "headers": {"content-type": "application/octet-stream"},
            "body": base64::engine::general_purpose::STANDARD.encode((0u8..8).collect::<Vec<u8>>()),
            "isBase64Encoded": true,
        })),
        (_, "/fail") => Err(Failure::new(
            "RuntimeError",
            "failed as asked",
            &["  in handler: raise RuntimeError"],
        )),
        (method, path) => Ok(answer(404, &json!({"message": format!("no route {method} {path}")}))),
    }
}

/// `order["items"][0]["sku"]`, failing as python does.
fn parse_order(order: &Value) -> Result<Value, Failure> {
    const TRACE: &[&str] = &[
        "  in handler: return {\"sku\": parse_order(event.get(\"order\", {}))}",
        "  in parse_order: return order[\"items\"][0][\"sku\"]",
    ];
    let key = |value: &Value, key: &str| match value {
        Value::Object(map) => map
            .get(key)
            .cloned()
            .ok_or_else(|| Failure::new("KeyError", format!("'{key}'"), TRACE)),
        other => Err(Failure::new(
            "TypeError",
            format!("{} indices must be integers", python_type(other)),
            TRACE,
        )),
    };
    let items = key(order, "items")?;
    let first = match &items {
        Value::Array(items) => items
            .first()
            .cloned()
            .ok_or_else(|| Failure::new("IndexError", "list index out of range", TRACE))?,
        other => {
            return Err(Failure::new(
                "KeyError",
                format!("0 (items is a {})", python_type(other)),
                TRACE,
            ));
        }
    };
    key(&first, "sku")
}

/// Streams its answer in chunks; a prelude first for `http`, an error in
/// the trailers after `fail_after` chunks.
fn streamer(api: &mut RuntimeApi, invocation: &Invocation) -> io::Result<()> {
    let mut event: Value = serde_json::from_slice(&invocation.event).unwrap_or(Value::Null);
    if event.get("requestContext").is_some() {
        // Called over a function URL: the options come in the query, and
        // the answer starts with its HTTP prelude.
        let mut options = event["queryStringParameters"].clone();
        if !options.is_object() {
            options = json!({});
        }
        options["http"] = json!(true);
        event = options;
    }
    let empty = serde_json::Map::new();
    let fields = event.as_object().unwrap_or(&empty);
    let whole = |name: &str, default: f64| -> Result<u64, Failure> {
        Ok(whole_number(number(fields.get(name), default)?, u64::MAX as f64)?.max(0.0) as u64)
    };
    let options = (|| -> Result<_, Failure> {
        let fail_after = match fields.get("fail_after").filter(|v| !v.is_null()) {
            Some(_) => Some(whole("fail_after", 0.0)?),
            None => None,
        };
        Ok((whole("chunks", 5.0)?, whole("interval_ms", 300.0)?, fail_after))
    })();
    let mut stream = api.stream(&invocation.request_id)?;
    // A bad option fails as its twin's int() does: in the trailers.
    let (chunks, interval, fail_after) = match options {
        Ok((chunks, interval_ms, fail_after)) => (chunks, Duration::from_millis(interval_ms), fail_after),
        Err(failure) => {
            say_error!("[ERROR] {}: {}", failure.kind, failure.message);
            return stream.end(Some(&failure.body()));
        }
    };
    if truthy(fields.get("http")) {
        // A function URL's prelude: status and headers, then eight NUL bytes.
        let mut prelude = serde_json::to_vec(&json!({"statusCode": 200, "headers": {"content-type": "text/plain"}}))
            .unwrap_or_default();
        prelude.extend_from_slice(&[0; 8]);
        stream.write(&prelude)?;
    }
    let started = Instant::now();
    for i in 1..=chunks {
        if let Some(after) = fail_after.filter(|&after| i > after) {
            let failure = Failure::new(
                "RuntimeError",
                format!("failed after {after} chunks"),
                &["  in handler: raise RuntimeError"],
            );
            say_error!("[ERROR] {}: {}", failure.kind, failure.message);
            return stream.end(Some(&failure.body()));
        }
        stream.write(format!("chunk {i} of {chunks} at {} ms\n", started.elapsed().as_millis()).as_bytes())?;
        say!("streamer: sent chunk {i} of {chunks}");
        if i < chunks {
            std::thread::sleep(interval);
        }
    }
    stream.end(None)
}

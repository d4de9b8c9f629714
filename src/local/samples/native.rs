//! The samples' behaviour in the binary itself (`lambda-console sample
//! NAME`), so that `--local` needs no python: each does what its python
//! twin in `assets/functions` does, prints what it prints, and fails with
//! the same error types.

use std::io::{self, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::runtime_client::{Invocation, RuntimeApi};

/// The samples this binary can be.
pub const NATIVE_SAMPLES: [&str; 6] = ["echo", "slow", "flaky", "crash", "chatty", "streamer"];

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
            "no sample {name}: the samples are {}",
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
            .and_then(|event| handle(name, &invocation, &event));
        match answer {
            Ok(value) => api.respond(&invocation.request_id, &python_json(&value))?,
            Err(failure) => {
                eprintln!("[ERROR] {}: {}", failure.kind, failure.message);
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
            println!("echo: {} bytes for {}", python_json(event).len(), invocation.request_id);
            Ok(event.clone())
        }
        "slow" => {
            let seconds = number(fields(event, "handler")?.and_then(|f| f.get("seconds")), 2.0)?;
            println!("sleeping {seconds:?} s with {} ms left", remaining_ms(invocation));
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
            println!("succeeded this time");
            Ok(json!({"ok": true}))
        }
        "crash" => {
            let fields = fields(event, "handler")?;
            if let Some(status) = fields.and_then(|f| f.get("exit")) {
                let status = number(Some(status), 1.0)? as i32;
                println!("exiting with status {status}");
                let _ = io::stdout().flush();
                std::process::exit(status);
            }
            let empty = Value::Object(Default::default());
            let order = fields.and_then(|f| f.get("order")).unwrap_or(&empty);
            Ok(json!({"sku": parse_order(order)?}))
        }
        "chatty" => {
            let count = number(fields(event, "handler")?.and_then(|f| f.get("lines")), 100.0)?.max(0.0) as u64;
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
        _ => Err(Failure::new("RuntimeError", format!("no sample {name}"), &[])),
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
    let event: Value = serde_json::from_slice(&invocation.event).unwrap_or(Value::Null);
    let empty = serde_json::Map::new();
    let fields = event.as_object().unwrap_or(&empty);
    let whole = |name: &str, default: f64| number(fields.get(name), default).unwrap_or(default).max(0.0) as u64;
    let (chunks, interval) = (whole("chunks", 5.0), Duration::from_millis(whole("interval_ms", 300.0)));
    let fail_after = fields
        .get("fail_after")
        .filter(|v| !v.is_null())
        .map(|_| whole("fail_after", 0.0));
    let mut stream = api.stream(&invocation.request_id)?;
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
            eprintln!("[ERROR] {}: {}", failure.kind, failure.message);
            return stream.end(Some(&failure.body()));
        }
        stream.write(format!("chunk {i} of {chunks} at {} ms\n", started.elapsed().as_millis()).as_bytes())?;
        println!("streamer: sent chunk {i} of {chunks}");
        if i < chunks {
            std::thread::sleep(interval);
        }
    }
    stream.end(None)
}

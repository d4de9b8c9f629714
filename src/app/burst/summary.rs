//! A burst's calls and what they add up to: percentiles, errors by type,
//! throttles with their reasons, billed GB-seconds and an estimated cost.
//! The overlay, the per-call export and the history row all read these, so
//! they agree.

use std::time::{Duration, Instant};

use serde_json::json;

use super::figures::{MAX_NAMED, Sorted, Tally};
use crate::cost::{Bill, Prices};
use crate::model::InvokeOutcome;

/// A function's errorType is its own text: kept this long, and this many
/// distinct ones counted by name (the rest together), so that a function
/// naming each error anew cannot fill memory or the screen.
pub const MAX_ERROR_TYPE_CHARS: usize = 128;
/// A call still throttled after its retries.
const GAVE_UP: &str = "throttled";

/// One call of a burst, as far as the summary needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstCall {
    /// Its place in the order the calls were sent, from 0.
    pub sent: usize,
    /// Which payload it sent (an index into the burst's events).
    pub payload: usize,
    pub request_id: Option<String>,
    pub round_trip_ms: f64,
    pub duration_ms: Option<f64>,
    pub init_ms: Option<f64>,
    pub billed_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    /// The function answered (so the call is billed), error or not.
    pub reached: bool,
    /// The function's errorType (cut to `MAX_ERROR_TYPE_CHARS`).
    pub error: Option<String>,
    /// No answer from the function: throttled to the end, or the call failed.
    pub failed: Option<&'static str>,
    pub throttled: bool,
    /// Lambda's reason for the last throttle of this call.
    pub throttle_reason: Option<String>,
}

impl BurstCall {
    pub fn of(payload: usize, elapsed: Duration, result: Result<Box<InvokeOutcome>, String>) -> BurstCall {
        let round_trip_ms = elapsed.as_secs_f64() * 1000.0;
        match result {
            Ok(outcome) => {
                let report = outcome.report.as_ref();
                BurstCall {
                    sent: 0,
                    payload,
                    request_id: outcome.request_id.clone(),
                    round_trip_ms,
                    duration_ms: report.and_then(|r| r.duration_ms),
                    init_ms: report.and_then(|r| r.init_duration_ms),
                    billed_ms: report.and_then(|r| r.billed_duration_ms),
                    memory_mb: report.and_then(|r| r.memory_size_mb),
                    reached: true,
                    error: outcome.function_error.as_ref().map(|e| {
                        let kind = e.error_type.as_deref().unwrap_or(&e.kind);
                        kind.chars().take(MAX_ERROR_TYPE_CHARS).collect()
                    }),
                    failed: None,
                    throttled: outcome.throttle_retries > 0,
                    throttle_reason: outcome.throttle_reason.clone(),
                }
            }
            Err(why) => {
                let throttled = why.starts_with("Throttled");
                BurstCall {
                    sent: 0,
                    payload,
                    request_id: None,
                    round_trip_ms,
                    duration_ms: None,
                    init_ms: None,
                    billed_ms: None,
                    memory_mb: None,
                    reached: false,
                    // The invoke path spells it `reason X, retry after…`.
                    throttle_reason: throttled
                        .then(|| why.split_once("reason ").map(|(_, r)| r.split(',').next().unwrap_or(r)))
                        .flatten()
                        .map(|r| crate::sanitize::one_line(r.trim())),
                    throttled,
                    error: None,
                    failed: Some(if throttled { GAVE_UP } else { "call failed" }),
                }
            }
        }
    }
}

/// A burst running or run.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub id: u64,
    pub target: String,
    pub count: u32,
    pub concurrency: u32,
    /// The saved events sent in turn; empty when the editor's payload went.
    pub events: Vec<String>,
    pub started: Instant,
    pub ended: Option<Instant>,
    pub stopping: bool,
    calls: Vec<BurstCall>,
    /// Function errors and throttle reasons, counted as calls come.
    errors: Tally,
    throttle_reasons: Tally,
    /// When it started (Unix seconds), naming its export.
    pub started_wall: u64,
    /// Its end has been on screen: one that ended while hidden is shown by
    /// the next `b` before a new form.
    pub end_seen: bool,
    /// The function's architecture, for its price.
    pub architecture: String,
    /// The prices at its start, so its estimate does not change after.
    pub prices: Prices,
}

/// A field of the export: one line, quoted, and never a spreadsheet
/// formula (a function's error type is its own text).
fn csv_text(text: &str) -> String {
    let text = crate::sanitize::one_line(text);
    // Importers that trim spaces, and full-width signs, count too.
    let formula = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
    let text = if text.trim_start().starts_with(formula) {
        format!("'{text}")
    } else {
        text
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl Burst {
    pub fn new(
        id: u64,
        target: String,
        (count, concurrency): (u32, u32),
        events: Vec<String>,
        architecture: String,
        prices: Prices,
    ) -> Burst {
        Burst {
            id,
            target,
            count,
            concurrency,
            events,
            started: Instant::now(),
            ended: None,
            stopping: false,
            calls: Vec::new(),
            errors: Tally::default(),
            throttle_reasons: Tally::default(),
            started_wall: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            end_seen: false,
            architecture,
            prices,
        }
    }

    pub fn calls(&self) -> &[BurstCall] {
        &self.calls
    }

    pub fn push(&mut self, call: BurstCall) {
        if let Some(error) = &call.error {
            self.errors.add(error);
        }
        if call.throttled {
            self.throttle_reasons
                .add(call.throttle_reason.as_deref().unwrap_or("not given"));
        }
        self.calls.push(call);
    }

    /// Calls that got no answer from the function: (throttled to the end,
    /// failed otherwise).
    pub fn unanswered(&self) -> (usize, usize) {
        let gave_up = self.calls.iter().filter(|c| c.failed == Some(GAVE_UP)).count();
        let failed = self.calls.iter().filter(|c| c.failed.is_some()).count() - gave_up;
        (gave_up, failed)
    }

    /// Calls per second so far.
    pub fn rate(&self, now: Instant) -> f64 {
        let seconds = self.ended.unwrap_or(now).duration_since(self.started).as_secs_f64();
        if seconds > 0.0 {
            self.calls.len() as f64 / seconds
        } else {
            0.0
        }
    }

    /// What a call sent, as the export names it.
    pub fn payload_name(&self, call: &BurstCall) -> &str {
        self.events
            .get(call.payload)
            .map_or("(the editor's payload)", String::as_str)
    }

    pub fn round_trips(&self) -> Vec<f64> {
        self.calls.iter().map(|c| c.round_trip_ms).collect()
    }

    /// Function errors by type, most frequent first.
    pub fn errors(&self) -> Vec<(String, usize)> {
        self.errors.ranked()
    }

    /// Throttled calls by Lambda's reason, most frequent first.
    pub fn throttle_reasons(&self) -> Vec<(String, usize)> {
        self.throttle_reasons.ranked()
    }

    /// Billed use of the calls that reached the function.
    pub fn bill(&self) -> Bill {
        let mut bill = Bill::default();
        for call in self.calls.iter().filter(|c| c.reached) {
            bill.add(call.billed_ms, call.memory_mb);
        }
        bill
    }

    pub fn estimated_cost(&self) -> f64 {
        self.bill().cost(&self.prices, &self.architecture)
    }

    /// The calls in the order they were sent.
    fn in_sent_order(&self) -> Vec<&BurstCall> {
        let mut calls: Vec<&BurstCall> = self.calls.iter().collect();
        calls.sort_by_key(|c| c.sent);
        calls
    }

    /// One row a call, in the order they were sent.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "call,request_id,payload,round_trip_ms,duration_ms,init_duration_ms,billed_duration_ms,memory_size_mb,error,failed,throttled,throttle_reason\n",
        );
        let number = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
        let whole = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        for call in self.in_sent_order() {
            out.push_str(&format!(
                "{},{},{},{:.3},{},{},{},{},{},{},{},{}\n",
                call.sent + 1,
                csv_text(call.request_id.as_deref().unwrap_or("")),
                csv_text(self.payload_name(call)),
                call.round_trip_ms,
                number(call.duration_ms),
                number(call.init_ms),
                whole(call.billed_ms),
                whole(call.memory_mb),
                csv_text(call.error.as_deref().unwrap_or("")),
                call.failed.unwrap_or(""),
                call.throttled,
                csv_text(call.throttle_reason.as_deref().unwrap_or("")),
            ));
        }
        out
    }

    /// The summary, then every call in the order they were sent.
    pub fn json(&self) -> String {
        let calls: Vec<serde_json::Value> = self
            .in_sent_order()
            .into_iter()
            .map(|c| {
                json!({
                    "call": c.sent + 1,
                    "request_id": c.request_id,
                    "payload": self.payload_name(c),
                    "round_trip_ms": c.round_trip_ms,
                    "duration_ms": c.duration_ms,
                    "init_duration_ms": c.init_ms,
                    "billed_duration_ms": c.billed_ms,
                    "memory_size_mb": c.memory_mb,
                    "error": c.error,
                    "failed": c.failed,
                    "throttled": c.throttled,
                    "throttle_reason": c.throttle_reason,
                })
            })
            .collect();
        let mut out = self.summary();
        out["calls"] = json!(calls);
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// What the burst came to: the history keeps this as its row's body.
    /// Figures are rounded (to a microsecond, a millionth of a GB-second),
    /// so that two summaries compare without float noise.
    pub fn summary(&self) -> serde_json::Value {
        let round = |v: f64, places: i32| {
            let scale = 10f64.powi(places);
            (v * scale).round() / scale
        };
        let ms = |v: Option<f64>| v.map(|v| round(v, 3));
        let round_trips = Sorted::new(self.round_trips());
        let durations = Sorted::new(self.calls.iter().filter_map(|c| c.duration_ms).collect());
        let inits = Sorted::new(self.calls.iter().filter_map(|c| c.init_ms).collect());
        let as_object = |counts: Vec<(String, usize)>| -> serde_json::Map<String, serde_json::Value> {
            counts.into_iter().map(|(k, n)| (k, json!(n))).collect()
        };
        let bill = self.bill();
        let seconds = self.ended.map(|end| end.duration_since(self.started).as_secs_f64());
        json!({
            "burst": {
                "target": self.target,
                "count": self.count,
                "concurrency": self.concurrency,
                "done": self.calls.len(),
                "stopped": self.stopping,
                "payloads": if self.events.is_empty() {
                    json!("the editor's payload")
                } else {
                    json!(self.events.iter().take(MAX_NAMED).collect::<Vec<_>>())
                },
                "payload_count": self.events.len().max(1),
                "seconds": seconds.map(|s| round(s, 3)),
                "calls_per_second": seconds.map(|_| round(self.rate(Instant::now()), 2)),
            },
            "round_trip_ms": {
                "p50": ms(round_trips.at(50.0)),
                "p90": ms(round_trips.at(90.0)),
                "p99": ms(round_trips.at(99.0)),
                "max": ms(round_trips.at(100.0)),
            },
            "duration_ms": {
                "p50": ms(durations.at(50.0)),
                "p99": ms(durations.at(99.0)),
            },
            "cold_starts": inits.len(),
            "init_duration_ms_p50": ms(inits.at(50.0)),
            "errors": as_object(self.errors()),
            "calls_failed": self.unanswered().1,
            "throttled": self.calls.iter().filter(|c| c.throttled).count(),
            "throttled_gave_up": self.unanswered().0,
            "throttle_reasons": as_object(self.throttle_reasons()),
            "billed_requests": bill.requests,
            "billed_gb_seconds": round(bill.gb_seconds, 6),
            "estimated_cost_usd": {
                "total": round(bill.cost(&self.prices, &self.architecture), 10),
                "architecture": self.architecture,
                "per_request": self.prices.request,
                "per_gb_second": self.prices.gb_second(&self.architecture),
                "note": "an estimate: list prices from the config's [prices], no free tier",
            },
        })
    }
}

/// A burst row's state as the Invocations table shows it, read from its
/// kept summary: `20 ok`, `9/20 err`.
pub fn headline(summary: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(summary).ok()?;
    let done = value["burst"]["done"].as_u64()?;
    let failed: u64 = value["errors"]
        .as_object()?
        .values()
        .filter_map(|n| n.as_u64())
        .sum::<u64>()
        + value["calls_failed"].as_u64().unwrap_or(0)
        + value["throttled_gave_up"].as_u64().unwrap_or(0);
    let count = value["burst"]["count"].as_u64().unwrap_or(done);
    let stopped = value["burst"]["stopped"].as_bool() == Some(true) && done < count;
    Some(match (failed, stopped) {
        (0, false) => format!("{done} ok"),
        (0, true) => format!("{done}/{count} stop"),
        _ => format!("{failed}/{done} err"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_field_of_the_export_reads_as_a_formula() {
        for text in ["=1+1", "\t=1+1", " =cmd|' /C calc'!A0", "＝SUM(1,2)", "@x", "-2", "+3"] {
            let field = csv_text(text);
            assert!(field.starts_with("\"'"), "{text:?} → {field}");
        }
        assert_eq!(csv_text("FlakyError"), "\"FlakyError\"");
    }

    #[test]
    fn a_throttle_that_gave_up_keeps_its_reason() {
        let call = BurstCall::of(
            0,
            Duration::from_millis(3),
            Err("Throttled (HTTP 429), reason ReservedFunctionConcurrentInvocationLimitExceeded, retry after 1 s. x (after 2 throttled retries)".into()),
        );
        assert!(call.throttled && !call.reached);
        assert_eq!(
            call.throttle_reason.as_deref(),
            Some("ReservedFunctionConcurrentInvocationLimitExceeded")
        );
        let failed = BurstCall::of(0, Duration::from_millis(3), Err("connection refused".into()));
        assert!(!failed.throttled && failed.throttle_reason.is_none());
        assert_eq!(failed.failed, Some("call failed"));
    }
}

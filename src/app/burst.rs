//! Bursts (`b`): the payload in the editor sent to the function under the
//! cursor many times, some at a time, with what happened summed up live:
//! done of total, rate, round-trip percentiles, the functions' own
//! durations, cold starts, errors by type and throttles.

use std::time::{Duration, Instant};

use super::prompt::LineInput;
use super::{App, Command, Mode};
use crate::aws::burst::{MAX_BURST_CALLS, MAX_BURST_CONCURRENCY};
use crate::model::{InvokeOutcome, InvokeRequest, InvokeType};

/// Calls above this many ask first.
const CONFIRM_ABOVE: u32 = 100;

/// The form `b` opens: how many, and how many at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstForm {
    pub count: LineInput,
    pub concurrency: LineInput,
    /// The field typing goes to: false the count, true the concurrency.
    pub on_concurrency: bool,
    pub error: Option<String>,
}

impl BurstForm {
    fn new() -> BurstForm {
        BurstForm {
            count: LineInput::new("20", 5),
            concurrency: LineInput::new("4", 3),
            on_concurrency: false,
            error: None,
        }
    }

    pub fn focused(&mut self) -> &mut LineInput {
        if self.on_concurrency {
            &mut self.concurrency
        } else {
            &mut self.count
        }
    }
}

/// One call of a burst, as far as the summary needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstCall {
    pub round_trip_ms: f64,
    pub duration_ms: Option<f64>,
    pub init_ms: Option<f64>,
    /// The function's errorType, or why the call failed.
    pub error: Option<String>,
    pub throttled: bool,
}

impl BurstCall {
    fn of(elapsed: Duration, result: Result<Box<InvokeOutcome>, String>) -> BurstCall {
        let round_trip_ms = elapsed.as_secs_f64() * 1000.0;
        match result {
            Ok(outcome) => BurstCall {
                round_trip_ms,
                duration_ms: outcome.report.as_ref().and_then(|r| r.duration_ms),
                init_ms: outcome.report.as_ref().and_then(|r| r.init_duration_ms),
                error: outcome
                    .function_error
                    .as_ref()
                    .map(|e| e.error_type.clone().unwrap_or_else(|| e.kind.clone())),
                throttled: outcome.throttle_retries > 0,
            },
            Err(why) => BurstCall {
                round_trip_ms,
                duration_ms: None,
                init_ms: None,
                throttled: why.starts_with("Throttled"),
                error: Some(if why.starts_with("Throttled") {
                    "throttled".into()
                } else {
                    "call failed".into()
                }),
            },
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
    pub started: Instant,
    pub ended: Option<Instant>,
    pub stopping: bool,
    pub calls: Vec<BurstCall>,
    /// When it started (Unix seconds), naming its export.
    pub started_wall: u64,
    /// Its end has been on screen: one that ended while hidden is shown by
    /// the next `b` before a new form.
    pub end_seen: bool,
}

/// A field of the export: one line, quoted, and never a spreadsheet
/// formula (a function's error type is its own text).
fn csv_text(text: &str) -> String {
    let text = crate::sanitize::one_line(text);
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl Burst {
    /// Calls per second so far.
    pub fn rate(&self, now: Instant) -> f64 {
        let seconds = self.ended.unwrap_or(now).duration_since(self.started).as_secs_f64();
        if seconds > 0.0 {
            self.calls.len() as f64 / seconds
        } else {
            0.0
        }
    }

    /// One row a call, in the order they ended.
    pub fn csv(&self) -> String {
        let mut out = String::from("call,round_trip_ms,duration_ms,init_duration_ms,error,throttled\n");
        let number = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
        for (i, call) in self.calls.iter().enumerate() {
            out.push_str(&format!(
                "{},{:.3},{},{},{},{}\n",
                i + 1,
                call.round_trip_ms,
                number(call.duration_ms),
                number(call.init_ms),
                csv_text(call.error.as_deref().unwrap_or("")),
                call.throttled
            ));
        }
        out
    }

    pub fn json(&self) -> String {
        let calls: Vec<serde_json::Value> = self
            .calls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                serde_json::json!({
                    "call": i + 1,
                    "round_trip_ms": c.round_trip_ms,
                    "duration_ms": c.duration_ms,
                    "init_duration_ms": c.init_ms,
                    "error": c.error,
                    "throttled": c.throttled,
                })
            })
            .collect();
        let out = serde_json::json!({
            "target": self.target,
            "count": self.count,
            "concurrency": self.concurrency,
            "calls": calls,
        });
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// Errors by type, most frequent first.
    pub fn errors(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for call in &self.calls {
            if let Some(error) = &call.error {
                *counts.entry(error.as_str()).or_default() += 1;
            }
        }
        let mut errors: Vec<(String, usize)> = counts.into_iter().map(|(e, n)| (e.to_string(), n)).collect();
        errors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        errors
    }
}

/// The p-th percentile (nearest rank) of `values`; None when there are none.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

impl App {
    /// `b`: the form, for the function under the cursor.
    pub(super) fn open_burst_form(&mut self) {
        if let Some(burst) = self.burst.as_mut().filter(|b| b.ended.is_none() || !b.end_seen) {
            burst.end_seen = burst.ended.is_some();
            self.mode = Mode::Burst;
            return;
        }
        if self.selected_name().is_none() {
            self.set_error("No function selected: a burst goes to the function under the cursor.".into());
            return;
        }
        self.mode = Mode::BurstForm(Box::new(BurstForm::new()));
    }

    /// Enter in the form: checked, then asked about when big or protected.
    pub(super) fn burst_form_submitted(&mut self, mut form: BurstForm) -> Vec<Command> {
        let number =
            |input: &LineInput, max: u32| input.text.trim().parse::<u32>().ok().filter(|n| (1..=max).contains(n));
        let (Some(count), Some(concurrency)) = (
            number(&form.count, MAX_BURST_CALLS),
            number(&form.concurrency, MAX_BURST_CONCURRENCY),
        ) else {
            form.error = Some(format!(
                "A count of 1 to {MAX_BURST_CALLS} and a concurrency of 1 to {MAX_BURST_CONCURRENCY}."
            ));
            self.mode = Mode::BurstForm(Box::new(form));
            return Vec::new();
        };
        let Some((request, _)) = self.prepared_request(InvokeType::RequestResponse) else {
            self.mode = self.resting_mode();
            return Vec::new();
        };
        if count > CONFIRM_ABOVE || self.protected_profile().is_some() {
            self.mode = Mode::Question(super::Question::ConfirmBurst {
                request: Box::new(request),
                count,
                concurrency,
                profile: self.protected_profile().map(str::to_string),
            });
            return Vec::new();
        }
        self.start_burst(request, count, concurrency)
    }

    pub(super) fn start_burst(&mut self, request: InvokeRequest, count: u32, concurrency: u32) -> Vec<Command> {
        let id = self.next_id();
        self.burst = Some(Burst {
            id,
            target: request.target(),
            count,
            concurrency,
            started: Instant::now(),
            ended: None,
            stopping: false,
            calls: Vec::new(),
            end_seen: false,
            started_wall: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        });
        self.mode = Mode::Burst;
        vec![Command::Burst {
            id,
            request,
            count,
            concurrency,
        }]
    }

    /// Esc on the burst: the first stops sending (calls in flight finish),
    /// one after it has ended closes it.
    pub(super) fn burst_cancelled(&mut self) -> Vec<Command> {
        match &mut self.burst {
            Some(burst) if burst.ended.is_none() && !burst.stopping => {
                burst.stopping = true;
                self.mode = Mode::Burst;
                vec![Command::StopBurst { id: burst.id }]
            }
            Some(burst) if burst.ended.is_none() => {
                // Still finishing: it goes on behind, `b` shows it again.
                self.mode = self.resting_mode();
                Vec::new()
            }
            _ => {
                self.mode = self.resting_mode();
                Vec::new()
            }
        }
    }

    /// `s` in a burst's summary: its calls as CSV and JSON, new files in
    /// the working folder.
    pub(super) fn export_burst(&mut self) -> Vec<Command> {
        let Some(burst) = self.burst.as_ref().filter(|_| self.mode == Mode::Burst) else {
            self.set_info("s exports a burst's calls: b starts one.".into());
            return Vec::new();
        };
        let name = format!("burst-{}", burst.started_wall);
        vec![
            Command::SaveFile {
                path: format!("{name}.csv").into(),
                bytes: burst.csv().into_bytes(),
            },
            Command::SaveFile {
                path: format!("{name}.json").into(),
                bytes: burst.json().into_bytes(),
            },
        ]
    }

    pub(super) fn on_burst_call(&mut self, id: u64, elapsed: Duration, result: Result<Box<InvokeOutcome>, String>) {
        if let Some(burst) = self.burst.as_mut().filter(|b| b.id == id) {
            burst.calls.push(BurstCall::of(elapsed, result));
        }
    }

    pub(super) fn on_burst_ended(&mut self, id: u64) {
        let shown = self.mode == Mode::Burst;
        if let Some(burst) = self.burst.as_mut().filter(|b| b.id == id) {
            burst.ended = Some(Instant::now());
            burst.end_seen = shown;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), Some(50.0));
        assert_eq!(percentile(&values, 90.0), Some(90.0));
        assert_eq!(percentile(&values, 99.0), Some(99.0));
        assert_eq!(percentile(&values, 100.0), Some(100.0));
        assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
    }
}

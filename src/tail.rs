//! Following a log group: a cursor that makes polls seamless, and a tracker
//! that reads an async invocation's fate from its START / END / REPORT lines.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::report::{PlatformLine, Report};

/// One event as CloudWatch Logs returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub timestamp: i64,
    pub stream: String,
    pub message: String,
    pub event_id: String,
}

/// Where the next poll starts: from the newest timestamp seen, skipping the
/// events already delivered at that timestamp (the way `aws logs tail` does),
/// so there is neither a gap nor a duplicate across polls or restarts. Live
/// tail events carry no event id, so events are also known by stream and text,
/// which makes the switch between polling and live tail seamless too (at the
/// price that a line repeated in the same stream and millisecond counts once).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TailCursor {
    pub start_time: i64,
    seen_at_start: HashSet<String>,
}

impl TailCursor {
    pub fn new(start_time: i64) -> TailCursor {
        TailCursor {
            start_time,
            seen_at_start: HashSet::new(),
        }
    }

    fn content_key(event: &LogEvent) -> String {
        format!("{}\u{0}{}", event.stream, event.message)
    }

    /// Keeps the events not delivered yet, in order, and moves the cursor.
    pub fn accept(&mut self, events: Vec<LogEvent>) -> Vec<LogEvent> {
        let mut fresh = Vec::with_capacity(events.len());
        for event in events {
            let content = Self::content_key(&event);
            let seen = (!event.event_id.is_empty() && self.seen_at_start.contains(&event.event_id))
                || self.seen_at_start.contains(&content);
            if event.timestamp < self.start_time || (event.timestamp == self.start_time && seen) {
                continue;
            }
            if event.timestamp > self.start_time {
                self.start_time = event.timestamp;
                self.seen_at_start.clear();
            }
            if !event.event_id.is_empty() {
                self.seen_at_start.insert(event.event_id.clone());
            }
            self.seen_at_start.insert(content);
            fresh.push(event);
        }
        fresh
    }
}

impl TailCursor {
    /// Live tail delivers events as they are ingested, not in timestamp order
    /// across streams: past the `boundary` (the cursor when the session started)
    /// all are new; at it, those already polled are dropped.
    pub fn accept_live(&mut self, boundary: i64, events: Vec<LogEvent>) -> Vec<LogEvent> {
        let mut fresh = Vec::with_capacity(events.len());
        for event in events {
            if event.timestamp < boundary {
                continue;
            }
            let content = Self::content_key(&event);
            if event.timestamp == boundary && self.start_time == boundary && self.seen_at_start.contains(&content) {
                continue;
            }
            if event.timestamp > self.start_time {
                self.start_time = event.timestamp;
                self.seen_at_start.clear();
            }
            if event.timestamp == self.start_time {
                self.seen_at_start.insert(content);
            }
            fresh.push(event);
        }
        fresh
    }
}

/// How far an async invocation has got, as its log group tells it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum AsyncState {
    /// Accepted (202), no START yet.
    Queued,
    Running {
        attempt: u32,
    },
    /// The last attempt failed; Lambda will retry it.
    RetryPending {
        attempt: u32,
        reason: String,
    },
    Succeeded {
        attempt: u32,
    },
    Failed {
        attempt: u32,
        reason: String,
    },
}

impl AsyncState {
    pub fn is_final(&self) -> bool {
        matches!(self, AsyncState::Succeeded { .. } | AsyncState::Failed { .. })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tracked {
    pub state: AsyncState,
    pub report: Option<Report>,
    /// The stream the current attempt runs in, and whether it printed an error.
    stream: Option<String>,
    error: Option<String>,
}

/// Follows many request ids of one log group from one stream of its lines.
#[derive(Debug, Default)]
pub struct Tracker {
    pending: HashMap<String, Tracked>,
    /// Attempts Lambda makes in all: 1 + MaximumRetryAttempts.
    max_attempts: HashMap<String, u32>,
    /// Which request runs in each stream right now (one at a time per stream).
    running_in: HashMap<String, String>,
    /// Events already read: a restarted poller may deliver them again, and a
    /// START read twice would count as a retry. The newest `MAX_SEEN` are
    /// remembered; a repeat comes soon after the first or not at all.
    seen: HashSet<String>,
    seen_order: VecDeque<String>,
}

/// Events a tracker remembers having read.
const MAX_SEEN: usize = 50_000;

impl Tracker {
    pub fn track(&mut self, request_id: &str, max_attempts: u32) {
        self.max_attempts.insert(request_id.to_string(), max_attempts.max(1));
        self.pending.entry(request_id.to_string()).or_insert(Tracked {
            state: AsyncState::Queued,
            report: None,
            stream: None,
            error: None,
        });
    }

    pub fn get(&self, request_id: &str) -> Option<&Tracked> {
        self.pending.get(request_id)
    }

    /// True while a tracked request has not reached a final state.
    pub fn has_pending(&self) -> bool {
        self.pending.values().any(|t| !t.state.is_final())
    }

    /// Reads a batch of events; returns the request ids whose state changed.
    pub fn feed(&mut self, events: &[LogEvent]) -> Vec<String> {
        let mut changed = Vec::new();
        for event in events {
            let key = if event.event_id.is_empty() {
                format!("{}\u{0}{}\u{0}{}", event.timestamp, event.stream, event.message)
            } else {
                event.event_id.clone()
            };
            if !self.seen.insert(key.clone()) {
                continue;
            }
            self.seen_order.push_back(key);
            if self.seen_order.len() > MAX_SEEN
                && let Some(oldest) = self.seen_order.pop_front()
            {
                self.seen.remove(&oldest);
            }
            let id = match PlatformLine::parse(&event.message) {
                Some(PlatformLine::Start { request_id, .. }) => {
                    self.running_in.insert(event.stream.clone(), request_id.clone());
                    let Some(t) = self.pending.get_mut(&request_id) else {
                        continue;
                    };
                    let attempt = match &t.state {
                        AsyncState::Queued => 1,
                        AsyncState::Running { attempt }
                        | AsyncState::RetryPending { attempt, .. }
                        | AsyncState::Succeeded { attempt }
                        | AsyncState::Failed { attempt, .. } => attempt + 1,
                    };
                    t.state = AsyncState::Running { attempt };
                    t.stream = Some(event.stream.clone());
                    t.error = None;
                    request_id
                }
                Some(PlatformLine::End { .. }) => continue,
                Some(PlatformLine::Report(report)) => {
                    self.running_in.remove(&event.stream);
                    let request_id = report.request_id.clone();
                    let max = self.max_attempts.get(&request_id).copied().unwrap_or(1);
                    let Some(t) = self.pending.get_mut(&request_id) else {
                        continue;
                    };
                    let attempt = match t.state {
                        AsyncState::Running { attempt } => attempt,
                        _ => continue,
                    };
                    let failure = match report.status.as_deref() {
                        Some(status) => Some(format!("Status: {status}")),
                        None => t.error.clone(),
                    };
                    t.report = Some(report);
                    t.state = match failure {
                        None => AsyncState::Succeeded { attempt },
                        Some(reason) if attempt < max => AsyncState::RetryPending { attempt, reason },
                        Some(reason) => AsyncState::Failed { attempt, reason },
                    };
                    request_id
                }
                None => {
                    // The function's own line: an error line marks its attempt failed.
                    let Some(request_id) = self.running_in.get(&event.stream) else {
                        continue;
                    };
                    let Some(t) = self.pending.get_mut(request_id) else {
                        continue;
                    };
                    if t.error.is_none() && looks_like_error(&event.message) {
                        t.error = Some(event.message.chars().take(200).collect());
                    }
                    continue;
                }
            };
            if !changed.contains(&id) {
                changed.push(id);
            }
        }
        changed
    }

    /// Ends the tracking of an attempt whose retry never came: the function's
    /// retry window has passed, so the last failure is final.
    pub fn expire(&mut self, request_id: &str) -> bool {
        let Some(t) = self.pending.get_mut(request_id) else {
            return false;
        };
        let next = match &t.state {
            AsyncState::RetryPending { attempt, reason } => AsyncState::Failed {
                attempt: *attempt,
                reason: format!("{reason}; no retry within the retry window"),
            },
            AsyncState::Queued => AsyncState::Failed {
                attempt: 0,
                reason: "never started within the retry window".into(),
            },
            _ => return false,
        };
        t.state = next;
        true
    }
}

/// Runtimes mark errors in their own ways; these are the common ones.
fn looks_like_error(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("[ERROR]")
        || trimmed.starts_with("ERROR")
        || trimmed.contains("Task timed out after")
        || trimmed.contains("Runtime exited with error")
        || trimmed.contains("\"errorType\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ts: i64, id: &str, stream: &str, message: &str) -> LogEvent {
        LogEvent {
            timestamp: ts,
            stream: stream.into(),
            message: message.into(),
            event_id: id.into(),
        }
    }

    #[test]
    fn overlapping_polls_deliver_each_event_once_and_none_is_lost() {
        let mut cursor = TailCursor::new(100);
        let first = cursor.accept(vec![
            event(100, "a", "s", "1"),
            event(105, "b", "s", "2"),
            event(105, "c", "s", "3"),
        ]);
        assert_eq!(first.len(), 3);
        assert_eq!(cursor.start_time, 105);
        // The next poll starts at 105 again: b and c come back, d is new at the same ms.
        let second = cursor.accept(vec![
            event(105, "b", "s", "2"),
            event(105, "c", "s", "3"),
            event(105, "d", "t", "4"),
            event(107, "e", "s", "5"),
        ]);
        let ids: Vec<&str> = second.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["d", "e"]);
        // A restart from a copied cursor neither repeats nor skips.
        let mut restarted = cursor.clone();
        let third = restarted.accept(vec![event(107, "e", "s", "5"), event(107, "f", "s", "6")]);
        assert_eq!(third.len(), 1);
        assert_eq!(third[0].event_id, "f");
        assert!(restarted.accept(vec![event(90, "old", "s", "x")]).is_empty());
    }

    #[test]
    fn live_events_without_ids_are_matched_by_stream_and_text() {
        let mut cursor = TailCursor::new(0);
        cursor.accept(vec![event(50, "id-1", "s", "polled")]);
        // The same event arriving from the live tail, then a new one at the same ms.
        let live = cursor.accept(vec![
            event(50, "", "s", "polled"),
            event(50, "", "s", "new"),
            event(50, "", "s", "new"),
        ]);
        assert_eq!(live.len(), 1);
        assert_eq!(live[0].message, "new");
    }

    #[test]
    fn live_events_out_of_timestamp_order_are_kept() {
        let mut cursor = TailCursor::new(0);
        cursor.accept(vec![event(100, "id", "a", "polled")]);
        let boundary = cursor.start_time;
        let live = cursor.accept_live(
            boundary,
            vec![
                event(100, "", "a", "polled"),
                event(130, "", "a", "late stream a"),
                event(120, "", "b", "earlier stream b"),
            ],
        );
        let messages: Vec<&str> = live.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, ["late stream a", "earlier stream b"]);
        assert_eq!(cursor.start_time, 130, "a fallback poll resumes after the newest");
    }

    const OK_REPORT: &str =
        "REPORT RequestId: r1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t";

    #[test]
    fn a_success_is_final_with_its_figures() {
        let mut tracker = Tracker::default();
        tracker.track("r1", 3);
        assert_eq!(tracker.get("r1").unwrap().state, AsyncState::Queued);
        tracker.feed(&[event(1, "1", "s1", "START RequestId: r1 Version: $LATEST")]);
        assert_eq!(tracker.get("r1").unwrap().state, AsyncState::Running { attempt: 1 });
        let changed = tracker.feed(&[
            event(2, "2", "s1", "hello"),
            event(3, "3", "s1", "END RequestId: r1"),
            event(3, "4", "s1", OK_REPORT),
        ]);
        assert_eq!(changed, ["r1"]);
        let t = tracker.get("r1").unwrap();
        assert_eq!(t.state, AsyncState::Succeeded { attempt: 1 });
        assert_eq!(t.report.as_ref().unwrap().max_memory_used_mb, Some(20));
        assert!(!tracker.has_pending());
    }

    #[test]
    fn failures_are_retried_then_final_and_other_requests_are_not_confused() {
        let mut tracker = Tracker::default();
        tracker.track("r1", 3);
        // Each attempt's events have ids of their own, as the service gives them.
        let attempt = |stream: &str, n: u32| {
            let id = |name: &str| format!("{name}{n}");
            vec![
                event(1, &id("x"), stream, "START RequestId: r1 Version: $LATEST"),
                event(2, &id("y"), "other", "START RequestId: zz Version: $LATEST"),
                event(2, &id("y2"), "other", "[ERROR] not ours"),
                event(3, &id("z"), stream, "[ERROR] FlakyError: failed as asked"),
                event(4, &id("w"), stream, "END RequestId: r1"),
                event(4, &id("v"), stream, OK_REPORT),
            ]
        };
        tracker.feed(&attempt("s1", 1));
        assert!(matches!(
            tracker.get("r1").unwrap().state,
            AsyncState::RetryPending { attempt: 1, .. }
        ));
        tracker.feed(&attempt("s2", 2));
        assert!(matches!(
            tracker.get("r1").unwrap().state,
            AsyncState::RetryPending { attempt: 2, .. }
        ));
        tracker.feed(&attempt("s1", 3));
        match &tracker.get("r1").unwrap().state {
            AsyncState::Failed { attempt: 3, reason } => assert!(reason.contains("FlakyError")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn events_delivered_twice_do_not_count_as_retries() {
        let mut tracker = Tracker::default();
        tracker.track("r1", 3);
        let start = [event(1, "1", "s", "START RequestId: r1 Version: $LATEST")];
        tracker.feed(&start);
        tracker.feed(&start);
        assert_eq!(tracker.get("r1").unwrap().state, AsyncState::Running { attempt: 1 });
    }

    #[test]
    fn a_timeout_status_fails_the_attempt_and_expiry_ends_a_pending_retry() {
        let mut tracker = Tracker::default();
        tracker.track("r1", 2);
        tracker.feed(&[
            event(1, "1", "s", "START RequestId: r1 Version: 3"),
            event(2, "2", "s", "END RequestId: r1"),
            event(2, "3", "s", "REPORT RequestId: r1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\tStatus: timeout"),
        ]);
        assert_eq!(
            tracker.get("r1").unwrap().state,
            AsyncState::RetryPending {
                attempt: 1,
                reason: "Status: timeout".into()
            }
        );
        assert!(tracker.expire("r1"));
        assert!(matches!(
            tracker.get("r1").unwrap().state,
            AsyncState::Failed { attempt: 1, .. }
        ));
        assert!(!tracker.expire("r1"), "a final state stays");
    }

    #[test]
    fn a_tracker_remembers_a_bounded_number_of_events() {
        let mut tracker = Tracker::default();
        tracker.track("r1", 1);
        let lines: Vec<LogEvent> = (0..MAX_SEEN + 100)
            .map(|i| event(i as i64, &i.to_string(), "s", "a line of the function's"))
            .collect();
        tracker.feed(&lines);
        assert_eq!(tracker.seen.len(), MAX_SEEN);
        assert_eq!(tracker.seen_order.len(), MAX_SEEN);
        // A repeat of something recent is still recognised.
        tracker.feed(&[event(1, "1", "s", "START RequestId: r1 Version: $LATEST")]);
        tracker.feed(&[event(1, "1", "s", "START RequestId: r1 Version: $LATEST")]);
        assert_eq!(tracker.get("r1").unwrap().state, AsyncState::Running { attempt: 1 });
    }
}

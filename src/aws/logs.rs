//! Following a log group: FilterLogEvents to catch up, StartLiveTail where
//! the endpoint offers it, batches of lines sent to the UI.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::describe_sdk_error;
use crate::message::{BackendEvent, Event, WatchKey};

/// How often to poll: `active` while lines keep coming, `idle` once quiet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollIntervals {
    pub active: Duration,
    pub idle: Duration,
}

impl Default for PollIntervals {
    fn default() -> Self {
        let tail = crate::config::TailConfig::default();
        PollIntervals {
            active: tail.poll_interval(),
            idle: tail.idle_poll_interval(),
        }
    }
}

/// Lines go to the UI in batches of at most this many, so a flood never
/// holds up a keystroke for long.
const LOG_BATCH: usize = 2000;

/// Follows a log group: FilterLogEvents catches up (every page to the end, then
/// again from the newest timestamp seen, see `TailCursor`), then StartLiveTail
/// streams new lines where the endpoint offers it. When live tail is refused it
/// is not asked again and polling goes on; when a session ends, polling
/// catches up and a new session starts. Polling backs off when nothing changes
/// and when throttled; a missing group is waited for quietly.
pub(super) async fn watch_group(
    client: aws_sdk_cloudwatchlogs::Client,
    poll: PollIntervals,
    live_tail: bool,
    key: WatchKey,
    since_ms: i64,
    events: UnboundedSender<Event>,
) {
    let mut watch = GroupWatch {
        client,
        poll,
        key,
        events,
        cursor: crate::tail::TailCursor::new(since_ms),
        idle_polls: 0,
        status: None,
    };
    tokio::time::sleep(super::CURSOR_REST).await;
    let mut live_refused = !live_tail;
    let mut short_sessions = 0;
    loop {
        let Some(delay) = watch.poll_once().await else { return };
        if !live_refused && watch.status.is_none() {
            let began = std::time::Instant::now();
            match watch.live_tail().await {
                LiveEnd::Refused(reason) => {
                    tracing::info!(group = %watch.key.group, %reason, "live tail refused; polling");
                    live_refused = true;
                }
                // Sessions last hours; one that ends at once is a service
                // that does not really stream: after a few, poll instead.
                LiveEnd::Ended if began.elapsed() >= SHORT_SESSION => {
                    short_sessions = 0;
                    continue;
                }
                LiveEnd::Ended => {
                    short_sessions += 1;
                    live_refused = short_sessions >= SHORT_SESSIONS_TOLERATED;
                }
                LiveEnd::Closed => return,
            }
        }
        tokio::time::sleep(delay).await;
    }
}

/// Live Tail sends an update (empty or not) each second; a session silent
/// this long is taken for dead.
const LIVE_SILENCE: Duration = Duration::from_secs(15);
/// A live tail session shorter than this did not really stream.
const SHORT_SESSION: Duration = Duration::from_secs(10);
const SHORT_SESSIONS_TOLERATED: u32 = 3;

enum LiveEnd {
    Refused(String),
    /// The session ended (they last three hours) or broke: catch up and retry.
    Ended,
    /// The console is gone.
    Closed,
}

struct GroupWatch {
    client: aws_sdk_cloudwatchlogs::Client,
    poll: PollIntervals,
    key: WatchKey,
    events: UnboundedSender<Event>,
    cursor: crate::tail::TailCursor,
    idle_polls: u32,
    status: Option<String>,
}

impl GroupWatch {
    fn send(&self, event: BackendEvent) -> bool {
        self.events.send(Event::Backend(event)).is_ok()
    }

    fn set_status(&mut self, status: Option<String>) -> bool {
        if status == self.status {
            return true;
        }
        self.status = status.clone();
        self.send(BackendEvent::WatchStatus {
            key: self.key.clone(),
            message: status,
        })
    }

    /// Sends new events in batches; false when the console is gone.
    fn deliver(&self, mut fresh: Vec<crate::tail::LogEvent>) -> bool {
        while !fresh.is_empty() {
            let rest = fresh.split_off(fresh.len().min(LOG_BATCH));
            if !self.send(BackendEvent::LogBatch {
                key: self.key.clone(),
                events: fresh,
            }) {
                return false;
            }
            fresh = rest;
        }
        true
    }

    /// One catch-up: every page from the cursor. Returns the delay before the
    /// next, or None when the console is gone.
    #[allow(deprecated)]
    async fn poll_once(&mut self) -> Option<Duration> {
        use crate::tail::LogEvent;
        let mut token: Option<String> = None;
        let mut delay = self.poll.active;
        let mut delivered = false;
        // Every page of one catch-up asks from the same start; the cursor
        // moves as pages arrive, so each is delivered as soon as it comes
        // rather than the whole range held first.
        let since = self.cursor.start_time;
        let outcome = loop {
            let page = self
                .client
                .filter_log_events()
                .log_group_name(&self.key.group)
                .start_time(since)
                // Ignored by CloudWatch (it always interleaves now) but honoured by other implementations.
                .interleaved(true)
                .set_filter_pattern((!self.key.pattern.is_empty()).then(|| self.key.pattern.clone()))
                .set_next_token(token.take())
                .send()
                .await;
            match page {
                Ok(page) => {
                    let mut events: Vec<LogEvent> = page
                        .events()
                        .iter()
                        .map(|e| LogEvent {
                            timestamp: e.timestamp().unwrap_or_default(),
                            stream: e.log_stream_name().unwrap_or_default().to_string(),
                            message: e.message().unwrap_or_default().trim_end_matches('\n').to_string(),
                            event_id: e.event_id().unwrap_or_default().to_string(),
                        })
                        .collect();
                    events.sort_by_key(|e| e.timestamp);
                    let fresh = self.cursor.accept(events);
                    if !fresh.is_empty() {
                        delivered = true;
                        if !self.deliver(fresh) {
                            return None;
                        }
                    }
                    token = page.next_token().map(str::to_string);
                    if token.is_none() {
                        break None;
                    }
                }
                Err(err) => {
                    let code = err
                        .as_service_error()
                        .and_then(|e| aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::code(e).map(str::to_string));
                    break Some(match code.as_deref() {
                        Some("ResourceNotFoundException") => {
                            "the log group does not exist yet (no invocation has logged)".to_string()
                        }
                        Some("ThrottlingException") => {
                            delay = self.poll.idle * 2;
                            "CloudWatch Logs is throttling; polling more slowly".to_string()
                        }
                        _ => describe_sdk_error(&err),
                    });
                }
            }
        };
        if !self.set_status(outcome) {
            return None;
        }
        if delivered {
            self.idle_polls = 0;
        } else {
            self.idle_polls += 1;
        }
        if self.idle_polls > 10 {
            delay = delay.max(self.poll.idle);
        }
        Some(delay)
    }

    /// Streams new lines with StartLiveTail until the session ends.
    async fn live_tail(&mut self) -> LiveEnd {
        // StartLiveTail names groups by ARN.
        let described = self
            .client
            .describe_log_groups()
            .log_group_name_prefix(&self.key.group)
            .send()
            .await;
        let arn = described.ok().and_then(|out| {
            out.log_groups()
                .iter()
                .find(|g| g.log_group_name() == Some(self.key.group.as_str()))
                .and_then(|g| g.arn())
                .map(|arn| arn.trim_end_matches(":*").to_string())
        });
        let Some(arn) = arn else {
            return LiveEnd::Refused("no ARN for the log group".into());
        };
        let mut request = self.client.start_live_tail().log_group_identifiers(arn);
        if !self.key.pattern.is_empty() {
            request = request.log_event_filter_pattern(&self.key.pattern);
        }
        let mut output = match request.send().await {
            Ok(output) => output,
            Err(err) => return LiveEnd::Refused(describe_sdk_error(&err)),
        };
        let key = self.key.clone();
        if !self.send(BackendEvent::TailMode { key, live: true }) {
            return LiveEnd::Closed;
        }
        let end = self.stream_live(&mut output).await;
        let key = self.key.clone();
        self.send(BackendEvent::TailMode { key, live: false });
        end
    }

    async fn stream_live(
        &mut self,
        output: &mut aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput,
    ) -> LiveEnd {
        use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
        let boundary = self.cursor.start_time;
        loop {
            // A session sends an update each second: none for this long is
            // an endpoint that hung, and polling takes over.
            let Ok(received) = tokio::time::timeout(LIVE_SILENCE, output.response_stream.recv()).await else {
                return LiveEnd::Ended;
            };
            match received {
                Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                    let mut batch: Vec<crate::tail::LogEvent> = update
                        .session_results()
                        .iter()
                        .map(|e| crate::tail::LogEvent {
                            timestamp: e.timestamp().unwrap_or_default(),
                            stream: e.log_stream_name().unwrap_or_default().to_string(),
                            message: e.message().unwrap_or_default().trim_end_matches('\n').to_string(),
                            event_id: String::new(),
                        })
                        .collect();
                    batch.sort_by_key(|e| e.timestamp);
                    let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                    let status =
                        sampled.then(|| "live tail is sampling: more lines come than a session carries".to_string());
                    let fresh = self.cursor.accept_live(boundary, batch);
                    if !self.set_status(status) || !self.deliver(fresh) {
                        return LiveEnd::Closed;
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => return LiveEnd::Ended,
            }
        }
    }
}

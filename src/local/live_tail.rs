//! CloudWatch Logs' StartLiveTail on the embedded endpoint: an event stream
//! of sessionStart, then sessionUpdate with the new events (and an empty
//! one each second, as CloudWatch sends), in CloudWatch's shapes, so the
//! SDK's live tail reads it unchanged.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use super::logs::{FilterPattern, LogStore, LogsError};
use super::streaming::{Caller, EventSender, framed};
use super::{ACCOUNT, REGION, new_request_id};

/// CloudWatch's bounds: 15 sessions at once, 10 groups a session, 500
/// events an update (more are sampled), three hours a session.
const MAX_SESSIONS: usize = 15;
const MAX_GROUPS: usize = 10;
const MAX_UPDATE_EVENTS: usize = 500;
/// Message bytes an update carries at most (an event-stream message holds
/// 16 MB, and boto3 reads 24 MB at most); more are sampled.
const MAX_UPDATE_BYTES: usize = 1024 * 1024;
/// CloudWatch's bounds on the request.
const MAX_STREAM_FILTERS: usize = 100;
const MAX_IDENTIFIER_CHARS: usize = 2048;
const MAX_SESSION: Duration = Duration::from_secs(3 * 60 * 60);
/// How often the store is looked at; an update goes when there is news,
/// and an empty one each second.
const LOOK_EVERY: Duration = Duration::from_millis(100);
const HEARTBEAT: Duration = Duration::from_secs(1);
/// Events looked at per group per look, at most, so a flood cannot hold
/// the store's lock for long.
const MAX_SCANNED: usize = 5_000;

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// A session's place among the 15; given back when the session ends.
struct Session;

impl Session {
    fn take() -> Option<Session> {
        SESSIONS
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_SESSIONS).then_some(n + 1)
            })
            .ok()
            .map(|_| Session)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        SESSIONS.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartLiveTail {
    log_group_identifiers: Vec<String>,
    log_stream_names: Option<Vec<String>>,
    log_stream_name_prefixes: Option<Vec<String>>,
    log_event_filter_pattern: Option<String>,
}

/// A group named by ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME`, with
/// or without `:*`) or by name.
fn group_name(identifier: &str) -> &str {
    match identifier.split_once(":log-group:") {
        Some((_, name)) => name.strip_suffix(":*").unwrap_or(name),
        None => identifier,
    }
}

fn group_arn(name: &str) -> String {
    format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}")
}

pub(super) fn start(store: Arc<LogStore>, body: &[u8]) -> Result<Response, LogsError> {
    let request: StartLiveTail = serde_json::from_slice(body)
        .map_err(|e| LogsError::invalid(format!("the request is not StartLiveTail's: {e}")))?;
    if request
        .log_group_identifiers
        .iter()
        .any(|id| id.chars().count() > MAX_IDENTIFIER_CHARS)
    {
        return Err(LogsError::invalid(format!(
            "1 validation error detected: Value at 'logGroupIdentifiers' failed to satisfy constraint: Member must have length less than or equal to {MAX_IDENTIFIER_CHARS}"
        )));
    }
    for (name, list) in [
        ("logStreamNames", &request.log_stream_names),
        ("logStreamNamePrefixes", &request.log_stream_name_prefixes),
    ] {
        if list
            .as_ref()
            .is_some_and(|l| l.is_empty() || l.len() > MAX_STREAM_FILTERS)
        {
            return Err(LogsError::invalid(format!(
                "1 validation error detected: Value at '{name}' failed to satisfy constraint: Member must have length between 1 and {MAX_STREAM_FILTERS}"
            )));
        }
    }
    if request.log_stream_names.is_some() && request.log_stream_name_prefixes.is_some() {
        return Err(LogsError::invalid(
            "Only one of logStreamNames or logStreamNamePrefixes can be provided.".into(),
        ));
    }
    let groups: Vec<String> = request
        .log_group_identifiers
        .iter()
        .map(|id| group_name(id).to_string())
        .collect();
    if groups.is_empty() || groups.len() > MAX_GROUPS {
        return Err(LogsError::invalid(format!(
            "1 validation error detected: Value at 'logGroupIdentifiers' failed to satisfy constraint: Member must have length between 1 and {MAX_GROUPS}"
        )));
    }
    let streams_named = request.log_stream_names.is_some() || request.log_stream_name_prefixes.is_some();
    if streams_named && groups.len() != 1 {
        return Err(LogsError::invalid(
            "logStreamNames and logStreamNamePrefixes can only be used with a single log group.".into(),
        ));
    }
    let pattern_text = request.log_event_filter_pattern.clone().unwrap_or_default();
    if pattern_text.chars().count() > 1024 {
        return Err(LogsError::invalid(
            "1 validation error detected: Value at 'logEventFilterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024".into(),
        ));
    }
    if let Some(missing) = groups.iter().find(|g| !store.has_group(g)) {
        return Err(LogsError::not_found(&format!(
            "The specified log group does not exist: {}",
            crate::sanitize::one_line(missing)
        )));
    }
    let Some(session) = Session::take() else {
        return Err(LogsError {
            status: 400,
            kind: "LimitExceededException",
            message: format!("There are already {MAX_SESSIONS} live tail sessions"),
        });
    };
    let started = json!({
        "requestId": new_request_id(),
        "sessionId": new_request_id(),
        "logGroupIdentifiers": groups.iter().map(|g| group_arn(g)).collect::<Vec<_>>(),
        "logStreamNames": request.log_stream_names.clone().unwrap_or_default(),
        "logStreamNamePrefixes": request.log_stream_name_prefixes.clone().unwrap_or_default(),
        "logEventFilterPattern": pattern_text,
    });
    let (events, body_events): (EventSender, _) = mpsc::channel(4);
    tokio::spawn(async move {
        let _session = session;
        let mut caller = Caller { events, gone: false };
        // The JSON protocol's event streams open with the output's own
        // members (none here), as CloudWatch's do; then the session.
        let initial = framed(
            "event",
            "initial-response",
            "application/json",
            Bytes::from_static(b"{}"),
        );
        caller.send(initial).await;
        let opening = framed(
            "event",
            "sessionStart",
            "application/json",
            Bytes::from(started.to_string()),
        );
        caller.send(opening).await;
        follow(store, &groups, Arc::new(Filter::of(&request)), &mut caller).await;
    });
    let stream = futures::stream::unfold(body_events, |mut events| async move {
        events.recv().await.map(|event| (event, events))
    });
    let mut response = Body::from_stream(stream).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

/// Which events a session wants: by stream name or prefix, and pattern.
/// Shared with each look's blocking task, not copied.
struct Filter {
    names: Option<std::collections::HashSet<String>>,
    prefixes: Option<Vec<String>>,
    pattern: FilterPattern,
}

impl Filter {
    fn of(request: &StartLiveTail) -> Filter {
        Filter {
            names: request.log_stream_names.as_ref().map(|n| n.iter().cloned().collect()),
            prefixes: request.log_stream_name_prefixes.clone(),
            pattern: FilterPattern::parse(request.log_event_filter_pattern.as_deref().unwrap_or("")),
        }
    }

    fn wants(&self, stream: &str, message: &str) -> bool {
        self.names.as_ref().is_none_or(|names| names.contains(stream))
            && self
                .prefixes
                .as_ref()
                .is_none_or(|prefixes| prefixes.iter().any(|p| stream.starts_with(p.as_str())))
            && self.pattern.matches(message)
    }
}

/// Sends what the groups gain until the caller hangs up, stalls, or three
/// hours pass. The store is read off the async workers, a bounded piece at
/// a time: a session that falls behind a flood skips ahead and says so.
async fn follow(store: Arc<LogStore>, groups: &[String], filter: Arc<Filter>, caller: &mut Caller) {
    // Only what comes after the session starts, as on CloudWatch.
    let mut after: Vec<(i64, u64)> = groups.iter().map(|g| store.newest_key(g)).collect();
    let began = Instant::now();
    let mut last_update = Instant::now();
    while began.elapsed() < MAX_SESSION && !caller.gone {
        tokio::time::sleep(LOOK_EVERY).await;
        let mut results = Vec::new();
        let (mut bytes, mut sampled) = (0, false);
        for (group, after) in groups.iter().zip(after.iter_mut()) {
            let (store, name, filter, from) = (store.clone(), group.clone(), filter.clone(), *after);
            let looked = tokio::task::spawn_blocking(move || {
                let found = store.events_after(&name, from, (MAX_SCANNED, MAX_UPDATE_BYTES), |s, m| filter.wants(s, m));
                (found, store.newest_key(&name))
            })
            .await;
            let Ok(((found, last, more), newest)) = looked else {
                return;
            };
            // Behind by more than a look takes: on from the newest.
            *after = if more { newest } else { last };
            sampled |= more;
            for (stream, event) in found {
                if results.len() >= MAX_UPDATE_EVENTS || bytes + event.message.len() > MAX_UPDATE_BYTES {
                    sampled = true;
                    break;
                }
                bytes += event.message.len();
                results.push(json!({
                    "logStreamName": stream,
                    "logGroupIdentifier": group_arn(group),
                    "message": event.message,
                    "timestamp": event.timestamp,
                    "ingestionTime": event.ingestion_time,
                }));
            }
        }
        if results.is_empty() && !sampled && last_update.elapsed() < HEARTBEAT {
            continue;
        }
        last_update = Instant::now();
        let update = json!({
            "sessionMetadata": { "sampled": sampled },
            "sessionResults": results,
        });
        let update = framed(
            "event",
            "sessionUpdate",
            "application/json",
            Bytes::from(update.to_string()),
        );
        caller.send(update).await;
    }
    let timeout = json!({ "message": "Session timed out after three hours" });
    let timeout = framed(
        "exception",
        "SessionTimeoutException",
        "application/json",
        Bytes::from(timeout.to_string()),
    );
    caller.send(timeout).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_named_by_arn_or_name() {
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/echo:*"),
            "/aws/lambda/echo"
        );
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/echo"),
            "/aws/lambda/echo"
        );
        assert_eq!(group_name("/aws/lambda/echo"), "/aws/lambda/echo");
    }

    #[test]
    fn sessions_are_bounded_and_come_back() {
        let taken: Vec<Session> = std::iter::from_fn(Session::take).take(MAX_SESSIONS + 1).collect();
        assert_eq!(taken.len(), MAX_SESSIONS);
        assert!(Session::take().is_none());
        drop(taken);
        assert!(Session::take().is_some());
    }
}

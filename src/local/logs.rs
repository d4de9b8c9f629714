//! An in-memory CloudWatch Logs: groups, streams, events, and the JSON 1.1 API
//! the SDK speaks to it (X-Amz-Target: Logs_20140328.*).

use crate::local::lock;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use serde_json::{Value, json};

use super::now_millis;

#[derive(Debug, Clone)]
pub struct LogEvent {
    pub timestamp: i64,
    pub ingestion_time: i64,
    pub message: String,
    pub event_id: String,
}

#[derive(Debug, Default)]
struct Stream {
    created: i64,
    events: Vec<LogEvent>,
}

#[derive(Debug, Default)]
struct Group {
    created: i64,
    streams: BTreeMap<String, Stream>,
}

#[derive(Debug, Default)]
pub struct LogStore {
    groups: Mutex<BTreeMap<String, Group>>,
    sequence: AtomicU64,
    /// Logs API calls answered, for measuring clients.
    calls: AtomicU64,
}

/// A page of FilterLogEvents or DescribeLogGroups at most this long.
const MAX_PAGE: usize = 10_000;

impl LogStore {
    pub fn create_stream(&self, group: &str, stream: &str) {
        let now = now_millis();
        let mut groups = lock(&self.groups);
        let group = groups.entry(group.to_string()).or_insert_with(|| Group {
            created: now,
            ..Group::default()
        });
        group.streams.entry(stream.to_string()).or_insert_with(|| Stream {
            created: now,
            events: Vec::new(),
        });
    }

    /// Appends one line, stamped now. Returns its index in the stream.
    pub fn append(&self, group: &str, stream: &str, message: String) -> usize {
        let now = now_millis();
        let seq = self.sequence.fetch_add(1, Ordering::Relaxed);
        let mut groups = lock(&self.groups);
        let group = groups.entry(group.to_string()).or_insert_with(|| Group {
            created: now,
            ..Group::default()
        });
        let stream = group.streams.entry(stream.to_string()).or_insert_with(|| Stream {
            created: now,
            events: Vec::new(),
        });
        // Event ids are unique and sort like the events they name.
        let event_id = format!("{now:020}{seq:020}");
        stream.events.push(LogEvent {
            timestamp: now,
            ingestion_time: now,
            message,
            event_id,
        });
        stream.events.len() - 1
    }

    /// A stream's lines from index `from` on, each ended by a newline, as an
    /// invocation's log text.
    pub fn text_since(&self, group: &str, stream: &str, from: usize) -> String {
        let groups = lock(&self.groups);
        let Some(events) = groups.get(group).and_then(|g| g.streams.get(stream)).map(|s| &s.events) else {
            return String::new();
        };
        events[from.min(events.len())..]
            .iter()
            .map(|e| format!("{}\n", e.message))
            .collect()
    }

    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    pub fn handle(&self, target: &str, body: &[u8]) -> Result<Value, LogsError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let request: Value = if body.is_empty() {
            json!({})
        } else {
            serde_json::from_slice(body).map_err(|e| LogsError::invalid(format!("malformed JSON: {e}")))?
        };
        let operation = target.strip_prefix("Logs_20140328.").unwrap_or(target);
        match operation {
            "DescribeLogGroups" => self.describe_log_groups(parse(request)?),
            "DescribeLogStreams" => self.describe_log_streams(parse(request)?),
            "GetLogEvents" => self.get_log_events(parse(request)?),
            "FilterLogEvents" => self.filter_log_events(parse(request)?),
            other => Err(LogsError {
                status: 400,
                kind: "UnknownOperationException",
                message: format!("operation {other} is not supported by the local endpoint"),
            }),
        }
    }

    fn describe_log_groups(&self, request: DescribeLogGroups) -> Result<Value, LogsError> {
        let groups = lock(&self.groups);
        let prefix = request.log_group_name_prefix.unwrap_or_default();
        let limit = request.limit.unwrap_or(50).clamp(1, 50);
        let names: Vec<&String> = groups
            .keys()
            .filter(|name| name.starts_with(&prefix))
            .filter(|name| request.next_token.as_ref().is_none_or(|token| *name > token))
            .collect();
        let page: Vec<Value> = names
            .iter()
            .take(limit)
            .map(|name| {
                let group = &groups[*name];
                let stored: usize = group
                    .streams
                    .values()
                    .flat_map(|s| &s.events)
                    .map(|e| e.message.len())
                    .sum();
                json!({
                    "logGroupName": name,
                    "creationTime": group.created,
                    "arn": format!("arn:aws:logs:{}:{}:log-group:{name}:*", super::REGION, super::ACCOUNT),
                    "storedBytes": stored,
                })
            })
            .collect();
        let mut out = json!({ "logGroups": page });
        if names.len() > limit {
            out["nextToken"] = json!(names[limit - 1]);
        }
        Ok(out)
    }

    fn describe_log_streams(&self, request: DescribeLogStreams) -> Result<Value, LogsError> {
        let groups = lock(&self.groups);
        let group = groups.get(&request.log_group_name).ok_or_else(LogsError::no_group)?;
        let prefix = request.log_stream_name_prefix.unwrap_or_default();
        let mut streams: Vec<(&String, &Stream)> =
            group.streams.iter().filter(|(n, _)| n.starts_with(&prefix)).collect();
        if request.order_by.as_deref() == Some("LastEventTime") {
            streams.sort_by_key(|(_, s)| s.events.last().map(|e| e.timestamp).unwrap_or(s.created));
        }
        if request.descending.unwrap_or(false) {
            streams.reverse();
        }
        let start = match request.next_token.as_deref() {
            None => 0,
            Some(token) => token
                .parse::<usize>()
                .ok()
                .filter(|&start| start <= streams.len())
                .ok_or_else(LogsError::bad_token)?,
        };
        let limit = request.limit.unwrap_or(50).clamp(1, 50);
        let page: Vec<Value> = streams
            .iter()
            .skip(start)
            .take(limit)
            .map(|(name, s)| {
                let mut v = json!({
                    "logStreamName": name,
                    "creationTime": s.created,
                    "arn": format!("arn:aws:logs:{}:{}:log-group:{}:log-stream:{name}", super::REGION, super::ACCOUNT, request.log_group_name),
                    "storedBytes": 0,
                });
                if let (Some(first), Some(last)) = (s.events.first(), s.events.last()) {
                    v["firstEventTimestamp"] = json!(first.timestamp);
                    v["lastEventTimestamp"] = json!(last.timestamp);
                    v["lastIngestionTime"] = json!(last.ingestion_time);
                }
                v
            })
            .collect();
        let mut out = json!({ "logStreams": page });
        if start + limit < streams.len() {
            out["nextToken"] = json!((start + limit).to_string());
        }
        // start is at most the stream count and limit at most 50: no overflow.
        Ok(out)
    }

    fn get_log_events(&self, request: GetLogEvents) -> Result<Value, LogsError> {
        let groups = lock(&self.groups);
        let group = groups.get(&request.log_group_name).ok_or_else(LogsError::no_group)?;
        let stream = group
            .streams
            .get(&request.log_stream_name)
            .ok_or_else(|| LogsError::not_found("The specified log stream does not exist."))?;
        let in_range: Vec<(usize, &LogEvent)> = stream
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| in_time_range(e.timestamp, request.start_time, request.end_time))
            .collect();
        let limit = request.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
        let from_head = request.start_from_head.unwrap_or(false);
        let (start, end) = match request.next_token.as_deref() {
            Some(token) => {
                let (forward, n) = parse_event_token(token, in_range.len())?;
                if forward {
                    (n, n.saturating_add(limit).min(in_range.len()))
                } else {
                    (n.saturating_sub(limit), n)
                }
            }
            None if from_head => (0, limit.min(in_range.len())),
            None => (in_range.len().saturating_sub(limit), in_range.len()),
        };
        let events: Vec<Value> = in_range[start..end]
            .iter()
            .map(|(_, e)| json!({ "timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion_time }))
            .collect();
        Ok(json!({
            "events": events,
            "nextForwardToken": format!("f/{end}"),
            "nextBackwardToken": format!("b/{start}"),
        }))
    }

    fn filter_log_events(&self, request: FilterLogEvents) -> Result<Value, LogsError> {
        let groups = lock(&self.groups);
        let group = groups.get(&request.log_group_name).ok_or_else(LogsError::no_group)?;
        let pattern = FilterPattern::parse(request.filter_pattern.as_deref().unwrap_or(""));
        let mut matched: Vec<(&String, &LogEvent)> = group
            .streams
            .iter()
            .filter(|(name, _)| {
                request
                    .log_stream_names
                    .as_ref()
                    .is_none_or(|names| names.contains(name))
                    && request
                        .log_stream_name_prefix
                        .as_ref()
                        .is_none_or(|p| name.starts_with(p))
            })
            .flat_map(|(name, s)| s.events.iter().map(move |e| (name, e)))
            .filter(|(_, e)| in_time_range(e.timestamp, request.start_time, request.end_time))
            .filter(|(_, e)| pattern.matches(&e.message))
            .collect();
        // Interleaved: in time order across streams; ties keep the id order.
        matched.sort_by(|a, b| (a.1.timestamp, &a.1.event_id).cmp(&(b.1.timestamp, &b.1.event_id)));
        let after = request.next_token.as_deref();
        let start = after
            .map(|token| matched.partition_point(|(_, e)| e.event_id.as_str() <= token))
            .unwrap_or(0);
        let limit = request.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
        let page = &matched[start..(start + limit).min(matched.len())];
        let events: Vec<Value> = page
            .iter()
            .map(|(stream, e)| {
                json!({
                    "logStreamName": stream,
                    "timestamp": e.timestamp,
                    "message": e.message,
                    "ingestionTime": e.ingestion_time,
                    "eventId": e.event_id,
                })
            })
            .collect();
        let mut out = json!({ "events": events, "searchedLogStreams": [] });
        if start + limit < matched.len()
            && let Some((_, last)) = page.last()
        {
            out["nextToken"] = json!(last.event_id);
        }
        Ok(out)
    }
}

/// GetLogEvents' tokens are "f/N" (forward from index N) and "b/N" (backward
/// up to N); N past the events is refused, as CloudWatch refuses a foreign token.
fn parse_event_token(token: &str, len: usize) -> Result<(bool, usize), LogsError> {
    let (direction, n) = token.split_once('/').ok_or_else(LogsError::bad_token)?;
    let forward = match direction {
        "f" => true,
        "b" => false,
        _ => return Err(LogsError::bad_token()),
    };
    let n = n
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= len)
        .ok_or_else(LogsError::bad_token)?;
    Ok((forward, n))
}

fn in_time_range(timestamp: i64, start: Option<i64>, end: Option<i64>) -> bool {
    start.is_none_or(|s| timestamp >= s) && end.is_none_or(|e| timestamp <= e)
}

/// CloudWatch Logs' text filter: every term must appear; quoted phrases are one
/// term; a leading `?` makes terms alternatives; `-term` excludes.
#[derive(Debug, Default)]
pub struct FilterPattern {
    required: Vec<String>,
    any_of: Vec<String>,
    excluded: Vec<String>,
}

impl FilterPattern {
    pub fn parse(pattern: &str) -> FilterPattern {
        let mut out = FilterPattern::default();
        let mut chars = pattern.trim().chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            let mut prefix = None;
            if c == '?' || c == '-' {
                prefix = Some(c);
                chars.next();
            }
            let mut term = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    term.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    term.push(c);
                    chars.next();
                }
            }
            if term.is_empty() {
                continue;
            }
            match prefix {
                Some('?') => out.any_of.push(term),
                Some('-') => out.excluded.push(term),
                _ => out.required.push(term),
            }
        }
        out
    }

    pub fn matches(&self, message: &str) -> bool {
        self.required.iter().all(|t| message.contains(t.as_str()))
            && (self.any_of.is_empty() || self.any_of.iter().any(|t| message.contains(t.as_str())))
            && !self.excluded.iter().any(|t| message.contains(t.as_str()))
    }
}

fn parse<T: for<'de> Deserialize<'de>>(value: Value) -> Result<T, LogsError> {
    serde_json::from_value(value).map_err(|e| LogsError::invalid(e.to_string()))
}

#[derive(Debug)]
pub struct LogsError {
    pub status: u16,
    pub kind: &'static str,
    pub message: String,
}

impl LogsError {
    fn invalid(message: String) -> LogsError {
        LogsError {
            status: 400,
            kind: "InvalidParameterException",
            message,
        }
    }
    fn not_found(message: &str) -> LogsError {
        LogsError {
            status: 400,
            kind: "ResourceNotFoundException",
            message: message.into(),
        }
    }
    fn bad_token() -> LogsError {
        LogsError::invalid("The specified nextToken is invalid.".into())
    }
    fn no_group() -> LogsError {
        LogsError::not_found("The specified log group does not exist.")
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribeLogGroups {
    log_group_name_prefix: Option<String>,
    next_token: Option<String>,
    limit: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribeLogStreams {
    log_group_name: String,
    log_stream_name_prefix: Option<String>,
    order_by: Option<String>,
    descending: Option<bool>,
    next_token: Option<String>,
    limit: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetLogEvents {
    log_group_name: String,
    log_stream_name: String,
    start_time: Option<i64>,
    end_time: Option<i64>,
    next_token: Option<String>,
    limit: Option<usize>,
    start_from_head: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FilterLogEvents {
    log_group_name: String,
    log_stream_names: Option<Vec<String>>,
    log_stream_name_prefix: Option<String>,
    start_time: Option<i64>,
    end_time: Option<i64>,
    filter_pattern: Option<String>,
    next_token: Option<String>,
    limit: Option<usize>,
    #[allow(dead_code)]
    interleaved: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_patterns_follow_cloudwatch_text_rules() {
        let p = FilterPattern::parse(r#"ERROR "request 42" -retry"#);
        assert!(p.matches("ERROR while handling request 42"));
        assert!(!p.matches("ERROR while handling request 43"));
        assert!(!p.matches("ERROR request 42 retry"));
        let any = FilterPattern::parse("?timeout ?error");
        assert!(any.matches("Status: timeout") && any.matches("an error") && !any.matches("fine"));
        assert!(FilterPattern::parse("").matches("anything"));
    }

    #[test]
    fn filter_pages_resume_after_the_last_event_id() {
        let store = LogStore::default();
        for i in 0..25 {
            store.append("/g", if i % 2 == 0 { "a" } else { "b" }, format!("line {i}"));
        }
        let mut token: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let mut req = json!({"logGroupName": "/g", "limit": 10, "interleaved": true});
            if let Some(t) = &token {
                req["nextToken"] = json!(t);
            }
            let out = store
                .handle("Logs_20140328.FilterLogEvents", req.to_string().as_bytes())
                .unwrap();
            seen.extend(
                out["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["message"].as_str().unwrap().to_string()),
            );
            match out.get("nextToken") {
                Some(t) => token = Some(t.as_str().unwrap().to_string()),
                None => break,
            }
        }
        let expected: Vec<String> = (0..25).map(|i| format!("line {i}")).collect();
        assert_eq!(seen, expected);
    }
}

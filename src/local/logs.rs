//! An in-memory CloudWatch Logs: groups, streams, events, and the JSON 1.1 API
//! the SDK speaks to it (X-Amz-Target: Logs_20140328.*). Over 500 lines with
//! its tests: the store's bounds and the API that pages through it are one
//! piece, and the tests of the bounds sit beside them.

use crate::local::lock;
use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::{Value, json};

use super::now_millis;

#[derive(Debug, Clone)]
pub struct LogEvent {
    pub timestamp: i64,
    pub ingestion_time: i64,
    pub message: String,
    /// Unique and rising across the store: with the timestamp it makes the
    /// event id, which sorts like the events it names.
    pub sequence: u64,
}

impl LogEvent {
    pub fn event_id(&self) -> String {
        format!("{:020}{:020}", self.timestamp, self.sequence)
    }
}

#[derive(Debug, Default)]
struct Stream {
    created: i64,
    /// Events dropped from the front, so that indices handed out stay valid.
    evicted: usize,
    events: VecDeque<LogEvent>,
}

impl Stream {
    fn get(&self, index: usize) -> Option<&LogEvent> {
        self.events.get(index.checked_sub(self.evicted)?)
    }
}

#[derive(Debug, Default)]
struct Group {
    created: i64,
    streams: BTreeMap<String, Stream>,
    /// Every event by (timestamp, sequence), with its stream and index: what
    /// FilterLogEvents reads in order, instead of sorting on every poll.
    order: BTreeMap<(i64, u64), (Arc<str>, usize)>,
    /// Message bytes stored.
    bytes: usize,
}

#[derive(Debug, Default)]
pub struct LogStore {
    groups: Mutex<BTreeMap<String, Group>>,
    sequence: AtomicU64,
    /// Logs API calls answered, for measuring clients.
    calls: AtomicU64,
}

/// A page of FilterLogEvents or GetLogEvents holds at most this many events
/// and about this many bytes, as CloudWatch's do.
const MAX_PAGE: usize = 10_000;
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// FilterLogEvents looks at this many events at most a call and hands back a
/// token to go on, so a pattern that matches nothing cannot stall the store.
const MAX_SCANNED: usize = 10_000;
/// CloudWatch's own bounds on a request: a filter pattern's length and the
/// stream names one call may name.
const MAX_PATTERN_CHARS: usize = 1024;
const MAX_STREAM_NAMES: usize = 100;
/// CloudWatch cuts an event at 256 KB, 26 bytes of which are its overhead.
pub const MAX_EVENT_BYTES: usize = 262_144 - 26;
/// A group keeps its newest events within these bounds; older ones go.
const MAX_GROUP_EVENTS: usize = 100_000;
/// Streams a group keeps (each environment writes one); the oldest go first.
const MAX_GROUP_STREAMS: usize = 1_000;
const MAX_GROUP_BYTES: usize = 64 * 1024 * 1024;

/// `text` cut to at most `limit` bytes, at a character boundary.
pub fn cut_to(text: &mut String, limit: usize) {
    if text.len() > limit {
        let mut at = limit;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
    }
}

impl Group {
    fn new(now: i64) -> Group {
        Group {
            created: now,
            ..Group::default()
        }
    }

    /// Makes room for one more stream, dropping the oldest with its events.
    fn make_room_for_a_stream(&mut self) {
        while self.streams.len() >= MAX_GROUP_STREAMS {
            let Some(oldest) = self
                .streams
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(n, _)| n.clone())
            else {
                break;
            };
            if let Some(stream) = self.streams.remove(&oldest) {
                for event in &stream.events {
                    self.order.remove(&(event.timestamp, event.sequence));
                    self.bytes -= event.message.len();
                }
            }
        }
    }

    /// Drops the oldest events until the group is within its bounds.
    fn evict(&mut self) {
        while self.order.len() > MAX_GROUP_EVENTS || self.bytes > MAX_GROUP_BYTES {
            let Some((_, (stream, _))) = self.order.pop_first() else {
                break;
            };
            if let Some(stream) = self.streams.get_mut(&*stream)
                && let Some(event) = stream.events.pop_front()
            {
                stream.evicted += 1;
                self.bytes -= event.message.len();
            }
        }
    }
}

impl LogStore {
    pub fn create_stream(&self, group: &str, stream: &str) {
        let now = now_millis();
        let mut groups = lock(&self.groups);
        let group = groups.entry(group.to_string()).or_insert_with(|| Group::new(now));
        if !group.streams.contains_key(stream) {
            group.make_room_for_a_stream();
            group.streams.insert(
                stream.to_string(),
                Stream {
                    created: now,
                    ..Stream::default()
                },
            );
        }
    }

    /// Appends one line, stamped now and cut at CloudWatch's event size.
    /// Returns its index in the stream.
    pub fn append(&self, group: &str, stream: &str, mut message: String) -> usize {
        cut_to(&mut message, MAX_EVENT_BYTES);
        let now = now_millis();
        let sequence = self.sequence.fetch_add(1, Ordering::Relaxed);
        let mut groups = lock(&self.groups);
        let group = groups.entry(group.to_string()).or_insert_with(|| Group::new(now));
        let (name, entry) = match group.streams.get_key_value(stream) {
            Some((name, _)) => (Arc::<str>::from(name.as_str()), group.streams.get_mut(stream)),
            None => {
                group.make_room_for_a_stream();
                group.streams.insert(
                    stream.to_string(),
                    Stream {
                        created: now,
                        ..Stream::default()
                    },
                );
                (Arc::<str>::from(stream), group.streams.get_mut(stream))
            }
        };
        let Some(entry) = entry else { return 0 };
        let index = entry.evicted + entry.events.len();
        group.bytes += message.len();
        entry.events.push_back(LogEvent {
            timestamp: now,
            ingestion_time: now,
            message,
            sequence,
        });
        group.order.insert((now, sequence), (name, index));
        group.evict();
        index
    }

    pub fn has_group(&self, group: &str) -> bool {
        lock(&self.groups).contains_key(group)
    }

    /// The newest event's place in `group`'s order (where a live tail
    /// starts: after it).
    pub fn newest_key(&self, group: &str) -> (i64, u64) {
        lock(&self.groups)
            .get(group)
            .and_then(|g| g.order.last_key_value().map(|(key, _)| *key))
            .unwrap_or((i64::MIN, 0))
    }

    /// Events of `group` after `after` in time order, those `wanted` (by
    /// stream and message), looking at `max_scanned` events and taking
    /// `max_bytes` of messages at most: with where to go on from, and
    /// whether more were left. For Live Tail.
    pub fn events_after(
        &self,
        group: &str,
        after: (i64, u64),
        (max_scanned, max_bytes): (usize, usize),
        wanted: impl Fn(&str, &str) -> bool,
    ) -> (Vec<(String, LogEvent)>, (i64, u64), bool) {
        let groups = lock(&self.groups);
        let Some(group) = groups.get(group) else {
            return (Vec::new(), after, false);
        };
        let (mut last, mut found, mut bytes, mut scanned) = (after, Vec::new(), 0, 0);
        for (key, (stream_name, index)) in group.order.range((Bound::Excluded(after), Bound::Unbounded)) {
            if scanned >= max_scanned || bytes >= max_bytes {
                return (found, last, true);
            }
            scanned += 1;
            last = *key;
            let Some(event) = group.streams.get(&**stream_name).and_then(|s| s.get(*index)) else {
                continue;
            };
            if wanted(stream_name, &event.message) {
                bytes += event.message.len();
                found.push((stream_name.to_string(), event.clone()));
            }
        }
        (found, last, false)
    }

    /// A stream's lines from index `from` on, each ended by a newline, as an
    /// invocation's log text: only its last `max_bytes` or so (whole lines
    /// from the end), which is all Lambda's log tail returns.
    pub fn text_since(&self, group: &str, stream: &str, from: usize, max_bytes: usize) -> String {
        let groups = lock(&self.groups);
        let Some(stream) = groups.get(group).and_then(|g| g.streams.get(stream)) else {
            return String::new();
        };
        let skip = from.saturating_sub(stream.evicted);
        let mut taken = 0;
        let mut lines: Vec<&str> = Vec::new();
        for event in stream.events.iter().skip(skip).rev() {
            lines.push(&event.message);
            taken += event.message.len() + 1;
            if taken >= max_bytes {
                break;
            }
        }
        lines.iter().rev().map(|line| format!("{line}\n")).collect()
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
                let stored = group.bytes;
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
            streams.sort_by_key(|(_, s)| s.events.back().map(|e| e.timestamp).unwrap_or(s.created));
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
                if let (Some(first), Some(last)) = (s.events.front(), s.events.back()) {
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
        // At most a megabyte a page: fewer events when they are big.
        let mut bytes = 0;
        let end = start
            + in_range[start..end]
                .iter()
                .take_while(|(_, e)| {
                    bytes += e.message.len();
                    bytes <= MAX_PAGE_BYTES
                })
                .count()
                .max(1)
                .min(end - start);
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
        let pattern_text = request.filter_pattern.as_deref().unwrap_or("");
        if pattern_text.chars().count() > MAX_PATTERN_CHARS {
            return Err(LogsError::invalid(format!(
                "1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to {MAX_PATTERN_CHARS}"
            )));
        }
        if request
            .log_stream_names
            .as_ref()
            .is_some_and(|names| names.len() > MAX_STREAM_NAMES)
        {
            return Err(LogsError::invalid(format!(
                "1 validation error detected: Value at 'logStreamNames' failed to satisfy constraint: Member must have length less than or equal to {MAX_STREAM_NAMES}"
            )));
        }
        let pattern = FilterPattern::parse(pattern_text);
        // Interleaved: in time order across streams, from the start time or
        // just after the last event of the previous page.
        let from = match request.next_token.as_deref() {
            Some(token) => Bound::Excluded(parse_event_id(token)?),
            None => Bound::Included((request.start_time.unwrap_or(i64::MIN), 0)),
        };
        let until = Bound::Included((request.end_time.unwrap_or(i64::MAX), u64::MAX));
        if matches!((from, until), (Bound::Excluded(a) | Bound::Included(a), Bound::Included(b)) if a > b) {
            return Ok(json!({ "events": [], "searchedLogStreams": [] }));
        }
        let limit = request.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
        let (mut events, mut bytes, mut scanned, mut last_key) = (Vec::new(), 0, 0, None);
        let mut more = false;
        for (key, (stream_name, index)) in group.order.range((from, until)) {
            if events.len() >= limit || bytes >= MAX_PAGE_BYTES || scanned >= MAX_SCANNED {
                more = true;
                break;
            }
            scanned += 1;
            last_key = Some(*key);
            let stream_name: &str = stream_name;
            let wanted = request
                .log_stream_names
                .as_ref()
                .is_none_or(|names| names.iter().any(|n| n == stream_name))
                && request
                    .log_stream_name_prefix
                    .as_ref()
                    .is_none_or(|p| stream_name.starts_with(p.as_str()));
            let Some(event) = group.streams.get(stream_name).and_then(|s| s.get(*index)) else {
                continue;
            };
            if !wanted || !pattern.matches(&event.message) {
                continue;
            }
            bytes += event.message.len();
            events.push(json!({
                "logStreamName": stream_name,
                "timestamp": event.timestamp,
                "message": event.message,
                "ingestionTime": event.ingestion_time,
                "eventId": event.event_id(),
            }));
        }
        let mut out = json!({ "events": events, "searchedLogStreams": [] });
        if more && let Some((timestamp, sequence)) = last_key {
            out["nextToken"] = json!(format!("{timestamp:020}{sequence:020}"));
        }
        Ok(out)
    }
}

/// FilterLogEvents' token: the id of the last event looked at.
fn parse_event_id(token: &str) -> Result<(i64, u64), LogsError> {
    if token.len() != 40 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LogsError::bad_token());
    }
    let timestamp = token[..20].parse::<i64>().map_err(|_| LogsError::bad_token())?;
    let sequence = token[20..].parse::<u64>().map_err(|_| LogsError::bad_token())?;
    Ok((timestamp, sequence))
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
    pub(crate) fn invalid(message: String) -> LogsError {
        LogsError {
            status: 400,
            kind: "InvalidParameterException",
            message,
        }
    }
    pub(crate) fn not_found(message: &str) -> LogsError {
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

    fn filter(store: &LogStore, request: Value) -> Value {
        store
            .handle("Logs_20140328.FilterLogEvents", request.to_string().as_bytes())
            .unwrap()
    }

    #[test]
    fn a_group_keeps_its_newest_events_within_bounds_and_indices_stay_valid() {
        let store = LogStore::default();
        let first = store.append("/g", "s", "the oldest".into());
        for i in 0..MAX_GROUP_EVENTS + 10 {
            store.append("/g", "s", format!("line {i}"));
        }
        let groups = lock(&store.groups);
        let group = &groups["/g"];
        assert_eq!(group.order.len(), MAX_GROUP_EVENTS);
        let stream = &group.streams["s"];
        assert_eq!(stream.events.len(), MAX_GROUP_EVENTS);
        assert!(stream.get(first).is_none(), "the oldest went");
        drop(groups);
        let tail = store.text_since("/g", "s", MAX_GROUP_EVENTS + 8, usize::MAX);
        let expected: String = (7..10).map(|n| format!("line {}\n", MAX_GROUP_EVENTS + n)).collect();
        assert_eq!(tail, expected);
    }

    #[test]
    fn an_event_is_cut_at_cloudwatchs_size_and_a_group_at_its_bytes() {
        let store = LogStore::default();
        let index = store.append("/g", "s", "é".repeat(200_000));
        let text = store.text_since("/g", "s", index, usize::MAX);
        assert!(
            text.len() <= MAX_EVENT_BYTES + 1 && text.ends_with("é\n"),
            "{}",
            text.len()
        );
        for _ in 0..300 {
            store.append("/big", "s", "x".repeat(MAX_EVENT_BYTES));
        }
        assert!(lock(&store.groups)["/big"].bytes <= MAX_GROUP_BYTES);
    }

    #[test]
    fn a_pattern_that_matches_nothing_pages_on_instead_of_stalling() {
        let store = LogStore::default();
        for i in 0..MAX_SCANNED + 5 {
            store.append("/g", "s", format!("line {i}"));
        }
        let long = json!({"logGroupName": "/g", "filterPattern": "-x ".repeat(400)});
        let refused = store.handle("Logs_20140328.FilterLogEvents", long.to_string().as_bytes());
        assert!(refused.unwrap_err().message.contains("less than or equal to 1024"));
        let out = filter(&store, json!({"logGroupName": "/g", "filterPattern": "nowhere"}));
        assert!(out["events"].as_array().unwrap().is_empty());
        let token = out["nextToken"].as_str().expect("a token to go on with").to_string();
        let out = filter(
            &store,
            json!({"logGroupName": "/g", "filterPattern": "nowhere", "nextToken": token}),
        );
        assert!(out.get("nextToken").is_none(), "the rest fit in one more call");
        let out = filter(&store, json!({"logGroupName": "/g", "startTime": 10, "endTime": 5}));
        assert!(
            out["events"].as_array().unwrap().is_empty(),
            "an empty range, not a panic"
        );
        let big = LogStore::default();
        for _ in 0..10 {
            big.append("/g", "s", "y".repeat(200_000));
        }
        let out = filter(&big, json!({"logGroupName": "/g"}));
        assert_eq!(out["events"].as_array().unwrap().len(), 6, "about a megabyte a page");
        assert!(out["nextToken"].is_string());
    }

    #[test]
    fn a_group_keeps_a_bounded_number_of_streams() {
        let store = LogStore::default();
        for i in 0..MAX_GROUP_STREAMS + 5 {
            store.append("/g", &format!("stream-{i:05}"), "a line".into());
        }
        let groups = lock(&store.groups);
        assert_eq!(groups["/g"].streams.len(), MAX_GROUP_STREAMS);
        assert_eq!(
            groups["/g"].order.len(),
            MAX_GROUP_STREAMS,
            "their events went with them"
        );
    }
}

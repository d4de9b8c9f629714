//! The logs pane's state: a bounded buffer of a log group's lines, follow or
//! freeze, wrap, a time range, a service-side filter pattern, a search.

use std::collections::VecDeque;

use super::WatchKey;
use crate::report::PlatformLine;
use crate::sanitize::sanitize;
use crate::tail::LogEvent;

pub const DEFAULT_CAPACITY: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRange {
    Minutes5,
    Hour1,
    Hours24,
    /// Typed by the user: the last this many milliseconds.
    Custom(i64),
}

impl TimeRange {
    pub fn millis(self) -> i64 {
        match self {
            TimeRange::Minutes5 => 5 * 60_000,
            TimeRange::Hour1 => 3_600_000,
            TimeRange::Hours24 => 86_400_000,
            TimeRange::Custom(millis) => millis,
        }
    }

    pub fn label(self) -> String {
        match self {
            TimeRange::Minutes5 => "last 5 min".into(),
            TimeRange::Hour1 => "last hour".into(),
            TimeRange::Hours24 => "last 24 h".into(),
            TimeRange::Custom(millis) => format!("last {}", describe_millis(millis)),
        }
    }

    /// Parses `90s`, `15m`, `6h` or `3d` (up to Logs' default retention of years).
    pub fn parse(text: &str) -> Result<TimeRange, String> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let amount: i64 = number
            .parse()
            .map_err(|_| format!("{text:?} is not a range like 90m, 6h or 3d"))?;
        let unit_millis = match unit.trim() {
            "s" => 1_000,
            "m" | "" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            other => return Err(format!("unknown unit {other:?}: use s, m, h or d")),
        };
        if amount == 0 || amount > 3650 * 86_400_000 / unit_millis {
            return Err(format!("{text:?} is out of range"));
        }
        Ok(TimeRange::Custom(amount * unit_millis))
    }

    pub fn next(self) -> TimeRange {
        match self {
            TimeRange::Minutes5 => TimeRange::Hour1,
            TimeRange::Hour1 => TimeRange::Hours24,
            TimeRange::Hours24 | TimeRange::Custom(_) => TimeRange::Minutes5,
        }
    }
}

fn describe_millis(millis: i64) -> String {
    match millis {
        m if m % 86_400_000 == 0 => format!("{} d", m / 86_400_000),
        m if m % 3_600_000 == 0 => format!("{} h", m / 3_600_000),
        m if m % 60_000 == 0 => format!("{} min", m / 60_000),
        m => format!("{} s", m / 1000),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Start,
    End,
    Report,
    Error,
    Plain,
}

/// A log line ready to draw: sanitized once, classified once.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub timestamp: i64,
    pub stream: String,
    pub text: String,
    pub kind: LineKind,
}

impl LogLine {
    pub fn from_event(event: &LogEvent) -> LogLine {
        let kind = match PlatformLine::parse(&event.message) {
            Some(PlatformLine::Start { .. }) => LineKind::Start,
            Some(PlatformLine::End { .. }) => LineKind::End,
            Some(PlatformLine::Report(r)) if r.status.is_some() => LineKind::Error,
            Some(PlatformLine::Report(_)) => LineKind::Report,
            None if event.message.contains("[ERROR]") || event.message.contains("Task timed out") => LineKind::Error,
            None => LineKind::Plain,
        };
        LogLine {
            timestamp: event.timestamp,
            stream: sanitize(&event.stream).into_owned(),
            text: sanitize(&event.message).into_owned(),
            kind,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Sent to the service as FilterLogEvents' filterPattern.
    Pattern,
    /// Searched in the lines already shown.
    Search,
    /// A custom time range, like 90m.
    Range,
}

#[derive(Debug)]
pub struct LogsView {
    pub key: Option<WatchKey>,
    pub lines: VecDeque<LogLine>,
    pub capacity: usize,
    /// Lines dropped from the front to stay within capacity.
    pub dropped: usize,
    pub follow: bool,
    /// First line shown when not following.
    pub scroll: usize,
    pub wrap: bool,
    pub range: TimeRange,
    pub pattern: String,
    pub search: Option<String>,
    pub input: Option<(InputKind, String)>,
    pub status: Option<String>,
}

impl Default for LogsView {
    fn default() -> Self {
        LogsView {
            key: None,
            lines: VecDeque::new(),
            capacity: DEFAULT_CAPACITY,
            dropped: 0,
            follow: true,
            scroll: 0,
            wrap: false,
            range: TimeRange::Minutes5,
            pattern: String::new(),
            search: None,
            input: None,
            status: None,
        }
    }
}

impl LogsView {
    pub fn append(&mut self, events: &[LogEvent]) {
        for event in events {
            self.lines.push_back(LogLine::from_event(event));
        }
        let excess = self.lines.len().saturating_sub(self.capacity);
        if excess > 0 {
            self.lines.drain(..excess);
            self.dropped += excess;
            self.scroll = self.scroll.saturating_sub(excess);
        }
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.dropped = 0;
        self.scroll = 0;
    }

    pub fn scroll_by(&mut self, delta: isize, page: usize) {
        let last_start = self.lines.len().saturating_sub(page);
        if self.follow {
            self.scroll = last_start;
            self.follow = false;
        }
        self.scroll = self.scroll.saturating_add_signed(delta).min(last_start);
    }

    /// Moves to the next line after the current position that holds the search.
    pub fn find_next(&mut self) -> bool {
        let Some(term) = self.search.clone().filter(|t| !t.is_empty()) else {
            return false;
        };
        let from = if self.follow { 0 } else { self.scroll + 1 };
        let found = self
            .lines
            .iter()
            .enumerate()
            .skip(from)
            .chain(self.lines.iter().enumerate().take(from))
            .find(|(_, l)| l.text.contains(&term))
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.follow = false;
            self.scroll = i;
        }
        found.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(range: std::ops::Range<usize>) -> Vec<LogEvent> {
        range
            .map(|i| LogEvent {
                timestamp: i as i64,
                stream: "s".into(),
                message: format!("line {i}"),
                event_id: i.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_buffer_is_bounded_and_counts_what_it_dropped() {
        let mut view = LogsView {
            capacity: 100,
            ..Default::default()
        };
        view.append(&events(0..250));
        assert_eq!(view.lines.len(), 100);
        assert_eq!(view.dropped, 150);
        assert_eq!(view.lines[0].text, "line 150");
    }

    #[test]
    fn lines_are_classified_and_sanitized() {
        let e = |m: &str| LogEvent {
            timestamp: 0,
            stream: "s".into(),
            message: m.into(),
            event_id: "1".into(),
        };
        assert_eq!(
            LogLine::from_event(&e("START RequestId: a Version: 1")).kind,
            LineKind::Start
        );
        assert_eq!(
            LogLine::from_event(&e("REPORT RequestId: a\tDuration: 1 ms\tStatus: timeout")).kind,
            LineKind::Error
        );
        assert_eq!(LogLine::from_event(&e("[ERROR] boom")).kind, LineKind::Error);
        assert_eq!(LogLine::from_event(&e("\x1b[31mred\u{202e}")).text, "␛[31mred<U+202E>");
    }

    #[test]
    fn custom_ranges_parse_or_say_why_not() {
        assert_eq!(TimeRange::parse("90m"), Ok(TimeRange::Custom(90 * 60_000)));
        assert_eq!(TimeRange::parse("3d").unwrap().label(), "last 3 d");
        assert_eq!(TimeRange::parse(" 45 ").unwrap().label(), "last 45 min");
        assert!(TimeRange::parse("2w").unwrap_err().contains("unknown unit"));
        assert!(TimeRange::parse("abc").is_err());
        assert!(TimeRange::parse("0h").is_err());
    }

    #[test]
    fn scrolling_freezes_and_search_jumps() {
        let mut view = LogsView::default();
        view.append(&events(0..50));
        view.scroll_by(-5, 10);
        assert!(!view.follow);
        assert_eq!(view.scroll, 35);
        view.search = Some("line 7".into());
        assert!(view.find_next());
        assert_eq!(view.scroll, 7);
        view.search = Some("nowhere".into());
        assert!(!view.find_next());
    }
}

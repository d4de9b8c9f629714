//! The Logs pane: a bounded buffer of a log group's lines, follow or freeze,
//! wrap, a time range, a service-side filter pattern, a search, and which
//! lines fit the pane (worked out here, so the draw only paints).

use std::collections::VecDeque;
use std::time::SystemTime;

use unicode_width::UnicodeWidthChar;

use super::tracking::wall_millis;
use super::{App, Command, Mode, Move, Prompt, PromptKind, WatchKey};
use crate::action::Action;
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
    Warn,
    Debug,
    Plain,
}

/// Columns before a line's text: `HH:MM:SS.mmm ` and the stream's tail.
pub const TIME_COLUMNS: usize = 13;
const STREAM_TAIL_CHARS: usize = 6;

/// The level a runtime's log line declares, in the common Lambda formats:
/// Python's `[ERROR]`, Node's tab-separated `ERROR`, JSON's `"level":"ERROR"`.
fn declared_level(message: &str) -> Option<LineKind> {
    let head: String = message.chars().take(120).collect::<String>().to_ascii_uppercase();
    let has = |level: &str| {
        head.trim_start().starts_with(&format!("[{level}"))
            || head.contains(&format!("\t{level}\t"))
            || head.contains(&format!("\"LEVEL\":\"{level}"))
            || head.contains(&format!("\"LEVEL\": \"{level}"))
    };
    if has("ERROR") || has("FATAL") {
        Some(LineKind::Error)
    } else if has("WARN") {
        Some(LineKind::Warn)
    } else if has("DEBUG") || has("TRACE") {
        Some(LineKind::Debug)
    } else {
        None
    }
}

/// A log line ready to draw: sanitized once, classified once, measured once.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub timestamp: i64,
    /// The stream's last characters: enough to tell environments apart.
    pub stream_tail: String,
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
            None => declared_level(&event.message).unwrap_or(LineKind::Plain),
        };
        let stream = sanitize(&event.stream);
        let skip = stream.chars().count().saturating_sub(STREAM_TAIL_CHARS);
        LogLine {
            timestamp: event.timestamp,
            stream_tail: stream.chars().skip(skip).collect(),
            text: sanitize(&event.message).into_owned(),
            kind,
        }
    }

    /// The display width of every character of the row as drawn: time,
    /// stream tail, a space, the text.
    pub fn char_widths(&self) -> impl Iterator<Item = usize> + '_ {
        let prefix = TIME_COLUMNS + self.stream_tail.chars().count() + 1;
        std::iter::repeat_n(1, prefix).chain(self.text.chars().map(|c| c.width().unwrap_or(0)))
    }
}

/// Where the rows of a line start when it is cut every `width` columns; a
/// character never straddles two rows. The logs pane's window and its draw
/// both use this, so they always agree on how many rows a line takes.
pub fn row_starts(widths: impl Iterator<Item = usize>, width: usize, mut row_start: impl FnMut(usize)) {
    let width = width.max(1);
    let mut used = 0;
    row_start(0);
    for (index, w) in widths.enumerate() {
        if w > 0 && used > 0 && used + w > width {
            row_start(index);
            used = 0;
        }
        used += w;
    }
}

/// How many rows a line of characters this wide takes at `width` columns.
pub fn wrapped_rows(widths: impl Iterator<Item = usize>, width: usize) -> usize {
    let mut rows = 0;
    row_starts(widths, width, |_| rows += 1);
    rows
}

/// The lines the pane shows: `lines[start..end]`, of which the first
/// `skip_rows` wrapped rows fall above the pane (following, the newest line
/// ends on the last row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogWindow {
    pub start: usize,
    pub end: usize,
    pub skip_rows: usize,
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
    /// The watch's trouble (no such group yet, throttled), shown above the lines.
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

    /// Scrolling freezes the view; Bottom follows again.
    pub fn move_by(&mut self, step: Move, page: usize) {
        let last_start = self.lines.len().saturating_sub(page);
        match step {
            Move::Bottom => self.follow = true,
            Move::Top => {
                self.follow = false;
                self.scroll = 0;
            }
            _ => {
                if self.follow {
                    self.scroll = last_start;
                    self.follow = false;
                }
                self.scroll = step.apply(self.scroll, last_start + 1, page);
            }
        }
    }

    pub fn toggle_follow(&mut self, page: usize) {
        if self.follow {
            self.scroll = self.lines.len().saturating_sub(page);
            self.follow = false;
        } else {
            self.follow = true;
        }
    }

    fn rows_of(&self, index: usize, width: usize) -> usize {
        if self.wrap {
            wrapped_rows(self.lines[index].char_widths(), width)
        } else {
            1
        }
    }

    /// The lines that fill a pane of `height` rows and `width` columns:
    /// following, the newest lines ending on the last row; frozen, from `scroll` down.
    pub fn window(&self, height: usize, width: usize) -> LogWindow {
        let len = self.lines.len();
        if height == 0 || len == 0 {
            return LogWindow::default();
        }
        if self.follow {
            let (mut start, mut used) = (len, 0);
            while start > 0 && used < height {
                start -= 1;
                used += self.rows_of(start, width);
            }
            LogWindow {
                start,
                end: len,
                skip_rows: used.saturating_sub(height),
            }
        } else {
            let start = self.scroll.min(len - 1);
            let (mut end, mut used) = (start, 0);
            while end < len && used < height {
                used += self.rows_of(end, width);
                end += 1;
            }
            LogWindow {
                start,
                end,
                skip_rows: 0,
            }
        }
    }

    pub(super) fn on_watch_status(&mut self, key: &WatchKey, message: Option<String>) {
        if self.key.as_ref() == Some(key) {
            self.status = message;
        }
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

impl App {
    pub(super) fn logs_action(&mut self, action: Action) -> Vec<Command> {
        let page = self.page();
        match action {
            Action::ToggleFollow => self.logs.toggle_follow(page),
            Action::NextRange => {
                self.logs.range = self.logs.range.next();
                return self.watch_logs(true);
            }
            Action::TypeRange => self.mode = Mode::Prompt(Prompt::new(PromptKind::LogRange, "")),
            Action::FilterPattern => {
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogPattern, &self.logs.pattern));
            }
            Action::Search => {
                let search = self.logs.search.clone().unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogSearch, &search));
            }
            Action::NextMatch => {
                self.logs.find_next();
            }
            Action::ClearSearch => self.logs.search = None,
            Action::ToggleWrap => self.logs.wrap = !self.logs.wrap,
            Action::ClearLogs => self.logs.clear(),
            _ => {}
        }
        Vec::new()
    }

    /// A logs prompt was answered.
    pub(super) fn logs_prompt_submitted(&mut self, kind: PromptKind, text: String) -> Vec<Command> {
        match kind {
            PromptKind::LogPattern => {
                self.logs.pattern = text;
                self.watch_logs(true)
            }
            PromptKind::LogSearch => {
                self.logs.search = Some(text).filter(|t| !t.is_empty());
                self.logs.find_next();
                Vec::new()
            }
            PromptKind::LogRange => match TimeRange::parse(&text) {
                Ok(range) => {
                    self.logs.range = range;
                    self.watch_logs(true)
                }
                Err(message) => {
                    self.set_error(format!("Time range not changed: {message}"));
                    Vec::new()
                }
            },
        }
    }

    /// Points the logs pane at the selected function's group (or restarts it
    /// after a change of range or pattern).
    pub(super) fn watch_logs(&mut self, restart: bool) -> Vec<Command> {
        let Some(group) = self.functions.selected().map(|f| f.log_group.clone()) else {
            return Vec::new();
        };
        let key = WatchKey {
            group,
            pattern: self.logs.pattern.clone(),
        };
        if !restart && self.logs.key.as_ref() == Some(&key) {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if let Some(old) = self.logs.key.take()
            && old != key
            && !(old.pattern.is_empty() && self.group_is_tracked(&old.group))
        {
            commands.push(Command::Unwatch { key: old });
        }
        self.logs.clear();
        self.logs.follow = true;
        self.logs.status = None;
        self.logs.key = Some(key.clone());
        let since_ms = wall_millis(SystemTime::now()) - self.logs.range.millis();
        commands.push(Command::Watch { key, since_ms });
        commands
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
        view.move_by(Move::Up, 10);
        assert!(!view.follow);
        assert_eq!(view.scroll, 39);
        view.move_by(Move::PageUp, 10);
        assert_eq!(view.scroll, 29);
        view.search = Some("line 7".into());
        assert!(view.find_next());
        assert_eq!(view.scroll, 7);
        view.search = Some("nowhere".into());
        assert!(!view.find_next());
    }
    fn line(text: &str) -> LogEvent {
        LogEvent {
            timestamp: 0,
            stream: "2026/11/30/[$LATEST]abcdef".into(),
            message: text.into(),
            event_id: text.into(),
        }
    }

    #[test]
    fn following_fills_the_pane_from_the_newest_line_up() {
        let mut view = LogsView::default();
        view.append(&events(0..50));
        let window = view.window(10, 80);
        assert_eq!(
            window,
            LogWindow {
                start: 40,
                end: 50,
                skip_rows: 0
            }
        );
        assert_eq!(view.window(0, 80), LogWindow::default());
        view.move_by(Move::Top, 10);
        assert_eq!(
            view.window(10, 80),
            LogWindow {
                start: 0,
                end: 10,
                skip_rows: 0
            }
        );
        view.scroll = 45;
        assert_eq!(
            view.window(10, 80),
            LogWindow {
                start: 45,
                end: 50,
                skip_rows: 0
            }
        );
    }

    #[test]
    fn wrapped_lines_take_their_rows_and_the_oldest_is_cut_at_the_top() {
        let mut view = LogsView {
            wrap: true,
            ..Default::default()
        };
        // 20 columns of prefix (time 13, stream tail 6, a space) and 60 of text: 80 in all.
        view.append(&[line(&"a".repeat(60)), line(&"b".repeat(60)), line("short")]);
        assert_eq!(view.lines[0].char_widths().sum::<usize>(), 80);
        // At 40 columns the long lines take 2 rows each and the short one 1.
        assert_eq!(
            view.window(5, 40),
            LogWindow {
                start: 0,
                end: 3,
                skip_rows: 0
            }
        );
        assert_eq!(
            view.window(4, 40),
            LogWindow {
                start: 0,
                end: 3,
                skip_rows: 1
            }
        );
        assert_eq!(
            view.window(3, 40),
            LogWindow {
                start: 1,
                end: 3,
                skip_rows: 0
            }
        );
        view.follow = false;
        view.scroll = 0;
        assert_eq!(
            view.window(3, 40),
            LogWindow {
                start: 0,
                end: 2,
                skip_rows: 0
            }
        );
        view.wrap = false;
        assert_eq!(
            view.window(3, 40),
            LogWindow {
                start: 0,
                end: 3,
                skip_rows: 0
            }
        );
    }

    #[test]
    fn wide_characters_never_straddle_two_rows() {
        let widths = [1, 1, 2, 2, 1];
        let mut starts = Vec::new();
        row_starts(widths.into_iter(), 3, |i| starts.push(i));
        assert_eq!(starts, [0, 2, 3]);
        assert_eq!(wrapped_rows(widths.into_iter(), 3), 3);
        assert_eq!(wrapped_rows(std::iter::empty(), 3), 1, "an empty line takes a row");
        assert_eq!(
            wrapped_rows([2, 2].into_iter(), 1),
            2,
            "a wide character in one column gets its own row"
        );
    }

    #[test]
    fn declared_levels_are_recognised() {
        let kind = |m: &str| LogLine::from_event(&line(m)).kind;
        assert_eq!(kind("[WARNING] 2026-11-30 slow"), LineKind::Warn);
        assert_eq!(kind("2026-11-30T03:00:00Z\tabc\tWARN\tdisk"), LineKind::Warn);
        assert_eq!(kind("2026-11-30T03:00:00Z\tabc\tERROR\tboom"), LineKind::Error);
        assert_eq!(kind("{\"level\":\"debug\",\"msg\":\"x\"}"), LineKind::Debug);
        assert_eq!(kind("a warning in the middle, not a level"), LineKind::Plain);
        assert_eq!(LogLine::from_event(&line("x")).stream_tail, "abcdef");
    }
}

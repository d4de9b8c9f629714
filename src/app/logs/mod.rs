//! The Logs pane: a bounded buffer of a log group's lines, follow or freeze,
//! wrap, a time range, a service-side filter pattern, a search, and which
//! lines fit the pane (worked out here, so the draw only paints).

mod line;
mod range;

pub use line::{LineKind, LogLine, row_starts, wrapped_rows};
pub use range::TimeRange;

use std::collections::VecDeque;
use std::time::SystemTime;

use super::tracking::wall_millis;
use super::{App, Command, Mode, Move, Prompt, PromptKind, WatchKey};
use crate::action::Action;
use crate::tail::LogEvent;

pub const DEFAULT_CAPACITY: usize = 10_000;

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
    use super::line::tests::line;
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

    fn window(start: usize, end: usize, skip_rows: usize) -> LogWindow {
        LogWindow { start, end, skip_rows }
    }

    #[test]
    fn following_fills_the_pane_from_the_newest_line_up() {
        let mut view = LogsView::default();
        view.append(&events(0..50));
        assert_eq!(view.window(10, 80), window(40, 50, 0));
        assert_eq!(view.window(0, 80), LogWindow::default());
        view.move_by(Move::Top, 10);
        assert_eq!(view.window(10, 80), window(0, 10, 0));
        view.scroll = 45;
        assert_eq!(view.window(10, 80), window(45, 50, 0));
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
        assert_eq!(view.window(5, 40), window(0, 3, 0));
        assert_eq!(view.window(4, 40), window(0, 3, 1));
        assert_eq!(view.window(3, 40), window(1, 3, 0));
        view.follow = false;
        view.scroll = 0;
        assert_eq!(view.window(3, 40), window(0, 2, 0));
        view.wrap = false;
        assert_eq!(view.window(3, 40), window(0, 3, 0));
    }
}

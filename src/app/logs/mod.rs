//! The Logs pane: a bounded buffer of a log group's lines, follow or freeze,
//! wrap, a time range, a service-side filter pattern, a search, and which
//! lines fit the pane (worked out here, so the draw only paints).

mod line;
mod pause;
mod range;

pub use line::{LineKind, LogLine, drawn_graphemes, row_starts, wrapped_rows};
pub use range::TimeRange;

use std::collections::VecDeque;
use std::time::SystemTime;

use ratatui::layout::Size;

use super::tracking::wall_millis;
use super::{App, Command, Mode, Move, Pane, Prompt, PromptKind, Until, WatchKey};
use crate::action::Action;
use crate::tail::LogEvent;

pub const DEFAULT_CAPACITY: usize = 10_000;
/// Text the pane holds at most, whatever the line count.
pub const MAX_PANE_BYTES: usize = 64 * 1024 * 1024;

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
    /// When frozen: the first line shown, and how many of its wrapped rows
    /// are above the pane (so the middle of a long line can be read).
    pub top_line: usize,
    pub top_row: usize,
    pub wrap: bool,
    /// Set by `clear_logs`, so an empty pane says why.
    pub cleared: bool,
    pub range: TimeRange,
    pub pattern: String,
    pub search: Option<String>,
    /// The line of the search's current match; `next_match` goes on from it.
    pub match_line: Option<usize>,
    /// Lines holding the search, kept up to date as lines come and go.
    pub match_count: usize,
    /// Which of them the current match is (1 is the oldest), for "3 of 17".
    pub match_ordinal: Option<usize>,
    /// The watch's trouble (no such group yet, throttled), shown above the lines.
    pub status: Option<String>,
    /// The tail streams (StartLiveTail) rather than polls.
    pub live: bool,
    /// Not polled for now; the key and the lines stay.
    pub paused: Option<TailPause>,
    /// After a resume, lines at or before this time may come again: those
    /// already shown are skipped.
    pub resume_at: Option<i64>,
    /// Text held by `lines`, for the byte budget.
    pub bytes: usize,
}

/// Why the tail is not polled for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailPause {
    /// No input for `[tail] pause_after_idle_seconds`: any key resumes it.
    Idle,
    /// The Logs pane is off screen: it resumes when shown.
    Hidden,
}

impl Default for LogsView {
    fn default() -> Self {
        LogsView {
            key: None,
            lines: VecDeque::new(),
            capacity: DEFAULT_CAPACITY,
            dropped: 0,
            follow: true,
            top_line: 0,
            top_row: 0,
            wrap: false,
            cleared: false,
            range: TimeRange::Minutes5,
            pattern: String::new(),
            search: None,
            match_line: None,
            match_count: 0,
            match_ordinal: None,
            status: None,
            paused: None,
            live: false,
            resume_at: None,
            bytes: 0,
        }
    }
}

impl LogsView {
    pub fn append(&mut self, events: &[LogEvent]) {
        for event in events {
            let line = LogLine::from_event(event);
            if let Some(resumed_at) = self.resume_at {
                if line.timestamp > resumed_at {
                    self.resume_at = None;
                } else if self.already_shown(&line) {
                    continue;
                }
            }
            self.match_count += usize::from(self.holds_search(&line));
            self.bytes += line.text.len();
            self.lines.push_back(line);
        }
        // Within the line count, and within the byte budget too.
        let mut excess = self.lines.len().saturating_sub(self.capacity);
        let mut bytes_after: usize = self.bytes - self.lines.range(..excess).map(|l| l.text.len()).sum::<usize>();
        while bytes_after > MAX_PANE_BYTES && excess < self.lines.len() {
            bytes_after -= self.lines[excess].text.len();
            excess += 1;
        }
        self.bytes = bytes_after;
        if excess > 0 {
            let gone = self.lines.range(..excess).filter(|l| self.holds_search(l)).count();
            self.match_count -= gone;
            // The current match counts from the oldest line: those gone were before it.
            self.match_ordinal = self.match_ordinal.and_then(|n| n.checked_sub(gone)).filter(|&n| n > 0);
            self.lines.drain(..excess);
            self.dropped += excess;
            if self.top_line < excess {
                self.top_row = 0;
            }
            self.top_line = self.top_line.saturating_sub(excess);
            self.match_line = self.match_line.and_then(|line| line.checked_sub(excess));
        }
    }

    /// A line at the same time, from the same stream, with the same text.
    fn already_shown(&self, line: &LogLine) -> bool {
        self.lines
            .iter()
            .rev()
            .take_while(|shown| shown.timestamp >= line.timestamp)
            .any(|shown| {
                shown.timestamp == line.timestamp && shown.stream_label == line.stream_label && shown.text == line.text
            })
    }

    fn holds_search(&self, line: &LogLine) -> bool {
        self.search
            .as_deref()
            .is_some_and(|term| crate::find::contains(&line.text, term))
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.bytes = 0;
        self.match_line = None;
        self.match_count = 0;
        self.match_ordinal = None;
        self.dropped = 0;
        self.top_line = 0;
        self.top_row = 0;
    }

    /// Scrolling freezes the view, a row at a time (a wrapped line has
    /// several); Bottom follows again.
    pub fn move_by(&mut self, step: Move, pane: Size) {
        let (height, width) = (pane.height.max(1) as usize, pane.width as usize);
        match step {
            Move::Bottom => self.follow = true,
            Move::Top => {
                self.follow = false;
                (self.top_line, self.top_row) = (0, 0);
            }
            _ => {
                self.freeze(pane);
                let last = self.following_window(height, width);
                let steps = if matches!(step, Move::Up | Move::Down) {
                    1
                } else {
                    height
                };
                for _ in 0..steps {
                    match step {
                        Move::Up | Move::PageUp => self.row_up(width),
                        _ if (self.top_line, self.top_row) < (last.start, last.skip_rows) => self.row_down(width),
                        _ => break,
                    }
                }
            }
        }
    }

    /// Stops following where the view is now.
    fn freeze(&mut self, pane: Size) {
        if self.follow {
            let window = self.following_window(pane.height.max(1) as usize, pane.width as usize);
            (self.top_line, self.top_row) = (window.start, window.skip_rows);
            self.follow = false;
        }
    }

    fn row_up(&mut self, width: usize) {
        if self.top_row > 0 {
            self.top_row -= 1;
        } else if self.top_line > 0 {
            self.top_line -= 1;
            self.top_row = self.rows_of(self.top_line, width) - 1;
        }
    }

    fn row_down(&mut self, width: usize) {
        if self.top_row + 1 < self.rows_of(self.top_line, width) {
            self.top_row += 1;
        } else if self.top_line + 1 < self.lines.len() {
            (self.top_line, self.top_row) = (self.top_line + 1, 0);
        }
    }

    pub fn toggle_follow(&mut self, pane: Size) {
        if self.follow {
            self.freeze(pane);
        } else {
            self.follow = true;
        }
    }

    fn rows_of(&self, index: usize, width: usize) -> usize {
        match self.lines.get(index) {
            Some(line) if self.wrap => wrapped_rows(line.widths(), width),
            _ => 1,
        }
    }

    fn following_window(&self, height: usize, width: usize) -> LogWindow {
        let len = self.lines.len();
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
    }

    /// The lines that fill the pane: following, the newest lines ending on
    /// the last row; frozen, from the top line and row down.
    pub fn window(&self, pane: Size) -> LogWindow {
        let (height, width) = (pane.height as usize, pane.width as usize);
        let len = self.lines.len();
        if height == 0 || len == 0 {
            return LogWindow::default();
        }
        if self.follow {
            return self.following_window(height, width);
        }
        let start = self.top_line.min(len - 1);
        let skip_rows = self.top_row.min(self.rows_of(start, width) - 1);
        let (mut end, mut used) = (start, 0);
        while end < len && used < height + skip_rows {
            used += self.rows_of(end, width);
            end += 1;
        }
        LogWindow { start, end, skip_rows }
    }

    pub(super) fn on_watch_status(&mut self, key: &WatchKey, message: Option<String>) {
        if self.key.as_ref() == Some(key) {
            self.status = message;
        }
    }

    /// Goes to the next line that holds the search, after the current match
    /// (or from the top of the view). A match already in view is not
    /// scrolled to; one out of view goes to the top, at the row it is drawn on.
    pub fn find_next(&mut self, pane: Size) -> bool {
        self.find(pane, true)
    }

    /// Goes to the next (or previous) line holding the search, wrapping
    /// around, and scrolls it into view.
    pub fn find(&mut self, pane: Size, forward: bool) -> bool {
        let Some(term) = self.search.clone().filter(|t| !t.is_empty()) else {
            return false;
        };
        let window = self.window(pane);
        let count = self.lines.len();
        let start = if forward { window.start } else { window.end };
        let mut order = super::moves::search_order(count, self.match_line, start, forward);
        let found = order.find_map(|i| crate::find::find(&self.lines[i].text, &term).map(|at| (i, at)));
        let Some((index, at)) = found else {
            self.match_line = None;
            self.match_ordinal = None;
            return false;
        };
        self.match_line = Some(index);
        // Counted once per move, not per frame: the buffer may be millions of lines.
        self.match_ordinal = Some(self.lines.range(..=index).filter(|l| self.holds_search(l)).count());
        let width = pane.width as usize;
        let match_row = if self.wrap {
            self.lines[index].row_of(at, width)
        } else {
            0
        };
        // The match's row on screen, counted from the window's first drawn row.
        let on_screen = (window.start..window.end).contains(&index).then(|| {
            let above: usize = (window.start..index).map(|line| self.rows_of(line, width)).sum();
            (above + match_row).checked_sub(window.skip_rows)
        });
        if !matches!(on_screen, Some(Some(row)) if row < pane.height as usize) {
            self.follow = false;
            (self.top_line, self.top_row) = (index, match_row);
        }
        true
    }

    pub fn set_search(&mut self, search: Option<String>) {
        self.search = search.filter(|t| !t.is_empty());
        self.match_line = None;
        self.match_ordinal = None;
        self.match_count = self.lines.iter().filter(|l| self.holds_search(l)).count();
    }
}

impl App {
    /// The size of the Logs pane's text area, as the draw lays it out.
    pub fn logs_size(&self) -> Size {
        let lower = crate::layout::inner(self.areas().logs);
        let status = u16::from(self.logs.status.is_some());
        Size::new(lower.width, lower.height.saturating_sub(status))
    }

    pub(super) fn logs_action(&mut self, action: Action) -> Vec<Command> {
        let pane = self.logs_size();
        match action {
            Action::ToggleFollow => self.logs.toggle_follow(pane),
            Action::NextRange => {
                self.logs.range = self.logs.range.next();
                return self.watch_logs(true);
            }
            Action::TypeRange => {
                let typed = self.logs.range.as_typed();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogRange, &typed));
            }
            Action::FilterPattern => {
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogPattern, &self.logs.pattern));
            }
            Action::Search => {
                let search = self.logs.search.clone().unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogSearch, &search));
            }
            Action::NextMatch | Action::PreviousMatch => {
                if self.logs.search.is_none() {
                    let key = self.key_label(Action::Search);
                    self.set_info(format!("Nothing to find yet: {key} searches the shown lines."));
                } else if !self.logs.find(pane, action == Action::NextMatch) {
                    self.set_info("No matches: no line holds the search.".into());
                }
            }
            Action::ClearSearch => self.logs.set_search(None),
            Action::ToggleWrap => self.logs.wrap = !self.logs.wrap,
            Action::ClearLogs => {
                self.logs.clear();
                self.logs.cleared = true;
            }
            _ => {}
        }
        Vec::new()
    }

    /// A logs prompt was answered. A range that does not parse keeps the
    /// prompt open with the reason, so the text can be fixed.
    pub(super) fn logs_prompt_submitted(&mut self, prompt: Prompt) -> Vec<Command> {
        let text = prompt.text().to_string();
        match prompt.kind {
            PromptKind::LogPattern => {
                self.logs.pattern = text;
                self.watch_logs(true)
            }
            PromptKind::LogSearch => {
                self.logs.set_search(Some(text));
                if self.logs.search.is_some() && !self.logs.find_next(self.logs_size()) {
                    self.set_info_until("No line holds the search yet.".into(), Until::LinesArrive);
                }
                Vec::new()
            }
            PromptKind::LogRange => match TimeRange::parse(&text) {
                Ok(range) => {
                    self.logs.range = range;
                    self.watch_logs(true)
                }
                Err(message) => {
                    self.mode = Mode::Prompt(Prompt {
                        error: Some(message),
                        ..prompt
                    });
                    Vec::new()
                }
            },
            // The Response pane answers its own (see prompt_submitted).
            _ => Vec::new(),
        }
    }

    /// Follows the selected function's logs whenever the Logs pane is on
    /// screen (focused, or beside the Response on a wide terminal).
    pub(super) fn watch_logs_if_shown(&mut self) -> Vec<Command> {
        if self.areas().shows(Pane::Logs) {
            self.watch_logs(false)
        } else {
            Vec::new()
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
        // A search (often a request id) belongs to the function it was made in.
        if self.logs.key.as_ref().is_some_and(|old| old.group != key.group) {
            self.logs.set_search(None);
        }
        let mut commands = Vec::new();
        if let Some(old) = self.logs.key.take()
            && old != key
            && !(old.pattern.is_empty() && self.group_is_tracked(&old.group))
        {
            commands.push(Command::Unwatch { key: old });
        }
        self.logs.clear();
        self.logs.cleared = false;
        self.logs.follow = true;
        self.logs.resume_at = None;
        self.logs.live = false;
        self.logs.key = Some(key.clone());
        // Paused, it waits with its key; the resume starts it.
        if self.logs.paused.is_some() {
            return commands;
        }
        self.logs.status = None;
        let since_ms = wall_millis(SystemTime::now()) - self.logs.range.millis();
        commands.push(Command::Watch { key, since_ms });
        commands
    }
}

#[cfg(test)]
mod tests;

//! The Logs pane: a bounded buffer of a log group's lines, follow or freeze,
//! wrap, a time range, a service-side filter pattern, a search, and which
//! lines fit the pane (worked out here, so the draw only paints).

mod line;
mod range;

pub use line::{LineKind, LogLine, drawn_graphemes, row_starts, wrapped_rows};
pub use range::TimeRange;

use std::collections::VecDeque;
use std::time::SystemTime;

use ratatui::layout::Size;

use super::tracking::wall_millis;
use super::{App, Command, Mode, Move, Prompt, PromptKind, Until, WatchKey};
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
            top_line: 0,
            top_row: 0,
            wrap: false,
            cleared: false,
            range: TimeRange::Minutes5,
            pattern: String::new(),
            search: None,
            match_line: None,
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
            if self.top_line < excess {
                self.top_row = 0;
            }
            self.top_line = self.top_line.saturating_sub(excess);
            self.match_line = self.match_line.and_then(|line| line.checked_sub(excess));
        }
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.match_line = None;
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
        let Some(term) = self.search.clone().filter(|t| !t.is_empty()) else {
            return false;
        };
        let window = self.window(pane);
        let from = match self.match_line {
            Some(line) => line + 1,
            None => window.start,
        };
        let found = self
            .lines
            .iter()
            .enumerate()
            .skip(from)
            .chain(self.lines.iter().enumerate().take(from))
            .find_map(|(i, l)| l.text.find(&term).map(|at| (i, at)));
        let Some((index, at)) = found else {
            self.match_line = None;
            return false;
        };
        self.match_line = Some(index);
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
    }
}

impl App {
    /// The size of the Logs pane's text area, as the draw lays it out.
    pub fn logs_size(&self) -> Size {
        let lower = crate::layout::inner(crate::layout::areas(self.screen()).lower);
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
            Action::TypeRange => self.mode = Mode::Prompt(Prompt::new(PromptKind::LogRange, "")),
            Action::FilterPattern => {
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogPattern, &self.logs.pattern));
            }
            Action::Search => {
                let search = self.logs.search.clone().unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::LogSearch, &search));
            }
            Action::NextMatch => {
                if self.logs.search.is_none() {
                    let key = self.key_label(Action::Search);
                    self.set_info(format!("Nothing to find yet: {key} searches the shown lines."));
                } else if !self.logs.find_next(pane) {
                    self.set_info("No line holds the search.".into());
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
        self.logs.cleared = false;
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

    /// A pane of `height` rows and `width` columns.
    fn pane(height: u16, width: u16) -> Size {
        Size::new(width, height)
    }

    #[test]
    fn scrolling_freezes_and_search_jumps_only_when_the_match_is_out_of_view() {
        let mut view = LogsView::default();
        view.append(&events(0..50));
        view.move_by(Move::Up, pane(10, 80));
        assert!(!view.follow);
        assert_eq!(view.top_line, 39);
        view.move_by(Move::PageUp, pane(10, 80));
        assert_eq!(view.top_line, 29);
        view.set_search(Some("line 3".into()));
        assert!(view.find_next(pane(10, 80)), "line 30 is in view");
        assert_eq!((view.top_line, view.match_line), (29, Some(30)));
        assert!(view.find_next(pane(10, 80)), "line 31 next");
        assert_eq!(view.match_line, Some(31));
        view.set_search(Some("line 7".into()));
        assert!(view.find_next(pane(10, 80)));
        assert_eq!(view.top_line, 7, "out of view: brought to the top");
        view.set_search(Some("nowhere".into()));
        assert!(!view.find_next(pane(10, 80)));
        // Down stops where the last line reaches the bottom.
        view.move_by(Move::Bottom, pane(10, 80));
        view.move_by(Move::Up, pane(10, 80));
        for _ in 0..5 {
            view.move_by(Move::Down, pane(10, 80));
        }
        assert_eq!(view.top_line, 40);
    }

    fn window(start: usize, end: usize, skip_rows: usize) -> LogWindow {
        LogWindow { start, end, skip_rows }
    }

    #[test]
    fn following_fills_the_pane_from_the_newest_line_up() {
        let mut view = LogsView::default();
        view.append(&events(0..50));
        assert_eq!(view.window(pane(10, 80)), window(40, 50, 0));
        assert_eq!(view.window(pane(0, 80)), LogWindow::default());
        view.move_by(Move::Top, pane(10, 80));
        assert_eq!(view.window(pane(10, 80)), window(0, 10, 0));
        view.top_line = 45;
        assert_eq!(view.window(pane(10, 80)), window(45, 50, 0));
    }

    #[test]
    fn wrapped_lines_take_their_rows_and_every_row_can_be_reached() {
        let mut view = LogsView {
            wrap: true,
            ..Default::default()
        };
        // 20 columns of prefix (time 13, stream tail 6, a space) and 60 of text: 80 in all.
        view.append(&[line(&"a".repeat(60)), line(&"b".repeat(60)), line("short")]);
        assert_eq!(view.lines[0].widths().sum::<usize>(), 80);
        // At 40 columns the long lines take 2 rows each and the short one 1.
        assert_eq!(view.window(pane(5, 40)), window(0, 3, 0));
        assert_eq!(view.window(pane(4, 40)), window(0, 3, 1));
        assert_eq!(view.window(pane(3, 40)), window(1, 3, 0));
        // Frozen, the view moves a row at a time, into the middle of a line.
        view.move_by(Move::Top, pane(2, 40));
        assert_eq!(view.window(pane(2, 40)), window(0, 1, 0));
        view.move_by(Move::Down, pane(2, 40));
        assert_eq!((view.top_line, view.top_row), (0, 1));
        assert_eq!(view.window(pane(2, 40)), window(0, 2, 1));
        view.move_by(Move::Down, pane(2, 40));
        assert_eq!((view.top_line, view.top_row), (1, 0));
        view.move_by(Move::PageDown, pane(2, 40));
        assert_eq!(
            (view.top_line, view.top_row),
            (1, 1),
            "the last page: b's second row and short"
        );
        view.move_by(Move::Down, pane(2, 40));
        assert_eq!((view.top_line, view.top_row), (1, 1), "no further");
        view.move_by(Move::Up, pane(2, 40));
        view.move_by(Move::Up, pane(2, 40));
        assert_eq!(
            (view.top_line, view.top_row),
            (0, 1),
            "up into the first line's last row"
        );
        view.wrap = false;
        assert_eq!(view.window(pane(3, 40)), window(0, 3, 0));
    }

    #[test]
    fn a_search_match_deep_in_a_wrapped_line_is_brought_into_view() {
        let mut view = LogsView {
            wrap: true,
            ..Default::default()
        };
        let long = format!("{} NEEDLE {}", "x".repeat(200), "y".repeat(200));
        view.append(&[line("first"), line(&long), line("last")]);
        view.set_search(Some("NEEDLE".into()));
        view.move_by(Move::Top, pane(2, 40));
        assert!(view.find_next(pane(2, 40)));
        // 20 columns of prefix and 201 of x: the match starts on row 5 of that line.
        assert_eq!((view.top_line, view.top_row), (1, 5));
    }
}

//! The mouse: a click focuses a pane, selects a function or an invocation,
//! or steps the qualifier; the wheel scrolls the pane under the pointer.
//! Off with `mouse = false` or `--no-mouse`, which leaves the terminal's own
//! text selection alone.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Command, Mode, Move, Pane};

/// Rows one wheel notch scrolls text; in lists, where a row is the target
/// of the next invoke, one.
const WHEEL_ROWS: usize = 3;

impl App {
    pub(super) fn on_mouse(&mut self, event: MouseEvent) -> Vec<Command> {
        // Overlays and questions hold the keyboard; the mouse waits too.
        if !matches!(self.mode, Mode::Normal | Mode::Editor) {
            return Vec::new();
        }
        let areas = self.areas();
        if areas.too_small {
            return Vec::new();
        }
        let at = Position::new(event.column, event.row);
        let pane = Pane::ALL.into_iter().find(|&p| areas.of(p).contains(at));
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if areas.details.contains(at) {
                    return self.click_qualifier(areas.details, at);
                }
                let Some(pane) = pane else { return Vec::new() };
                self.status = None;
                self.restore_selection = None;
                let mut commands = Vec::new();
                if pane != self.focus {
                    commands.extend(self.focus_pane(pane));
                }
                commands.extend(self.click_row(pane, areas.of(pane), at));
                commands
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let Some(pane) = pane.filter(|&p| p != Pane::Payload) else {
                    return Vec::new();
                };
                let mut commands = Vec::new();
                if pane != self.focus {
                    commands.extend(self.focus_pane(pane));
                }
                let step = if event.kind == MouseEventKind::ScrollUp {
                    Move::Up
                } else {
                    Move::Down
                };
                let rows = match pane {
                    Pane::Functions | Pane::Invocations => 1,
                    _ => WHEEL_ROWS,
                };
                for _ in 0..rows {
                    commands.extend(self.move_in_focus(step));
                }
                commands
            }
            _ => Vec::new(),
        }
    }

    /// A click on a row of a list selects it, as the draw lays rows out.
    fn click_row(&mut self, pane: Pane, area: Rect, at: Position) -> Vec<Command> {
        let inner = crate::layout::inner(area);
        // A list load error takes three rows above the list (as drawn).
        let above = if pane == Pane::Functions && self.functions.error.is_some() {
            3
        } else {
            0
        };
        // Below the border (and any error), then the header row.
        let Some(row) = (at.y as usize).checked_sub(inner.y as usize + above + 1) else {
            return Vec::new();
        };
        let rows_fit = (inner.height as usize).saturating_sub(above + 1);
        if row >= rows_fit {
            return Vec::new();
        }
        match pane {
            Pane::Functions => {
                let offset = self.functions.cursor().saturating_sub(rows_fit.saturating_sub(1));
                let target = offset + row;
                if target >= self.functions.visible_count() {
                    return Vec::new();
                }
                let before = self.selected_name();
                self.functions.set_cursor(target);
                self.after_cursor_change(before)
            }
            Pane::Invocations => {
                let top = (self.invocations.cursor + 1).saturating_sub(rows_fit);
                let target = top + row;
                if target < self.invocations.list.len() {
                    self.invocations.cursor = target;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A click on the qualifier row of Details steps to the next, as `v`.
    fn click_qualifier(&mut self, area: Rect, at: Position) -> Vec<Command> {
        let inner = crate::layout::inner(area);
        // The fifth line: name, handler, role, log group, qualifier.
        if at.y == inner.y + 4 {
            self.cycle_qualifier(true);
        }
        Vec::new()
    }
}

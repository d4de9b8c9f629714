//! Where each pane goes for a terminal size. One pure function serves the
//! draw and the state, so page moves and the logs pane's wrapping use the
//! sizes the screen really has.

use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub invoke_bar: Rect,
    /// Everything between the bars; overlays center on it.
    pub body: Rect,
    pub functions: Rect,
    pub details: Rect,
    pub payload: Rect,
    /// Response, Invocations or Logs, whichever the focus picks.
    pub lower: Rect,
    pub footer: Rect,
}

pub fn areas(screen: Rect) -> Areas {
    let [header, invoke_bar, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    let [functions, right] = Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(body);
    let [details, payload, lower] =
        Layout::vertical([Constraint::Length(7), Constraint::Percentage(28), Constraint::Fill(1)]).areas(right);
    Areas {
        header,
        invoke_bar,
        body,
        functions,
        details,
        payload,
        lower,
        footer,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

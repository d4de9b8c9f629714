//! The Payload pane: the editor, titled with the payload's validity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane_block;
use crate::app::{App, Pane};
use crate::payload::Validity;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let (text, style) = match &app.payload.validity {
        Validity::Valid => ("✔ valid JSON ".to_string(), theme.fg(Role::Ok)),
        Validity::Empty => ("empty: no payload ".to_string(), theme.dim()),
        invalid @ Validity::Invalid { .. } => (format!("✘ {} ", invalid.describe()), theme.fg(Role::Error)),
    };
    let block = pane_block(app, Pane::Payload, Line::from(Span::styled(text, style)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&app.payload.editor, inner);
}

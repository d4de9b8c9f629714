//! The Payload pane: the editor, titled with the function the payload
//! belongs to and its validity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use ratatui::style::Style;

use super::{abbreviated, pane_block};
use crate::app::{App, Pane};
use crate::payload::Validity;
use crate::sanitize::sanitize;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let (text, style) = match &app.payload.validity() {
        Validity::Valid => ("✔ valid JSON ".to_string(), theme.fg(Role::Ok)),
        Validity::Empty => ("empty: no payload ".to_string(), theme.dim()),
        invalid @ Validity::Invalid { .. } => (format!("✘ {} ", invalid.describe()), theme.fg(Role::Error)),
    };
    // The function whose draft this is: the invoke goes nowhere else.
    let owner = match app.payload.owner.as_deref() {
        Some(name) => format!("for {} ", abbreviated(&sanitize(name), 32)),
        None => "for the first function picked ".to_string(),
    };
    let mut title = vec![Span::styled(owner, Style::new().bold()), Span::styled(text, style)];
    // The editor draws the text as it is: what it cannot show is counted.
    match app.payload.hidden_characters() {
        0 => {}
        hidden => title.push(Span::styled(
            format!("⚠ {hidden} hidden character{} ", if hidden == 1 { "" } else { "s" }),
            theme.fg(Role::Warning).bold(),
        )),
    }
    let title = Line::from(title);
    let block = pane_block(app, Pane::Payload, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&app.payload.editor, inner);
}

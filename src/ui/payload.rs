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
    match cursor_column_past_view(app, inner.width) {
        Some(column) => draw_past_view(frame, app, inner, column),
        None => frame.render_widget(&app.payload.editor, inner),
    }
}

/// The editor widget keeps its columns in 16 bits: with the cursor past
/// column 65,535 of a line, it would draw another part of the line as if
/// it were there. The cursor's column when it is that far out.
fn cursor_column_past_view(app: &App, width: u16) -> Option<usize> {
    use unicode_width::UnicodeWidthChar;
    let ratatui_textarea::DataCursor(row, col) = app.payload.editor.cursor();
    let line = app.payload.editor.lines().get(row)?;
    // Cheap first: no character is drawn wider than 8 columns.
    if line.len() * 8 < (u16::MAX - width) as usize {
        return None;
    }
    // Counted generously (a tab as 8, a control character as 2): the
    // notice may come a little early, never late.
    let column: usize = line
        .chars()
        .take(col)
        .map(|c| match c {
            '\t' => 8,
            c => c.width().unwrap_or(2),
        })
        .sum();
    (column + width as usize >= u16::MAX as usize).then_some(column)
}

/// In place of the editor, what it cannot show and what to do instead.
fn draw_past_view(frame: &mut Frame, app: &App, area: Rect, column: usize) {
    use ratatui::widgets::{Paragraph, Wrap};
    let ratatui_textarea::DataCursor(row, _) = app.payload.editor.cursor();
    let text = format!(
        "The cursor is at column {column} of line {}, too far right to draw (the editor \
         draws about 65,000 columns). Nothing is lost. Home: the line's start; {}: JSON \
         in short lines; {}: $EDITOR.",
        row + 1,
        editor_key(app, crate::action::Action::FormatPayload),
        editor_key(app, crate::action::Action::ExternalEditor),
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.fg(Role::Warning))
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The key for `action` that works while editing (there `o` types an o).
fn editor_key(app: &App, action: crate::action::Action) -> String {
    app.keymap
        .key_in(crate::action::Context::Editor, action)
        .map_or_else(|| app.key_label(action), |key| key.to_string())
}

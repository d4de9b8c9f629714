//! The event template picker overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Clear, Row, Table};

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, Picker};
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, picker: &Picker, area: Rect) {
    let items: Vec<&str> = picker.items().collect();
    let popup = centered(area, 60, items.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let rows = items.into_iter().enumerate().map(|(i, name)| {
        let style = if i == picker.cursor {
            app.theme.filled(Role::Selection)
        } else {
            Style::new()
        };
        Row::new([Cell::from(name)]).style(style)
    });
    let bottom = format!(
        " {} loads into the editor · {} closes ",
        app.key_label(Action::Confirm),
        app.key_label(Action::Cancel)
    );
    let table = Table::new(rows, [Constraint::Fill(1)]).block(overlay_block(app, "Event templates", bottom));
    frame.render_widget(table, popup);
}

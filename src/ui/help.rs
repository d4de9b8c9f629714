//! The help overlay: the action table with the keys in effect, by scope.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Clear, Row, Table};

use super::{centered, overlay_block};
use crate::action::{ACTIONS, Action, Scope};
use crate::app::{App, HelpView};
use crate::theme::Role;

pub enum HelpRow {
    Heading(&'static str),
    Action {
        keys: String,
        help: &'static str,
        name: &'static str,
    },
}

/// Every row of the help: a heading per scope, then its actions.
pub fn help_rows(app: &App) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for scope in Scope::ALL {
        rows.push(HelpRow::Heading(scope.title()));
        for info in ACTIONS.iter().filter(|a| a.scope == scope) {
            rows.push(HelpRow::Action {
                keys: app.keymap.labels(info.action),
                help: info.help,
                name: info.name,
            });
        }
    }
    rows
}

pub fn draw(frame: &mut Frame, app: &App, help: &HelpView, area: Rect) {
    let theme = &app.theme;
    let rows = help_rows(app);
    let popup = centered(area, 110, rows.len() as u16 + 2);
    let visible = popup.height.saturating_sub(2) as usize;
    let scroll = help.scroll.min(rows.len().saturating_sub(visible));
    frame.render_widget(Clear, popup);
    let table_rows = rows.into_iter().skip(scroll).take(visible).map(|row| match row {
        HelpRow::Heading(title) => Row::new([Cell::from(title).style(theme.fg(Role::Accent).bold())]),
        HelpRow::Action { keys, help, name } => Row::new([
            Cell::from(keys).style(theme.fg(Role::Highlight)),
            Cell::from(help),
            Cell::from(name).style(theme.dim()),
        ]),
    });
    let bottom = format!(
        " {}/{} scroll · {} closes · [keys] in the config file rebinds by name ",
        app.key_label(Action::Down),
        app.key_label(Action::Up),
        app.key_label(Action::Cancel)
    );
    let table = Table::new(
        table_rows,
        [Constraint::Length(22), Constraint::Fill(1), Constraint::Length(18)],
    )
    .style(Style::new())
    .block(overlay_block(app, "Keys", bottom));
    frame.render_widget(table, popup);
}

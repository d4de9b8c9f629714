//! The help overlay: the action table with the keys in effect, by scope.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, overlay_block};
use crate::action::{ACTIONS, Action, Scope};
use crate::app::{App, HelpView};
use crate::theme::Role;
use unicode_width::UnicodeWidthStr;

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

/// `text` and spaces to fill `width` columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

pub fn draw(frame: &mut Frame, app: &App, help: &HelpView, area: Rect) {
    let theme = &app.theme;
    let rows = help_rows(app);
    let width_of = |pick: fn(&HelpRow) -> Option<usize>| rows.iter().filter_map(pick).max().unwrap_or(0);
    let keys_width = width_of(|row| match row {
        HelpRow::Action { keys, .. } => Some(keys.width()),
        HelpRow::Heading(_) => None,
    })
    .min(18);
    let help_width = width_of(|row| match row {
        HelpRow::Action { help, .. } => Some(help.width()),
        HelpRow::Heading(title) => Some(title.width()),
    });
    let name_width = width_of(|row| match row {
        HelpRow::Action { name, .. } => Some(name.len()),
        HelpRow::Heading(_) => None,
    });
    let full_width = keys_width + 1 + name_width + 2 + help_width + 2;
    let popup = centered(area, full_width as u16, rows.len() as u16 + 2);
    let visible = popup.height.saturating_sub(2) as usize;
    let scroll = help.scroll.min(rows.len().saturating_sub(visible));
    // Keys, then the action's name (what [keys] in the config file uses),
    // then what it does, cut on narrow screens.
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(scroll)
        .take(visible)
        .map(|row| match row {
            HelpRow::Heading(title) => Line::styled(title, theme.fg(Role::Accent).bold()),
            HelpRow::Action { keys, help, name } => Line::from(vec![
                Span::styled(pad(&keys, keys_width + 1), theme.fg(Role::Highlight)),
                Span::styled(pad(name, name_width + 2), theme.dim()),
                Span::raw(help),
            ]),
        })
        .collect();
    let bottom = format!(
        " {}/{} scroll · {} closes · [keys] in the config file rebinds by name ",
        app.key_label(Action::Down),
        app.key_label(Action::Up),
        app.key_label(Action::Cancel)
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(overlay_block(app, "Keys", bottom)), popup);
}

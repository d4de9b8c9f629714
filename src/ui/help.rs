//! The help overlay: the action table with the keys in effect, by scope, the
//! focused pane's first. Descriptions wrap to the overlay's width, so it
//! fits 80 columns; the app scrolls it by the rows this module lays out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, overlay_block, wrap_words};
use crate::action::{ACTIONS, Action, Scope};
use crate::app::{App, HelpView};
use crate::theme::Role;
use unicode_width::UnicodeWidthStr;

/// How prompts are answered, said once under their heading.
const PROMPTS: &str = "In the filter and prompts, typing replaces the text shown selected; Enter applies, Esc cancels and changes nothing.";

/// The scopes in the order the help lists them: those of the pane that had
/// the keyboard first, then the rest in the table's order.
fn scopes_in_order(app: &App) -> Vec<Scope> {
    let first = app.pane_context().hint_scopes();
    first
        .iter()
        .copied()
        .chain(Scope::ALL.into_iter().filter(|s| !first.contains(s)))
        .collect()
}

/// The overlay's rows at the width it gets on a `screen_width` terminal,
/// and that width.
pub fn help_lines(app: &App, screen_width: u16) -> (Vec<Line<'static>>, u16) {
    let theme = &app.theme;
    let keys_width = ACTIONS
        .iter()
        .map(|a| app.keymap.labels(a.action).width())
        .max()
        .unwrap_or(0)
        .min(18);
    let name_width = ACTIONS.iter().map(|a| a.name.len()).max().unwrap_or(0);
    let help_width = ACTIONS.iter().map(|a| a.help.width()).max().unwrap_or(0);
    let inner = (screen_width.saturating_sub(2) as usize).max(20);
    // The action's name (what [keys] in the config file uses) shows when
    // there is room for it beside a readable description.
    let with_names = keys_width + 1 + name_width + 2 + 40 <= inner;
    let lead = keys_width + 1 + if with_names { name_width + 2 } else { 0 };
    let text_width = help_width.min(inner.saturating_sub(lead)).max(10);
    let mut lines = Vec::new();
    for scope in scopes_in_order(app) {
        lines.push(Line::styled(scope.title(), theme.fg(Role::Accent).bold()));
        if scope == Scope::Dialog {
            for row in wrap_words(Line::styled(PROMPTS, theme.dim()), lead + text_width) {
                lines.push(row);
            }
        }
        for info in ACTIONS.iter().filter(|a| a.scope == scope) {
            let keys = app.keymap.labels(info.action);
            let mut first = vec![Span::styled(pad(&keys, keys_width + 1), theme.fg(Role::Highlight))];
            if with_names {
                first.push(Span::styled(pad(info.name, name_width + 2), theme.dim()));
            }
            for (index, row) in wrap_words(Line::raw(info.help), text_width).into_iter().enumerate() {
                let mut spans = if index == 0 {
                    first.clone()
                } else {
                    vec![Span::raw(" ".repeat(lead))]
                };
                spans.extend(row.spans);
                lines.push(Line::from(spans));
            }
        }
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(0) + 2;
    (lines, width.min(u16::MAX as usize) as u16)
}

/// `text` and spaces to fill `width` columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

pub fn draw(frame: &mut Frame, app: &App, help: &HelpView, area: Rect) {
    let (lines, width) = help_lines(app, area.width);
    let popup = centered(area, width, lines.len().min(u16::MAX as usize - 2) as u16 + 2);
    let visible = popup.height.saturating_sub(2) as usize;
    let scroll = help.scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    let bottom = format!(
        " {}/{} PgUp/PgDn scroll · {} closes ",
        app.key_label(Action::Down),
        app.key_label(Action::Up),
        app.key_label(Action::Cancel)
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(shown).block(overlay_block(app, "Keys", bottom)), popup);
}

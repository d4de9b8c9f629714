//! Two invocations compared: figures, then the bodies' line diff, `-` for
//! the older and `+` for the newer, in colour where there is colour (the
//! markers say the same without it).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, DiffKind, DiffView};
use crate::theme::Role;

pub(super) fn draw(frame: &mut Frame, app: &App, diff: &DiffView, area: Rect) {
    let popup = centered(
        area,
        area.width.saturating_sub(2).min(160),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, popup);
    let changed = diff
        .lines
        .iter()
        .filter(|(kind, _)| matches!(kind, DiffKind::Removed | DiffKind::Added))
        .count();
    let bottom = format!(
        " {changed} lines differ · ↑↓ scroll · {}/{} next/previous change · {} closes ",
        app.key_label(Action::NextChange),
        app.key_label(Action::PreviousChange),
        app.key_label(Action::Cancel)
    );
    let block = overlay_block(app, &crate::sanitize::one_line(&diff.title), bottom);
    let height = block.inner(popup).height as usize;
    let top = diff.scroll.min(diff.lines.len().saturating_sub(height.max(1)));
    let lines: Vec<Line> = diff
        .lines
        .iter()
        .skip(top)
        .take(height)
        .map(|(kind, text)| {
            let style = match kind {
                DiffKind::Same => Style::new(),
                DiffKind::Removed => app.theme.fg(Role::Error),
                DiffKind::Added => app.theme.fg(Role::Ok),
                DiffKind::Note => app.theme.dim().bold(),
            };
            Line::styled(text.clone(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

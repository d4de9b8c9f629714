//! A function's environment variable values: shown only when asked for
//! (`x`), in an overlay that scrolls; names capped, long values wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{abbreviated, centered, overlay_block};
use crate::action::Action;
use crate::app::App;
use crate::sanitize::sanitize;
use crate::theme::Role;

/// A function's environment variables, values shown: asked for with a key,
/// closed with any of cancel's, never logged.
pub(super) fn draw_environment(frame: &mut Frame, app: &App, function: &str, scroll: usize, area: Rect) {
    let Some(f) = app.functions.find(function) else { return };
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(120),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, popup);
    // Names take at most 32 columns; long values wrap.
    let width = f
        .environment
        .iter()
        .map(|(k, _)| sanitize(k).width())
        .max()
        .unwrap_or(0)
        .min(32);
    let lines: Vec<Line> = f
        .environment
        .iter()
        .map(|(name, value)| {
            let name = abbreviated(&sanitize(name), 32);
            // A value is shown up to 4 KB: Lambda's limit for them all.
            let value = &value[..value.floor_char_boundary(value.len().min(4096))];
            Line::from(vec![
                Span::styled(
                    format!(" {name}{} ", " ".repeat(width.saturating_sub(name.width()))),
                    app.theme.fg(Role::Highlight),
                ),
                Span::raw(sanitize(value).into_owned()),
            ])
        })
        .collect();
    let count = lines.len();
    let bottom = format!(
        " {} vars · ↑↓ scroll · {} closes ",
        count,
        app.key_label(Action::Cancel)
    );
    let title = format!("Environment of {}", crate::sanitize::one_line(function));
    let block = overlay_block(app, &title, bottom);
    let inner_height = block.inner(popup).height as usize;
    let top = scroll.min(count.saturating_sub(inner_height.max(1)));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(top).collect::<Vec<_>>())
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        popup,
    );
}

//! The Functions pane: counts, the filter, and the rows that fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{pane_block, tail_that_fits};
use crate::action::Action;
use crate::app::{App, Mode, Pane};
use crate::sanitize::sanitize;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let list = &app.functions;
    let mut title = vec![Span::styled(
        format!("{}/{} ", list.visible_count(), list.total()),
        theme.dim(),
    )];
    if list.loading {
        title.push(Span::styled("loading… ", theme.fg(Role::Accent)));
    }
    match &app.mode {
        Mode::Filter(input) => {
            title.push(Span::styled("/", theme.fg(Role::Highlight)));
            let text = tail_that_fits(&sanitize(&input.text), 24);
            let style = if input.selected {
                theme.filled(Role::Selection)
            } else {
                theme.fg(Role::Highlight)
            };
            title.push(Span::styled(text, style));
            title.push(Span::styled("▏ ", theme.fg(Role::Highlight)));
        }
        _ if !list.filter().is_empty() => title.push(Span::styled(
            format!("/{} ", tail_that_fits(&sanitize(list.filter()), 24)),
            theme.fg(Role::Highlight),
        )),
        _ => {}
    }
    let block = pane_block(app, Pane::Functions, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(error) = &list.error {
        let [message, rest] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!(
                "Could not list functions: {}  ({} to retry)",
                sanitize(error),
                app.key_label(Action::Reload)
            ))
            .style(theme.fg(Role::Error))
            .wrap(Wrap { trim: true }),
            message,
        );
        draw_rows(frame, app, rest);
    } else if list.total() == 0 && !list.loading {
        frame.render_widget(Paragraph::new("No functions in this region.").style(theme.dim()), inner);
    } else {
        draw_rows(frame, app, inner);
    }
}

fn draw_rows(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let list = &app.functions;
    let rows_fit = area.height.saturating_sub(1) as usize;
    if rows_fit == 0 {
        return;
    }
    // Names matter most: the other columns give way, right to left, on narrow panes.
    let columns = match area.width {
        70.. => 5,
        50.. => 4,
        36.. => 2,
        _ => 1,
    };
    // The window follows the cursor; only visible rows are built.
    let offset = list.cursor().saturating_sub(rows_fit - 1);
    let focused = app.focus == Pane::Functions;
    let rows = list.visible_window(offset, rows_fit).enumerate().map(|(i, f)| {
        let style = if offset + i != list.cursor() {
            Style::new()
        } else if focused {
            theme.filled(Role::Selection)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        Row::new(
            [
                Cell::from(sanitize(&f.name).into_owned()),
                Cell::from(sanitize(&f.runtime).into_owned()),
                Cell::from(f.memory_mb.map(|m| m.to_string()).unwrap_or_default()),
                Cell::from(f.timeout_s.map(|t| format!("{t}s")).unwrap_or_default()),
                Cell::from(sanitize(f.last_modified.get(..10).unwrap_or(&f.last_modified)).into_owned()),
            ]
            .into_iter()
            .take(columns),
        )
        .style(style)
    });
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(15),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(10),
    ];
    let header = ["NAME", "RUNTIME", "MB", "TMO", "MODIFIED"];
    let table = Table::new(rows, widths[..columns].to_vec())
        .header(Row::new(header[..columns].to_vec()).style(theme.dim().bold()))
        .column_spacing(1);
    frame.render_widget(table, area);
}

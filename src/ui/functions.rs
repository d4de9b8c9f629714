//! The Functions pane: counts, the filter, and the rows that fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::columns::Column;
use super::{pane_block, tail_that_fits};
use crate::action::Action;
use crate::app::{App, Mode, Pane};
use crate::sanitize::sanitize;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let list = &app.functions;
    // Narrow (80 columns), the short forms, and no pane name, so that the
    // cache's age, the load and the filter all show.
    let room = (area.width as usize).saturating_sub(4);
    let named_width = format!(" {} {} ", Pane::Functions.number(), Pane::Functions.title()).len();
    let full = title_spans(app, Title::Full);
    let block = if Line::from(full.clone()).width() + named_width <= room {
        pane_block(app, Pane::Functions, Line::from(full))
    } else {
        // Shorter forms, then no cache age: what is typed must show.
        let mut short = Line::from(title_spans(app, Title::Short));
        if short.width() + 4 > room {
            short = Line::from(title_spans(app, Title::Shortest));
        }
        let named = short.width() + named_width <= room;
        super::pane_block_named(app, Pane::Functions, short, named)
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(error) = &list.error {
        let text = format!(
            "Could not list functions: {}  ({} to retry)",
            sanitize(error),
            app.key_label(Action::Reload)
        );
        // All of it, wrapped, up to half the pane: the reason and the way out.
        let width = inner.width.max(1) as usize;
        let needed = unicode_width::UnicodeWidthStr::width(text.as_str()) / width + 2;
        let height = needed.clamp(3, (inner.height as usize / 2).max(3)) as u16;
        let [message, rest] = Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(text)
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

#[derive(Clone, Copy, PartialEq)]
enum Title {
    Full,
    Short,
    /// Short, without the cache's age.
    Shortest,
}

/// The count, the load, the cache's age and the filter, as long as fits.
fn title_spans(app: &App, form: Title) -> Vec<Span<'static>> {
    let short = form != Title::Full;
    let theme = &app.theme;
    let list = &app.functions;
    let mut title = vec![Span::styled(
        format!("{}/{} ", list.visible_count(), list.total()),
        theme.dim(),
    )];
    if list.loading {
        let loading = if short { "… " } else { "loading… " };
        title.push(Span::styled(loading, theme.fg(Role::Accent)));
    } else if list.error.is_some() && list.total() > 0 && !list.complete && list.cached_ms.is_none() {
        title.push(Span::styled("incomplete ", theme.fg(Role::Error)));
    }
    // Shown at once from the last run, until the live list has arrived.
    if let Some(saved_ms) = list.cached_ms.filter(|_| form != Title::Shortest) {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        let age = now_ms.saturating_sub(saved_ms).max(0) / 1000;
        let age = match age {
            0..60 => format!("{age}s"),
            60..3600 => format!("{}m", age / 60),
            3600..86400 => format!("{}h", age / 3600),
            _ => format!("{}d", age / 86400),
        };
        let cached = if short {
            format!("cached {age} ")
        } else {
            format!("cached {age} ago ")
        };
        title.push(Span::styled(cached, theme.fg(Role::Warning)));
    }
    let filter_room = if short { 12 } else { 24 };
    match &app.mode {
        Mode::Filter(input) => {
            title.push(Span::styled("/", theme.fg(Role::Highlight)));
            let text = tail_that_fits(&sanitize(&input.text), filter_room);
            let style = if input.selected {
                theme.filled(Role::Selection)
            } else {
                theme.fg(Role::Highlight)
            };
            title.push(Span::styled(text, style));
            title.push(Span::styled("▏ ", theme.fg(Role::Highlight)));
        }
        _ if !list.filter().is_empty() => title.push(Span::styled(
            format!("/{} ", tail_that_fits(&sanitize(list.filter()), filter_room)),
            theme.fg(Role::Highlight),
        )),
        _ => {}
    }
    title
}

fn draw_rows(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let list = &app.functions;
    let rows_fit = area.height.saturating_sub(1) as usize;
    if rows_fit == 0 {
        return;
    }
    // Names matter most; the other columns give way in a stated order:
    // modified first, then runtime, then timeout, then memory.
    let shown = super::columns::fitting(&COLUMNS, area.width, crate::layout::NAME_AT_LEAST);
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
        let cells = [
            Cell::from(sanitize(&f.name).into_owned()),
            Cell::from(sanitize(&f.runtime).into_owned()),
            Cell::from(f.memory_mb.map(|m| m.to_string()).unwrap_or_default()),
            Cell::from(f.timeout_s.map(|t| format!("{t}s")).unwrap_or_default()),
            Cell::from(sanitize(f.last_modified.get(..10).unwrap_or(&f.last_modified)).into_owned()),
        ];
        super::columns::row(cells, &shown).style(style)
    });
    let (header, widths) = super::columns::header_and_widths(&COLUMNS, &shown);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim().bold()))
        .column_spacing(1);
    frame.render_widget(table, area);
}

const COLUMNS: [Column; 5] = [
    Column {
        title: "NAME",
        width: 0,
        gives_way: 0,
    },
    Column {
        title: "RUNTIME",
        width: 15,
        gives_way: 3,
    },
    Column {
        title: "MB",
        width: 5,
        gives_way: 1,
    },
    Column {
        title: "TMO",
        width: 4,
        gives_way: 2,
    },
    Column {
        title: "MODIFIED",
        width: 10,
        gives_way: 4,
    },
];

#[cfg(test)]
mod tests {
    use super::COLUMNS;

    fn columns_that_fit(width: u16) -> Vec<&'static str> {
        let shown = super::super::columns::fitting(&COLUMNS, width, crate::layout::NAME_AT_LEAST);
        let mut titles: Vec<(u8, &str)> = COLUMNS
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| (c.gives_way, c.title))
            .collect();
        titles.sort();
        titles.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn columns_give_way_modified_then_runtime_then_timeout_then_memory() {
        assert_eq!(columns_that_fit(80), ["NAME", "MB", "TMO", "RUNTIME", "MODIFIED"]);
        assert_eq!(columns_that_fit(41), ["NAME", "MB", "TMO", "RUNTIME"]);
        assert_eq!(columns_that_fit(40), ["NAME", "MB", "TMO"]);
        assert_eq!(columns_that_fit(30), ["NAME", "MB", "TMO"]);
        assert_eq!(columns_that_fit(22), ["NAME", "MB"]);
        assert_eq!(columns_that_fit(10), ["NAME"]);
    }
}

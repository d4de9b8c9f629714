//! The events picker overlay: the filter on top, the groups on the left and
//! the picked event's first lines on the right (below, on narrow screens).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, Entry, Group, Picker};
use crate::sanitize::{one_line, sanitize};
use crate::theme::Role;

/// A preview line is cut here before it is cleaned: a one-line 6 MB event
/// costs no more than a short one.
const PREVIEW_LINE_BYTES: usize = 512;

pub fn draw(frame: &mut Frame, app: &App, picker: &Picker, area: Rect) {
    let theme = &app.theme;
    let entries = app.picker_entries(picker);
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2).min(32),
    );
    frame.render_widget(Clear, popup);
    let title = match &picker.target {
        Some(target) => format!("Events for {}", one_line(&target.function)),
        None => "Event templates".to_string(),
    };
    let bottom = format!(
        " {} loads · {} rename · {} delete · {} closes ",
        app.key_label(Action::Confirm),
        app.key_label(Action::RenameEvent),
        app.key_label(Action::DeleteEvent),
        app.key_label(Action::Cancel)
    );
    let block = overlay_block(app, &title, bottom);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [filter_row, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let filter = Line::from(vec![
        Span::styled(" filter ", theme.fg(Role::Accent)),
        Span::raw(sanitize(&picker.filter.text).into_owned()),
        Span::raw("▏"),
        Span::styled(format!("  {} to choose", entries.len()), theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(filter), filter_row);
    let (list_area, preview_area) = if body.width >= 70 {
        // As wide as the names need, between two fifths and half.
        let widest = entries.iter().map(|e| one_line(e.name).width()).max().unwrap_or(0) as u16 + 3;
        let list_width = widest.clamp(body.width * 2 / 5, body.width / 2);
        let [list, preview] = Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(body);
        (list, preview)
    } else {
        let [list, preview] = Layout::vertical([Constraint::Fill(1), Constraint::Percentage(40)]).areas(body);
        (list, preview)
    };
    draw_list(frame, app, picker, &entries, list_area);
    let preview_block = if body.width >= 70 {
        Block::new().borders(Borders::LEFT).border_style(theme.dim())
    } else {
        Block::new().borders(Borders::TOP).border_style(theme.dim())
    };
    let preview_inner = preview_block.inner(preview_area);
    frame.render_widget(preview_block, preview_area);
    if let Some(entry) = entries.get(picker.cursor) {
        draw_preview(frame, app, entry, preview_inner);
    }
}

/// The rows of the list: a heading per group, then its entries; an empty
/// saved group says why.
fn draw_list(frame: &mut Frame, app: &App, picker: &Picker, entries: &[Entry], area: Rect) {
    let theme = &app.theme;
    let heading = |text: String| Line::from(Span::styled(text, theme.fg(Role::Accent).bold()));
    let note = |text: String| Line::from(Span::styled(format!("  {text}"), theme.dim()));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_row = 0;
    let filtered = !picker.filter.text.trim().is_empty();
    for group in [Group::Saved, Group::Shared, Group::Templates] {
        lines.push(heading(
            match group {
                Group::Saved => "Private events",
                Group::Shared => "Shareable events",
                Group::Templates => "Templates",
            }
            .into(),
        ));
        let mut listed = 0;
        for (i, entry) in entries.iter().enumerate().filter(|(_, e)| e.group == group) {
            if i == picker.cursor {
                cursor_row = lines.len();
            }
            let style = if i == picker.cursor {
                theme.filled(Role::Selection)
            } else {
                Style::new()
            };
            let name = one_line(entry.name);
            let padding = (area.width as usize).saturating_sub(name.width() + 2);
            lines.push(Line::from(Span::styled(
                format!("  {name}{}", " ".repeat(padding)),
                style,
            )));
            listed += 1;
        }
        if listed > 0 || group == Group::Templates {
            continue;
        }
        let owner = picker.target.as_ref().map(|t| t.owner_of(group == Group::Shared));
        let save = app.key_label(Action::SaveEvent);
        lines.push(note(match owner {
            None => "pick a function first: events belong to one".into(),
            Some(owner) => match (app.saved_events.of(&owner), app.saved_events.unavailable(&owner)) {
                (_, Some(why)) => why.to_string(),
                (None, None) => "reading…".into(),
                (Some(_), None) if filtered => "none match".into(),
                (Some(_), None) if group == Group::Shared && owner.place == "local" => {
                    format!("none yet ({save}, then Tab); kept until the endpoint stops")
                }
                (Some(_), None) if group == Group::Shared => {
                    format!("none yet: {save}, then Tab, shares the payload with your team")
                }
                (Some(_), None) => format!("none yet: {save} saves the payload as one"),
            },
        }));
    }
    // The picked row stays in view; headings above it scroll away first.
    let visible = area.height as usize;
    let top = (cursor_row + 1).saturating_sub(visible);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), area);
}

fn draw_preview(frame: &mut Frame, app: &App, entry: &Entry, area: Rect) {
    let lines: Vec<Line> = entry
        .body
        .lines()
        .take(area.height as usize)
        .map(|line| {
            let cut = &line[..line.floor_char_boundary(PREVIEW_LINE_BYTES.min(line.len()))];
            super::json::highlight(&app.theme, &format!(" {}", sanitize(cut)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

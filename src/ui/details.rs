//! The Details pane: the function under the cursor and the qualifier choice.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::action::Action;
use crate::app::{App, DetailsState};
use crate::sanitize::sanitize;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let block = Block::bordered()
        .border_style(theme.dim())
        .title(Span::styled(" Details ", Style::new().bold()));
    let Some(f) = app.functions.selected() else {
        frame.render_widget(
            Paragraph::new("Select a function.").style(theme.dim()).block(block),
            area,
        );
        return;
    };
    let label = |text: &'static str| Span::styled(text, theme.dim());
    let value = |text: &str| Span::raw(sanitize(text).into_owned());
    let description = if f.description.is_empty() {
        "(no description)"
    } else {
        &f.description
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(sanitize(&f.name).into_owned(), Style::new().bold()),
            Span::raw("  "),
            value(description),
        ]),
        Line::from(vec![
            label("handler "),
            value(&f.handler),
            label("  arch "),
            value(&f.architectures.join(",")),
            label("  memory "),
            Span::raw(f.memory_mb.map(|m| format!("{m} MB")).unwrap_or_default()),
            label("  timeout "),
            Span::raw(f.timeout_s.map(|t| format!("{t} s")).unwrap_or_default()),
        ]),
        Line::from(vec![label("role "), value(&f.role)]),
        Line::from(vec![label("log group "), value(&f.log_group)]),
    ];
    let (qualifier, _) = app.selected_qualifier();
    let keys = format!(
        " ({}/{})  ",
        app.key_label(Action::NextQualifier),
        app.key_label(Action::PreviousQualifier)
    );
    let mut choice = vec![
        label("qualifier "),
        Span::styled(format!("◀ {} ▶", sanitize(&qualifier)), theme.fg(Role::Highlight)),
        Span::styled(keys, theme.dim()),
    ];
    match app.details.as_ref().map(|d| &d.state) {
        Some(DetailsState::Loading) | None => choice.push(Span::styled("loading versions and aliases…", theme.dim())),
        Some(DetailsState::Failed(e)) => choice.push(Span::styled(
            format!("versions: {}", sanitize(e)),
            theme.fg(Role::Error),
        )),
        Some(DetailsState::Loaded(d)) => {
            let versions = d.versions.iter().filter(|v| v.version != "$LATEST").count();
            choice.push(label("versions "));
            choice.push(Span::raw(versions.to_string()));
            choice.push(label("  aliases "));
            let aliases: Vec<String> = d
                .aliases
                .iter()
                .map(|a| format!("{}→{}", sanitize(&a.name), sanitize(&a.function_version)))
                .collect();
            choice.push(Span::raw(if aliases.is_empty() {
                "0".to_string()
            } else {
                aliases.join(" ")
            }));
        }
    }
    lines.push(Line::from(choice));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

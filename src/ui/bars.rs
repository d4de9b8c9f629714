//! The two bars above the panes: where invokes go (profile, region,
//! account; a protected profile in its colour), and what the next invoke
//! does (function, qualifier, type, client context, calls in flight).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{abbreviated, spinner};
use crate::action::Action;
use crate::app::{App, Connection, InvocationState};
use crate::model::InvokeType;
use crate::sanitize::sanitize;
use crate::theme::Role;

pub(super) fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let info = &app.connection_info;
    let profile_name = sanitize(info.profile.as_deref().unwrap_or("default")).into_owned();
    // A protected profile stands out in its colour (red unless the config
    // names one), so nobody forgets where they are.
    let profile = match app.protected_profile() {
        Some(name) => {
            let colour = app
                .profiles
                .get(name)
                .and_then(|p| p.colour)
                .unwrap_or(ratatui::style::Color::Red);
            let style = if theme.no_color {
                Style::new().bold().reversed()
            } else {
                Style::new().bg(colour).fg(ratatui::style::Color::Black).bold()
            };
            Span::styled(format!(" {profile_name} PROTECTED "), style)
        }
        None => Span::styled(profile_name, Style::new().bold()),
    };
    // Where the invokes go comes first: on a narrow terminal the title and
    // the labels give way, never the profile, region or account.
    let build = |compact: bool| {
        let label = |text: &'static str| Span::raw(if compact { "  " } else { text });
        let mut spans = vec![
            Span::styled(
                if compact { " λ " } else { " lambda-console " },
                theme.filled(Role::Accent).bold(),
            ),
            label("  profile "),
            profile.clone(),
            label("  region "),
            Span::styled(
                sanitize(info.region.as_deref().unwrap_or("(resolving)")).into_owned(),
                Style::new().bold(),
            ),
        ];
        if let Some(account) = &info.account {
            spans.push(label("  account "));
            spans.push(Span::styled(sanitize(account).into_owned(), Style::new().bold()));
        }
        match app.connection {
            Connection::Resolving => spans.push(Span::styled("  connecting…", theme.dim())),
            Connection::Failed(_) => spans.push(Span::styled("  not connected", theme.fg(Role::Error).bold())),
            Connection::Ready => {}
        }
        if let Some(endpoint) = &info.endpoint {
            spans.push(label("  endpoint "));
            spans.push(Span::styled(sanitize(endpoint).into_owned(), theme.fg(Role::Highlight)));
        }
        spans
    };
    let full = build(false);
    let fits = full.iter().map(|s| s.width()).sum::<usize>() <= area.width as usize;
    let spans = if fits { full } else { build(true) };
    frame.render_widget(Line::from(spans), area);
}

/// What the next invoke does: the function, the qualifier and the type,
/// each always on screen. Long names give way before the type does.
pub(super) fn draw_invoke_bar(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    // On narrow screens only the chosen type shows, so it is never cut.
    let kinds: Vec<InvokeType> = if width >= 100 {
        InvokeType::ALL.to_vec()
    } else {
        vec![app.invoke_type]
    };
    let cycle_key = app.keymap.keys(Action::CycleType).first().map(|k| format!(" ({k})"));
    let types_width = " type ".len()
        + kinds.iter().map(|k| k.as_str().len() + 2).sum::<usize>()
        + cycle_key.as_ref().map_or(0, |k| k.width());
    let (qualifier, _) = app.selected_qualifier();
    let qualifier = abbreviated(&sanitize(&qualifier), 24);
    let name_room = width.saturating_sub(3 + 3 + qualifier.width() + 2 + types_width).max(8);
    let target = match app.functions.selected() {
        Some(f) => abbreviated(&sanitize(&f.name), name_room),
        None => "(no function)".to_string(),
    };
    let mut spans = vec![
        Span::styled(" ▶ ", theme.fg(Role::Accent)),
        Span::styled(target, Style::new().bold()),
        Span::styled(format!(" @ {qualifier}"), theme.fg(Role::Highlight)),
        Span::raw("  type "),
    ];
    for kind in kinds {
        let style = if kind == app.invoke_type {
            theme.filled(Role::Highlight).bold()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", kind.as_str()), style));
    }
    // A client context set for the function goes with sync invokes only.
    let function_name = app.functions.selected().map(|f| f.name.as_str());
    if function_name.is_some_and(|name| app.client_contexts.contains_key(name)) {
        let (text, style) = if app.invoke_type == InvokeType::RequestResponse {
            ("  +client context", theme.fg(Role::Accent))
        } else {
            ("  client context: sync only", theme.dim())
        };
        let used: usize = spans.iter().map(|s| s.width()).sum::<usize>() + cycle_key.as_ref().map_or(0, |k| k.width());
        if used + text.width() <= width {
            spans.push(Span::styled(text, style));
        }
    }
    let mut keys = cycle_key.unwrap_or_default();
    if let Some(key) = app.keymap.keys(Action::Invoke).first() {
        let hint = format!("  {key} invoke");
        // Whole or not at all.
        let used: usize = spans.iter().map(|s| s.width()).sum::<usize>() + keys.width();
        if used + hint.width() <= width {
            keys.push_str(&hint);
        }
    }
    spans.push(Span::styled(keys, theme.dim()));
    let in_flight = app
        .invocations
        .list
        .iter()
        .filter(|i| i.state == InvocationState::InFlight)
        .count();
    if in_flight > 0 {
        spans.push(Span::styled(
            format!("  {} {in_flight} in flight", spinner(app)),
            theme.fg(Role::Accent),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

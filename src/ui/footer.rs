//! The footer: the status message, an open prompt or command line (what is
//! typed kept in view first), a question with its answers, or the keys that
//! matter where the keyboard is, from the action table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::abbreviated;
use crate::action::{Action, Context};
use crate::app::{App, Mode};
use crate::sanitize::sanitize;
use crate::theme::Role;

/// The status message, an open prompt, or the keys that matter where the
/// keyboard is, from the action table.
pub(super) fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    let line = if let Mode::Question(question) = &app.mode {
        // The answers are never cut; a long question is, at its end.
        let hints = footer_hints(app, width);
        let text = shortened_to(
            &format!(" {} ", sanitize(&question.text())),
            width.saturating_sub(hints.width()),
        );
        Line::from(vec![
            Span::styled(text, theme.fg(Role::Warning).bold()),
            Span::styled(hints, theme.dim()),
        ])
    } else if let Mode::Prompt(prompt) = &app.mode {
        prompt_line(app, prompt, width)
    } else if let Mode::Command(line) = &app.mode {
        command_line(app, line, width)
    } else if let Some(status) = &app.status {
        Line::from(Span::styled(
            format!(" {}", sanitize(&status.text)),
            if status.is_error {
                theme.fg(Role::Error).bold()
            } else {
                theme.fg(Role::Accent)
            },
        ))
    } else {
        Line::from(Span::styled(footer_hints(app, width), theme.dim()))
    };
    frame.render_widget(line, area);
}

/// The end of `text` that fits in `width` columns, with `…` when cut: what
/// is being typed stays in view.
/// A prompt in the footer. What is typed comes first: the label shortens,
/// then the hints go, and an error is cut before the text is hidden.
fn prompt_line(app: &App, prompt: &crate::app::Prompt, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let typed = sanitize(prompt.text()).into_owned();
    // The text wants its width and the cursor, up to a third of the line.
    let text_wants = (typed.width() + 1).clamp(12, (width / 3).max(12));
    let error = prompt.error.as_deref().map(|e| format!("  {}", sanitize(e)));
    let hints = format!("  {}", footer_hints(app, width));
    let extra_wants = error.as_ref().map_or(0, |e| e.width());
    let full = format!(" {}", sanitize(&prompt.label()));
    let label = if full.width() + text_wants + extra_wants <= width {
        full
    } else {
        format!(" {}", sanitize(&prompt.short_label()))
    };
    let after_text = width.saturating_sub(label.width() + text_wants);
    let extra = match &error {
        Some(error) => shortened_to(error, after_text),
        None if hints.width() <= after_text => hints,
        None => String::new(),
    };
    let room = width.saturating_sub(label.width() + 1 + extra.width());
    let text = tail_that_fits(&typed, room);
    let text_style = if prompt.input.selected {
        theme.filled(Role::Selection)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(label, theme.fg(Role::Accent)),
        Span::styled(text, text_style),
        Span::raw("▏"),
        Span::styled(
            extra,
            if prompt.error.is_some() {
                theme.fg(Role::Error)
            } else {
                theme.dim()
            },
        ),
    ])
}

/// The `:` line: what is typed, then why it was refused or the matches a
/// Tab found.
fn command_line(app: &App, line: &crate::app::CommandLine, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let typed = sanitize(&line.input.text).into_owned();
    let after = match (&line.error, line.matches.is_empty()) {
        (Some(error), _) => format!("  {}", sanitize(error)),
        (None, false) => format!(
            "  {}",
            line.matches
                .iter()
                .map(|m| sanitize(m).into_owned())
                .collect::<Vec<_>>()
                .join("  ")
        ),
        (None, true) => format!("  {}", footer_hints(app, width)),
    };
    let text_wants = (typed.width() + 1).clamp(12, (width / 2).max(12));
    let extra = shortened_to(&after, width.saturating_sub(2 + text_wants));
    let text = tail_that_fits(&typed, width.saturating_sub(2 + extra.width()));
    Line::from(vec![
        Span::styled(" :", theme.fg(Role::Accent).bold()),
        Span::raw(text),
        Span::raw("▏"),
        Span::styled(
            extra,
            if line.error.is_some() {
                theme.fg(Role::Error)
            } else {
                theme.dim()
            },
        ),
    ])
}

/// `text` cut at the end to `width` columns, with `…` when cut.
fn shortened_to(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        used += grapheme.width();
        if used + 1 > width {
            break;
        }
        out.push_str(grapheme);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

pub fn tail_that_fits(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for grapheme in text.graphemes(true).rev() {
        used += grapheme.width();
        if used > width {
            break;
        }
        kept.push(grapheme);
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

/// ` key label · key label ...`, whole hints only, as many as fit in `width`
/// columns; the help's key always shows, so the rest can be found.
pub fn footer_hints(app: &App, width: usize) -> String {
    let context = app.context();
    let mut hints: Vec<String> = Vec::new();
    if context == Context::Filter {
        hints.push("type to filter".into());
    }
    let mut help = None;
    for &scope in context.hint_scopes() {
        for info in crate::action::ACTIONS.iter().filter(|a| a.scope == scope) {
            // Invocation rows do not wrap: `w` there only says so.
            if info.action == Action::ToggleWrap && context == Context::InvocationsPane {
                continue;
            }
            // Only a save chooses between private and shareable.
            let saving = matches!(&app.mode, Mode::Prompt(p) if p.kind == crate::app::PromptKind::SaveEvent);
            if info.action == Action::ToggleShareable && !saving {
                continue;
            }
            if let (Some(label), Some(key)) = (info.hint, app.keymap.key_in(context, info.action)) {
                let beside_a_response = matches!(context, Context::ResponsePane | Context::InvocationsPane);
                let hint = match (info.action, app.functions.selected()) {
                    // Beside a response, invoke could be read as "again":
                    // it goes to the function selected, and says so.
                    (Action::Invoke, Some(function)) if beside_a_response => {
                        format!("{key} {label} {}", abbreviated(&sanitize(&function.name), 24))
                    }
                    _ => format!("{key} {label}"),
                };
                if info.action == Action::Help {
                    help = Some(hint);
                } else {
                    hints.push(hint);
                }
            }
        }
    }
    let reserved = help.as_ref().map_or(0, |h| h.width() + 3);
    let mut out = String::new();
    for hint in hints {
        let extra = if out.is_empty() { 1 } else { 3 } + hint.width();
        if out.width() + extra + reserved > width {
            break;
        }
        out.push_str(if out.is_empty() { " " } else { " · " });
        out.push_str(&hint);
    }
    if let Some(help) = help {
        out.push_str(if out.is_empty() { " " } else { " · " });
        out.push_str(&help);
    }
    out
}

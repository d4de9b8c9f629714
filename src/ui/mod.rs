//! Drawing: pure functions of `App`, one module per pane, mirroring `app/`.
//! Untrusted text is sanitized here (names, descriptions) or was sanitized
//! when it arrived (bodies, logs). Colours come from the theme's roles.

mod columns;
mod details;
mod functions;
pub mod help;
mod invocations;
mod json;
mod logs;
mod payload;
mod picker;
pub mod response;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::action::{Action, Context};
use crate::app::{App, Connection, InvocationState, Mode, Pane};
use crate::model::InvokeType;
use crate::sanitize::sanitize;
use crate::theme::Role;
use unicode_width::UnicodeWidthStr;

pub use invocations::invocation_state;

#[cfg(test)]
mod tests;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(frame: &mut Frame, app: &App) {
    let areas = crate::layout::areas(frame.area(), &app.shape());
    if areas.too_small {
        draw_too_small(frame, app);
        return;
    }
    draw_header(frame, app, areas.header);
    draw_invoke_bar(frame, app, areas.invoke_bar);
    let shown = |area: Rect| !area.is_empty();
    if shown(areas.functions) {
        functions::draw(frame, app, areas.functions);
    }
    if shown(areas.details) {
        details::draw(frame, app, areas.details);
    }
    if shown(areas.payload) {
        payload::draw(frame, app, areas.payload);
    }
    if shown(areas.response) {
        response::draw(frame, app, areas.response);
    }
    if shown(areas.invocations) {
        invocations::draw(frame, app, areas.invocations);
    }
    if shown(areas.logs) {
        logs::draw(frame, app, areas.logs);
    }
    draw_footer(frame, app, areas.footer);
    if let Connection::Failed(message) = &app.connection {
        draw_connection_failure(frame, app, message, areas.body);
    }
    match &app.mode {
        Mode::Picker(picker) => picker::draw(frame, app, picker, frame.area()),
        Mode::Environment(function, scroll) => draw_environment(frame, app, function, *scroll, frame.area()),
        Mode::Help(help) => help::draw(frame, app, help, frame.area()),
        _ => {}
    }
}

/// Below the smallest usable size: what is needed, and the way out.
fn draw_too_small(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let text = format!(
        "lambda-console needs at least {}×{}; this terminal is {}×{}. Enlarge it, or press {} to quit.",
        crate::layout::MIN_WIDTH,
        crate::layout::MIN_HEIGHT,
        area.width,
        area.height,
        app.key_label(Action::Quit)
    );
    // `q` with calls in flight asks here too: the question must be seen.
    let text = match &app.mode {
        Mode::Question(question) => format!(
            "{text} {} {} yes · {} no",
            question.text(),
            app.key_label(Action::Yes),
            app.key_label(Action::No)
        ),
        _ => text,
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.fg(Role::Warning))
            .wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// A pane's frame: number and title, thick and coloured when it has focus.
fn pane_block(app: &App, pane: Pane, title: Line<'static>) -> Block<'static> {
    let theme = &app.theme;
    let focused = app.focus == pane;
    let border = if focused { theme.fg(Role::Focus) } else { theme.dim() };
    let mut spans = vec![Span::styled(
        format!(" {} {} ", pane.number(), pane.title()),
        if focused {
            theme.fg(Role::Focus).bold()
        } else {
            Style::new().bold()
        },
    )];
    spans.extend(title.spans);
    if focused && app.zoomed {
        spans.push(Span::styled(
            format!("zoomed ({} back) ", app.key_label(Action::Zoom)),
            theme.fg(Role::Accent),
        ));
    }
    Block::bordered()
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(border)
        .title(Line::from(spans))
}

/// The frame of an overlay.
fn overlay_block(app: &App, title: &str, bottom: String) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(app.theme.fg(Role::Accent))
        .title(Span::styled(format!(" {title} "), Style::new().bold()))
        .title_bottom(Line::from(bottom).right_aligned())
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
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
fn draw_invoke_bar(frame: &mut Frame, app: &App, area: Rect) {
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

pub fn spinner(app: &App) -> &'static str {
    let millis = app.now.saturating_duration_since(app.started).as_millis();
    SPINNER[(millis / 100) as usize % SPINNER.len()]
}

/// The status message, an open prompt, or the keys that matter where the
/// keyboard is, from the action table.
fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
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

/// The start of `text` that fits in `width` columns, with `…` when cut.
pub fn abbreviated(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 1;
    for grapheme in text.graphemes(true) {
        used += grapheme.width();
        if used > width {
            break;
        }
        kept.push_str(grapheme);
    }
    kept.push('…');
    kept
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

/// Cuts a styled line into rows of `width` columns where `row_starts` says,
/// grapheme by grapheme as ratatui draws them.
pub(super) fn cut_into_rows(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let graphemes = styled_graphemes(&line);
    let mut starts = Vec::new();
    crate::app::row_starts(graphemes.iter().map(|(_, w, _)| *w), width, |i| starts.push(i));
    rows_from(&graphemes, starts)
}

/// Wraps a line of prose at `width` columns, between words where it can
/// (a word longer than the row is cut).
pub(super) fn wrap_words(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let graphemes = styled_graphemes(&line);
    let mut starts = vec![0];
    let mut used = 0;
    // Where a row may begin after the last space seen in this row.
    let mut after_space = None;
    for (index, &(grapheme, w, _)) in graphemes.iter().enumerate() {
        if w > 0 && used > 0 && used + w > width {
            let start = after_space
                .filter(|&s| s > *starts.last().unwrap_or(&0))
                .unwrap_or(index);
            starts.push(start);
            used = graphemes[start..index].iter().map(|(_, w, _)| w).sum();
            after_space = None;
        }
        used += w;
        if grapheme == " " {
            after_space = Some(index + 1);
        }
    }
    // The spaces where a row was broken belong to neither row; a row that
    // was only such spaces is no row at all.
    rows_from(&graphemes, starts)
        .into_iter()
        .enumerate()
        .map(|(row, line)| trim_spaces(line, row > 0, width))
        .enumerate()
        .filter(|(row, line)| *row == 0 || line.width() > 0)
        .map(|(_, line)| line)
        .collect()
}

/// Drops a continuation row's leading spaces, and trailing spaces that
/// would not fit in `width`.
fn trim_spaces(line: Line<'static>, leading: bool, width: usize) -> Line<'static> {
    let mut spans = line.spans;
    if leading {
        while let Some(first) = spans.first_mut() {
            let trimmed = first.content.trim_start_matches(' ');
            if trimmed.is_empty() {
                spans.remove(0);
            } else {
                first.content = trimmed.to_string().into();
                break;
            }
        }
    }
    let mut line = Line::from(spans);
    while line.width() > width {
        let Some(last) = line.spans.last_mut() else { break };
        if !last.content.ends_with(' ') {
            break;
        }
        let mut text = last.content.to_string();
        text.pop();
        if text.is_empty() {
            line.spans.pop();
        } else {
            last.content = text.into();
        }
    }
    line
}

/// `line` with every occurrence of `term` (even across spans) in `style`
/// over its own. One pass over the spans and the matches together: a line
/// full of matches costs no more than its length.
pub(super) fn mark(line: Line<'static>, term: &str, style: Style) -> Line<'static> {
    if term.is_empty() {
        return line;
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let found: Vec<(usize, usize)> = text.match_indices(term).map(|(at, m)| (at, at + m.len())).collect();
    if found.is_empty() {
        return line;
    }
    let mut out = Vec::new();
    let mut offset = 0;
    let mut next = 0;
    for span in line.spans {
        let (start, end) = (offset, offset + span.content.len());
        offset = end;
        let mut at = start;
        while at < end {
            while found.get(next).is_some_and(|&(_, b)| b <= at) {
                next += 1;
            }
            let (inside, until) = match found.get(next) {
                Some(&(a, b)) if a <= at => (true, b.min(end)),
                Some(&(a, _)) => (false, a.min(end)),
                None => (false, end),
            };
            let piece = span.content[at - start..until - start].to_string();
            out.push(Span::styled(
                piece,
                if inside { span.style.patch(style) } else { span.style },
            ));
            at = until;
        }
    }
    Line::from(out)
}

type StyledGrapheme<'a> = (&'a str, usize, Style);

fn styled_graphemes<'a>(line: &'a Line<'static>) -> Vec<StyledGrapheme<'a>> {
    line.spans
        .iter()
        .flat_map(|span| crate::app::drawn_graphemes(&span.content).map(move |(g, w)| (g, w, span.style)))
        .collect()
}

/// The rows beginning at `starts`, each grapheme keeping its style.
fn rows_from(graphemes: &[StyledGrapheme<'_>], mut starts: Vec<usize>) -> Vec<Line<'static>> {
    starts.push(graphemes.len());
    starts
        .windows(2)
        .map(|pair| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for &(grapheme, _, style) in &graphemes[pair[0]..pair[1]] {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push_str(grapheme),
                    _ => spans.push(Span::styled(grapheme.to_string(), style)),
                }
            }
            Line::from(spans)
        })
        .collect()
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A function's environment variables, values shown: asked for with a key,
/// closed with any of cancel's, never logged.
fn draw_environment(frame: &mut Frame, app: &App, function: &str, scroll: usize, area: Rect) {
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

fn draw_connection_failure(frame: &mut Frame, app: &App, message: &str, area: Rect) {
    let theme = &app.theme;
    let popup = centered(area, 72, 9);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.fg(Role::Error))
        .title(Span::styled(" Cannot reach AWS ", theme.fg(Role::Error).bold()));
    let text = vec![
        Line::raw(sanitize(message).into_owned()),
        Line::raw(""),
        Line::styled(
            format!("Fix it and restart; {} quits.", app.key_label(Action::Quit)),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), popup);
}

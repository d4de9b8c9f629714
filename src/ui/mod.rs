//! Drawing: pure functions of `App`, one module per pane, mirroring `app/`.
//! Untrusted text is sanitized here (names, descriptions) or was sanitized
//! when it arrived (bodies, logs). Colours come from the theme's roles.

mod bars;
mod burst;
mod columns;
mod compare;
mod details;
mod environment;
mod footer;
mod functions;
pub mod help;
mod invocations;
mod json;
mod logs;
mod payload;
mod picker;
pub mod response;

pub use footer::{footer_hints, tail_that_fits};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::action::Action;
use crate::app::{App, Connection, Mode, Pane};
use crate::sanitize::sanitize;
use crate::theme::Role;
use unicode_width::UnicodeWidthStr;

pub use invocations::invocation_state;

#[cfg(test)]
mod tests;
mod url_form;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(frame: &mut Frame, app: &App) {
    let areas = crate::layout::areas(frame.area(), &app.shape());
    if areas.too_small {
        draw_too_small(frame, app);
        return;
    }
    bars::draw_header(frame, app, areas.header);
    bars::draw_invoke_bar(frame, app, areas.invoke_bar);
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
    footer::draw_footer(frame, app, areas.footer);
    if let Connection::Failed(message) = &app.connection {
        draw_connection_failure(frame, app, message, areas.body);
    }
    match &app.mode {
        Mode::Picker(picker) => picker::draw(frame, app, picker, frame.area()),
        Mode::Environment(function, scroll) => {
            environment::draw_environment(frame, app, function, *scroll, frame.area())
        }
        Mode::Help(help) => help::draw(frame, app, help, frame.area()),
        Mode::Diff(diff) => compare::draw(frame, app, diff, frame.area()),
        Mode::BurstForm(form) => burst::draw_form(frame, app, form, frame.area()),
        Mode::Burst => burst::draw(frame, app, frame.area()),
        Mode::UrlForm(form) => url_form::draw(frame, app, form, frame.area()),
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
    pane_block_named(app, pane, title, true)
}

/// As `pane_block`; a narrow pane leaves out its name (the number stays)
/// so that what its title says fits.
fn pane_block_named(app: &App, pane: Pane, title: Line<'static>, named: bool) -> Block<'static> {
    let theme = &app.theme;
    let focused = app.focus == pane;
    let border = if focused { theme.fg(Role::Focus) } else { theme.dim() };
    let name = if named {
        format!(" {} {} ", pane.number(), pane.title())
    } else {
        format!(" {} ", pane.number())
    };
    let mut spans = vec![Span::styled(
        name,
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

/// One field of a form (the burst's, a URL request's): its label, then its
/// text, reversed where typing goes; the marker says so without colour too.
fn form_field(app: &App, label: &str, text: &str, focused: bool, selected: bool) -> Line<'static> {
    let style = match (focused, selected) {
        (true, true) => app.theme.filled(Role::Selection),
        (true, false) => app.theme.fg(Role::Highlight).reversed(),
        (false, _) => app.theme.fg(Role::Highlight),
    };
    Line::from(vec![
        Span::styled(if focused { " ▸" } else { "  " }, app.theme.fg(Role::Accent)),
        Span::styled(format!("{label:<11}"), app.theme.dim()),
        Span::styled(format!(" {text} "), style),
    ])
}

pub fn spinner(app: &App) -> &'static str {
    let millis = app.now.saturating_duration_since(app.started).as_millis();
    SPINNER[(millis / 100) as usize % SPINNER.len()]
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

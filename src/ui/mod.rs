//! Drawing: pure functions of `App`, one per pane. Untrusted text is sanitized
//! here (names, descriptions) or was sanitized when it arrived (bodies, logs).

mod json;
mod response;

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Paragraph, Row, Table, Wrap};

use crate::app::{App, Connection, DetailsState, InvocationState, Pane};
use crate::model::InvokeType;
use crate::payload::Validity;
use crate::sanitize::sanitize;

pub use response::response_lines;

#[cfg(test)]
mod tests;

/// Every key binding, shown by `?` and listed in the README.
pub const KEY_BINDINGS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous pane"),
    ("1 2 3 4 5", "Functions, Payload, Response, Invocations, Logs"),
    ("Ctrl-R", "invoke (from anywhere, the editor included)"),
    ("i", "invoke (outside the editor)"),
    ("t", "cycle invocation type: RequestResponse, Event, DryRun"),
    ("v / V", "next / previous qualifier: $LATEST, versions, aliases"),
    ("Ctrl-F, f", "pretty-format the payload (f outside the editor)"),
    ("E", "event templates to start a payload from"),
    ("/", "filter functions (Enter keeps it, Esc clears it)"),
    ("j k ↑ ↓", "move in a list, scroll the response"),
    ("PgUp PgDn g G", "page, top, bottom"),
    ("Enter", "function: edit its payload; invocation: show it"),
    ("[ ]", "previous / next response"),
    ("s", "response: save its body to response-ID.json"),
    ("l  e  R", "invocation: its log lines, edit its payload, run it again"),
    ("space", "logs: follow / freeze"),
    ("T  s", "logs: next time range preset, type a range (90m, 6h, 3d)"),
    ("p  /  n", "logs: filter pattern, search, next match"),
    ("w  c", "logs: wrap lines, clear shown lines"),
    ("Esc", "leave the editor, clear the filter"),
    ("r", "reload the functions"),
    ("?", "this help"),
    ("q, Ctrl-C", "quit (q outside the editor)"),
];

const ACCENT: Color = Color::Cyan;
const FAIL: Color = Color::Red;
const OK: Color = Color::Green;
const DIM: Style = Style::new().fg(Color::DarkGray);
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(frame: &mut Frame, app: &App) {
    let [header, invoke_bar, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    draw_header(frame, app, header);
    draw_invoke_bar(frame, app, invoke_bar);
    let [left, right] = Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(body);
    draw_functions(frame, app, left);
    let [details, payload, lower] =
        Layout::vertical([Constraint::Length(7), Constraint::Percentage(28), Constraint::Fill(1)]).areas(right);
    draw_details(frame, app, details);
    draw_payload(frame, app, payload);
    match app.focus {
        Pane::Invocations => draw_invocations(frame, app, lower),
        Pane::Logs => draw_logs(frame, app, lower),
        _ => response::draw(frame, app, lower),
    }
    draw_footer(frame, app, footer);
    if let Connection::Failed(message) = &app.connection {
        draw_connection_failure(frame, message, body);
    }
    if let Some(cursor) = app.template_picker {
        draw_templates(frame, cursor, frame.area());
    }
    if app.help_open {
        draw_help(frame, frame.area());
    }
}

fn pane_block(app: &App, pane: Pane, title: Line<'static>) -> Block<'static> {
    let focused = app.focus == pane;
    let border = if focused { Style::new().fg(ACCENT) } else { DIM };
    let mut spans = vec![Span::styled(
        format!(" {} {} ", pane.number(), pane.title()),
        if focused {
            Style::new().fg(ACCENT).bold()
        } else {
            Style::new().bold()
        },
    )];
    spans.extend(title.spans);
    Block::bordered()
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(border)
        .title(Line::from(spans))
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let info = &app.connection_info;
    let mut spans = vec![
        Span::styled(" lambda-console ", Style::new().fg(Color::Black).bg(ACCENT).bold()),
        Span::raw("  profile "),
        Span::styled(
            sanitize(info.profile.as_deref().unwrap_or("default")).into_owned(),
            Style::new().bold(),
        ),
        Span::raw("  region "),
        Span::styled(
            sanitize(info.region.as_deref().unwrap_or("(resolving)")).into_owned(),
            Style::new().bold(),
        ),
    ];
    if let Some(endpoint) = &info.endpoint {
        spans.push(Span::raw("  endpoint "));
        spans.push(Span::styled(
            sanitize(endpoint).into_owned(),
            Style::new().fg(Color::Yellow),
        ));
    }
    match app.connection {
        Connection::Resolving => spans.push(Span::styled("  connecting…", DIM)),
        Connection::Failed(_) => spans.push(Span::styled("  not connected", Style::new().fg(FAIL).bold())),
        Connection::Ready => {}
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_invoke_bar(frame: &mut Frame, app: &App, area: Rect) {
    let target = match app.functions.selected() {
        Some(f) => sanitize(&f.name).into_owned(),
        None => "(no function)".to_string(),
    };
    let (qualifier, _) = app.selected_qualifier();
    let mut spans = vec![
        Span::styled(" ▶ ", Style::new().fg(ACCENT)),
        Span::styled(target, Style::new().bold()),
        Span::styled(format!(" @ {}", sanitize(&qualifier)), Style::new().fg(Color::Yellow)),
        Span::raw("   type "),
    ];
    for kind in InvokeType::ALL {
        let style = if kind == app.invoke_type {
            Style::new().fg(Color::Black).bg(Color::Yellow).bold()
        } else {
            DIM
        };
        spans.push(Span::styled(format!(" {} ", kind.as_str()), style));
    }
    spans.push(Span::styled("  (t)  Ctrl-R invoke", DIM));
    let in_flight = app
        .invocations
        .iter()
        .filter(|i| i.state == InvocationState::InFlight)
        .count();
    if in_flight > 0 {
        spans.push(Span::styled(
            format!("  {} {in_flight} in flight", spinner(app)),
            Style::new().fg(ACCENT),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

pub fn spinner(app: &App) -> &'static str {
    let millis = app.now.saturating_duration_since(app.started).as_millis();
    SPINNER[(millis / 100) as usize % SPINNER.len()]
}

fn draw_functions(frame: &mut Frame, app: &App, area: Rect) {
    let list = &app.functions;
    let mut title = vec![Span::styled(format!("{}/{} ", list.shown(), list.total()), DIM)];
    if list.loading {
        title.push(Span::styled("loading… ", Style::new().fg(ACCENT)));
    }
    if list.filter_editing || !list.filter().is_empty() {
        title.push(Span::styled(
            format!(
                "/{}{} ",
                sanitize(list.filter()),
                if list.filter_editing { "▏" } else { "" }
            ),
            Style::new().fg(Color::Yellow),
        ));
    }
    let block = pane_block(app, Pane::Functions, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(error) = &list.error {
        let [msg, rest] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!("Could not list functions: {}  (r to retry)", sanitize(error)))
                .style(Style::new().fg(FAIL))
                .wrap(Wrap { trim: true }),
            msg,
        );
        draw_function_rows(frame, app, rest);
    } else if list.total() == 0 && !list.loading {
        frame.render_widget(Paragraph::new("No functions in this region.").style(DIM), inner);
    } else {
        draw_function_rows(frame, app, inner);
    }
}

fn draw_function_rows(frame: &mut Frame, app: &App, area: Rect) {
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
    let rows = list.visible_window(offset, rows_fit).enumerate().map(|(i, f)| {
        let style = if offset + i == list.cursor() {
            if app.focus == Pane::Functions {
                Style::new().fg(Color::Black).bg(ACCENT)
            } else {
                Style::new().add_modifier(Modifier::REVERSED)
            }
        } else {
            Style::new()
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
        .header(Row::new(header[..columns].to_vec()).style(DIM.bold()))
        .column_spacing(1);
    frame.render_widget(table, area);
}

fn draw_details(frame: &mut Frame, app: &App, area: Rect) {
    let block = Block::bordered()
        .border_style(DIM)
        .title(Span::styled(" Details ", Style::new().bold()));
    let Some(f) = app.functions.selected() else {
        frame.render_widget(Paragraph::new("Select a function.").style(DIM).block(block), area);
        return;
    };
    let label = |text: &'static str| Span::styled(text, DIM);
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
    let mut choice = vec![
        label("qualifier "),
        Span::styled(format!("◀ {} ▶", sanitize(&qualifier)), Style::new().fg(Color::Yellow)),
        label(" (v/V)  "),
    ];
    match app.details.as_ref().map(|d| &d.state) {
        Some(DetailsState::Loading) | None => choice.push(Span::styled("loading versions and aliases…", DIM)),
        Some(DetailsState::Failed(e)) => choice.push(Span::styled(
            format!("versions: {}", sanitize(e)),
            Style::new().fg(FAIL),
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

fn draw_payload(frame: &mut Frame, app: &App, area: Rect) {
    let (text, style) = match &app.validity {
        Validity::Valid => ("✔ valid JSON ".to_string(), Style::new().fg(OK)),
        Validity::Empty => ("empty: no payload ".to_string(), DIM),
        invalid @ Validity::Invalid { .. } => (format!("✘ {} ", invalid.describe()), Style::new().fg(FAIL)),
    };
    let block = pane_block(app, Pane::Payload, Line::from(Span::styled(text, style)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&app.editor, inner);
}

fn draw_invocations(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(
        app,
        Pane::Invocations,
        Line::from(Span::styled(format!("{} sent ", app.invocations.len()), DIM)),
    );
    if app.invocations.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing invoked yet: Ctrl-R sends the payload.")
                .style(DIM)
                .block(block),
            area,
        );
        return;
    }
    let rows = app.invocations.iter().rev().enumerate().map(|(row, inv)| {
        let (state, style) = invocation_state(app, inv);
        let report = match &inv.state {
            InvocationState::Done(o) => o.report.clone().or_else(|| inv.async_report.clone()),
            _ => None,
        };
        let report = report.as_ref();
        let figure = |value: Option<String>| Cell::from(value.unwrap_or_default());
        let qualifier = inv.request.qualifier.as_deref().unwrap_or("$LATEST");
        let mut r = Row::new(vec![
            Cell::from(time_of_day(
                inv.sent_wall
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0),
                false,
            )),
            Cell::from(format!("{}:{}", sanitize(&inv.request.function), sanitize(qualifier))),
            Cell::from(match inv.request.invoke_type {
                InvokeType::RequestResponse => "sync",
                InvokeType::Event => "event",
                InvokeType::DryRun => "dry",
            }),
            Cell::from(state).style(style),
            figure(report.and_then(|r| r.duration_ms).map(|d| format!("{d:.1} ms"))),
            figure(report.and_then(|r| r.billed_duration_ms).map(|d| format!("{d} ms"))),
            figure(report.and_then(|r| r.max_memory_used_mb).map(|m| format!("{m} MB"))),
            Cell::from(match &inv.state {
                InvocationState::Done(o) => o.request_id.clone().unwrap_or_default(),
                _ => String::new(),
            }),
        ]);
        if row == app.invocation_cursor {
            r = r.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        r
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Min(14),
            Constraint::Length(5),
            Constraint::Length(20),
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new([
            "SENT UTC",
            "FUNCTION",
            "TYPE",
            "STATE",
            "DURATION",
            "BILLED",
            "MAX MEM",
            "REQUEST ID",
        ])
        .style(DIM.bold()),
    )
    .block(block);
    frame.render_widget(table, area);
}

/// A short state word for an invocation, and its colour.
pub fn invocation_state(app: &App, inv: &crate::app::Invocation) -> (String, Style) {
    match &inv.state {
        InvocationState::InFlight => (
            format!(
                "{} {:.1}s",
                spinner(app),
                app.now.saturating_duration_since(inv.sent_at).as_secs_f64()
            ),
            Style::new().fg(ACCENT),
        ),
        InvocationState::Failed(_) => ("call failed".into(), Style::new().fg(FAIL).bold()),
        InvocationState::Done(o) if o.function_error.is_some() => {
            ("function error".into(), Style::new().fg(FAIL).bold())
        }
        InvocationState::Done(_) if inv.async_state.is_some() => async_state_label(app, inv.async_state.as_ref()),
        InvocationState::Done(o) if o.status_code == 202 => ("queued".into(), Style::new().fg(Color::Yellow)),
        InvocationState::Done(o) if o.status_code == 204 => ("dry run ok".into(), Style::new().fg(OK)),
        InvocationState::Done(_) => ("succeeded".into(), Style::new().fg(OK)),
    }
}

fn async_state_label(app: &App, state: Option<&crate::tail::AsyncState>) -> (String, Style) {
    use crate::tail::AsyncState;
    match state {
        Some(AsyncState::Queued) | None => (format!("{} queued", spinner(app)), Style::new().fg(Color::Yellow)),
        Some(AsyncState::Running { attempt: 1 }) => (format!("{} running", spinner(app)), Style::new().fg(ACCENT)),
        Some(AsyncState::Running { attempt }) => (
            format!("{} retry {}", spinner(app), attempt - 1),
            Style::new().fg(ACCENT),
        ),
        Some(AsyncState::RetryPending { attempt, .. }) => {
            (format!("failed {attempt}×, retry due"), Style::new().fg(Color::Yellow))
        }
        Some(AsyncState::Succeeded { attempt: 1 }) => ("succeeded".into(), Style::new().fg(OK)),
        Some(AsyncState::Succeeded { attempt }) => (format!("succeeded on try {attempt}"), Style::new().fg(OK)),
        Some(AsyncState::Failed { attempt, .. }) => (format!("failed after {attempt}"), Style::new().fg(FAIL).bold()),
    }
}

/// HH:MM:SS (with .mmm when asked) in UTC, from Unix milliseconds; no time
/// zone database is needed.
fn time_of_day(unix_millis: i64, with_millis: bool) -> String {
    let secs = unix_millis.div_euclid(1000).rem_euclid(86_400);
    let clock = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if with_millis {
        format!("{clock}.{:03}", unix_millis.rem_euclid(1000))
    } else {
        clock
    }
}

fn draw_logs(frame: &mut Frame, app: &App, area: Rect) {
    let logs = &app.logs;
    let mut title = vec![];
    if let Some(key) = &logs.key {
        title.push(Span::styled(format!("{} ", sanitize(&key.group)), Style::new().bold()));
    }
    title.push(if logs.follow {
        Span::styled("● following ", Style::new().fg(OK))
    } else {
        Span::styled("❚❚ frozen ", Style::new().fg(Color::Yellow))
    });
    title.push(Span::styled(format!("{} ", logs.range.label()), DIM));
    if !logs.pattern.is_empty() {
        title.push(Span::styled(
            format!("pattern {} ", sanitize(&logs.pattern)),
            Style::new().fg(Color::Yellow),
        ));
    }
    if let Some(search) = &logs.search {
        title.push(Span::styled(
            format!("search {} ", sanitize(search)),
            Style::new().fg(Color::Magenta),
        ));
    }
    title.push(Span::styled(format!("{} lines ", logs.lines.len()), DIM));
    if logs.dropped > 0 {
        title.push(Span::styled(format!("({} older dropped) ", logs.dropped), DIM));
    }
    if logs.wrap {
        title.push(Span::styled("wrap ", DIM));
    }
    let block = pane_block(app, Pane::Logs, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut body = inner;
    if let Some(status) = &logs.status {
        frame.render_widget(
            Line::styled(format!("{} ", sanitize(status)), Style::new().fg(Color::Yellow)),
            Rect { height: 1, ..inner },
        );
        body = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
    }
    if let Some((kind, text)) = &logs.input {
        let label = match kind {
            crate::app::InputKind::Pattern => "filter pattern (sent to the service): ",
            crate::app::InputKind::Search => "search shown lines: ",
            crate::app::InputKind::Range => "time range (90s, 15m, 6h, 3d): ",
        };
        let line = Line::from(vec![
            Span::styled(label, Style::new().fg(ACCENT)),
            Span::raw(format!("{}▏", sanitize(text))),
        ]);
        frame.render_widget(
            line,
            Rect {
                y: body.y + body.height.saturating_sub(1),
                height: 1,
                ..body
            },
        );
        body.height = body.height.saturating_sub(1);
    }
    if logs.key.is_none() {
        frame.render_widget(
            Paragraph::new("Select a function to tail its log group.").style(DIM),
            body,
        );
        return;
    }
    if logs.lines.is_empty() {
        let text = "No lines yet in this range. Invoke the function, widen the range (T) or change the pattern (p).";
        frame.render_widget(Paragraph::new(text).style(DIM).wrap(Wrap { trim: true }), body);
        return;
    }
    let height = body.height as usize;
    let width = body.width.max(1) as usize;
    let rows_of = |line: &Line| {
        if logs.wrap {
            line.width().max(1).div_ceil(width)
        } else {
            1
        }
    };
    let search = logs.search.as_deref();
    let (lines, overflow): (Vec<Line<'static>>, usize) = if logs.follow {
        // From the newest line backwards until the pane is full.
        let mut used = 0;
        let mut lines = Vec::with_capacity(height);
        for log in logs.lines.iter().rev() {
            let line = log_row(log, search);
            used += rows_of(&line);
            lines.push(line);
            if used >= height {
                break;
            }
        }
        lines.reverse();
        (lines, used.saturating_sub(height))
    } else {
        let start = logs.scroll.min(logs.lines.len());
        (
            logs.lines
                .range(start..)
                .take(height)
                .map(|l| log_row(l, search))
                .collect(),
            0,
        )
    };
    let paragraph = Paragraph::new(lines).scroll((overflow as u16, 0));
    frame.render_widget(
        if logs.wrap {
            paragraph.wrap(Wrap { trim: false })
        } else {
            paragraph
        },
        body,
    );
}

/// Splits `text` into spans: the search match on yellow, request ids (UUIDs)
/// in magenta, the rest in `style`.
fn highlighted(text: &str, style: Style, search: Option<&str>) -> Vec<Span<'static>> {
    let mut marks: Vec<(usize, usize, Style)> = Vec::new();
    if let Some(term) = search.filter(|t| !t.is_empty())
        && let Some(at) = text.find(term)
    {
        marks.push((at, at + term.len(), Style::new().fg(Color::Black).bg(Color::Yellow)));
    }
    for at in uuid_positions(text) {
        if !marks.iter().any(|&(s, e, _)| at < e && at + 36 > s) {
            marks.push((at, at + 36, style.fg(Color::Magenta)));
        }
    }
    marks.sort_by_key(|m| m.0);
    let mut spans = Vec::new();
    let mut done = 0;
    for (start, end, mark) in marks {
        if start > done {
            spans.push(Span::styled(text[done..start].to_string(), style));
        }
        spans.push(Span::styled(text[start..end].to_string(), mark));
        done = end;
    }
    if done < text.len() {
        spans.push(Span::styled(text[done..].to_string(), style));
    }
    spans
}

/// Byte offsets of UUID-shaped tokens (8-4-4-4-12 hex digits), as Lambda's
/// request ids are.
fn uuid_positions(text: &str) -> Vec<usize> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 36 <= bytes.len() {
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let mut j = i;
        let shaped = boundary_before
            && GROUPS.iter().enumerate().all(|(n, &len)| {
                let ok = bytes[j..j + len].iter().all(u8::is_ascii_hexdigit) && (n == 4 || bytes[j + len] == b'-');
                j += len + 1;
                ok
            });
        let boundary_after = i + 36 == bytes.len() || !bytes[i + 36].is_ascii_alphanumeric();
        if shaped && boundary_after {
            found.push(i);
            i += 36;
        } else {
            i += 1;
        }
    }
    found
}

/// One log line: time, the stream's last characters, the message; platform
/// lines and errors styled; the search term highlighted.
fn log_row(log: &crate::app::LogLine, search: Option<&str>) -> Line<'static> {
    use crate::app::LineKind;
    let style = match log.kind {
        LineKind::Start | LineKind::End => DIM,
        LineKind::Report => Style::new().fg(Color::Cyan),
        LineKind::Error => Style::new().fg(FAIL),
        LineKind::Plain => Style::new(),
    };
    let stream_tail: String = log
        .stream
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut spans = vec![
        Span::styled(format!("{} ", time_of_day(log.timestamp, true)), DIM),
        Span::styled(format!("{stream_tail} "), Style::new().fg(Color::DarkGray)),
    ];
    spans.extend(highlighted(&log.text, style, search));
    Line::from(spans)
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let line = match &app.status {
        Some(status) => Line::from(Span::styled(
            format!(" {}", sanitize(&status.text)),
            if status.is_error {
                Style::new().fg(FAIL).bold()
            } else {
                Style::new().fg(ACCENT)
            },
        )),
        None => Line::from(Span::styled(
            match app.focus {
                Pane::Functions if app.functions.filter_editing => " type to filter · Enter keep · Esc clear",
                Pane::Functions => " / filter · Enter edit payload · i invoke · t type · v qualifier · ? help · q quit",
                Pane::Payload => " Ctrl-R invoke · Ctrl-F format · Esc leave editor · Tab next pane",
                Pane::Response => " j/k scroll · [ ] older/newer response · s save body · i invoke again · ? help",
                Pane::Invocations => " j/k move · Enter response · l its logs · e edit payload · R re-run · ? help",
                Pane::Logs => " space follow/freeze · T/s range · p pattern · / search · n next · w wrap · c clear",
            },
            DIM,
        )),
    };
    frame.render_widget(line, area);
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

fn draw_connection_failure(frame: &mut Frame, message: &str, area: Rect) {
    let popup = centered(area, 72, 9);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(FAIL))
        .title(Span::styled(" Cannot reach AWS ", Style::new().fg(FAIL).bold()));
    let text = vec![
        Line::raw(sanitize(message).into_owned()),
        Line::raw(""),
        Line::styled("Fix it and restart; q quits.", DIM),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), popup);
}

fn draw_templates(frame: &mut Frame, cursor: usize, area: Rect) {
    let templates = crate::templates::TEMPLATES;
    let popup = centered(area, 60, templates.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let rows = templates.iter().enumerate().map(|(i, (name, _))| {
        let style = if i == cursor {
            Style::new().fg(Color::Black).bg(ACCENT)
        } else {
            Style::new()
        };
        Row::new([Cell::from(*name)]).style(style)
    });
    let table = Table::new(rows, [Constraint::Fill(1)]).block(
        Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(Style::new().fg(ACCENT))
            .title(Span::styled(" Event templates ", Style::new().bold()))
            .title_bottom(Line::from(" Enter loads into the editor · Esc closes ").alignment(Alignment::Right)),
    );
    frame.render_widget(table, popup);
}

fn draw_help(frame: &mut Frame, area: Rect) {
    let height = KEY_BINDINGS.len() as u16 + 4;
    let popup = centered(area, 76, height);
    frame.render_widget(Clear, popup);
    let rows = KEY_BINDINGS.iter().map(|(keys, what)| {
        Row::new([
            Cell::from(*keys).style(Style::new().fg(Color::Yellow)),
            Cell::from(*what),
        ])
    });
    let table = Table::new(rows, [Constraint::Length(16), Constraint::Fill(1)]).block(
        Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(Style::new().fg(ACCENT))
            .title(Span::styled(" Keys ", Style::new().bold()))
            .title_bottom(Line::from(" Esc or ? closes ").alignment(Alignment::Right)),
    );
    frame.render_widget(table, popup);
}

#[cfg(test)]
mod highlight_tests {
    use super::*;

    #[test]
    fn request_ids_and_the_search_term_stand_out() {
        let id = "0d281191-ead7-4600-972b-897e3d1e639b";
        let text = format!("START RequestId: {id} Version: 1 and x{id}");
        assert_eq!(uuid_positions(&text), vec![17], "a UUID glued to a word is not one");
        let spans = highlighted(&text, Style::new(), Some("Version"));
        let styled: Vec<(&str, Option<Color>)> = spans.iter().map(|s| (s.content.as_ref(), s.style.fg)).collect();
        assert_eq!(styled[1], (id, Some(Color::Magenta)));
        assert_eq!(styled[3], ("Version", Some(Color::Black)));
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, text);
        assert!(uuid_positions("é日本 short").is_empty());
    }
}

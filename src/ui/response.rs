//! The response pane: status, REPORT figures, function error, body, log tail.
//! Lines are produced for the visible window only, so a 6 MB body scrolls freely.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{invocation_state, json, mark, pane_block, wrap_words};
use crate::action::Action;
use crate::app::{App, Invocation, InvocationState, Pane};
use crate::model::{BodyView, InvokeOutcome, InvokeType};
use crate::report::{PlatformLine, Report};
use crate::sanitize::sanitize;
use crate::theme::{Role, Theme};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let count = app.invocations.list.len();
    let position = match app.response.shown {
        Some(i) if count > 1 => format!("{} of {count} ", i + 1),
        _ => String::new(),
    };
    let mut title = vec![Span::styled(position, app.theme.dim())];
    if let Some(search) = &app.response.search {
        let found = match (app.response.found, app.shown_invocation()) {
            (Some(found), Some(inv)) if found.invocation == inv.id => {
                format!(" ({} of {})", found.ordinal, found.count)
            }
            _ => String::new(),
        };
        title.push(Span::styled(
            format!("search {}{found} ", sanitize(search)),
            app.theme.fg(Role::RequestId),
        ));
    }
    let block = pane_block(app, Pane::Response, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(inv) = app.shown_invocation() else {
        let text = format!(
            "No response yet. Pick a function, write a payload, press {}.",
            app.key_label(Action::Invoke)
        );
        frame.render_widget(Paragraph::new(text).style(app.theme.dim()), inner);
        return;
    };
    let height = inner.height as usize;
    let (lines, _) = response_lines(app, inv, app.response.scroll, height, inner.width as usize);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines of a response from `scroll` (clamped), at most `count` of them,
/// and the total line count. The head (status, error, figures) is wrapped at
/// `width`, so an error's hint is never cut off; the body is not.
pub fn response_lines(
    app: &App,
    inv: &Invocation,
    scroll: usize,
    count: usize,
    width: usize,
) -> (Vec<Line<'static>>, usize) {
    let head = head_lines(app, inv, width);
    let (body, tail): (&BodyView, &[String]) = match &inv.state {
        InvocationState::Done(outcome) => (&outcome.body, &outcome.log_tail),
        _ => (&BodyView::None, &[]),
    };
    let theme = &app.theme;
    let mut tail_lines: Vec<Line<'static>> = Vec::new();
    if !tail.is_empty() {
        tail_lines.push(rule(theme, "Log tail (last 4 KB)"));
        tail_lines.extend(tail.iter().map(|l| log_line(theme, l)));
    }
    tail_lines.extend(request_lines(app, inv));
    let total = head.len() + body.line_count() + tail_lines.len();
    let start = scroll.min(total.saturating_sub(count));
    let end = (start + count).min(total);
    let mut out = Vec::with_capacity(end - start);
    for index in start..end {
        if index < head.len() {
            out.push(head[index].clone());
        } else if index < head.len() + body.line_count() {
            let line = body_line(theme, body, index - head.len());
            out.push(match app.response.search.as_deref() {
                Some(term) => mark(line, term, theme.filled(Role::Highlight)),
                None => line,
            });
        } else {
            out.push(tail_lines[index - head.len() - body.line_count()].clone());
        }
    }
    (out, total)
}

/// The rows above the body: status, error, figures, wrapped at `width`.
fn head_lines(app: &App, inv: &Invocation, width: usize) -> Vec<Line<'static>> {
    let mut head = summary(app, inv);
    if let InvocationState::Done(outcome) = &inv.state {
        head.extend(outcome_head(app, inv, outcome));
    }
    head.into_iter().flat_map(|line| wrap_words(line, width)).collect()
}

/// How many rows come before the body at `width`: a search scrolls past them.
pub fn head_rows(app: &App, inv: &Invocation, width: usize) -> usize {
    head_lines(app, inv, width).len()
}

fn summary(app: &App, inv: &Invocation) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (state, style) = invocation_state(app, inv);
    let qualifier = inv.request.qualifier.as_deref().unwrap_or("$LATEST");
    let mut first = vec![
        Span::styled(format!("{state} "), style.bold()),
        Span::styled(
            format!("{}:{}", sanitize(&inv.request.function), sanitize(qualifier)),
            Style::new().bold(),
        ),
        Span::styled(format!("  {}", inv.request.invoke_type.as_str()), theme.dim()),
    ];
    if let Some(elapsed) = inv.elapsed {
        first.push(Span::styled(
            format!("  round trip {} ms", elapsed.as_millis()),
            theme.dim(),
        ));
    }
    let mut lines = vec![Line::from(first)];
    if let InvocationState::Failed(error) = &inv.state {
        lines.push(Line::from(Span::styled(
            sanitize(error).into_owned(),
            theme.fg(Role::Error),
        )));
        lines.push(Line::from(Span::styled(
            "The call failed before the function answered; nothing was retried.",
            theme.dim(),
        )));
    }
    lines
}

/// Request lines shown at most; `e` in the invocations pane loads all of it.
const REQUEST_PREVIEW_LINES: usize = 100;
/// Only this much of the payload is looked at per frame: a 6 MB request must
/// not be decoded on every draw.
const REQUEST_PREVIEW_BYTES: usize = 16 * 1024;

/// The payload that was sent, so an old response can be read beside its request.
fn request_lines(app: &App, inv: &Invocation) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let payload = &inv.request.payload;
    let head = String::from_utf8_lossy(&payload[..payload.len().min(REQUEST_PREVIEW_BYTES)]);
    let mut lines = vec![rule(theme, &format!("Request ({} bytes)", payload.len()))];
    if payload.is_empty() {
        lines.push(Line::styled("(no payload)", theme.dim()));
    }
    lines.extend(
        head.lines()
            .take(REQUEST_PREVIEW_LINES)
            .map(|l| Line::raw(sanitize(l).into_owned())),
    );
    if payload.len() > REQUEST_PREVIEW_BYTES || head.lines().nth(REQUEST_PREVIEW_LINES).is_some() {
        lines.push(Line::styled(
            format!(
                "… more: {} in the Invocations pane ({}) loads it into the editor",
                app.key_label(Action::EditInvocation),
                app.key_label(Action::FocusInvocations)
            ),
            theme.dim(),
        ));
    }
    lines
}

/// What the log group says of an Event invocation, and the retry settings.
fn async_lines(app: &App, inv: &Invocation) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (state, style) = invocation_state(app, inv);
    let mut lines = vec![Line::from(vec![
        Span::styled("followed in ", theme.dim()),
        Span::raw(sanitize(&inv.log_group).into_owned()),
        Span::styled(": ", theme.dim()),
        Span::styled(state, style.bold()),
    ])];
    if let Some(crate::tail::AsyncState::RetryPending { reason, .. } | crate::tail::AsyncState::Failed { reason, .. }) =
        &inv.async_state
    {
        lines.push(Line::from(vec![
            Span::styled("last failure ", theme.dim()),
            Span::styled(sanitize(reason).into_owned(), theme.fg(Role::Error)),
        ]));
    }
    if let Some(config) = app.event_configs.get(&inv.request.function) {
        let destination = |d: &Option<String>| {
            d.as_deref()
                .map(|d| sanitize(d).into_owned())
                .unwrap_or_else(|| "none".into())
        };
        lines.push(Line::from(Span::styled(
            format!(
                "retries {} · maximum event age {} s",
                config.maximum_retry_attempts, config.maximum_event_age_seconds
            ),
            theme.dim(),
        )));
        for (label, target) in [("on success", &config.on_success), ("on failure", &config.on_failure)] {
            lines.push(Line::from(Span::styled(
                format!("{label} {}", destination(target)),
                theme.dim(),
            )));
        }
    }
    if let Some(report) = &inv.async_report {
        let failed = matches!(
            inv.async_state,
            Some(crate::tail::AsyncState::RetryPending { .. } | crate::tail::AsyncState::Failed { .. })
        );
        lines.extend(report_lines(theme, report, failed));
    }
    lines
}

fn outcome_head(app: &App, inv: &Invocation, o: &InvokeOutcome) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = Vec::new();
    let status_style = if o.succeeded() {
        theme.fg(Role::Ok)
    } else {
        theme.fg(Role::Error)
    };
    let mut status = vec![
        Span::styled("HTTP ", theme.dim()),
        Span::styled(o.status_code.to_string(), status_style.bold()),
    ];
    if let Some(version) = &o.executed_version {
        status.push(Span::styled("  executed version ", theme.dim()));
        status.push(Span::raw(version.clone()));
    }
    if let Some(id) = &o.request_id {
        status.push(Span::styled("  request id ", theme.dim()));
        status.push(Span::raw(id.clone()));
    }
    if o.throttle_retries > 0 {
        status.push(Span::styled(
            format!("  throttled {}× then retried", o.throttle_retries),
            theme.fg(Role::Warning),
        ));
    }
    lines.push(Line::from(status));
    match inv.request.invoke_type {
        InvokeType::Event => {
            lines.push(Line::from(Span::styled(
                "Accepted (202): queued for asynchronous execution. Lambda does not report how it ends: its log group does.",
                theme.fg(Role::Warning),
            )));
            lines.extend(async_lines(app, inv));
        }
        InvokeType::DryRun => lines.push(Line::from(Span::styled(
            "Dry run (204): the caller may invoke this function and the request is valid. The function did not run.",
            theme.fg(Role::Ok),
        ))),
        InvokeType::RequestResponse => {}
    }
    if let Some(report) = &o.report {
        lines.extend(report_lines(theme, report, o.function_error.is_some()));
    }
    if let Some(err) = &o.function_error {
        lines.push(Line::from(vec![
            Span::styled(format!("✘ {} function error", err.kind), theme.fg(Role::Error).bold()),
            Span::styled(" (HTTP 200, but the function failed)", theme.dim()),
        ]));
        if let Some(t) = &err.error_type {
            lines.push(Line::from(vec![
                Span::styled("  type     ", theme.dim()),
                Span::styled(t.clone(), theme.fg(Role::Error)),
            ]));
        }
        if let Some(m) = &err.error_message {
            lines.push(Line::from(vec![
                Span::styled("  message  ", theme.dim()),
                Span::raw(m.clone()),
            ]));
        }
        if !err.stack_trace.is_empty() {
            lines.push(Line::from(Span::styled("  stack trace", theme.dim())));
            lines.extend(err.stack_trace.iter().map(|frame| Line::raw(format!("    {frame}"))));
        }
    }
    let kind = match &o.body {
        BodyView::None => "empty",
        BodyView::Json(_) => "JSON",
        BodyView::Text(_) => "text",
        BodyView::Binary { .. } => "binary, not UTF-8; first 512 bytes in hex",
        BodyView::Dropped { .. } => "no longer kept",
    };
    if !matches!(o.body, BodyView::None) || inv.request.invoke_type == InvokeType::RequestResponse {
        lines.push(rule(theme, &format!("Body ({} bytes, {kind})", o.raw_body.len())));
    }
    lines
}

/// The REPORT figures on two short lines: time, then memory and status.
/// REPORT names a status only for a platform failure (timeout, out of
/// memory): "ok" is said only when the function did not fail either.
fn report_lines(theme: &Theme, r: &Report, function_failed: bool) -> [Line<'static>; 2] {
    // Labelled figures, the missing ones left out.
    let figures = |pairs: &[(&str, Option<String>)]| -> Vec<Span<'static>> {
        pairs
            .iter()
            .filter_map(|(label, value)| Some((label, value.as_ref()?)))
            .flat_map(|(label, value)| {
                [
                    Span::styled(format!("{label} "), theme.dim()),
                    Span::styled(format!("{value}  "), Style::new().bold()),
                ]
            })
            .collect()
    };
    let time = figures(&[
        ("Duration", r.duration_ms.map(|d| format!("{d:.2} ms"))),
        ("Billed", r.billed_duration_ms.map(|d| format!("{d} ms"))),
        ("Init", r.init_duration_ms.map(|d| format!("{d:.2} ms"))),
    ]);
    let mut memory = figures(&[
        ("Max memory used", r.max_memory_used_mb.map(|m| format!("{m} MB"))),
        ("of", r.memory_size_mb.map(|m| format!("{m} MB"))),
    ]);
    let status = match &r.status {
        Some(status) => Some((sanitize(status).into_owned(), theme.fg(Role::Error).bold())),
        None if function_failed => None,
        None => Some(("ok".to_string(), theme.fg(Role::Ok))),
    };
    if let Some((status, style)) = status {
        memory.push(Span::styled("Status ", theme.dim()));
        memory.push(Span::styled(status, style));
    }
    [Line::from(time), Line::from(memory)]
}

fn rule(theme: &Theme, title: &str) -> Line<'static> {
    Line::from(Span::styled(format!("── {title} ──"), theme.dim()))
}

fn body_line(theme: &Theme, body: &BodyView, index: usize) -> Line<'static> {
    match body {
        BodyView::Json(lines) => json::highlight(theme, lines.get(index)),
        BodyView::Text(lines) => Line::raw(lines.get(index).to_string()),
        BodyView::Binary { hex_lines } => Line::styled(hex_lines[index].clone(), theme.dim()),
        BodyView::Dropped { .. } => Line::styled(
            "(let go to keep the console's memory within bounds: s saved nothing; invoke again to see it)",
            theme.dim(),
        ),
        BodyView::None => Line::default(),
    }
}

/// Platform lines (START, END, REPORT) stand out from the function's own output.
fn log_line(theme: &Theme, line: &str) -> Line<'static> {
    match PlatformLine::parse(line) {
        Some(PlatformLine::Report(_)) => Line::styled(line.to_string(), theme.fg(Role::LogReport)),
        Some(_) => Line::styled(line.to_string(), theme.fg(Role::LogStart)),
        None => Line::raw(line.to_string()),
    }
}

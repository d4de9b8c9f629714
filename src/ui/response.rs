//! The response pane: status, REPORT figures, function error, body, log tail.
//! Lines are produced for the visible window only, so a 6 MB body scrolls freely.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{DIM, FAIL, OK, invocation_state, json, pane_block};
use crate::app::{App, Invocation, InvocationState, Pane};
use crate::model::{BodyView, InvokeOutcome, InvokeType};
use crate::report::{PlatformLine, Report};
use crate::sanitize::sanitize;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let position = match app.shown_invocation {
        Some(i) if app.invocations.len() > 1 => format!("{} of {} ", i + 1, app.invocations.len()),
        _ => String::new(),
    };
    let block = pane_block(app, Pane::Response, Line::from(Span::styled(position, DIM)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(inv) = app.shown() else {
        frame.render_widget(
            Paragraph::new("No response yet. Pick a function, write a payload, press Ctrl-R.").style(DIM),
            inner,
        );
        return;
    };
    let height = inner.height as usize;
    let (lines, _) = response_lines(app, inv, app.response_scroll, height);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines of a response from `scroll` (clamped), at most `count` of them,
/// and the total line count.
pub fn response_lines(app: &App, inv: &Invocation, scroll: usize, count: usize) -> (Vec<Line<'static>>, usize) {
    let mut head = summary(app, inv);
    let (body, tail): (&BodyView, &[String]) = match &inv.state {
        InvocationState::Done(outcome) => {
            head.extend(outcome_head(app, inv, outcome));
            (&outcome.body, &outcome.log_tail)
        }
        _ => (&BodyView::None, &[]),
    };
    let mut tail_lines: Vec<Line<'static>> = Vec::new();
    if !tail.is_empty() {
        tail_lines.push(rule("Log tail (last 4 KB)"));
        tail_lines.extend(tail.iter().map(|l| log_line(l)));
    }
    tail_lines.extend(request_lines(inv));
    let total = head.len() + body.line_count() + tail_lines.len();
    let start = scroll.min(total.saturating_sub(count));
    let end = (start + count).min(total);
    let mut out = Vec::with_capacity(end - start);
    for index in start..end {
        if index < head.len() {
            out.push(head[index].clone());
        } else if index < head.len() + body.line_count() {
            out.push(body_line(body, index - head.len()));
        } else {
            out.push(tail_lines[index - head.len() - body.line_count()].clone());
        }
    }
    (out, total)
}

fn summary(app: &App, inv: &Invocation) -> Vec<Line<'static>> {
    let (state, style) = invocation_state(app, inv);
    let qualifier = inv.request.qualifier.as_deref().unwrap_or("$LATEST");
    let mut first = vec![
        Span::styled(format!("{state} "), style.bold()),
        Span::styled(
            format!("{}:{}", sanitize(&inv.request.function), sanitize(qualifier)),
            Style::new().bold(),
        ),
        Span::styled(format!("  {}", inv.request.invoke_type.as_str()), DIM),
    ];
    if let Some(elapsed) = inv.elapsed {
        first.push(Span::styled(format!("  round trip {} ms", elapsed.as_millis()), DIM));
    }
    let mut lines = vec![Line::from(first)];
    if let InvocationState::Failed(error) = &inv.state {
        lines.push(Line::from(Span::styled(
            sanitize(error).into_owned(),
            Style::new().fg(FAIL),
        )));
        lines.push(Line::from(Span::styled(
            "The call failed before the function answered; nothing was retried.",
            DIM,
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
fn request_lines(inv: &Invocation) -> Vec<Line<'static>> {
    let payload = &inv.request.payload;
    let head = String::from_utf8_lossy(&payload[..payload.len().min(REQUEST_PREVIEW_BYTES)]);
    let mut lines = vec![rule(&format!("Request ({} bytes)", payload.len()))];
    if payload.is_empty() {
        lines.push(Line::styled("(no payload)", DIM));
    }
    lines.extend(
        head.lines()
            .take(REQUEST_PREVIEW_LINES)
            .map(|l| Line::raw(sanitize(l).into_owned())),
    );
    if payload.len() > REQUEST_PREVIEW_BYTES || head.lines().nth(REQUEST_PREVIEW_LINES).is_some() {
        lines.push(Line::styled(
            "… more: e in the Invocations pane (4) loads it into the editor",
            DIM,
        ));
    }
    lines
}

/// What the log group says of an Event invocation, and the retry settings.
fn async_lines(app: &App, inv: &Invocation) -> Vec<Line<'static>> {
    let (state, style) = invocation_state(app, inv);
    let mut lines = vec![Line::from(vec![
        Span::styled("followed in ", DIM),
        Span::raw(sanitize(&inv.log_group).into_owned()),
        Span::styled(": ", DIM),
        Span::styled(state, style.bold()),
    ])];
    if let Some(crate::tail::AsyncState::RetryPending { reason, .. } | crate::tail::AsyncState::Failed { reason, .. }) =
        &inv.async_state
    {
        lines.push(Line::from(vec![
            Span::styled("last failure ", DIM),
            Span::styled(sanitize(reason).into_owned(), Style::new().fg(FAIL)),
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
            DIM,
        )));
        for (label, target) in [("on success", &config.on_success), ("on failure", &config.on_failure)] {
            lines.push(Line::from(Span::styled(
                format!("{label} {}", destination(target)),
                DIM,
            )));
        }
    }
    if let Some(report) = &inv.async_report {
        lines.extend(report_lines(report));
    }
    lines
}

fn outcome_head(app: &App, inv: &Invocation, o: &InvokeOutcome) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let status_style = if o.succeeded() {
        Style::new().fg(OK)
    } else {
        Style::new().fg(FAIL)
    };
    let mut status = vec![
        Span::styled("HTTP ", DIM),
        Span::styled(o.status_code.to_string(), status_style.bold()),
    ];
    if let Some(version) = &o.executed_version {
        status.push(Span::styled("  executed version ", DIM));
        status.push(Span::raw(version.clone()));
    }
    if let Some(id) = &o.request_id {
        status.push(Span::styled("  request id ", DIM));
        status.push(Span::raw(id.clone()));
    }
    if o.throttle_retries > 0 {
        status.push(Span::styled(
            format!("  throttled {}× then retried", o.throttle_retries),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::from(status));
    match inv.request.invoke_type {
        InvokeType::Event => {
            lines.push(Line::from(Span::styled(
                "Accepted (202): queued for asynchronous execution. Lambda does not report how it ends: its log group does.",
                Style::new().fg(Color::Yellow),
            )));
            lines.extend(async_lines(app, inv));
        }
        InvokeType::DryRun => lines.push(Line::from(Span::styled(
            "Dry run (204): the caller may invoke this function and the request is valid. The function did not run.",
            Style::new().fg(OK),
        ))),
        InvokeType::RequestResponse => {}
    }
    if let Some(report) = &o.report {
        lines.extend(report_lines(report));
    }
    if let Some(err) = &o.function_error {
        lines.push(Line::from(vec![
            Span::styled(format!("✘ {} function error", err.kind), Style::new().fg(FAIL).bold()),
            Span::styled(" (HTTP 200, but the function failed)", DIM),
        ]));
        if let Some(t) = &err.error_type {
            lines.push(Line::from(vec![
                Span::styled("  type     ", DIM),
                Span::styled(t.clone(), Style::new().fg(FAIL)),
            ]));
        }
        if let Some(m) = &err.error_message {
            lines.push(Line::from(vec![Span::styled("  message  ", DIM), Span::raw(m.clone())]));
        }
        if !err.stack_trace.is_empty() {
            lines.push(Line::from(Span::styled("  stack trace", DIM)));
            lines.extend(err.stack_trace.iter().map(|frame| Line::raw(format!("    {frame}"))));
        }
    }
    let kind = match &o.body {
        BodyView::None => "empty",
        BodyView::Json(_) => "JSON",
        BodyView::Text(_) => "text",
        BodyView::Binary { .. } => "binary, not UTF-8; first 512 bytes in hex",
    };
    if !matches!(o.body, BodyView::None) || inv.request.invoke_type == InvokeType::RequestResponse {
        lines.push(rule(&format!("Body ({} bytes, {kind})", o.raw_body.len())));
    }
    lines
}

/// The REPORT figures on two short lines: time, then memory and status.
fn report_lines(r: &Report) -> [Line<'static>; 2] {
    // Labelled figures, the missing ones left out.
    let figures = |pairs: &[(&str, Option<String>)]| -> Vec<Span<'static>> {
        pairs
            .iter()
            .filter_map(|(label, value)| Some((label, value.as_ref()?)))
            .flat_map(|(label, value)| {
                [
                    Span::styled(format!("{label} "), DIM),
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
    let status = r.status.clone().unwrap_or_else(|| "ok".into());
    let style = if r.status.is_some() {
        Style::new().fg(FAIL).bold()
    } else {
        Style::new().fg(OK)
    };
    memory.push(Span::styled("Status ", DIM));
    memory.push(Span::styled(sanitize(&status).into_owned(), style));
    [Line::from(time), Line::from(memory)]
}

fn rule(title: &str) -> Line<'static> {
    Line::from(Span::styled(format!("── {title} ──"), DIM))
}

fn body_line(body: &BodyView, index: usize) -> Line<'static> {
    match body {
        BodyView::Json(lines) => json::highlight(&lines[index]),
        BodyView::Text(lines) => Line::raw(lines[index].clone()),
        BodyView::Binary { hex_lines } => Line::styled(hex_lines[index].clone(), DIM),
        BodyView::None => Line::default(),
    }
}

/// Platform lines (START, END, REPORT) stand out from the function's own output.
pub fn log_line(line: &str) -> Line<'static> {
    match PlatformLine::parse(line) {
        Some(PlatformLine::Report(_)) => Line::styled(line.to_string(), Style::new().fg(Color::Cyan)),
        Some(_) => Line::styled(line.to_string(), DIM),
        None => Line::raw(line.to_string()),
    }
}

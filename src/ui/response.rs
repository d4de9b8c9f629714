//! The response pane: status, REPORT figures, function error, body, log tail.
//! Lines are produced for the visible window only, so a 6 MB body scrolls freely.
//! Over 500 lines: the head, body, log tail and request are drawn from one
//! row-based window; split, each part would need that window's arithmetic.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{cut_into_rows, invocation_state, json, mark, pane_block, wrap_words};
use crate::action::Action;
use crate::app::{App, Invocation, InvocationState, Move, Pane};
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
    let mut title = vec![];
    if let Some(search) = &app.response.search {
        let found = match (app.response.found, app.shown_invocation()) {
            (Some(found), Some(inv)) if found.invocation == inv.id => match found.count {
                1 => " (the 1 line)".to_string(),
                count => format!(" (line {} of {count})", found.ordinal),
            },
            _ => format!(" ({} finds)", app.key_label(Action::NextMatch)),
        };
        title.push(Span::styled(
            format!("search {}{found} ", super::abbreviated(&sanitize(search), 24)),
            app.theme.fg(Role::RequestId),
        ));
    }
    title.push(Span::styled(position, app.theme.dim()));
    // Following the newest chunk, the pane's first lines scroll away: the
    // title says a stream is still coming.
    if app.shown_invocation().is_some_and(|inv| inv.is_streaming()) {
        title.push(Span::styled("streaming… ", app.theme.fg(Role::Accent)));
    }
    if !app.response.wrap {
        title.push(Span::styled(
            format!("cut at the edge ({} wraps) ", app.key_label(Action::ToggleWrap)),
            app.theme.dim(),
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
    let doc = ResponseDoc::new(app, inv, inner.width as usize);
    let mut at = (app.response.top, app.response.top_row);
    // A stream being read follows its newest chunk, until the reader scrolls.
    if inv.is_streaming() && app.response.follow {
        at = doc.last_page(inner.height as usize);
    }
    let rows = doc.window(at, inner.height as usize);
    frame.render_widget(Paragraph::new(rows), inner);
}

/// A body line longer than this shows its start only: colouring, marking or
/// wrapping a 6 MB line on every frame would stall the screen (`s` saves it
/// whole). Head lines (an error's message) are held to less.
const MAX_LINE_BYTES: usize = 64 * 1024;
const MAX_HEAD_LINE_BYTES: usize = 4 * 1024;

/// A response laid out as items (the head's rows, the body's lines, the log
/// tail and the request), each one row or, wrapped, several. Only the
/// items on screen are ever drawn, so a 6 MB body scrolls freely. The draw
/// and the app's scrolling both use it, so they agree on every row.
pub struct ResponseDoc<'a> {
    app: &'a App,
    /// Status, error and figures, already wrapped at the width: an error's
    /// hint is never cut off.
    head: Vec<Line<'static>>,
    body: &'a BodyView,
    tail: Vec<Line<'static>>,
    width: usize,
    row_counts: std::cell::RefCell<std::collections::HashMap<usize, usize>>,
}

/// A place in the response: an item and a row within it.
pub type RowPosition = (usize, usize);

impl<'a> ResponseDoc<'a> {
    pub fn new(app: &'a App, inv: &'a Invocation, width: usize) -> ResponseDoc<'a> {
        let theme = &app.theme;
        let (body, log_tail): (&BodyView, &[String]) = match (&inv.state, &inv.stream) {
            (InvocationState::Done(outcome), _) => (&outcome.body, &outcome.log_tail),
            (InvocationState::InFlight | InvocationState::Failed(_), Some(stream)) => (&stream.view, &[]),
            _ => (&BodyView::None, &[]),
        };
        let mut tail = Vec::new();
        if !log_tail.is_empty() {
            tail.push(rule(theme, "Log tail (last 4 KB)"));
            tail.extend(log_tail.iter().map(|l| log_line(theme, l)));
        }
        // While a stream runs its newest chunk ends the page, not the request.
        if inv.stream.is_none() {
            tail.extend(request_lines(app, inv));
        }
        ResponseDoc {
            app,
            head: head_lines(app, inv, width),
            body,
            tail,
            width: width.max(1),
            row_counts: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.head.len() + self.body.line_count() + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn head_len(&self) -> usize {
        self.head.len()
    }

    /// The rows item `index` takes on screen.
    pub fn rows(&self, index: usize) -> Vec<Line<'static>> {
        let theme = &self.app.theme;
        let body_lines = self.body.line_count();
        let line = if index < self.head.len() {
            return vec![self.head[index].clone()];
        } else if index < self.head.len() + body_lines {
            // Cut before it is coloured, marked or wrapped: a 6 MB line must
            // cost no more than 64 KB of work per frame.
            let line = body_line(theme, self.body, index - self.head.len(), MAX_LINE_BYTES);
            match self.app.response.search.as_deref() {
                Some(term) => mark(line, term, theme.filled(Role::Highlight)),
                None => line,
            }
        } else {
            match self.tail.get(index - self.head.len() - body_lines) {
                Some(line) => line.clone(),
                None => return Vec::new(),
            }
        };
        if !self.app.response.wrap {
            return vec![line];
        }
        cut_into_rows(line, self.width)
    }

    /// How many rows item `index` takes, worked out once per item: moving
    /// a page asks again and again.
    fn row_count(&self, index: usize) -> usize {
        *self
            .row_counts
            .borrow_mut()
            .entry(index)
            .or_insert_with(|| self.rows(index).len())
    }

    /// Where the last page starts: the view never scrolls past the end.
    pub fn last_page(&self, height: usize) -> RowPosition {
        let mut needed = height.max(1);
        for index in (0..self.len()).rev() {
            let rows = self.row_count(index).max(1);
            if rows >= needed {
                return (index, rows - needed);
            }
            needed -= rows;
        }
        (0, 0)
    }

    /// `at`, moved by `step` (pages of `height` rows), within the response.
    pub fn moved(&self, at: RowPosition, step: Move, height: usize) -> RowPosition {
        let last = self.last_page(height);
        let at = at.min(last);
        let down = |(item, row): RowPosition| {
            if row + 1 < self.row_count(item) {
                (item, row + 1)
            } else if item + 1 < self.len() {
                (item + 1, 0)
            } else {
                (item, row)
            }
        };
        let up = |(item, row): RowPosition| match (item, row) {
            (_, 1..) => (item, row - 1),
            (0, 0) => (0, 0),
            _ => (item - 1, self.row_count(item - 1).saturating_sub(1)),
        };
        let moved = match step {
            Move::Up => up(at),
            Move::Down => down(at),
            Move::PageUp => (0..height.max(1)).fold(at, |p, _| up(p)),
            Move::PageDown => (0..height.max(1)).fold(at, |p, _| down(p).min(last)),
            Move::Top => (0, 0),
            Move::Bottom => last,
        };
        moved.min(last)
    }

    /// `height` rows from `at` (kept within the last page).
    pub fn window(&self, at: RowPosition, height: usize) -> Vec<Line<'static>> {
        let (item, row) = at.min(self.last_page(height));
        let mut out = Vec::with_capacity(height);
        for index in item..self.len() {
            let rows = self.rows(index);
            let skip = if index == item { row } else { 0 };
            out.extend(rows.into_iter().skip(skip));
            if out.len() >= height {
                break;
            }
        }
        out.truncate(height);
        out
    }
}

/// The start of `text` within `max_bytes` (on a character boundary), and
/// how many bytes were left out.
fn within(text: &str, max_bytes: usize) -> (&str, usize) {
    if text.len() <= max_bytes {
        return (text, 0);
    }
    let cut = (0..=max_bytes).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    (&text[..cut], text.len() - cut)
}

/// What a cut line says of the rest.
fn left_out(theme: &Theme, bytes: usize) -> Span<'static> {
    Span::styled(format!(" … ({bytes} more bytes: s saves the body whole)"), theme.dim())
}

/// `line` held to `max_bytes` of text, saying how much was left out.
fn shortened(theme: &Theme, line: Line<'static>, max_bytes: usize) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| s.content.len()).sum();
    if total <= max_bytes {
        return line;
    }
    let mut room = max_bytes;
    let mut spans = Vec::new();
    for span in line.spans {
        let (kept, _) = within(&span.content, room);
        room -= kept.len();
        spans.push(Span::styled(kept.to_string(), span.style));
        if room == 0 || kept.len() < span.content.len() {
            break;
        }
    }
    let kept: usize = spans.iter().map(|s| s.content.len()).sum();
    spans.push(left_out(theme, total - kept));
    Line::from(spans)
}

/// The rows above the body: status, error, figures, wrapped at `width`.
fn head_lines(app: &App, inv: &Invocation, width: usize) -> Vec<Line<'static>> {
    let mut head = summary(app, inv);
    if let InvocationState::Done(outcome) = &inv.state {
        head.extend(outcome_head(app, inv, outcome));
    }
    if let Some(stream) = &inv.stream {
        let ended = !matches!(inv.state, InvocationState::InFlight);
        head.extend(stream_lines(&app.theme, Some(stream), ended));
    }
    // A 3 MB errorMessage is shown by its start: the body holds it whole.
    head.into_iter()
        .flat_map(|line| wrap_words(shortened(&app.theme, line, MAX_HEAD_LINE_BYTES), width))
        .collect()
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
    if inv.place != app.history_place {
        first.push(Span::styled(
            format!("  sent on {}", crate::store::describe_place(&inv.place)),
            theme.fg(Role::Warning),
        ));
    }
    if inv.earlier {
        let sent = inv
            .sent_wall
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        first.push(Span::styled(
            format!("  from an earlier run, sent {} UTC", crate::model::day_and_time(sent)),
            theme.fg(Role::Accent),
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
    if let Some(encoded) = &inv.request.client_context {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|_| encoded.clone());
        lines.push(Line::from(vec![
            Span::styled("client context ", theme.dim()),
            Span::raw(sanitize(&decoded).into_owned()),
        ]));
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
    // A burst's row is no HTTP answer: its summary is its body.
    if inv.request.invoke_type == InvokeType::Burst {
        let live = app.burst.as_ref().is_some_and(|b| b.id == inv.id);
        lines.push(Line::from(Span::styled(
            if live {
                "A burst: its summary below. b shows it again, and s there exports each call."
            } else {
                "A burst: its summary below (each call was exportable with s while it was the last burst)."
            },
            theme.dim(),
        )));
        return lines;
    }
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
        InvokeType::Stream => lines.extend(stream_lines(theme, o.streamed.as_deref(), true)),
        InvokeType::Url => {
            lines.extend(url_lines(theme, inv, o));
            if o.streamed.is_some() {
                lines.extend(stream_lines(theme, o.streamed.as_deref(), true));
            }
        }
        InvokeType::RequestResponse | InvokeType::Burst => {}
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
/// What a stream brought: its chunks, their times and the body's bytes,
/// and a function URL's prelude. Nothing for a stream from an earlier run
/// (its body is kept, its chunks are not).
fn stream_lines(theme: &Theme, streamed: Option<&crate::stream_view::Streamed>, ended: bool) -> Vec<Line<'static>> {
    let Some(streamed) = streamed.filter(|s| s.chunks > 0) else {
        return Vec::new();
    };
    let chunks = match streamed.chunks {
        1 => "1 chunk".to_string(),
        n => format!("{n} chunks"),
    };
    let chunks = if streamed.prelude.is_some() {
        format!("{chunks} (with the prelude)")
    } else {
        chunks
    };
    let body = streamed.bytes.saturating_sub(streamed.prelude_bytes);
    let mut summary = match ended {
        true => format!("Streamed: {chunks}, {body} bytes of body"),
        false => format!("Streaming: {chunks}, {body} bytes of body so far"),
    };
    if let (Some(first), Some(last)) = (streamed.first_at, streamed.last_at) {
        summary.push_str(&format!(
            ", first at +{} ms, last at +{} ms",
            first.as_millis(),
            last.as_millis()
        ));
    }
    if streamed.truncated {
        summary.push_str(&format!(
            " (the first {} MB kept)",
            crate::stream_view::MAX_STREAM_KEPT / (1024 * 1024)
        ));
    }
    let mut lines = vec![Line::styled(summary, theme.dim())];
    if let Some(prelude) = &streamed.prelude {
        lines.push(Line::from(vec![
            Span::styled("HTTP prelude ", theme.dim()),
            Span::raw(prelude.clone()),
        ]));
    }
    lines
}

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

/// Body line `index`, its text held to `max_bytes`.
fn body_line(theme: &Theme, body: &BodyView, index: usize, max_bytes: usize) -> Line<'static> {
    let held = |text: &str, draw: &dyn Fn(&str) -> Line<'static>| {
        let (kept, more) = within(text, max_bytes);
        let mut line = draw(kept);
        if more > 0 {
            line.spans.push(left_out(theme, more));
        }
        line
    };
    match body {
        BodyView::Json(lines) => held(lines.get(index), &|text| json::highlight(theme, text)),
        BodyView::Text(lines) => held(lines.get(index), &|text| Line::raw(text.to_string())),
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

/// A URL invocation: the request as sent, then the response's headers.
fn url_lines(theme: &Theme, inv: &Invocation, o: &InvokeOutcome) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(url) = &inv.request.url {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", sanitize(&url.method)), theme.fg(Role::Highlight)),
            Span::raw(sanitize(&url.full_url()).into_owned()),
            Span::styled(
                format!(
                    "  ({}{})",
                    sanitize(&url.auth_type),
                    if url.auth_type == "AWS_IAM" {
                        ", signed with SigV4"
                    } else {
                        ""
                    }
                ),
                theme.dim(),
            ),
        ]));
    }
    for (name, value) in &o.http_headers {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", sanitize(name)), theme.dim()),
            Span::raw(sanitize(value).into_owned()),
        ]));
    }
    lines
}

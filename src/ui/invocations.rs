//! The Invocations pane: every call sent, newest first, with its figures.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::columns::Column;
use super::{pane_block, spinner};
use crate::action::Action;
use crate::app::{App, Invocation, InvocationState, Pane};
use crate::model::{InvokeType, day_and_time, time_of_day};
use crate::sanitize::sanitize;
use crate::tail::AsyncState;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let list = &app.invocations.list;
    let earlier = list.iter().filter(|i| i.earlier).count();
    let counts = match earlier {
        0 => format!("{} sent ", list.len()),
        _ => format!("{} sent · {earlier} from earlier runs ", list.len() - earlier),
    };
    let block = pane_block(app, Pane::Invocations, Line::from(Span::styled(counts, theme.dim())));
    if list.is_empty() {
        let text = format!(
            "Nothing invoked yet: {} sends the payload.",
            app.key_label(Action::Invoke)
        );
        frame.render_widget(Paragraph::new(text).style(theme.dim()).block(block), area);
        return;
    }
    // The function and its state stay; the rest gives way in a stated order.
    // With room to spare (zoomed, wide), request ids show whole.
    let inner_width = area.width.saturating_sub(2);
    let whole_ids = inner_width >= 140;
    let mut columns = COLUMNS;
    if whole_ids && let Some(ids) = columns.iter_mut().find(|c| c.title == "REQUEST ID") {
        ids.width = 36;
    }
    // Earlier runs show their day; this run's rows only the time.
    if earlier == 0
        && let Some(sent) = columns.iter_mut().find(|c| c.title == "SENT UTC")
    {
        sent.width = 8;
    }
    let shown = super::columns::fitting(&columns, inner_width, 14);
    // Only the rows in view are built, with the cursor's among them.
    let visible = area.height.saturating_sub(3).max(1) as usize;
    let top = (app.invocations.cursor + 1).saturating_sub(visible);
    let rows = list
        .iter()
        .rev()
        .enumerate()
        .skip(top)
        .take(visible)
        .map(|(row, invocation)| {
            let (mut state, style) = short_state(app, invocation);
            // The one `d` marked, waiting for the other to compare.
            if app.invocations.marked == Some(invocation.id) {
                state = format!("◆ {state}");
            }
            let report = match &invocation.state {
                InvocationState::Done(o) => o.report.clone().or_else(|| invocation.async_report.clone()),
                _ => None,
            };
            let report = report.as_ref();
            let figure = |value: Option<String>| Cell::from(value.unwrap_or_default());
            let qualifier = invocation.request.qualifier.as_deref().unwrap_or("$LATEST");
            let sent_millis = invocation
                .sent_wall
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            let sent = if invocation.earlier {
                day_and_time(sent_millis)
            } else {
                time_of_day(sent_millis, false)
            };
            let cells = [
                Cell::from(sent),
                Cell::from(format!(
                    "{}:{}{}",
                    sanitize(&invocation.request.function),
                    sanitize(qualifier),
                    // A URL call says what it asked: rows of one function differ.
                    invocation
                        .request
                        .url
                        .as_ref()
                        .map(|url| format!(" {} {}", sanitize(&url.method), sanitize(&url.path)))
                        .unwrap_or_default()
                )),
                Cell::from(invocation.request.invoke_type.short_name()),
                Cell::from(state).style(style),
                figure(report.and_then(|r| r.duration_ms).map(milliseconds)),
                figure(report.and_then(|r| r.billed_duration_ms).map(|d| match d {
                    0..1000 => format!("{d} ms"),
                    _ => milliseconds(d as f64),
                })),
                figure(report.and_then(|r| r.max_memory_used_mb).map(|m| format!("{m} MB"))),
                // Whole in the Response pane; here its start, enough to tell rows apart.
                Cell::from(super::abbreviated(
                    invocation.request_id().unwrap_or_default(),
                    if whole_ids { 36 } else { 13 },
                )),
            ];
            let mut r = super::columns::row(cells, &shown);
            if row == app.invocations.cursor {
                r = r.style(Style::new().add_modifier(Modifier::REVERSED));
            } else if invocation.earlier {
                r = r.style(theme.dim());
            }
            r
        });
    let (header, widths) = super::columns::header_and_widths(&columns, &shown);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim().bold()))
        .block(block);
    frame.render_widget(table, area);
}

/// An invocation's state in words, and its style: spelled out for the
/// Response pane.
pub fn invocation_state(app: &App, invocation: &Invocation) -> (String, Style) {
    state_label(app, invocation, false)
}

/// The state as the Invocations table shows it: abbreviated by design to
/// fit its column (`fn error`, `failed ×3`), never cut.
fn short_state(app: &App, invocation: &Invocation) -> (String, Style) {
    state_label(app, invocation, true)
}

/// The widest short state, for the table's column.
const STATE_WIDTH: u16 = 13;

const COLUMNS: [Column; 8] = [
    Column {
        title: "SENT UTC",
        width: 11,
        gives_way: 2,
    },
    Column {
        title: "FUNCTION",
        width: 0,
        gives_way: 0,
    },
    Column {
        title: "TYPE",
        width: 6,
        gives_way: 3,
    },
    Column {
        title: "STATE",
        width: STATE_WIDTH,
        gives_way: 1,
    },
    Column {
        title: "DURATION",
        width: 9,
        gives_way: 4,
    },
    Column {
        title: "BILLED",
        width: 8,
        gives_way: 6,
    },
    Column {
        title: "MAX MEM",
        width: 8,
        gives_way: 5,
    },
    Column {
        title: "REQUEST ID",
        width: 13,
        gives_way: 7,
    },
];

/// A duration that fits its column whole: `12.9 ms`, `4.00 s`.
fn milliseconds(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn state_label(app: &App, invocation: &Invocation, short: bool) -> (String, Style) {
    let theme = &app.theme;
    let pick = |long: String, brief: String| if short { brief } else { long };
    match &invocation.state {
        InvocationState::InFlight => (
            format!(
                "{} {:.1}s",
                spinner(app),
                app.now.saturating_duration_since(invocation.sent_at).as_secs_f64()
            ),
            theme.fg(Role::Accent),
        ),
        InvocationState::Failed(_) => ("call failed".into(), theme.fg(Role::Error).bold()),
        // A URL call's state is its HTTP status, as its clients see it.
        InvocationState::Done(o) if invocation.request.invoke_type == InvokeType::Url => {
            let style = match o.status_code {
                200..=399 => theme.fg(Role::Ok),
                _ => theme.fg(Role::Error).bold(),
            };
            (format!("HTTP {}", o.status_code), style)
        }
        InvocationState::Done(_) if invocation.request.invoke_type == InvokeType::Burst => {
            match invocation.headline.clone() {
                Some(headline) if headline.ends_with("ok") => (headline, theme.fg(Role::Ok)),
                Some(headline) => (headline, theme.fg(Role::Warning)),
                None => ("burst".into(), theme.dim()),
            }
        }
        InvocationState::Done(o) if o.timed_out() => ("timed out".into(), theme.fg(Role::Error).bold()),
        InvocationState::Done(o) if o.function_error.is_some() => (
            pick("function error".into(), "fn error".into()),
            theme.fg(Role::Error).bold(),
        ),
        InvocationState::Done(_) if invocation.async_state.is_some() => {
            async_state_label(app, invocation.async_state.as_ref(), short)
        }
        InvocationState::Done(o) if o.status_code == 202 => ("queued".into(), theme.fg(Role::Warning)),
        InvocationState::Done(o) if o.status_code == 204 => ("dry run ok".into(), theme.fg(Role::Ok)),
        InvocationState::Done(_) => ("succeeded".into(), theme.fg(Role::Ok)),
    }
}

fn async_state_label(app: &App, state: Option<&AsyncState>, short: bool) -> (String, Style) {
    let theme = &app.theme;
    let pick = |long: String, brief: String| if short { brief } else { long };
    let spin = spinner(app);
    match state {
        Some(AsyncState::Queued) | None => (format!("{spin} queued"), theme.fg(Role::Warning)),
        Some(AsyncState::Running { attempt: 1 }) => (format!("{spin} running"), theme.fg(Role::Accent)),
        Some(AsyncState::Running { attempt }) => (
            pick(
                format!("{spin} running retry {}", attempt - 1),
                format!("{spin} retry {}", attempt - 1),
            ),
            theme.fg(Role::Accent),
        ),
        Some(AsyncState::RetryPending { attempt, .. }) => (
            pick(
                format!("failed {}, retry due", attempts(*attempt)),
                format!("retry due ×{attempt}"),
            ),
            theme.fg(Role::Warning),
        ),
        Some(AsyncState::Succeeded { attempt: 1 }) => ("succeeded".into(), theme.fg(Role::Ok)),
        Some(AsyncState::Succeeded { attempt }) => (
            pick(
                format!("succeeded on attempt {attempt}"),
                format!("ok on try {attempt}"),
            ),
            theme.fg(Role::Ok),
        ),
        Some(AsyncState::Failed { attempt, .. }) => (
            pick(
                format!("failed after {}", attempts(*attempt)),
                format!("failed ×{attempt}"),
            ),
            theme.fg(Role::Error).bold(),
        ),
    }
}

fn attempts(count: u32) -> String {
    if count == 1 {
        "1 attempt".into()
    } else {
        format!("{count} attempts")
    }
}

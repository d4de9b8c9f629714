//! The burst form (`b`) and the burst summed up live: done of total, rate,
//! round-trip percentiles and a sparkline, the functions' durations, cold
//! starts, errors by type and throttles.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Sparkline};

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, Burst, BurstForm, percentile};
use crate::sanitize::one_line;
use crate::theme::Role;

pub(super) fn draw_form(frame: &mut Frame, app: &App, form: &BurstForm, area: Rect) {
    let popup = centered(area, area.width.saturating_sub(4).min(64), 8);
    frame.render_widget(Clear, popup);
    let target = app.functions.selected().map(|f| f.name.clone()).unwrap_or_default();
    let field = |label: &str, text: &str, focused: bool| {
        let style = if focused {
            app.theme.filled(Role::Selection)
        } else {
            app.theme.fg(Role::Highlight)
        };
        Line::from(vec![
            Span::styled(format!(" {label:<12}"), app.theme.dim()),
            Span::styled(format!(" {text} "), style),
        ])
    };
    let mut lines = vec![
        Line::styled(
            format!(" The payload in the editor, to {}", one_line(&target)),
            app.theme.dim(),
        ),
        field("calls", &form.count.text, !form.on_concurrency),
        field("at a time", &form.concurrency.text, form.on_concurrency),
    ];
    if let Some(error) = &form.error {
        lines.push(Line::styled(format!(" {error}"), app.theme.fg(Role::Error)));
    }
    let bottom = format!(
        " Tab next field · {} starts · {} cancels ",
        app.key_label(Action::Confirm),
        app.key_label(Action::Cancel)
    );
    let block = overlay_block(app, "Burst", bottom);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(burst) = &app.burst else { return };
    let popup = centered(area, area.width.saturating_sub(4).min(100), 16.min(area.height));
    frame.render_widget(Clear, popup);
    let running = burst.ended.is_none();
    let bottom = match (running, burst.stopping) {
        (true, false) => format!(
            " {} stops sending (calls in flight finish) · {} hides it (b shows it) ",
            app.key_label(Action::Cancel),
            app.key_label(Action::Confirm)
        ),
        (true, true) => format!(" stopping… {} hides it ", app.key_label(Action::Cancel)),
        (false, _) => format!(" done · {} closes ", app.key_label(Action::Cancel)),
    };
    let title = format!(
        "Burst of {} · {} calls, {} at a time",
        burst.target, burst.count, burst.concurrency
    );
    let block = overlay_block(app, &one_line(&title), bottom);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [text, spark] = Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(inner);
    frame.render_widget(
        Paragraph::new(summary(app, burst)).wrap(ratatui::widgets::Wrap { trim: false }),
        text,
    );
    // Round trips in the order they came, the newest on the right.
    let width = spark.width as usize;
    let recent: Vec<u64> = burst
        .calls
        .iter()
        .rev()
        .take(width)
        .rev()
        .map(|c| (c.round_trip_ms * 100.0) as u64)
        .collect();
    frame.render_widget(
        Sparkline::default().data(&recent).style(app.theme.fg(Role::Accent)),
        spark,
    );
}

fn summary(app: &App, burst: &Burst) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |text: &str| Span::styled(format!("{text:<14}"), theme.dim());
    let ms = |v: Option<f64>| v.map(|v| format!("{v:.1} ms")).unwrap_or_else(|| "-".into());
    let done = burst.calls.len();
    let round_trips: Vec<f64> = burst.calls.iter().map(|c| c.round_trip_ms).collect();
    let durations: Vec<f64> = burst.calls.iter().filter_map(|c| c.duration_ms).collect();
    let inits: Vec<f64> = burst.calls.iter().filter_map(|c| c.init_ms).collect();
    let throttled = burst.calls.iter().filter(|c| c.throttled).count();
    let gave_up = burst
        .calls
        .iter()
        .filter(|c| c.error.as_deref() == Some("throttled"))
        .count();
    let stopped = if burst.stopping && burst.ended.is_some() {
        "   stopped before the end"
    } else {
        ""
    };
    let errors = burst.errors();
    let error_count: usize = errors.iter().map(|(_, n)| n).sum();
    let mut lines = vec![
        Line::from(vec![
            label("done"),
            Span::styled(format!("{done}/{}", burst.count), theme.fg(Role::Highlight)),
            Span::raw(format!(
                "   {:.1} calls/s",
                burst.rate(app.now.max(std::time::Instant::now()))
            )),
            Span::styled(stopped, theme.fg(Role::Warning)),
        ]),
        Line::from(vec![
            label("round trip"),
            Span::raw(format!(
                "p50 {}   p90 {}   p99 {}   max {}",
                ms(percentile(&round_trips, 50.0)),
                ms(percentile(&round_trips, 90.0)),
                ms(percentile(&round_trips, 99.0)),
                ms(percentile(&round_trips, 100.0)),
            )),
        ]),
        Line::from(vec![
            label("Duration"),
            Span::raw(format!(
                "p50 {}   p99 {}   (the function's, from REPORT)",
                ms(percentile(&durations, 50.0)),
                ms(percentile(&durations, 99.0)),
            )),
        ]),
        Line::from(vec![
            label("cold starts"),
            Span::raw(format!(
                "{}   Init Duration p50 {}",
                inits.len(),
                ms(percentile(&inits, 50.0))
            )),
        ]),
    ];
    let mut errors_line = vec![label("errors")];
    if errors.is_empty() {
        errors_line.push(Span::styled("none", theme.fg(Role::Ok)));
    } else {
        errors_line.push(Span::styled(format!("{error_count}: "), theme.fg(Role::Error)));
        let listed: Vec<String> = errors
            .iter()
            .take(5)
            .map(|(e, n)| format!("{} ×{n}", one_line(e)))
            .collect();
        errors_line.push(Span::raw(listed.join(", ")));
    }
    lines.push(Line::from(errors_line));
    lines.push(Line::from(vec![
        label("throttles"),
        Span::raw(format!(
            "{throttled} calls throttled (retried as by hand); {gave_up} of them gave up"
        )),
    ]));
    lines
}

//! The burst form (`b`) and the burst summed up live: done of total, rate,
//! round-trip percentiles with a histogram and a sparkline, the functions'
//! durations, cold starts, errors by type, throttles with their reasons,
//! and billed GB-seconds with an estimated cost.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph, Sparkline};

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, Burst, BurstField, BurstForm, Sorted, histogram};
use crate::sanitize::one_line;
use crate::theme::Role;

pub(super) fn draw_form(frame: &mut Frame, app: &App, form: &BurstForm, area: Rect) {
    let popup = centered(area, area.width.saturating_sub(4).min(72), 9);
    frame.render_widget(Clear, popup);
    let target = match &form.qualifier {
        Some(qualifier) => format!("{}:{qualifier}", form.function),
        None => form.function.clone(),
    };
    let field = |label: &str, text: &str, field: BurstField, selected: bool| {
        super::form_field(app, label, text, form.field == field, selected)
    };
    let payloads = if form.saved_events {
        match app.burst_events(form) {
            None => "its saved events in turn (reading them…)".to_string(),
            Some(events) if events.is_empty() => "its saved events in turn (it has none)".to_string(),
            Some(events) => {
                let names: Vec<String> = events.iter().take(3).map(|e| one_line(&e.name)).collect();
                let more = if events.len() > 3 { ", …" } else { "" };
                format!("its {} saved events in turn ({}{more})", events.len(), names.join(", "))
            }
        }
    } else {
        "the payload in the editor".to_string()
    };
    let mut lines = vec![
        Line::styled(format!(" Sync calls to {}", one_line(&target)), app.theme.dim()),
        field("calls", &form.count.text, BurstField::Count, form.count.selected),
        field(
            "at a time",
            &form.concurrency.text,
            BurstField::Concurrency,
            form.concurrency.selected,
        ),
        field("sending", &payloads, BurstField::Payloads, false),
    ];
    if form.field == BurstField::Payloads {
        lines.push(Line::styled(
            " Space switches between the editor's payload and the saved events",
            app.theme.dim(),
        ));
    }
    if let Some(error) = &form.error {
        lines.push(Line::styled(format!(" {}", one_line(error)), app.theme.fg(Role::Error)));
    }
    let bottom = format!(
        " Tab next field · {} starts · {} cancels ",
        app.key_label(Action::Confirm),
        app.key_label(Action::Cancel)
    );
    let block = overlay_block(app, "Burst", bottom);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: false }),
        popup,
    );
}

pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(burst) = &app.burst else { return };
    // The header and the status line stay in view (what `s` says shows there).
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(140),
        24.min(area.height.saturating_sub(2)),
    );
    frame.render_widget(Clear, popup);
    let running = burst.ended.is_none();
    let bottom = match (running, burst.stopping) {
        (true, false) => format!(
            " {} stops sending (calls in flight finish) · {} hides it (b shows it) ",
            app.key_label(Action::Cancel),
            app.key_label(Action::Confirm)
        ),
        (true, true) => format!(" stopping… {} hides it ", app.key_label(Action::Cancel)),
        (false, _) => format!(
            " done · {} exports its calls · {} closes ",
            app.key_label(Action::ExportBurst),
            app.key_label(Action::Cancel)
        ),
    };
    let title = format!(
        "Burst of {} · {} calls, {} at a time",
        burst.target, burst.count, burst.concurrency
    );
    let block = overlay_block(app, &one_line(&title), bottom);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    // The charts give way to the figures on a short screen.
    let chart_rows = if inner.height >= 18 { 7 } else { 0 };
    let [text, charts] = Layout::vertical([Constraint::Fill(1), Constraint::Length(chart_rows)]).areas(inner);
    frame.render_widget(
        Paragraph::new(summary(app, burst)).wrap(ratatui::widgets::Wrap { trim: false }),
        text,
    );
    if chart_rows > 0 {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
            .spacing(2)
            .areas(charts);
        draw_histogram(frame, app, burst, left);
        draw_sparkline(frame, app, burst, right);
    }
}

/// A duration in milliseconds short enough for a bar's label (five
/// columns): `0.4`, `12`, `1709`, `12345`, then seconds, `123s`.
fn short_ms(ms: f64) -> String {
    match ms {
        ..10.0 => format!("{ms:.1}"),
        ..99_999.5 => format!("{ms:.0}"),
        _ => format!("{:.0}s", ms / 1000.0),
    }
}

/// How many calls took how long: bars from the fastest to the slowest.
fn draw_histogram(frame: &mut Frame, app: &App, burst: &Burst, area: Rect) {
    const BAR_WIDTH: u16 = 5;
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(" round trip, ms: calls each ", app.theme.dim()));
    let buckets = ((block.inner(area).width + 1) / (BAR_WIDTH + 1)).clamp(1, 12) as usize;
    let bars: Vec<Bar> = histogram(&burst.round_trips(), buckets)
        .into_iter()
        .map(|(low, count)| {
            Bar::default()
                .value(count)
                .label(Line::from(short_ms(low)))
                .style(app.theme.fg(Role::Accent))
                .value_style(app.theme.fg(Role::Accent).reversed())
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(block)
            .bar_width(BAR_WIDTH)
            .bar_gap(1)
            .data(BarGroup::default().bars(&bars)),
        area,
    );
}

/// Round trips in the order they came, the newest on the right.
fn draw_sparkline(frame: &mut Frame, app: &App, burst: &Burst, area: Rect) {
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(" round trips, newest right ", app.theme.dim()));
    let width = block.inner(area).width as usize;
    let recent: Vec<u64> = burst
        .calls()
        .iter()
        .rev()
        .take(width)
        .rev()
        .map(|c| (c.round_trip_ms * 100.0) as u64)
        .collect();
    frame.render_widget(
        Sparkline::default()
            .block(block)
            .data(&recent)
            .style(app.theme.fg(Role::Accent)),
        area,
    );
}

fn summary(app: &App, burst: &Burst) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |text: &str| Span::styled(format!("{text:<14}"), theme.dim());
    let ms = |v: Option<f64>| v.map(|v| format!("{v:.1} ms")).unwrap_or_else(|| "-".into());
    let done = burst.calls().len();
    let round_trips = Sorted::new(burst.round_trips());
    let durations = Sorted::new(burst.calls().iter().filter_map(|c| c.duration_ms).collect());
    let inits = Sorted::new(burst.calls().iter().filter_map(|c| c.init_ms).collect());
    let throttled = burst.calls().iter().filter(|c| c.throttled).count();
    let (gave_up, failed) = burst.unanswered();
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
                ms(round_trips.at(50.0)),
                ms(round_trips.at(90.0)),
                ms(round_trips.at(99.0)),
                ms(round_trips.at(100.0)),
            )),
        ]),
        Line::from(vec![
            label("Duration"),
            Span::raw(format!(
                "p50 {}   p99 {}   (its own, in REPORT)",
                ms(durations.at(50.0)),
                ms(durations.at(99.0)),
            )),
        ]),
        Line::from(vec![
            label("cold starts"),
            Span::raw(format!("{}   Init Duration p50 {}", inits.len(), ms(inits.at(50.0)))),
        ]),
    ];
    let mut errors_line = vec![label("errors")];
    if errors.is_empty() {
        errors_line.push(Span::styled("none", theme.fg(Role::Ok)));
    } else {
        errors_line.push(Span::styled(format!("{error_count}: "), theme.fg(Role::Error)));
        // A function names its own errors: each is cut to fit beside the others.
        let listed: Vec<String> = errors
            .iter()
            .take(5)
            .map(|(e, n)| format!("{} ×{n}", super::abbreviated(&one_line(e), 40)))
            .collect();
        errors_line.push(Span::raw(listed.join(", ")));
    }
    if failed > 0 {
        errors_line.push(Span::styled(
            format!("   {failed} calls got no answer (the call failed)"),
            theme.fg(Role::Error),
        ));
    }
    lines.push(Line::from(errors_line));
    let reasons: Vec<String> = burst
        .throttle_reasons()
        .iter()
        .take(3)
        .map(|(reason, n)| format!("{} ×{n}", super::abbreviated(&one_line(reason), 60)))
        .collect();
    lines.push(Line::from(vec![
        label("throttles"),
        Span::raw(format!(
            "{throttled} calls throttled (retried as by hand); {gave_up} of them gave up"
        )),
        Span::styled(
            if reasons.is_empty() {
                String::new()
            } else {
                format!("   {}", reasons.join(", "))
            },
            theme.fg(Role::Warning),
        ),
    ]));
    let bill = burst.bill();
    lines.push(Line::from(vec![
        label("billed"),
        Span::raw(format!(
            "{:.4} GB-s over {} requests   ",
            bill.gb_seconds, bill.requests
        )),
        Span::styled(
            format!("≈ {}", crate::cost::dollars(burst.estimated_cost())),
            theme.fg(Role::Highlight),
        ),
        Span::styled(
            format!(
                "  an estimate at [prices] for {}, no free tier",
                one_line(&burst.architecture)
            ),
            theme.dim(),
        ),
    ]));
    let sending = match burst.events.len() {
        0 => "the payload in the editor".to_string(),
        n => {
            let names: Vec<String> = burst.events.iter().take(4).map(|e| one_line(e)).collect();
            let more = if n > 4 { ", …" } else { "" };
            format!("its {n} saved events in turn: {}{more}", names.join(", "))
        }
    };
    lines.push(Line::from(vec![label("sending"), Span::raw(sending)]));
    lines
}

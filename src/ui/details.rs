//! The Details pane: the function under the cursor and the qualifier choice.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::abbreviated;
use crate::action::Action;
use crate::app::{App, DetailsState};
use crate::sanitize::sanitize;
use crate::theme::Role;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let block = Block::bordered()
        .border_style(theme.dim())
        .title(Span::styled(" Details ", Style::new().bold()));
    let Some(f) = app.functions.selected() else {
        frame.render_widget(
            Paragraph::new("Select a function.").style(theme.dim()).block(block),
            area,
        );
        return;
    };
    let label = |text: &'static str| Span::styled(text, theme.dim());
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
    let keys = format!(
        " ({}/{})  ",
        app.key_label(Action::NextQualifier),
        app.key_label(Action::PreviousQualifier)
    );
    let mut choice = vec![
        label("qualifier "),
        Span::styled(format!("◀ {} ▶", sanitize(&qualifier)), theme.fg(Role::Highlight)),
        Span::styled(keys, theme.dim()),
    ];
    match app.details.as_ref().map(|d| &d.state) {
        Some(DetailsState::Loading) | None => choice.push(Span::styled("loading versions and aliases…", theme.dim())),
        Some(DetailsState::Failed(e)) => choice.push(Span::styled(
            format!("versions: {}", sanitize(e)),
            theme.fg(Role::Error),
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
    lines.push(Line::from(whole_function(app, f)));
    if let Some(DetailsState::Loaded(details)) = app.details.as_ref().map(|d| &d.state) {
        lines.push(Line::from(loaded_on_request(app, details)));
        lines.extend(what_invokes_it(app, details));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// What takes calls of its own (GetFunction, ListProvisionedConcurrency-
/// Configs, GetFunctionUrlConfig): each says its own refusal in its place.
fn loaded_on_request(app: &App, details: &crate::model::Details) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let label = |text: &'static str| Span::styled(text, theme.dim());
    let refused = |why: &str| Span::styled(format!("✘ {}", abbreviated(&sanitize(why), 40)), theme.fg(Role::Error));
    let mut spans = vec![label("reserved ")];
    spans.push(match &details.reserved_concurrency {
        Ok(Some(n)) => Span::raw(n.to_string()),
        Ok(None) => Span::raw("none"),
        Err(why) => refused(why),
    });
    spans.push(label("  provisioned "));
    spans.push(match &details.provisioned {
        Ok(configs) if configs.is_empty() => Span::raw("none"),
        Ok(configs) => Span::raw(
            configs
                .iter()
                .map(|(q, requested, available, status)| {
                    format!("{} {available}/{requested} {}", sanitize(q), sanitize(status))
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Err(why) => refused(why),
    });
    spans.push(label("  url "));
    spans.push(match &details.url {
        Ok(Some((url, auth, mode))) => Span::raw(format!("{} ({}, {})", sanitize(url), sanitize(auth), sanitize(mode))),
        Ok(None) => Span::raw("none"),
        Err(why) => refused(why),
    });
    spans.push(label("  tags "));
    spans.push(match &details.tags {
        Ok(tags) if tags.is_empty() => Span::raw("none"),
        Ok(tags) => Span::raw(
            tags.iter()
                .map(|(k, v)| format!("{}={}", sanitize(k), sanitize(v)))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(why) => refused(why),
    });
    spans
}

/// State, code, storage, environment (names only), layers, VPC, SnapStart
/// and dead-letter queue, on one line: what ListFunctions already says.
fn whole_function(app: &App, f: &crate::model::FunctionInfo) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let label = |text: String| Span::styled(text, theme.dim());
    let state_style = match f.state.as_str() {
        "Active" | "" => theme.fg(Role::Ok),
        "Pending" => theme.fg(Role::Warning),
        _ => theme.fg(Role::Error),
    };
    let mut spans = vec![
        label("state ".into()),
        Span::styled(
            sanitize(if f.state.is_empty() { "?" } else { &f.state }).into_owned(),
            state_style,
        ),
    ];
    if !f.state_reason.is_empty() && f.state != "Active" {
        spans.push(Span::styled(
            format!(" ({})", abbreviated(&sanitize(&f.state_reason), 40)),
            theme.fg(Role::Warning),
        ));
    }
    if !f.last_update_status.is_empty() && f.last_update_status != "Successful" {
        spans.push(Span::styled(
            format!(" update {}", sanitize(&f.last_update_status)),
            theme.fg(Role::Warning),
        ));
    }
    spans.push(label("  code ".into()));
    spans.push(Span::raw(human_bytes(f.code_size)));
    if !f.code_sha256.is_empty() {
        spans.push(label(" sha256 ".into()));
        spans.push(Span::raw(abbreviated(&sanitize(&f.code_sha256), 12)));
    }
    if let Some(mb) = f.ephemeral_storage_mb {
        spans.push(label("  /tmp ".into()));
        spans.push(Span::raw(format!("{mb} MB")));
    }
    spans.push(label("  layers ".into()));
    spans.push(Span::raw(f.layers.len().to_string()));
    spans.push(label("  vpc ".into()));
    spans.push(Span::raw(if f.subnets.is_empty() {
        "none".to_string()
    } else {
        format!("{} subnets {} groups", f.subnets.len(), f.security_groups.len())
    }));
    if let Some(apply_on) = &f.snap_start {
        spans.push(label("  SnapStart ".into()));
        spans.push(Span::raw(sanitize(apply_on).into_owned()));
    }
    if let Some(dlq) = &f.dead_letter {
        spans.push(label("  DLQ ".into()));
        spans.push(Span::raw(abbreviated(&sanitize(dlq), 48)));
    }
    // Last, as the names can be many: the count and the key come first.
    spans.push(label("  env ".into()));
    if f.environment.is_empty() {
        spans.push(Span::raw("none"));
    } else {
        spans.push(Span::raw(format!("{} ", f.environment.len())));
        spans.push(label(format!(
            "({} shows values) ",
            app.key_label(Action::ShowEnvironment)
        )));
        let names: Vec<String> = f
            .environment
            .iter()
            .take(50)
            .map(|(k, _)| sanitize(k).into_owned())
            .collect();
        spans.push(Span::raw(names.join(" ")));
    }
    spans
}

fn human_bytes(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// What else invokes the function: its event source mappings, and whom its
/// resource-based policy lets call it. Each says its own refusal in place.
fn what_invokes_it(app: &App, details: &crate::model::Details) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |text: &'static str| Span::styled(text, theme.dim());
    let refused = |why: &str| Span::styled(format!("✘ {}", abbreviated(&sanitize(why), 60)), theme.fg(Role::Error));
    // An ARN's resource names the queue, table or stream: `orders-in`,
    // `table/orders/stream/…` → `orders`, `stream/clicks` → `clicks`.
    let short = |arn: &str| {
        let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
        let mut parts = resource.split('/');
        let first = parts.next().unwrap_or(resource);
        sanitize(parts.next().unwrap_or(first)).into_owned()
    };
    let mappings = match &details.mappings {
        Ok(mappings) if mappings.is_empty() => Span::raw("none"),
        Ok(mappings) => Span::raw(
            mappings
                .iter()
                .map(|m| {
                    let service = m.source_arn.split(':').nth(2).unwrap_or("?");
                    let mut text = format!(
                        "{} {} {} batch {}",
                        sanitize(service),
                        short(&m.source_arn),
                        sanitize(&m.state),
                        m.batch_size.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
                    );
                    if let Some(window) = m.batching_window_seconds.filter(|w| *w > 0) {
                        text.push_str(&format!("/{window}s"));
                    }
                    if !m.last_result.is_empty() {
                        text.push_str(&format!(", last {}", sanitize(&m.last_result)));
                    }
                    if let Some(target) = &m.on_failure {
                        text.push_str(&format!(", failures to {}", short(target)));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join("  ·  "),
        ),
        Err(why) => refused(why),
    };
    let grants = match &details.grants {
        Ok(grants) if grants.is_empty() => Span::raw("its own account only (no policy)"),
        Ok(grants) => Span::raw(
            grants
                .iter()
                .map(|g| {
                    let mut text = sanitize(&g.principal).into_owned();
                    if let Some(source) = &g.source {
                        text.push_str(&format!(" from {}", sanitize(source)));
                    }
                    if let Some(auth) = &g.url_auth {
                        text.push_str(&format!(" (URL, {})", sanitize(auth)));
                    } else if g.action != "lambda:InvokeFunction" {
                        text.push_str(&format!(" ({})", sanitize(&g.action)));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join("  ·  "),
        ),
        Err(why) => refused(why),
    };
    vec![
        Line::from(vec![label("triggers "), mappings]),
        Line::from(vec![label("may invoke "), grants]),
    ]
}

//! The request form of a URL invocation: method, path and headers over the
//! function's URL; the body is the payload editor's text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, overlay_block};
use crate::action::Action;
use crate::app::{App, UrlField, UrlForm};
use crate::sanitize::one_line;
use crate::theme::Role;

pub(super) fn draw(frame: &mut Frame, app: &App, form: &UrlForm, area: Rect) {
    let popup = centered(area, area.width.saturating_sub(4).min(100), 11);
    frame.render_widget(Clear, popup);
    let field = |label: &str, text: &str, which: UrlField, selected: bool| {
        super::form_field(app, label, &one_line(text), form.field == which, selected)
    };
    let signed = if form.auth_type == "AWS_IAM" {
        "AWS_IAM: signed with SigV4 and your credentials"
    } else {
        "NONE: sent as it is"
    };
    let body = app.payload.text();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("  URL      ", app.theme.dim()),
            Span::raw(one_line(&form.base)),
        ]),
        Line::styled(format!("  {signed} · {}", one_line(&form.invoke_mode)), app.theme.dim()),
        field("method", &form.method.text, UrlField::Method, form.method.selected),
        field("path", &form.path.text, UrlField::Path, form.path.selected),
        field("headers", &form.headers.text, UrlField::Headers, form.headers.selected),
        Line::styled(
            format!(
                "  body     the payload editor's text ({} bytes); headers as name: value | name: value",
                body.len()
            ),
            app.theme.dim(),
        ),
    ];
    if let Some(error) = &form.error {
        lines.push(Line::styled(
            format!("  {}", one_line(error)),
            app.theme.fg(Role::Error),
        ));
    }
    let bottom = format!(
        " Tab next field · {} sends · {} cancels ",
        app.key_label(Action::Confirm),
        app.key_label(Action::Cancel)
    );
    let title = format!("Request to {}'s URL", one_line(&form.function));
    frame.render_widget(
        Paragraph::new(lines)
            .block(overlay_block(app, &title, bottom))
            .wrap(Wrap { trim: false }),
        popup,
    );
}

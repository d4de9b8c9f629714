//! The Logs pane: the lines the state's window picked, styled by kind, with
//! request ids and the search term picked out. Wrapped lines are cut into rows
//! here exactly as the window counted them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{abbreviated, cut_into_rows, pane_block};
use crate::action::Action;
use crate::app::{App, LineKind, LogLine, Pane};
use crate::model::time_of_day;
use crate::sanitize::sanitize;
use crate::theme::{Role, Theme};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let logs = &app.logs;
    // What the user asked for first, what is known anyway last: a narrow
    // pane cuts the title's end.
    let mut title = vec![];
    if let Some(search) = &logs.search {
        let found = match (logs.match_count, logs.match_ordinal) {
            (0, _) => "no matches".to_string(),
            (1, Some(_)) => "the 1 line".to_string(),
            (count, Some(position)) => format!("line {position} of {count}"),
            (1, None) => "1 line".to_string(),
            (count, None) => format!("{count} lines"),
        };
        title.push(Span::styled(
            format!("search {} ({found}) ", abbreviated(&sanitize(search), 24)),
            theme.fg(Role::RequestId),
        ));
    }
    if !logs.pattern.is_empty() {
        title.push(Span::styled(
            format!("pattern {} ", abbreviated(&sanitize(&logs.pattern), 24)),
            theme.fg(Role::Highlight),
        ));
    }
    title.push(if logs.paused.is_some() {
        Span::styled("❚❚ paused ", theme.fg(Role::Warning))
    } else if logs.follow && logs.live {
        Span::styled("● live tail ", theme.fg(Role::Ok))
    } else if logs.follow {
        Span::styled("● following ", theme.fg(Role::Ok))
    } else {
        Span::styled("❚❚ frozen ", theme.fg(Role::Warning))
    });
    title.push(Span::styled(format!("{} ", logs.range.label()), theme.dim()));
    if let Some(key) = &logs.key {
        title.push(Span::styled(format!("{} ", sanitize(&key.group)), Style::new().bold()));
    }
    title.push(Span::styled(format!("{} lines ", logs.lines.len()), theme.dim()));
    if logs.dropped > 0 {
        title.push(Span::styled(format!("({} older dropped) ", logs.dropped), theme.dim()));
    }
    if logs.wrap {
        title.push(Span::styled("wrap ", theme.dim()));
    }
    let block = pane_block(app, Pane::Logs, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut body = inner;
    if let Some(status) = &logs.status {
        frame.render_widget(
            Line::styled(format!("{} ", sanitize(status)), theme.fg(Role::Warning)),
            Rect { height: 1, ..inner },
        );
        body = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
    }
    if logs.key.is_none() {
        frame.render_widget(
            Paragraph::new("Select a function to tail its log group.").style(theme.dim()),
            body,
        );
        return;
    }
    if logs.lines.is_empty() && logs.cleared {
        let text = "Cleared: new lines appear here as they arrive.";
        frame.render_widget(Paragraph::new(text).style(theme.dim()).wrap(Wrap { trim: true }), body);
        return;
    }
    if logs.lines.is_empty() {
        let text = format!(
            "No lines yet in this range. Invoke the function, widen the range ({}) or change the pattern ({}).",
            app.key_label(Action::NextRange),
            app.key_label(Action::FilterPattern)
        );
        frame.render_widget(Paragraph::new(text).style(theme.dim()).wrap(Wrap { trim: true }), body);
        return;
    }
    let (height, width) = (body.height as usize, body.width.max(1) as usize);
    let window = logs.window(body.as_size());
    let search = logs.search.as_deref();
    let rows: Vec<Line<'static>> = logs
        .lines
        .range(window.start..window.end)
        .flat_map(|log| {
            let line = log_row(theme, log, search);
            if logs.wrap {
                cut_into_rows(line, width)
            } else {
                vec![line]
            }
        })
        .skip(window.skip_rows)
        .take(height)
        .collect();
    frame.render_widget(Paragraph::new(rows), body);
}

/// Splits `text` into spans: the search match filled, request ids (UUIDs)
/// coloured, the rest in `style`.
fn highlighted(theme: &Theme, text: &str, style: Style, search: Option<&str>) -> Vec<Span<'static>> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut marks: Vec<(usize, usize, Style)> = Vec::new();
    if let Some(term) = search.filter(|t| !t.is_empty())
        && let Some(at) = crate::find::find(text, term)
    {
        marks.push((at, at + term.len(), theme.filled(Role::SearchMatch)));
    }
    // Request ids never overlap one another: only the search mark can be in the way.
    let search_mark = marks.first().map(|&(s, e, _)| (s, e));
    for at in uuid_positions(text) {
        if !search_mark.is_some_and(|(s, e)| at < e && at + 36 > s) {
            marks.push((at, at + 36, style.patch(theme.fg(Role::RequestId))));
        }
    }
    if marks.is_empty() {
        return vec![Span::styled(text.to_string(), style)];
    }
    // A mark never splits a grapheme: spans are measured one by one.
    let bounds: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for (start, end, _) in &mut marks {
        *start = bounds[bounds.partition_point(|&b| b <= *start) - 1];
        *end = bounds[bounds.partition_point(|&b| b < *end).min(bounds.len() - 1)];
    }
    marks.sort_by_key(|m| m.0);
    marks.dedup_by(|later, earlier| later.0 < earlier.1);
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

/// One log line: time, the stream's tail, the message; platform lines and
/// levels styled; the search term highlighted.
fn log_row(theme: &Theme, log: &LogLine, search: Option<&str>) -> Line<'static> {
    let style = match log.kind {
        LineKind::Start | LineKind::End => theme.fg(Role::LogStart),
        LineKind::Report => theme.fg(Role::LogReport),
        LineKind::Error => theme.fg(Role::LogError),
        LineKind::Warn => theme.fg(Role::LogWarn),
        LineKind::Debug => theme.fg(Role::LogDebug),
        LineKind::Plain => Style::new(),
    };
    let mut spans = vec![
        Span::styled(format!("{} ", time_of_day(log.timestamp, true)), theme.dim()),
        Span::styled(log.stream_label.clone(), theme.dim()),
    ];
    spans.extend(highlighted(theme, &log.text, style, search));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::drawn_graphemes;
    use crate::tail::LogEvent;
    use ratatui::style::Color;

    #[test]
    fn request_ids_and_the_search_term_stand_out() {
        let theme = Theme::default();
        let id = "0d281191-ead7-4600-972b-897e3d1e639b";
        let text = format!("START RequestId: {id} Version: 1 and x{id}");
        assert_eq!(uuid_positions(&text), vec![17], "a UUID glued to a word is not one");
        let spans = highlighted(&theme, &text, Style::new(), Some("Version"));
        let styled: Vec<(&str, Option<Color>)> = spans.iter().map(|s| (s.content.as_ref(), s.style.fg)).collect();
        assert_eq!(styled[1], (id, Some(Color::Magenta)));
        assert_eq!(styled[3], ("Version", Some(Color::Black)));
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, text);
        assert!(uuid_positions("é日本 short").is_empty());
    }

    #[test]
    fn rows_are_cut_where_the_window_counted_them() {
        let theme = Theme::default();
        let id = "0d281191-ead7-4600-972b-897e3d1e639b";
        for (stream, text) in [
            ("s", "short".to_string()),
            ("s", "x".repeat(200)),
            ("s", "日本語".repeat(40)),
            ("s", "a\u{301}".repeat(90)),
            ("s", format!("A{}SECRET_END", "❤\u{fe0f}".repeat(60))),
            ("s", format!("B{}{}TAIL_B", "x".repeat(30), "\u{ff9e}".repeat(30))),
            ("2026/11/30/[$LATEST]日本語日本語", "y".repeat(36)),
            ("s", format!("e\u{301}{id}\u{301} and more text here")),
        ] {
            let log = LogLine::from_event(&LogEvent {
                timestamp: 0,
                stream: stream.into(),
                message: text.clone(),
                event_id: "1".into(),
            });
            for width in [1, 2, 7, 33, 56, 80] {
                for search in [None, Some("e"), Some("\u{301}")] {
                    let rows = cut_into_rows(log_row(&theme, &log, search), width);
                    assert_eq!(
                        rows.len(),
                        crate::app::wrapped_rows(log.widths(), width),
                        "{width} {text}"
                    );
                    for row in &rows {
                        let drawn: usize = row
                            .spans
                            .iter()
                            .flat_map(|s| drawn_graphemes(&s.content))
                            .map(|(_, w)| w)
                            .sum();
                        assert!(drawn <= width.max(2), "a row fits its {width} columns: {row:?}");
                    }
                    let joined: String = rows
                        .iter()
                        .flat_map(|r| r.spans.iter().map(|s| s.content.to_string()))
                        .collect();
                    let visible: String = drawn_graphemes(&log.text).map(|(g, _)| g).collect();
                    assert!(joined.ends_with(&visible), "nothing is lost: {text}");
                }
            }
        }
    }
}

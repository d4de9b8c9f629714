//! One log line made ready to draw: sanitized, classified (platform lines and
//! declared levels), measured; and how a line wraps into rows.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

use crate::report::PlatformLine;
use crate::sanitize::sanitize;
use crate::tail::LogEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Start,
    End,
    Report,
    Error,
    Warn,
    Debug,
    Plain,
}

/// `HH:MM:SS.mmm ` before each line, in ASCII.
pub const TIME_COLUMNS: usize = 13;
const STREAM_TAIL_CHARS: usize = 6;

/// The level a runtime's log line declares, in the common Lambda formats:
/// Python's `[ERROR]`, Node's tab-separated `ERROR`, JSON's `"level":"ERROR"`.
fn declared_level(message: &str) -> Option<LineKind> {
    let head: String = message.chars().take(120).collect::<String>().to_ascii_uppercase();
    let has = |level: &str| {
        head.trim_start().starts_with(&format!("[{level}"))
            || head.contains(&format!("\t{level}\t"))
            || head.contains(&format!("\"LEVEL\":\"{level}"))
            || head.contains(&format!("\"LEVEL\": \"{level}"))
    };
    if has("ERROR") || has("FATAL") {
        Some(LineKind::Error)
    } else if has("WARN") {
        Some(LineKind::Warn)
    } else if has("DEBUG") || has("TRACE") {
        Some(LineKind::Debug)
    } else {
        None
    }
}

/// A log line ready to draw: sanitized once, classified once.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub timestamp: i64,
    /// The stream's last characters and a space: enough to tell environments apart.
    pub stream_label: String,
    pub text: String,
    pub kind: LineKind,
}

/// The graphemes of `text` that reach the screen, with their widths, as
/// ratatui measures them when it draws (it drops zero-width ones).
pub fn drawn_graphemes(text: &str) -> impl Iterator<Item = (&str, usize)> {
    text.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(|g| (g, g.cell_width() as usize))
        .filter(|(_, width)| *width > 0)
}

/// A line's text is kept up to this much: CloudWatch's 256 KB events, ten
/// thousand of them, would hold gigabytes for lines nobody reads whole.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// The message, sanitized and cut, saying how much more there was.
fn shown_text(message: &str) -> String {
    if message.len() <= MAX_LINE_BYTES {
        return sanitize(message).into_owned();
    }
    let cut = &message[..message.floor_char_boundary(MAX_LINE_BYTES)];
    format!(
        "{} … ({} bytes more; the log group holds the whole line)",
        sanitize(cut),
        message.len() - cut.len()
    )
}

impl LogLine {
    pub fn from_event(event: &LogEvent) -> LogLine {
        let kind = match PlatformLine::parse(&event.message) {
            Some(PlatformLine::Start { .. }) => LineKind::Start,
            Some(PlatformLine::End { .. }) => LineKind::End,
            Some(PlatformLine::Report(r)) if r.status.is_some() => LineKind::Error,
            Some(PlatformLine::Report(_)) => LineKind::Report,
            None if event.message.contains("[ERROR]") || event.message.contains("Task timed out") => LineKind::Error,
            None => declared_level(&event.message).unwrap_or(LineKind::Plain),
        };
        let stream = sanitize(&event.stream);
        let skip = stream.chars().count().saturating_sub(STREAM_TAIL_CHARS);
        let tail: String = stream.chars().skip(skip).collect();
        LogLine {
            timestamp: event.timestamp,
            stream_label: format!("{tail} "),
            text: shown_text(&event.message),
            kind,
        }
    }

    /// The width of every grapheme of the row as drawn: the time, the stream
    /// label, the text, each drawn as a span of its own.
    pub fn widths(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::repeat_n(1, TIME_COLUMNS)
            .chain(drawn_graphemes(&self.stream_label).map(|(_, w)| w))
            .chain(drawn_graphemes(&self.text).map(|(_, w)| w))
    }

    /// The wrapped row (from 0) where the text's byte `offset` is drawn.
    pub fn row_of(&self, offset: usize, width: usize) -> usize {
        let index = TIME_COLUMNS
            + drawn_graphemes(&self.stream_label).count()
            + drawn_graphemes(self.text.get(..offset).unwrap_or(&self.text)).count();
        let mut rows = 0usize;
        row_starts(self.widths(), width, |start| {
            if start <= index {
                rows += 1;
            }
        });
        rows.saturating_sub(1)
    }
}

/// Where the rows of a line start when it is cut every `width` columns; a
/// grapheme never straddles two rows. The logs pane's window and its draw
/// both use this, so they always agree on how many rows a line takes.
pub fn row_starts(widths: impl Iterator<Item = usize>, width: usize, mut row_start: impl FnMut(usize)) {
    let width = width.max(1);
    let mut used = 0;
    row_start(0);
    for (index, w) in widths.enumerate() {
        if w > 0 && used > 0 && used + w > width {
            row_start(index);
            used = 0;
        }
        used += w;
    }
}

/// How many rows a line of graphemes this wide takes at `width` columns.
pub fn wrapped_rows(widths: impl Iterator<Item = usize>, width: usize) -> usize {
    let mut rows = 0;
    row_starts(widths, width, |_| rows += 1);
    rows
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A line of `text` in a stream named as Lambda names them.
    pub(in crate::app::logs) fn line(text: &str) -> LogEvent {
        LogEvent {
            timestamp: 0,
            stream: "2026/11/30/[$LATEST]abcdef".into(),
            message: text.into(),
            event_id: text.into(),
        }
    }

    #[test]
    fn lines_are_classified_and_sanitized() {
        let e = |m: &str| LogEvent {
            timestamp: 0,
            stream: "s".into(),
            message: m.into(),
            event_id: "1".into(),
        };
        assert_eq!(
            LogLine::from_event(&e("START RequestId: a Version: 1")).kind,
            LineKind::Start
        );
        assert_eq!(
            LogLine::from_event(&e("REPORT RequestId: a\tDuration: 1 ms\tStatus: timeout")).kind,
            LineKind::Error
        );
        assert_eq!(LogLine::from_event(&e("[ERROR] boom")).kind, LineKind::Error);
        assert_eq!(LogLine::from_event(&e("\x1b[31mred\u{202e}")).text, "␛[31mred<U+202E>");
    }

    #[test]
    fn wide_characters_never_straddle_two_rows() {
        let widths = [1, 1, 2, 2, 1];
        let mut starts = Vec::new();
        row_starts(widths.into_iter(), 3, |i| starts.push(i));
        assert_eq!(starts, [0, 2, 3]);
        assert_eq!(wrapped_rows(widths.into_iter(), 3), 3);
        assert_eq!(wrapped_rows(std::iter::empty(), 3), 1, "an empty line takes a row");
        assert_eq!(
            wrapped_rows([2, 2].into_iter(), 1),
            2,
            "a wide character in one column gets its own row"
        );
    }

    #[test]
    fn declared_levels_are_recognised() {
        let kind = |m: &str| LogLine::from_event(&line(m)).kind;
        assert_eq!(kind("[WARNING] 2026-11-30 slow"), LineKind::Warn);
        assert_eq!(kind("2026-11-30T03:00:00Z\tabc\tWARN\tdisk"), LineKind::Warn);
        assert_eq!(kind("2026-11-30T03:00:00Z\tabc\tERROR\tboom"), LineKind::Error);
        assert_eq!(kind("{\"level\":\"debug\",\"msg\":\"x\"}"), LineKind::Debug);
        assert_eq!(kind("a warning in the middle, not a level"), LineKind::Plain);
        assert_eq!(LogLine::from_event(&line("x")).stream_label, "abcdef ");
    }
}

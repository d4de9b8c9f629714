//! A streamed answer (InvokeWithResponseStream) as it arrives: each chunk
//! with its arrival time, laid out for reading, and the function URL's
//! HTTP prelude recognised.

use std::time::Duration;

use crate::model::{BodyView, Lines};
use crate::sanitize::one_line;

/// Bytes of a stream kept for reading and saving, its laid-out lines
/// included; past this the chunks are counted, not kept (Lambda streams up
/// to 200 MB).
pub const MAX_STREAM_KEPT: usize = 32 * 1024 * 1024;
/// Lines laid out at most: a stream of newlines costs a gutter a line.
const MAX_VIEW_LINES: usize = 100_000;
/// A prelude is looked for in this much of the stream's start.
const MAX_PRELUDE: usize = 64 * 1024;
const PRELUDE_END: &[u8] = &[0; 8];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Streamed {
    pub chunks: usize,
    pub bytes: usize,
    /// When the first and the last chunk came, after the send.
    pub first_at: Option<Duration>,
    pub last_at: Option<Duration>,
    /// Each chunk under its arrival time (`+312 ms │ text`), as the
    /// Response pane shows a body: always `BodyView::Text` once a line came.
    pub view: BodyView,
    view_lines: usize,
    /// The body as it came (less the prelude), for saving and copying.
    pub raw: Vec<u8>,
    /// A function URL's prelude: its status code and headers, one line,
    /// and its size with the eight NUL bytes.
    pub prelude: Option<String>,
    pub prelude_bytes: usize,
    /// More came than `MAX_STREAM_KEPT`.
    pub truncated: bool,
    /// The start of a UTF-8 character a chunk boundary split.
    carry: Vec<u8>,
    /// The stream's start while it may still be a prelude (split across
    /// chunks), shown once it is known either way.
    pending: Option<(Duration, Vec<u8>)>,
}

impl Streamed {
    pub fn push(&mut self, at: Duration, chunk: &[u8]) {
        self.chunks += 1;
        self.bytes += chunk.len();
        self.first_at.get_or_insert(at);
        self.last_at = Some(at);
        // A prelude may come in pieces: held until its end (or its absence) shows.
        let held;
        let mut chunk = chunk;
        if self.chunks == 1 && chunk.starts_with(b"{") {
            self.pending = Some((at, Vec::new()));
        }
        if let Some((first_at, mut start)) = self.pending.take() {
            start.extend_from_slice(chunk);
            match split_prelude(&start) {
                Some((prelude, rest)) => {
                    self.prelude = Some(prelude);
                    self.prelude_bytes = start.len() - rest.len();
                    held = rest.to_vec();
                }
                None if start.len() < MAX_PRELUDE && !start.contains(&b'\n') => {
                    self.pending = Some((first_at, start));
                    return;
                }
                None => held = start,
            }
            chunk = &held;
            return self.keep(first_at, chunk);
        }
        self.keep(at, chunk)
    }

    /// The end of the stream: whatever was held as a possible prelude is body.
    pub fn finish(&mut self) {
        if let Some((at, start)) = self.pending.take() {
            self.keep(at, &start);
        }
    }

    fn keep(&mut self, at: Duration, chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        if self.raw.len() + self.view.heap_bytes() + chunk.len() > MAX_STREAM_KEPT {
            if !self.truncated {
                self.truncated = true;
                self.note(&format!(
                    "(more than {} MB: the rest is counted, not kept)",
                    MAX_STREAM_KEPT / (1024 * 1024)
                ));
            }
            return;
        }
        self.raw.extend_from_slice(chunk);
        if self.view_lines > MAX_VIEW_LINES {
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(chunk);
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text.to_string(),
            Err(error) if error.error_len().is_none() => {
                // A character split across chunks: its start waits for the rest.
                let (whole, split) = bytes.split_at(error.valid_up_to());
                self.carry = split.to_vec();
                String::from_utf8_lossy(whole).into_owned()
            }
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        };
        let time = format!("+{} ms", at.as_millis());
        let text = text.strip_suffix('\n').unwrap_or(&text);
        for (i, line) in text.split('\n').enumerate() {
            if self.view_lines == MAX_VIEW_LINES {
                self.note("(more lines than are laid out: s saves the whole body)");
                return;
            }
            let gutter = if i == 0 { time.as_str() } else { "" };
            let line = line.strip_suffix('\r').unwrap_or(line);
            self.line(&format!("{gutter:>9} │ {line}"));
        }
    }

    fn note(&mut self, text: &str) {
        self.line(&format!("{:>9} │ {text}", ""));
    }

    fn line(&mut self, line: &str) {
        if !matches!(self.view, BodyView::Text(_)) {
            self.view = BodyView::Text(Lines::default());
        }
        if let BodyView::Text(lines) = &mut self.view {
            lines.push_sanitized(line);
            self.view_lines += 1;
        }
    }

    /// The body as the finished response shows it: pretty JSON when the
    /// whole of it is JSON (the times are in the summary), else the chunks
    /// under their times. The stream keeps only its summary.
    pub fn take_body(&mut self) -> (BodyView, Vec<u8>) {
        self.finish();
        let raw = std::mem::take(&mut self.raw);
        let view = std::mem::take(&mut self.view);
        self.view_lines = 0;
        let json = !self.truncated && serde_json::from_slice::<serde::de::IgnoredAny>(&raw).is_ok();
        if json {
            (BodyView::from_bytes(&raw), raw)
        } else {
            (view, raw)
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.view.heap_bytes() + self.raw.capacity() + self.pending.as_ref().map_or(0, |(_, b)| b.capacity())
    }
}

/// `{"statusCode":…,"headers":{…}}` then eight NUL bytes: what a function
/// URL in RESPONSE_STREAM mode sends before the body.
fn split_prelude(chunk: &[u8]) -> Option<(String, &[u8])> {
    if !chunk.starts_with(b"{") {
        return None;
    }
    let window = &chunk[..chunk.len().min(MAX_PRELUDE)];
    let end = window.windows(PRELUDE_END.len()).position(|w| w == PRELUDE_END)?;
    let prelude: serde_json::Value = serde_json::from_slice(&chunk[..end]).ok()?;
    let mut parts = Vec::new();
    if let Some(status) = prelude.get("statusCode") {
        parts.push(format!("status {status}"));
    }
    if let Some(serde_json::Value::Object(headers)) = prelude.get("headers") {
        for (name, value) in headers {
            let value = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
            parts.push(format!("{name}: {value}"));
        }
    }
    if let Some(serde_json::Value::Array(cookies)) = prelude.get("cookies") {
        parts.push(format!("{} cookies", cookies.len()));
    }
    Some((one_line(&parts.join(" · ")), &chunk[end + PRELUDE_END.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_shown_under_their_arrival_times_and_a_split_character_is_whole() {
        let mut streamed = Streamed::default();
        streamed.push(Duration::from_millis(12), b"first\nsecond\n");
        let e_acute = "é".as_bytes();
        streamed.push(Duration::from_millis(315), &[b"caf", &e_acute[..1]].concat());
        streamed.push(Duration::from_millis(620), &e_acute[1..]);
        let BodyView::Text(view) = &streamed.view else {
            panic!("{:?}", streamed.view)
        };
        let lines: Vec<&str> = view.iter().collect();
        assert_eq!(
            lines,
            vec![
                "   +12 ms │ first",
                "          │ second",
                "  +315 ms │ caf",
                "  +620 ms │ é"
            ]
        );
        assert_eq!(streamed.raw, "first\nsecond\ncafé".as_bytes());
        assert_eq!((streamed.chunks, streamed.bytes), (3, 18));
    }

    #[test]
    fn a_function_url_prelude_is_status_and_headers_not_body() {
        let mut streamed = Streamed::default();
        let mut chunk = br#"{"statusCode":201,"headers":{"content-type":"text/plain"}}"#.to_vec();
        chunk.extend_from_slice(&[0; 8]);
        chunk.extend_from_slice(b"hello");
        streamed.push(Duration::from_millis(5), &chunk);
        assert_eq!(
            streamed.prelude.as_deref(),
            Some("status 201 · content-type: text/plain")
        );
        assert_eq!(streamed.raw, b"hello");
    }

    #[test]
    fn escapes_in_chunks_are_sanitized() {
        let mut streamed = Streamed::default();
        streamed.push(Duration::ZERO, b"\x1b[2Jcleared?");
        let BodyView::Text(view) = &streamed.view else {
            panic!("{:?}", streamed.view)
        };
        assert!(!view.get(0).contains('\x1b'), "{:?}", view.get(0));
    }

    #[test]
    fn a_stream_of_newlines_is_bounded_in_lines_and_memory() {
        let mut streamed = Streamed::default();
        let newlines = vec![b'\n'; 1024 * 1024];
        for i in 0..40 {
            streamed.push(Duration::from_millis(i), &newlines);
        }
        let BodyView::Text(view) = &streamed.view else {
            panic!("{:?}", streamed.view)
        };
        assert!(view.len() <= MAX_VIEW_LINES + 2, "{} lines", view.len());
        assert!(
            streamed.heap_bytes() <= 2 * MAX_STREAM_KEPT,
            "{} bytes",
            streamed.heap_bytes()
        );
        assert!(streamed.truncated);
        assert_eq!(streamed.bytes, 40 * 1024 * 1024, "every byte counted");
    }

    #[test]
    fn a_finished_json_stream_reads_as_json_and_keeps_only_its_summary() {
        let mut streamed = Streamed::default();
        streamed.push(Duration::from_millis(5), br#"{"a": "#);
        streamed.push(Duration::from_millis(9), b"[1, 2]}");
        let (body, raw) = streamed.take_body();
        assert!(matches!(body, BodyView::Json(_)), "{body:?}");
        assert_eq!(raw, br#"{"a": [1, 2]}"#);
        assert_eq!(streamed.heap_bytes(), 0, "the body moved out");
        assert_eq!(
            (streamed.chunks, streamed.first_at, streamed.last_at),
            (2, Some(Duration::from_millis(5)), Some(Duration::from_millis(9)))
        );
    }

    #[test]
    fn a_prelude_split_across_chunks_is_still_a_prelude() {
        let mut streamed = Streamed::default();
        streamed.push(Duration::from_millis(1), br#"{"statusCode":200,"#);
        streamed.push(Duration::from_millis(2), br#""headers":{"x":"y"}}"#);
        streamed.push(Duration::from_millis(3), &[0; 8]);
        streamed.push(Duration::from_millis(4), b"body");
        assert_eq!(streamed.prelude.as_deref(), Some("status 200 · x: y"));
        assert_eq!(streamed.raw, b"body");
    }
}

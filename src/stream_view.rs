//! A streamed answer (InvokeWithResponseStream) as it arrives: each chunk
//! with its arrival time, laid out for reading, and the function URL's
//! HTTP prelude recognised.

use std::time::Duration;

use crate::model::{BodyView, Lines};
use crate::sanitize::one_line;

/// Bytes of a stream kept for reading and saving; past this the chunks are
/// counted, not kept (Lambda streams up to 200 MB).
pub const MAX_STREAM_KEPT: usize = 32 * 1024 * 1024;
/// The prelude is looked for in this much of the first chunk.
const MAX_PRELUDE: usize = 64 * 1024;
const PRELUDE_END: &[u8] = &[0; 8];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Streamed {
    pub chunks: usize,
    pub bytes: usize,
    /// Each chunk under its arrival time (`+312 ms │ text`), as the
    /// Response pane shows a body: always `BodyView::Text` once a line came.
    pub view: BodyView,
    /// The body as it came (less the prelude), for saving and copying.
    pub raw: Vec<u8>,
    /// A function URL's prelude: its status code and headers, one line.
    pub prelude: Option<String>,
    /// More came than `MAX_STREAM_KEPT`.
    pub truncated: bool,
    /// The start of a UTF-8 character a chunk boundary split.
    carry: Vec<u8>,
}

impl Streamed {
    pub fn push(&mut self, at: Duration, chunk: &[u8]) {
        self.chunks += 1;
        self.bytes += chunk.len();
        let mut chunk = chunk;
        if self.chunks == 1
            && let Some((prelude, rest)) = split_prelude(chunk)
        {
            self.prelude = Some(prelude);
            chunk = rest;
        }
        if self.raw.len() + chunk.len() > MAX_STREAM_KEPT {
            if !self.truncated {
                self.truncated = true;
                self.lines().push_sanitized(&format!(
                    "{:>8} │ (more than {} MB: the rest is counted, not kept)",
                    "",
                    MAX_STREAM_KEPT / (1024 * 1024)
                ));
            }
            return;
        }
        self.raw.extend_from_slice(chunk);
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
            let gutter = if i == 0 { time.as_str() } else { "" };
            let line = line.strip_suffix('\r').unwrap_or(line);
            self.lines().push_sanitized(&format!("{gutter:>8} │ {line}"));
        }
    }

    fn lines(&mut self) -> &mut Lines {
        if !matches!(self.view, BodyView::Text(_)) {
            self.view = BodyView::Text(Lines::default());
        }
        match &mut self.view {
            BodyView::Text(lines) => lines,
            _ => unreachable!("made Text above"),
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.view.heap_bytes() + self.raw.capacity()
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
                "  +12 ms │ first",
                "         │ second",
                " +315 ms │ caf",
                " +620 ms │ é"
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
}

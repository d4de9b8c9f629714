//! `y`: copies what the focused pane is about to the user's clipboard with
//! OSC 52, which terminals (and tmux with `set-clipboard on`) honour over SSH.
//! The state only says what to copy; the loop writes the sequence.

use super::{App, InvocationState, Pane};
use crate::action::Action;

/// Terminals drop OSC 52 sequences over about 100 KB (xterm, tmux, kitty
/// alike): past this the copy is refused with a message rather than lost
/// silently.
pub const MAX_OSC52_BYTES: usize = 100_000;

/// The escape sequence that puts `bytes` on the clipboard.
pub fn osc52(bytes: &[u8]) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

impl App {
    pub(super) fn copy_focused(&mut self) {
        let picked = match self.focus {
            Pane::Response => self.body_to_copy(),
            Pane::Invocations => self.request_id_to_copy(),
            Pane::Logs => self.log_line_to_copy(),
            Pane::Functions | Pane::Payload => match self.payload.text() {
                text if text.trim().is_empty() => Err("The payload is empty: nothing to copy".to_string()),
                text => Ok(("the payload".to_string(), text.into_bytes())),
            },
        };
        let (what, bytes) = match picked {
            Ok(picked) => picked,
            Err(why) => return self.set_info(why),
        };
        // The sequence's size: base64 and the 8 bytes around it.
        let size = bytes.len().div_ceil(3) * 4 + 8;
        if size > MAX_OSC52_BYTES {
            let instead = if self.focus == Pane::Response {
                format!("; {} saves it to a file", self.key_label(Action::SaveBody))
            } else {
                String::new()
            };
            return self.set_error(format!(
                "Not copied: {what} is {} bytes, over the about {} KB terminals take through OSC 52{instead}",
                bytes.len(),
                MAX_OSC52_BYTES / 1000
            ));
        }
        self.set_info(format!(
            "Copied {what} ({} bytes) through the terminal (OSC 52; in tmux, set-clipboard on)",
            bytes.len()
        ));
        self.clipboard = Some(bytes);
    }

    fn body_to_copy(&self) -> Result<(String, Vec<u8>), String> {
        let Some(invocation) = self.shown_invocation() else {
            return Err("No response is shown: nothing to copy".into());
        };
        match &invocation.state {
            InvocationState::Done(_) if invocation.trimmed => {
                Err("This body was let go to keep the history within its memory budget".into())
            }
            InvocationState::Done(outcome) if outcome.raw_body.is_empty() => Err("The response has no body".into()),
            InvocationState::Done(outcome) => Ok(("the response body".into(), outcome.raw_body.clone())),
            _ => Err("This invocation has no body: it did not finish with an answer".into()),
        }
    }

    fn request_id_to_copy(&self) -> Result<(String, Vec<u8>), String> {
        let invocation = self
            .invocations
            .selected_index()
            .and_then(|i| self.invocations.list.get(i))
            .ok_or("No invocation is selected: nothing to copy")?;
        match invocation.request_id() {
            Some(id) => Ok((format!("request id {id}"), id.as_bytes().to_vec())),
            None => Err("This invocation has no request id: the service never answered it".into()),
        }
    }

    /// The line a search found, else the line at the top of a frozen pane,
    /// else the newest.
    fn log_line_to_copy(&self) -> Result<(String, Vec<u8>), String> {
        let logs = &self.logs;
        let (which, index) = match (logs.search.is_some(), logs.match_line, logs.follow) {
            (true, Some(line), _) => ("the log line found", line),
            (_, _, false) => ("the log line at the top", logs.top_line),
            _ => ("the newest log line", logs.lines.len().saturating_sub(1)),
        };
        match logs.lines.get(index) {
            Some(line) => Ok((which.to_string(), line.text.clone().into_bytes())),
            None => Err("No log lines are shown: nothing to copy".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sequence_is_osc_52_with_base64() {
        assert_eq!(super::osc52(b"req-1"), "\x1b]52;c;cmVxLTE=\x07");
    }
}

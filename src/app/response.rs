//! The Response pane: which invocation it shows, how far it is scrolled, and
//! saving the shown body to a file.

use super::{App, Command, Invocation, InvocationState, Move};
use crate::action::Action;
use crate::model::BodyView;

#[derive(Debug, Default)]
pub struct ResponseView {
    /// Index into the invocations of the one shown.
    pub shown: Option<usize>,
    /// First line shown; the draw clamps it to the response's length.
    pub scroll: usize,
}

impl ResponseView {
    pub fn scroll_by(&mut self, step: Move, page: usize) {
        // The end is not known here: Bottom goes far and the draw clamps.
        self.scroll = step.apply(self.scroll, usize::MAX / 2, page);
    }

    pub fn show(&mut self, index: usize) {
        self.shown = Some(index);
        self.scroll = 0;
    }
}

impl App {
    pub fn shown_invocation(&self) -> Option<&Invocation> {
        self.response.shown.and_then(|i| self.invocations.list.get(i))
    }

    pub(super) fn response_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::PreviousResponse => self.show_invocation_by(-1),
            Action::NextResponse => self.show_invocation_by(1),
            Action::SaveBody => return self.save_shown_body(),
            Action::RerunShown => match self.response.shown {
                Some(index) => return self.rerun(index),
                None => self.set_error("No invocation shown to re-run.".into()),
            },
            _ => {}
        }
        Vec::new()
    }

    fn show_invocation_by(&mut self, delta: isize) {
        if let Some(current) = self.response.shown {
            let last = self.invocations.list.len().saturating_sub(1);
            self.response.show(current.saturating_add_signed(delta).min(last));
        }
    }

    /// Saves the shown response's body as `response-REQUESTID.json` (or .txt,
    /// .bin) in the working directory, as `aws lambda invoke OUTFILE` would.
    fn save_shown_body(&mut self) -> Vec<Command> {
        let Some(InvocationState::Done(outcome)) = self.shown_invocation().map(|i| &i.state) else {
            self.set_error("No response body to save.".into());
            return Vec::new();
        };
        if let BodyView::Dropped { .. } = outcome.body {
            self.set_error(
                "This body is no longer kept (the history keeps the newest within its memory budget).".into(),
            );
            return Vec::new();
        }
        if outcome.raw_body.is_empty() {
            let status = outcome.status_code;
            self.set_error(format!("No body to save: the answer (HTTP {status}) has none."));
            return Vec::new();
        }
        let extension = match outcome.body {
            BodyView::Json(_) => "json",
            BodyView::Text(_) => "txt",
            _ => "bin",
        };
        // Request ids are service text: keep only what is safe in a file name.
        let id: String = outcome
            .request_id
            .as_deref()
            .unwrap_or("unknown")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let path = std::path::PathBuf::from(format!("response-{id}.{extension}"));
        vec![Command::SaveFile {
            path,
            bytes: outcome.raw_body.clone(),
        }]
    }

    pub(super) fn on_file_saved(&mut self, path: &std::path::Path, result: Result<std::path::PathBuf, String>) {
        match result {
            Ok(written) if written == path => self.set_info(format!("Saved the body to {}", path.display())),
            Ok(written) => self.set_info(format!(
                "Saved the body to {} ({} exists already)",
                written.display(),
                path.display()
            )),
            Err(e) => self.set_error(format!("Not saved to {}: {e}", path.display())),
        }
    }
}

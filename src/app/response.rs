//! The Response pane: which invocation it shows, how far it is scrolled,
//! searching its body, and saving the body to a file.

use super::{App, Command, Invocation, InvocationState, Mode, Move, Prompt, PromptKind};
use crate::action::Action;
use crate::model::{BodyView, Lines};

#[derive(Debug)]
pub struct ResponseView {
    /// Index into the invocations of the one shown.
    pub shown: Option<usize>,
    /// The first item shown (a head row, a body line, a tail line) and how
    /// many of its wrapped rows are above the pane.
    pub top: usize,
    pub top_row: usize,
    /// Long lines wrap (the default), or are cut at the pane's edge (`w`).
    pub wrap: bool,
    /// What `/` looks for in the body.
    pub search: Option<String>,
    /// Where it was last found.
    pub found: Option<BodyMatch>,
    /// A stream being read shows its newest chunk until the reader scrolls
    /// (the end, `G`, follows again).
    pub follow: bool,
}

/// A match of the search in one invocation's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyMatch {
    pub invocation: u64,
    /// The body line it is on.
    pub line: usize,
    /// Which match it is (1 is the first) of how many in the body.
    pub ordinal: usize,
    pub count: usize,
}

impl Default for ResponseView {
    fn default() -> Self {
        ResponseView {
            shown: None,
            top: 0,
            top_row: 0,
            wrap: true,
            search: None,
            found: None,
            follow: true,
        }
    }
}

impl ResponseView {
    pub fn show(&mut self, index: usize) {
        self.shown = Some(index);
        (self.top, self.top_row) = (0, 0);
        self.follow = true;
    }
}

impl App {
    pub fn shown_invocation(&self) -> Option<&Invocation> {
        self.response.shown.and_then(|i| self.invocations.list.get(i))
    }

    /// The Response pane's text area as the draw lays it out.
    fn response_size(&self) -> ratatui::layout::Rect {
        crate::layout::inner(self.areas().response)
    }

    /// The head's items of invocation `id` when it is the one shown.
    pub(super) fn shown_head_len(&self, id: u64) -> Option<usize> {
        let invocation = self.shown_invocation().filter(|i| i.id == id)?;
        let width = self.response_size().width as usize;
        Some(crate::ui::response::ResponseDoc::new(self, invocation, width).head_len())
    }

    /// When the answer shown ends (a stream's): a reader who followed it
    /// sees the summary at the top; one who scrolled keeps the same line
    /// (the head grew by the summary's lines).
    pub(super) fn keep_reading_place(&mut self, id: u64, head_before: Option<usize>) {
        let (Some(before), Some(after)) = (head_before, self.shown_head_len(id)) else {
            return;
        };
        if self.response.follow {
            (self.response.top, self.response.top_row) = (0, 0);
        } else if self.response.top >= before {
            self.response.top = self.response.top + after - before;
        }
    }

    /// Scrolls the shown response by rows, as the draw lays them out.
    pub(super) fn scroll_response(&mut self, step: Move) {
        let Some(invocation) = self.shown_invocation() else {
            return;
        };
        let area = self.response_size();
        let doc = crate::ui::response::ResponseDoc::new(self, invocation, area.width as usize);
        // From where a followed stream is drawn: its last page.
        let from = if self.response.follow && invocation.is_streaming() {
            doc.last_page(area.height as usize)
        } else {
            (self.response.top, self.response.top_row)
        };
        let at = doc.moved(from, step, area.height as usize);
        (self.response.top, self.response.top_row) = at;
        self.response.follow = step == Move::Bottom;
    }

    /// `/`, `n`, `N` and Esc in the Response pane: searching the body.
    pub(super) fn response_search_action(&mut self, action: Action) {
        match action {
            Action::Search => {
                let search = self.response.search.clone().unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::BodySearch, &search));
            }
            Action::NextMatch | Action::PreviousMatch if self.response.search.is_none() => {
                let key = self.key_label(Action::Search);
                self.set_info(format!("Nothing to find yet: {key} searches the body."));
            }
            Action::NextMatch => self.find_in_body(true),
            Action::PreviousMatch => self.find_in_body(false),
            Action::ClearSearch => {
                self.response.search = None;
                self.response.found = None;
            }
            Action::ToggleWrap => {
                self.response.wrap = !self.response.wrap;
                self.response.top_row = 0;
            }
            _ => {}
        }
    }

    pub(super) fn body_search_submitted(&mut self, text: String) {
        self.response.search = Some(text).filter(|t| !t.is_empty());
        self.response.found = None;
        if self.response.search.is_some() {
            self.find_in_body(true);
        }
    }

    /// Goes to the next (or previous) body line holding the search, wrapping
    /// around, and scrolls it into view with a line of context above.
    fn find_in_body(&mut self, forward: bool) {
        let Some(term) = self.response.search.clone() else {
            return;
        };
        let Some(invocation) = self.shown_invocation() else {
            self.set_info("No response shown to search.".into());
            return;
        };
        let lines: &Lines = match &invocation.state {
            InvocationState::Done(outcome) => match &outcome.body {
                BodyView::Json(lines) | BodyView::Text(lines) => lines,
                BodyView::Binary { .. } => return self.set_info("A binary body has no text to search.".into()),
                BodyView::Dropped { .. } => return self.set_info("This body is no longer kept.".into()),
                BodyView::None => return self.set_info("This response has no body.".into()),
            },
            _ => return self.set_info("No body yet to search.".into()),
        };
        let holds = |i: usize| crate::find::contains(lines.get(i), &term);
        let total = lines.len();
        let count = (0..total).filter(|&i| holds(i)).count();
        let from = self
            .response
            .found
            .filter(|f| f.invocation == invocation.id)
            .map(|f| f.line);
        let start = if forward { 0 } else { total };
        let Some(line) = super::moves::search_order(total, from, start, forward).find(|&i| holds(i)) else {
            self.response.found = None;
            return self.set_info("No matches in this body.".into());
        };
        let ordinal = (0..=line).filter(|&i| holds(i)).count();
        let invocation_id = invocation.id;
        let width = self.response_size().width as usize;
        let head = crate::ui::response::ResponseDoc::new(self, invocation, width).head_len();
        self.response.found = Some(BodyMatch {
            invocation: invocation_id,
            line,
            ordinal,
            count,
        });
        // A line of context above the match.
        (self.response.top, self.response.top_row) = ((head + line).saturating_sub(1), 0);
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
            Ok(written) if written == path => self.set_info(format!("Saved {}", what_is_in(path))),
            Ok(written) => self.set_info(format!(
                "Saved {} ({} exists already)",
                what_is_in(&written),
                path.display()
            )),
            Err(e) => self.set_error(format!("Not saved to {}: {e}", path.display())),
        }
    }
}

/// "the body to response-….json", or a burst's calls: what a saved file holds.
fn what_is_in(path: &std::path::Path) -> String {
    let name = path.display();
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("burst-"))
    {
        format!("the burst's calls to {name}")
    } else {
        format!("the body to {name}")
    }
}

//! `/` in the Invocations pane: a search over what each row stands for
//! (target, type, request id, error, payload, body), this run's and earlier.

use super::{App, Invocation, InvocationState, Mode, Prompt, PromptKind};
use crate::action::Action;

impl Invocation {
    /// Whether `term` is in what the row stands for (smart case): its
    /// target, type, request id, error, payload or body.
    fn holds(&self, term: &str) -> bool {
        use crate::find::contains;
        let request = &self.request;
        let text = |bytes: &[u8]| String::from_utf8_lossy(&bytes[..bytes.len().min(SEARCHED_BYTES)]).into_owned();
        contains(&request.target(), term)
            || contains(request.invoke_type.as_str(), term)
            || contains(&text(&request.payload), term)
            || match &self.state {
                InvocationState::InFlight => false,
                InvocationState::Failed(error) => contains(error, term),
                InvocationState::Done(outcome) => {
                    outcome.request_id.as_deref().is_some_and(|id| contains(id, term))
                        || outcome.function_error.as_ref().is_some_and(|e| {
                            contains(&e.kind, term)
                                || e.error_type.as_deref().is_some_and(|t| contains(t, term))
                                || e.error_message.as_deref().is_some_and(|m| contains(m, term))
                        })
                        || contains(&text(&outcome.raw_body), term)
                }
            }
    }
}

/// A search reads this much of each payload and body: a thousand rows stay
/// quick to search.
const SEARCHED_BYTES: usize = 64 * 1024;

impl App {
    pub(super) fn invocations_search_action(&mut self, action: Action) {
        match action {
            Action::Search => {
                let search = self.invocations.search.clone().unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::InvocationSearch, &search));
            }
            Action::NextMatch | Action::PreviousMatch if self.invocations.search.is_none() => {
                let key = self.key_label(Action::Search);
                self.set_info(format!("Nothing to find yet: {key} searches the invocations."));
            }
            // Down the pane is older: next goes there, as in the logs.
            Action::NextMatch => self.find_invocation(true),
            Action::PreviousMatch => self.find_invocation(false),
            Action::ClearSearch => self.invocations.search = None,
            Action::ToggleWrap => self.set_info("Invocation rows are not wrapped: Enter shows one whole.".into()),
            _ => {}
        }
    }

    pub(super) fn invocation_search_submitted(&mut self, text: String) {
        self.invocations.search = Some(text).filter(|t| !t.is_empty());
        if self.invocations.search.is_some() {
            // From the row under the cursor, so the first match may be it.
            self.find_invocation_from(true, true);
        }
    }

    fn find_invocation(&mut self, down: bool) {
        self.find_invocation_from(down, false);
    }

    /// Moves the cursor to the next row (down, older) or previous row that
    /// holds the search, wrapping around, and says which of how many.
    fn find_invocation_from(&mut self, down: bool, here_counts: bool) {
        let Some(term) = self.invocations.search.clone() else {
            return;
        };
        let rows = self.invocations.list.len();
        // Rows from the top: row r is list[rows - 1 - r].
        let matching: Vec<usize> = (0..rows)
            .filter(|&r| self.invocations.list[rows - 1 - r].holds(&term))
            .collect();
        let here = self.invocations.cursor;
        let after = |r: usize| r > here || (here_counts && r == here);
        let next = if down {
            matching
                .iter()
                .copied()
                .find(|&r| after(r))
                .or(matching.first().copied())
        } else {
            matching
                .iter()
                .rev()
                .copied()
                .find(|&r| r < here)
                .or(matching.last().copied())
        };
        let term = crate::sanitize::one_line(&term);
        match next {
            Some(row) => {
                self.invocations.cursor = row;
                let ordinal = matching.iter().position(|&r| r == row).unwrap_or(0) + 1;
                self.set_info(format!("Invocation {ordinal} of {} holding {term}", matching.len()));
            }
            None => self.set_info(format!("No invocation holds {term}")),
        }
    }
}

//! A one-line prompt in the footer: the logs pane's filter pattern, search and
//! time range. Typing edits it; `confirm` hands the text to its owner.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::events::EventPrompt;
use super::{App, Command, Mode};

/// Longest text a prompt takes: a filter pattern or a search, not a document.
pub const MAX_PROMPT_CHARS: usize = 1024;

/// A one-line text field. Text it opens with is selected, so typing replaces
/// it and Backspace clears it, rather than adding to the old value.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInput {
    pub text: String,
    pub selected: bool,
    max_chars: usize,
}

impl LineInput {
    pub fn new(text: &str, max_chars: usize) -> LineInput {
        let text: String = text.chars().take(max_chars).collect();
        LineInput {
            selected: !text.is_empty(),
            text,
            max_chars,
        }
    }

    /// Applies a key; true when the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // The field is edited at its end: Home selects it all, so what
            // is typed next replaces it; Ctrl-K and Ctrl-U empty it.
            KeyCode::Home => {
                self.selected = !self.text.is_empty();
                return false;
            }
            KeyCode::Char('k' | 'u') if control => {
                self.selected = false;
                return !std::mem::take(&mut self.text).is_empty();
            }
            _ => {}
        }
        let typed = match key.code {
            KeyCode::Backspace => None,
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
            _ => {
                self.selected = false;
                return false;
            }
        };
        if std::mem::take(&mut self.selected) {
            self.text.clear();
        } else if typed.is_none() {
            return self.text.pop().is_some();
        }
        if let Some(c) = typed {
            self.push(c);
        }
        true
    }

    /// A paste is one line: newlines and tabs become spaces.
    pub fn paste(&mut self, text: &str) -> bool {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
        }
        for c in text.chars() {
            if !self.push(if c.is_control() { ' ' } else { c }) {
                break;
            }
        }
        true
    }

    fn push(&mut self, c: char) -> bool {
        let room = self.text.chars().count() < self.max_chars;
        if room {
            self.text.push(c);
        }
        room
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Sent to the service as FilterLogEvents' filterPattern.
    LogPattern,
    /// Searched in the lines already shown.
    LogSearch,
    /// A custom time range, like 90m.
    LogRange,
    BodySearch,
    InvocationSearch,
    /// A function's client context (JSON).
    ClientContext,
    /// The name to save the payload under.
    SaveEvent,
    /// A saved event's new name.
    RenameEvent,
}

impl PromptKind {
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::LogPattern => "filter pattern (sent to the service): ",
            PromptKind::LogSearch => "search shown lines: ",
            PromptKind::LogRange => "time range (90s, 15m, 6h, 3d): ",
            PromptKind::BodySearch => "search the response body: ",
            PromptKind::InvocationSearch => "search the invocations: ",
            PromptKind::ClientContext => "client context (JSON; empty sends none): ",
            PromptKind::SaveEvent => "save the payload as: ",
            PromptKind::RenameEvent => "rename the event to: ",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    /// Why the last answer was refused; the prompt stays open to fix it.
    pub error: Option<String>,
    /// What a save or rename prompt is about.
    pub event: Option<EventPrompt>,
    /// The function a client-context prompt sets it for.
    pub function: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            input: LineInput::new(text, MAX_PROMPT_CHARS),
            error: None,
            event: None,
            function: None,
        }
    }

    /// A prompt about one function's setting, which may be longer than a search.
    pub fn for_function(kind: PromptKind, text: &str, function: &str, max_chars: usize) -> Prompt {
        Prompt {
            input: LineInput::new(text, max_chars),
            function: Some(function.to_string()),
            ..Prompt::new(kind, "")
        }
    }

    pub fn about_event(kind: PromptKind, text: &str, about: EventPrompt) -> Prompt {
        Prompt {
            event: Some(about),
            ..Prompt::new(kind, text)
        }
    }

    /// The label when the full one leaves no room for the text: what is
    /// being typed, and for a save, where it goes.
    pub fn short_label(&self) -> String {
        match (&self.event, self.kind) {
            (Some(about), PromptKind::SaveEvent) if about.shared => "save shareable as: ".into(),
            (Some(_), PromptKind::SaveEvent) => "save private as: ".into(),
            (_, PromptKind::RenameEvent) => "rename to: ".into(),
            (_, PromptKind::ClientContext) => "client context: ".into(),
            (_, PromptKind::LogPattern) => "pattern: ".into(),
            (_, PromptKind::LogRange) => "range: ".into(),
            _ => "search: ".into(),
        }
    }

    /// What the footer shows before the text: for an event, whose it is
    /// (unsanitized: the footer sanitizes what it draws).
    pub fn label(&self) -> String {
        match (&self.event, self.kind) {
            (Some(about), PromptKind::SaveEvent) if about.shared => format!(
                "save {}'s payload as a shareable event (Tab: private): ",
                about.target.function
            ),
            (Some(about), PromptKind::SaveEvent) => format!(
                "save {}'s payload as a private event (Tab: shareable): ",
                about.target.function
            ),
            (Some(about), PromptKind::RenameEvent) => format!(
                "rename {}'s {}event {} to: ",
                about.target.function,
                if about.shared { "shareable " } else { "" },
                about.renaming.as_deref().unwrap_or("")
            ),
            (_, PromptKind::ClientContext) => format!(
                "{}'s client context (JSON; empty sends none): ",
                self.function.as_deref().unwrap_or("")
            ),
            _ => self.kind.label().to_string(),
        }
    }

    pub fn text(&self) -> &str {
        &self.input.text
    }
}

impl App {
    /// `C`: the client context of the function whose payload the editor holds.
    pub(super) fn open_client_context_prompt(&mut self) {
        let Some(function) = self.payload.owner.clone() else {
            return self.set_error("Pick a function first: a client context belongs to one".into());
        };
        let text = self.client_contexts.get(&function).cloned().unwrap_or_default();
        // The encoded limit allows about 2,700 bytes of JSON.
        self.mode = Mode::Prompt(Prompt::for_function(PromptKind::ClientContext, &text, &function, 4_096));
    }

    fn client_context_submitted(&mut self, mut prompt: Prompt) {
        let Some(function) = prompt.function.clone() else {
            return;
        };
        let text = prompt.text().trim().to_string();
        let name = crate::sanitize::one_line(&function);
        if text.is_empty() {
            self.client_contexts.remove(&function);
            return self.set_info(format!("{name} sends no client context"));
        }
        match crate::client_context::encode(&text) {
            Ok(encoded) => {
                self.client_contexts.insert(function, text);
                self.set_info(format!(
                    "{name}'s client context is set ({} bytes encoded): it goes with sync invokes",
                    encoded.len()
                ));
            }
            Err(why) => {
                prompt.error = Some(format!("Not set: {why}"));
                self.mode = Mode::Prompt(prompt);
            }
        }
    }

    pub(super) fn prompt_submitted(&mut self, prompt: Prompt) -> Vec<Command> {
        match prompt.kind {
            PromptKind::LogPattern | PromptKind::LogSearch | PromptKind::LogRange => self.logs_prompt_submitted(prompt),
            PromptKind::BodySearch => {
                self.body_search_submitted(prompt.text().to_string());
                Vec::new()
            }
            PromptKind::InvocationSearch => {
                self.invocation_search_submitted(prompt.text().to_string());
                Vec::new()
            }
            PromptKind::ClientContext => {
                self.client_context_submitted(prompt);
                Vec::new()
            }
            PromptKind::SaveEvent | PromptKind::RenameEvent => self.event_prompt_submitted(prompt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn text_it_opens_with_is_replaced_by_typing_and_cleared_by_backspace() {
        let mut input = LineInput::new("old search", 8);
        assert_eq!(input.text, "old sear", "bounded");
        assert!(input.input(key('n')));
        assert_eq!(input.text, "n");
        let mut input = LineInput::new("old", 8);
        assert!(input.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
        assert_eq!(input.text, "");
        let mut input = LineInput::new("old", 8);
        input.input(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        input.input(key('!'));
        assert_eq!(input.text, "old!", "a move keeps the text and types after it");
        input.paste("a\nb very long paste");
        assert_eq!(input.text, "old!a b ", "newlines become spaces, and the bound holds");
    }
}

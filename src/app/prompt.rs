//! A one-line prompt in the footer: the logs pane's filter pattern, search and
//! time range. Typing edits it; `confirm` hands the text to its owner.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Command};

/// Longest text a prompt takes: a filter pattern or a search, not a document.
const MAX_PROMPT_CHARS: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Sent to the service as FilterLogEvents' filterPattern.
    LogPattern,
    /// Searched in the lines already shown.
    LogSearch,
    /// A custom time range, like 90m.
    LogRange,
}

impl PromptKind {
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::LogPattern => "filter pattern (sent to the service): ",
            PromptKind::LogSearch => "search shown lines: ",
            PromptKind::LogRange => "time range (90s, 15m, 6h, 3d): ",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            text: text.chars().take(MAX_PROMPT_CHARS).collect(),
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Backspace => {
                self.text.pop();
            }
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                self.push(c);
            }
            _ => {}
        }
    }

    /// A paste is one line: newlines and tabs become spaces.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars() {
            self.push(if c.is_control() { ' ' } else { c });
        }
    }

    fn push(&mut self, c: char) {
        if self.text.chars().count() < MAX_PROMPT_CHARS {
            self.text.push(c);
        }
    }
}

impl App {
    pub(super) fn prompt_submitted(&mut self, prompt: Prompt) -> Vec<Command> {
        match prompt.kind {
            PromptKind::LogPattern | PromptKind::LogSearch | PromptKind::LogRange => {
                self.logs_prompt_submitted(prompt.kind, prompt.text)
            }
        }
    }
}

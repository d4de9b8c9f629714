//! The Payload pane: the editor, its live JSON validity, and one draft per
//! function, kept when the cursor moves and saved at exit.

use crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use super::{App, Command, Mode, Pane};
use crate::action::Action;
use crate::payload::{self, Validity};
use crate::theme::Theme;

pub struct PayloadEditor {
    pub editor: TextArea<'static>,
    pub validity: Validity,
    /// Payload drafts of the functions left behind, by ARN (or name).
    pub drafts: crate::store::Drafts,
    /// The theme's styles, kept so that a fresh editor looks the same.
    line_numbers: Style,
    placeholder: Style,
}

impl PayloadEditor {
    pub fn new(theme: &Theme) -> PayloadEditor {
        let mut editor = PayloadEditor {
            editor: TextArea::default(),
            validity: Validity::Empty,
            drafts: Default::default(),
            line_numbers: theme.dim(),
            placeholder: theme.dim(),
        };
        editor.set_text("");
        editor
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Replaces the text and its undo history (another function's draft).
    pub fn set_text(&mut self, text: &str) {
        let lines = text.split('\n').map(str::to_string).collect();
        let mut editor = TextArea::new(lines);
        editor.set_placeholder_text("type the JSON payload here (left empty, none is sent)");
        editor.set_placeholder_style(self.placeholder);
        editor.set_cursor_line_style(Style::default());
        editor.set_line_number_style(self.line_numbers);
        editor.set_tab_length(2);
        editor.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
        editor.set_cursor_style(Style::default());
        self.editor = editor;
        self.revalidate();
    }

    /// Replaces the text through the editor, so that undo brings the old text back.
    pub fn replace_undoably(&mut self, text: &str) {
        self.editor.select_all();
        self.editor.insert_str(text);
        self.revalidate();
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.editor.input(key) {
            self.revalidate();
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.editor.insert_str(text);
        self.revalidate();
    }

    fn revalidate(&mut self) {
        self.validity = payload::validate(&self.text());
    }

    /// Without the keyboard the editor's cursor would mislead: it is hidden.
    pub fn show_cursor(&mut self, visible: bool) {
        let style = if visible {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        if self.editor.cursor_style() != style {
            self.editor.set_cursor_style(style);
        }
    }
}

impl App {
    pub fn payload_text(&self) -> String {
        self.payload.text()
    }

    pub fn set_payload_text(&mut self, text: &str) {
        self.payload.set_text(text);
    }

    pub(super) fn editor_action(&mut self, action: Action) -> Vec<Command> {
        if action == Action::LeaveEditor {
            self.focus = Pane::Functions;
            self.mode = Mode::Normal;
        }
        Vec::new()
    }

    pub(super) fn format_payload(&mut self) {
        match payload::pretty(&self.payload.text()) {
            Ok(pretty) => {
                self.payload.replace_undoably(&pretty);
                self.set_info("Formatted (Ctrl-U twice brings back the text as it was)".into());
            }
            Err(invalid) => self.set_error(format!("Cannot format: {}", invalid.describe())),
        }
    }

    fn draft_key(&self, name: &str) -> String {
        match self.functions.find(name) {
            Some(f) if !f.arn.is_empty() => f.arn.clone(),
            _ => name.to_string(),
        }
    }

    /// Each function keeps its own draft: the one left is stashed, the one
    /// arrived at is restored. A function with no draft yet keeps the text as it
    /// is, so a payload typed before picking a function is not lost.
    pub(super) fn swap_draft(&mut self, from: Option<&str>, to: &str) {
        let text = self.payload.text();
        if let Some(from) = from {
            let key = self.draft_key(from);
            if text.trim().is_empty() {
                self.payload.drafts.by_function.remove(&key);
            } else {
                self.payload.drafts.by_function.insert(key, text);
            }
        }
        let key = self.draft_key(to);
        if let Some(draft) = self.payload.drafts.by_function.get(&key).cloned() {
            self.payload.set_text(&draft);
        }
    }

    /// Puts the current draft with the others, for saving at exit.
    pub fn stash_draft(&mut self) {
        if let Some(name) = self.selected_name() {
            self.swap_draft(Some(&name), &name);
        }
    }
}

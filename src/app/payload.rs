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
    /// The validity of the text at a generation, worked out when first
    /// asked for: a key (or each character of a paste a terminal sends as
    /// keys) costs no parse of the whole payload.
    validity: std::cell::RefCell<(u64, Validity, usize)>,
    /// Payload drafts of the functions left behind, by ARN (or name).
    pub drafts: crate::store::Drafts,
    /// The function whose draft the editor holds.
    pub owner: Option<String>,
    /// Counts changes to the text, so an autosave knows when there is one.
    pub generation: u64,
    /// The generation last put with the drafts.
    pub stashed_generation: u64,
    /// The theme's styles, kept so that a fresh editor looks the same.
    line_numbers: Style,
    placeholder: Style,
}

impl PayloadEditor {
    pub fn new(theme: &Theme) -> PayloadEditor {
        let mut editor = PayloadEditor {
            editor: TextArea::default(),
            validity: std::cell::RefCell::new((u64::MAX, Validity::Empty, 0)),
            drafts: Default::default(),
            owner: None,
            generation: 0,
            stashed_generation: 0,
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
        self.changed();
    }

    /// Selects the whole text. The widget's own select_all jumps to column
    /// 65,535 at most (its columns are 16-bit), which would leave the rest
    /// of a longer line out of a replace or a clear.
    fn select_everything(&mut self) {
        use ratatui_textarea::CursorMove;
        self.editor.cancel_selection();
        self.editor.move_cursor(CursorMove::Top);
        self.editor.move_cursor(CursorMove::Head);
        self.editor.start_selection();
        self.editor.move_cursor(CursorMove::Bottom);
        self.editor.move_cursor(CursorMove::End);
    }

    /// Replaces the text through the editor, so that undo brings the old text back.
    pub fn replace_undoably(&mut self, text: &str) {
        self.select_everything();
        self.editor.insert_str(text);
        self.changed();
    }

    /// Empties the editor through an edit, so undo brings the text back.
    pub fn clear_undoably(&mut self) {
        self.select_everything();
        if self.editor.cut() {
            self.changed();
        }
    }

    /// Where typing goes on: after the last character.
    pub fn cursor_to_end(&mut self) {
        self.editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.editor.move_cursor(ratatui_textarea::CursorMove::End);
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.editor.input(key) {
            self.changed();
        }
    }

    /// Characters typed, inserted at the cursor at once.
    pub fn type_text(&mut self, text: &str) {
        self.editor.insert_str(text);
        self.changed();
    }

    /// Terminals send a paste's line breaks as CR (tmux, most emulators) or
    /// CRLF: each is a new line here.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.editor.insert_str(&text);
        self.changed();
    }

    fn changed(&mut self) {
        self.generation += 1;
    }

    /// Whether the text is JSON, and where it is not, for the pane's title.
    pub fn validity(&self) -> Validity {
        self.refresh_checks();
        self.validity.borrow().1.clone()
    }

    /// Characters in the text that the editor shows as nothing or that
    /// reorder what follows (zero-width, bidi controls): sent all the same.
    pub fn hidden_characters(&self) -> usize {
        self.refresh_checks();
        self.validity.borrow().2
    }

    fn refresh_checks(&self) {
        let mut cached = self.validity.borrow_mut();
        if cached.0 != self.generation {
            let text = self.text();
            let hidden = text.chars().filter(|&c| crate::sanitize::is_hidden(c)).count();
            *cached = (self.generation, payload::validate(&text), hidden);
        }
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

/// The payload handed to the user's editor, and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalEdit {
    pub owner: Option<String>,
    pub text: String,
}

impl App {
    /// What the user's editor left: loaded through the editor (so undo
    /// brings the old text back) into the payload it was opened on.
    pub(super) fn on_editor_done(&mut self, owner: Option<String>, result: Result<crate::editor::Edited, String>) {
        use crate::editor::Edited;
        match result {
            // The editor held the terminal, so nothing could move the
            // payload meanwhile; should it have, the text is not put in
            // another function's payload.
            Ok(Edited::Changed(_)) if owner != self.payload.owner => {
                self.set_error("The payload changed hands while the editor was open: the edit was not loaded".into())
            }
            Ok(Edited::Changed(text)) => {
                self.payload.replace_undoably(&text);
                match self.payload.validity() {
                    invalid @ Validity::Invalid { .. } => self.set_error(format!(
                        "Loaded from the editor, but it is not JSON: {} (Ctrl-U twice brings back the text before)",
                        invalid.describe()
                    )),
                    _ => self.set_info("Loaded from the editor (Ctrl-U twice brings back the text before)".into()),
                }
            }
            Ok(Edited::Unchanged) => self.set_info("The editor left the payload as it was".into()),
            Err(why) => self.set_error(format!("The payload was kept as it was: {why}")),
        }
    }

    pub fn payload_text(&self) -> String {
        self.payload.text()
    }

    pub fn set_payload_text(&mut self, text: &str) {
        self.payload.set_text(text);
    }

    pub(super) fn editor_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::LeaveEditor => {
                self.focus = Pane::Functions;
                self.mode = Mode::Normal;
            }
            Action::ClearPayload if !self.payload.text().is_empty() => {
                self.payload.clear_undoably();
                // Ctrl-U is the editor's own undo: no key map can take it.
                self.set_info("Cleared (Ctrl-U brings the text back)".into());
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn format_payload(&mut self) {
        match payload::pretty(&self.payload.text()) {
            Ok(pretty) => {
                self.payload.replace_undoably(&pretty);
                self.set_info("Formatted (Ctrl-U twice brings back the text as it was)".into());
            }
            Err(why) => self.set_error(format!("Cannot format: {why}")),
        }
    }

    fn draft_key(&self, name: &str) -> String {
        match self.functions.find(name) {
            Some(f) if !f.arn.is_empty() => f.arn.clone(),
            _ => name.to_string(),
        }
    }

    /// Each function keeps its own draft: the one the editor holds is kept,
    /// the one arrived at comes back, and a function with no draft starts
    /// empty, so a payload is never carried to a function it was not written
    /// for. Only text typed before any function was picked goes with the
    /// first one.
    pub(super) fn switch_draft_to(&mut self, name: &str) {
        if self.payload.owner.as_deref() == Some(name) {
            return;
        }
        let had_owner = self.payload.owner.is_some();
        self.stash_draft();
        match self.payload.drafts.get(&self.draft_key(name)).cloned() {
            Some(draft) => self.payload.set_text(&draft),
            None if had_owner => self.payload.set_text(""),
            None => {}
        }
        self.payload.owner = Some(name.to_string());
    }

    /// Puts the editor's text with the drafts, under the function it belongs
    /// to (whatever the cursor or a filter shows now).
    pub fn stash_draft(&mut self) {
        if let Some(owner) = self.payload.owner.clone() {
            let text = self.payload.text();
            let key = self.draft_key(&owner);
            self.payload.drafts.set(&key, &text);
        }
        self.payload.stashed_generation = self.payload.generation;
    }

    /// True when some typing is not in the store yet.
    pub fn has_unsaved_drafts(&self) -> bool {
        self.payload.drafts.has_unsaved() || self.payload.generation != self.payload.stashed_generation
    }
}

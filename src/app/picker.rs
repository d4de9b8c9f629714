//! The event template picker: choose what AWS sends a function, load it into
//! the editor.

use super::{App, Command, Move, Pane};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picker {
    pub cursor: usize,
}

impl Picker {
    pub fn items(&self) -> impl Iterator<Item = &'static str> {
        crate::templates::TEMPLATES.iter().map(|(name, _)| *name)
    }

    pub fn move_by(&mut self, step: Move, page: usize) {
        self.cursor = step.apply(self.cursor, crate::templates::TEMPLATES.len(), page);
    }
}

impl App {
    pub(super) fn picker_chosen(&mut self, picker: Picker) -> Vec<Command> {
        let templates = crate::templates::TEMPLATES;
        let (name, text) = templates[picker.cursor.min(templates.len() - 1)];
        // Through the editor, so undo brings back the draft it replaced.
        self.payload.replace_undoably(text.trim_end());
        let commands = self.focus_pane(Pane::Payload);
        self.set_info(format!(
            "Loaded the {name} template (Ctrl-U twice brings back the previous text)"
        ));
        commands
    }
}

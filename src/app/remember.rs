//! Where the user was, kept across restarts: the selected function, the
//! invocation type, each function's qualifier and client context, the
//! logs' range and pattern.

use super::{App, TimeRange};
use crate::model::InvokeType;
use crate::store::Remembered;

impl App {
    pub fn remembered(&self) -> Remembered {
        Remembered {
            selected_function: self.selected_name().or_else(|| self.restore_selection.clone()),
            invoke_type: Some(self.invoke_type.short_name().to_string()),
            qualifiers: self.qualifiers.iter().map(|(f, q)| (f.clone(), q.clone())).collect(),
            client_contexts: self
                .client_contexts
                .iter()
                .map(|(f, c)| (f.clone(), c.clone()))
                .collect(),
            logs_range: Some(self.logs.range.as_typed()),
            logs_pattern: self.logs.pattern.clone(),
        }
    }

    /// Puts back what was remembered; what no longer parses is left out.
    /// The function is selected when its page of the list arrives, unless
    /// the user has moved the cursor by then.
    pub fn restore(&mut self, remembered: Remembered) {
        if let Some(kind) = remembered.invoke_type.as_deref().and_then(InvokeType::parse) {
            self.invoke_type = kind;
        }
        self.qualifiers = remembered.qualifiers.into_iter().collect();
        self.client_contexts = remembered.client_contexts.into_iter().collect();
        if let Some(range) = remembered.logs_range.as_deref().and_then(|r| TimeRange::parse(r).ok()) {
            self.logs.range = range;
        }
        self.logs.pattern = remembered.logs_pattern;
        self.restore_selection = remembered.selected_function;
    }

    /// What the store keeps of the place switched to: its qualifiers and
    /// client contexts fill in what this run has not set there, and the
    /// selection comes back if none is waiting. Only now is the place's
    /// state saved, so nothing stored is written over.
    pub(super) fn on_remembered(&mut self, place: String, result: Result<Remembered, String>) {
        if place != self.history_place {
            return;
        }
        match result {
            Ok(remembered) => {
                for (function, qualifier) in remembered.qualifiers {
                    self.qualifiers.entry(function).or_insert(qualifier);
                }
                for (function, context) in remembered.client_contexts {
                    self.client_contexts.entry(function).or_insert(context);
                }
                if self.restore_selection.is_none() && self.selected_name().is_none() {
                    self.restore_selection = remembered.selected_function;
                }
                self.remembered_place = Some(place);
            }
            Err(why) => self.set_error(format!("What this place remembers was not read: {why}")),
        }
    }

    /// Selects the remembered function once the list holds it.
    pub(super) fn restore_selection_if_listed(&mut self) {
        if let Some(name) = &self.restore_selection
            && self.functions.select(name)
        {
            self.restore_selection = None;
        }
    }
}

//! The Details pane: versions and aliases of the function under the cursor,
//! loaded when it is selected, and the qualifier the next invoke uses.

use super::{App, Command};
use crate::model::Details;

#[derive(Debug, Clone, PartialEq)]
pub enum DetailsState {
    Loading,
    Loaded(Box<Details>),
    Failed(String),
}

/// Versions and aliases of the function under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDetails {
    pub function: String,
    /// The id of the load whose answer is accepted; older answers are stale.
    pub load_id: u64,
    pub state: DetailsState,
}

/// Functions whose details are kept for the session.
const MAX_DETAILS_KEPT: usize = 500;

impl App {
    /// Details already loaded this session show at once (going back is
    /// instant); others load (the backend waits for the cursor to rest and
    /// drops a load the next one replaces).
    pub(super) fn load_details(&mut self, function: String) -> Option<Command> {
        let id = self.next_id();
        let kept = self.details_kept.get(&function).cloned();
        let state = match kept {
            Some(details) => DetailsState::Loaded(details),
            None => DetailsState::Loading,
        };
        let load = matches!(state, DetailsState::Loading);
        self.details = Some(FunctionDetails {
            function: function.clone(),
            load_id: id,
            state,
        });
        load.then_some(Command::LoadDetails { id, function })
    }

    pub(super) fn on_details_loaded(&mut self, id: u64, function: &str, result: Result<Box<Details>, String>) {
        if let Some(details) = &mut self.details
            && details.load_id == id
            && details.function == function
        {
            details.state = match result {
                Ok(d) => {
                    // Bounded: a long session over a big account starts over.
                    if self.details_kept.len() >= MAX_DETAILS_KEPT {
                        self.details_kept.clear();
                    }
                    self.details_kept.insert(function.to_string(), d.clone());
                    DetailsState::Loaded(d)
                }
                Err(e) => DetailsState::Failed(e),
            };
        }
    }

    /// The qualifier choices for the function under the cursor: (label, qualifier).
    pub fn qualifier_choices(&self) -> Vec<(String, Option<String>)> {
        let mut choices = vec![("$LATEST".to_string(), None)];
        if let Some(FunctionDetails {
            state: DetailsState::Loaded(details),
            function,
            ..
        }) = &self.details
            && self.functions.selected().is_some_and(|f| &f.name == function)
        {
            let mut versions: Vec<_> = details.versions.iter().filter(|v| v.version != "$LATEST").collect();
            versions.sort_by_key(|v| std::cmp::Reverse(v.version.parse::<u64>().unwrap_or(0)));
            for v in versions {
                choices.push((format!("version {}", v.version), Some(v.version.clone())));
            }
            for a in &details.aliases {
                choices.push((
                    format!("alias {} → {}", a.name, a.function_version),
                    Some(a.name.clone()),
                ));
            }
        }
        choices
    }

    /// The qualifier the next invoke of the function under the cursor uses,
    /// with its label. Each function keeps its own choice by name, so it
    /// holds while the versions and aliases load, and when coming back.
    pub fn selected_qualifier(&self) -> (String, Option<String>) {
        let Some(chosen) = self
            .selected_name()
            .and_then(|name| self.qualifiers.get(&name).cloned())
        else {
            return ("$LATEST".to_string(), None);
        };
        self.qualifier_choices()
            .into_iter()
            .find(|(_, qualifier)| qualifier.as_deref() == Some(chosen.as_str()))
            .unwrap_or_else(|| (chosen.clone(), Some(chosen)))
    }

    pub(super) fn cycle_qualifier(&mut self, forward: bool) {
        let Some(name) = self.selected_name() else {
            return;
        };
        let choices = self.qualifier_choices();
        let (_, current) = self.selected_qualifier();
        let n = choices.len();
        let i = choices.iter().position(|(_, q)| *q == current).unwrap_or(0);
        let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
        self.choose_qualifier(&name, choices[next].1.clone());
    }

    /// Makes `qualifier` (None: $LATEST) the one `function`'s invokes use.
    pub(super) fn choose_qualifier(&mut self, function: &str, qualifier: Option<String>) {
        match qualifier {
            Some(qualifier) => self.qualifiers.insert(function.to_string(), qualifier),
            None => self.qualifiers.remove(function),
        };
    }
}

//! The events picker (`E`): the function's saved events, then the templates,
//! filtered fuzzily as the user types; the choice goes into the editor.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::events::EventTarget;
use super::{App, Command, LineInput, Mode, Move, Pane, Question};
use crate::action::Action;
use crate::templates::TEMPLATES;

/// The longest filter: a name is at most a few dozen characters.
const MAX_FILTER_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub filter: LineInput,
    /// Among the entries the filter keeps.
    pub cursor: usize,
    /// The function whose payload the editor holds: its saved events are
    /// listed, and a choice goes to its payload only.
    pub target: Option<EventTarget>,
}

impl Default for Picker {
    fn default() -> Self {
        Picker::new(None)
    }
}

impl Picker {
    pub fn new(target: Option<EventTarget>) -> Picker {
        Picker {
            filter: LineInput::new("", MAX_FILTER_CHARS),
            cursor: 0,
            target,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Saved,
    Shared,
    Templates,
}

/// One choice in the picker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    pub group: Group,
    pub name: &'a str,
    pub body: &'a str,
}

impl App {
    /// What the picker lists, in order: saved events, then templates; with a
    /// filter, only what matches, best first within each group.
    pub fn picker_entries(&self, picker: &Picker) -> Vec<Entry<'_>> {
        let listed = |shared: bool| {
            picker
                .target
                .as_ref()
                .and_then(|target| self.saved_events.of(&target.owner_of(shared)))
                .unwrap_or_default()
        };
        let saved = [(Group::Saved, listed(false)), (Group::Shared, listed(true))]
            .into_iter()
            .flat_map(|(group, events)| {
                events.iter().map(move |e| Entry {
                    group,
                    name: &e.name,
                    body: &e.body,
                })
            });
        let templates = TEMPLATES.iter().map(|(name, body)| Entry {
            group: Group::Templates,
            name,
            body,
        });
        let all: Vec<Entry> = saved.chain(templates).collect();
        let typed = picker.filter.text.trim();
        if typed.is_empty() {
            return all;
        }
        let pattern = Pattern::parse(typed, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buffer = Vec::new();
        let mut scored: Vec<(Entry, u32)> = all
            .into_iter()
            .filter_map(|entry| {
                let score = pattern.score(Utf32Str::new(entry.name, &mut buffer), &mut matcher)?;
                Some((entry, score))
            })
            .collect();
        // Stable: equal scores keep the listed order.
        scored.sort_by_key(|(entry, score)| (entry.group as u8, std::cmp::Reverse(*score)));
        scored.into_iter().map(|(entry, _)| entry).collect()
    }

    /// `E`: the picker, for the function whose payload the editor holds;
    /// its saved events are read again, as another console may have saved some.
    pub(super) fn open_picker(&mut self) -> Vec<Command> {
        let target = self.event_target();
        let commands = target
            .as_ref()
            .map(|target| {
                vec![
                    self.load_saved_events(&target.owner),
                    self.load_saved_events(&target.shared_owner()),
                ]
            })
            .unwrap_or_default();
        self.mode = Mode::Picker(Picker::new(target));
        commands
    }

    pub(super) fn move_in_picker(&mut self, step: Move, page: usize) {
        let count = match &self.mode {
            Mode::Picker(picker) => self.picker_entries(picker).len(),
            _ => return,
        };
        if let Mode::Picker(picker) = &mut self.mode {
            picker.cursor = step.apply(picker.cursor, count, page);
        }
    }

    /// The filter changed: the best match is picked.
    pub(super) fn picker_filter_changed(&mut self) {
        if let Mode::Picker(picker) = &mut self.mode {
            picker.cursor = 0;
        }
    }

    pub(super) fn picker_chosen(&mut self, picker: Picker) -> Vec<Command> {
        let chosen = self
            .picker_entries(&picker)
            .get(picker.cursor)
            .map(|entry| (entry.group, entry.name.to_string(), entry.body.trim_end().to_string()));
        let Some((group, name, body)) = chosen else {
            self.set_info("Nothing matches: nothing was loaded".into());
            return Vec::new();
        };
        // The editor cannot change hands while the picker is open; should it
        // have, the choice is not loaded into another function's payload.
        let owner_now = self.payload.owner.as_deref();
        if picker.target.as_ref().map(|t| t.function.as_str()) != owner_now && picker.target.is_some() {
            self.set_error("The payload changed hands while the picker was open: nothing was loaded".into());
            return Vec::new();
        }
        // Through the editor, so undo brings back the draft it replaced.
        self.payload.replace_undoably(&body);
        let what = match group {
            Group::Saved | Group::Shared => {
                if let Some(target) = &picker.target {
                    self.saved_events.used(&target.owner, &name);
                }
                match group {
                    Group::Shared => format!("the shareable event {name}"),
                    _ => format!("the saved event {name}"),
                }
            }
            Group::Templates => format!("the {name} template"),
        };
        let commands = self.focus_pane(Pane::Payload);
        self.set_info(format!("Loaded {what} (Ctrl-U twice brings back the previous text)"));
        commands
    }

    pub(super) fn picker_action(&mut self, action: Action) -> Vec<Command> {
        let Mode::Picker(picker) = &self.mode else {
            return Vec::new();
        };
        let picker = picker.clone();
        let entry = self
            .picker_entries(&picker)
            .get(picker.cursor)
            .map(|entry| (entry.group, entry.name.to_string()));
        let (Some((group, name)), Some(target)) = (entry, picker.target.clone()) else {
            self.set_info("Nothing picked: only saved events can be renamed or deleted".into());
            return Vec::new();
        };
        if group == Group::Templates {
            self.set_info(format!(
                "{name} is a template: only saved events can be renamed or deleted ({} saves the payload as one)",
                self.key_label(Action::SaveEvent)
            ));
            return Vec::new();
        }
        match action {
            Action::RenameEvent => self.open_rename_prompt(target, name, group == Group::Shared, picker),
            Action::DeleteEvent => {
                self.mode = Mode::Question(Question::DeleteEvent {
                    target,
                    name,
                    shared: group == Group::Shared,
                    picker: Box::new(picker),
                })
            }
            _ => {}
        }
        Vec::new()
    }
}

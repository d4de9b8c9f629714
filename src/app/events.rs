//! Saved test events: `S` names the payload and keeps it with its function,
//! the picker lists, renames and deletes them. The store's worker does the
//! writing; this keeps what it last answered and says what came of it.

use std::collections::HashMap;

use super::{App, Command, Mode, Picker, Prompt, PromptKind};
use crate::action::Action;
use crate::saved_events::{EventOwner, EventsChange, EventsRefusal, EventsRequest, SavedEvent, check_body, check_name};

/// The function a saved event belongs to: its name for messages, its owner
/// for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTarget {
    pub function: String,
    /// Where its private events are kept.
    pub owner: EventOwner,
}

impl EventTarget {
    /// Where its shareable events are kept (the account's Schemas registry).
    pub fn shared_owner(&self) -> EventOwner {
        EventOwner {
            shared: true,
            ..self.owner.clone()
        }
    }

    pub fn owner_of(&self, shared: bool) -> EventOwner {
        if shared {
            self.shared_owner()
        } else {
            self.owner.clone()
        }
    }
}

/// A prompt about a saved event: naming one to save, or renaming one.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPrompt {
    pub target: EventTarget,
    /// The event being renamed; None when saving the payload.
    pub renaming: Option<String>,
    /// A name the user was told exists: Enter again on it replaces that event.
    pub replace: Option<String>,
    /// Where Enter or Esc goes back to.
    pub return_to: Option<Box<Picker>>,
    /// Saving (or renaming) a shareable event rather than a private one.
    pub shared: bool,
}

#[derive(Debug, Default)]
pub struct SavedEvents {
    by_owner: HashMap<EventOwner, Vec<SavedEvent>>,
    /// The event last loaded or saved per function: `S` offers its name.
    last_used: HashMap<EventOwner, String>,
    /// Why shareable events cannot be listed here (no permission, no
    /// Schemas API at this endpoint), for the picker to say.
    unavailable: HashMap<EventOwner, String>,
}

impl SavedEvents {
    /// The function's events as the store last said, or None before it has.
    pub fn of(&self, owner: &EventOwner) -> Option<&[SavedEvent]> {
        self.by_owner.get(owner).map(Vec::as_slice)
    }

    pub fn unavailable(&self, owner: &EventOwner) -> Option<&str> {
        self.unavailable.get(owner).map(String::as_str)
    }

    pub fn used(&mut self, owner: &EventOwner, name: &str) {
        self.last_used.insert(owner.clone(), name.to_string());
    }

    fn exists(&self, owner: &EventOwner, name: &str) -> bool {
        self.of(owner)
            .is_some_and(|events| events.iter().any(|e| e.name == name))
    }
}

impl App {
    /// Saved events belong to the function whose payload the editor holds,
    /// whatever the cursor shows.
    pub(super) fn event_target(&self) -> Option<EventTarget> {
        let function = self.payload.owner.clone()?;
        let arn = self
            .functions
            .find(&function)
            .map(|f| unqualified(&f.arn).to_string())
            .filter(|arn| !arn.is_empty())
            .unwrap_or_else(|| function.clone());
        Some(EventTarget {
            owner: EventOwner {
                place: self.events_place.clone(),
                function: arn,
                shared: false,
            },
            function,
        })
    }

    pub(super) fn load_saved_events(&self, owner: &EventOwner) -> Command {
        Command::Events(EventsRequest::Load { owner: owner.clone() })
    }

    /// `S`: asks for a name for the payload, offering the event last used.
    pub(super) fn open_save_prompt(&mut self) -> Vec<Command> {
        let Some(target) = self.event_target() else {
            self.set_error("Pick a function first: a saved event belongs to one".into());
            return Vec::new();
        };
        let body = self.payload.text();
        if body.trim().is_empty() {
            self.set_error("The payload is empty: there is nothing to save".into());
            return Vec::new();
        }
        if let invalid @ crate::payload::Validity::Invalid { .. } = self.payload.validity() {
            self.set_error(format!("Not saved: the payload is not JSON ({})", invalid.describe()));
            return Vec::new();
        }
        if let Err(why) = check_body(&body) {
            self.set_error(format!("Not saved: {why}"));
            return Vec::new();
        }
        let name = self
            .saved_events
            .last_used
            .get(&target.owner)
            .cloned()
            .unwrap_or_default();
        let loads = vec![
            self.load_saved_events(&target.owner),
            self.load_saved_events(&target.shared_owner()),
        ];
        self.mode = Mode::Prompt(Prompt::about_event(
            PromptKind::SaveEvent,
            &name,
            EventPrompt {
                target,
                renaming: None,
                replace: None,
                return_to: None,
                shared: false,
            },
        ));
        loads
    }

    pub(super) fn open_rename_prompt(&mut self, target: EventTarget, name: String, shared: bool, picker: Picker) {
        self.mode = Mode::Prompt(Prompt::about_event(
            PromptKind::RenameEvent,
            &name,
            EventPrompt {
                target,
                renaming: Some(name.clone()),
                replace: None,
                return_to: Some(Box::new(picker)),
                shared,
            },
        ));
    }

    /// The answer to "replace it?": yes saves over it, no goes back to the name.
    pub(super) fn replace_answered(&mut self, yes: bool, name: String, mut prompt: Prompt) -> Vec<Command> {
        if !yes {
            prompt.error = Some(format!("{name} is kept: pick another name"));
            self.mode = Mode::Prompt(prompt);
            return Vec::new();
        }
        if let Some(about) = prompt.event.as_mut() {
            about.replace = Some(name);
        }
        self.event_prompt_submitted(prompt)
    }

    /// Tab in the save prompt: private or shareable.
    pub(super) fn toggle_shareable(&mut self) {
        if let Mode::Prompt(Prompt {
            kind: PromptKind::SaveEvent,
            event: Some(about),
            error,
            ..
        }) = &mut self.mode
        {
            about.shared = !about.shared;
            about.replace = None;
            *error = None;
        }
    }

    /// Enter in a save or rename prompt: a bad name, or one taken, keeps the
    /// prompt open and says why; a taken name is replaced on a second Enter.
    pub(super) fn event_prompt_submitted(&mut self, mut prompt: Prompt) -> Vec<Command> {
        let Some(about) = prompt.event.take() else {
            return Vec::new();
        };
        let name = prompt.text().trim().to_string();
        let refuse = |app: &mut App, mut prompt: Prompt, about: EventPrompt, why: String| {
            prompt.error = Some(why);
            prompt.event = Some(about);
            app.mode = Mode::Prompt(prompt);
            Vec::new()
        };
        if let Err(why) = check_name(&name) {
            return refuse(self, prompt, about, why);
        }
        let owner = about.target.owner_of(about.shared);
        let taken = about.renaming.as_deref() != Some(name.as_str()) && self.saved_events.exists(&owner, &name);
        let request = match about.renaming.clone() {
            Some(_) if taken => {
                let why = format!("{name} is taken: pick another name");
                return refuse(self, prompt, about, why);
            }
            Some(from) => EventsRequest::Rename { owner, from, to: name },
            None => {
                let agreed = about.replace.as_deref() == Some(name.as_str());
                if taken && !agreed {
                    prompt.event = Some(about);
                    self.mode = Mode::Question(super::Question::ReplaceEvent {
                        name,
                        prompt: Box::new(prompt),
                    });
                    return Vec::new();
                }
                // The editor cannot change hands while the prompt is open;
                // should it have, nothing is saved under another function.
                if self.payload.owner.as_deref() != Some(about.target.function.as_str()) {
                    self.set_error("The payload changed hands while naming it: nothing was saved".into());
                    return Vec::new();
                }
                self.saved_events.used(&about.target.owner, &name);
                EventsRequest::Save {
                    owner,
                    name,
                    body: self.payload.text(),
                    replace: agreed,
                }
            }
        };
        if let Some(picker) = about.return_to {
            self.mode = Mode::Picker(*picker);
        }
        vec![Command::Events(request)]
    }

    /// The store's answer: its list replaces ours, and a change is said.
    pub(super) fn on_saved_events(
        &mut self,
        owner: EventOwner,
        change: EventsChange,
        result: Result<Vec<SavedEvent>, EventsRefusal>,
    ) {
        let function = function_name(&owner.function).to_string();
        let events = match result {
            Ok(events) => events,
            // Listing shareable events where they cannot be: the picker says why.
            Err(refusal @ (EventsRefusal::Forbidden(_) | EventsRefusal::Unavailable(_)))
                if change == EventsChange::Loaded =>
            {
                tracing::info!(%refusal, "shareable events cannot be listed");
                let short = match refusal {
                    EventsRefusal::Forbidden(_) => "no permission to the Schemas registry: private events still work",
                    _ => "unavailable: this endpoint has no EventBridge Schemas API",
                };
                self.saved_events.by_owner.remove(&owner);
                self.saved_events.unavailable.insert(owner, short.to_string());
                return;
            }
            Err(refusal) => {
                let what = match &change {
                    EventsChange::Loaded => "Saved events not read",
                    EventsChange::Saved { .. } => "Not saved",
                    EventsChange::Renamed { .. } => "Not renamed",
                    EventsChange::Deleted { .. } => "Not deleted",
                };
                let hint = match (&refusal, &change) {
                    (EventsRefusal::Exists(_), EventsChange::Saved { .. }) => format!(
                        " (saved meanwhile, by another console?); {} and Enter twice replaces it",
                        self.key_label(Action::SaveEvent)
                    ),
                    _ => String::new(),
                };
                self.set_error(format!("{what}: {refusal}{hint}"));
                return;
            }
        };
        let kind = if owner.shared { "shareable event" } else { "event" };
        // Only the function in hand keeps its lists: events can be large.
        self.saved_events
            .by_owner
            .retain(|kept, _| kept.function == owner.function);
        self.saved_events.unavailable.remove(&owner);
        self.saved_events.by_owner.insert(owner, events);
        let said = match change {
            EventsChange::Loaded => return,
            EventsChange::Saved { name, replaced } => format!(
                "{} {function}'s {kind} {name} ({} lists it)",
                if replaced { "Replaced" } else { "Saved" },
                self.key_label(Action::Events)
            ),
            EventsChange::Renamed { from, to } => format!("Renamed {function}'s {kind} {from} to {to}"),
            EventsChange::Deleted { name } => format!("Deleted {function}'s {kind} {name}"),
        };
        self.set_info(said);
    }
}

/// An ARN without a version or alias: events belong to the function.
fn unqualified(arn: &str) -> &str {
    // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    match arn.match_indices(':').nth(6) {
        Some((at, _)) => &arn[..at],
        None => arn,
    }
}

/// The function's name, from its ARN (or the name itself).
fn function_name(arn: &str) -> &str {
    unqualified(arn).rsplit(':').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_belong_to_the_function_not_a_version() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:echo";
        assert_eq!(unqualified(arn), arn);
        assert_eq!(unqualified(&format!("{arn}:live")), arn);
        assert_eq!(function_name(&format!("{arn}:7")), "echo");
        assert_eq!(function_name("echo"), "echo");
    }
}

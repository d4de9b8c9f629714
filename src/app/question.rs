//! A yes-or-no question the console asks before doing something that loses
//! work: quitting with calls in flight, deleting a saved event.

use super::events::EventTarget;
use super::{App, Command, InvocationState, Mode, Picker};
use crate::action::Action;
use crate::model::InvokeType;
use crate::saved_events::EventsRequest;

#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Quit while calls are in flight: their answers would be lost.
    Quit { in_flight: usize, burst_left: usize },
    /// An invoke of a function that is not ready (Pending, Inactive, Failed).
    NotReady {
        request: Box<crate::model::InvokeRequest>,
        log_group: String,
        why: String,
    },
    /// An invoke on a protected profile.
    ConfirmInvoke {
        request: Box<crate::model::InvokeRequest>,
        log_group: String,
        profile: String,
        account: Option<String>,
    },
    /// A burst of many calls, or on a protected profile.
    ConfirmBurst {
        plan: Box<crate::model::BurstPlan>,
        /// The saved events it sends in turn (none: the editor's payload).
        events: Vec<String>,
        profile: Option<String>,
    },
    /// Save over an event of the same name; no goes back to the name.
    ReplaceEvent { name: String, prompt: Box<super::Prompt> },
    /// Delete a saved event; the picker it was asked from comes back.
    DeleteEvent {
        target: EventTarget,
        name: String,
        shared: bool,
        picker: Box<Picker>,
    },
}

impl Question {
    pub fn text(&self) -> String {
        match self {
            Question::Quit {
                in_flight,
                burst_left: 0,
            } => match in_flight {
                1 => "1 call is in flight: quit and lose its answer?".into(),
                n => format!("{n} calls are in flight: quit and lose their answers?"),
            },
            Question::Quit { in_flight, burst_left } => format!(
                "A burst runs ({burst_left} of its calls still to come) and {in_flight} other calls are in flight: quit and stop it?"
            ),
            Question::NotReady { request, why, .. } => {
                format!(
                    "{} {}: invoke it anyway?",
                    request.target(),
                    crate::sanitize::one_line(why)
                )
            }
            Question::ConfirmInvoke {
                request,
                profile,
                account,
                ..
            } => format!(
                "PROTECTED {}, account {}: invoke {} ({})?",
                crate::sanitize::one_line(profile),
                account
                    .as_deref()
                    .map(crate::sanitize::one_line)
                    .unwrap_or_else(|| "not yet known".into()),
                request.target(),
                request.invoke_type.short_name()
            ),
            Question::ConfirmBurst { plan, events, profile } => format!(
                "{}Send {} {} times, {} at a time{}?",
                profile
                    .as_deref()
                    .map(|p| format!("PROTECTED {}: ", crate::sanitize::one_line(p)))
                    .unwrap_or_default(),
                plan.request.target(),
                plan.count,
                plan.concurrency,
                match events.len() {
                    0 => String::new(),
                    n => format!(", its {n} saved events in turn"),
                }
            ),
            Question::ReplaceEvent { name, prompt } => {
                let (function, kind) = prompt
                    .event
                    .as_ref()
                    .map(|about| {
                        (
                            about.target.function.as_str(),
                            if about.shared { "shareable " } else { "" },
                        )
                    })
                    .unwrap_or_default();
                format!("{function} already has a {kind}event named {name}: replace it?")
            }
            Question::DeleteEvent {
                target, name, shared, ..
            } => format!(
                "Delete {}'s {} event {name}?{} It cannot be undone.",
                target.function,
                if *shared { "shareable" } else { "saved" },
                if *shared { " Your team loses it too." } else { "" }
            ),
        }
    }
}

impl App {
    /// `q` quits at once unless an answer would be lost; then it asks.
    pub(super) fn quit_or_ask(&mut self) {
        // A burst's row is in flight while it runs: it is counted as a burst.
        let in_flight = self
            .invocations
            .list
            .iter()
            .filter(|i| i.state == InvocationState::InFlight && i.request.invoke_type != InvokeType::Burst)
            .count();
        let burst_left = self
            .burst
            .as_ref()
            .filter(|b| b.ended.is_none())
            .map(|b| (b.count as usize).saturating_sub(b.calls().len()).max(1))
            .unwrap_or(0);
        if in_flight == 0 && burst_left == 0 {
            self.should_quit = true;
        } else {
            self.mode = Mode::Question(Question::Quit { in_flight, burst_left });
        }
    }

    pub(super) fn question_action(&mut self, action: Action) -> Vec<Command> {
        let resting = self.resting_mode();
        let Mode::Question(question) = std::mem::replace(&mut self.mode, resting) else {
            return Vec::new();
        };
        match (action, question) {
            (Action::Yes, Question::Quit { .. }) => self.should_quit = true,
            (_, Question::Quit { .. }) => self.set_info("Not quitting: the calls go on.".into()),
            (Action::Yes, Question::NotReady { request, log_group, .. }) => {
                return self.send_or_confirm(*request, log_group);
            }
            (_, Question::NotReady { request, .. }) => {
                self.set_info(format!("Not sent: {} was not invoked", request.target()));
            }
            (Action::Yes, Question::ConfirmInvoke { request, log_group, .. }) => {
                return self.send_invoke(*request, log_group);
            }
            (_, Question::ConfirmInvoke { request, .. }) => {
                self.set_info(format!("Not sent: {} was not invoked", request.target()));
            }
            (Action::Yes, Question::ConfirmBurst { plan, events, .. }) => return self.start_burst(*plan, events),
            (_, Question::ConfirmBurst { plan, .. }) => {
                self.set_info(format!("No burst: {} was not invoked", plan.request.target()));
            }
            (yes_or_no, Question::ReplaceEvent { name, prompt }) => {
                return self.replace_answered(yes_or_no == Action::Yes, name, *prompt);
            }
            (
                yes_or_no,
                Question::DeleteEvent {
                    target,
                    name,
                    shared,
                    picker,
                },
            ) => {
                self.mode = Mode::Picker(*picker);
                if yes_or_no == Action::Yes {
                    return vec![Command::Events(EventsRequest::Delete {
                        owner: target.owner_of(shared),
                        name,
                    })];
                }
                self.set_info(format!("Kept {name}"));
            }
        }
        Vec::new()
    }
}

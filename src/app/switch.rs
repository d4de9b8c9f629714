//! Moving between AWS profiles and regions without leaving the console, and
//! the protection of the profiles that must not be invoked on by accident.

use std::collections::HashMap;

use super::{App, Command, Connection, FunctionList, Question, WatchKey};
use crate::model::InvokeRequest;
use crate::sanitize::one_line;

/// What a place (profile, region, endpoint) keeps while the console is
/// elsewhere: the filter as typed, the function selected, the qualifiers.
#[derive(Debug, Clone, Default)]
pub struct PlaceMemory {
    filter: String,
    selected: Option<String>,
    qualifiers: HashMap<String, String>,
    /// By function name: a context for one account never goes to another.
    client_contexts: HashMap<String, String>,
}

impl App {
    pub(super) fn switch_profile(&mut self, name: &str) -> Result<Vec<Command>, String> {
        if self.local {
            return Err("the embedded endpoint has no profiles: run without --local to use them".into());
        }
        if name != "default" && !self.known_profiles.iter().any(|p| p == name) {
            return Err(format!(
                "no profile {} in the AWS config or credentials files",
                one_line(name)
            ));
        }
        // Named, `default` is the default profile even where AWS_PROFILE
        // names another; a profile opens in its own region.
        Ok(self.switch_place(Some(name.to_string()), None))
    }

    pub(super) fn switch_region(&mut self, name: &str) -> Result<Vec<Command>, String> {
        if self.local {
            return Err("the embedded endpoint serves one region".into());
        }
        let well_formed = name.len() <= 32
            && name.split('-').count() >= 3
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(format!("{} is not a region name, like eu-west-1", one_line(name)));
        }
        let profile = self.requested_profile.clone();
        Ok(self.switch_place(profile, Some(name.to_string())))
    }

    /// Leaves this place (its filter, selection and qualifiers kept for a
    /// return), reconnects, and reloads the list of the new one.
    fn switch_place(&mut self, profile: Option<String>, region: Option<String>) -> Vec<Command> {
        // Runs of other places, read back from the history, give way to
        // this place's own; this run's stay, marked as sent elsewhere.
        let leaving = self.history_place.clone();
        let kept_shown = self
            .response
            .shown
            .and_then(|i| self.invocations.list.get(i))
            .map(|i| i.id);
        self.invocations.list.retain(|i| !(i.earlier && i.place == leaving));
        self.response.shown = kept_shown.and_then(|id| self.invocations.list.iter().position(|i| i.id == id));
        self.invocations.cursor = 0;
        let memory = PlaceMemory {
            filter: self.functions.filter().to_string(),
            selected: self.selected_name(),
            qualifiers: std::mem::take(&mut self.qualifiers),
            client_contexts: std::mem::take(&mut self.client_contexts),
        };
        self.place_memory.insert(self.history_place.clone(), memory);
        // The draft goes with the function it was written for, by ARN.
        self.stash_draft();
        self.payload.owner = None;
        self.payload.set_text("");
        let mut commands: Vec<Command> = self
            .trackers
            .drain()
            .map(|(group, _)| Command::Unwatch {
                key: WatchKey {
                    group,
                    pattern: String::new(),
                },
            })
            .collect();
        if let Some(key) = self.logs.key.take() {
            commands.push(Command::Unwatch { key });
        }
        self.logs.clear();
        self.details = None;
        self.details_kept.clear();
        self.event_configs.clear();
        self.requested_profile = profile.clone();
        self.requested_region = region.clone();
        self.connection_info.account = None;
        self.connection = Connection::Resolving;
        // Named by what was asked for and the region it gets, as at start,
        // so that coming back finds it; the header shows the same meanwhile.
        self.name_place();
        let back = self.place_memory.remove(&self.history_place).unwrap_or_default();
        self.functions = FunctionList::default();
        self.functions.set_filter(&back.filter);
        self.qualifiers = back.qualifiers;
        self.client_contexts = back.client_contexts;
        self.restore_selection = back.selected;
        // What the store keeps for the new place comes back before anything
        // is saved over it.
        commands.push(Command::Remember(self.history_place.clone()));
        self.set_info_until(
            format!("Switching to {}…", crate::store::describe_place(&self.history_place)),
            super::Until::Connected,
        );
        commands.push(Command::Connect { profile, region });
        commands.push(self.reload_functions());
        commands.push(Command::LoadCachedFunctions(self.history_place.clone()));
        commands.push(Command::History(crate::message::HistoryRequest::Load {
            place: self.history_place.clone(),
            limit: self.history_bounds.max_invocations.min(1_000) as usize,
        }));
        commands
    }

    /// Names the place from the profile and region asked for, and the region
    /// the SDK will pick for them, so that however a profile is reached its
    /// state is kept under one name. Until the connection says, the header
    /// shows the same.
    pub fn name_place(&mut self) {
        if self.local {
            self.history_place = crate::store::place_of(&self.connection_info, true);
            self.events_place = crate::saved_events::events_place(&self.connection_info, true);
            return;
        }
        // No profile asked for, none in AWS_PROFILE: the default profile.
        self.connection_info.profile = Some(self.requested_profile.clone().unwrap_or_else(|| "default".into()));
        self.connection_info.region =
            crate::aws::profiles::effective_region(self.requested_profile.as_deref(), self.requested_region.as_deref());
        self.history_place = crate::store::place_of(&self.connection_info, false);
        self.events_place = crate::saved_events::events_place(&self.connection_info, false);
    }

    /// The profile in use, when it is one the config marks protected (no
    /// profile named is the default profile).
    pub fn protected_profile(&self) -> Option<&str> {
        if self.local {
            return None;
        }
        let name = self.connection_info.profile.as_deref().unwrap_or("default");
        self.profiles.get(name).filter(|p| p.protected).map(|_| name)
    }

    /// Every send on a protected profile asks first, naming what and where.
    pub(super) fn send_or_confirm(&mut self, request: InvokeRequest, log_group: String) -> Vec<Command> {
        if self.protected_profile().is_some() {
            self.mode = super::Mode::Question(Question::ConfirmInvoke {
                request: Box::new(request),
                log_group,
                profile: self.connection_info.profile.clone().unwrap_or_default(),
                account: self.connection_info.account.clone(),
            });
            return Vec::new();
        }
        self.send_invoke(request, log_group)
    }
}

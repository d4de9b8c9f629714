//! Following async invocations after their 202: one tracker per log group
//! reads START / END / REPORT lines for the request ids it waits on, and the
//! group's poller is released once nothing is pending.

use std::time::{Duration, SystemTime};

use super::{App, Command, InvocationState, Until, WatchKey};
use crate::model::{EventConfig, InvokeType};
use crate::tail::{AsyncState, LogEvent};

pub(super) fn wall_millis(at: SystemTime) -> i64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl App {
    /// An accepted Event invocation is followed in its function's log group.
    pub(super) fn track_if_async(&mut self, id: u64) -> Vec<Command> {
        let Some(invocation) = self.invocations.list.iter_mut().find(|i| i.id == id) else {
            return Vec::new();
        };
        let InvocationState::Done(outcome) = &invocation.state else {
            return Vec::new();
        };
        let (true, Some(request_id)) = (
            invocation.request.invoke_type == InvokeType::Event && outcome.status_code == 202,
            outcome.request_id.clone(),
        ) else {
            return Vec::new();
        };
        invocation.async_state = Some(AsyncState::Queued);
        let function = invocation.request.function.clone();
        let group = invocation.log_group.clone();
        let since_ms = wall_millis(invocation.sent_wall) - 5_000;
        let config = self.event_configs.get(&function).cloned();
        let tracker = self.trackers.entry(group.clone()).or_default();
        let needs_watch = !tracker.has_pending();
        tracker.track(
            &request_id,
            1 + config.as_ref().map(|c| c.maximum_retry_attempts).unwrap_or(2),
        );
        let mut commands = Vec::new();
        let key = WatchKey {
            group,
            pattern: String::new(),
        };
        if needs_watch && self.logs.key.as_ref() != Some(&key) {
            commands.push(Command::Watch { key, since_ms });
        }
        if config.is_none() {
            commands.push(Command::LoadEventConfig { function });
        }
        commands
    }

    pub(super) fn on_event_config(&mut self, function: String, config: EventConfig) {
        for invocation in self
            .invocations
            .list
            .iter()
            .filter(|i| i.request.function == function && i.async_state.is_some())
        {
            if let (Some(tracker), Some(id)) = (self.trackers.get_mut(&invocation.log_group), invocation.request_id()) {
                tracker.track(id, 1 + config.maximum_retry_attempts);
            }
        }
        self.event_configs.insert(function, config);
    }

    /// Lines for the logs pane and for the invocations waiting on them.
    pub(super) fn on_log_batch(&mut self, key: WatchKey, events: Vec<LogEvent>) -> Vec<Command> {
        if self.logs.key.as_ref() == Some(&key) {
            // Lines from the group answer "it does not exist yet".
            if !events.is_empty()
                && self
                    .logs
                    .status
                    .as_deref()
                    .is_some_and(|s| s.contains("does not exist"))
            {
                self.logs.status = None;
            }
            self.logs.append(&events);
            // "Waiting for its lines" is over once one holds the search.
            if let Some(search) = &self.logs.search
                && events.iter().any(|e| crate::find::contains(&e.message, search))
            {
                self.state_ended(Until::LinesArrive);
            }
        }
        if !key.pattern.is_empty() {
            return Vec::new();
        }
        let Some(tracker) = self.trackers.get_mut(&key.group) else {
            return Vec::new();
        };
        let mut ended = Vec::new();
        for request_id in tracker.feed(&events) {
            let tracked = tracker.get(&request_id).cloned();
            if let (Some(tracked), Some(invocation)) = (
                tracked,
                self.invocations
                    .list
                    .iter_mut()
                    .find(|i| i.request_id() == Some(request_id.as_str())),
            ) {
                let was_final = invocation.async_state.as_ref().is_some_and(AsyncState::is_final);
                invocation.async_state = Some(tracked.state);
                if tracked.report.is_some() {
                    invocation.async_report = tracked.report;
                }
                if !was_final && invocation.async_state.as_ref().is_some_and(AsyncState::is_final) {
                    ended.push(request_id.clone());
                }
            }
        }
        ended.extend(self.expire_tracking());
        let mut commands: Vec<Command> = ended.iter().filter_map(|id| self.async_end_record(id)).collect();
        commands.extend(self.release_watch_if_done(&key.group));
        commands
    }

    /// The history write for an Event invocation that reached its end.
    fn async_end_record(&self, request_id: &str) -> Option<Command> {
        let invocation = self
            .invocations
            .list
            .iter()
            .find(|i| i.request_id() == Some(request_id))?;
        Some(Command::History(crate::message::HistoryRequest::AsyncEnded {
            place: invocation.place.clone(),
            request_id: request_id.to_string(),
            end: crate::history::AsyncEnd {
                state: invocation.async_state.clone()?,
                report: invocation.async_report.clone(),
            },
        }))
    }

    /// Failed attempts whose retry window (the function's maximum event age)
    /// has passed are final; returns their request ids.
    fn expire_tracking(&mut self) -> Vec<String> {
        let mut ended = Vec::new();
        let now = SystemTime::now();
        for invocation in &mut self.invocations.list {
            let Some(AsyncState::RetryPending { .. } | AsyncState::Queued) = invocation.async_state else {
                continue;
            };
            let max_age = self
                .event_configs
                .get(&invocation.request.function)
                .cloned()
                .unwrap_or_default()
                .maximum_event_age_seconds;
            let age = now.duration_since(invocation.sent_wall).unwrap_or_default();
            if age > Duration::from_secs(max_age.into())
                && let (Some(tracker), Some(request_id)) =
                    (self.trackers.get_mut(&invocation.log_group), invocation.request_id())
                && tracker.expire(request_id)
            {
                let request_id = request_id.to_string();
                invocation.async_state = tracker.get(&request_id).map(|t| t.state.clone());
                ended.push(request_id);
            }
        }
        ended
    }

    /// Stops polling a group once nothing needs it.
    fn release_watch_if_done(&mut self, group: &str) -> Vec<Command> {
        let key = WatchKey {
            group: group.to_string(),
            pattern: String::new(),
        };
        if self.trackers.get(group).is_some_and(|t| t.has_pending()) {
            return Vec::new();
        }
        // A finished tracker goes even when the logs pane still polls the
        // group: it would otherwise keep reading (and remembering) every line.
        self.trackers.remove(group);
        if self.logs.key.as_ref() == Some(&key) {
            Vec::new()
        } else {
            vec![Command::Unwatch { key }]
        }
    }

    /// True when async invocations still wait on lines from `group`.
    pub(super) fn group_is_tracked(&self, group: &str) -> bool {
        self.trackers.get(group).is_some_and(|t| t.has_pending())
    }
}

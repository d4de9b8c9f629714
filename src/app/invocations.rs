//! The Invocations pane: every call this console sent, newest first, and
//! sending one: the invoke itself, a re-run, and its answer arriving.
//! Over 500 lines with its tests: a request is checked, sent and answered
//! in one place, bursts and re-runs included.

use std::time::{Duration, Instant, SystemTime};

use super::tracking::wall_millis;
use super::{App, Command, Connection, Mode, Move, Pane, TimeRange, Until};
use crate::action::Action;
use crate::model::{InvokeOutcome, InvokeRequest, InvokeType, time_of_day};
use crate::payload::{self, Validity};
use crate::report::Report;
use crate::sanitize::one_line;
use crate::tail::AsyncState;

#[derive(Debug, Clone, PartialEq)]
pub enum InvocationState {
    InFlight,
    Done(Box<InvokeOutcome>),
    /// The call itself failed: a service error, throttling, no connection.
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Invocation {
    /// The console's own id for the call, echoed by its completion.
    pub id: u64,
    pub request: InvokeRequest,
    pub sent_at: Instant,
    pub sent_wall: SystemTime,
    /// Set when the answer arrives.
    pub elapsed: Option<Duration>,
    pub state: InvocationState,
    /// The function's log group, where an async invocation is followed.
    pub log_group: String,
    /// For Event invocations: what the log group says happened after the 202.
    pub async_state: Option<AsyncState>,
    pub async_report: Option<Report>,
    /// Its payload and body were let go to keep the history within budget.
    pub trimmed: bool,
    /// From an earlier run of the console, read back from the database.
    pub earlier: bool,
    /// The profile, region and endpoint it was sent on: it is sent again
    /// only there.
    pub place: String,
    /// A Stream invocation's chunks so far; the outcome takes them at the end.
    pub stream: Option<crate::stream_view::Streamed>,
    /// A burst's state as its row shows it (`20 ok`), read once from its
    /// summary rather than each frame.
    pub headline: Option<String>,
}

impl Invocation {
    /// A Stream invocation whose chunks are still coming.
    pub fn is_streaming(&self) -> bool {
        self.stream.is_some() && matches!(self.state, InvocationState::InFlight)
    }

    /// Memory its payload and answer hold.
    fn heavy_bytes(&self) -> usize {
        let answer = match &self.state {
            InvocationState::Done(o) => {
                o.raw_body.capacity()
                    + o.body.heap_bytes()
                    + o.log_tail.iter().map(String::capacity).sum::<usize>()
                    + o.streamed.as_ref().map_or(0, |s| s.heap_bytes())
            }
            _ => self.stream.as_ref().map_or(0, |s| s.heap_bytes()),
        };
        self.request.payload.capacity() + answer
    }

    /// Lets go of the payload and the body, keeping the figures.
    fn trim(&mut self) {
        self.request.payload = Vec::new();
        if let InvocationState::Done(outcome) = &mut self.state {
            let bytes = outcome.raw_body.len();
            outcome.raw_body = Vec::new();
            outcome.body = crate::model::BodyView::Dropped { bytes };
        }
        self.trimmed = true;
    }

    /// The request id Lambda gave the call, once it answered.
    pub fn request_id(&self) -> Option<&str> {
        match &self.state {
            InvocationState::Done(o) => o.request_id.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Invocations {
    /// Oldest first, as sent.
    pub list: Vec<Invocation>,
    /// Rows from the top of the pane, which lists newest first.
    pub cursor: usize,
    /// What `/` looks for: the function, qualifier, type, request id,
    /// state, payload or body.
    pub search: Option<String>,
    /// The invocation `d` marked, to compare with the next one `d` picks.
    pub marked: Option<u64>,
}

/// The history keeps at most this many invocations...
pub(super) const MAX_INVOCATIONS: usize = 1_000;
/// ...and payloads and bodies of at most this many bytes in all, newest
/// first; older ones keep their figures and lose their payload and body.
const MAX_HEAVY_BYTES: usize = 128 * 1024 * 1024;

impl Invocations {
    /// Keeps the history within its bounds; returns how many of the oldest
    /// invocations left it, so indices into it can follow.
    pub(super) fn keep_within_bounds(&mut self) -> usize {
        self.keep_within(MAX_HEAVY_BYTES, MAX_INVOCATIONS)
    }

    fn keep_within(&mut self, max_bytes: usize, max_count: usize) -> usize {
        let mut total: usize = self.list.iter().map(Invocation::heavy_bytes).sum();
        for invocation in &mut self.list {
            if total <= max_bytes {
                break;
            }
            if invocation.state != InvocationState::InFlight && !invocation.trimmed {
                total -= invocation.heavy_bytes();
                invocation.trim();
            }
        }
        let excess = self.list.len().saturating_sub(max_count);
        self.list.drain(..excess);
        self.cursor = self.cursor.min(self.list.len().saturating_sub(1));
        excess
    }

    /// The index into `list` of the row under the cursor.
    pub fn selected_index(&self) -> Option<usize> {
        let last = self.list.len().checked_sub(1)?;
        Some(last - self.cursor.min(last))
    }

    pub fn move_cursor(&mut self, step: Move, page: usize) {
        self.cursor = step.apply(self.cursor, self.list.len(), page);
    }
}

/// `R` does not send the same call again within this long.
const RERUN_PAUSE: Duration = Duration::from_secs(1);

impl App {
    pub(super) fn invocations_action(&mut self, action: Action) -> Vec<Command> {
        let Some(index) = self.invocations.selected_index() else {
            return Vec::new();
        };
        match action {
            Action::ShowInvocation => {
                self.response.show(index);
                self.focus_pane(Pane::Response)
            }
            Action::EditInvocation => self.edit_invocation(index),
            Action::Rerun => self.rerun(index),
            Action::InvocationLogs => self.show_invocation_logs(index),
            Action::Compare => {
                self.compare_invocation(index);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Puts the cursor on the invocation's function and makes its qualifier
    /// the chosen one, so the header names what the next invoke goes to.
    /// False (with a message) when the function is not in the list.
    fn select_invocation_target(&mut self, index: usize, commands: &mut Vec<Command>) -> bool {
        if let Some(refusal) = self.sent_elsewhere(index) {
            self.set_error(refusal);
            return false;
        }
        if self.invocations.list[index].trimmed {
            self.set_error(
                "That invocation's payload is no longer kept (the history keeps the newest within its memory budget)."
                    .into(),
            );
            return false;
        }
        let request = &self.invocations.list[index].request;
        let (function, qualifier) = (request.function.clone(), request.qualifier.clone());
        commands.extend(self.select_function(&function));
        if self.selected_name().as_deref() != Some(function.as_str()) {
            let reload = self.key_label(Action::Reload);
            self.set_error(format!(
                "{} is not in the function list ({reload} reloads it).",
                crate::sanitize::one_line(&function)
            ));
            return false;
        }
        self.choose_qualifier(&function, qualifier);
        true
    }

    /// Another account may have a function of the same name: an invocation
    /// is loaded, re-sent or followed only where it was sent.
    fn sent_elsewhere(&self, index: usize) -> Option<String> {
        let sent_on = &self.invocations.list[index].place;
        (*sent_on != self.history_place).then(|| {
            format!(
                "Sent on {}: :profile and :region there to load, re-send or follow it.",
                crate::store::describe_place(sent_on)
            )
        })
    }

    /// Loads an invocation's payload into its own function's editor, through
    /// the editor so undo brings back that function's draft.
    fn edit_invocation(&mut self, index: usize) -> Vec<Command> {
        let mut commands = Vec::new();
        if !self.select_invocation_target(index, &mut commands) {
            return commands;
        }
        let invocation = &self.invocations.list[index];
        // A URL request's form takes its method, path and headers back too.
        if let Some(url) = invocation.request.url.clone() {
            let function = invocation.request.function.clone();
            let headers: Vec<String> = url.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            self.remember_url_form(&function, &url.method, &url.path, &headers.join(" | "));
        }
        let invocation = &self.invocations.list[index];
        let payload = String::from_utf8_lossy(&invocation.request.payload).into_owned();
        let target = invocation.request.target();
        self.payload.replace_undoably(&payload);
        commands.extend(self.focus_pane(Pane::Payload));
        self.set_info(format!(
            "Loaded the payload sent to {target} (Ctrl-U twice brings back its draft)"
        ));
        commands
    }

    /// Sends an invocation again exactly as it was sent, to its own function
    /// and qualifier, and says which one it was.
    pub(super) fn rerun(&mut self, index: usize) -> Vec<Command> {
        // Many calls are never one key away: a burst starts from its form.
        if self.invocations.list[index].request.invoke_type == InvokeType::Burst {
            let key = self.key_label(Action::Burst);
            self.set_info(format!(
                "R sends one call again; a burst is not repeated by R: {key} starts one (e loads its payload)."
            ));
            return Vec::new();
        }
        let mut commands = Vec::new();
        if !self.select_invocation_target(index, &mut commands) {
            return commands;
        }
        let invocation = &self.invocations.list[index];
        let (mut request, log_group) = (invocation.request.clone(), invocation.log_group.clone());
        // A URL request goes to the function's URL as Details read it now
        // (the embedded endpoint's port changes between runs), with what
        // was sent: method, path, headers and body.
        if let Some(url) = request.url.as_mut() {
            match self.current_url(&request.function) {
                Some((base, auth_type, invoke_mode)) => {
                    url.base = base;
                    url.auth_type = auth_type;
                    url.invoke_mode = invoke_mode;
                }
                None => {
                    self.set_info("Its function's URL is being read: R again in a moment.".into());
                    return commands;
                }
            }
            if let Err(why) = super::url_form::check_request(url) {
                self.set_error(why);
                return commands;
            }
        }
        if let Some(Err(why)) = request
            .client_context
            .as_deref()
            .map(crate::client_context::check_encoded)
        {
            self.set_error(format!(
                "Not sent again: its client context is not one Lambda takes ({why})"
            ));
            return commands;
        }
        // A held or doubled R must not fire the same call again and again.
        let now = Instant::now();
        if let Some(last) = self.invocations.list.last()
            && last.request == request
            && now.saturating_duration_since(last.sent_at) < RERUN_PAUSE
        {
            self.set_info("The same call went out a moment ago: press R again in a second to send another.".into());
            return commands;
        }
        let sent_at = time_of_day(wall_millis(invocation.sent_wall), false);
        let what = format!(
            "{} ({}, {} bytes, first sent {sent_at} UTC)",
            request.target(),
            request.invoke_type.as_str(),
            request.payload.len()
        );
        if self.protected_profile().is_some() {
            commands.extend(self.send_or_confirm(request, log_group));
            return commands;
        }
        commands.extend(self.send_invoke(request.clone(), log_group));
        // Said until the next key, not only while in flight: a fast answer
        // would wipe it before it could be read.
        self.set_info(match request.invoke_type {
            InvokeType::Event => format!("Re-sent {what}: Lambda queues it again; its log group tells how it ends."),
            _ => format!("Re-sent {what}"),
        });
        commands
    }

    /// Opens the logs pane on the invocation's function, at its first line.
    fn show_invocation_logs(&mut self, index: usize) -> Vec<Command> {
        if let Some(refusal) = self.sent_elsewhere(index) {
            self.set_error(refusal);
            return Vec::new();
        }
        let invocation = &self.invocations.list[index];
        let Some(request_id) = invocation.request_id().map(str::to_string) else {
            self.set_error("This invocation has no request id to look for.".into());
            return Vec::new();
        };
        let function = invocation.request.function.clone();
        let age = SystemTime::now()
            .duration_since(invocation.sent_wall)
            .unwrap_or_default();
        let mut commands = self.select_function(&function);
        // As a key would: on wide screens the Logs take the slot beside.
        self.focus = Pane::Logs;
        self.beside = Pane::Logs;
        self.mode = self.resting_mode();
        if self.logs.range == TimeRange::Minutes5 && age > Duration::from_secs(240) {
            self.logs.range = TimeRange::Hours24;
        }
        commands.extend(self.watch_logs(false));
        self.logs.set_search(Some(request_id));
        if !self.logs.find_next(self.logs_size()) {
            let next = self.key_label(Action::NextMatch);
            self.set_info_until(
                format!("Waiting for its lines; {next} finds the next one."),
                Until::LinesArrive,
            );
        }
        commands
    }

    /// Sends the payload to the function under the cursor, unless it is invalid.
    /// The request the payload editor makes for the function under the
    /// cursor, checked as every send is; None (with the reason said) when
    /// it must not go.
    pub(super) fn prepared_request(&mut self, invoke_type: InvokeType) -> Option<(InvokeRequest, String)> {
        let text = self.payload.text();
        match self.prepared_request_of(invoke_type, text) {
            Ok(prepared) => Some(prepared),
            Err(why) => {
                self.set_error(why);
                None
            }
        }
    }

    /// As `prepared_request`, with `text` as the payload (a burst's saved
    /// event): checked the same way, what is wrong given back, not said.
    pub(super) fn prepared_request_of(
        &mut self,
        invoke_type: InvokeType,
        text: String,
    ) -> Result<(InvokeRequest, String), String> {
        if let Connection::Failed(message) = &self.connection {
            let message = format!("Not connected: {message}");
            return Err(message);
        }
        let Some(function) = self.selected_name() else {
            let key = self.key_label(Action::FocusFunctions);
            return Err(format!("No function selected: pick one in the Functions pane ({key})."));
        };
        // The editor follows the cursor, so this holds; if it ever did not,
        // the text was written for another function and must not go.
        if self.payload.owner.as_deref() != Some(function.as_str()) {
            return Err(format!(
                "Not sent: the editor holds a payload written for {}, not {}.",
                self.payload
                    .owner
                    .as_deref()
                    .map(crate::sanitize::one_line)
                    .unwrap_or_default(),
                crate::sanitize::one_line(&function)
            ));
        }
        if let invalid @ Validity::Invalid { .. } = payload::validate(&text) {
            return Err(format!("Not sent: {}", invalid.describe()));
        }
        let payload = if text.trim().is_empty() {
            Vec::new()
        } else {
            text.into_bytes()
        };
        let limit = match invoke_type {
            InvokeType::Event => payload::ASYNC_PAYLOAD_LIMIT,
            _ => payload::SYNC_PAYLOAD_LIMIT,
        };
        if payload.len() > limit {
            return Err(format!(
                "Not sent: the payload is {} bytes, over the {} byte limit for {} invokes.",
                payload.len(),
                limit,
                invoke_type.as_str()
            ));
        }
        // Lambda passes a client context on synchronous invokes only.
        let client_context = match (invoke_type, self.client_contexts.get(&function)) {
            (InvokeType::RequestResponse, Some(json)) => match crate::client_context::encode(json) {
                Ok(encoded) => Some(encoded),
                Err(why) => {
                    return Err(format!(
                        "Not sent: the client context of {}: {why}",
                        one_line(&function)
                    ));
                }
            },
            _ => None,
        };
        let (_, qualifier) = self.selected_qualifier();
        let request = InvokeRequest {
            function,
            qualifier,
            invoke_type,
            payload,
            client_context,
            url: None,
        };
        let log_group = self
            .functions
            .selected()
            .map(|f| f.log_group.clone())
            .unwrap_or_default();
        Ok((request, log_group))
    }

    pub(super) fn invoke(&mut self) -> Vec<Command> {
        if self.invoke_type == InvokeType::Url {
            return self.open_url_form();
        }
        let Some((request, log_group)) = self.prepared_request(self.invoke_type) else {
            return Vec::new();
        };
        let context_left_out =
            request.invoke_type != InvokeType::RequestResponse && self.client_contexts.contains_key(&request.function);
        // A function that is not ready may not run as expected: ask first.
        if let Some(why) = self.functions.selected().and_then(|f| f.not_ready()) {
            self.mode = Mode::Question(super::Question::NotReady {
                request: Box::new(request),
                log_group,
                why,
            });
            return Vec::new();
        }
        let commands = self.send_or_confirm(request, log_group);
        if context_left_out && let Some(status) = &mut self.status {
            status.text.push_str("; its client context goes with sync invokes only");
        }
        commands
    }

    /// A new row, in flight, shown in the Response pane (an invoke's, or a
    /// burst's).
    pub(super) fn add_in_flight(&mut self, id: u64, request: InvokeRequest, log_group: String) {
        self.now = Instant::now();
        self.invocations.list.push(Invocation {
            id,
            request,
            sent_at: self.now,
            sent_wall: SystemTime::now(),
            elapsed: None,
            state: InvocationState::InFlight,
            log_group,
            async_state: None,
            async_report: None,
            trimmed: false,
            earlier: false,
            place: self.history_place.clone(),
            stream: None,
            headline: None,
        });
        self.response.show(self.invocations.list.len() - 1);
        self.invocations.cursor = 0;
    }

    pub(super) fn send_invoke(&mut self, request: InvokeRequest, log_group: String) -> Vec<Command> {
        let id = self.next_id();
        self.add_in_flight(id, request.clone(), log_group);
        self.set_info_until(
            format!("Invoking {} ({})", request.target(), request.invoke_type.as_str()),
            Until::InvokeEnds(id),
        );
        vec![Command::Invoke { id, request }]
    }

    /// A chunk of a streamed answer: shown as it comes.
    pub(super) fn on_stream_chunk(&mut self, id: u64, at: std::time::Duration, bytes: &[u8]) {
        if let Some(invocation) = self.invocations.list.iter_mut().find(|i| i.id == id)
            && matches!(invocation.state, InvocationState::InFlight)
        {
            invocation.stream.get_or_insert_default().push(at, bytes);
        }
    }

    pub(super) fn on_invoke_finished(&mut self, id: u64, result: Result<Box<InvokeOutcome>, String>) -> Vec<Command> {
        let now = Instant::now();
        self.now = now;
        let head_before = self.shown_head_len(id);
        if let Some(invocation) = self.invocations.list.iter_mut().find(|i| i.id == id) {
            invocation.elapsed = Some(now.saturating_duration_since(invocation.sent_at));
            invocation.state = match result {
                Ok(mut outcome) => {
                    // The chunks are the body (moved, not copied); saved as they came.
                    if let Some(mut streamed) = invocation.stream.take() {
                        let (body, raw) = streamed.take_body();
                        if !raw.is_empty() || outcome.function_error.is_none() {
                            outcome.body = body;
                            outcome.raw_body = raw;
                        }
                        outcome.streamed = Some(Box::new(streamed));
                    }
                    InvocationState::Done(outcome)
                }
                // A stream that broke off keeps what came, shown under the error.
                Err(error) => {
                    if let Some(streamed) = &mut invocation.stream {
                        streamed.finish();
                    }
                    InvocationState::Failed(error)
                }
            };
        }
        self.keep_reading_place(id, head_before);
        self.refresh_diff(id);
        self.state_ended(Until::InvokeEnds(id));
        let mut commands = self.track_if_async(id);
        if let Some(entry) = self
            .invocations
            .list
            .iter()
            .find(|i| i.id == id)
            // Kept where it was sent, wherever the console is by now.
            .and_then(|i| i.history_entry(&i.place))
        {
            commands.push(Command::History(crate::message::HistoryRequest::Record {
                entry: Box::new(entry),
                bounds: self.history_bounds,
            }));
        }
        let gone = self.invocations.keep_within_bounds();
        self.response.shown = self.response.shown.and_then(|shown| shown.checked_sub(gone));
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(bytes: usize) -> Invocation {
        let body = vec![b'x'; bytes];
        Invocation {
            id: 0,
            request: InvokeRequest {
                function: "f".into(),
                qualifier: None,
                invoke_type: InvokeType::RequestResponse,
                payload: b"{}".to_vec(),
                client_context: None,
                url: None,
            },
            sent_at: Instant::now(),
            sent_wall: SystemTime::now(),
            elapsed: None,
            state: InvocationState::Done(Box::new(InvokeOutcome::from_parts(200, None, None, None, &body, None))),
            log_group: String::new(),
            async_state: None,
            async_report: None,
            trimmed: false,
            earlier: false,
            place: String::new(),
            stream: None,
            headline: None,
        }
    }

    #[test]
    fn the_history_keeps_the_newest_within_its_budget() {
        let mut history = Invocations::default();
        // 40 bodies of 100 KB against a budget of 1 MB (the real one is 128 MB).
        for _ in 0..40 {
            history.list.push(done(100 * 1024));
            history.keep_within(1024 * 1024, 100);
        }
        let total: usize = history.list.iter().map(Invocation::heavy_bytes).sum();
        assert!(total <= 1024 * 1024, "{total}");
        assert!(history.list[0].trimmed, "the oldest let go");
        assert!(!history.list.last().unwrap().trimmed, "the newest kept");
        let InvocationState::Done(oldest) = &history.list[0].state else {
            panic!()
        };
        assert_eq!(oldest.body, crate::model::BodyView::Dropped { bytes: 100 * 1024 });
        for _ in 0..100 {
            history.list.push(done(10));
        }
        assert_eq!(history.keep_within(1024 * 1024, 100), 40);
        assert_eq!(history.list.len(), 100);
    }
}

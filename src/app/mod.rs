//! All state, and the one place it changes: `App::update`, Event in, Commands out.
//! Nothing here does I/O, so every key can be tested without a terminal.

mod functions;
mod logs;

pub use functions::FunctionList;
pub use logs::{InputKind, LineKind, LogLine, LogsView, TimeRange};

use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::{Color, Modifier, Style};
use ratatui_textarea::TextArea;

use crate::model::{Details, FunctionInfo, InvokeOutcome, InvokeRequest, InvokeType};
use crate::payload::{self, Validity};
use crate::report::Report;
use crate::tail::{AsyncState, Tracker};
use std::collections::HashMap;

/// The panes, in Tab order; digits 1 to 5 jump to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Functions,
    Payload,
    Response,
    Invocations,
    Logs,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Functions,
        Pane::Payload,
        Pane::Response,
        Pane::Invocations,
        Pane::Logs,
    ];

    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|&p| p == self).unwrap_or(0) + 1
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Functions => "Functions",
            Pane::Payload => "Payload",
            Pane::Response => "Response",
            Pane::Invocations => "Invocations",
            Pane::Logs => "Logs",
        }
    }

    fn cycled(self, forward: bool) -> Pane {
        let i = self.number() - 1;
        let n = Pane::ALL.len();
        Pane::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// Where the console is connected, for the header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConnectionInfo {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Shown only when the endpoint is overridden.
    pub endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Resolving,
    Ready,
    /// Credentials or region missing: the message says how to fix it.
    Failed(String),
}

/// Input to the state: a key, a resize, a clock tick, or a background result.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    /// Bracketed paste: goes into the editor or the filter whole.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    Tick,
    Backend(BackendEvent),
}

#[derive(Debug)]
pub enum BackendEvent {
    Connected(ConnectionInfo),
    ConnectFailed {
        info: ConnectionInfo,
        message: String,
    },
    FunctionsPage {
        id: u64,
        functions: Vec<FunctionInfo>,
        first: bool,
        last: bool,
    },
    FunctionsFailed {
        id: u64,
        error: String,
    },
    DetailsLoaded {
        id: u64,
        function: String,
        result: Result<Details, String>,
    },
    LogBatch {
        key: WatchKey,
        events: Vec<crate::tail::LogEvent>,
    },
    /// A watch's trouble (no such group yet, throttled), or None when it cleared.
    WatchStatus {
        key: WatchKey,
        message: Option<String>,
    },
    EventConfigLoaded {
        function: String,
        config: EventConfig,
    },
    FileSaved {
        path: std::path::PathBuf,
        result: Result<(), String>,
    },
    InvokeFinished {
        id: u64,
        result: Result<Box<InvokeOutcome>, String>,
    },
}

/// Work for the background side; each carries the id its completion echoes.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    LoadFunctions {
        id: u64,
    },
    LoadDetails {
        id: u64,
        function: String,
    },
    Invoke {
        id: u64,
        request: InvokeRequest,
    },
    /// Follow a log group (with a service-side filter pattern) from `since_ms`;
    /// replaces a watch of the same key.
    Watch {
        key: WatchKey,
        since_ms: i64,
    },
    Unwatch {
        key: WatchKey,
    },
    LoadEventConfig {
        function: String,
    },
    /// Write a response body to a file (the App does no I/O itself).
    SaveFile {
        path: std::path::PathBuf,
        bytes: Vec<u8>,
    },
}

/// One poller per log group and filter pattern, however many panes and
/// invocations need it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WatchKey {
    pub group: String,
    pub pattern: String,
}

/// A function's async settings (GetFunctionEventInvokeConfig, or Lambda's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct EventConfig {
    pub maximum_retry_attempts: u32,
    pub maximum_event_age_seconds: u32,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
}

impl Default for EventConfig {
    fn default() -> Self {
        EventConfig {
            maximum_retry_attempts: 2,
            maximum_event_age_seconds: 21_600,
            on_success: None,
            on_failure: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum InvocationState {
    InFlight,
    Done(Box<InvokeOutcome>),
    /// The call itself failed: a service error, throttling, no connection.
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Invocation {
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
}

impl Invocation {
    pub fn request_id(&self) -> Option<&str> {
        match &self.state {
            InvocationState::Done(o) => o.request_id.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DetailsState {
    Loading,
    Loaded(Details),
    Failed(String),
}

/// Versions and aliases of the function under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDetails {
    pub function: String,
    pub request_id: u64,
    pub state: DetailsState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusMessage {
    pub text: String,
    pub is_error: bool,
}

pub struct App {
    pub focus: Pane,
    pub connection_info: ConnectionInfo,
    pub connection: Connection,
    pub functions: FunctionList,
    pub details: Option<FunctionDetails>,
    /// 0 is $LATEST; then versions newest first; then aliases.
    pub qualifier_index: usize,
    pub editor: TextArea<'static>,
    pub validity: Validity,
    pub invoke_type: InvokeType,
    pub invocations: Vec<Invocation>,
    /// Index into `invocations` of the one the response pane shows.
    pub shown_invocation: Option<usize>,
    pub response_scroll: usize,
    pub invocation_cursor: usize,
    pub help_open: bool,
    /// The event template picker's cursor while it is open.
    pub template_picker: Option<usize>,
    pub status: Option<StatusMessage>,
    pub should_quit: bool,
    pub now: Instant,
    /// Spinner frames count from here.
    pub started: Instant,
    /// Terminal size, for page-sized moves.
    pub viewport: (u16, u16),
    pub logs: LogsView,
    /// One tracker per log group with async invocations to follow.
    pub trackers: HashMap<String, Tracker>,
    pub event_configs: HashMap<String, EventConfig>,
    /// Payload drafts of the functions left behind, by ARN (or name).
    pub drafts: crate::store::Drafts,
    next_id: u64,
}

/// Rows a page move skips besides the list body: borders, header, footer.
const PAGE_CHROME: u16 = 6;

impl App {
    pub fn new(connection_info: ConnectionInfo) -> App {
        App {
            focus: Pane::Functions,
            connection_info,
            connection: Connection::Resolving,
            functions: FunctionList::default(),
            details: None,
            qualifier_index: 0,
            editor: new_editor(Vec::new()),
            validity: Validity::Empty,
            invoke_type: InvokeType::default(),
            invocations: Vec::new(),
            shown_invocation: None,
            response_scroll: 0,
            invocation_cursor: 0,
            help_open: false,
            template_picker: None,
            status: None,
            should_quit: false,
            now: Instant::now(),
            started: Instant::now(),
            viewport: (80, 24),
            logs: LogsView::default(),
            trackers: HashMap::new(),
            event_configs: HashMap::new(),
            drafts: crate::store::Drafts::default(),
            next_id: 1,
        }
    }

    /// The commands to send when the console starts.
    pub fn start(&mut self) -> Vec<Command> {
        vec![self.reload_functions()]
    }

    fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// True while something on screen moves by itself (spinner, elapsed clock):
    /// only then does the loop keep a timer.
    pub fn is_animating(&self) -> bool {
        self.functions.loading
            || matches!(
                self.details,
                Some(FunctionDetails {
                    state: DetailsState::Loading,
                    ..
                })
            )
            || self.invocations.iter().any(|i| {
                i.state == InvocationState::InFlight
                    || matches!(i.async_state, Some(AsyncState::Queued | AsyncState::Running { .. }))
            })
    }

    pub fn payload_text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn set_payload_text(&mut self, text: &str) {
        let lines = text.split('\n').map(str::to_string).collect();
        self.editor = new_editor(lines);
        self.revalidate();
    }

    fn revalidate(&mut self) {
        self.validity = payload::validate(&self.payload_text());
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

    pub fn selected_qualifier(&self) -> (String, Option<String>) {
        let mut choices = self.qualifier_choices();
        let index = self.qualifier_index.min(choices.len() - 1);
        choices.swap_remove(index)
    }

    pub fn shown(&self) -> Option<&Invocation> {
        self.shown_invocation.and_then(|i| self.invocations.get(i))
    }

    pub fn update(&mut self, event: Event) -> Vec<Command> {
        let commands = self.apply(event);
        self.show_editor_cursor(self.focus == Pane::Payload);
        commands
    }

    /// Without focus the editor's cursor would mislead: it is hidden.
    fn show_editor_cursor(&mut self, visible: bool) {
        let style = if visible {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        if self.editor.cursor_style() != style {
            self.editor.set_cursor_style(style);
        }
    }

    fn apply(&mut self, event: Event) -> Vec<Command> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            Event::Key(_) => Vec::new(),
            Event::Paste(text) => self.on_paste(&text),
            Event::Resize { width, height } => {
                self.viewport = (width, height);
                Vec::new()
            }
            Event::Tick => {
                self.now = Instant::now();
                Vec::new()
            }
            Event::Backend(event) => self.on_backend(event),
        }
    }

    fn on_paste(&mut self, text: &str) -> Vec<Command> {
        if self.focus == Pane::Payload {
            self.editor.insert_str(text);
            self.revalidate();
        } else if self.focus == Pane::Functions && self.functions.filter_editing {
            let before = self.functions.selected().map(|f| f.name.clone());
            let filter = format!("{}{}", self.functions.filter(), text.trim());
            self.functions.set_filter(&filter);
            return self.after_cursor_change(before);
        }
        Vec::new()
    }

    fn on_backend(&mut self, event: BackendEvent) -> Vec<Command> {
        match event {
            BackendEvent::Connected(info) => {
                self.connection_info = info;
                self.connection = Connection::Ready;
                Vec::new()
            }
            BackendEvent::ConnectFailed { info, message } => {
                self.connection_info = info;
                self.connection = Connection::Failed(message);
                self.functions.loading = false;
                Vec::new()
            }
            BackendEvent::FunctionsPage {
                id,
                functions,
                first,
                last,
            } => {
                if id != self.functions.load_id {
                    return Vec::new();
                }
                let before = self.functions.selected().map(|f| f.name.clone());
                self.functions.add_page(functions, first);
                if last {
                    self.functions.loading = false;
                }
                self.after_cursor_change(before)
            }
            BackendEvent::FunctionsFailed { id, error } => {
                if id == self.functions.load_id {
                    self.functions.loading = false;
                    self.functions.error = Some(error);
                }
                Vec::new()
            }
            BackendEvent::DetailsLoaded { id, function, result } => {
                if let Some(details) = &mut self.details
                    && details.request_id == id
                    && details.function == function
                {
                    details.state = match result {
                        Ok(d) => DetailsState::Loaded(d),
                        Err(e) => DetailsState::Failed(e),
                    };
                }
                Vec::new()
            }
            BackendEvent::LogBatch { key, events } => self.on_log_batch(key, events),
            BackendEvent::FileSaved { path, result } => {
                self.status = Some(match result {
                    Ok(()) => StatusMessage {
                        text: format!("Saved the body to {}", path.display()),
                        is_error: false,
                    },
                    Err(e) => StatusMessage {
                        text: format!("Not saved to {}: {e}", path.display()),
                        is_error: true,
                    },
                });
                Vec::new()
            }
            BackendEvent::WatchStatus { key, message } => {
                if self.logs.key.as_ref() == Some(&key) {
                    self.logs.status = message;
                }
                Vec::new()
            }
            BackendEvent::EventConfigLoaded { function, config } => {
                for inv in self
                    .invocations
                    .iter()
                    .filter(|i| i.request.function == function && i.async_state.is_some())
                {
                    if let (Some(tracker), Some(id)) = (self.trackers.get_mut(&inv.log_group), inv.request_id()) {
                        tracker.track(id, 1 + config.maximum_retry_attempts);
                    }
                }
                self.event_configs.insert(function, config);
                Vec::new()
            }
            BackendEvent::InvokeFinished { id, result } => {
                let now = Instant::now();
                self.now = now;
                if let Some(inv) = self.invocations.iter_mut().find(|i| i.id == id) {
                    inv.elapsed = Some(now.saturating_duration_since(inv.sent_at));
                    inv.state = match result {
                        Ok(outcome) => InvocationState::Done(outcome),
                        Err(error) => InvocationState::Failed(error),
                    };
                }
                // "Invoking..." is stale now; errors stay until replaced.
                if self.status.as_ref().is_some_and(|s| !s.is_error) {
                    self.status = None;
                }
                self.track_if_async(id)
            }
        }
    }

    /// An accepted Event invocation is followed in its function's log group.
    fn track_if_async(&mut self, id: u64) -> Vec<Command> {
        let Some(inv) = self.invocations.iter_mut().find(|i| i.id == id) else {
            return Vec::new();
        };
        let InvocationState::Done(outcome) = &inv.state else {
            return Vec::new();
        };
        let (true, Some(request_id)) = (
            inv.request.invoke_type == InvokeType::Event && outcome.status_code == 202,
            outcome.request_id.clone(),
        ) else {
            return Vec::new();
        };
        inv.async_state = Some(AsyncState::Queued);
        let function = inv.request.function.clone();
        let group = inv.log_group.clone();
        let since_ms = wall_millis(inv.sent_wall) - 5_000;
        let config = self.event_configs.get(&function).cloned();
        let tracker = self.trackers.entry(group.clone()).or_default();
        let needs_watch = tracker.is_empty();
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

    fn on_log_batch(&mut self, key: WatchKey, events: Vec<crate::tail::LogEvent>) -> Vec<Command> {
        if self.logs.key.as_ref() == Some(&key) {
            self.logs.append(&events);
        }
        if !key.pattern.is_empty() {
            return Vec::new();
        }
        let Some(tracker) = self.trackers.get_mut(&key.group) else {
            return Vec::new();
        };
        for request_id in tracker.feed(&events) {
            let tracked = tracker.get(&request_id).cloned();
            if let (Some(tracked), Some(inv)) = (
                tracked,
                self.invocations
                    .iter_mut()
                    .find(|i| i.request_id() == Some(request_id.as_str())),
            ) {
                inv.async_state = Some(tracked.state);
                if tracked.report.is_some() {
                    inv.async_report = tracked.report;
                }
            }
        }
        self.expire_tracking();
        self.release_watch_if_done(&key.group)
    }

    /// Failed attempts whose retry window (the function's maximum event age)
    /// has passed are final.
    fn expire_tracking(&mut self) {
        let now = SystemTime::now();
        for inv in &mut self.invocations {
            let Some(AsyncState::RetryPending { .. } | AsyncState::Queued) = inv.async_state else {
                continue;
            };
            let max_age = self
                .event_configs
                .get(&inv.request.function)
                .cloned()
                .unwrap_or_default()
                .maximum_event_age_seconds;
            let age = now.duration_since(inv.sent_wall).unwrap_or_default();
            if age > Duration::from_secs(max_age.into())
                && let (Some(tracker), Some(request_id)) = (self.trackers.get_mut(&inv.log_group), inv.request_id())
                && tracker.expire(request_id)
            {
                inv.async_state = tracker.get(request_id).map(|t| t.state.clone());
            }
        }
    }

    /// Stops polling a group once nothing needs it.
    fn release_watch_if_done(&mut self, group: &str) -> Vec<Command> {
        let key = WatchKey {
            group: group.to_string(),
            pattern: String::new(),
        };
        if !self.trackers.get(group).is_none_or(|t| t.is_empty()) {
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

    /// Points the logs pane at the selected function's group (or restarts it
    /// after a change of range or pattern).
    fn watch_logs(&mut self, restart: bool) -> Vec<Command> {
        let Some(group) = self.functions.selected().map(|f| f.log_group.clone()) else {
            return Vec::new();
        };
        let key = WatchKey {
            group,
            pattern: self.logs.pattern.clone(),
        };
        if !restart && self.logs.key.as_ref() == Some(&key) {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if let Some(old) = self.logs.key.take()
            && old != key
        {
            let tracked = old.pattern.is_empty() && self.trackers.get(&old.group).is_some_and(|t| !t.is_empty());
            if !tracked {
                commands.push(Command::Unwatch { key: old });
            }
        }
        self.logs.clear();
        self.logs.follow = true;
        self.logs.status = None;
        self.logs.key = Some(key.clone());
        let since_ms = wall_millis(SystemTime::now()) - self.logs.range.millis();
        commands.push(Command::Watch { key, since_ms });
        commands
    }

    fn draft_key(&self, name: &str) -> String {
        match self.functions.find(name) {
            Some(f) if !f.arn.is_empty() => f.arn.clone(),
            _ => name.to_string(),
        }
    }

    /// Each function keeps its own draft: the one left is stashed, the one
    /// arrived at is restored. A function with no draft yet keeps the text as it
    /// is, so a payload typed before picking a function is not lost.
    fn swap_draft(&mut self, from: Option<&str>, to: &str) {
        let text = self.payload_text();
        if let Some(from) = from {
            let key = self.draft_key(from);
            if text.trim().is_empty() {
                self.drafts.by_function.remove(&key);
            } else {
                self.drafts.by_function.insert(key, text);
            }
        }
        let key = self.draft_key(to);
        if let Some(draft) = self.drafts.by_function.get(&key).cloned() {
            self.set_payload_text(&draft);
        }
    }

    /// Puts the current draft with the others, for saving at exit.
    pub fn stash_draft(&mut self) {
        if let Some(name) = self.functions.selected().map(|f| f.name.clone()) {
            self.swap_draft(Some(&name), &name);
        }
    }

    /// Loads details when the function under the cursor changed.
    fn after_cursor_change(&mut self, before: Option<String>) -> Vec<Command> {
        let Some(name) = self.functions.selected().map(|f| f.name.clone()) else {
            self.details = None;
            return Vec::new();
        };
        if before.as_deref() == Some(name.as_str()) && self.details.is_some() {
            return Vec::new();
        }
        self.qualifier_index = 0;
        self.swap_draft(before.as_deref(), &name);
        let id = self.next_id();
        self.details = Some(FunctionDetails {
            function: name.clone(),
            request_id: id,
            state: DetailsState::Loading,
        });
        vec![Command::LoadDetails { id, function: name }]
    }

    fn reload_functions(&mut self) -> Command {
        let id = self.next_id();
        self.functions.begin_load(id);
        Command::LoadFunctions { id }
    }

    fn page(&self) -> isize {
        self.viewport.1.saturating_sub(PAGE_CHROME).max(1) as isize
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            self.should_quit = true;
            return Vec::new();
        }
        if self.help_open {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter
            ) {
                self.help_open = false;
            }
            return Vec::new();
        }
        if let Some(cursor) = self.template_picker {
            self.on_template_key(key, cursor);
            return Vec::new();
        }
        if ctrl && key.code == KeyCode::Char('r') {
            return self.invoke();
        }
        if ctrl && key.code == KeyCode::Char('f') {
            self.format_payload();
            return Vec::new();
        }
        match key.code {
            KeyCode::Tab => return self.focus_pane(self.focus.cycled(true)),
            KeyCode::BackTab => return self.focus_pane(self.focus.cycled(false)),
            _ => {}
        }
        if self.focus == Pane::Functions && self.functions.filter_editing {
            return self.on_filter_key(key);
        }
        if self.focus == Pane::Logs && self.logs.input.is_some() {
            return self.on_logs_input(key);
        }
        if self.focus == Pane::Payload {
            if key.code == KeyCode::Esc {
                self.focus = Pane::Functions;
            } else if self.editor.input(key) {
                self.revalidate();
            }
            return Vec::new();
        }
        if ctrl {
            return Vec::new();
        }
        match key.code {
            KeyCode::Char('q') => {
                self.should_quit = true;
                Vec::new()
            }
            KeyCode::Char('?') => {
                self.help_open = true;
                Vec::new()
            }
            KeyCode::Char(c @ '1'..='5') => self.focus_pane(Pane::ALL[c as usize - '1' as usize]),
            KeyCode::Char('t') => {
                self.invoke_type = self.invoke_type.next();
                Vec::new()
            }
            KeyCode::Char('E') => {
                self.template_picker = Some(0);
                Vec::new()
            }
            KeyCode::Char('i') => self.invoke(),
            KeyCode::Char('f') => {
                self.format_payload();
                Vec::new()
            }
            KeyCode::Char('v') => {
                self.cycle_qualifier(true);
                Vec::new()
            }
            KeyCode::Char('V') => {
                self.cycle_qualifier(false);
                Vec::new()
            }
            KeyCode::Char('r') => vec![self.reload_functions()],
            _ => match self.focus {
                Pane::Functions => self.on_functions_key(key),
                Pane::Response => self.on_response_key(key),
                Pane::Invocations => self.on_invocations_key(key),
                Pane::Logs => self.on_logs_key(key),
                Pane::Payload => Vec::new(),
            },
        }
    }

    fn on_template_key(&mut self, key: KeyEvent, cursor: usize) {
        let last = crate::templates::TEMPLATES.len() - 1;
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('E') => self.template_picker = None,
            KeyCode::Down | KeyCode::Char('j') => self.template_picker = Some((cursor + 1).min(last)),
            KeyCode::Up | KeyCode::Char('k') => self.template_picker = Some(cursor.saturating_sub(1)),
            KeyCode::Enter => {
                self.template_picker = None;
                let (name, text) = crate::templates::TEMPLATES[cursor.min(last)];
                // Through the editor, so Ctrl-U undoes it and the old draft is not lost.
                self.editor.select_all();
                self.editor.insert_str(text.trim_end());
                self.revalidate();
                self.focus = Pane::Payload;
                self.status = Some(StatusMessage {
                    text: format!("Loaded the {name} template (Ctrl-U twice brings back the previous text)"),
                    is_error: false,
                });
            }
            _ => {}
        }
    }

    fn focus_pane(&mut self, pane: Pane) -> Vec<Command> {
        self.functions.filter_editing = false;
        self.focus = pane;
        if pane == Pane::Logs {
            self.watch_logs(false)
        } else {
            Vec::new()
        }
    }

    fn on_filter_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let before = self.functions.selected().map(|f| f.name.clone());
        match key.code {
            KeyCode::Esc => {
                self.functions.filter_editing = false;
                self.functions.set_filter("");
            }
            KeyCode::Enter => self.functions.filter_editing = false,
            KeyCode::Backspace => {
                let mut filter = self.functions.filter().to_string();
                filter.pop();
                self.functions.set_filter(&filter);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                let filter = format!("{}{c}", self.functions.filter());
                self.functions.set_filter(&filter);
            }
            KeyCode::Up => self.functions.move_by(-1),
            KeyCode::Down => self.functions.move_by(1),
            _ => {}
        }
        self.after_cursor_change(before)
    }

    fn on_functions_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let before = self.functions.selected().map(|f| f.name.clone());
        match key.code {
            KeyCode::Char('/') => self.functions.filter_editing = true,
            KeyCode::Esc => self.functions.set_filter(""),
            KeyCode::Down | KeyCode::Char('j') => self.functions.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.functions.move_by(-1),
            KeyCode::PageDown => self.functions.move_by(self.page()),
            KeyCode::PageUp => self.functions.move_by(-self.page()),
            KeyCode::Home | KeyCode::Char('g') => self.functions.move_to_start(),
            KeyCode::End | KeyCode::Char('G') => self.functions.move_to_end(),
            KeyCode::Enter if self.functions.selected().is_some() => self.focus = Pane::Payload,
            _ => {}
        }
        self.after_cursor_change(before)
    }

    /// Saves the shown response's body as `response-REQUESTID.json` (or .txt,
    /// .bin) in the working directory, as `aws lambda invoke OUTFILE` would.
    fn save_shown_body(&mut self) -> Vec<Command> {
        let Some(InvocationState::Done(outcome)) = self.shown().map(|i| &i.state) else {
            self.set_error("No response body to save.".into());
            return Vec::new();
        };
        let extension = match outcome.body {
            crate::model::BodyView::Json(_) => "json",
            crate::model::BodyView::Text(_) => "txt",
            _ => "bin",
        };
        // Request ids are service text: keep only what is safe in a file name.
        let id: String = outcome
            .request_id
            .as_deref()
            .unwrap_or("unknown")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let path = std::path::PathBuf::from(format!("response-{id}.{extension}"));
        vec![Command::SaveFile {
            path,
            bytes: outcome.raw_body.clone(),
        }]
    }

    fn on_response_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let page = self.page() as usize;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.response_scroll += 1,
            KeyCode::Up | KeyCode::Char('k') => self.response_scroll = self.response_scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.response_scroll += page,
            KeyCode::PageUp => self.response_scroll = self.response_scroll.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => self.response_scroll = 0,
            KeyCode::End | KeyCode::Char('G') => self.response_scroll = usize::MAX / 2,
            KeyCode::Char('[') => self.show_invocation_by(-1),
            KeyCode::Char(']') => self.show_invocation_by(1),
            KeyCode::Char('s') => return self.save_shown_body(),
            _ => {}
        }
        Vec::new()
    }

    fn on_invocations_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let last = self.invocations.len().saturating_sub(1);
        // The pane lists newest first; the cursor counts rows from the top.
        let selected = last
            .checked_sub(self.invocation_cursor.min(last))
            .filter(|_| !self.invocations.is_empty());
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.invocation_cursor = (self.invocation_cursor + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.invocation_cursor = self.invocation_cursor.saturating_sub(1),
            KeyCode::Home | KeyCode::Char('g') => self.invocation_cursor = 0,
            KeyCode::End | KeyCode::Char('G') => self.invocation_cursor = last,
            KeyCode::Enter if selected.is_some() => {
                self.shown_invocation = selected;
                self.response_scroll = 0;
                self.focus = Pane::Response;
            }
            KeyCode::Char('e') if selected.is_some() => {
                let payload =
                    String::from_utf8_lossy(&self.invocations[selected.unwrap_or(0)].request.payload).into_owned();
                self.set_payload_text(&payload);
                self.focus = Pane::Payload;
            }
            KeyCode::Char('R') if selected.is_some() => {
                let request = self.invocations[selected.unwrap_or(0)].request.clone();
                let log_group = self.invocations[selected.unwrap_or(0)].log_group.clone();
                return self.send_invoke(request, log_group);
            }
            KeyCode::Char('l') if selected.is_some() => return self.show_invocation_logs(selected.unwrap_or(0)),
            _ => {}
        }
        Vec::new()
    }

    /// Opens the logs pane on the invocation's function, at its first line.
    fn show_invocation_logs(&mut self, index: usize) -> Vec<Command> {
        let inv = &self.invocations[index];
        let Some(request_id) = inv.request_id().map(str::to_string) else {
            self.set_error("This invocation has no request id to look for.".into());
            return Vec::new();
        };
        let function = inv.request.function.clone();
        let before = self.functions.selected().map(|f| f.name.clone());
        if before.as_deref() != Some(function.as_str()) {
            self.functions.set_filter("");
            self.functions.select(&function);
        }
        let mut commands = self.after_cursor_change(before);
        self.focus = Pane::Logs;
        if self.logs.range == TimeRange::Minutes5
            && SystemTime::now()
                .duration_since(self.invocations[index].sent_wall)
                .unwrap_or_default()
                > Duration::from_secs(240)
        {
            self.logs.range = TimeRange::Hours24;
        }
        commands.extend(self.watch_logs(false));
        self.logs.search = Some(request_id);
        if !self.logs.find_next() {
            self.status = Some(StatusMessage {
                text: "Waiting for its lines; n finds the next one.".into(),
                is_error: false,
            });
        }
        commands
    }

    fn on_logs_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let page = self.page() as usize;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.logs.scroll_by(1, page),
            KeyCode::Up | KeyCode::Char('k') => self.logs.scroll_by(-1, page),
            KeyCode::PageDown => self.logs.scroll_by(page as isize, page),
            KeyCode::PageUp => self.logs.scroll_by(-(page as isize), page),
            KeyCode::Home | KeyCode::Char('g') => {
                self.logs.follow = false;
                self.logs.scroll = 0;
            }
            KeyCode::End | KeyCode::Char('G') => self.logs.follow = true,
            KeyCode::Char(' ') => {
                if self.logs.follow {
                    self.logs.scroll_by(0, page);
                } else {
                    self.logs.follow = true;
                }
            }
            KeyCode::Char('w') => self.logs.wrap = !self.logs.wrap,
            KeyCode::Char('c') => self.logs.clear(),
            KeyCode::Char('n') => {
                self.logs.find_next();
            }
            KeyCode::Char('T') => {
                self.logs.range = self.logs.range.next();
                return self.watch_logs(true);
            }
            KeyCode::Char('p') => self.logs.input = Some((InputKind::Pattern, self.logs.pattern.clone())),
            KeyCode::Char('s') => self.logs.input = Some((InputKind::Range, String::new())),
            KeyCode::Char('/') => {
                self.logs.input = Some((InputKind::Search, self.logs.search.clone().unwrap_or_default()))
            }
            KeyCode::Esc => self.logs.search = None,
            _ => {}
        }
        Vec::new()
    }

    fn on_logs_input(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some((kind, text)) = self.logs.input.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.logs.input = None,
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
            KeyCode::Enter => {
                let (kind, text) = (*kind, text.clone());
                self.logs.input = None;
                match kind {
                    InputKind::Pattern => {
                        self.logs.pattern = text;
                        return self.watch_logs(true);
                    }
                    InputKind::Search => {
                        self.logs.search = Some(text).filter(|t| !t.is_empty());
                        self.logs.find_next();
                    }
                    InputKind::Range => match TimeRange::parse(&text) {
                        Ok(range) => {
                            self.logs.range = range;
                            return self.watch_logs(true);
                        }
                        Err(message) => self.set_error(format!("Time range not changed: {message}")),
                    },
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn show_invocation_by(&mut self, delta: isize) {
        if let Some(current) = self.shown_invocation {
            let last = self.invocations.len().saturating_sub(1);
            self.shown_invocation = Some(current.saturating_add_signed(delta).min(last));
            self.response_scroll = 0;
        }
    }

    fn cycle_qualifier(&mut self, forward: bool) {
        let n = self.qualifier_choices().len();
        let i = self.qualifier_index.min(n - 1);
        self.qualifier_index = if forward { (i + 1) % n } else { (i + n - 1) % n };
    }

    fn format_payload(&mut self) {
        match payload::pretty(&self.payload_text()) {
            Ok(pretty) => {
                // Replace through the editor so the change can be undone.
                self.editor.select_all();
                self.editor.insert_str(&pretty);
                self.revalidate();
                self.status = None;
            }
            Err(invalid) => self.set_error(format!("Cannot format: {}", invalid.describe())),
        }
    }

    fn set_error(&mut self, text: String) {
        self.status = Some(StatusMessage { text, is_error: true });
    }

    /// Sends the payload to the function under the cursor, unless it is invalid.
    fn invoke(&mut self) -> Vec<Command> {
        if let Connection::Failed(message) = &self.connection {
            let message = format!("Not connected: {message}");
            self.set_error(message);
            return Vec::new();
        }
        let Some(function) = self.functions.selected().map(|f| f.name.clone()) else {
            self.set_error("No function selected: pick one in the Functions pane (1).".into());
            return Vec::new();
        };
        let text = self.payload_text();
        if let invalid @ Validity::Invalid { .. } = payload::validate(&text) {
            self.set_error(format!("Not sent: {}", invalid.describe()));
            return Vec::new();
        }
        let payload = if text.trim().is_empty() {
            Vec::new()
        } else {
            text.into_bytes()
        };
        let limit = match self.invoke_type {
            InvokeType::Event => payload::ASYNC_PAYLOAD_LIMIT,
            _ => payload::SYNC_PAYLOAD_LIMIT,
        };
        if payload.len() > limit {
            self.set_error(format!(
                "Not sent: the payload is {} bytes, over the {} byte limit for {} invokes.",
                payload.len(),
                limit,
                self.invoke_type.as_str()
            ));
            return Vec::new();
        }
        let (_, qualifier) = self.selected_qualifier();
        let request = InvokeRequest {
            function,
            qualifier,
            invoke_type: self.invoke_type,
            payload,
        };
        let log_group = self
            .functions
            .selected()
            .map(|f| f.log_group.clone())
            .unwrap_or_default();
        self.send_invoke(request, log_group)
    }

    fn send_invoke(&mut self, request: InvokeRequest, log_group: String) -> Vec<Command> {
        let id = self.next_id();
        self.now = Instant::now();
        self.invocations.push(Invocation {
            id,
            request: request.clone(),
            sent_at: self.now,
            sent_wall: SystemTime::now(),
            elapsed: None,
            state: InvocationState::InFlight,
            log_group,
            async_state: None,
            async_report: None,
        });
        self.shown_invocation = Some(self.invocations.len() - 1);
        self.invocation_cursor = 0;
        self.response_scroll = 0;
        self.status = Some(StatusMessage {
            text: format!(
                "Invoking {}:{} ({})",
                request.function,
                request.qualifier.as_deref().unwrap_or("$LATEST"),
                request.invoke_type.as_str()
            ),
            is_error: false,
        });
        vec![Command::Invoke { id, request }]
    }
}

fn wall_millis(at: SystemTime) -> i64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn new_editor(lines: Vec<String>) -> TextArea<'static> {
    let mut editor = TextArea::new(lines);
    editor.set_placeholder_text("{ \"key\": \"value\" }   (empty: no payload)");
    editor.set_cursor_line_style(Style::default());
    editor.set_line_number_style(Style::default().fg(Color::DarkGray));
    editor.set_tab_length(2);
    editor.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
    editor.set_cursor_style(Style::default());
    editor
}

#[cfg(test)]
mod tests;

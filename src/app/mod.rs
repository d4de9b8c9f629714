//! All state, and the one place it changes: `App::update`, an Event in,
//! Commands out. Nothing here does I/O, so every key can be tested without a
//! terminal. This file routes: a key becomes an action through the key map,
//! and each pane keeps its state and answers its actions in a module of its own.
//! Over 500 lines: the router lists every mode, event and scope once, so
//! that what answers a key can be read in one place.

mod burst;
mod command;
mod compare;
mod copy;
mod details;
mod events;
mod functions;
mod help;
mod invocation_history;
mod invocation_search;
mod invocations;
mod logs;
mod mouse;
mod moves;
mod payload;
mod picker;
mod prompt;
mod question;
mod remember;
mod response;
mod status;
mod switch;
mod tracking;
mod url_form;

pub use burst::{Burst, BurstField, BurstForm, Sorted, headline as burst_headline, histogram};
pub use command::{COMMANDS, CommandLine, REGIONS};
pub use compare::{DiffKind, DiffView};
pub use url_form::{UrlField, UrlForm};

/// The Logs pane's byte budget, for tests and benches.
pub fn logs_max_pane_bytes() -> usize {
    logs::MAX_PANE_BYTES
}
pub use copy::{MAX_OSC52_BYTES, osc52};
pub use details::{DetailsState, FunctionDetails};
pub use events::{EventPrompt, EventTarget, SavedEvents};
pub use functions::FunctionList;
pub use help::HelpView;
pub use invocations::{Invocation, InvocationState, Invocations};
pub use logs::{
    LineKind, LogLine, LogWindow, LogsView, TailPause, TimeRange, drawn_graphemes, row_starts, wrapped_rows,
};
pub use moves::Move;
pub use payload::{ExternalEdit, PayloadEditor};
pub use picker::{Entry, Group, Picker};
pub use prompt::{LineInput, Prompt, PromptKind};
pub use question::Question;
pub use response::{BodyMatch, ResponseView};
pub use status::{StatusMessage, Until};

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use crate::action::{Action, Context, KeyMap, Scope};
pub use crate::message::{BackendEvent, Command, Event, WatchKey};
use crate::model::{ConnectionInfo, EventConfig, InvokeType};
use crate::tail::{AsyncState, Tracker};
use crate::theme::Theme;

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

#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Resolving,
    Ready,
    /// Credentials or region missing: the message says how to fix it.
    Failed(String),
}

/// What has the keyboard. Overlays and text fields are values of this, not flags.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The focused pane answers keys.
    Normal,
    /// The payload editor takes every key that is not an action.
    Editor,
    /// Typing filters the function list.
    Filter(LineInput),
    Prompt(Prompt),
    /// The `:` command line.
    Command(CommandLine),
    Picker(Picker),
    Help(HelpView),
    /// A function's environment variable values, shown on request only,
    /// and the row the overlay is scrolled to.
    Environment(String, usize),
    /// Two invocations compared (`d`, `d`).
    Diff(Box<DiffView>),
    /// How many calls, how many at a time (`b`).
    BurstForm(Box<BurstForm>),
    /// The request a URL invocation sends (type `url`, Ctrl-R).
    UrlForm(Box<url_form::UrlForm>),
    /// The burst under way or done, summed up live.
    Burst,
    /// A yes-or-no question; nothing else answers until it is answered.
    Question(Question),
}

pub struct App {
    pub focus: Pane,
    pub mode: Mode,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub connection_info: ConnectionInfo,
    pub connection: Connection,
    pub functions: FunctionList,
    pub details: Option<FunctionDetails>,
    /// Details loaded this session, by function: going back is instant.
    pub details_kept: HashMap<String, Box<crate::model::Details>>,
    /// Each function's chosen qualifier by name; absent means $LATEST.
    pub qualifiers: HashMap<String, String>,
    /// The function selected when the console last ended, to select again
    /// when the list holds it (unless the cursor moved first).
    pub restore_selection: Option<String>,
    pub payload: PayloadEditor,
    pub invoke_type: InvokeType,
    pub invocations: Invocations,
    pub response: ResponseView,
    pub logs: LogsView,
    /// One tracker per log group with async invocations to follow.
    pub trackers: HashMap<String, Tracker>,
    pub event_configs: HashMap<String, EventConfig>,
    pub status: Option<StatusMessage>,
    pub should_quit: bool,
    /// Set by `suspend`: the loop gives the terminal back and stops the process.
    pub suspend_requested: bool,
    /// Set by `external_editor`: the loop gives the terminal to the user's
    /// editor on this payload, and hands back what it left.
    pub external_edit: Option<ExternalEdit>,
    /// Set by `copy`: the loop writes these bytes to the clipboard (OSC 52).
    pub clipboard: Option<Vec<u8>>,
    pub now: Instant,
    /// Spinner frames count from here.
    pub started: Instant,
    /// Terminal size, for page-sized moves.
    pub viewport: (u16, u16),
    /// `z`: the focused pane has the whole body.
    pub zoomed: bool,
    /// Where saved events are kept: the embedded endpoint, another
    /// endpoint, or AWS (see `saved_events::events_place`).
    pub events_place: String,
    /// Each function's client context as typed (JSON), by name; sent
    /// encoded with its synchronous invokes.
    pub client_contexts: HashMap<String, String>,
    /// On the embedded endpoint: no profiles or regions to switch to.
    pub local: bool,
    /// Mouse capture is on: clicks and the wheel come here.
    pub mouse: bool,
    /// No input this long pauses the selected function's tail (config).
    pub pause_tail_after: Option<Duration>,
    /// The last burst (`b`), running or done.
    pub burst: Option<Burst>,
    /// What the last burst form asked for (calls, at a time, saved events):
    /// the next form starts from it.
    burst_settings: Option<(String, String, bool)>,
    /// What each function's URL form last sent.
    url_forms: url_form::UrlFormMemory,
    /// Profile names in the AWS files, for `:profile` completion.
    pub known_profiles: Vec<String>,
    /// What the config says of profiles (protected, colour).
    pub profiles: std::collections::BTreeMap<String, crate::config::ProfileConfig>,
    /// The profile and region asked for (flags or `:`), None for the SDK's choice.
    pub requested_profile: Option<String>,
    pub requested_region: Option<String>,
    /// The place whose remembered state (from the store) is in memory:
    /// only that place's is saved, so a switch never writes over another's.
    pub remembered_place: Option<String>,
    /// Places left during this run, to come back to as they were.
    place_memory: HashMap<String, switch::PlaceMemory>,
    /// Where the invocation history is kept: the profile, region and
    /// endpoint (see `store::place_of`), so an earlier run is re-sent only
    /// where it was sent.
    pub history_place: String,
    pub history_bounds: crate::history::HistoryBounds,
    /// What a burst's cost estimate prices calls at (config `[prices]`).
    pub prices: crate::cost::Prices,
    pub saved_events: SavedEvents,
    /// On wide screens, the pane beside the Response: the last of
    /// Invocations and Logs focused.
    pub beside: Pane,
    next_id: u64,
}

impl App {
    pub fn new(connection_info: ConnectionInfo) -> App {
        App::with_config(connection_info, KeyMap::defaults(), Theme::default())
    }

    pub fn with_config(connection_info: ConnectionInfo, keymap: KeyMap, theme: Theme) -> App {
        App {
            focus: Pane::Functions,
            mode: Mode::Normal,
            keymap,
            payload: PayloadEditor::new(&theme),
            theme,
            connection_info: connection_info.clone(),
            connection: Connection::Resolving,
            functions: FunctionList::default(),
            details: None,
            details_kept: HashMap::new(),
            qualifiers: HashMap::new(),
            restore_selection: None,
            invoke_type: InvokeType::default(),
            invocations: Invocations::default(),
            response: ResponseView::default(),
            logs: LogsView::default(),
            trackers: HashMap::new(),
            event_configs: HashMap::new(),
            status: None,
            should_quit: false,
            suspend_requested: false,
            external_edit: None,
            clipboard: None,
            now: Instant::now(),
            started: Instant::now(),
            viewport: (80, 24),
            zoomed: false,
            events_place: crate::saved_events::events_place(&connection_info, false),
            saved_events: SavedEvents::default(),
            client_contexts: HashMap::new(),
            local: false,
            mouse: false,
            pause_tail_after: None,
            burst: None,
            burst_settings: None,
            url_forms: Default::default(),
            known_profiles: Vec::new(),
            profiles: Default::default(),
            requested_profile: None,
            requested_region: None,
            place_memory: HashMap::new(),
            remembered_place: None,
            history_place: crate::store::place_of(&connection_info, false),
            history_bounds: Default::default(),
            prices: Default::default(),
            beside: Pane::Logs,
            next_id: 1,
        }
    }

    /// The commands to send when the console starts.
    pub fn start(&mut self) -> Vec<Command> {
        vec![
            self.reload_functions(),
            // The list the last run saw here shows while the live one loads.
            Command::LoadCachedFunctions(self.history_place.clone()),
            Command::History(crate::message::HistoryRequest::Load {
                place: self.history_place.clone(),
                limit: (self.history_bounds.max_invocations as usize).min(invocations::MAX_INVOCATIONS),
            }),
        ]
    }

    pub(super) fn next_id(&mut self) -> u64 {
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
            || self.invocations.list.iter().any(|i| {
                i.state == InvocationState::InFlight
                    || matches!(i.async_state, Some(AsyncState::Queued | AsyncState::Running { .. }))
            })
    }

    /// True while a yes-or-no question waits for its answer.
    pub fn is_asking(&self) -> bool {
        matches!(self.mode, Mode::Question(_))
    }

    /// Where the keyboard goes now, for the key map.
    pub fn context(&self) -> Context {
        match &self.mode {
            Mode::Normal => self.pane_context(),
            Mode::Editor => Context::Editor,
            Mode::Filter(_) => Context::Filter,
            Mode::Prompt(_) => Context::Prompt,
            Mode::Command(_) => Context::CommandLine,
            Mode::Picker(_) => Context::Picker,
            Mode::Help(_) | Mode::Environment(..) | Mode::Diff(_) | Mode::Burst => Context::Help,
            Mode::BurstForm(_) | Mode::UrlForm(_) => Context::Prompt,
            Mode::Question(_) => Context::Question,
        }
    }

    /// The context of the focused pane, as if no overlay were open: the
    /// help lists its keys first.
    pub fn pane_context(&self) -> Context {
        match self.focus {
            Pane::Functions => Context::FunctionsPane,
            Pane::Payload => Context::Editor,
            Pane::Response => Context::ResponsePane,
            Pane::Invocations => Context::InvocationsPane,
            Pane::Logs => Context::LogsPane,
        }
    }

    /// The mode the focused pane has when no overlay is open.
    fn resting_mode(&self) -> Mode {
        if self.focus == Pane::Payload {
            Mode::Editor
        } else {
            Mode::Normal
        }
    }

    pub fn update(&mut self, event: Event) -> Vec<Command> {
        // Whoever is back resumes the tail an idle spell paused.
        let resumed = match &event {
            Event::Key(_) | Event::Paste(_) | Event::Typed(_) | Event::Mouse(_) => self.resume_tail(),
            _ => Vec::new(),
        };
        let mut commands = match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            Event::Key(_) => Vec::new(),
            Event::Paste(text) => self.on_paste(&text),
            Event::Typed(text) => {
                self.status = None;
                self.restore_selection = None;
                if self.mode == Mode::Editor {
                    self.payload.type_text(&text);
                }
                Vec::new()
            }
            Event::Resize { width, height } => {
                self.viewport = (width, height);
                self.watch_logs_if_shown()
            }
            Event::Tick => {
                self.now = Instant::now();
                Vec::new()
            }
            Event::Idle => self.pause_tail(),
            Event::Backend(event) => self.on_backend(event),
            Event::Mouse(mouse) => self.on_mouse(mouse),
            Event::EditorDone { owner, result } => {
                self.on_editor_done(owner, result);
                Vec::new()
            }
        };
        self.payload.show_cursor(self.mode == Mode::Editor);
        if !resumed.is_empty() {
            commands.splice(0..0, resumed);
        }
        commands.extend(self.tail_only_while_shown());
        commands
    }

    fn on_key(&mut self, event: KeyEvent) -> Vec<Command> {
        // A message answers the last key; the next one moves on from it.
        self.status = None;
        // Once the user has pressed a key, what they do is theirs: the
        // remembered function no longer takes the cursor when its page comes.
        self.restore_selection = None;
        let key = crate::action::Key::from_event(&event);
        let action = self.keymap.resolve(self.context(), key);
        // Nothing is on screen but the notice (and the quit question, if
        // asked): no other key may act unseen.
        if self.areas().too_small {
            return match action {
                Some(action @ (Action::Quit | Action::ForceQuit | Action::Suspend | Action::Yes | Action::No)) => {
                    self.perform(action)
                }
                _ => Vec::new(),
            };
        }
        match action {
            // Over a running burst only Esc stops it: `q` and `?` hide it,
            // for a key meant to quit or ask for help must not cut it short.
            Some(Action::Cancel)
                if self.mode == Mode::Burst
                    && event.code != crossterm::event::KeyCode::Esc
                    && self.burst.as_ref().is_some_and(|b| b.ended.is_none()) =>
            {
                self.mode = self.resting_mode();
                self.set_info(format!(
                    "The burst runs on: {} shows it, Esc there stops it.",
                    self.key_label(Action::Burst)
                ));
                Vec::new()
            }
            Some(action) => self.perform(action),
            None => self.type_key(event),
        }
    }

    /// The character `event` types into the editor, when that is all it does:
    /// the loop gathers a burst of them into one `Typed`.
    pub fn typed_into_editor(&self, event: &KeyEvent) -> Option<char> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let KeyCode::Char(c) = event.code else { return None };
        let plain = (event.modifiers - KeyModifiers::SHIFT).is_empty() && event.kind == KeyEventKind::Press;
        let typing = self.mode == Mode::Editor && !self.areas().too_small;
        let no_action = self
            .keymap
            .resolve(self.context(), crate::action::Key::from_event(event))
            .is_none();
        (plain && typing && no_action).then_some(c)
    }

    /// A key that is no action: text for the editor, the filter or a prompt.
    fn type_key(&mut self, event: KeyEvent) -> Vec<Command> {
        match &mut self.mode {
            Mode::Editor => {
                self.payload.input(event);
                Vec::new()
            }
            Mode::Filter(input) => {
                if input.input(event) {
                    let filter = input.text.clone();
                    return self.change_filter(&filter);
                }
                Vec::new()
            }
            Mode::Prompt(prompt) => {
                if prompt.input.input(event) {
                    prompt.error = None;
                }
                Vec::new()
            }
            Mode::Picker(picker) => {
                if picker.filter.input(event) {
                    self.picker_filter_changed();
                }
                Vec::new()
            }
            Mode::Command(line) => {
                if line.input.input(event) {
                    line.error = None;
                    line.matches.clear();
                }
                Vec::new()
            }
            Mode::Question(_) => Vec::new(),
            Mode::BurstForm(form) => {
                form.input(event);
                Vec::new()
            }
            Mode::UrlForm(form) => {
                if form.focused().input(event) {
                    form.error = None;
                }
                Vec::new()
            }
            Mode::Normal | Mode::Help(_) | Mode::Environment(..) | Mode::Diff(_) | Mode::Burst => {
                self.say_key_does_nothing(&event);
                Vec::new()
            }
        }
    }

    fn on_paste(&mut self, text: &str) -> Vec<Command> {
        self.restore_selection = None;
        match &mut self.mode {
            Mode::Editor => {
                self.payload.paste(text);
                Vec::new()
            }
            Mode::Filter(input) => {
                input.paste(text.trim());
                let filter = input.text.clone();
                self.change_filter(&filter)
            }
            Mode::Prompt(prompt) => {
                prompt.input.paste(text);
                Vec::new()
            }
            Mode::Picker(picker) => {
                picker.filter.paste(text.trim());
                self.picker_filter_changed();
                Vec::new()
            }
            Mode::Command(line) => {
                line.input.paste(text.trim());
                Vec::new()
            }
            Mode::BurstForm(form) => {
                form.paste(text);
                Vec::new()
            }
            Mode::UrlForm(form) => {
                form.focused().paste(text.trim());
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Runs an action; each scope's pane answers its own.
    pub fn perform(&mut self, action: Action) -> Vec<Command> {
        match action.scope() {
            Scope::Anywhere | Scope::Global => self.global_action(action),
            Scope::Lists => match Move::from_action(action) {
                Some(step) => self.move_in_focus(step),
                None => Vec::new(),
            },
            Scope::Functions => self.functions_action(action),
            Scope::Editor => self.editor_action(action),
            Scope::Response => self.response_action(action),
            Scope::Invocations => self.invocations_action(action),
            Scope::Logs => self.logs_action(action),
            Scope::Reading if self.focus == Pane::Invocations => {
                self.invocations_search_action(action);
                Vec::new()
            }
            Scope::Reading if self.focus == Pane::Response => {
                self.response_search_action(action);
                Vec::new()
            }
            Scope::Reading => self.logs_action(action),
            Scope::Dialog => self.dialog_action(action),
            Scope::Picker => self.picker_action(action),
            // Tab: in the burst form it moves between the fields.
            Scope::Naming => {
                match &mut self.mode {
                    Mode::BurstForm(form) => form.next_field(),
                    Mode::UrlForm(form) => form.next_field(),
                    _ => self.toggle_shareable(),
                }
                Vec::new()
            }
            Scope::CommandLine => {
                self.complete_command();
                Vec::new()
            }
            Scope::Question => self.question_action(action),
        }
    }

    fn global_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::ForceQuit => self.should_quit = true,
            Action::Quit => self.quit_or_ask(),
            Action::Suspend => self.suspend_requested = true,
            Action::Help => self.mode = Mode::Help(HelpView::default()),
            Action::Burst => return self.open_burst_form(),
            Action::NextPane => return self.focus_pane(self.focus.cycled(true)),
            Action::PreviousPane => return self.focus_pane(self.focus.cycled(false)),
            Action::FocusFunctions => return self.focus_pane(Pane::Functions),
            Action::FocusPayload => return self.focus_pane(Pane::Payload),
            Action::FocusResponse => return self.focus_pane(Pane::Response),
            Action::FocusInvocations => return self.focus_pane(Pane::Invocations),
            Action::FocusLogs => return self.focus_pane(Pane::Logs),
            Action::Invoke => return self.invoke(),
            Action::CycleType => self.invoke_type = self.invoke_type.next(),
            Action::NextQualifier => self.cycle_qualifier(true),
            Action::PreviousQualifier => self.cycle_qualifier(false),
            Action::FormatPayload => self.format_payload(),
            Action::Copy => self.copy_focused(),
            Action::ClientContext => self.open_client_context_prompt(),
            Action::ExternalEditor => {
                self.external_edit = Some(ExternalEdit {
                    owner: self.payload.owner.clone(),
                    text: self.payload.text(),
                })
            }
            Action::Events => return self.open_picker(),
            Action::CommandLine
            | Action::SwitchProfile
            | Action::SwitchRegion
            | Action::GoToFunction
            | Action::SetType => self.open_command_line(action),
            Action::SaveEvent => return self.open_save_prompt(),
            Action::Reload => {
                // A refresh asks again for everything, details included:
                // those shown now too, which may be an error from a moment ago.
                self.details_kept.clear();
                let mut commands = vec![self.reload_functions()];
                if let Some(name) = self.selected_name() {
                    commands.extend(self.load_details(name));
                }
                return commands;
            }
            Action::Zoom => {
                self.zoomed = !self.zoomed;
                return self.watch_logs_if_shown();
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn move_in_focus(&mut self, step: Move) -> Vec<Command> {
        let page = self.page();
        if matches!(self.mode, Mode::Picker(_)) {
            self.move_in_picker(step, page);
            return Vec::new();
        }
        let environment_rows = match &self.mode {
            Mode::Environment(name, _) => self.functions.find(name).map_or(0, |f| f.environment.len()),
            _ => 0,
        };
        let logs_size = self.logs_size();
        let (help_total, help_visible) = self.help_rows();
        match &mut self.mode {
            Mode::Help(help) => help.move_by(step, help_visible, help_total),
            Mode::Picker(_) => {}
            Mode::Filter(_) => return self.move_functions(step),
            Mode::Normal => match self.focus {
                Pane::Functions => return self.move_functions(step),
                Pane::Response => self.scroll_response(step),
                Pane::Invocations => self.invocations.move_cursor(step, page),
                Pane::Logs => self.logs.move_by(step, logs_size),
                Pane::Payload => {}
            },
            Mode::Environment(_, scroll) => *scroll = step.apply(*scroll, environment_rows, page),
            Mode::Diff(diff) => diff.scroll = step.apply(diff.scroll, diff.lines.len(), page),
            Mode::Editor
            | Mode::Prompt(_)
            | Mode::Command(_)
            | Mode::Question(_)
            | Mode::BurstForm(_)
            | Mode::UrlForm(_)
            | Mode::Burst => {}
        }
        Vec::new()
    }

    /// Confirm and cancel, for whichever overlay or text field is open.
    fn dialog_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::ExportBurst => return self.export_burst(),
            Action::NextChange | Action::PreviousChange => {
                self.jump_to_change(action == Action::NextChange);
                return Vec::new();
            }
            _ => {}
        }
        let confirm = action == Action::Confirm;
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Filter(_) => {
                self.mode = self.resting_mode();
                if !confirm {
                    return self.change_filter("");
                }
            }
            Mode::Prompt(mut prompt) => {
                if confirm {
                    self.mode = self.resting_mode();
                    return self.prompt_submitted(prompt);
                }
                // A rename asked from the picker goes back to it.
                self.mode = match prompt.event.take().and_then(|about| about.return_to) {
                    Some(picker) => Mode::Picker(*picker),
                    None => self.resting_mode(),
                };
            }
            Mode::Picker(picker) => {
                self.mode = self.resting_mode();
                if confirm {
                    return self.picker_chosen(picker);
                }
            }
            Mode::Command(line) => {
                self.mode = self.resting_mode();
                if confirm {
                    return self.run_command(line);
                }
            }
            Mode::Help(_) | Mode::Environment(..) | Mode::Diff(_) => self.mode = self.resting_mode(),
            Mode::BurstForm(form) => {
                self.mode = self.resting_mode();
                if confirm {
                    return self.burst_form_submitted(*form);
                }
            }
            Mode::UrlForm(form) => {
                self.mode = self.resting_mode();
                if confirm {
                    return self.url_form_submitted(*form);
                }
            }
            // Enter hides a burst (it runs on; `b` shows it); Esc stops it.
            Mode::Burst if confirm => self.mode = self.resting_mode(),
            Mode::Burst => return self.burst_cancelled(),
            // Normal and Editor have no dialog to answer.
            other => self.mode = other,
        }
        Vec::new()
    }

    fn focus_pane(&mut self, pane: Pane) -> Vec<Command> {
        if pane == Pane::Payload && self.focus != Pane::Payload {
            self.payload.cursor_to_end();
        }
        if matches!(pane, Pane::Invocations | Pane::Logs) {
            self.beside = pane;
        }
        self.focus = pane;
        self.mode = self.resting_mode();
        self.watch_logs_if_shown()
    }

    /// What shapes the layout besides the terminal's size.
    pub fn shape(&self) -> crate::layout::Shape {
        crate::layout::Shape {
            zoomed: self.zoomed.then_some(self.focus),
            lower: match self.focus {
                Pane::Invocations | Pane::Logs => self.focus,
                _ => Pane::Response,
            },
            beside: self.beside,
            name_width: self.functions.widest_name(),
            payload_lines: self.payload.editor.lines().len().min(u16::MAX as usize) as u16,
        }
    }

    /// Where the panes are on the terminal as it is now.
    pub fn areas(&self) -> crate::layout::Areas {
        crate::layout::areas(self.screen(), &self.shape())
    }

    fn on_backend(&mut self, event: BackendEvent) -> Vec<Command> {
        match event {
            BackendEvent::Connected(info) => {
                self.connection_info = info;
                self.connection = Connection::Ready;
                self.state_ended(Until::Connected);
                Vec::new()
            }
            BackendEvent::ConnectFailed { info, message } => {
                self.state_ended(Until::Connected);
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
            } => self.on_functions_page(id, functions, first, last),
            BackendEvent::FunctionsFailed { id, error } => {
                self.on_functions_failed(id, error);
                Vec::new()
            }
            BackendEvent::DetailsLoaded { id, function, result } => {
                self.on_details_loaded(id, &function, result);
                Vec::new()
            }
            BackendEvent::LogBatch { key, events } => self.on_log_batch(key, events),
            BackendEvent::TailMode { key, live } => {
                if self.logs.key.as_ref() == Some(&key) {
                    self.logs.live = live;
                }
                Vec::new()
            }
            BackendEvent::WatchStatus { key, message } => {
                self.logs.on_watch_status(&key, message);
                Vec::new()
            }
            BackendEvent::EventConfigLoaded { function, config } => {
                self.on_event_config(function, config);
                Vec::new()
            }
            BackendEvent::FileSaved { path, result } => {
                self.on_file_saved(&path, result);
                Vec::new()
            }
            BackendEvent::BurstCall {
                id,
                n,
                payload,
                elapsed,
                result,
            } => {
                self.on_burst_call(id, (n, payload), elapsed, result);
                Vec::new()
            }
            BackendEvent::BurstEnded { id } => self.on_burst_ended(id),
            BackendEvent::StreamChunk { id, at, bytes } => {
                self.on_stream_chunk(id, at, &bytes);
                Vec::new()
            }
            BackendEvent::InvokeFinished { id, result } => self.on_invoke_finished(id, result),
            BackendEvent::HistoryLoaded(result) => {
                self.on_history_loaded(result);
                Vec::new()
            }
            BackendEvent::CachedFunctions {
                place,
                saved_ms,
                functions,
            } => self.on_cached_functions(place, saved_ms, functions),
            BackendEvent::Remembered { place, result } => {
                self.on_remembered(place, result);
                Vec::new()
            }
            BackendEvent::HistoryNotKept(why) => {
                self.set_error(format!("Invocations are not kept in the history: {why}"));
                Vec::new()
            }
            BackendEvent::SavedEvents { owner, change, result } => {
                self.on_saved_events(owner, change, result);
                Vec::new()
            }
        }
    }

    /// The whole terminal, as the draw lays it out.
    fn screen(&self) -> Rect {
        Rect::new(0, 0, self.viewport.0, self.viewport.1)
    }

    /// Rows a page move goes in the focused pane.
    fn page(&self) -> usize {
        let inner = crate::layout::inner(self.areas().of(self.focus));
        let rows = match self.focus {
            // Below the Functions pane's border sits a header row.
            Pane::Functions => inner.height.saturating_sub(1),
            _ => inner.height,
        };
        rows.max(1) as usize
    }

    /// The key that runs `action`, for messages that tell the user what to press.
    pub fn key_label(&self, action: Action) -> String {
        self.keymap.label(action)
    }
}

#[cfg(test)]
mod tests;

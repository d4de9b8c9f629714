//! The action table. Every key the console answers to is an action with a
//! snake_case name, default keys, a scope and one line of help. Dispatch, the
//! `?` help, the footer hints, the README's key table and the config file's
//! `[keys]` all read this table: a new feature adds a row here, never a bare
//! key match. The file is long because the table is: it stays in one place so
//! that every key can be read at a glance.

mod key;

pub use key::{KEY_NAME_HELP, Key};

use crossterm::event::{KeyCode, KeyModifiers};

/// Where an action applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Always, overlays and text fields included.
    Anywhere,
    /// Outside overlays; in the editor, the filter and prompts only keys that type nothing.
    Global,
    /// Moving in whatever has the keyboard: a list, the response, the logs, an overlay.
    Lists,
    Functions,
    Editor,
    Response,
    Invocations,
    Logs,
    /// Reading what the Response or Logs pane shows: search and wrap.
    Reading,
    /// The filter, prompts, pickers and the help.
    Dialog,
    /// The events picker: saved events and templates.
    Picker,
    /// Naming a saved event.
    Naming,
    /// The `:` command line.
    CommandLine,
    /// A yes-or-no question, such as quitting with calls in flight.
    Question,
}

impl Scope {
    pub const ALL: [Scope; 14] = [
        Scope::Anywhere,
        Scope::Global,
        Scope::Lists,
        Scope::Functions,
        Scope::Editor,
        Scope::Response,
        Scope::Invocations,
        Scope::Logs,
        Scope::Reading,
        Scope::Dialog,
        Scope::Picker,
        Scope::Naming,
        Scope::CommandLine,
        Scope::Question,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::Global => "global",
            Scope::Lists => "lists",
            Scope::Functions => "functions",
            Scope::Editor => "editor",
            Scope::Response => "response",
            Scope::Invocations => "invocations",
            Scope::Logs => "logs",
            Scope::Reading => "reading",
            Scope::Dialog => "dialog",
            Scope::Picker => "picker",
            Scope::Naming => "naming",
            Scope::CommandLine => "command_line",
            Scope::Question => "question",
        }
    }

    /// A heading for the help.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Anywhere => "Anywhere",
            Scope::Global => "Outside overlays (in text fields only keys that type nothing)",
            Scope::Lists => "Moving in lists, the response, the logs and overlays",
            Scope::Functions => "Functions pane (1)",
            Scope::Editor => "Payload editor (2)",
            Scope::Response => "Response pane (3)",
            Scope::Invocations => "Invocations pane (4)",
            Scope::Logs => "Logs pane (5)",
            Scope::Reading => "Reading the Response (3), Invocations (4) and Logs (5) panes",
            Scope::Dialog => "Filter, prompts, pickers and help",
            Scope::Picker => "Events picker (E)",
            Scope::Naming => "Naming a saved event (S)",
            Scope::CommandLine => "The command line (:)",
            Scope::Question => "A yes-or-no question (quit, protected invoke, replace or delete)",
        }
    }
}

/// What has the keyboard decides which scopes are live, first match wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    FunctionsPane,
    ResponsePane,
    InvocationsPane,
    LogsPane,
    Editor,
    Filter,
    Prompt,
    CommandLine,
    Picker,
    Help,
    Question,
}

impl Context {
    pub const ALL: [Context; 11] = [
        Context::FunctionsPane,
        Context::ResponsePane,
        Context::InvocationsPane,
        Context::LogsPane,
        Context::Editor,
        Context::Filter,
        Context::Prompt,
        Context::CommandLine,
        Context::Picker,
        Context::Help,
        Context::Question,
    ];

    pub fn scopes(self) -> &'static [Scope] {
        use Scope::*;
        match self {
            Context::FunctionsPane => &[Anywhere, Global, Functions, Lists],
            Context::ResponsePane => &[Anywhere, Global, Response, Reading, Lists],
            Context::InvocationsPane => &[Anywhere, Global, Invocations, Reading, Lists],
            Context::LogsPane => &[Anywhere, Global, Logs, Reading, Lists],
            Context::Editor => &[Anywhere, Editor, Global],
            Context::Filter => &[Anywhere, Dialog, Global, Lists],
            Context::Prompt => &[Anywhere, Naming, Dialog],
            Context::CommandLine => &[Anywhere, CommandLine, Dialog],
            Context::Picker => &[Anywhere, Picker, Dialog, Lists],
            Context::Help => &[Anywhere, Dialog, Lists],
            Context::Question => &[Anywhere, Question],
        }
    }

    /// Printable keys type text here, whatever they are bound to.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Context::Editor | Context::Filter | Context::Prompt | Context::CommandLine | Context::Picker
        )
    }

    /// In words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Context::FunctionsPane => "the Functions pane",
            Context::ResponsePane => "the Response pane",
            Context::InvocationsPane => "the Invocations pane",
            Context::LogsPane => "the Logs pane",
            Context::Editor => "the payload editor",
            Context::Filter => "the function filter",
            Context::Prompt => "a prompt",
            Context::CommandLine => "the command line",
            Context::Picker => "the events picker",
            Context::Help => "the help",
            Context::Question => "a question",
        }
    }

    /// Keys a text field needs for itself: no action live there may take them.
    pub fn reserved_keys(self) -> &'static [(KeyCode, KeyModifiers)] {
        const EDITOR: &[(KeyCode, KeyModifiers)] = &[
            (KeyCode::Backspace, KeyModifiers::NONE),
            (KeyCode::Delete, KeyModifiers::NONE),
            (KeyCode::Left, KeyModifiers::NONE),
            (KeyCode::Right, KeyModifiers::NONE),
            (KeyCode::Up, KeyModifiers::NONE),
            (KeyCode::Down, KeyModifiers::NONE),
            (KeyCode::Home, KeyModifiers::NONE),
            (KeyCode::End, KeyModifiers::NONE),
            (KeyCode::PageUp, KeyModifiers::NONE),
            (KeyCode::PageDown, KeyModifiers::NONE),
            (KeyCode::Enter, KeyModifiers::NONE),
            // Undo: the messages about templates and formatting count on it.
            (KeyCode::Char('u'), KeyModifiers::CONTROL),
        ];
        const LINE: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Backspace, KeyModifiers::NONE)];
        match self {
            Context::Editor => EDITOR,
            Context::Filter | Context::Prompt | Context::CommandLine | Context::Picker => LINE,
            _ => &[],
        }
    }

    /// The scopes whose hints the footer shows, most specific first.
    pub fn hint_scopes(self) -> &'static [Scope] {
        use Scope::*;
        match self {
            Context::FunctionsPane => &[Functions, Global],
            Context::ResponsePane => &[Response, Reading, Global],
            Context::InvocationsPane => &[Invocations, Reading, Global],
            Context::LogsPane => &[Logs, Reading, Global],
            Context::Editor => &[Editor, Global],
            Context::Picker => &[Picker, Dialog],
            Context::Prompt => &[Naming, Dialog],
            Context::CommandLine => &[CommandLine, Dialog],
            Context::Filter | Context::Help => &[Dialog],
            Context::Question => &[Question],
        }
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct ActionInfo {
    pub action: Action,
    /// The name in the config file's `[keys]`.
    pub name: &'static str,
    pub scope: Scope,
    pub default_keys: &'static [&'static str],
    /// A short label for the footer; None keeps the action out of it.
    pub hint: Option<&'static str>,
    pub help: &'static str,
}

macro_rules! actions {
    ($($variant:ident $name:literal $scope:ident [$($key:literal),*] $hint:expr, $help:literal;)*) => {
        /// Everything a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        /// The table, in the order the help and the README list it.
        pub const ACTIONS: &[ActionInfo] = &[
            $(ActionInfo {
                action: Action::$variant,
                name: $name,
                scope: Scope::$scope,
                default_keys: &[$($key),*],
                hint: $hint,
                help: $help,
            }),*
        ];
    };
}

actions! {
    ForceQuit "force_quit" Anywhere ["Ctrl-C"] None, "quit at once, from anywhere";
    Suspend "suspend" Anywhere ["Ctrl-Z"] None, "suspend to the shell (fg brings the console back)";
    Invoke "invoke" Global ["Ctrl-R", "i"] Some("invoke"), "invoke the selected function with the payload";
    CycleType "cycle_type" Global ["t"] Some("type"), "cycle the invocation type: RequestResponse, Event, DryRun, Stream, URL";
    NextQualifier "next_qualifier" Global ["v"] Some("qualifier"), "next qualifier: $LATEST, versions, aliases";
    PreviousQualifier "previous_qualifier" Global ["V"] None, "previous qualifier";
    FormatPayload "format_payload" Global ["Ctrl-F", "f"] Some("format"), "pretty-format the payload (Ctrl-U twice undoes it)";
    Reload "reload" Global ["r"] None, "reload the function list";
    CommandLine "command_line" Global [":"] None, "the command line (:profile, :region, :fn, :type, :q; Tab completes)";
    SwitchProfile "switch_profile" Global [] None, "NAME: another AWS profile, in its own region; each keeps its filter and selection";
    SwitchRegion "switch_region" Global [] None, "NAME: another region, same profile";
    GoToFunction "go_to_function" Global [] None, "NAME: select a function by name";
    SetType "set_type" Global [] None, "sync, event, dry, stream or url: the invocation type";
    Zoom "zoom" Global ["z"] Some("zoom"), "give the focused pane the whole screen, and back";
    NextPane "next_pane" Global ["Tab"] Some("next pane"), "next pane";
    Events "events" Global ["E"] Some("events"), "saved events and templates: pick one to load into the editor (typing filters)";
    SaveEvent "save_event" Global ["S", "Ctrl-S"] Some("save event"), "save the payload as a named event of its function";
    ClientContext "client_context" Global ["C"] None, "set the function's client context (JSON: custom, env), sent with sync invokes";
    Copy "copy" Global ["y"] Some("copy"), "copy with OSC 52: the body, the request id, the log line, else the payload";
    ExternalEditor "external_editor" Global ["o", "Ctrl-O"] Some("$EDITOR"), "edit the payload in $VISUAL, $EDITOR or vi; Ctrl-U undoes it";
    PreviousPane "previous_pane" Global ["Shift-Tab"] None, "previous pane";
    FocusFunctions "focus_functions" Global ["1"] None, "go to the Functions pane";
    FocusPayload "focus_payload" Global ["2"] None, "go to the Payload editor";
    FocusResponse "focus_response" Global ["3"] None, "go to the Response pane";
    FocusInvocations "focus_invocations" Global ["4"] None, "go to the Invocations pane";
    FocusLogs "focus_logs" Global ["5"] None, "go to the Logs pane";
    Quit "quit" Global ["q"] Some("quit"), "quit";
    Help "help" Global ["?"] Some("help"), "show every key, with its action name";
    Up "up" Lists ["k", "Up"] None, "move up, scroll up";
    Down "down" Lists ["j", "Down"] None, "move down, scroll down";
    PageUp "page_up" Lists ["PageUp"] None, "a page up";
    PageDown "page_down" Lists ["PageDown"] None, "a page down";
    Top "top" Lists ["g", "Home"] None, "to the top";
    Bottom "bottom" Lists ["G", "End"] None, "to the bottom (logs: follow again)";
    Filter "filter" Functions ["/"] Some("filter"), "filter the functions by name as you type";
    ClearFilter "clear_filter" Functions ["Esc"] None, "clear the filter";
    ShowEnvironment "show_environment" Functions ["x"] None, "show the selected function's environment variable values (hidden otherwise)";
    EditPayload "edit_payload" Functions ["Enter"] Some("edit payload"), "edit the selected function's payload";
    LeaveEditor "leave_editor" Editor ["Esc"] Some("leave editor"), "leave the editor (the draft is kept)";
    ClearPayload "clear_payload" Editor ["Ctrl-L"] None, "clear the payload (Ctrl-U brings it back)";
    PreviousResponse "previous_response" Response ["["] Some("older"), "show the previous response";
    NextResponse "next_response" Response ["]"] Some("newer"), "show the next response";
    RerunShown "rerun_shown" Response ["R"] Some("re-run this"), "send the invocation shown again, as it was sent, to its function";
    SaveBody "save_body" Response ["s"] Some("save body"), "save the body as response-ID.json, .txt or .bin in the working folder (never over a file)";
    ShowInvocation "show_invocation" Invocations ["Enter"] Some("response"), "show the invocation's response";
    InvocationLogs "invocation_logs" Invocations ["l"] Some("its logs"), "open the invocation's lines in the Logs pane";
    EditInvocation "edit_invocation" Invocations ["e"] Some("edit payload"), "select the invocation's function and qualifier and load its payload into the editor";
    Rerun "rerun" Invocations ["R"] Some("re-run"), "send the invocation again as it was sent, to its function and qualifier";
    Burst "burst" Global ["b"] Some("burst"), "send the payload, or the saved events in turn, many times and sum up what happened";
    ExportBurst "export_burst" Dialog ["s"] None, "in a burst's summary: save its calls as burst-TIME.csv and .json in the working folder";
    Compare "compare" Invocations ["d"] Some("compare"), "mark this invocation; d on another compares the two: figures and a diff of the bodies";
    NextChange "next_change" Dialog ["n"] None, "in a comparison: to the next change";
    PreviousChange "previous_change" Dialog ["N"] None, "in a comparison: to the previous change";
    ToggleFollow "toggle_follow" Logs ["Space"] Some("follow/freeze"), "follow new lines, or freeze where you are";
    NextRange "next_range" Logs ["T"] Some("range"), "next time range preset: 5 minutes, 1 hour, 24 hours";
    TypeRange "type_range" Logs ["s"] None, "type a time range (90s, 15m, 6h, 3d)";
    FilterPattern "filter_pattern" Logs ["p"] Some("pattern"), "set the filter pattern sent to CloudWatch Logs";
    ClearLogs "clear_logs" Logs ["c"] Some("clear"), "clear the shown lines";
    ToggleWrap "toggle_wrap" Reading ["w"] Some("wrap"), "wrap long lines, or cut them at the edge";
    Search "search" Reading ["/"] Some("search"), "search the response's body, the invocations (this run's and earlier), or the shown log lines";
    NextMatch "next_match" Reading ["n"] Some("next"), "go to the next line that holds the search";
    PreviousMatch "previous_match" Reading ["N"] None, "go to the previous line that holds the search";
    ClearSearch "clear_search" Reading ["Esc"] None, "clear the search";
    Confirm "confirm" Dialog ["Enter"] Some("accept"), "keep the filter, apply the prompt, load the choice, close the help";
    Yes "yes" Question ["y"] Some("yes"), "answer yes to the question asked";
    No "no" Question ["n", "Esc"] Some("no"), "answer no: nothing happens";
    Complete "complete" CommandLine ["Tab"] Some("complete"), "complete the command, profile, region or function name (again: the next match)";
    ToggleShareable "toggle_shareable" Naming ["Tab"] Some("private/shareable"), "save privately, or as a shareable event in the account's Schemas registry, as the web console does";
    RenameEvent "rename_event" Picker ["F2"] Some("rename"), "rename the saved event picked";
    DeleteEvent "delete_event" Picker ["Delete"] Some("delete"), "delete the saved event picked (asks first)";
    Cancel "cancel" Dialog ["Esc", "q", "?"] Some("cancel"), "leave the filter (clearing it), a prompt, the picker (Esc only) or the help";
}

impl Action {
    pub fn info(self) -> &'static ActionInfo {
        &ACTIONS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn scope(self) -> Scope {
        self.info().scope
    }

    /// The action of a name in the config file; names of earlier versions
    /// still work.
    /// How the command line runs this action, for those it runs.
    pub fn command_form(self) -> Option<&'static str> {
        Some(match self {
            Action::SwitchProfile => ":profile",
            Action::SwitchRegion => ":region",
            Action::GoToFunction => ":fn",
            Action::SetType => ":type",
            _ => return None,
        })
    }

    pub fn from_name(name: &str) -> Option<Action> {
        const RENAMED: &[(&str, Action)] = &[("templates", Action::Events)];
        ACTIONS
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.action)
            .or_else(|| RENAMED.iter().find(|(old, _)| *old == name).map(|(_, action)| *action))
    }

    pub fn all() -> impl Iterator<Item = Action> {
        ACTIONS.iter().map(|a| a.action)
    }
}

/// Two actions that answer the same key where both are live.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub key: Key,
    pub first: Action,
    pub second: Action,
    pub context: Context,
}

/// A key map that would leave the console hard or impossible to use.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyProblem {
    Conflict(Conflict),
    /// A text field's own key (Backspace, arrows...) taken by an action live there.
    Reserved {
        key: Key,
        action: Action,
        context: Context,
    },
    /// A key that types a character, for an action that must work in text fields.
    TypesInstead {
        key: Key,
        action: Action,
    },
    /// An action that must work in text fields has no key that does.
    NoWayOut {
        action: Action,
    },
    /// Neither quit nor force_quit has a key.
    NoQuit,
}

impl KeyProblem {
    /// The actions to blame, for pointing at lines of the config file.
    pub fn actions(&self) -> Vec<Action> {
        match self {
            KeyProblem::Conflict(c) => vec![c.first, c.second],
            KeyProblem::Reserved { action, .. }
            | KeyProblem::TypesInstead { action, .. }
            | KeyProblem::NoWayOut { action } => vec![*action],
            KeyProblem::NoQuit => vec![Action::Quit, Action::ForceQuit],
        }
    }

    /// What is wrong, naming actions with `name` (which may add where they are bound).
    pub fn describe(&self, name: impl Fn(Action) -> String) -> String {
        match self {
            KeyProblem::Conflict(c) => format!(
                "`{}` is bound to both {} and {}, which are live at the same time (in {}); give one of them another key",
                c.key,
                name(c.first),
                name(c.second),
                c.context.describe()
            ),
            KeyProblem::Reserved { key, action, context } => format!(
                "`{key}` edits text in {}, where {} is live too: give {} another key",
                context.describe(),
                name(*action),
                action.name()
            ),
            KeyProblem::TypesInstead { key, action } => format!(
                "{} must work in text fields too, where `{key}` types a character: give it a key that types nothing, like a Ctrl- key or Esc",
                name(*action)
            ),
            KeyProblem::NoWayOut { action } => format!(
                "{} needs a key that types nothing (like Esc or Enter): without one, text fields could not {}",
                name(*action),
                match action {
                    Action::Confirm => "be applied",
                    Action::LeaveEditor => "be left",
                    _ => "be left or cancelled",
                }
            ),
            KeyProblem::NoQuit => format!(
                "{} and {} are both unbound: nothing would end the console",
                name(Action::Quit),
                name(Action::ForceQuit)
            ),
        }
    }
}

/// Actions that must answer inside text fields, where printable keys type.
const TEXT_FIELD_ACTIONS: [Action; 5] = [
    Action::ForceQuit,
    Action::Suspend,
    Action::LeaveEditor,
    Action::Confirm,
    Action::Cancel,
];

/// The keys of every action: the defaults, with the config file's bindings in
/// place of the defaults of the actions it names.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    keys: Vec<Vec<Key>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap::defaults()
    }
}

impl KeyMap {
    pub fn defaults() -> KeyMap {
        KeyMap {
            keys: ACTIONS
                .iter()
                .map(|info| {
                    info.default_keys
                        .iter()
                        .map(|k| Key::parse(k).expect("the table's default keys parse"))
                        .collect()
                })
                .collect(),
        }
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        &self.keys[action as usize]
    }

    /// Replaces the action's keys (an empty list unbinds it).
    pub fn bind(&mut self, action: Action, keys: Vec<Key>) {
        let mut unique = Vec::with_capacity(keys.len());
        for key in keys {
            if !unique.contains(&key) {
                unique.push(key);
            }
        }
        self.keys[action as usize] = unique;
    }

    /// The action a key triggers where `context` has the keyboard.
    pub fn resolve(&self, context: Context, key: Key) -> Option<Action> {
        if context.types_text() && key.types_text() {
            return None;
        }
        context.scopes().iter().find_map(|&scope| {
            ACTIONS
                .iter()
                .filter(|info| info.scope == scope)
                .find(|info| self.keys(info.action).contains(&key))
                .map(|info| info.action)
        })
    }

    /// The first key of `action` that works where `context` has the
    /// keyboard, for hints.
    pub fn key_in(&self, context: Context, action: Action) -> Option<Key> {
        self.keys(action)
            .iter()
            .copied()
            .find(|&key| self.resolve(context, key) == Some(action))
    }

    /// The first key of `action`, for text that names it, or "unbound".
    pub fn label(&self, action: Action) -> String {
        match self.keys(action).first() {
            Some(key) => key.to_string(),
            None => format!("(unbound: {})", action.name()),
        }
    }

    /// All keys of `action`, as the help lists them; a command of the
    /// command line shows as typed.
    pub fn labels(&self, action: Action) -> String {
        let keys = self.keys(action);
        if keys.is_empty() {
            return action.command_form().unwrap_or("(unbound)").into();
        }
        keys.iter().map(Key::to_string).collect::<Vec<_>>().join(", ")
    }

    /// Every key bound to two actions that are live at the same time.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut found: Vec<Conflict> = Vec::new();
        for context in Context::ALL {
            let live: Vec<Action> = Action::all()
                .filter(|a| context.scopes().contains(&a.scope()))
                .collect();
            for (i, &first) in live.iter().enumerate() {
                for &second in &live[i + 1..] {
                    for &key in self.keys(first) {
                        let typed = context.types_text() && key.types_text();
                        let known = found
                            .iter()
                            .any(|c| c.key == key && c.first == first && c.second == second);
                        if !typed && !known && self.keys(second).contains(&key) {
                            found.push(Conflict {
                                key,
                                first,
                                second,
                                context,
                            });
                        }
                    }
                }
            }
        }
        found
    }

    /// Everything that would make this key map hard or impossible to use:
    /// conflicts, a text field's own keys taken, no way out of a text field,
    /// no way to quit.
    pub fn problems(&self) -> Vec<KeyProblem> {
        let mut found: Vec<KeyProblem> = self.conflicts().into_iter().map(KeyProblem::Conflict).collect();
        for context in Context::ALL {
            for &(code, modifiers) in context.reserved_keys() {
                let key = Key::new(code, modifiers);
                if let Some(action) = self.resolve(context, key) {
                    found.push(KeyProblem::Reserved { key, action, context });
                }
            }
        }
        for action in TEXT_FIELD_ACTIONS {
            // Dialog actions also serve overlays, where a letter is fine.
            let letters_serve_elsewhere = action.scope() == Scope::Dialog;
            for &key in self.keys(action) {
                if key.types_text() && !letters_serve_elsewhere {
                    found.push(KeyProblem::TypesInstead { key, action });
                }
            }
            let usable = self.keys(action).iter().any(|k| !k.types_text());
            if !usable && !matches!(action, Action::ForceQuit | Action::Suspend) {
                found.push(KeyProblem::NoWayOut { action });
            }
        }
        if self.keys(Action::Quit).is_empty() && self.keys(Action::ForceQuit).is_empty() {
            found.push(KeyProblem::NoQuit);
        }
        found
    }

    /// The key table as Markdown, for the README.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| Keys | Action | Where | What it does |\n| --- | --- | --- | --- |\n");
        for info in ACTIONS {
            let mut keys: Vec<String> = self
                .keys(info.action)
                .iter()
                .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                .collect();
            if keys.is_empty()
                && let Some(command) = info.action.command_form()
            {
                keys.push(format!("`{}`", command.replace('|', "\\|")));
            }
            out.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                keys.join(" "),
                info.name,
                info.scope.name(),
                info.help.replace('|', "\\|")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn the_table_and_the_enum_agree_and_names_are_unique_snake_case() {
        for (i, info) in ACTIONS.iter().enumerate() {
            assert_eq!(info.action as usize, i, "{}", info.name);
            assert_eq!(Action::from_name(info.name), Some(info.action));
            assert!(
                info.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                info.name
            );
            assert!(!info.help.is_empty());
        }
    }

    #[test]
    fn default_keys_parse_and_have_no_problems() {
        let keys = KeyMap::defaults();
        assert_eq!(keys.problems(), Vec::new());
        for info in ACTIONS {
            assert_eq!(keys.keys(info.action).len(), info.default_keys.len(), "{}", info.name);
        }
    }

    #[test]
    fn printable_keys_type_in_text_fields_and_the_rest_dispatch() {
        let keys = KeyMap::defaults();
        assert_eq!(keys.resolve(Context::FunctionsPane, key("q")), Some(Action::Quit));
        assert_eq!(keys.resolve(Context::Editor, key("q")), None);
        assert_eq!(keys.resolve(Context::Editor, key("Ctrl-R")), Some(Action::Invoke));
        assert_eq!(keys.resolve(Context::Filter, key("j")), None);
        assert_eq!(keys.resolve(Context::Filter, key("Down")), Some(Action::Down));
        assert_eq!(keys.resolve(Context::Help, key("q")), Some(Action::Cancel));
        assert_eq!(
            keys.resolve(Context::Help, key("Ctrl-R")),
            None,
            "overlays hold the keyboard"
        );
        assert_eq!(keys.resolve(Context::Prompt, key("Ctrl-C")), Some(Action::ForceQuit));
        assert_eq!(keys.key_in(Context::Editor, Action::Invoke), Some(key("Ctrl-R")));
        assert_eq!(keys.key_in(Context::Editor, Action::CycleType), None);
    }

    #[test]
    fn key_maps_that_break_text_fields_or_trap_the_user_are_found() {
        let key = |text: &str| Key::parse(text).unwrap();
        let problems = |change: &dyn Fn(&mut KeyMap)| {
            let mut keys = KeyMap::defaults();
            change(&mut keys);
            keys.problems()
        };
        assert!(matches!(
            problems(&|k| k.bind(Action::Reload, vec![key("Backspace")]))[..],
            [
                KeyProblem::Reserved {
                    action: Action::Reload,
                    context: Context::Editor,
                    ..
                },
                ..
            ]
        ));
        assert!(matches!(
            problems(&|k| k.bind(Action::LeaveEditor, vec![key("x")]))[..],
            [
                KeyProblem::TypesInstead {
                    action: Action::LeaveEditor,
                    ..
                },
                KeyProblem::NoWayOut {
                    action: Action::LeaveEditor
                }
            ]
        ));
        assert_eq!(
            problems(&|k| k.bind(Action::Cancel, vec![key("q")])),
            vec![KeyProblem::NoWayOut { action: Action::Cancel }]
        );
        assert_eq!(
            problems(&|k| {
                k.bind(Action::Quit, vec![]);
                k.bind(Action::ForceQuit, vec![]);
            }),
            vec![KeyProblem::NoQuit]
        );
        assert!(
            problems(&|k| k.bind(Action::ForceQuit, vec![])).is_empty(),
            "q still quits"
        );
        let message = KeyProblem::NoWayOut { action: Action::Cancel }.describe(|a| format!("`{}`", a.name()));
        assert!(message.contains("`cancel` needs a key that types nothing"), "{message}");
    }

    #[test]
    fn conflicts_are_found_only_where_both_actions_are_live() {
        let mut keys = KeyMap::defaults();
        keys.bind(Action::Reload, vec![key("j")]);
        let conflicts = keys.conflicts();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(
            (conflicts[0].first, conflicts[0].second),
            (Action::Reload, Action::Down)
        );
        let mut keys = KeyMap::defaults();
        // `s` saves a body in Response and types a range in Logs: never both live.
        keys.bind(Action::Rerun, vec![key("s")]);
        assert!(keys.conflicts().is_empty());
    }
}

#[cfg(test)]
mod readme {
    use super::*;

    const BEGIN: &str = "<!-- keys: generated from the action table in src/action/mod.rs; a test checks it -->\n";
    const END: &str = "<!-- end of keys -->";

    #[test]
    fn the_readme_key_table_is_the_action_table() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let start = readme.find(BEGIN).expect("the README marks its key table") + BEGIN.len();
        let end = start + readme[start..].find(END).expect("the README ends its key table");
        let expected = KeyMap::defaults().markdown_table();
        // For whoever changed the table: this writes it into the README.
        if std::env::var_os("LAMBDA_CONSOLE_UPDATE_README").is_some() && readme[start..end] != expected {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
            std::fs::write(path, format!("{}{expected}{}", &readme[..start], &readme[end..])).unwrap();
            return;
        }
        assert!(
            readme[start..end] == expected,
            "the README's key table differs from the action table (LAMBDA_CONSOLE_UPDATE_README=1 rewrites it); it should read:\n{expected}"
        );
    }
}

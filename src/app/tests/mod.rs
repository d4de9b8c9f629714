//! Update-step tests: keys and background results in, state and commands out;
//! the helpers here, the tests by pane beside them.

mod bursts;
mod command;
mod events;
mod functions;
mod invocations;
mod keys;
mod logs;
mod payload;
mod streams_and_compare;
mod urls;

pub(super) use super::*;
pub(super) use crate::model::{AliasInfo, Details, FunctionInfo, InvokeOutcome, InvokeRequest, VersionInfo};
pub(super) use crate::payload::Validity;
pub(super) use crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};
pub(super) use std::time::SystemTime;

pub(super) fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub(super) fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub(super) fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| app.update(key(KeyCode::Char(c)))).collect()
}

pub(super) fn function(name: &str) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        log_group: FunctionInfo::default_log_group(name),
        ..Default::default()
    }
}

/// An app with a finished load of `names`, connected.
pub(super) fn loaded(names: &[&str]) -> App {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!("start should load functions")
    };
    app.update(Event::Backend(BackendEvent::Connected(ConnectionInfo::default())));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: names.iter().map(|n| function(n)).collect(),
        first: true,
        last: true,
    }));
    let details = app.details.as_ref().expect("details load for the first function");
    let (id, function) = (details.load_id, details.function.clone());
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function,
        result: Ok(Box::default()),
    }));
    assert!(!app.is_animating());
    app
}

pub(super) fn invoke_commands(commands: &[Command]) -> Vec<&InvokeRequest> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Invoke { request, .. } => Some(request),
            _ => None,
        })
        .collect()
}

pub(super) fn log_event(ts: i64, id: &str, stream: &str, message: &str) -> crate::tail::LogEvent {
    crate::tail::LogEvent {
        timestamp: ts,
        stream: stream.into(),
        message: message.into(),
        event_id: id.into(),
    }
}

/// Sends an Event invoke for `echo` and answers it with a 202 for request `rid`.
pub(super) fn accepted_event(app: &mut App, rid: &str) -> Vec<Command> {
    app.invoke_type = InvokeType::Event;
    let out = app.update(key(KeyCode::Char('i')));
    let Command::Invoke { id, .. } = out[0] else {
        panic!("invoke")
    };
    let outcome = InvokeOutcome::from_parts(202, Some(rid.into()), None, None, b"", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }))
}

pub(super) fn key_char(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// Puts the app where `context` has the keyboard.
pub(super) fn enter(app: &mut App, context: crate::action::Context) {
    use crate::action::Context as C;
    app.mode = Mode::Normal;
    app.focus = match context {
        C::ResponsePane => Pane::Response,
        C::InvocationsPane => Pane::Invocations,
        C::LogsPane | C::Prompt => Pane::Logs,
        C::Editor => Pane::Payload,
        _ => Pane::Functions,
    };
    app.mode = match context {
        C::Editor => Mode::Editor,
        C::Filter => Mode::Filter(LineInput::new("", 8)),
        C::Prompt => Mode::Prompt(Prompt::new(PromptKind::LogSearch, "")),
        C::CommandLine => Mode::Command(crate::app::CommandLine::new("")),
        C::Picker => Mode::Picker(Picker::default()),
        C::Help => Mode::Help(HelpView::default()),
        C::Question => Mode::Question(crate::app::Question::Quit {
            in_flight: 1,
            burst_left: 0,
        }),
        _ => Mode::Normal,
    };
    assert_eq!(app.context(), context);
}

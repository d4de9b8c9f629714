//! The status line's message: what the last key did, or what a state is,
//! and when each goes away.

use crossterm::event::KeyEvent;

use super::App;
use crate::action::Action;

#[derive(Debug, Clone, PartialEq)]
pub struct StatusMessage {
    pub text: String,
    pub is_error: bool,
    /// Every message goes with the next key; one that describes a state
    /// also goes when that state ends.
    pub until: Until,
}

/// The state a status message describes, which ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    NextKey,
    /// This invocation has its answer.
    InvokeEnds(u64),
    /// Log lines arrived.
    LinesArrive,
    /// A switch of profile or region connected (or failed to).
    Connected,
}

impl StatusMessage {
    pub fn error(text: String) -> StatusMessage {
        StatusMessage {
            text,
            is_error: true,
            until: Until::NextKey,
        }
    }

    pub fn info(text: String) -> StatusMessage {
        StatusMessage {
            text,
            is_error: false,
            until: Until::NextKey,
        }
    }
}

impl App {
    pub(super) fn set_error(&mut self, text: String) {
        self.status = Some(StatusMessage::error(text));
    }

    pub(super) fn set_info(&mut self, text: String) {
        self.status = Some(StatusMessage::info(text));
    }

    /// An informative message that lasts while the state it describes does.
    pub(super) fn set_info_until(&mut self, text: String, until: Until) {
        self.status = Some(StatusMessage {
            until,
            ..StatusMessage::info(text)
        });
    }

    /// Clears the message describing a state that just ended.
    pub(super) fn state_ended(&mut self, ended: Until) {
        if self.status.as_ref().is_some_and(|s| s.until == ended) {
            self.status = None;
        }
    }

    /// A key that means nothing here says so, rather than seem to be lost.
    pub(super) fn say_key_does_nothing(&mut self, event: &KeyEvent) {
        use crossterm::event::KeyCode;
        if matches!(
            event.code,
            KeyCode::Modifier(_)
                | KeyCode::Null
                | KeyCode::CapsLock
                | KeyCode::ScrollLock
                | KeyCode::NumLock
                | KeyCode::Media(_)
                | KeyCode::KeypadBegin
                | KeyCode::PrintScreen
                | KeyCode::Pause
                | KeyCode::Menu
        ) {
            return;
        }
        let key = crate::action::Key::from_event(event);
        let help = self.key_label(Action::Help);
        self.set_info(format!(
            "{key} does nothing in {}; {help} shows the keys.",
            self.context().describe()
        ));
    }
}

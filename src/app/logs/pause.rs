//! When the tail is not polled: an idle spell (`[tail]
//! pause_after_idle_seconds`) or a Logs pane off screen. Its key and lines
//! stay; it goes on from its newest line.

use std::time::SystemTime;

use super::TailPause;
use crate::app::tracking::wall_millis;
use crate::app::{App, Command, Pane};

impl App {
    /// Nobody has pressed a key for a while: the selected function's tail
    /// stops; its key and lines stay. A group an async invocation is
    /// followed in goes on until that ends; the next idle spell pauses it.
    pub(in crate::app) fn pause_tail(&mut self) -> Vec<Command> {
        let commands = self.stop_tail(TailPause::Idle);
        if !commands.is_empty() {
            self.logs.status = Some("Tail paused: no key for a while. Any key resumes it.".into());
        }
        commands
    }

    fn stop_tail(&mut self, why: TailPause) -> Vec<Command> {
        let Some(key) = self.logs.key.clone() else {
            return Vec::new();
        };
        if self.logs.paused.is_some() || (key.pattern.is_empty() && self.group_is_tracked(&key.group)) {
            return Vec::new();
        }
        self.logs.paused = Some(why);
        self.logs.live = false;
        vec![Command::Unwatch { key }]
    }

    /// Input after an idle pause: the tail goes on from its newest line.
    pub(in crate::app) fn resume_tail(&mut self) -> Vec<Command> {
        if self.logs.paused != Some(TailPause::Idle) {
            return Vec::new();
        }
        self.logs.status = None;
        self.restart_paused_tail()
    }

    /// The tail is polled only while the Logs pane is on screen: hidden, it
    /// stops; shown again, it goes on. Run after every event.
    pub(in crate::app) fn tail_only_while_shown(&mut self) -> Vec<Command> {
        let shown = self.areas().shows(Pane::Logs);
        match self.logs.paused {
            None if !shown => self.stop_tail(TailPause::Hidden),
            Some(TailPause::Hidden) if shown => self.restart_paused_tail(),
            _ => Vec::new(),
        }
    }

    fn restart_paused_tail(&mut self) -> Vec<Command> {
        self.logs.paused = None;
        // The old watch's trouble went with it; the new one says its own.
        self.logs.status = None;
        let Some(key) = self.logs.key.clone() else {
            return Vec::new();
        };
        let newest = self.logs.lines.back().map(|line| line.timestamp);
        self.logs.resume_at = newest;
        let since_ms = newest.unwrap_or_else(|| wall_millis(SystemTime::now()) - self.logs.range.millis());
        vec![Command::Watch { key, since_ms }]
    }
}

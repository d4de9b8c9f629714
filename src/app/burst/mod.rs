//! Bursts (`b`): the payload in the editor, or each of the function's
//! saved events in turn, sent to the function under the cursor many times,
//! some at a time, with what happened summed up live (see `summary`). A
//! burst is one row of the Invocations pane and of the history: its body
//! is the summary.

mod figures;
mod summary;

use std::time::{Duration, Instant};

pub use figures::{Sorted, histogram};
pub use summary::{Burst, BurstCall, headline};

use super::prompt::LineInput;
use super::{App, Command, InvocationState, Mode};
use crate::aws::burst::{MAX_BURST_CALLS, MAX_BURST_CONCURRENCY};
use crate::model::{BurstPlan, InvokeOutcome, InvokeType};
use crate::saved_events::SavedEvent;

/// Calls above this many ask first.
const CONFIRM_ABOVE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BurstField {
    Count,
    Concurrency,
    /// The editor's payload, or the saved events in turn.
    Payloads,
}

/// The form `b` opens: how many, how many at a time, and what to send.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstForm {
    /// The function and qualifier `b` was pressed on, and where their
    /// saved events are kept: Enter sends there or nowhere.
    pub function: String,
    pub qualifier: Option<String>,
    pub events: Option<super::EventTarget>,
    pub count: LineInput,
    pub concurrency: LineInput,
    pub field: BurstField,
    /// Send each of the function's saved events in turn, not the editor's.
    pub saved_events: bool,
    pub error: Option<String>,
}

impl BurstForm {
    fn new(function: String, qualifier: Option<String>, events: Option<super::EventTarget>) -> BurstForm {
        BurstForm {
            function,
            qualifier,
            events,
            count: LineInput::new("20", 5),
            concurrency: LineInput::new("4", 3),
            field: BurstField::Count,
            saved_events: false,
            error: None,
        }
    }

    /// Tab: the next field, round.
    pub fn next_field(&mut self) {
        self.field = match self.field {
            BurstField::Count => BurstField::Concurrency,
            BurstField::Concurrency => BurstField::Payloads,
            BurstField::Payloads => BurstField::Count,
        };
    }

    /// A key typed in the form: digits in the number fields (anything else
    /// is refused, saying why), any key on the payload choice flips it.
    pub fn input(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let field = match self.field {
            BurstField::Payloads => {
                if matches!(key.code, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) {
                    self.saved_events = !self.saved_events;
                    self.error = None;
                }
                return;
            }
            BurstField::Count => &mut self.count,
            BurstField::Concurrency => &mut self.concurrency,
        };
        if let KeyCode::Char(c) = key.code
            && !c.is_ascii_digit()
            && !key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
        {
            self.error = Some("Digits only: how many calls, and how many at a time.".into());
            return;
        }
        if field.input(key) {
            self.error = None;
        }
    }

    /// A paste goes to a number field as its digits.
    pub fn paste(&mut self, text: &str) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        match self.field {
            BurstField::Count => self.count.paste(&digits),
            BurstField::Concurrency => self.concurrency.paste(&digits),
            BurstField::Payloads => false,
        };
    }
}

impl App {
    /// `b`: the form, for the function under the cursor; its saved events
    /// are read meanwhile, for the choice to send them in turn.
    pub(super) fn open_burst_form(&mut self) -> Vec<Command> {
        if let Some(burst) = self.burst.as_mut().filter(|b| b.ended.is_none() || !b.end_seen) {
            burst.end_seen = burst.ended.is_some();
            self.mode = Mode::Burst;
            return Vec::new();
        }
        let Some(function) = self.selected_name() else {
            self.set_error("No function selected: a burst goes to the function under the cursor.".into());
            return Vec::new();
        };
        let (_, qualifier) = self.selected_qualifier();
        // The editor holds this function's payload, so its events are these.
        let events = self.event_target().filter(|target| target.function == function);
        let loads = match &events {
            Some(target) => vec![
                self.load_saved_events(&target.owner),
                self.load_saved_events(&target.shared_owner()),
            ],
            None => Vec::new(),
        };
        let mut form = BurstForm::new(function, qualifier, events);
        if let Some((count, concurrency, saved_events)) = &self.burst_settings {
            form.count = LineInput::new(count, 5);
            form.concurrency = LineInput::new(concurrency, 3);
            form.saved_events = *saved_events;
        }
        self.mode = Mode::BurstForm(Box::new(form));
        loads
    }

    /// The form's function's saved events, private then shareable, as the
    /// store and the registry last said (borrowed: the form draws their
    /// names each frame); None until the private ones are read.
    pub fn burst_events<'a>(&'a self, form: &BurstForm) -> Option<Vec<&'a SavedEvent>> {
        let target = form.events.as_ref()?;
        let private = self.saved_events.of(&target.owner)?;
        let shared = self.saved_events.of(&target.shared_owner()).unwrap_or_default();
        Some(private.iter().chain(shared).collect())
    }

    /// Enter in the form: checked, then asked about when big or protected.
    /// A mistake keeps the form open, saying what is wrong.
    pub(super) fn burst_form_submitted(&mut self, mut form: BurstForm) -> Vec<Command> {
        match self.burst_plan(&form) {
            Ok((plan, events)) => {
                self.burst_settings = Some((
                    form.count.text.clone(),
                    form.concurrency.text.clone(),
                    form.saved_events,
                ));
                if plan.count > CONFIRM_ABOVE || self.protected_profile().is_some() {
                    self.mode = Mode::Question(super::Question::ConfirmBurst {
                        plan: Box::new(plan),
                        events,
                        profile: self.protected_profile().map(str::to_string),
                    });
                    return Vec::new();
                }
                self.start_burst(plan, events)
            }
            Err(why) => {
                form.error = Some(why);
                self.mode = Mode::BurstForm(Box::new(form));
                Vec::new()
            }
        }
    }

    /// What the form asks for, with the names of the events it sends.
    fn burst_plan(&mut self, form: &BurstForm) -> Result<(BurstPlan, Vec<String>), String> {
        // A list load can move the cursor while the form is open: what was
        // asked for goes, or nothing.
        let selected = (self.selected_name(), self.selected_qualifier().1);
        if selected != (Some(form.function.clone()), form.qualifier.clone()) {
            return Err(format!(
                "Not sent: the cursor moved off {} while this form was open. Esc, then b on the function you want.",
                crate::sanitize::one_line(&form.function)
            ));
        }
        let number =
            |input: &LineInput, max: u32| input.text.trim().parse::<u32>().ok().filter(|n| (1..=max).contains(n));
        let (Some(count), Some(concurrency)) = (
            number(&form.count, MAX_BURST_CALLS),
            number(&form.concurrency, MAX_BURST_CONCURRENCY),
        ) else {
            return Err(format!(
                "A count of 1 to {MAX_BURST_CALLS} and a concurrency of 1 to {MAX_BURST_CONCURRENCY}."
            ));
        };
        // Each payload is checked as a single invoke's is; what is wrong is
        // the form's error.
        let checked = |app: &mut App, text: String| {
            app.prepared_request_of(InvokeType::RequestResponse, text)
                .map(|(request, _)| request)
        };
        if !form.saved_events {
            let text = self.payload.text();
            let request = checked(self, text)?;
            return Ok((
                BurstPlan {
                    request,
                    payloads: Vec::new(),
                    count,
                    concurrency,
                },
                Vec::new(),
            ));
        }
        // Only the events the calls will send are checked and copied.
        let events: Vec<SavedEvent> = self
            .burst_events(form)
            .ok_or("The saved events are still being read: Enter again in a moment.")?
            .into_iter()
            .take(count as usize)
            .cloned()
            .collect();
        if events.is_empty() {
            return Err(
                "This function has no saved events (S saves one): Tab, Space sends the editor's payload.".into(),
            );
        }
        let mut payloads = Vec::with_capacity(events.len());
        let mut request = None;
        for event in &events {
            let sent = checked(self, event.body.clone())
                .map_err(|why| format!("Saved event {}: {why}", crate::sanitize::one_line(&event.name)))?;
            payloads.push(sent.payload.clone());
            request.get_or_insert(sent);
        }
        let request = request.ok_or("No saved event to send.")?;
        Ok((
            BurstPlan {
                request,
                payloads,
                count,
                concurrency,
            },
            events.into_iter().map(|e| e.name).collect(),
        ))
    }

    pub(super) fn start_burst(&mut self, plan: BurstPlan, events: Vec<String>) -> Vec<Command> {
        let id = self.next_id();
        let function = self.functions.find(&plan.request.function);
        let architecture = function
            .and_then(|f| f.architectures.first().cloned())
            .unwrap_or_else(|| "x86_64".into());
        let log_group = function.map(|f| f.log_group.clone()).unwrap_or_default();
        self.burst = Some(Burst::new(
            id,
            plan.request.target(),
            (plan.count, plan.concurrency),
            events,
            architecture,
            self.prices,
        ));
        // Its row in the Invocations pane: in flight until its summary.
        let row = crate::model::InvokeRequest {
            invoke_type: InvokeType::Burst,
            payload: plan
                .payloads
                .first()
                .cloned()
                .unwrap_or_else(|| plan.request.payload.clone()),
            ..plan.request.clone()
        };
        self.add_in_flight(id, row, log_group);
        self.mode = Mode::Burst;
        vec![Command::Burst {
            id,
            plan: Box::new(plan),
        }]
    }

    /// Esc on the burst: the first stops sending (calls in flight finish),
    /// one after it has ended closes it.
    pub(super) fn burst_cancelled(&mut self) -> Vec<Command> {
        match &mut self.burst {
            Some(burst) if burst.ended.is_none() && !burst.stopping => {
                burst.stopping = true;
                self.mode = Mode::Burst;
                vec![Command::StopBurst { id: burst.id }]
            }
            Some(burst) if burst.ended.is_none() => {
                // Still finishing: it goes on behind, `b` shows it again.
                self.mode = self.resting_mode();
                Vec::new()
            }
            _ => {
                self.mode = self.resting_mode();
                Vec::new()
            }
        }
    }

    /// `s` in a burst's summary: its calls as CSV and JSON, new files in
    /// the working folder.
    pub(super) fn export_burst(&mut self) -> Vec<Command> {
        let Some(burst) = self.burst.as_ref().filter(|_| self.mode == Mode::Burst) else {
            self.set_info("s exports a burst's calls: b starts one.".into());
            return Vec::new();
        };
        if burst.calls().is_empty() {
            self.set_info("No call has answered yet: nothing to export.".into());
            return Vec::new();
        }
        let name = format!("burst-{}", burst.started_wall);
        vec![
            Command::SaveFile {
                path: format!("{name}.csv").into(),
                bytes: burst.csv().into_bytes(),
            },
            Command::SaveFile {
                path: format!("{name}.json").into(),
                bytes: burst.json().into_bytes(),
            },
        ]
    }

    pub(super) fn on_burst_call(
        &mut self,
        id: u64,
        (n, payload): (usize, usize),
        elapsed: Duration,
        result: Result<Box<InvokeOutcome>, String>,
    ) {
        if let Some(burst) = self.burst.as_mut().filter(|b| b.id == id) {
            let mut call = BurstCall::of(payload, elapsed, result);
            call.sent = n;
            burst.push(call);
        }
    }

    /// The end: its row takes the summary as its body, and the history
    /// keeps it as one entry.
    pub(super) fn on_burst_ended(&mut self, id: u64) -> Vec<Command> {
        let shown = self.mode == Mode::Burst;
        let Some(burst) = self.burst.as_mut().filter(|b| b.id == id) else {
            return Vec::new();
        };
        let now = Instant::now();
        burst.ended = Some(now);
        burst.end_seen = shown;
        let summary = serde_json::to_vec_pretty(&burst.summary()).unwrap_or_default();
        let Some(row) = self.invocations.list.iter_mut().find(|i| i.id == id) else {
            return Vec::new();
        };
        row.elapsed = Some(now.saturating_duration_since(row.sent_at));
        row.state = InvocationState::Done(Box::new(InvokeOutcome::from_parts(
            200, None, None, None, &summary, None,
        )));
        row.headline = headline(&summary);
        let entry = row.history_entry(&row.place);
        self.refresh_diff(id);
        entry
            .map(|entry| {
                Command::History(crate::message::HistoryRequest::Record {
                    entry: Box::new(entry),
                    bounds: self.history_bounds,
                })
            })
            .into_iter()
            .collect()
    }
}

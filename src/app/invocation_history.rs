//! Invocations and the history across runs: what a finished one leaves in
//! the database, and how an earlier run's comes back as a row of pane 4.

use std::time::{Instant, SystemTime};

use super::{App, Invocation, InvocationState};

impl Invocation {
    /// What a finished invocation leaves; None while it is in flight.
    pub fn history_entry(&self, place: &str) -> Option<crate::history::HistoryEntry> {
        let invocation = self;
        let outcome = match &invocation.state {
            InvocationState::InFlight => return None,
            InvocationState::Failed(error) => crate::history::HistoryOutcome::Failed(error.clone()),
            InvocationState::Done(outcome) => crate::history::HistoryOutcome::Answered {
                status_code: outcome.status_code,
                request_id: outcome.request_id.clone(),
                executed_version: outcome.executed_version.clone(),
                function_error: outcome.function_error.as_ref().map(|e| e.kind.clone()),
                body: (outcome.raw_body.len() <= crate::history::MAX_KEPT_BODY && !invocation.trimmed)
                    .then(|| outcome.raw_body.clone()),
                body_bytes: outcome.raw_body.len(),
                log_tail: outcome.log_tail.join("\n"),
                throttle_retries: outcome.throttle_retries,
            },
        };
        let request = &invocation.request;
        Some(crate::history::HistoryEntry {
            place: place.to_string(),
            function: request.function.clone(),
            qualifier: request.qualifier.clone(),
            invoke_type: request.invoke_type,
            sent_ms: invocation
                .sent_wall
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            elapsed_ms: invocation.elapsed.map(|d| d.as_millis() as i64),
            log_group: invocation.log_group.clone(),
            payload: (request.payload.len() <= crate::history::MAX_KEPT_PAYLOAD && !invocation.trimmed)
                .then(|| request.payload.clone()),
            // A URL invocation has no client context: its HTTP request is
            // kept there, so that R works on it after a restart.
            client_context: match &request.url {
                Some(url) => serde_json::to_string(url).ok(),
                None => request.client_context.clone(),
            },
            outcome,
            async_end: match &invocation.async_state {
                Some(state) if state.is_final() => Some(crate::history::AsyncEnd {
                    state: state.clone(),
                    report: invocation.async_report.clone(),
                }),
                _ => None,
            },
        })
    }

    /// A row from an earlier run; `id` is one no completion of this run echoes.
    fn earlier(earlier: crate::history::Earlier, id: u64) -> Invocation {
        let now = Instant::now();
        let ago = SystemTime::now().duration_since(earlier.sent_wall).unwrap_or_default();
        let (async_state, async_report) = match earlier.async_end {
            Some(end) => (Some(end.state), end.report),
            None => (None, None),
        };
        Invocation {
            id,
            request: earlier.request,
            // An Instant cannot always go back as far as the wall clock did.
            sent_at: now.checked_sub(ago).unwrap_or(now),
            sent_wall: earlier.sent_wall,
            elapsed: earlier.elapsed,
            state: match earlier.outcome {
                Ok(outcome) => InvocationState::Done(outcome),
                Err(error) => InvocationState::Failed(error),
            },
            log_group: earlier.log_group,
            async_state,
            async_report,
            trimmed: !earlier.payload_kept,
            earlier: true,
            place: earlier.place,
            stream: None,
            headline: earlier.headline,
        }
    }
}

impl App {
    /// Invocations of earlier runs go below this run's, marked as earlier.
    pub(super) fn on_history_loaded(&mut self, result: Result<Vec<crate::history::Earlier>, String>) {
        let entries = match result {
            Ok(entries) => entries,
            Err(why) => return self.set_error(format!("Earlier invocations not read: {why}")),
        };
        let earlier: Vec<Invocation> = entries
            .into_iter()
            .map(|earlier| {
                let id = self.next_id();
                Invocation::earlier(earlier, id)
            })
            .collect();
        let added = earlier.len();
        self.invocations.list.splice(0..0, earlier);
        self.response.shown = self.response.shown.map(|shown| shown + added);
        let gone = self.invocations.keep_within_bounds();
        self.response.shown = self.response.shown.and_then(|shown| shown.checked_sub(gone));
    }
}

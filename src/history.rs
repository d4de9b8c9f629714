//! Invocation history across runs: what each finished invocation leaves in
//! the database, and how it comes back as a row of the Invocations pane.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::app::{Invocation, InvocationState};
use crate::model::{InvokeOutcome, InvokeRequest, InvokeType};

/// A payload over this is not kept: an earlier run of it cannot be loaded
/// or re-sent, and says so, rather than sending part of it.
pub const MAX_KEPT_PAYLOAD: usize = 1024 * 1024;
/// A body over this keeps its size only.
pub const MAX_KEPT_BODY: usize = 256 * 1024;

/// How much history the database keeps, newest first (config `[history]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryBounds {
    pub max_invocations: u32,
    pub max_bytes: u64,
}

impl Default for HistoryBounds {
    fn default() -> Self {
        HistoryBounds {
            max_invocations: 1_000,
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// How an Event invocation ended, as its log group told it: written to
/// its history row once known.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AsyncEnd {
    pub state: crate::tail::AsyncState,
    pub report: Option<crate::report::Report>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The profile, region and endpoint it was sent on (`store::place_of`).
    pub place: String,
    pub function: String,
    pub qualifier: Option<String>,
    pub invoke_type: InvokeType,
    pub sent_ms: i64,
    pub elapsed_ms: Option<i64>,
    pub log_group: String,
    /// None when it was over the bound.
    pub payload: Option<Vec<u8>>,
    /// Base64, as it was sent.
    pub client_context: Option<String>,
    pub outcome: HistoryOutcome,
    /// For an Event invocation followed to its end.
    pub async_end: Option<AsyncEnd>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HistoryOutcome {
    Answered {
        status_code: i32,
        request_id: Option<String>,
        executed_version: Option<String>,
        function_error: Option<String>,
        /// None when it was over the bound; `body_bytes` says how big it was.
        body: Option<Vec<u8>>,
        body_bytes: usize,
        log_tail: String,
        throttle_retries: u32,
    },
    Failed(String),
}

impl HistoryEntry {
    /// What a finished invocation leaves; None while it is in flight.
    pub fn of(invocation: &Invocation, place: &str) -> Option<HistoryEntry> {
        let outcome = match &invocation.state {
            InvocationState::InFlight => return None,
            InvocationState::Failed(error) => HistoryOutcome::Failed(error.clone()),
            InvocationState::Done(outcome) => HistoryOutcome::Answered {
                status_code: outcome.status_code,
                request_id: outcome.request_id.clone(),
                executed_version: outcome.executed_version.clone(),
                function_error: outcome.function_error.as_ref().map(|e| e.kind.clone()),
                body: (outcome.raw_body.len() <= MAX_KEPT_BODY && !invocation.trimmed)
                    .then(|| outcome.raw_body.clone()),
                body_bytes: outcome.raw_body.len(),
                log_tail: outcome.log_tail.join("\n"),
                throttle_retries: outcome.throttle_retries,
            },
        };
        let request = &invocation.request;
        Some(HistoryEntry {
            place: place.to_string(),
            function: request.function.clone(),
            qualifier: request.qualifier.clone(),
            invoke_type: request.invoke_type,
            sent_ms: invocation
                .sent_wall
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            elapsed_ms: invocation.elapsed.map(|d| d.as_millis() as i64),
            log_group: invocation.log_group.clone(),
            payload: (request.payload.len() <= MAX_KEPT_PAYLOAD && !invocation.trimmed)
                .then(|| request.payload.clone()),
            client_context: request.client_context.clone(),
            outcome,
            async_end: match &invocation.async_state {
                Some(state) if state.is_final() => Some(AsyncEnd {
                    state: state.clone(),
                    report: invocation.async_report.clone(),
                }),
                _ => None,
            },
        })
    }

    /// The row it was, marked as from an earlier run; `id` is one no
    /// completion of this run will echo.
    pub fn into_invocation(self, id: u64) -> Invocation {
        use base64::Engine;
        let sent_wall = UNIX_EPOCH + Duration::from_millis(self.sent_ms.max(0) as u64);
        let ago = SystemTime::now().duration_since(sent_wall).unwrap_or_default();
        let now = Instant::now();
        let state = match self.outcome {
            HistoryOutcome::Failed(error) => InvocationState::Failed(error),
            HistoryOutcome::Answered {
                status_code,
                request_id,
                executed_version,
                function_error,
                body,
                body_bytes,
                log_tail,
                throttle_retries,
            } => {
                let tail = (!log_tail.is_empty()).then(|| base64::engine::general_purpose::STANDARD.encode(&log_tail));
                let mut outcome = InvokeOutcome::from_parts(
                    status_code,
                    request_id,
                    executed_version,
                    function_error.as_deref(),
                    body.as_deref().unwrap_or_default(),
                    tail.as_deref(),
                );
                if body.is_none() && body_bytes > 0 {
                    outcome.body = crate::model::BodyView::Dropped { bytes: body_bytes };
                }
                outcome.throttle_retries = throttle_retries;
                InvocationState::Done(Box::new(outcome))
            }
        };
        let trimmed = self.payload.is_none();
        let (async_state, async_report) = match self.async_end {
            Some(end) => (Some(end.state), end.report),
            None => (None, None),
        };
        Invocation {
            id,
            request: InvokeRequest {
                function: self.function,
                qualifier: self.qualifier,
                invoke_type: self.invoke_type,
                payload: self.payload.unwrap_or_default(),
                client_context: self.client_context,
            },
            // An Instant cannot always go back as far as the wall clock did.
            sent_at: now.checked_sub(ago).unwrap_or(now),
            sent_wall,
            elapsed: self.elapsed_ms.map(|ms| Duration::from_millis(ms.max(0) as u64)),
            state,
            log_group: self.log_group,
            async_state,
            async_report,
            trimmed,
            earlier: true,
        }
    }
}

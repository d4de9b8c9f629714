//! Invocation history across runs: what each finished invocation leaves in
//! the database, and how it comes back as a row of the Invocations pane.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::{InvokeOutcome, InvokeRequest, InvokeType};

/// A payload over this is not kept: an earlier run of it cannot be loaded
/// or re-sent, and says so, rather than sending part of it.
pub const MAX_KEPT_PAYLOAD: usize = 1024 * 1024;
/// A body over this keeps its size only.
pub const MAX_KEPT_BODY: usize = 256 * 1024;

/// Bodies of earlier runs laid out at start, newest first; older ones keep
/// their size only. Laying out is the costly part of a start.
pub const LOADED_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Payloads of earlier runs brought back, newest first; older runs cannot
/// be re-sent (and say so).
pub const LOADED_PAYLOAD_BYTES: usize = 64 * 1024 * 1024;

/// Lets go of the bodies and payloads of the oldest `entries` (oldest
/// first) past what a start brings back.
pub fn within_load_budget(entries: &mut [HistoryEntry]) {
    let (mut bodies, mut payloads) = (0usize, 0usize);
    for entry in entries.iter_mut().rev() {
        if let HistoryOutcome::Answered { body, .. } = &mut entry.outcome
            && let Some(kept) = body
        {
            bodies += kept.len();
            if bodies > LOADED_BODY_BYTES {
                *body = None;
            }
        }
        if let Some(payload) = &entry.payload {
            payloads += payload.len();
            if payloads > LOADED_PAYLOAD_BYTES {
                entry.payload = None;
            }
        }
    }
}

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
    /// The row made ready to show: its answer laid out as a fresh one is,
    /// off the UI thread (a body is parsed and pretty-printed here).
    pub fn prepare(self) -> Earlier {
        use base64::Engine;
        let outcome = match self.outcome {
            HistoryOutcome::Failed(error) => Err(error),
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
                Ok(Box::new(outcome))
            }
        };
        // A burst's row state, read here off the UI thread, once.
        let headline = match (&outcome, self.invoke_type) {
            (Ok(outcome), InvokeType::Burst) => crate::app::burst_headline(&outcome.raw_body),
            _ => None,
        };
        Earlier {
            headline,
            place: self.place,
            payload_kept: self.payload.is_some(),
            request: InvokeRequest {
                function: self.function,
                qualifier: self.qualifier,
                invoke_type: self.invoke_type,
                payload: self.payload.unwrap_or_default(),
                // A URL invocation keeps its HTTP request where a client
                // context would be (it never has one): see `history_entry`.
                client_context: self
                    .client_context
                    .clone()
                    .filter(|_| self.invoke_type != InvokeType::Url),
                url: self
                    .client_context
                    .filter(|_| self.invoke_type == InvokeType::Url)
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .map(Box::new),
            },
            sent_wall: UNIX_EPOCH + Duration::from_millis(self.sent_ms.max(0) as u64),
            elapsed: self.elapsed_ms.map(|ms| Duration::from_millis(ms.max(0) as u64)),
            outcome,
            log_group: self.log_group,
            async_end: self.async_end,
        }
    }
}

/// An invocation of an earlier run, ready to be a row of the pane again.
#[derive(Debug)]
pub struct Earlier {
    pub place: String,
    pub request: InvokeRequest,
    pub sent_wall: SystemTime,
    pub elapsed: Option<Duration>,
    pub outcome: Result<Box<InvokeOutcome>, String>,
    pub log_group: String,
    /// False when the payload was over the bound: it cannot be re-sent.
    pub payload_kept: bool,
    pub async_end: Option<AsyncEnd>,
    /// A burst's state as its row shows it.
    pub headline: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_brings_back_the_newest_bodies_and_payloads_within_its_budget() {
        let entry = |n: usize| HistoryEntry {
            place: "here".into(),
            function: "f".into(),
            qualifier: None,
            invoke_type: InvokeType::RequestResponse,
            sent_ms: n as i64,
            elapsed_ms: None,
            log_group: String::new(),
            payload: Some(vec![b'p'; 1024 * 1024]),
            client_context: None,
            outcome: HistoryOutcome::Answered {
                status_code: 200,
                request_id: None,
                executed_version: None,
                function_error: None,
                body: Some(vec![b'1'; MAX_KEPT_BODY]),
                body_bytes: MAX_KEPT_BODY,
                log_tail: String::new(),
                throttle_retries: 0,
            },
            async_end: None,
        };
        let mut entries: Vec<HistoryEntry> = (0..100).map(entry).collect();
        within_load_budget(&mut entries);
        let bodies = |e: &HistoryEntry| matches!(&e.outcome, HistoryOutcome::Answered { body: Some(_), .. });
        assert_eq!(
            entries.iter().filter(|e| bodies(e)).count(),
            LOADED_BODY_BYTES / MAX_KEPT_BODY
        );
        assert!(bodies(&entries[99]) && !bodies(&entries[0]), "the newest keep theirs");
        assert_eq!(entries.iter().filter(|e| e.payload.is_some()).count(), 64);
        let prepared = entries.remove(0).prepare();
        assert!(!prepared.payload_kept, "an old run past the budget cannot be re-sent");
        assert_eq!(
            prepared.outcome.unwrap().body,
            crate::model::BodyView::Dropped { bytes: MAX_KEPT_BODY }
        );
    }
}

//! Debug builds only: faults a test asks the endpoint to answer with, so
//! that the console's handling of a panic, an expired token or a 5xx is
//! tried through the real SDK over HTTP. Release builds answer 404 to these
//! routes and inject nothing.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Endpoint, LambdaError, lock};

/// The error types a test may ask for; the header needs a static name.
const KINDS: &[&str] = &[
    "ExpiredTokenException",
    "ServiceException",
    "AccessDeniedException",
    "InvalidSignatureException",
    "TooManyRequestsException",
];
/// A test never needs more; the queue stays bounded all the same, in count
/// and in bytes (the message is shared, not copied per fault).
const MAX_QUEUED: usize = 1_000;
const MAX_MESSAGE_BYTES: usize = 4_096;

/// `POST /local/fault`: the next `count` Lambda or Logs API calls are
/// answered with this error instead of being served.
#[derive(Deserialize)]
pub(super) struct FaultRequest {
    status: u16,
    #[serde(rename = "type")]
    kind: String,
    message: String,
    #[serde(default = "one")]
    count: usize,
    /// Only calls whose path holds this (`/policy`), so that one of several
    /// concurrent calls can be refused.
    #[serde(default)]
    only: Option<String>,
}

fn one() -> usize {
    1
}

#[derive(Clone)]
struct Fault {
    status: StatusCode,
    kind: &'static str,
    message: Arc<str>,
    only: Option<Arc<str>>,
}

#[derive(Default)]
pub(super) struct Faults(Mutex<VecDeque<Fault>>);

impl Faults {
    /// The first fault queued for a call to `path`.
    fn next(&self, path: &str) -> Option<Fault> {
        let mut queued = lock(&self.0);
        let at = queued
            .iter()
            .position(|f| f.only.as_deref().is_none_or(|only| path.contains(only)))?;
        queued.remove(at)
    }
}

pub(super) async fn queue(State(endpoint): State<Arc<Endpoint>>, body: axum::body::Bytes) -> Response {
    if !cfg!(debug_assertions) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let refuse = |why: String| (StatusCode::BAD_REQUEST, why).into_response();
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return refuse(format!("expected {{status, type, message, count}}: {e}")),
    };
    let Some(kind) = KINDS.iter().copied().find(|k| *k == request.kind) else {
        return refuse(format!("type must be one of {}", KINDS.join(", ")));
    };
    let Some(status) = StatusCode::from_u16(request.status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
    else {
        return refuse("status must be 4xx or 5xx".into());
    };
    if request.message.len() > MAX_MESSAGE_BYTES {
        return refuse(format!("the message is over {MAX_MESSAGE_BYTES} bytes"));
    }
    let count = request.count;
    if request.only.as_ref().is_some_and(|only| only.len() > MAX_MESSAGE_BYTES) {
        return refuse("`only` is too long".into());
    }
    let fault = Fault {
        status,
        kind,
        message: request.message.into(),
        only: request.only.map(Into::into),
    };
    let mut queued = lock(&endpoint.faults.0);
    if count > MAX_QUEUED - queued.len() {
        return refuse(format!("at most {MAX_QUEUED} faults are queued"));
    }
    queued.extend(std::iter::repeat_n(fault, count));
    StatusCode::NO_CONTENT.into_response()
}

/// Answers an API call with the next queued fault, if a test queued one.
pub(super) async fn inject(
    State(endpoint): State<Arc<Endpoint>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if cfg!(debug_assertions)
        && !request.uri().path().starts_with("/local/")
        && let Some(fault) = endpoint.faults.next(request.uri().path())
    {
        return LambdaError::new(fault.status, fault.kind, fault.message.to_string()).into_response();
    }
    next.run(request).await
}

/// `POST /local/panic`: a request that panics, so the tests can prove that
/// a panic stays within its request.
pub(super) async fn panic_on_request() -> Response {
    if cfg!(debug_assertions) {
        panic!("a panic asked for by /local/panic");
    }
    StatusCode::NOT_FOUND.into_response()
}

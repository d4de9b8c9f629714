//! The protocol between the UI task and the background side: `Event` in (a key,
//! a resize, a tick, a background result), `Command` out. Every request carries
//! an id that its completion echoes, so a stale completion can be dropped.
//! Both `app` and `aws` import this; neither imports the other.

use crossterm::event::KeyEvent;

use crate::model::{ConnectionInfo, Details, EventConfig, FunctionInfo, InvokeOutcome, InvokeRequest};
use crate::saved_events::{EventOwner, EventsChange, EventsRefusal, EventsRequest, SavedEvent};
use crate::tail::LogEvent;

/// Input to the state: a key, a resize, a clock tick, or a background result.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    /// Bracketed paste: goes into the editor, the filter or a prompt whole.
    Paste(String),
    /// Characters typed into the editor in one burst (a paste a terminal
    /// sends as keys, a held key), gathered by the loop: one insert, where
    /// a key each would cost the length of the line each time.
    Typed(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// A click or the wheel (when the mouse is on).
    Mouse(crossterm::event::MouseEvent),
    Tick,
    /// No key, paste or click for `[tail] pause_after_idle_seconds`.
    Idle,
    Backend(BackendEvent),
    /// The user's own editor ended: what it left, for the payload of `owner`.
    EditorDone {
        owner: Option<String>,
        result: Result<crate::editor::Edited, String>,
    },
}

#[derive(Debug)]
pub enum BackendEvent {
    Connected(ConnectionInfo),
    /// One call of a burst: its round trip and answer.
    BurstCall {
        id: u64,
        /// Its place in the order the calls were sent, from 0.
        n: usize,
        /// Which of the plan's payloads it sent.
        payload: usize,
        elapsed: std::time::Duration,
        result: Result<Box<crate::model::InvokeOutcome>, String>,
    },
    BurstEnded {
        id: u64,
    },
    /// A chunk of a streamed answer, with when it came after the send.
    StreamChunk {
        id: u64,
        at: std::time::Duration,
        bytes: Vec<u8>,
    },
    ConnectFailed {
        info: ConnectionInfo,
        message: String,
    },
    FunctionsPage {
        id: u64,
        functions: Vec<FunctionInfo>,
        first: bool,
        last: bool,
    },
    FunctionsFailed {
        id: u64,
        error: String,
    },
    DetailsLoaded {
        id: u64,
        function: String,
        result: Result<Box<Details>, String>,
    },
    LogBatch {
        key: WatchKey,
        events: Vec<LogEvent>,
    },
    /// A watch streams with StartLiveTail (true) or polls (false).
    TailMode {
        key: WatchKey,
        live: bool,
    },
    /// A watch's trouble (no such group yet, throttled), or None when it cleared.
    WatchStatus {
        key: WatchKey,
        message: Option<String>,
    },
    EventConfigLoaded {
        function: String,
        config: EventConfig,
    },
    /// The file asked for, and the one written (a new name when it was taken).
    FileSaved {
        path: std::path::PathBuf,
        result: Result<std::path::PathBuf, String>,
    },
    InvokeFinished {
        id: u64,
        result: Result<Box<InvokeOutcome>, String>,
    },
    /// Invocations of earlier runs, oldest first.
    HistoryLoaded(Result<Vec<crate::history::Earlier>, String>),
    /// An invocation could not be written to the history, and why.
    HistoryNotKept(String),
    /// A place's function list as the last load left it.
    CachedFunctions {
        place: String,
        saved_ms: i64,
        functions: Vec<FunctionInfo>,
    },
    /// What the store keeps of a place the console switched to.
    Remembered {
        place: String,
        result: Result<crate::store::Remembered, String>,
    },
    /// The store's answer: the function's saved events after the change.
    SavedEvents {
        owner: EventOwner,
        change: EventsChange,
        result: Result<Vec<SavedEvent>, EventsRefusal>,
    },
}

/// Work for the background side; each carries the id its completion echoes.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Invoke `count` times, `concurrency` at a time (a burst); each call
    /// answers with BurstCall, the end with BurstEnded.
    Burst {
        id: u64,
        plan: Box<crate::model::BurstPlan>,
    },
    /// Send no more of burst `id`; the calls in flight finish.
    StopBurst {
        id: u64,
    },
    /// Rebuild the clients for another profile or region (None: the SDK's
    /// own choice); answered with Connected or ConnectFailed.
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
    LoadFunctions {
        id: u64,
    },
    LoadDetails {
        id: u64,
        function: String,
    },
    Invoke {
        id: u64,
        request: InvokeRequest,
    },
    /// Follow a log group (with a service-side filter pattern) from `since_ms`;
    /// replaces a watch of the same key.
    Watch {
        key: WatchKey,
        since_ms: i64,
    },
    Unwatch {
        key: WatchKey,
    },
    LoadEventConfig {
        function: String,
    },
    /// Write a response body to a file (the App does no I/O itself).
    SaveFile {
        path: std::path::PathBuf,
        bytes: Vec<u8>,
    },
    /// For the store's worker, not the AWS side.
    Events(EventsRequest),
    /// For the store's worker too.
    History(HistoryRequest),
    /// What the store keeps of a place (answered with `Remembered`).
    Remember(String),
    /// Keep a place's complete function list for the next start.
    CacheFunctions {
        place: String,
        functions: Vec<FunctionInfo>,
    },
    /// The place's cached list (answered with `CachedFunctions`).
    LoadCachedFunctions(String),
}

/// Invocation history, kept by the store's worker.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryRequest {
    Record {
        entry: Box<crate::history::HistoryEntry>,
        bounds: crate::history::HistoryBounds,
    },
    /// The place's newest invocations, answered with `HistoryLoaded`.
    Load { place: String, limit: usize },
    /// An Event invocation's end, once its log group told it.
    AsyncEnded {
        place: String,
        request_id: String,
        end: crate::history::AsyncEnd,
    },
}

/// One poller per log group and filter pattern, however many panes and
/// invocations need it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WatchKey {
    pub group: String,
    pub pattern: String,
}

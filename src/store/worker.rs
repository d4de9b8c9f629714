//! The store's own thread: saved events are read and written there, so a
//! slow disk or another console's transaction never stalls a frame.

use std::path::PathBuf;
use std::sync::mpsc;

use super::Store;
use crate::history::HistoryEntry;
use crate::message::{BackendEvent, Event, HistoryRequest};
use crate::saved_events::{EventsRefusal, EventsRequest};

/// What the worker does.
#[derive(Debug)]
pub enum StoreRequest {
    Events(EventsRequest),
    History(HistoryRequest),
    Remember(String),
    CacheFunctions {
        place: String,
        functions: Vec<crate::model::FunctionInfo>,
    },
    LoadCachedFunctions(String),
}

/// Starts the worker on the database at `path` (None: there is none, and
/// every request is answered with why). Each answer goes to `reply`.
pub fn spawn_worker(
    path: Result<PathBuf, String>,
    reply: impl Fn(Event) + Send + Sync + 'static,
) -> mpsc::Sender<StoreRequest> {
    let (sender, requests) = mpsc::channel::<StoreRequest>();
    let reply = std::sync::Arc::new(reply);
    let started = std::thread::Builder::new().name("store".into()).spawn(move || {
        let history_path = path.clone();
        let mut store = path.and_then(|path| Store::reopen(&path));
        // What this run records is on screen already: every load of earlier
        // runs stops at the newest row there was when the first one ran.
        let mut history_cutoff: Option<i64> = None;
        // A history that cannot be written is said once, not per invocation.
        let mut history_failure_said = false;
        for request in requests {
            let answer = match request {
                StoreRequest::Events(request) => {
                    let result = match &mut store {
                        Ok(store) => store.change_events(&request),
                        Err(why) => Err(EventsRefusal::Failed(format!("saved events are not kept: {why}"))),
                    };
                    BackendEvent::SavedEvents {
                        owner: request.owner().clone(),
                        change: request.change(),
                        result,
                    }
                }
                StoreRequest::CacheFunctions { place, functions } => {
                    if let Ok(store) = &mut store
                        && let Err(why) = store.save_function_cache(&place, &functions)
                    {
                        tracing::warn!(%why, "the function list was not cached");
                    }
                    continue;
                }
                StoreRequest::LoadCachedFunctions(place) => {
                    let cached = match &store {
                        Ok(store) => store.load_function_cache(&place).ok().flatten(),
                        Err(_) => None,
                    };
                    let (saved_ms, functions) = cached.unwrap_or_default();
                    BackendEvent::CachedFunctions {
                        place,
                        saved_ms,
                        functions,
                    }
                }
                StoreRequest::Remember(place) => BackendEvent::Remembered {
                    result: match &store {
                        Ok(store) => store.load_remembered(&place),
                        Err(why) => Err(why.clone()),
                    },
                    place,
                },
                StoreRequest::History(HistoryRequest::Load { place, limit }) => match (&store, &history_path) {
                    (Ok(store), Ok(path)) => {
                        match history_cutoff.map(Ok).unwrap_or_else(|| store.newest_history_id()) {
                            Ok(up_to) => {
                                history_cutoff = Some(up_to);
                                load_history_aside(path.clone(), place, limit, up_to, reply.clone());
                                continue;
                            }
                            Err(why) => BackendEvent::HistoryLoaded(Err(why)),
                        }
                    }
                    (Err(why), _) | (_, Err(why)) => BackendEvent::HistoryLoaded(Err(why.clone())),
                },
                StoreRequest::History(write) => {
                    let result = match (&mut store, write) {
                        (Ok(store), HistoryRequest::Record { entry, bounds }) => {
                            store.record_invocation(&entry, bounds)
                        }
                        (Ok(store), HistoryRequest::AsyncEnded { place, request_id, end }) => {
                            store.record_async_end(&place, &request_id, &end)
                        }
                        (Ok(_), HistoryRequest::Load { .. }) => Ok(()),
                        (Err(why), _) => Err(why.clone()),
                    };
                    match result {
                        Err(why) if !history_failure_said => {
                            history_failure_said = true;
                            BackendEvent::HistoryNotKept(why)
                        }
                        _ => continue,
                    }
                }
            };
            reply(Event::Backend(answer));
        }
    });
    if let Err(error) = started {
        tracing::error!(%error, "the store's thread did not start");
    }
    sender
}

/// Reads and lays out earlier runs on a thread of their own, so saved
/// events are not kept waiting behind a long history.
fn load_history_aside(
    path: PathBuf,
    place: String,
    limit: usize,
    up_to: i64,
    reply: std::sync::Arc<impl Fn(Event) + Send + Sync + 'static>,
) {
    let spawned = std::thread::Builder::new().name("history-load".into()).spawn(move || {
        let loaded = Store::reopen(&path).and_then(|store| store.load_history(&place, limit, up_to));
        let prepared = loaded.map(|mut entries| {
            crate::history::within_load_budget(&mut entries);
            entries.into_iter().map(HistoryEntry::prepare).collect()
        });
        reply(Event::Backend(BackendEvent::HistoryLoaded(prepared)));
    });
    if let Err(error) = spawned {
        tracing::error!(%error, "the history could not be read");
    }
}

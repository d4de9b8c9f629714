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
}

/// Starts the worker on the database at `path` (None: there is none, and
/// every request is answered with why). Each answer goes to `reply`.
pub fn spawn_worker(
    path: Result<PathBuf, String>,
    reply: impl Fn(Event) + Send + 'static,
) -> mpsc::Sender<StoreRequest> {
    let (sender, requests) = mpsc::channel::<StoreRequest>();
    let started = std::thread::Builder::new().name("store".into()).spawn(move || {
        let mut store = path.and_then(|path| Store::reopen(&path));
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
                StoreRequest::History(HistoryRequest::Load { place, limit }) => {
                    BackendEvent::HistoryLoaded(match &store {
                        // Laid out here, not on the UI thread: bodies are parsed.
                        Ok(store) => store
                            .load_history(&place, limit)
                            .map(|entries| entries.into_iter().map(HistoryEntry::prepare).collect()),
                        Err(why) => Err(why.clone()),
                    })
                }
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

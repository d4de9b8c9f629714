//! The store's own thread: saved events are read and written there, so a
//! slow disk or another console's transaction never stalls a frame.

use std::path::PathBuf;
use std::sync::mpsc;

use super::Store;
use crate::message::{BackendEvent, Event};
use crate::saved_events::{EventsRefusal, EventsRequest};

/// Starts the worker on the database at `path` (None: there is none, and
/// every request is answered with why). Each answer goes to `reply`.
pub fn spawn_worker(
    path: Result<PathBuf, String>,
    reply: impl Fn(Event) + Send + 'static,
) -> mpsc::Sender<EventsRequest> {
    let (sender, requests) = mpsc::channel::<EventsRequest>();
    let started = std::thread::Builder::new().name("store".into()).spawn(move || {
        let mut store = path.and_then(|path| Store::reopen(&path));
        for request in requests {
            let result = match &mut store {
                Ok(store) => store.change_events(&request),
                Err(why) => Err(EventsRefusal::Failed(format!("saved events are not kept: {why}"))),
            };
            reply(Event::Backend(BackendEvent::SavedEvents {
                owner: request.owner().clone(),
                change: request.change(),
                result,
            }));
        }
    });
    if let Err(error) = started {
        tracing::error!(%error, "the store's thread did not start");
    }
    sender
}

//! The background loop: commands in, events out. A connection is made
//! beside it (a switch replaces one that hangs); each command runs on the
//! current connection's clients, and work a newer one replaces is stopped.

use super::*;

pub(super) async fn run(
    mut settings: Settings,
    mut commands: UnboundedReceiver<Command>,
    events: UnboundedSender<Event>,
) {
    let mut jobs = Jobs::default();
    let mut clients: Option<Clients> = None;
    // Connecting runs beside the loop: a switch made while one hangs (an
    // unreachable SSO or metadata service) replaces it at once. What comes
    // meanwhile waits for the connection it was meant for.
    let mut connecting = Some(tokio::spawn(connect_and_say(settings.clone(), events.clone())));
    let mut waiting: Vec<Command> = Vec::new();
    loop {
        let command = tokio::select! {
            connected = async { connecting.as_mut().expect("guarded").await }, if connecting.is_some() => {
                connecting = None;
                clients = connected.ok().flatten();
                for command in std::mem::take(&mut waiting) {
                    handle(command, clients.as_ref(), &settings, &mut jobs, &events);
                }
                continue;
            }
            command = commands.recv() => match command {
                Some(command) => command,
                None => break,
            },
        };
        // Another profile or region: what ran on the old clients stops.
        if let Command::Connect { profile, region } = command {
            if let Some(pending) = connecting.take() {
                pending.abort();
            }
            waiting.clear();
            jobs.stop_all();
            clients = None;
            settings.profile = profile;
            settings.region = region;
            connecting = Some(tokio::spawn(connect_and_say(settings.clone(), events.clone())));
            continue;
        }
        if connecting.is_some() {
            waiting.push(command);
            continue;
        }
        handle(command, clients.as_ref(), &settings, &mut jobs, &events);
    }
    if let Some(pending) = connecting.take() {
        pending.abort();
    }
    jobs.stop_all();
}

/// Background work that a newer request or a reconnect replaces.
#[derive(Default)]
struct Jobs {
    list: Option<JoinHandle<()>>,
    details: Option<JoinHandle<()>>,
    watches: std::collections::HashMap<WatchKey, JoinHandle<()>>,
    /// Running bursts' stop switches.
    bursts: std::collections::HashMap<u64, std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl Jobs {
    fn stop_all(&mut self) {
        for job in [self.list.take(), self.details.take()].into_iter().flatten() {
            job.abort();
        }
        for (_, job) in self.watches.drain() {
            job.abort();
        }
        for (_, stop) in self.bursts.drain() {
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Runs one command on the clients of the current connection.
fn handle(
    command: Command,
    clients: Option<&Clients>,
    settings: &Settings,
    jobs: &mut Jobs,
    events: &UnboundedSender<Event>,
) {
    let send = |e: BackendEvent| {
        let _ = events.send(Event::Backend(e));
    };
    // The store's worker answers these; the loop routes them there.
    if let Command::History(_)
    | Command::Remember(_)
    | Command::CacheFunctions { .. }
    | Command::LoadCachedFunctions(_) = command
    {
        tracing::error!("a store request reached the AWS side");
        return;
    }
    if let Command::Events(request) = &command
        && !request.owner().shared
    {
        tracing::error!("a saved-events request reached the AWS side");
        send(BackendEvent::SavedEvents {
            owner: request.owner().clone(),
            change: request.change(),
            result: Err(crate::saved_events::EventsRefusal::Failed(
                "not sent to the store".into(),
            )),
        });
        return;
    }
    let Some(clients) = clients else {
        send(refuse(command));
        return;
    };
    match command {
        Command::LoadFunctions { id } => {
            replace_job(
                &mut jobs.list,
                tokio::spawn(functions::load_functions(clients.lambda.clone(), id, events.clone())),
            );
        }
        Command::LoadDetails { id, function } => {
            let client = clients.lambda.clone();
            let events = events.clone();
            replace_job(
                &mut jobs.details,
                tokio::spawn(async move {
                    tokio::time::sleep(CURSOR_REST).await;
                    let result = load_details(&client, &function).await;
                    let _ = events.send(Event::Backend(BackendEvent::DetailsLoaded { id, function, result }));
                }),
            );
        }
        Command::Watch { key, since_ms } => {
            let job = tokio::spawn(logs::watch_group(
                clients.logs.clone(),
                settings.poll,
                !settings.polling_only,
                key.clone(),
                since_ms,
                events.clone(),
            ));
            if let Some(old) = jobs.watches.insert(key, job) {
                old.abort();
            }
        }
        Command::Unwatch { key } => {
            if let Some(job) = jobs.watches.remove(&key) {
                job.abort();
            }
        }
        Command::SaveFile { path, bytes } => {
            let events = events.clone();
            tokio::task::spawn_blocking(move || {
                let result = crate::save::write_new_file(&path, &bytes);
                let _ = events.send(Event::Backend(BackendEvent::FileSaved { path, result }));
            });
        }
        Command::LoadEventConfig { function } => {
            let client = clients.lambda.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let config = load_event_config(&client, &function).await;
                let _ = events.send(Event::Backend(BackendEvent::EventConfigLoaded { function, config }));
            });
        }
        Command::Invoke { id, request } => {
            let client = clients.lambda_invoke.clone();
            let signer = clients.url_signer.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let chunks = events.clone();
                let on_chunk = move |at, bytes| {
                    let _ = chunks.send(Event::Backend(BackendEvent::StreamChunk { id, at, bytes }));
                };
                let result = match request.invoke_type {
                    crate::model::InvokeType::Url => super::url_invoke::call(&signer, &request, &on_chunk).await,
                    _ => invoke::invoke_with_chunks(&client, &request, &on_chunk).await,
                }
                .map(Box::new);
                let _ = events.send(Event::Backend(BackendEvent::InvokeFinished { id, result }));
            });
        }
        Command::Events(request) => {
            let client = clients.schemas.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let result = shared_events::change(&client, &request).await;
                let _ = events.send(Event::Backend(BackendEvent::SavedEvents {
                    owner: request.owner().clone(),
                    change: request.change(),
                    result,
                }));
            });
        }
        Command::Burst { id, plan } => {
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            jobs.bursts.insert(id, stop.clone());
            tokio::spawn(burst::run_burst(
                clients.lambda_invoke.clone(),
                id,
                *plan,
                stop,
                events.clone(),
            ));
        }
        Command::StopBurst { id } => {
            if let Some(stop) = jobs.bursts.remove(&id) {
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        Command::History(_)
        | Command::Remember(_)
        | Command::CacheFunctions { .. }
        | Command::LoadCachedFunctions(_)
        | Command::Connect { .. } => {}
    }
}

fn replace_job(slot: &mut Option<JoinHandle<()>>, job: JoinHandle<()>) {
    if let Some(old) = slot.replace(job) {
        old.abort();
    }
}

/// Answers a command when there is no connection, so nothing waits forever.
fn refuse(command: Command) -> BackendEvent {
    let error = "not connected: see the message at the top".to_string();
    match command {
        Command::LoadFunctions { id } => BackendEvent::FunctionsFailed { id, error },
        Command::Burst { id, .. } | Command::StopBurst { id } => BackendEvent::BurstEnded { id },
        Command::LoadDetails { id, function } => BackendEvent::DetailsLoaded {
            id,
            function,
            result: Err(error),
        },
        Command::Invoke { id, .. } => BackendEvent::InvokeFinished { id, result: Err(error) },
        Command::Watch { key, .. } | Command::Unwatch { key } => BackendEvent::WatchStatus {
            key,
            message: Some(error),
        },
        Command::LoadEventConfig { function } => BackendEvent::EventConfigLoaded {
            function,
            config: EventConfig::default(),
        },
        Command::SaveFile { path, .. } => BackendEvent::FileSaved {
            path,
            result: Err(error),
        },
        Command::History(_) => BackendEvent::HistoryNotKept(error),
        Command::Remember(place) => BackendEvent::Remembered {
            place,
            result: Err(error),
        },
        Command::CacheFunctions { .. } => BackendEvent::HistoryNotKept(error),
        Command::LoadCachedFunctions(place) => BackendEvent::CachedFunctions {
            place,
            saved_ms: 0,
            functions: Vec::new(),
        },
        // Handled before any refusal: a reconnect needs no connection.
        Command::Connect { .. } => BackendEvent::ConnectFailed {
            info: ConnectionInfo::default(),
            message: error,
        },
        Command::Events(request) => BackendEvent::SavedEvents {
            owner: request.owner().clone(),
            change: request.change(),
            result: Err(crate::saved_events::EventsRefusal::Failed(error)),
        },
    }
}

//! The loop: wait for a key, a background result or (only while something
//! animates, or drafts wait to be saved) a timer; apply every pending event;
//! draw once. Idle means asleep.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::Event as TermEvent;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::app::App;
use crate::aws::{self, Settings};
use crate::message::{Command, Event};
use crate::store::StoreRequest;

/// Spinner and elapsed-clock refresh while a call is in flight.
const ANIMATION_INTERVAL: Duration = Duration::from_millis(100);
/// Drafts are saved this long after the first unsaved change.
const AUTOSAVE_DELAY: Duration = Duration::from_secs(2);
/// Frames come at most this often on average: input arriving faster (a
/// paste a terminal sends as keys, a flood of log lines) is applied in
/// between, not drawn event by event.
const FRAME_INTERVAL: Duration = Duration::from_millis(16);
/// Up to this many frames may come back to back before the average holds:
/// a key's frame and the answer it asked for a millisecond later are both
/// drawn at once, not the second 16 ms late.
const FRAME_BURST: f64 = 3.0;

/// Runs until the user quits, a signal ends it or the terminal fails. The
/// App stays with the caller whatever happens, so its drafts can be saved
/// before the terminal is touched again. `save_drafts` runs a few seconds
/// after typing stops, so a crash or a killed process loses little.
pub async fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    settings: Settings,
    store_path: Result<std::path::PathBuf, String>,
    save_drafts: &mut dyn FnMut(&mut App),
) -> io::Result<()> {
    let (events_tx, mut events) = unbounded_channel();
    let store_reply = events_tx.clone();
    let store = crate::store::spawn_worker(store_path, move |event| {
        let _ = store_reply.send(event);
    });
    let commands = aws::spawn(settings, events_tx);
    let send = |batch: Vec<Command>| {
        for command in batch {
            let _ = match command {
                // Shareable events live in the account's Schemas registry.
                Command::Events(request) if request.owner().shared => {
                    commands.send(Command::Events(request)).map_err(|_| ())
                }
                Command::Events(request) => store.send(StoreRequest::Events(request)).map_err(|_| ()),
                Command::History(request) => store.send(StoreRequest::History(request)).map_err(|_| ()),
                Command::Remember(place) => store.send(StoreRequest::Remember(place)).map_err(|_| ()),
                Command::CacheFunctions { place, functions } => store
                    .send(StoreRequest::CacheFunctions { place, functions })
                    .map_err(|_| ()),
                Command::LoadCachedFunctions(place) => {
                    store.send(StoreRequest::LoadCachedFunctions(place)).map_err(|_| ())
                }
                command => commands.send(command).map_err(|_| ()),
            };
        }
    };
    send(app.start());
    let mut reader = InputReader::spawn()?;
    let mut quit_signals = QuitSignals::new()?;
    let size = terminal.size()?;
    app.update(Event::Resize {
        width: size.width,
        height: size.height,
    });
    draw(terminal, app)?;
    // Frames allowed now (a token bucket refilled one per FRAME_INTERVAL).
    let mut frame_tokens = FRAME_BURST;
    let mut tokens_counted = Instant::now();
    let mut frame_due: Option<Instant> = None;
    let mut autosave_at: Option<Instant> = None;
    // Set when a question opens, cleared once a frame has shown it.
    let mut unseen_question = false;
    // When the tail pauses if nobody touches a key; each input pushes it on.
    let pause_tail_after = app.pause_tail_after;
    let idle_deadline = || pause_tail_after.map(|after| Instant::now() + after);
    let mut idle_at = idle_deadline();
    loop {
        let animating = app.is_animating();
        let first = tokio::select! {
            term = reader.events.recv() => match term {
                Some(term) => from_terminal(term?),
                None => return Ok(()),
            },
            Some(event) = events.recv() => Some(event),
            _ = tick(animating) => Some(Event::Tick),
            _ = until(autosave_at) => {
                autosave_at = None;
                save_drafts(app);
                None
            }
            _ = until(frame_due) => None,
            _ = until(idle_at) => {
                idle_at = idle_deadline();
                Some(Event::Idle)
            }
            _ = quit_signals.recv() => return Ok(()),
        };
        // A question is answered only once it has been drawn: keys typed
        // ahead (`iy`) must not answer what nobody has read.
        let mut asked_before = app.is_asking();
        if first.as_ref().is_some_and(is_input) {
            idle_at = idle_deadline();
        }
        if let Some(event) = first
            && !(unseen_question && is_input(&event))
        {
            send(app.update(event));
        }
        unseen_question |= !asked_before && app.is_asking();
        asked_before = app.is_asking();
        // Apply everything already waiting before drawing: a burst costs one
        // frame, and characters typed into the editor in a burst one insert.
        let mut typed = String::new();
        loop {
            let event = if let Ok(event) = events.try_recv() {
                event
            } else if let Ok(term) = reader.events.try_recv() {
                match from_terminal(term?) {
                    Some(event) => event,
                    None => continue,
                }
            } else {
                break;
            };
            if is_input(&event) {
                idle_at = idle_deadline();
            }
            if unseen_question && is_input(&event) {
                continue;
            }
            if let Event::Key(key) = &event
                && let Some(c) = app.typed_into_editor(key)
            {
                typed.push(c);
                continue;
            }
            if !typed.is_empty() {
                send(app.update(Event::Typed(std::mem::take(&mut typed))));
            }
            send(app.update(event));
            unseen_question |= !asked_before && app.is_asking();
            asked_before = app.is_asking();
        }
        if !typed.is_empty() {
            send(app.update(Event::Typed(typed)));
        }
        if app.should_quit {
            return Ok(());
        }
        if std::mem::take(&mut app.suspend_requested) {
            save_drafts(app);
            suspend(terminal, app.mouse)?;
        }
        if let Some(bytes) = app.clipboard.take() {
            use std::io::Write;
            let backend = terminal.backend_mut();
            backend.write_all(crate::app::osc52(&bytes).as_bytes())?;
            backend.flush()?;
        }
        if let Some(edit) = app.external_edit.take() {
            save_drafts(app);
            reader.pause();
            leave_terminal();
            let result = crate::editor::edit(&edit.text, edit.owner.as_deref());
            let taken = take_terminal(terminal, app.mouse);
            // What the editor left unread (a terminal's answers to its
            // queries) is not the user typing into the payload.
            while crossterm::event::poll(Duration::ZERO).unwrap_or(false) {
                let _ = crossterm::event::read();
            }
            reader.resume();
            taken?;
            send(app.update(Event::EditorDone {
                owner: edit.owner,
                result,
            }));
        }
        if app.has_unsaved_drafts() && autosave_at.is_none() {
            autosave_at = Some(Instant::now() + AUTOSAVE_DELAY);
        }
        if app.is_animating() {
            app.update(Event::Tick);
        }
        let now = Instant::now();
        let refill = now.saturating_duration_since(tokens_counted).as_secs_f64() / FRAME_INTERVAL.as_secs_f64();
        frame_tokens = (frame_tokens + refill).min(FRAME_BURST);
        tokens_counted = now;
        if frame_tokens < 1.0 {
            frame_due = Some(now + FRAME_INTERVAL.mul_f64(1.0 - frame_tokens));
            continue;
        }
        frame_tokens -= 1.0;
        frame_due = None;
        draw(terminal, app)?;
        unseen_question = false;
    }
}

/// Gives the terminal back and stops the process, as Ctrl-Z does in a
/// shell; when the shell continues it (`fg`), takes the terminal again and
/// redraws everything.
fn suspend(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    leave_terminal();
    // SAFETY: raise(3) sends a signal to this process; nothing is shared.
    // (Where nobody could continue us, an orphaned process group, the
    // kernel ignores SIGTSTP and the console simply carries on.)
    unsafe { libc::raise(libc::SIGTSTP) };
    take_terminal(terminal, mouse)
}

/// Gives the terminal back as the shell had it.
fn leave_terminal() {
    use crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    let _ = ratatui::try_restore();
}

/// Takes the terminal again and redraws everything.
fn take_terminal(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    use crossterm::event::EnableBracketedPaste;
    use crossterm::terminal::EnterAlternateScreen;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    if mouse {
        crossterm::execute!(io::stdout(), crossterm::event::EnableMouseCapture)?;
    }
    // An empty frame makes ratatui forget what it drew, so the next frame is
    // drawn whole (Terminal::clear would ask the terminal where its cursor
    // is, which not every terminal answers).
    terminal.draw(|_| {})?;
    Ok(())
}

/// Sleeps until `deadline`, or forever when there is none.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline.into()).await,
        None => std::future::pending::<()>().await,
    }
}

/// How long the input thread waits for input before it looks whether it
/// should pause: the longest a pause waits.
const INPUT_POLL: Duration = Duration::from_millis(500);

/// Terminal input arrives on a channel from a thread of its own that waits
/// in crossterm's `poll` and `read`. Its async EventStream was dropped: with
/// more than a kilobyte of input waiting (a paste a terminal sends as keys)
/// it stopped waking up until the next key came, leaving the end unread.
/// The thread can be paused, so the user's editor gets every key.
struct InputReader {
    events: UnboundedReceiver<io::Result<TermEvent>>,
    pause: std::sync::Arc<(std::sync::Mutex<Reading>, std::sync::Condvar)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    On,
    PauseAsked,
    Paused,
}

impl InputReader {
    fn spawn() -> io::Result<InputReader> {
        let (tx, events) = unbounded_channel();
        let pause = std::sync::Arc::new((std::sync::Mutex::new(Reading::On), std::sync::Condvar::new()));
        let shared = pause.clone();
        std::thread::Builder::new()
            .name("terminal-input".into())
            .spawn(move || {
                let (state, changed) = &*shared;
                loop {
                    {
                        let mut reading = state.lock().unwrap_or_else(|e| e.into_inner());
                        if *reading == Reading::PauseAsked {
                            *reading = Reading::Paused;
                            changed.notify_all();
                        }
                        while *reading == Reading::Paused {
                            reading = changed.wait(reading).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let event = match crossterm::event::poll(INPUT_POLL) {
                        Ok(false) => continue,
                        Ok(true) => crossterm::event::read(),
                        Err(error) => Err(error),
                    };
                    let failed = event.is_err();
                    if tx.send(event).is_err() || failed {
                        break;
                    }
                }
            })?;
        Ok(InputReader { events, pause })
    }

    /// Stops reading the terminal, once the thread is between reads.
    fn pause(&self) {
        let (state, changed) = &*self.pause;
        let mut reading = state.lock().unwrap_or_else(|e| e.into_inner());
        *reading = Reading::PauseAsked;
        let deadline = Instant::now() + 4 * INPUT_POLL;
        while *reading != Reading::Paused {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            reading = changed.wait_timeout(reading, left).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    fn resume(&self) {
        let (state, changed) = &*self.pause;
        *state.lock().unwrap_or_else(|e| e.into_inner()) = Reading::On;
        changed.notify_all();
    }
}

/// What the user does, as opposed to what the background reports.
fn is_input(event: &Event) -> bool {
    matches!(
        event,
        Event::Key(_) | Event::Paste(_) | Event::Typed(_) | Event::Mouse(_)
    )
}

fn from_terminal(event: TermEvent) -> Option<Event> {
    match event {
        TermEvent::Key(key) => Some(Event::Key(key)),
        TermEvent::Resize(width, height) => Some(Event::Resize { width, height }),
        TermEvent::Paste(text) => Some(Event::Paste(text)),
        // Moves without a button would wake the loop for nothing.
        TermEvent::Mouse(mouse) if !matches!(mouse.kind, crossterm::event::MouseEventKind::Moved) => {
            Some(Event::Mouse(mouse))
        }
        _ => None,
    }
}

async fn tick(animating: bool) {
    if animating {
        tokio::time::sleep(ANIMATION_INTERVAL).await;
    } else {
        std::future::pending::<()>().await;
    }
}

/// Draws inside a synchronized update so the terminal never shows half a frame.
fn draw(terminal: &mut DefaultTerminal, app: &App) -> io::Result<()> {
    crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::draw(frame, app))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

/// SIGTERM and SIGHUP (a dropped SSH session) end the loop like `q` does, so the
/// terminal is restored.
struct QuitSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
}

impl QuitSignals {
    fn new() -> io::Result<QuitSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(QuitSignals {
                term: signal(SignalKind::terminate())?,
                hangup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(QuitSignals {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hangup.recv() => {}
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}

//! Saved events and the picker: keys in, the store's real answers back.

use super::*;
use crate::saved_events::EventsRequest;
use crate::store::Store;

/// Runs every store request among `commands` against `store`, as the
/// worker would, and hands its answers to the app.
fn answer(app: &mut App, store: &mut Store, commands: Vec<Command>) -> Vec<Command> {
    let mut left = Vec::new();
    for command in commands {
        match command {
            // Shareable ones go to the AWS side, which these tests play by hand.
            Command::Events(request) if !request.owner().shared => {
                let result = store.change_events(&request);
                left.extend(app.update(Event::Backend(BackendEvent::SavedEvents {
                    owner: request.owner().clone(),
                    change: request.change(),
                    result,
                })));
            }
            other => left.push(other),
        }
    }
    left
}

fn fresh_store(name: &str) -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("lambda-console-app-events-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    (Store::open(&dir).unwrap().0, dir)
}

fn press(app: &mut App, store: &mut Store, event: Event) -> Vec<Command> {
    let commands = app.update(event);
    answer(app, store, commands)
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

#[test]
fn a_payload_saved_under_a_name_comes_back_from_the_picker_and_undo_restores_the_draft() {
    let (mut store, dir) = fresh_store("round-trip");
    let mut app = loaded(&["echo", "crash"]);
    app.update(key(KeyCode::Enter));
    type_text(&mut app, r#"{"order": 1}"#);
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('S'));
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("S asks for a name")
    };
    assert!(prompt.label().contains("echo"), "{}", prompt.label());
    type_text(&mut app, "order one");
    press(&mut app, &mut store, key(KeyCode::Enter));
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("a bad name keeps the prompt open")
    };
    assert!(prompt.error.as_deref().unwrap().contains("` `"), "{:?}", prompt.error);
    for _ in 0.." one".len() {
        app.update(key(KeyCode::Backspace));
    }
    type_text(&mut app, "-created");
    press(&mut app, &mut store, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        status(&app).contains("Saved echo's event order-created"),
        "{}",
        status(&app)
    );
    // Another text, then the saved one back through the picker.
    app.update(key(KeyCode::Enter));
    app.update(ctrl('l'));
    type_text(&mut app, r#"{"other": true}"#);
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('E'));
    let Mode::Picker(picker) = &app.mode else {
        panic!("E opens the picker")
    };
    let entries = app.picker_entries(picker);
    assert_eq!((entries[0].group, entries[0].name), (Group::Saved, "order-created"));
    assert!(entries[1..].iter().all(|e| e.group == Group::Templates));
    press(&mut app, &mut store, key(KeyCode::Enter));
    assert_eq!(app.payload_text(), r#"{"order": 1}"#);
    assert_eq!(app.focus, Pane::Payload);
    app.update(ctrl('u'));
    app.update(ctrl('u'));
    assert_eq!(
        app.payload_text(),
        r#"{"other": true}"#,
        "undo brings back what was replaced"
    );
    // The event belongs to echo: crash's picker does not list it.
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Down));
    press(&mut app, &mut store, key_char('E'));
    let Mode::Picker(picker) = &app.mode else { panic!() };
    assert!(app.picker_entries(picker).iter().all(|e| e.group == Group::Templates));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saving_over_a_name_asks_and_renaming_and_deleting_work_from_the_picker() {
    let (mut store, dir) = fresh_store("replace");
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "[1]");
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('S'));
    type_text(&mut app, "first");
    press(&mut app, &mut store, key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    app.update(ctrl('l'));
    type_text(&mut app, "[2]");
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('S'));
    let Mode::Prompt(prompt) = &app.mode else { panic!() };
    assert_eq!(prompt.text(), "first", "the event last used is offered");
    press(&mut app, &mut store, key(KeyCode::Enter));
    let Mode::Question(question) = &app.mode else {
        panic!("a taken name asks first")
    };
    assert_eq!(question.text(), "echo already has a event named first: replace it?");
    // No goes back to the name, to pick another.
    press(&mut app, &mut store, key_char('n'));
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("back to the name")
    };
    assert!(prompt.error.as_deref().unwrap().contains("first is kept"));
    press(&mut app, &mut store, key(KeyCode::Enter));
    press(&mut app, &mut store, key_char('y'));
    assert!(status(&app).starts_with("Replaced"), "{}", status(&app));
    let owner = app.event_target().unwrap().owner;
    assert_eq!(store.saved_events(&owner).unwrap()[0].body, "[2]");
    // Rename from the picker: F2, a new name, back in the picker.
    press(&mut app, &mut store, key_char('E'));
    press(&mut app, &mut store, key(KeyCode::F(2)));
    let Mode::Prompt(_) = &app.mode else {
        panic!("F2 asks for the new name")
    };
    type_text(&mut app, "second");
    press(&mut app, &mut store, key(KeyCode::Enter));
    assert!(matches!(app.mode, Mode::Picker(_)), "back in the picker");
    assert!(
        status(&app).contains("Renamed echo's event first to second"),
        "{}",
        status(&app)
    );
    // Delete asks; n keeps it, y deletes it.
    press(&mut app, &mut store, key(KeyCode::Delete));
    assert!(matches!(app.mode, Mode::Question(_)));
    press(&mut app, &mut store, key_char('n'));
    assert_eq!(store.saved_events(&owner).unwrap().len(), 1);
    press(&mut app, &mut store, key(KeyCode::Delete));
    press(&mut app, &mut store, key_char('y'));
    assert!(matches!(app.mode, Mode::Picker(_)));
    assert!(store.saved_events(&owner).unwrap().is_empty());
    // A template cannot be deleted.
    press(&mut app, &mut store, key(KeyCode::Delete));
    assert!(matches!(app.mode, Mode::Picker(_)));
    assert!(status(&app).contains("is a template"), "{}", status(&app));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn nothing_is_saved_without_a_function_or_with_a_payload_that_is_not_json() {
    let (mut store, dir) = fresh_store("refused");
    let mut app = loaded(&["echo"]);
    app.payload.owner = None;
    press(&mut app, &mut store, key_char('S'));
    assert!(status(&app).contains("Pick a function first"), "{}", status(&app));
    app.payload.owner = Some("echo".into());
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "{not json");
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('S'));
    assert_eq!(app.mode, Mode::Normal);
    assert!(status(&app).contains("not JSON"), "{}", status(&app));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn typing_in_the_picker_filters_fuzzily_and_keys_do_not_escape_it() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('E'));
    type_text(&mut app, "sqs");
    let Mode::Picker(picker) = &app.mode else { panic!() };
    let names: Vec<&str> = app.picker_entries(picker).iter().map(|e| e.name).collect();
    assert!(names[0].starts_with("SQS"), "{names:?}");
    assert!(app.invocations.list.is_empty(), "i typed, nothing was invoked");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    let commands = app.update(key_char('E'));
    assert!(
        matches!(
            &commands[..],
            [
                Command::Events(EventsRequest::Load { owner: private }),
                Command::Events(EventsRequest::Load { owner: shared })
            ] if !private.shared && shared.shared
        ),
        "the picker reads the function's private and shareable events again: {commands:?}"
    );
}

#[test]
fn tab_saves_a_shareable_event_and_the_picker_lists_it_apart_or_says_why_it_cannot() {
    let (mut store, dir) = fresh_store("shared");
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Enter));
    type_text(&mut app, r#"{"team": true}"#);
    app.update(key(KeyCode::Esc));
    press(&mut app, &mut store, key_char('S'));
    app.update(key(KeyCode::Tab));
    let Mode::Prompt(prompt) = &app.mode else { panic!() };
    assert!(
        prompt.label().contains("shareable event (Tab: private)"),
        "{}",
        prompt.label()
    );
    type_text(&mut app, "for-the-team");
    let commands = app.update(key(KeyCode::Enter));
    let Some(Command::Events(EventsRequest::Save { owner, name, .. })) = commands.first() else {
        panic!("{commands:?}")
    };
    assert!(
        owner.shared && name == "for-the-team",
        "goes to the Schemas registry, not the database"
    );
    // The AWS side answers with the schema's events.
    let shared_event = crate::saved_events::SavedEvent {
        name: "for-the-team".into(),
        body: "{\n  \"team\": true\n}".into(),
        updated_ms: 0,
    };
    app.update(Event::Backend(BackendEvent::SavedEvents {
        owner: owner.clone(),
        change: crate::saved_events::EventsChange::Saved {
            name: name.clone(),
            replaced: false,
        },
        result: Ok(vec![shared_event]),
    }));
    assert!(
        status(&app).contains("Saved echo's shareable event for-the-team"),
        "{}",
        status(&app)
    );
    let shared_owner = owner.clone();
    press(&mut app, &mut store, key_char('E'));
    let Mode::Picker(picker) = &app.mode else { panic!() };
    let entries = app.picker_entries(picker);
    assert_eq!((entries[0].group, entries[0].name), (Group::Shared, "for-the-team"));
    // Where there is no Schemas API, the picker says so and nothing is lost.
    app.update(Event::Backend(BackendEvent::SavedEvents {
        owner: shared_owner.clone(),
        change: crate::saved_events::EventsChange::Loaded,
        result: Err(crate::saved_events::EventsRefusal::Unavailable("404".into())),
    }));
    assert!(
        app.saved_events
            .unavailable(&shared_owner)
            .unwrap()
            .contains("no EventBridge Schemas API")
    );
    assert!(app.status.is_none(), "said in the picker, not as an error");
    std::fs::remove_dir_all(dir).unwrap();
}

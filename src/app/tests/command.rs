//! The `:` command line, switching places, and protected profiles.

use super::*;

fn command(app: &mut App, text: &str) -> Vec<Command> {
    app.update(key_char(':'));
    let mut commands = type_text(app, text);
    commands.extend(app.update(key(KeyCode::Enter)));
    commands
}

#[test]
fn commands_complete_with_tab_and_run_with_enter() {
    let mut app = loaded(&["echo", "crash", "cron-nightly"]);
    app.known_profiles = vec!["dev".into(), "prod".into()];
    app.update(key_char(':'));
    type_text(&mut app, "ty");
    app.update(key(KeyCode::Tab));
    let Mode::Command(line) = &app.mode else {
        panic!(": opens the command line")
    };
    assert_eq!(line.input.text, "type ");
    type_text(&mut app, "ev");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.invoke_type, InvokeType::Event);
    // Several matches: Tab takes each in turn.
    app.update(key_char(':'));
    type_text(&mut app, "fn cr");
    app.update(key(KeyCode::Tab));
    let Mode::Command(line) = &app.mode else { panic!() };
    assert_eq!((line.input.text.as_str(), line.matches.len()), ("fn crash", 2));
    app.update(key(KeyCode::Tab));
    let Mode::Command(line) = &app.mode else { panic!() };
    assert_eq!(line.input.text, "fn cron-nightly");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.selected_name().as_deref(), Some("cron-nightly"));
    // A refused command stays on the line and says why.
    command(&mut app, "profile nope");
    let Mode::Command(line) = &app.mode else {
        panic!("still open")
    };
    assert!(
        line.error.as_deref().unwrap().contains("no profile nope"),
        "{:?}",
        line.error
    );
    app.update(key(KeyCode::Esc));
    command(&mut app, "teleport");
    let Mode::Command(line) = &app.mode else { panic!() };
    assert!(line.error.as_deref().unwrap().contains("no command teleport"));
    app.update(key(KeyCode::Esc));
    command(&mut app, "q");
    assert!(app.should_quit);
}

#[test]
fn a_switch_reconnects_reloads_and_comes_back_to_the_filter_left() {
    let mut app = loaded(&["echo", "crash"]);
    // Named as main names it, whatever AWS_REGION this machine has.
    app.name_place();
    app.known_profiles = vec!["dev".into(), "prod".into()];
    app.update(key_char('/'));
    type_text(&mut app, "cra");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "{\"for\": \"crash\"}");
    app.update(key(KeyCode::Esc));
    let start = app.history_place.clone();
    let commands = command(&mut app, "profile prod");
    assert!(
        matches!(
            &commands[..],
            [.., Command::Connect { profile: Some(p), .. }, Command::LoadFunctions { .. }, Command::LoadCachedFunctions(_), Command::History(_)] if p == "prod"
        ),
        "{commands:?}"
    );
    assert_ne!(app.history_place, start);
    assert_eq!(app.functions.filter(), "", "prod has its own filter");
    assert_eq!(app.payload_text(), "", "no payload is carried to another account");
    assert_eq!(app.connection, Connection::Resolving);
    command(&mut app, "profile default");
    assert_eq!(app.history_place, start);
    assert_eq!(app.functions.filter(), "cra", "the filter left here comes back");
    assert_eq!(
        app.restore_selection.as_deref(),
        Some("crash"),
        "and the selection, once listed"
    );
    command(&mut app, "region eu-west-1");
    assert_eq!(app.connection_info.region.as_deref(), Some("eu-west-1"));
    let mut local = loaded(&["echo"]);
    local.local = true;
    command(&mut local, "region eu-west-1");
    let Mode::Command(line) = &local.mode else { panic!() };
    assert!(line.error.as_deref().unwrap().contains("one region"));
}

#[test]
fn an_invocation_is_sent_again_only_where_it_was_sent() {
    let mut app = loaded(&["echo"]);
    app.known_profiles = vec!["prod".into()];
    app.set_payload_text("{}");
    let commands = app.update(key_char('i'));
    assert_eq!(invoke_commands(&commands).len(), 1);
    command(&mut app, "profile prod");
    app.update(key_char('4'));
    let commands = app.update(key_char('R'));
    assert!(invoke_commands(&commands).is_empty());
    let status = app.status.as_ref().unwrap();
    assert!(
        status.is_error && status.text.contains("Sent on profile default") && status.text.contains(":profile"),
        "{}",
        status.text
    );
}

#[test]
fn every_invoke_on_a_protected_profile_asks_naming_function_qualifier_and_account() {
    let mut app = loaded(&["echo"]);
    app.profiles.insert(
        "prod".into(),
        crate::config::ProfileConfig {
            protected: true,
            colour: None,
        },
    );
    app.connection_info.profile = Some("prod".into());
    app.connection_info.account = Some("111122223333".into());
    app.set_payload_text("{}");
    let commands = app.update(key_char('i'));
    assert!(
        invoke_commands(&commands).is_empty(),
        "nothing is sent before the answer"
    );
    let Mode::Question(question) = &app.mode else {
        panic!("it asks")
    };
    let text = question.text();
    assert!(
        text.starts_with("PROTECTED prod, account 111122223333: invoke echo:$LATEST (sync)"),
        "{text}"
    );
    app.update(key_char('n'));
    assert!(app.invocations.list.is_empty());
    app.update(key_char('i'));
    let commands = app.update(key_char('y'));
    assert_eq!(invoke_commands(&commands).len(), 1);
    // R asks too.
    app.update(key_char('4'));
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    let commands = app.update(key_char('R'));
    assert!(invoke_commands(&commands).is_empty());
    assert!(matches!(app.mode, Mode::Question(_)));
}

#[test]
fn the_default_profile_can_be_protected_and_contexts_stay_with_their_account() {
    let mut app = loaded(&["echo"]);
    app.name_place();
    app.known_profiles = vec!["dev".into()];
    app.profiles.insert(
        "default".into(),
        crate::config::ProfileConfig {
            protected: true,
            colour: None,
        },
    );
    assert_eq!(
        app.protected_profile(),
        Some("default"),
        "no profile named is the default one"
    );
    app.client_contexts
        .insert("echo".into(), r#"{"custom": {"k": "default-only"}}"#.into());
    let commands = command(&mut app, "profile dev");
    assert!(
        commands.iter().any(|c| matches!(c, Command::Remember(_))),
        "the place's stored state is read"
    );
    assert_eq!(app.protected_profile(), None);
    assert!(
        app.client_contexts.is_empty(),
        "a context for one account never goes to another"
    );
    command(&mut app, "profile default");
    assert_eq!(app.protected_profile(), Some("default"));
    assert!(app.client_contexts.contains_key("echo"));
}

#[test]
fn an_invocation_that_ends_after_a_switch_is_kept_where_it_was_sent() {
    let mut app = loaded(&["echo"]);
    app.name_place();
    app.known_profiles = vec!["dev".into()];
    let sent_on = app.history_place.clone();
    app.set_payload_text("{}");
    let commands = app.update(key_char('i'));
    let Command::Invoke { id, .. } = commands[0] else {
        panic!()
    };
    command(&mut app, "profile dev");
    let outcome = InvokeOutcome::from_parts(200, Some("rid".into()), None, None, b"{}", None);
    let finished = app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    let recorded = finished.iter().find_map(|c| match c {
        Command::History(crate::message::HistoryRequest::Record { entry, .. }) => Some(entry),
        _ => None,
    });
    assert_eq!(recorded.unwrap().place, sent_on);
}

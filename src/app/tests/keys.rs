//! Keys reach their actions: panes, overlays, rebinding, every default key.

use super::*;

#[test]
fn panes_cycle_with_tab_and_jump_with_digits() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Payload);
    // Tab leaves the editor too.
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Response);
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.focus, Pane::Logs);
    for (digit, pane) in ['1', '2'].into_iter().zip([Pane::Functions, Pane::Payload]) {
        app.focus = Pane::Response;
        app.update(key(KeyCode::Char(digit)));
        assert_eq!(app.focus, pane);
    }
}

#[test]
fn help_opens_and_swallows_keys_and_ctrl_c_always_quits() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Char('?')));
    assert!(matches!(app.mode, Mode::Help(_)));
    app.update(key(KeyCode::Char('i')));
    assert!(app.invocations.list.is_empty());
    app.update(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus, Pane::Payload);
    app.update(ctrl('c'));
    assert!(app.should_quit);
}

#[test]
fn key_releases_are_ignored() {
    let mut app = loaded(&["echo"]);
    let release = KeyEvent {
        code: KeyCode::Char('q'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    };
    app.update(Event::Key(release));
    assert!(!app.should_quit);
}

#[test]
fn every_action_is_reachable_by_its_default_keys_in_its_scope() {
    use crate::action::{ACTIONS, Context, Key};
    for info in ACTIONS {
        for name in info.default_keys {
            let key = Key::parse(name).unwrap();
            let context = Context::ALL
                .into_iter()
                .find(|c| c.scopes().contains(&info.scope) && !(c.types_text() && key.types_text()))
                .unwrap_or_else(|| panic!("{} `{name}` works nowhere", info.name));
            let mut app = loaded(&["echo", "other"]);
            app.invocations.list.clear();
            accepted_event(&mut app, "r-1");
            enter(&mut app, context);
            assert_eq!(
                app.keymap.resolve(app.context(), key),
                Some(info.action),
                "{} `{name}` in {context:?}",
                info.name
            );
            // The key, sent as a terminal sends it, runs without trouble.
            app.update(Event::Key(KeyEvent::new(key.code, key.modifiers)));
        }
    }
}

#[test]
fn a_rebound_key_runs_its_action_and_the_old_one_is_free() {
    use crate::action::{Action, Key};
    let mut app = loaded(&["echo"]);
    app.keymap.bind(Action::Invoke, vec![Key::parse("F5").unwrap()]);
    assert!(invoke_commands(&app.update(key_char('i'))).is_empty());
    assert_eq!(invoke_commands(&app.update(key(KeyCode::F(5)))).len(), 1);
    // In the editor F5 invokes too, and `i` is text.
    app.update(key(KeyCode::Char('2')));
    type_text(&mut app, "{}");
    assert_eq!(invoke_commands(&app.update(key(KeyCode::F(5)))).len(), 1);
    type_text(&mut app, "i");
    assert_eq!(app.payload_text(), "{}i");
}

#[test]
fn y_copies_what_the_pane_shows_and_refuses_what_terminals_drop() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("[1]");
    app.update(key_char('y'));
    assert_eq!(
        app.clipboard.take(),
        Some(b"[1]".to_vec()),
        "the payload, from the Functions pane"
    );
    let send = |app: &mut App, body: &[u8]| {
        let commands = app.update(key_char('i'));
        let Command::Invoke { id, .. } = commands[0] else {
            panic!("invoke")
        };
        let outcome = InvokeOutcome::from_parts(200, Some("rid-1".into()), None, None, body, None);
        app.update(Event::Backend(BackendEvent::InvokeFinished {
            id,
            result: Ok(Box::new(outcome)),
        }));
    };
    send(&mut app, b"{\"ok\": 1}");
    app.update(key_char('3'));
    app.update(key_char('y'));
    assert_eq!(app.clipboard.take(), Some(b"{\"ok\": 1}".to_vec()));
    app.update(key_char('4'));
    app.update(key_char('y'));
    assert_eq!(app.clipboard.take(), Some(b"rid-1".to_vec()));
    app.update(key_char('1'));
    let big = format!("\"{}\"", "x".repeat(80_000));
    send(&mut app, big.as_bytes());
    app.update(key_char('3'));
    app.update(key_char('y'));
    assert_eq!(app.clipboard, None, "over what terminals take: refused, not sent");
    let status = app.status.as_ref().unwrap();
    assert!(
        status.is_error && status.text.contains("80002 bytes") && status.text.contains("s saves it"),
        "{}",
        status.text
    );
}

#[test]
fn a_click_focuses_and_selects_and_the_wheel_scrolls_where_the_pointer_is() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut app = loaded(&["alpha", "bravo", "charlie"]);
    app.update(Event::Resize { width: 120, height: 36 });
    let functions = app.areas().functions;
    // Border, header row, then alpha, bravo, charlie.
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        functions.x + 3,
        functions.y + 4,
    ));
    assert_eq!(app.selected_name().as_deref(), Some("charlie"));
    let response = app.areas().response;
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        response.x + 5,
        response.y + 2,
    ));
    assert_eq!(app.focus, Pane::Response);
    app.update(mouse(MouseEventKind::ScrollUp, functions.x + 3, functions.y + 3));
    assert_eq!(app.focus, Pane::Functions);
    assert_eq!(
        app.selected_name().as_deref(),
        Some("bravo"),
        "a notch is one row in a list, where a row is the next invoke's target"
    );
    // Overlays keep the mouse out.
    app.update(key_char('?'));
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        functions.x + 3,
        functions.y + 4,
    ));
    assert_eq!(app.selected_name().as_deref(), Some("bravo"));
}

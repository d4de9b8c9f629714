//! The Payload editor: sending rules, formatting, paste, drafts, templates.

use super::*;

#[test]
fn enter_opens_the_editor_where_q_is_text_and_ctrl_r_invokes() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus, Pane::Payload);
    type_text(&mut app, "{\"q\": 1}");
    assert!(!app.should_quit);
    assert_eq!(app.payload.validity(), Validity::Valid);
    let out = app.update(ctrl('r'));
    let requests = invoke_commands(&out);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].function, "echo");
    assert_eq!(requests[0].payload, b"{\"q\": 1}");
    assert_eq!(requests[0].qualifier, None);
    assert_eq!(requests[0].invoke_type, InvokeType::RequestResponse);
    assert!(app.is_animating());
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus, Pane::Functions);
    // The call is in flight: q asks, n stays, y quits.
    app.update(key(KeyCode::Char('q')));
    assert!(!app.should_quit);
    assert!(matches!(
        app.mode,
        Mode::Question(crate::app::Question::Quit { in_flight: 1, .. })
    ));
    app.update(key(KeyCode::Char('n')));
    assert!(!app.should_quit);
    assert_eq!(app.mode, Mode::Normal);
    app.update(key(KeyCode::Char('q')));
    app.update(key(KeyCode::Char('y')));
    assert!(app.should_quit);
}

#[test]
fn an_invalid_payload_is_never_sent_and_the_message_says_where() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\n  \"a\": 1,,\n}");
    let out = app.update(key(KeyCode::Char('i')));
    assert!(invoke_commands(&out).is_empty());
    let status = app.status.clone().unwrap();
    assert!(status.is_error);
    assert!(status.text.contains("line 2"), "{}", status.text);
    assert!(app.invocations.list.is_empty());
    // The draft is kept as typed.
    assert_eq!(app.payload_text(), "{\n  \"a\": 1,,\n}");
}

#[test]
fn an_empty_payload_is_sent_as_none() {
    let mut app = loaded(&["echo"]);
    let out = app.update(key(KeyCode::Char('i')));
    assert_eq!(invoke_commands(&out)[0].payload, Vec::<u8>::new());
}

#[test]
fn oversized_async_payloads_are_refused_before_sending() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text(&format!("\"{}\"", "x".repeat(crate::payload::ASYNC_PAYLOAD_LIMIT)));
    app.update(key(KeyCode::Char('t')));
    assert_eq!(app.invoke_type, InvokeType::Event);
    assert!(invoke_commands(&app.update(key(KeyCode::Char('i')))).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("limit"));
    app.update(key(KeyCode::Char('t')));
    app.update(key(KeyCode::Char('t')));
    assert_eq!(
        invoke_commands(&app.update(key(KeyCode::Char('i')))).len(),
        1,
        "sync allows 6 MB"
    );
}

#[test]
fn format_pretty_prints_and_can_be_undone() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"a\":1}");
    app.update(ctrl('f'));
    assert_eq!(app.payload_text(), "{\n  \"a\": 1\n}");
    app.update(key(KeyCode::Char('2')));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_ne!(app.payload_text(), "{\n  \"a\": 1\n}");
}

/// The editor widget's columns are 16-bit: format and clear must still
/// take a line longer than 65,535 characters whole.
#[test]
fn format_and_clear_take_a_line_past_65535_characters_whole() {
    let mut app = loaded(&["echo"]);
    let items: Vec<String> = (0..6_000).map(|i| format!("{{\"i\":{i},\"v\":\"x{i:05}\"}}")).collect();
    let line = format!("[{}]", items.join(","));
    assert!(line.len() > 100_000);
    app.set_payload_text(&line);
    app.update(ctrl('f'));
    let formatted = app.payload_text();
    let parsed: serde_json::Value = serde_json::from_str(&formatted).expect("still JSON");
    assert_eq!(parsed, serde_json::from_str::<serde_json::Value>(&line).unwrap());
    app.set_payload_text(&line);
    app.update(key(KeyCode::Char('2')));
    app.update(ctrl('l'));
    assert_eq!(app.payload_text(), "", "nothing of the line is left");
}

#[test]
fn paste_goes_into_the_editor_whole() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Char('2')));
    app.update(Event::Paste("{\n\"q\": true}".into()));
    assert_eq!(app.payload_text(), "{\n\"q\": true}");
    assert_eq!(app.payload.validity(), Validity::Valid);
}

#[test]
fn each_function_keeps_its_own_draft_and_nothing_typed_is_lost() {
    let mut app = loaded(&["a", "b", "c"]);
    app.set_payload_text("{\"for\": \"a\"}");
    app.update(key_char('j'));
    assert_eq!(app.payload_text(), "", "b has no draft: it starts empty");
    app.set_payload_text("{\"for\": \"b\"}");
    app.update(key_char('k'));
    assert_eq!(app.payload_text(), "{\"for\": \"a\"}", "a's draft comes back");
    app.update(key_char('j'));
    assert_eq!(app.payload_text(), "{\"for\": \"b\"}");
    app.stash_draft();
    assert_eq!(app.payload.drafts.by_function.len(), 2);
    assert_eq!(app.payload.drafts.by_function["b"], "{\"for\": \"b\"}");
}

#[test]
fn passing_through_functions_does_not_copy_a_draft_to_them() {
    let mut app = loaded(&["a", "b", "c"]);
    app.set_payload_text("{\"for\": \"a\"}");
    app.update(key_char('j'));
    app.update(key_char('j'));
    assert_eq!(app.payload_text(), "");
    app.update(key_char('k'));
    app.update(key_char('k'));
    assert_eq!(app.payload_text(), "{\"for\": \"a\"}");
    app.stash_draft();
    assert_eq!(
        app.payload.drafts.by_function.keys().collect::<Vec<_>>(),
        vec!["a"],
        "only a has a draft"
    );
}

#[test]
fn a_paste_with_carriage_returns_becomes_lines() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Char('2')));
    app.update(Event::Paste("{\r\"q\": 1,\r\n\"r\": 2}".into()));
    assert_eq!(app.payload_text(), "{\n\"q\": 1,\n\"r\": 2}");
    assert_eq!(app.payload.validity(), Validity::Valid);
}

#[test]
fn a_template_loads_into_the_editor_and_can_be_undone() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"mine\": true}");
    app.update(key_char('E'));
    assert!(matches!(app.mode, Mode::Picker(_)));
    type_text(&mut app, "rest api");
    assert!(
        app.invocations.list.is_empty(),
        "keys go to the picker while it is open"
    );
    app.update(key(KeyCode::Enter));
    assert!(!matches!(app.mode, Mode::Picker(_)));
    assert_eq!(app.focus, Pane::Payload);
    assert_eq!(
        app.payload_text(),
        crate::templates::TEMPLATES
            .iter()
            .find(|(name, _)| name.contains("REST"))
            .unwrap()
            .1
            .trim_end()
    );
    assert_eq!(app.payload.validity(), Validity::Valid);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_eq!(app.payload_text(), "{\"mine\": true}", "the draft comes back");
    app.update(key(KeyCode::Esc));
    app.update(key_char('E'));
    app.update(key(KeyCode::Esc));
    assert!(!matches!(app.mode, Mode::Picker(_)));
    assert_eq!(app.payload_text(), "{\"mine\": true}");
}

#[test]
fn loading_an_invocations_payload_can_be_undone() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"sent\": 1}");
    app.update(key_char('i'));
    app.set_payload_text("{\"unsent\": \"precious\"}");
    app.update(key_char('4'));
    app.update(key_char('e'));
    assert_eq!(app.payload_text(), "{\"sent\": 1}");
    for _ in 0..2 {
        app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    }
    assert_eq!(
        app.payload_text(),
        "{\"unsent\": \"precious\"}",
        "the unsent text comes back"
    );
}

#[test]
fn a_filter_hiding_the_function_does_not_lose_its_draft() {
    let mut app = loaded(&["alpha", "beta"]);
    app.update(key_char('2'));
    type_text(&mut app, "{\"for\": \"alpha\"}");
    app.update(key(KeyCode::Esc));
    app.update(key_char('/'));
    type_text(&mut app, "zzz");
    assert!(app.functions.selected().is_none(), "the filter hides every function");
    assert!(app.has_unsaved_drafts());
    app.stash_draft();
    assert_eq!(app.payload.drafts.by_function["alpha"], "{\"for\": \"alpha\"}");
    app.update(key(KeyCode::Esc));
    app.update(key_char('j'));
    assert_eq!(app.payload_text(), "", "beta has no draft: it starts empty");
    app.update(key_char('k'));
    assert_eq!(app.payload_text(), "{\"for\": \"alpha\"}");
}

#[test]
fn a_sync_payload_one_byte_over_six_megabytes_is_refused_naming_the_limit() {
    let mut app = loaded(&["echo"]);
    let limit = crate::payload::SYNC_PAYLOAD_LIMIT;
    app.set_payload_text(&format!("\"{}\"", "x".repeat(limit - 1)));
    assert!(invoke_commands(&app.update(key_char('i'))).is_empty());
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.contains(&format!("{} bytes, over the {limit} byte limit", limit + 1)),
        "{status}"
    );
    app.set_payload_text(&format!("\"{}\"", "x".repeat(limit - 2)));
    assert_eq!(
        invoke_commands(&app.update(key_char('i'))).len(),
        1,
        "exactly at the limit goes"
    );
}

#[test]
fn entering_the_editor_puts_the_cursor_at_the_end_and_ctrl_l_clears_undoably() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\n  \"a\": 1\n}");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.payload.editor.cursor(), (2, 1), "after the last character");
    type_text(&mut app, " ");
    assert_eq!(app.payload_text(), "{\n  \"a\": 1\n} ");
    app.update(ctrl('l'));
    assert_eq!(app.payload_text(), "");
    assert!(app.status.as_ref().unwrap().text.starts_with("Cleared"));
    app.update(ctrl('u'));
    assert_eq!(app.payload_text(), "{\n  \"a\": 1\n} ", "one undo brings it back");
}

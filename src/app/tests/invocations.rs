//! Invoking and the Invocations and Response panes.

use super::*;

#[test]
fn invocation_type_cycles_and_is_sent() {
    let mut app = loaded(&["echo"]);
    for expected in [
        InvokeType::Event,
        InvokeType::DryRun,
        InvokeType::Stream,
        InvokeType::Url,
        InvokeType::RequestResponse,
        InvokeType::Event,
    ] {
        app.update(key(KeyCode::Char('t')));
        assert_eq!(app.invoke_type, expected);
    }
    let out = app.update(key(KeyCode::Char('i')));
    assert_eq!(invoke_commands(&out)[0].invoke_type, InvokeType::Event);
}

#[test]
fn results_land_on_their_own_invocation_and_several_can_be_in_flight() {
    let mut app = loaded(&["echo"]);
    let first = app.update(ctrl('r'));
    let second = app.update(ctrl('r'));
    let (Command::Invoke { id: a, .. }, Command::Invoke { id: b, .. }) = (&first[0], &second[0]) else {
        panic!()
    };
    assert_eq!(app.invocations.list.len(), 2);
    let outcome = InvokeOutcome::from_parts(200, Some("rid".into()), None, None, b"1", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id: *a,
        result: Ok(Box::new(outcome)),
    }));
    assert!(matches!(app.invocations.list[0].state, InvocationState::Done(_)));
    assert!(app.is_animating(), "the second is still in flight");
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id: *b,
        result: Err("boom".into()),
    }));
    assert_eq!(app.invocations.list[1].state, InvocationState::Failed("boom".into()));
    assert!(!app.is_animating());
    assert_eq!(app.response.shown, Some(1));
    app.update(key(KeyCode::Char('3')));
    app.update(key(KeyCode::Char('[')));
    assert_eq!(app.response.shown, Some(0));
}

#[test]
fn a_failed_connection_refuses_invokes_with_its_reason() {
    let mut app = App::new(ConnectionInfo::default());
    app.start();
    app.update(Event::Backend(BackendEvent::ConnectFailed {
        info: ConnectionInfo::default(),
        message: "No AWS region is set.".into(),
    }));
    assert!(!app.is_animating());
    app.update(key(KeyCode::Char('i')));
    assert!(app.status.as_ref().unwrap().text.contains("No AWS region"));
}

#[test]
fn from_an_invocation_l_opens_its_lines_e_edits_and_capital_r_reruns() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"n\": 1}");
    accepted_event(&mut app, "r-9");
    app.set_payload_text("");
    app.update(key_char('4'));
    age_invocations(&mut app);
    let out = app.update(key_char('R'));
    let requests = invoke_commands(&out);
    assert_eq!(requests[0].payload, b"{\"n\": 1}");
    assert_eq!(requests[0].invoke_type, InvokeType::Event);
    app.update(key_char('4'));
    app.invocations.cursor = 1;
    app.update(key_char('e'));
    assert_eq!(app.focus, Pane::Payload);
    assert_eq!(app.payload_text(), "{\"n\": 1}");
    app.update(key(KeyCode::Esc));
    app.update(key_char('4'));
    app.invocations.cursor = 1;
    app.update(key_char('l'));
    assert_eq!(app.focus, Pane::Logs);
    assert_eq!(app.logs.search.as_deref(), Some("r-9"));
}

#[test]
fn s_saves_the_shown_body_under_its_request_id() {
    let mut app = loaded(&["echo"]);
    let out = app.update(key_char('i'));
    let Command::Invoke { id, .. } = out[0] else { panic!() };
    let outcome = InvokeOutcome::from_parts(200, Some("ab/../cd-12".into()), None, None, b"{\"a\":1}", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    app.update(key_char('3'));
    let out = app.update(key_char('s'));
    assert_eq!(
        out,
        vec![Command::SaveFile {
            path: "response-abcd-12.json".into(),
            bytes: b"{\"a\":1}".to_vec()
        }],
        "the raw body, under a name the service cannot steer out of the folder"
    );
    app.update(Event::Backend(BackendEvent::FileSaved {
        path: "response-abcd-12.json".into(),
        result: Ok("response-abcd-12.json".into()),
    }));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Saved the body to response-abcd-12.json")
    );
    app.update(Event::Backend(BackendEvent::FileSaved {
        path: "response-abcd-12.json".into(),
        result: Ok("response-abcd-12-1.json".into()),
    }));
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.contains("response-abcd-12-1.json") && status.contains("exists already"),
        "{status}"
    );
}

#[test]
fn l_finds_the_invocations_function_even_above_the_cursor() {
    let mut app = loaded(&["first", "second", "third"]);
    accepted_event(&mut app, "r-first");
    app.update(key_char('G'));
    assert_eq!(app.functions.selected().unwrap().name, "third");
    app.update(key_char('4'));
    app.update(key_char('l'));
    assert_eq!(app.functions.selected().unwrap().name, "first");
    assert_eq!(app.logs.key.as_ref().unwrap().group, "/aws/lambda/first");
}

#[test]
fn an_event_answer_has_no_body_to_save() {
    let mut app = loaded(&["echo"]);
    accepted_event(&mut app, "r-1");
    app.update(key_char('3'));
    assert!(app.update(key_char('s')).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("No body to save"));
}

/// Sends `payload` to the selected function (sync) and answers it with 200.
fn invoked_and_answered(app: &mut App, payload: &str) -> u64 {
    app.set_payload_text(payload);
    let out = app.update(key_char('i'));
    let Command::Invoke { id, .. } = out[0] else {
        panic!("invoke")
    };
    let outcome = InvokeOutcome::from_parts(200, Some("rid".into()), None, None, b"{}", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    id
}

#[test]
fn e_from_another_functions_invocation_selects_that_function_and_qualifier_first() {
    let mut app = loaded(&["crash", "echo"]);
    app.qualifiers.insert("crash".into(), "3".into());
    invoked_and_answered(&mut app, "{\"for\": \"crash\"}");
    app.update(key_char('j'));
    app.qualifiers.insert("echo".into(), "live".into());
    app.set_payload_text("{\"for\": \"echo\"}");
    app.update(key_char('4'));
    app.update(key_char('e'));
    assert_eq!(app.selected_name().as_deref(), Some("crash"), "the header names crash");
    assert_eq!(app.selected_qualifier().1.as_deref(), Some("3"));
    assert_eq!(app.payload.owner.as_deref(), Some("crash"));
    assert_eq!(app.payload_text(), "{\"for\": \"crash\"}");
    let out = app.update(ctrl('r'));
    let sent = invoke_commands(&out);
    assert_eq!(
        (sent[0].function.as_str(), sent[0].qualifier.as_deref()),
        ("crash", Some("3"))
    );
    // echo's draft was never touched.
    app.stash_draft();
    assert_eq!(app.payload.drafts.by_function["echo"], "{\"for\": \"echo\"}");
}

#[test]
fn capital_r_reruns_to_the_invocations_own_function_and_says_which() {
    let mut app = loaded(&["crash", "echo"]);
    invoked_and_answered(&mut app, "{\"n\": 7}");
    app.update(key_char('j'));
    app.update(key_char('4'));
    age_invocations(&mut app);
    let out = app.update(key_char('R'));
    let sent = invoke_commands(&out);
    assert_eq!(sent[0].function, "crash");
    assert_eq!(sent[0].payload, b"{\"n\": 7}");
    assert_eq!(app.selected_name().as_deref(), Some("crash"));
    let status = app.status.clone().unwrap().text;
    assert!(
        status.starts_with("Re-sent crash:$LATEST (RequestResponse, 8 bytes, first sent"),
        "{status}"
    );
    // A fast answer does not wipe it.
    let id = out
        .iter()
        .find_map(|c| match c {
            Command::Invoke { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Err("gone".into()),
    }));
    assert!(app.status.as_ref().unwrap().text.starts_with("Re-sent crash"));
    // From the response pane, R re-runs the response shown.
    app.update(key_char('3'));
    age_invocations(&mut app);
    let out = app.update(key_char('R'));
    assert_eq!(invoke_commands(&out)[0].function, "crash");
}

#[test]
fn capital_r_on_an_event_invocation_says_what_it_sent() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"e\": 1}");
    accepted_event(&mut app, "r-1");
    app.update(key_char('4'));
    age_invocations(&mut app);
    let out = app.update(key_char('R'));
    let Command::Invoke { id, .. } = out[0] else { panic!() };
    let outcome = InvokeOutcome::from_parts(202, Some("r-2".into()), None, None, b"", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    let status = app.status.clone().expect("the message outlives the 202").text;
    assert!(
        status.starts_with("Re-sent echo:$LATEST (Event, 8 bytes, first sent"),
        "{status}"
    );
}

#[test]
fn a_payload_whose_owner_is_not_the_selected_function_is_never_sent() {
    let mut app = loaded(&["a", "b"]);
    app.set_payload_text("{\"for\": \"a\"}");
    app.payload.owner = Some("b".into());
    assert!(invoke_commands(&app.update(key_char('i'))).is_empty());
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error && status.text.contains("written for b, not a"),
        "{status:?}"
    );
}

#[test]
fn the_invoking_message_ends_with_its_own_invoke_only() {
    let mut app = loaded(&["echo"]);
    let first = app.update(key_char('i'));
    let second = app.update(key_char('i'));
    let (Command::Invoke { id: first, .. }, Command::Invoke { id: second, .. }) = (&first[0], &second[0]) else {
        panic!()
    };
    let answer = |id: u64| {
        Event::Backend(BackendEvent::InvokeFinished {
            id,
            result: Err("gone".into()),
        })
    };
    app.update(answer(*first));
    assert!(
        app.status.as_ref().is_some_and(|s| s.text.starts_with("Invoking")),
        "the second is still going"
    );
    app.update(answer(*second));
    assert_eq!(app.status, None);
}

#[test]
fn a_key_that_means_nothing_here_says_so() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('4'));
    app.update(key_char('x'));
    let status = app.status.clone().unwrap().text;
    assert_eq!(status, "x does nothing in the Invocations pane; ? shows the keys.");
    app.update(key(KeyCode::Modifier(crossterm::event::ModifierKeyCode::LeftShift)));
    assert_eq!(app.status, None, "a modifier alone is not a key press to explain");
}

/// Makes every invocation a few seconds old, as if the user had paused.
fn age_invocations(app: &mut App) {
    for invocation in &mut app.invocations.list {
        invocation.sent_at -= std::time::Duration::from_secs(3);
    }
}

#[test]
fn a_doubled_capital_r_sends_the_call_once() {
    let mut app = loaded(&["echo"]);
    invoked_and_answered(&mut app, "{\"once\": true}");
    age_invocations(&mut app);
    app.update(key_char('4'));
    assert_eq!(invoke_commands(&app.update(key_char('R'))).len(), 1);
    app.invocations.cursor = 1;
    assert!(
        invoke_commands(&app.update(key_char('R'))).is_empty(),
        "held R sends nothing more"
    );
    assert!(app.status.as_ref().unwrap().text.contains("a moment ago"));
    age_invocations(&mut app);
    assert_eq!(
        invoke_commands(&app.update(key_char('R'))).len(),
        1,
        "after a pause it goes"
    );
}

fn earlier_entry(n: i64) -> crate::history::HistoryEntry {
    crate::history::HistoryEntry {
        place: "here".into(),
        function: "echo".into(),
        qualifier: None,
        invoke_type: InvokeType::RequestResponse,
        sent_ms: 1_796_000_000_000 + n,
        elapsed_ms: Some(20),
        log_group: "/aws/lambda/echo".into(),
        payload: Some(format!("{{\"earlier\": {n}}}").into_bytes()),
        client_context: None,
        outcome: crate::history::HistoryOutcome::Answered {
            status_code: 200,
            request_id: Some(format!("earlier-rid-{n}")),
            executed_version: Some("$LATEST".into()),
            function_error: None,
            body: Some(b"{\"ok\": true}".to_vec()),
            body_bytes: 12,
            log_tail: String::new(),
            throttle_retries: 0,
        },
        async_end: None,
    }
}

#[test]
fn earlier_runs_come_back_below_this_runs_and_can_be_shown_searched_and_sent_again() {
    let mut app = loaded(&["echo"]);
    app.history_place = "here".into();
    let commands = app.start();
    assert!(
        commands.iter().any(
            |c| matches!(c, Command::History(crate::message::HistoryRequest::Load { place, .. }) if place == "here")
        ),
        "{commands:?}"
    );
    // This run invokes once before the history arrives.
    app.set_payload_text("{\"now\": 1}");
    let commands = app.update(key_char('i'));
    let Command::Invoke { id, .. } = commands[0] else {
        panic!("invoke")
    };
    let outcome = InvokeOutcome::from_parts(200, Some("rid-now".into()), None, None, b"{}", None);
    let finished = app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    let recorded = finished.iter().find_map(|c| match c {
        Command::History(crate::message::HistoryRequest::Record { entry, .. }) => Some(entry),
        _ => None,
    });
    let recorded = recorded.expect("a finished invocation is recorded");
    assert_eq!(
        (recorded.place.as_str(), recorded.payload.as_deref()),
        ("here", Some(&b"{\"now\": 1}"[..]))
    );
    let shown = app.response.shown;
    app.update(Event::Backend(BackendEvent::HistoryLoaded(Ok(vec![
        earlier_entry(1).prepare(),
        earlier_entry(2).prepare(),
    ]))));
    assert_eq!(app.invocations.list.len(), 3);
    assert!(app.invocations.list[0].earlier && app.invocations.list[1].earlier && !app.invocations.list[2].earlier);
    assert_eq!(
        app.shown_invocation().and_then(|i| i.request_id()),
        Some("rid-now"),
        "the response shown stays the same ({shown:?})"
    );
    // Search finds an earlier one; Enter shows it; R sends it again.
    app.update(key_char('4'));
    app.update(key_char('/'));
    type_text(&mut app, "earlier-rid-1");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.invocations.cursor, 2, "{:?}", app.status);
    assert!(app.status.as_ref().unwrap().text.contains("1 of 1"));
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.shown_invocation().and_then(|i| i.request_id()),
        Some("earlier-rid-1")
    );
    app.update(key_char('4'));
    let commands = app.update(key_char('R'));
    let sent = invoke_commands(&commands);
    assert_eq!(sent.len(), 1, "{commands:?}");
    assert_eq!(sent[0].payload, b"{\"earlier\": 1}");
    app.update(key_char('/'));
    type_text(&mut app, "nowhere");
    app.update(key(KeyCode::Enter));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("No invocation holds nowhere")
    );
}

#[test]
fn a_client_context_is_checked_when_set_and_goes_with_sync_invokes_only() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('C'));
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("C asks for the context")
    };
    assert!(prompt.label().contains("echo's client context"), "{}", prompt.label());
    app.update(Event::Paste(format!(
        r#"{{"custom": {{"k": "{}"}}}}"#,
        "x".repeat(2_700)
    )));
    app.update(key(KeyCode::Enter));
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("over the limit: the prompt stays")
    };
    assert!(
        prompt.error.as_deref().unwrap().contains("at most 3583"),
        "{:?}",
        prompt.error
    );
    app.mode = Mode::Normal;
    app.update(key_char('C'));
    type_text(&mut app, r#"{"custom": {"tenant": "acme"}}"#);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.status.as_ref().unwrap().text.contains("client context is set"));
    let sent = |app: &mut App| {
        let commands = app.update(key_char('i'));
        invoke_commands(&commands)[0].client_context.clone()
    };
    assert_eq!(
        sent(&mut app).as_deref(),
        Some("eyJjdXN0b20iOnsidGVuYW50IjoiYWNtZSJ9fQ==")
    );
    app.invoke_type = InvokeType::Event;
    assert_eq!(sent(&mut app), None, "Lambda passes it on sync invokes only");
    assert!(
        app.remembered().client_contexts.contains_key("echo"),
        "kept across restarts"
    );
}

#[test]
fn a_function_that_is_not_ready_asks_before_it_is_invoked() {
    let mut app = App::new(ConnectionInfo::default());
    let Command::LoadFunctions { id } = app.start()[0] else {
        panic!()
    };
    app.update(Event::Backend(BackendEvent::Connected(ConnectionInfo::default())));
    let pending = FunctionInfo {
        state: "Pending".into(),
        state_reason: "Creating the function".into(),
        ..function("slowpoke")
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![pending],
        first: true,
        last: true,
    }));
    let commands = app.update(key_char('i'));
    assert!(invoke_commands(&commands).is_empty());
    let Mode::Question(question) = &app.mode else {
        panic!("it asks")
    };
    assert_eq!(
        question.text(),
        "slowpoke:$LATEST is Pending (Creating the function): invoke it anyway?"
    );
    app.update(key_char('n'));
    assert!(app.invocations.list.is_empty());
    app.update(key_char('i'));
    let commands = app.update(key_char('y'));
    assert_eq!(invoke_commands(&commands).len(), 1);
}

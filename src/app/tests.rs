use super::*;
use crate::model::{AliasInfo, Details, FunctionInfo, InvokeOutcome, InvokeRequest, VersionInfo};
use crate::payload::Validity;
use crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};
use std::time::SystemTime;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| app.update(key(KeyCode::Char(c)))).collect()
}

fn function(name: &str) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        log_group: FunctionInfo::default_log_group(name),
        ..Default::default()
    }
}

/// An app with a finished load of `names`, connected.
fn loaded(names: &[&str]) -> App {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!("start should load functions")
    };
    app.update(Event::Backend(BackendEvent::Connected(ConnectionInfo::default())));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: names.iter().map(|n| function(n)).collect(),
        first: true,
        last: true,
    }));
    let details = app.details.as_ref().expect("details load for the first function");
    let (id, function) = (details.load_id, details.function.clone());
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function,
        result: Ok(Details::default()),
    }));
    assert!(!app.is_animating());
    app
}

fn invoke_commands(commands: &[Command]) -> Vec<&InvokeRequest> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Invoke { request, .. } => Some(request),
            _ => None,
        })
        .collect()
}

#[test]
fn start_loads_functions_and_the_first_page_loads_details() {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!()
    };
    assert!(app.is_animating());
    let out = app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("a")],
        first: true,
        last: false,
    }));
    assert!(matches!(&out[..], [Command::LoadDetails { function, .. }] if function == "a"));
    assert!(app.functions.loading);
    let out = app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("b")],
        first: false,
        last: true,
    }));
    assert!(out.is_empty(), "the cursor did not move, so details are not reloaded");
    assert_eq!(app.functions.total(), 2);
    assert!(!app.functions.loading);
}

#[test]
fn stale_pages_and_details_are_dropped() {
    let mut app = loaded(&["a", "b"]);
    let reload = app.update(key(KeyCode::Char('r')));
    let Command::LoadFunctions { id: new_id } = reload[0] else {
        panic!("r reloads")
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id: new_id - 1,
        functions: vec![function("old")],
        first: true,
        last: true,
    }));
    assert!(app.functions.find("old").is_none());
    app.update(key(KeyCode::Char('j')));
    let details_id = app.details.as_ref().unwrap().load_id;
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details_id - 1,
        function: "b".into(),
        result: Ok(Details::default()),
    }));
    assert_eq!(app.details.as_ref().unwrap().state, DetailsState::Loading);
}

#[test]
fn filter_narrows_and_escape_clears() {
    let mut app = loaded(&["orders-api", "billing", "ORDERS-worker"]);
    app.update(key(KeyCode::Char('/')));
    assert_eq!(app.mode, Mode::Filter);
    type_text(&mut app, "orders");
    assert_eq!(app.functions.visible_count(), 2);
    // While filtering, letters are text, not commands.
    assert!(!app.should_quit);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.functions.filter(), "orders");
    app.update(key(KeyCode::Char('/')));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.functions.visible_count(), 3);
}

#[test]
fn moving_the_cursor_loads_details_of_the_new_function_and_resets_the_qualifier() {
    let mut app = loaded(&["a", "b"]);
    app.qualifier_index = 2;
    let out = app.update(key(KeyCode::Char('j')));
    assert!(matches!(&out[..], [Command::LoadDetails { function, .. }] if function == "b"));
    assert_eq!(app.qualifier_index, 0);
    assert!(
        app.update(key(KeyCode::Char('j'))).is_empty(),
        "at the end nothing changes"
    );
    app.update(key(KeyCode::Char('g')));
    assert_eq!(app.functions.selected().unwrap().name, "a");
}

#[test]
fn enter_opens_the_editor_where_q_is_text_and_ctrl_r_invokes() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus, Pane::Payload);
    type_text(&mut app, "{\"q\": 1}");
    assert!(!app.should_quit);
    assert_eq!(app.payload.validity, Validity::Valid);
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
    app.update(key(KeyCode::Char('q')));
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
fn invocation_type_cycles_and_is_sent() {
    let mut app = loaded(&["echo"]);
    for expected in [
        InvokeType::Event,
        InvokeType::DryRun,
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
fn qualifiers_come_from_loaded_versions_and_aliases() {
    let mut app = loaded(&["echo"]);
    let id = app.details.as_ref().unwrap().load_id;
    let details = Details {
        versions: ["$LATEST", "1", "2", "10"]
            .iter()
            .map(|v| VersionInfo {
                version: v.to_string(),
                description: String::new(),
                last_modified: String::new(),
            })
            .collect(),
        aliases: vec![AliasInfo {
            name: "prod".into(),
            function_version: "2".into(),
            description: String::new(),
        }],
    };
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function: "echo".into(),
        result: Ok(details),
    }));
    let labels: Vec<String> = app.qualifier_choices().into_iter().map(|(label, _)| label).collect();
    assert_eq!(
        labels,
        ["$LATEST", "version 10", "version 2", "version 1", "alias prod → 2"]
    );
    app.update(key(KeyCode::Char('V')));
    assert_eq!(app.selected_qualifier().1.as_deref(), Some("prod"));
    let out = app.update(key(KeyCode::Char('i')));
    assert_eq!(invoke_commands(&out)[0].qualifier.as_deref(), Some("prod"));
    app.update(key(KeyCode::Char('v')));
    assert_eq!(app.selected_qualifier().1, None);
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
fn format_pretty_prints_and_can_be_undone() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"a\":1}");
    app.update(ctrl('f'));
    assert_eq!(app.payload_text(), "{\n  \"a\": 1\n}");
    app.update(key(KeyCode::Char('2')));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_ne!(app.payload_text(), "{\n  \"a\": 1\n}");
}

#[test]
fn paste_goes_into_the_editor_whole() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Char('2')));
    app.update(Event::Paste("{\n\"q\": true}".into()));
    assert_eq!(app.payload_text(), "{\n\"q\": true}");
    assert_eq!(app.payload.validity, Validity::Valid);
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

fn log_event(ts: i64, id: &str, stream: &str, message: &str) -> crate::tail::LogEvent {
    crate::tail::LogEvent {
        timestamp: ts,
        stream: stream.into(),
        message: message.into(),
        event_id: id.into(),
    }
}

/// Sends an Event invoke for `echo` and answers it with a 202 for request `rid`.
fn accepted_event(app: &mut App, rid: &str) -> Vec<Command> {
    app.invoke_type = InvokeType::Event;
    let out = app.update(key(KeyCode::Char('i')));
    let Command::Invoke { id, .. } = out[0] else {
        panic!("invoke")
    };
    let outcome = InvokeOutcome::from_parts(202, Some(rid.into()), None, None, b"", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }))
}

#[test]
fn an_accepted_event_is_followed_in_its_log_group_until_it_ends() {
    let mut app = loaded(&["echo"]);
    let out = accepted_event(&mut app, "r-1");
    let key = WatchKey {
        group: "/aws/lambda/echo".into(),
        pattern: String::new(),
    };
    assert!(
        out.contains(&Command::LoadEventConfig {
            function: "echo".into()
        }),
        "{out:?}"
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Watch { key: k, .. } if *k == key)),
        "{out:?}"
    );
    assert_eq!(app.invocations.list[0].async_state, Some(AsyncState::Queued));
    assert!(app.is_animating());
    // A second pending invocation on the same group shares the poller.
    let out = accepted_event(&mut app, "r-2");
    assert!(!out.iter().any(|c| matches!(c, Command::Watch { .. })), "{out:?}");

    app.update(Event::Backend(BackendEvent::LogBatch {
        key: key.clone(),
        events: vec![log_event(1, "1", "s", "START RequestId: r-1 Version: $LATEST")],
    }));
    assert_eq!(
        app.invocations.list[0].async_state,
        Some(AsyncState::Running { attempt: 1 })
    );
    let report = "REPORT RequestId: r-1\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t";
    let out = app.update(Event::Backend(BackendEvent::LogBatch {
        key: key.clone(),
        events: vec![
            log_event(2, "2", "s", "END RequestId: r-1"),
            log_event(2, "3", "s", report),
        ],
    }));
    assert_eq!(
        app.invocations.list[0].async_state,
        Some(AsyncState::Succeeded { attempt: 1 })
    );
    assert_eq!(
        app.invocations.list[0]
            .async_report
            .as_ref()
            .unwrap()
            .max_memory_used_mb,
        Some(30)
    );
    assert!(out.is_empty(), "r-2 is still pending: the poller stays");
    let r2 = [
        "START RequestId: r-2 Version: $LATEST",
        "END RequestId: r-2",
        &report.replace("r-1", "r-2"),
    ];
    let events = r2
        .iter()
        .enumerate()
        .map(|(i, m)| log_event(3, &format!("e{i}"), "s", m))
        .collect();
    let out = app.update(Event::Backend(BackendEvent::LogBatch {
        key: key.clone(),
        events,
    }));
    assert_eq!(out, vec![Command::Unwatch { key }], "nothing pending: the poller stops");
    assert!(!app.is_animating());
}

#[test]
fn retries_follow_the_loaded_event_config() {
    let mut app = loaded(&["echo"]);
    accepted_event(&mut app, "r-1");
    let config = EventConfig {
        maximum_retry_attempts: 0,
        ..EventConfig::default()
    };
    app.update(Event::Backend(BackendEvent::EventConfigLoaded {
        function: "echo".into(),
        config,
    }));
    let key = WatchKey {
        group: "/aws/lambda/echo".into(),
        pattern: String::new(),
    };
    app.update(Event::Backend(BackendEvent::LogBatch {
        key,
        events: vec![
            log_event(1, "1", "s", "START RequestId: r-1 Version: $LATEST"),
            log_event(2, "2", "s", "[ERROR] KeyError: 'id'"),
            log_event(3, "3", "s", "END RequestId: r-1"),
            log_event(3, "4", "s", "REPORT RequestId: r-1\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t"),
        ],
    }));
    match &app.invocations.list[0].async_state {
        Some(AsyncState::Failed { attempt: 1, reason }) => assert!(reason.contains("KeyError")),
        other => panic!("no retries configured, so one failure is final: {other:?}"),
    }
}

#[test]
fn the_logs_pane_watches_the_selected_group_with_its_range_and_pattern() {
    let mut app = loaded(&["echo", "other"]);
    let out = app.update(key(KeyCode::Char('5')));
    let [Command::Watch { key: watched, since_ms }] = &out[..] else {
        panic!("{out:?}")
    };
    assert_eq!(
        watched,
        &WatchKey {
            group: "/aws/lambda/echo".into(),
            pattern: String::new()
        }
    );
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((now - since_ms - 5 * 60_000).abs() < 5_000, "last 5 minutes");
    let old_key = watched.clone();
    app.update(Event::Backend(BackendEvent::LogBatch {
        key: old_key.clone(),
        events: (0..3)
            .map(|i| log_event(i, &i.to_string(), "s", &format!("line {i}")))
            .collect(),
    }));
    assert_eq!(app.logs.lines.len(), 3);
    // A service-side pattern restarts the watch under a new key.
    app.update(key_char('p'));
    type_text(&mut app, "ERROR");
    let out = app.update(key(KeyCode::Enter));
    assert!(out.contains(&Command::Unwatch { key: old_key }));
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Watch { key, .. } if key.pattern == "ERROR"))
    );
    assert!(app.logs.lines.is_empty());
    let out = app.update(key_char('T'));
    assert!(matches!(&out[..], [Command::Watch { since_ms, .. }] if (now - since_ms - 3_600_000).abs() < 5_000));
    app.update(key_char(' '));
    assert!(!app.logs.follow);
    app.update(key_char('G'));
    assert!(app.logs.follow);
}

#[test]
fn from_an_invocation_l_opens_its_lines_e_edits_and_capital_r_reruns() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"n\": 1}");
    accepted_event(&mut app, "r-9");
    app.set_payload_text("");
    app.update(key_char('4'));
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

fn key_char(c: char) -> Event {
    key(KeyCode::Char(c))
}

#[test]
fn a_typed_time_range_restarts_the_tail_and_a_bad_one_is_explained() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('5'));
    app.update(key_char('s'));
    type_text(&mut app, "2x");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("unknown unit"));
    app.update(key_char('s'));
    type_text(&mut app, "90m");
    let out = app.update(key(KeyCode::Enter));
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!(
        matches!(&out[..], [Command::Watch { since_ms, .. }] if (now - since_ms - 90 * 60_000).abs() < 5_000),
        "{out:?}"
    );
    assert_eq!(app.logs.range.label(), "last 90 min");
}

#[test]
fn each_function_keeps_its_own_draft_and_nothing_typed_is_lost() {
    let mut app = loaded(&["a", "b", "c"]);
    app.set_payload_text("{\"for\": \"a\"}");
    app.update(key_char('j'));
    // b has no draft yet: the text stays, so a payload typed before picking is kept.
    assert_eq!(app.payload_text(), "{\"for\": \"a\"}");
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
        result: Ok(()),
    }));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Saved the body to response-abcd-12.json")
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
fn a_template_loads_into_the_editor_and_can_be_undone() {
    let mut app = loaded(&["echo"]);
    app.set_payload_text("{\"mine\": true}");
    app.update(key_char('E'));
    assert_eq!(app.mode, Mode::Picker(Picker::default()));
    app.update(key_char('i'));
    assert!(
        app.invocations.list.is_empty(),
        "keys go to the picker while it is open"
    );
    app.update(key_char('j'));
    app.update(key(KeyCode::Enter));
    assert!(!matches!(app.mode, Mode::Picker(_)));
    assert_eq!(app.focus, Pane::Payload);
    assert_eq!(app.payload_text(), crate::templates::TEMPLATES[1].1.trim_end());
    assert_eq!(app.payload.validity, Validity::Valid);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_eq!(app.payload_text(), "{\"mine\": true}", "the draft comes back");
    app.update(key(KeyCode::Esc));
    app.update(key_char('E'));
    app.update(key(KeyCode::Esc));
    assert!(!matches!(app.mode, Mode::Picker(_)));
    assert_eq!(app.payload_text(), "{\"mine\": true}");
}

/// Puts the app where `context` has the keyboard.
fn enter(app: &mut App, context: crate::action::Context) {
    use crate::action::Context as C;
    app.mode = Mode::Normal;
    app.focus = match context {
        C::ResponsePane => Pane::Response,
        C::InvocationsPane => Pane::Invocations,
        C::LogsPane | C::Prompt => Pane::Logs,
        C::Editor => Pane::Payload,
        _ => Pane::Functions,
    };
    app.mode = match context {
        C::Editor => Mode::Editor,
        C::Filter => Mode::Filter,
        C::Prompt => Mode::Prompt(Prompt::new(PromptKind::LogSearch, "")),
        C::Picker => Mode::Picker(Picker::default()),
        C::Help => Mode::Help(HelpView::default()),
        _ => Mode::Normal,
    };
    assert_eq!(app.context(), context);
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

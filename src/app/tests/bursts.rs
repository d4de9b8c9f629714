//! Bursts: the form, what is sent, the summary, its export and its history row.

use super::*;

/// One of burst `id`'s calls answered: the `n`th sent, with `payload`.
fn burst_call(app: &mut App, id: u64, (n, payload): (usize, usize), millis: u64, outcome: InvokeOutcome) {
    app.update(Event::Backend(BackendEvent::BurstCall {
        id,
        n,
        payload,
        elapsed: std::time::Duration::from_millis(millis),
        result: Ok(Box::new(outcome)),
    }));
}

#[test]
fn a_burst_form_checks_its_numbers_and_asks_before_a_big_one() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('b'));
    assert!(matches!(app.mode, Mode::BurstForm(_)));
    app.update(key_char('0'));
    app.update(key(KeyCode::Enter));
    let Mode::BurstForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(form.error.as_deref().is_some_and(|e| e.contains("1 to")), "{form:?}");
    app.update(key(KeyCode::Backspace));
    for c in "500".chars() {
        app.update(key_char(c));
    }
    app.update(key(KeyCode::Enter));
    assert!(
        matches!(app.mode, Mode::Question(_)),
        "500 calls ask first: {:?}",
        app.mode
    );
    let out = app.update(key_char('y'));
    let [Command::Burst { plan, .. }] = &out[..] else {
        panic!("{out:?}")
    };
    assert_eq!((plan.count, plan.concurrency), (500, 4));
    assert!(plan.payloads.is_empty(), "the editor's payload");
    assert_eq!(plan.request.invoke_type, InvokeType::RequestResponse);
    assert!(matches!(app.mode, Mode::Burst));
    // Enter hides it and it runs on; q asks, for its calls would be lost.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(!matches!(app.mode, Mode::Burst));
    app.update(key_char('q'));
    assert!(
        matches!(app.mode, Mode::Question(_)) && !app.should_quit,
        "{:?}",
        app.mode
    );
    app.update(key_char('n'));
    // b shows it again; Esc stops sending, and it stays until it ends.
    app.update(key_char('b'));
    assert!(matches!(app.mode, Mode::Burst));
    let out = app.update(key(KeyCode::Esc));
    assert!(matches!(out[..], [Command::StopBurst { .. }]), "{out:?}");
}

#[test]
fn a_bursts_export_agrees_with_its_summary_and_holds_no_formula() {
    let mut app = loaded(&["flaky"]);
    app.update(key_char('b'));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    for n in 0..20u64 {
        let body = if n % 4 == 0 {
            br#"{"errorType": "=HYPERLINK(\"x\")", "errorMessage": "no"}"#.to_vec()
        } else {
            b"{}".to_vec()
        };
        let error = (n % 4 == 0).then_some("Unhandled");
        let outcome = InvokeOutcome::from_parts(200, Some(format!("r{n}")), None, error, &body, None);
        burst_call(&mut app, id, (0, 0), n + 1, outcome);
    }
    app.update(Event::Backend(BackendEvent::BurstEnded { id }));
    let out = app.update(key_char('s'));
    let [
        Command::SaveFile {
            path: csv_path,
            bytes: csv,
        },
        Command::SaveFile {
            path: json_path,
            bytes: json,
        },
    ] = &out[..]
    else {
        panic!("{out:?}")
    };
    assert!(csv_path.to_string_lossy().ends_with(".csv") && json_path.to_string_lossy().ends_with(".json"));
    let csv = String::from_utf8(csv.clone()).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let burst = app.burst.as_ref().unwrap();
    assert_eq!(rows.len(), burst.calls().len());
    let errors_in_csv = rows.iter().filter(|r| r.contains("HYPERLINK")).count();
    let errors_in_summary: usize = burst.errors().iter().map(|(_, n)| n).sum();
    assert_eq!(errors_in_csv, errors_in_summary);
    assert!(rows.iter().all(|r| !r.contains(",\"=")), "no formula: {csv}");
    let json: serde_json::Value = serde_json::from_slice(json).unwrap();
    assert_eq!(json["calls"].as_array().unwrap().len(), 20);
}

#[test]
fn a_burst_that_ended_while_hidden_is_shown_by_the_next_b() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('b'));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    app.update(key(KeyCode::Enter));
    assert!(!matches!(app.mode, Mode::Burst), "hidden");
    app.update(Event::Backend(BackendEvent::BurstEnded { id }));
    app.update(key_char('b'));
    assert!(matches!(app.mode, Mode::Burst), "its summary first: {:?}", app.mode);
    app.update(key(KeyCode::Esc));
    app.update(key_char('b'));
    assert!(
        matches!(app.mode, Mode::BurstForm(_)),
        "then a new form: {:?}",
        app.mode
    );
}

#[test]
fn the_burst_form_takes_digits_only_and_home_then_typing_replaces() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('b'));
    app.update(key_char('x'));
    let Mode::BurstForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.count.text, "20", "a letter is not typed");
    assert!(
        form.error.as_deref().is_some_and(|e| e.contains("Digits only")),
        "{form:?}"
    );
    // Typing after a field's first key appends; Home selects it again.
    app.update(key(KeyCode::Backspace));
    app.update(key_char('7'));
    app.update(key(KeyCode::Home));
    app.update(key_char('9'));
    app.update(key(KeyCode::Tab));
    app.update(ctrl('k'));
    app.update(key_char('2'));
    let Mode::BurstForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!((form.count.text.as_str(), form.concurrency.text.as_str()), ("9", "2"));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { plan, .. }] = &out[..] else {
        panic!("{out:?}")
    };
    assert_eq!((plan.count, plan.concurrency), (9, 2));
}

#[test]
fn a_burst_sends_the_saved_events_in_turn_when_asked() {
    let mut app = loaded(&["echo"]);
    let loads = app.update(key_char('b'));
    let owners: Vec<_> = loads
        .iter()
        .filter_map(|c| match c {
            Command::Events(request) => Some(request.owner().clone()),
            _ => None,
        })
        .collect();
    assert_eq!(owners.len(), 2, "private and shareable are read: {loads:?}");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    app.update(key_char(' '));
    // Enter before the store answers keeps the form, saying so.
    app.update(key(KeyCode::Enter));
    let Mode::BurstForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(form.saved_events);
    assert!(
        form.error.as_deref().is_some_and(|e| e.contains("being read")),
        "{form:?}"
    );
    let event = |name: &str, body: &str| crate::saved_events::SavedEvent {
        name: name.into(),
        body: body.into(),
        updated_ms: 0,
    };
    for (owner, events) in [
        (
            &owners[0],
            vec![event("one", r#"{"n": 1}"#), event("two", r#"{"n": 2}"#)],
        ),
        (&owners[1], vec![event("shared", r#"{"n": 3}"#)]),
    ] {
        app.update(Event::Backend(BackendEvent::SavedEvents {
            owner: owner.clone(),
            change: crate::saved_events::EventsChange::Loaded,
            result: Ok(events),
        }));
    }
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, plan }] = &out[..] else {
        panic!("{out:?} {:?}", app.mode)
    };
    let sent: Vec<&[u8]> = plan.payloads.iter().map(Vec::as_slice).collect();
    assert_eq!(sent, [&br#"{"n": 1}"#[..], br#"{"n": 2}"#, br#"{"n": 3}"#]);
    let id = *id;
    for payload in [0, 1, 2, 0] {
        burst_call(
            &mut app,
            id,
            (0, payload),
            2,
            InvokeOutcome::from_parts(200, None, None, None, b"{}", None),
        );
    }
    let csv = app.burst.as_ref().unwrap().csv();
    let names: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap()).collect();
    assert_eq!(names, ["\"one\"", "\"two\"", "\"shared\"", "\"one\""]);
}

#[test]
fn a_burst_is_one_row_of_the_invocations_and_one_entry_of_the_history() {
    let mut app = loaded(&["flaky"]);
    app.update(key_char('b'));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    let rows = |app: &App| app.invocations.list.iter().filter(|i| i.id == id).count();
    assert_eq!(rows(&app), 1, "in flight as one row");
    let report = "START RequestId: r\nEND RequestId: r\nREPORT RequestId: r\tDuration: 10.00 ms\tBilled Duration: 100 ms\tMemory Size: 1024 MB\tMax Memory Used: 20 MB\t\n";
    let tail = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(report)
    };
    for n in 0..10u64 {
        let error = (n % 5 == 0).then_some("Unhandled");
        let body = if error.is_some() {
            &br#"{"errorType": "FlakyError"}"#[..]
        } else {
            b"{}"
        };
        let outcome = InvokeOutcome::from_parts(200, None, None, error, body, Some(&tail));
        burst_call(&mut app, id, (0, 0), n + 1, outcome);
    }
    let out = app.update(Event::Backend(BackendEvent::BurstEnded { id }));
    let [Command::History(crate::message::HistoryRequest::Record { entry, .. })] = &out[..] else {
        panic!("one history entry: {out:?}")
    };
    assert_eq!(entry.invoke_type, InvokeType::Burst);
    assert_eq!(rows(&app), 1, "still one row");
    let row = app.invocations.list.iter().find(|i| i.id == id).unwrap();
    let InvocationState::Done(outcome) = &row.state else {
        panic!("{:?}", row.state)
    };
    let summary: serde_json::Value = serde_json::from_slice(&outcome.raw_body).unwrap();
    assert_eq!(summary["burst"]["done"], 10);
    assert_eq!(summary["errors"]["FlakyError"], 2);
    // Ten calls of 100 ms billed at 1 GB: one GB-second, at the default prices.
    assert!(
        (summary["billed_gb_seconds"].as_f64().unwrap() - 1.0).abs() < 1e-9,
        "{summary}"
    );
    let cost = summary["estimated_cost_usd"]["total"].as_f64().unwrap();
    assert!((cost - (10.0 * 0.000_000_2 + 0.000_016_666_7)).abs() < 1e-12, "{cost}");
    assert_eq!(
        crate::app::burst_headline(&outcome.raw_body).as_deref(),
        Some("2/10 err")
    );
    // R does not send a burst again.
    app.focus = Pane::Invocations;
    app.invocations.cursor = 0;
    let out = app.update(key_char('R'));
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Invoke { .. } | Command::Burst { .. })),
        "{out:?}"
    );
}

#[test]
fn a_function_naming_each_error_anew_cannot_fill_memory_or_fake_throttles() {
    let mut app = loaded(&["flaky"]);
    app.update(key_char('b'));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    let long = "E".repeat(100_000);
    for n in 0..300u64 {
        // Each a new 100 KB type; one in three named like the console's own label.
        let kind = if n % 3 == 0 {
            "throttled".to_string()
        } else {
            format!("{n}{long}")
        };
        let body = serde_json::json!({"errorType": kind, "errorMessage": "x"}).to_string();
        let outcome = InvokeOutcome::from_parts(200, None, None, Some("Unhandled"), body.as_bytes(), None);
        burst_call(&mut app, id, (0, 0), 1, outcome);
    }
    let burst = app.burst.as_ref().unwrap();
    assert!(
        burst
            .calls()
            .iter()
            .all(|c| c.error.as_ref().is_some_and(|e| e.chars().count() <= 128)),
        "each type is cut"
    );
    let errors = burst.errors();
    assert!(errors.len() <= 101, "{} names counted", errors.len());
    assert_eq!(errors.iter().map(|(_, n)| n).sum::<usize>(), 300, "every call counted");
    assert!(errors.iter().any(|(name, _)| name == "(other types)"), "{errors:?}");
    assert_eq!(
        burst.unanswered(),
        (0, 0),
        "a function's own \"throttled\" is its error, not a throttle"
    );
    app.update(Event::Backend(BackendEvent::BurstEnded { id }));
    let row = app.invocations.list.iter().find(|i| i.id == id).unwrap();
    let InvocationState::Done(outcome) = &row.state else {
        panic!()
    };
    assert!(
        outcome.raw_body.len() < 64 * 1024,
        "the summary stays small enough to keep: {} bytes",
        outcome.raw_body.len()
    );
    assert_eq!(row.headline.as_deref(), Some("300/300 err"));
}

#[test]
fn a_burst_goes_only_to_the_function_its_form_was_opened_on() {
    let mut app = loaded(&["aa", "bb"]);
    app.update(key_char('b'));
    // A list load moves the cursor while the form is open.
    app.functions.set_cursor(1);
    let out = app.update(key(KeyCode::Enter));
    assert!(!out.iter().any(|c| matches!(c, Command::Burst { .. })), "{out:?}");
    let Mode::BurstForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.function, "aa");
    assert!(
        form.error.as_deref().is_some_and(|e| e.contains("cursor moved off aa")),
        "{form:?}"
    );
}

#[test]
fn q_over_a_running_burst_hides_it_and_the_export_is_in_the_order_sent() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('b'));
    let out = app.update(key(KeyCode::Enter));
    let [Command::Burst { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    let out = app.update(key_char('q'));
    assert!(out.is_empty(), "nothing stopped: {out:?}");
    assert!(!matches!(app.mode, Mode::Burst | Mode::Question(_)), "{:?}", app.mode);
    assert!(app.burst.as_ref().unwrap().ended.is_none(), "it runs on");
    for n in [2usize, 0, 1] {
        let outcome = InvokeOutcome::from_parts(200, Some(format!("req-{n}")), None, None, b"{}", None);
        burst_call(&mut app, id, (n, 0), 1, outcome);
    }
    let csv = app.burst.as_ref().unwrap().csv();
    let rows: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let mut fields = l.split(',');
            (fields.next().unwrap(), fields.next().unwrap())
        })
        .collect();
    assert_eq!(rows, [("1", "\"req-0\""), ("2", "\"req-1\""), ("3", "\"req-2\"")]);
}

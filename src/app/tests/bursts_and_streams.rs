//! Streams as they arrive, comparing two invocations, and bursts.

use super::*;

/// `streamer` invoked as a Stream on a 100x30 screen; `chunks` lines come.
fn streaming(chunks: u64) -> (App, u64) {
    let mut app = loaded(&["streamer"]);
    app.update(Event::Resize { width: 100, height: 30 });
    app.invoke_type = InvokeType::Stream;
    let out = app.update(ctrl('r'));
    let Command::Invoke { id, .. } = out[0] else {
        panic!("{out:?}")
    };
    for i in 0..chunks {
        app.update(Event::Backend(BackendEvent::StreamChunk {
            id,
            at: std::time::Duration::from_millis(i * 10),
            bytes: format!("chunk {i}\n").into_bytes(),
        }));
    }
    (app, id)
}

#[test]
fn a_stream_is_followed_until_the_reader_scrolls_up_and_g_follows_again() {
    let (mut app, id) = streaming(200);
    assert!(app.response.follow, "a new stream is followed");
    app.update(key_char('3'));
    app.update(key(KeyCode::Up));
    assert!(!app.response.follow, "scrolling up stops following");
    assert!(
        app.response.top > 100,
        "it scrolled from the newest page: {}",
        app.response.top
    );
    app.update(key_char('G'));
    assert!(app.response.follow, "the end follows again");
    // A reader who scrolled keeps the line they read when the stream ends.
    app.update(key(KeyCode::Up));
    let reading = app.response.top;
    let head_before = app.shown_head_len(id).unwrap();
    let outcome = InvokeOutcome::from_parts(200, Some("rid".into()), None, None, b"", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    let head_after = app.shown_head_len(id).unwrap();
    assert_eq!(app.response.top, reading + head_after - head_before);
}

#[test]
fn a_stream_followed_to_its_end_shows_its_summary_at_the_top() {
    let (mut app, id) = streaming(50);
    app.update(key_char('3'));
    app.update(key_char('G'));
    let outcome = InvokeOutcome::from_parts(200, Some("rid".into()), None, None, b"", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    assert_eq!((app.response.top, app.response.top_row), (0, 0));
}

#[test]
fn d_marks_and_d_on_another_compares_older_on_the_minus_side() {
    let mut app = loaded(&["echo"]);
    for n in [1, 2] {
        let out = app.update(ctrl('r'));
        let Command::Invoke { id, .. } = out[0] else {
            panic!("{out:?}")
        };
        let body = format!(r#"{{"same": true, "n": {n}}}"#);
        let outcome = InvokeOutcome::from_parts(200, Some(format!("rid-{n}")), None, None, body.as_bytes(), None);
        app.update(Event::Backend(BackendEvent::InvokeFinished {
            id,
            result: Ok(Box::new(outcome)),
        }));
    }
    app.update(key_char('4'));
    // Newest first: the cursor is on n = 2; it is marked, then n = 1 compared.
    app.update(key_char('d'));
    assert!(app.invocations.marked.is_some());
    app.update(key(KeyCode::Down));
    app.update(key_char('d'));
    let Mode::Diff(diff) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let text: Vec<&str> = diff.lines.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains(&r#"-   "n": 1"#), "{text:#?}");
    assert!(text.contains(&r#"+   "n": 2"#), "{text:#?}");
    assert!(text.contains(&r#"    "same": true,"#), "{text:#?}");
    assert!(app.invocations.marked.is_none());
    app.update(key(KeyCode::Esc));
    assert!(!matches!(app.mode, Mode::Diff(_)));
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
        app.update(Event::Backend(BackendEvent::BurstCall {
            id,
            n: 0,
            payload: 0,
            elapsed: std::time::Duration::from_millis(n + 1),
            result: Ok(Box::new(outcome)),
        }));
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
        app.update(Event::Backend(BackendEvent::BurstCall {
            id,
            n: 0,
            payload,
            elapsed: std::time::Duration::from_millis(2),
            result: Ok(Box::new(InvokeOutcome::from_parts(200, None, None, None, b"{}", None))),
        }));
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
        app.update(Event::Backend(BackendEvent::BurstCall {
            id,
            n: 0,
            payload: 0,
            elapsed: std::time::Duration::from_millis(n + 1),
            result: Ok(Box::new(outcome)),
        }));
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
fn a_comparison_with_one_in_flight_is_made_again_when_it_answers_and_n_finds_each_change() {
    let mut app = loaded(&["echo"]);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let out = app.update(ctrl('r'));
        let Command::Invoke { id, .. } = out[0] else {
            panic!("{out:?}")
        };
        ids.push(id);
    }
    let body = |n: u32| format!("{{\"a\": {n}, \"b\": 0, \"c\": 0, \"d\": 0, \"e\": {n}}}").into_bytes();
    let finish = |app: &mut App, id: u64, n: u32| {
        let outcome = InvokeOutcome::from_parts(200, None, None, None, &body(n), None);
        app.update(Event::Backend(BackendEvent::InvokeFinished {
            id,
            result: Ok(Box::new(outcome)),
        }));
    };
    finish(&mut app, ids[0], 1);
    app.update(key_char('4'));
    app.update(key_char('d'));
    app.update(key(KeyCode::Down));
    app.update(key_char('d'));
    let Mode::Diff(diff) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(
        diff.lines.iter().any(|(_, t)| t.contains("still in flight")),
        "{:#?}",
        diff.lines
    );
    finish(&mut app, ids[1], 2);
    let Mode::Diff(diff) = &app.mode else {
        panic!("the comparison stays open: {:?}", app.mode)
    };
    let lines: Vec<&str> = diff.lines.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        lines.contains(&r#"+   "a": 2,"#) && lines.contains(&r#"+   "e": 2"#),
        "{lines:#?}"
    );
    // n brings each run of changes to the top in turn, then says there is no more.
    let mut tops = Vec::new();
    for _ in 0..10 {
        app.update(key_char('n'));
        let Mode::Diff(diff) = &app.mode else { panic!() };
        if tops.last() == Some(&diff.scroll) {
            break;
        }
        tops.push(diff.scroll);
    }
    let Mode::Diff(diff) = &app.mode else { panic!() };
    let body_changes: Vec<&str> = tops.iter().map(|&i| diff.lines[i].1.as_str()).collect();
    assert!(body_changes.iter().any(|t| t.contains(r#""a": 1"#)), "{body_changes:?}");
    assert!(body_changes.iter().any(|t| t.contains(r#""e": 1"#)), "{body_changes:?}");
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("No change after")));
    app.update(key_char('N'));
    let Mode::Diff(diff) = &app.mode else { panic!() };
    assert_eq!(diff.scroll, tops[tops.len() - 2], "N goes back one");
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
        app.update(Event::Backend(BackendEvent::BurstCall {
            id,
            n: 0,
            payload: 0,
            elapsed: std::time::Duration::from_millis(1),
            result: Ok(Box::new(outcome)),
        }));
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
        app.update(Event::Backend(BackendEvent::BurstCall {
            id,
            n,
            payload: 0,
            elapsed: std::time::Duration::from_millis(1),
            result: Ok(Box::new(outcome)),
        }));
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

#[test]
fn type_url_opens_the_request_form_over_the_url_details_read_and_sends_it() {
    let mut app = loaded(&["api"]);
    app.invoke_type = InvokeType::Url;
    let details = app.details.clone().unwrap();
    // No URL: said, nothing sent.
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details.load_id,
        function: details.function.clone(),
        result: Ok(Box::default()),
    }));
    let out = app.update(ctrl('r'));
    assert!(out.is_empty(), "{out:?}");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("has no function URL"))
    );
    let with_url = crate::model::Details {
        url: Ok(Some((
            "http://127.0.0.1:9/lambda-url/api/".into(),
            "AWS_IAM".into(),
            "BUFFERED".into(),
        ))),
        ..Default::default()
    };
    app.details_kept.clear();
    let id = app.details.as_ref().unwrap().load_id;
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function: details.function,
        result: Ok(Box::new(with_url)),
    }));
    app.set_payload_text(r#"{"name": "x"}"#);
    app.update(key(KeyCode::Esc));
    app.update(ctrl('r'));
    let Mode::UrlForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.method.text, "POST", "a body suggests POST");
    for c in "/items?x=1".chars() {
        app.update(key_char(c));
    }
    let out = app.update(key(KeyCode::Enter));
    let [Command::Invoke { request, .. }] = &out[..] else {
        panic!("{out:?} {:?}", app.mode)
    };
    assert_eq!(request.invoke_type, InvokeType::Url);
    assert_eq!(request.payload, br#"{"name": "x"}"#);
    let url = request.url.as_deref().unwrap();
    assert_eq!(url.full_url(), "http://127.0.0.1:9/lambda-url/api/items?x=1");
    assert_eq!((url.method.as_str(), url.auth_type.as_str()), ("POST", "AWS_IAM"));
    assert_eq!(
        url.headers,
        [("content-type".to_string(), "application/json".to_string())]
    );
}

#[test]
fn r_sends_a_url_request_again_to_the_functions_url_as_details_read_it_now() {
    let mut app = loaded(&["api"]);
    let details = app.details.clone().unwrap();
    let with_url = crate::model::Details {
        url: Ok(Some((
            "http://127.0.0.1:2222/lambda-url/api/".into(),
            "NONE".into(),
            "BUFFERED".into(),
        ))),
        ..Default::default()
    };
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details.load_id,
        function: details.function,
        result: Ok(Box::new(with_url)),
    }));
    // Sent in an earlier run, when the endpoint listened on another port.
    let old = InvokeRequest {
        function: "api".into(),
        qualifier: None,
        invoke_type: InvokeType::Url,
        payload: Vec::new(),
        client_context: None,
        url: Some(Box::new(crate::model::UrlRequest {
            base: "http://127.0.0.1:1111/lambda-url/api/".into(),
            method: "GET".into(),
            path: "/items?limit=1".into(),
            headers: vec![("x-test".into(), "1".into())],
            auth_type: "NONE".into(),
            invoke_mode: "BUFFERED".into(),
        })),
    };
    let out = app.send_invoke(old, String::new());
    let [Command::Invoke { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    let outcome = InvokeOutcome::from_parts(200, None, None, None, b"[]", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    app.update(key_char('4'));
    let out = app.update(key_char('R'));
    let Some(Command::Invoke { request, .. }) = out.iter().find(|c| matches!(c, Command::Invoke { .. })) else {
        panic!("{out:?} {:?}", app.status)
    };
    let url = request.url.as_deref().unwrap();
    assert_eq!(url.full_url(), "http://127.0.0.1:2222/lambda-url/api/items?limit=1");
    assert_eq!(url.headers, [("x-test".to_string(), "1".to_string())]);
}

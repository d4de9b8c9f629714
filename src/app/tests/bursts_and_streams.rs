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
    let [
        Command::Burst {
            count: 500,
            concurrency: 4,
            request,
            ..
        },
    ] = &out[..]
    else {
        panic!("{out:?}")
    };
    assert_eq!(request.invoke_type, InvokeType::RequestResponse);
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
    assert_eq!(rows.len(), burst.calls.len());
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

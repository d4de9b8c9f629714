//! Streams as they arrive, and comparing two invocations.

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

//! The Logs pane and following async invocations in their log group.

use super::*;

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
    assert!(
        matches!(
            &out[..],
            [Command::History(crate::message::HistoryRequest::AsyncEnded { request_id, end, .. })]
                if request_id == "r-1" && end.state == AsyncState::Succeeded { attempt: 1 }
                    && end.report.as_ref().and_then(|r| r.max_memory_used_mb) == Some(30)
        ),
        "r-2 is still pending, so the poller stays; r-1's end goes to the history: {out:?}"
    );
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
    assert!(
        matches!(&out[..], [Command::History(_), Command::Unwatch { key: k }] if *k == key),
        "r-2's end is kept; nothing pending: the poller stops: {out:?}"
    );
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
fn a_typed_time_range_restarts_the_tail_and_a_bad_one_is_explained() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('5'));
    app.update(key_char('s'));
    type_text(&mut app, "2x");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    // The prompt stays open with the reason, and the text to fix.
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(prompt.error.as_deref().unwrap().contains("unknown unit"));
    assert_eq!(prompt.text(), "2x");
    app.update(key(KeyCode::Backspace));
    app.update(key(KeyCode::Backspace));
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
fn a_new_search_replaces_the_old_one_and_esc_changes_nothing() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('5'));
    app.update(key_char('/'));
    type_text(&mut app, "first");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.logs.search.as_deref(), Some("first"));
    app.update(key_char('/'));
    type_text(&mut app, "second");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.logs.search.as_deref(), Some("first"), "Esc keeps the old search");
    app.update(key_char('/'));
    type_text(&mut app, "second");
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.logs.search.as_deref(),
        Some("second"),
        "typing replaced, not appended"
    );
}

#[test]
fn a_message_lasts_until_the_next_key() {
    let mut app = loaded(&["echo"]);
    app.update(key_char('5'));
    app.update(key_char('n'));
    assert!(
        app.status.as_ref().unwrap().text.contains("/ searches"),
        "n says what it needs"
    );
    app.update(key_char('/'));
    type_text(&mut app, "nothing-like-this");
    app.update(key(KeyCode::Enter));
    assert!(app.status.as_ref().unwrap().text.contains("No line holds the search"));
    app.update(key_char('w'));
    assert!(app.status.is_none());
}

#[test]
fn help_scrolls_within_its_rows() {
    let mut app = loaded(&["echo"]);
    app.update(Event::Resize { width: 80, height: 24 });
    app.update(key_char('?'));
    app.update(key(KeyCode::End));
    let Mode::Help(help) = &app.mode else { panic!() };
    let bottom = help.scroll;
    let (total, visible) = app.help_rows();
    assert_eq!((bottom, visible), (total - 22, 22));
    app.update(key_char('k'));
    let Mode::Help(help) = &app.mode else { panic!() };
    assert_eq!(help.scroll, bottom - 1, "up from the end moves at once");
}

#[test]
fn waiting_for_an_invocations_lines_ends_when_one_arrives() {
    let mut app = loaded(&["echo"]);
    accepted_event(&mut app, "r-7");
    app.update(key_char('4'));
    app.update(key_char('l'));
    assert!(app.status.as_ref().unwrap().text.starts_with("Waiting for its lines"));
    let key = app.logs.key.clone().unwrap();
    let batch = |message: &str| {
        Event::Backend(BackendEvent::LogBatch {
            key: key.clone(),
            events: vec![log_event(1, message, "s", message)],
        })
    };
    app.update(batch("START RequestId: r-other"));
    assert!(app.status.is_some(), "another invocation's line changes nothing");
    app.update(batch("START RequestId: r-7 Version: $LATEST"));
    assert_eq!(app.status, None, "its line is here: the message is over");
}

#[test]
fn the_search_counts_its_matches_goes_both_ways_and_stays_with_its_function() {
    let mut app = loaded(&["a", "b"]);
    app.update(key_char('5'));
    let watch = app.logs.key.clone().unwrap();
    let lines: Vec<_> = (0..6)
        .map(|i| {
            let text = if i % 2 == 0 {
                format!("needle {i}")
            } else {
                format!("hay {i}")
            };
            log_event(i, &i.to_string(), "s", &text)
        })
        .collect();
    app.update(Event::Backend(BackendEvent::LogBatch {
        key: watch.clone(),
        events: lines,
    }));
    app.update(key_char('/'));
    type_text(&mut app, "needle");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.logs.match_count, 3);
    let first = (app.logs.match_line, app.logs.match_ordinal);
    app.update(key_char('n'));
    let second = (app.logs.match_line, app.logs.match_ordinal);
    assert_ne!(first, second);
    app.update(key_char('N'));
    assert_eq!((app.logs.match_line, app.logs.match_ordinal), first, "N goes back");
    app.update(key_char('N'));
    app.update(key_char('N'));
    app.update(key_char('N'));
    assert_eq!(app.logs.match_line, first.0, "round the three matches backwards");
    // New lines that match are counted as they come.
    app.update(Event::Backend(BackendEvent::LogBatch {
        key: watch.clone(),
        events: vec![log_event(9, "9", "s", "needle 9")],
    }));
    assert_eq!(app.logs.match_count, 4);
    // A search that finds nothing says so.
    app.update(key_char('/'));
    type_text(&mut app, "absent");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.logs.match_count, 0);
    app.update(key_char('n'));
    assert!(app.status.as_ref().unwrap().text.starts_with("No matches"));
    // Another function's logs start without it.
    app.update(key_char('1'));
    app.update(key_char('j'));
    app.update(key_char('5'));
    assert_eq!(app.logs.key.as_ref().unwrap().group, "/aws/lambda/b");
    assert_eq!(app.logs.search, None, "the search stayed with a");
}

#[test]
fn the_match_count_follows_lines_dropped_from_the_front() {
    let mut view = LogsView {
        capacity: 4,
        ..LogsView::default()
    };
    view.set_search(Some("x".into()));
    let events: Vec<_> = (0..4).map(|i| log_event(i, &i.to_string(), "s", "x")).collect();
    view.append(&events);
    assert!(view.find(ratatui::layout::Size::new(40, 10), false));
    assert_eq!((view.match_count, view.match_ordinal), (4, Some(4)));
    view.append(&[log_event(5, "5", "s", "y"), log_event(6, "6", "s", "y")]);
    assert_eq!((view.match_count, view.match_ordinal), (2, Some(2)));
    view.append(&[log_event(7, "7", "s", "y"), log_event(8, "8", "s", "y")]);
    assert_eq!((view.match_count, view.match_ordinal, view.match_line), (0, None, None));
}

#[test]
fn an_idle_spell_pauses_the_tail_and_any_key_resumes_it_from_its_newest_line() {
    let mut app = loaded(&["echo"]);
    let out = app.update(key(KeyCode::Char('5')));
    let [Command::Watch { key: watched, .. }] = &out[..] else {
        panic!("{out:?}")
    };
    let watched = watched.clone();
    app.update(Event::Backend(BackendEvent::LogBatch {
        key: watched.clone(),
        events: vec![
            log_event(1_000, "1", "s", "before"),
            log_event(2_000, "2", "s", "newest"),
        ],
    }));
    let out = app.update(Event::Idle);
    assert_eq!(out, vec![Command::Unwatch { key: watched.clone() }]);
    assert_eq!(app.logs.paused, Some(TailPause::Idle));
    assert!(app.logs.status.as_deref().is_some_and(|s| s.contains("paused")));
    // The lines and the group stay on screen; a resize does not resume it.
    assert_eq!((app.logs.lines.len(), app.logs.key.as_ref()), (2, Some(&watched)));
    assert!(app.update(Event::Resize { width: 200, height: 60 }).is_empty());
    assert!(app.update(Event::Idle).is_empty());
    let out = app.update(key(KeyCode::Esc));
    assert!(
        out.contains(&Command::Watch {
            key: watched.clone(),
            since_ms: 2_000
        }),
        "from the newest line: {out:?}"
    );
    assert!(app.logs.paused.is_none() && app.logs.status.is_none());
    // What comes again at that time is not shown twice; what is new is.
    app.update(Event::Backend(BackendEvent::LogBatch {
        key: watched,
        events: vec![
            log_event(2_000, "2", "s", "newest"),
            log_event(2_000, "3", "s", "same time, new"),
        ],
    }));
    let texts: Vec<&str> = app.logs.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["before", "newest", "same time, new"]);
}

#[test]
fn a_hidden_logs_pane_is_not_polled_until_shown_again() {
    let mut app = loaded(&["echo"]);
    app.update(Event::Resize { width: 100, height: 30 });
    let out = app.update(key(KeyCode::Char('5')));
    let Some(Command::Watch { key: watched, .. }) = out.first() else {
        panic!("{out:?}")
    };
    let watched = watched.clone();
    let out = app.update(key(KeyCode::Char('1')));
    assert!(out.contains(&Command::Unwatch { key: watched.clone() }), "{out:?}");
    assert_eq!(app.logs.paused, Some(TailPause::Hidden));
    // A key is not enough: the pane must be on screen.
    assert!(
        !app.update(key(KeyCode::Esc))
            .iter()
            .any(|c| matches!(c, Command::Watch { .. }))
    );
    let out = app.update(key(KeyCode::Char('5')));
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Watch { key, .. } if *key == watched)),
        "{out:?}"
    );
}

#[test]
fn a_group_followed_for_an_async_invocation_is_not_paused_until_it_ends() {
    let mut app = loaded(&["echo"]);
    app.update(key(KeyCode::Char('5')));
    accepted_event(&mut app, "r-1");
    assert!(app.update(Event::Idle).is_empty());
    assert!(app.logs.paused.is_none());
}

#[test]
fn huge_lines_are_cut_and_the_pane_keeps_within_its_byte_budget() {
    let mut app = loaded(&["echo"]);
    app.logs.append(&[log_event(0, "0", "s", &"x".repeat(250_000))]);
    let line = &app.logs.lines[0].text;
    assert!(line.len() < 20 * 1024 && line.contains("bytes more"), "{}", line.len());
    // 5,000 lines of 16 KB: fewer than the line cap, more than the byte budget.
    let full = "y".repeat(16 * 1024);
    let events: Vec<_> = (1..5_000).map(|i| log_event(i, &i.to_string(), "s", &full)).collect();
    for batch in events.chunks(1_000) {
        app.logs.append(batch);
    }
    let held: usize = app.logs.lines.iter().map(|l| l.text.len()).sum();
    assert_eq!(held, app.logs.bytes);
    assert!(held <= crate::app::logs_max_pane_bytes(), "{held}");
    assert!(app.logs.lines.len() < 5_000 && app.logs.dropped > 0);
}

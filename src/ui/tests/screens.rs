//! Whole screens at the sizes operators use: the layout, zoom, the help,
//! prompts, and a terminal too small.

use super::*;

/// An app with a response shown and log lines arrived, sized `width`×`height`.
fn working_app(width: u16, height: u16) -> App {
    let mut app = app_with(&["orders-api", "billing-reconciliation-nightly", "echo"]);
    app.update(Event::Resize { width, height });
    app.set_payload_text("{\n  \"order\": 42,\n  \"items\": [\"a\", \"b\"]\n}");
    let log = "REPORT RequestId: 5d1e\tDuration: 12.96 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\t\n";
    let outcome = InvokeOutcome::from_parts(
        200,
        Some("5d1e0c4a-8f51-4d7e-9f0b-0c3f2e7f1a11".into()),
        Some("$LATEST".into()),
        None,
        b"{\"ok\": true, \"order\": 42}",
        Some(&base64::engine::general_purpose::STANDARD.encode(log)),
    );
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    // The logs of the selected function, as a watch would bring them.
    let key = crate::app::WatchKey {
        group: "/aws/lambda/orders-api".into(),
        pattern: String::new(),
    };
    app.logs.key = Some(key.clone());
    let lines = [
        "START RequestId: 5d1e Version: $LATEST",
        "processing order 42",
        "END RequestId: 5d1e",
    ];
    app.update(Event::Backend(BackendEvent::LogBatch {
        key,
        events: lines
            .iter()
            .enumerate()
            .map(|(i, text)| crate::tail::LogEvent {
                timestamp: 1_796_000_000_000 + i as i64,
                stream: "2026/11/30/[$LATEST]abc".into(),
                message: text.to_string(),
                event_id: i.to_string(),
            })
            .collect(),
    }));
    app
}

#[test]
fn the_console_at_80x24_120x36_and_200x60() {
    for (width, height) in [(80, 24), (120, 36), (200, 60)] {
        let app = working_app(width, height);
        let screen = text(&render(&app, width, height));
        insta::assert_snapshot!(format!("console_{width}x{height}"), screen);
        // At every size: memory and timeout stay in the list.
        assert!(screen.contains("MB") && screen.contains("TMO"), "{screen}");
    }
    let wide = text(&render(&working_app(200, 60), 200, 60));
    assert!(
        wide.contains("3 Response") && wide.contains("5 Logs") && wide.contains("processing order 42"),
        "the response and the logs side by side: {wide}"
    );
}

#[test]
fn z_zooms_the_focused_pane_and_back() {
    let mut app = working_app(80, 24);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)));
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("zoomed (z back)") && !screen.contains("1 Functions"),
        "{screen}"
    );
    // The zoom follows the focus: the pane focused next has the screen.
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)));
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("4 Invocations") && !screen.contains("3 Response"),
        "{screen}"
    );
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)));
    assert!(text(&render(&app, 80, 24)).contains("1 Functions"));
}

#[test]
fn a_terminal_too_small_says_what_it_needs() {
    let mut app = working_app(50, 12);
    let screen = text(&render(&app, 50, 12));
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("needs at least 60×16; this terminal is 50×12"),
        "{screen}"
    );
    let before = app.invoke_type;
    for c in ['t', 'i', 'e', 'R'] {
        app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    assert_eq!(app.invoke_type, before, "no key acts unseen");
    assert_eq!(app.invocations.list.len(), 1, "nothing invoked behind the notice");
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)));
    assert!(app.should_quit, "q still quits");

    // With a call in flight, q asks, and the question is on the notice.
    let mut app = working_app(120, 36);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE)));
    app.update(Event::Resize { width: 50, height: 12 });
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)));
    let words = text(&render(&app, 50, 12))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("quit and lose its answer? y yes · n no"), "{words}");
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    assert!(app.should_quit);
}

#[test]
fn the_help_fits_80_columns_lists_the_focused_panes_keys_first_and_scrolls_to_the_end() {
    let mut app = working_app(80, 24);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE)));
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)));
    let buffer = render(&app, 80, 24);
    let screen = text(&buffer);
    let first_heading = screen
        .lines()
        .find(|l| l.contains("Logs pane (5)") || l.contains("Anywhere"))
        .unwrap();
    assert!(
        first_heading.contains("Logs pane (5)"),
        "the Logs pane's keys first: {screen}"
    );
    // Every description is whole: wrapped, not cut at the border.
    assert!(screen.contains("wrap long lines, or cut them"), "{screen}");
    app.update(Event::Key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE)));
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("nothing happens"),
        "the last row can be reached: {screen}"
    );
    let (lines, width) = crate::ui::help::help_lines(&app, 80);
    assert!(width <= 80, "the overlay fits: {width}");
    let all: String = lines.iter().map(|l| format!("{l} ")).collect();
    let words = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Enter applies, Esc cancels and changes nothing"),
        "prompts explained"
    );
}

#[test]
fn a_prompt_shows_what_is_typed_where_it_is_typed_and_esc_keeps_the_old_value() {
    let mut app = working_app(120, 36);
    app.logs.pattern = "ERROR".into();
    let press = |app: &mut App, code: KeyCode| {
        app.update(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('p'));
    let screen = text(&render(&app, 120, 36));
    let footer = screen.lines().last().unwrap().to_string();
    assert!(
        footer.contains("filter pattern (sent to the service): ERROR▏"),
        "{footer}"
    );
    for c in "timeout".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let screen = text(&render(&app, 120, 36));
    let footer = screen.lines().last().unwrap().to_string();
    assert!(
        footer.contains(": timeout▏"),
        "typing replaced the selected text: {footer}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.logs.pattern, "ERROR", "Esc changes nothing");
    assert!(!text(&render(&app, 120, 36)).contains("timeout▏"));
}

#[test]
fn the_response_wraps_long_lines_w_cuts_them_and_scrolling_stops_at_the_end() {
    let mut app = app_with(&["orders-api"]);
    app.viewport = (120, 40);
    let long = format!("start {} finish", "word ".repeat(60));
    let body = serde_json::to_string(&serde_json::json!({ "text": long, "n": (0..60).collect::<Vec<_>>() })).unwrap();
    finished(
        &mut app,
        request(InvokeType::RequestResponse),
        InvokeOutcome::from_parts(200, None, None, None, body.as_bytes(), None),
    );
    app.focus = crate::app::Pane::Response;
    let key = |app: &mut App, code: KeyCode| {
        app.update(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("finish"), "the long line wraps: {screen}");
    key(&mut app, KeyCode::Char('w'));
    let screen = text(&render(&app, 120, 40));
    assert!(!screen.contains("finish"), "w cuts it at the edge: {screen}");
    key(&mut app, KeyCode::End);
    let at_end = (app.response.top, app.response.top_row);
    key(&mut app, KeyCode::Down);
    assert_eq!((app.response.top, app.response.top_row), at_end, "nothing past the end");
    key(&mut app, KeyCode::Up);
    assert_ne!(
        (app.response.top, app.response.top_row),
        at_end,
        "up from the end moves at once"
    );
    // A line too long to wrap on every frame shows its start and says so.
    let huge = "x".repeat(200_000);
    finished(
        &mut app,
        request(InvokeType::RequestResponse),
        InvokeOutcome::from_parts(200, None, None, None, huge.as_bytes(), None),
    );
    app.response.wrap = true;
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("xxxx"), "{screen}");
    let inv = app.shown_invocation().unwrap();
    let doc = crate::ui::response::ResponseDoc::new(&app, inv, 118);
    let rows: usize = (0..doc.len()).map(|i| doc.rows(i).len()).sum();
    assert!(rows < 1_000, "bounded: {rows} rows");
    let all: String = (0..doc.len())
        .flat_map(|i| doc.rows(i))
        .map(|l| l.to_string())
        .collect();
    assert!(all.contains("more bytes: s saves the body whole"));
}

#[test]
fn a_long_name_and_alias_never_push_the_invocation_type_off_the_bar() {
    let long = "a-function-name-that-goes-on-and-on-well-past-what-fits-here";
    let mut app = app_with(&[long]);
    app.qualifiers
        .insert(long.into(), "an-alias-with-a-long-name-too".into());
    app.invoke_type = InvokeType::Event;
    for width in [60, 80, 120] {
        let screen = text(&render(&app, width, 24));
        let bar = screen.lines().nth(1).unwrap();
        assert!(bar.contains(" Event ") && bar.contains("…"), "{width}: {bar}");
    }
}

#[test]
fn the_events_picker_groups_saved_events_and_templates_and_previews_the_pick() {
    let key_char = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for (width, height) in [(80, 24), (120, 36)] {
        let mut app = working_app(width, height);
        app.update(key_char('E'));
        let Mode::Picker(picker) = &app.mode else {
            panic!("E opens the picker")
        };
        let owner = picker.target.clone().expect("the payload belongs to orders-api").owner;
        let saved = |name: &str, body: &str| crate::saved_events::SavedEvent {
            name: name.into(),
            body: body.into(),
            updated_ms: 0,
        };
        app.update(Event::Backend(BackendEvent::SavedEvents {
            owner,
            change: crate::saved_events::EventsChange::Loaded,
            result: Ok(vec![
                saved("big-order", "{\n  \"order\": 9000,\n  \"note\": \"\u{1b}[31mred\"\n}"),
                saved("empty-cart", "{\"items\": []}"),
            ]),
        }));
        let screen = text(&render(&app, width, height));
        insta::assert_snapshot!(format!("events_picker_{width}x{height}"), screen);
        assert!(screen.contains("Events for orders-api"), "{screen}");
        assert!(
            screen.contains("Private events") && screen.contains("Shareable events") && screen.contains("Templates"),
            "{screen}"
        );
        assert!(screen.contains("\"order\": 9000"), "the pick is previewed: {screen}");
        assert!(!screen.contains('\u{1b}'), "{screen}");
        // Typing filters: only what matches stays.
        for c in "cart".chars() {
            app.update(key_char(c));
        }
        let screen = text(&render(&app, width, height));
        assert!(
            screen.contains("empty-cart") && !screen.contains("big-order"),
            "{screen}"
        );
    }
}

#[test]
fn at_80_columns_a_prompt_shows_what_is_typed_before_its_hints() {
    let key_char = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut app = working_app(80, 24);
    app.update(key_char('S'));
    for c in "order-42-final".chars() {
        app.update(key_char(c));
    }
    let screen = text(&render(&app, 80, 24));
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("order-42-final"), "{footer}");
    assert!(footer.contains("private"), "where it goes stays said: {footer}");
    // Tab is offered only where it does something.
    app.update(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    app.update(key_char('C'));
    let footer = text(&render(&app, 200, 24)).lines().last().unwrap().to_string();
    assert!(!footer.contains("private/shareable"), "{footer}");
}

#[test]
fn the_payload_title_counts_what_the_editor_cannot_show() {
    let mut app = working_app(120, 36);
    app.set_payload_text("{\"user\": \"ad\u{200B}min\u{202E}txt\"}");
    let screen = text(&render(&app, 120, 36));
    assert!(screen.contains("⚠ 2 hidden characters"), "{screen}");
}

#[test]
fn details_show_the_whole_function_with_environment_values_only_on_request() {
    let key_char = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut app = working_app(200, 60);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE)));
    let screen = text(&render(&app, 200, 60));
    assert!(screen.contains("state Active"), "{screen}");
    assert!(screen.contains("code 12.1 KB sha256 3f2a91c4"), "{screen}");
    assert!(screen.contains("env 2 (x shows values) DB_HOST API_KEY"), "{screen}");
    assert!(!screen.contains("s3cr3t-value"), "values stay hidden: {screen}");
    // Loaded on request, each in its place; a refusal hides nothing else.
    assert!(
        screen.contains("reserved 5  provisioned live 10/10 READY  url ✘ AccessDeniedException")
            && screen.contains("tags team=payments"),
        "{screen}"
    );
    app.update(key_char('x'));
    let screen = text(&render(&app, 200, 60));
    assert!(
        screen.contains("Environment of orders-api") && screen.contains("s3cr3t-value"),
        "{screen}"
    );
    app.update(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(!text(&render(&app, 200, 60)).contains("s3cr3t-value"));
}

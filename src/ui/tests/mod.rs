//! Panes rendered into ratatui's TestBackend: text as insta snapshots, styles
//! checked cell by cell where they carry meaning. Over 500 lines: the shared
//! fixtures and the tests of every pane's drawing; whole screens at each
//! size are in `screens`.

use std::time::{Duration, SystemTime};

use base64::Engine;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::app::{App, BackendEvent, Command, Event, HelpView, Invocation, InvocationState, Mode};
use crate::model::{
    AliasInfo, ConnectionInfo, Details, FunctionInfo, InvokeOutcome, InvokeRequest, InvokeType, VersionInfo,
};

fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| super::draw(frame, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Finds the first cell where `needle` starts, as (x, y).
fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buffer.area.height {
        let row: Vec<&str> = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let line: String = row.concat();
        if let Some(byte) = line.find(needle) {
            // Map the byte offset back to a column.
            let mut col = 0usize;
            let mut seen = 0usize;
            for symbol in &row {
                if seen >= byte {
                    break;
                }
                seen += symbol.len();
                col += 1;
            }
            return Some((col as u16, y));
        }
    }
    None
}

fn function(name: &str, runtime: &str) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
        runtime: runtime.into(),
        memory_mb: Some(256),
        timeout_s: Some(30),
        last_modified: "2026-11-02T10:00:00.000+0000".into(),
        description: format!("{name} does things"),
        handler: "index.handler".into(),
        architectures: vec!["arm64".into()],
        role: "arn:aws:iam::123456789012:role/app".into(),
        log_group: FunctionInfo::default_log_group(name),
        state: "Active".into(),
        last_update_status: "Successful".into(),
        code_size: 12_345,
        code_sha256: "3f2a91c4Lh0xQe1t2mVq8bWc9Yw7Zr5Ku0sJd6Pn4oA=".into(),
        ephemeral_storage_mb: Some(512),
        environment: crate::model::EnvVars(vec![
            ("DB_HOST".into(), "db.internal".into()),
            ("API_KEY".into(), "s3cr3t-value".into()),
        ]),
        ..Default::default()
    }
}

fn app_with(names: &[&str]) -> App {
    let mut app = App::new(ConnectionInfo {
        profile: Some("ops".into()),
        region: Some("eu-west-1".into()),
        endpoint: Some("http://127.0.0.1:5000".into()),
        account: None,
    });
    let Command::LoadFunctions { id } = app.start()[0] else {
        panic!()
    };
    app.update(Event::Backend(BackendEvent::Connected(app.connection_info.clone())));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: names.iter().map(|n| function(n, "python3.12")).collect(),
        first: true,
        last: true,
    }));
    let details = app.details.clone().unwrap();
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details.load_id,
        function: details.function,
        result: Ok(Box::new(Details {
            versions: vec![VersionInfo {
                version: "1".into(),
                description: String::new(),
                last_modified: String::new(),
            }],
            aliases: vec![AliasInfo {
                name: "live".into(),
                function_version: "1".into(),
                description: String::new(),
            }],
            reserved_concurrency: Ok(Some(5)),
            provisioned: Ok(vec![("live".into(), 10, 10, "READY".into())]),
            url: Err("AccessDeniedException: not allowed to read the URL".into()),
            tags: Ok(vec![("team".into(), "payments".into())]),
            mappings: Ok(vec![crate::model::MappingInfo {
                source_arn: "arn:aws:sqs:eu-west-1:123456789012:orders-in".into(),
                state: "Enabled".into(),
                batch_size: Some(10),
                batching_window_seconds: Some(5),
                last_result: "OK".into(),
                on_failure: Some("arn:aws:sqs:eu-west-1:123456789012:orders-dlq".into()),
            }]),
            grants: Err("AccessDeniedException: not allowed to read the policy".into()),
        })),
    }));
    app
}

fn finished(app: &mut App, request: InvokeRequest, outcome: InvokeOutcome) {
    app.invocations.list.push(Invocation {
        id: 900 + app.invocations.list.len() as u64,
        request,
        sent_at: app.now,
        sent_wall: SystemTime::UNIX_EPOCH + Duration::from_secs(3600 * 9 + 62),
        elapsed: Some(Duration::from_millis(42)),
        state: InvocationState::Done(Box::new(outcome)),
        log_group: "/aws/lambda/orders-api".into(),
        async_state: None,
        async_report: None,
        trimmed: false,
        earlier: false,
        place: app.history_place.clone(),
        stream: None,
        headline: None,
    });
    app.response.shown = Some(app.invocations.list.len() - 1);
}

fn request(invoke_type: InvokeType) -> InvokeRequest {
    InvokeRequest {
        function: "orders-api".into(),
        qualifier: None,
        invoke_type,
        payload: b"{}".to_vec(),
        client_context: None,
        url: None,
    }
}

#[test]
fn the_whole_screen_with_a_filter() {
    let mut app = app_with(&["orders-api", "orders-worker", "billing", "ORDERS-legacy"]);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)));
    for c in "orders".chars() {
        app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    app.set_payload_text("{\"id\": 7}");
    let buffer = render(&app, 120, 30);
    insta::assert_snapshot!(text(&buffer));
    // The row under the cursor is highlighted while the list has focus.
    let (x, y) = find(&buffer, "orders-api    ").unwrap();
    assert_eq!(buffer[(x, y)].bg, Color::Cyan);
    assert_eq!(buffer[(x, y + 1)].bg, Color::Reset);
}

#[test]
fn a_function_error_is_a_failure_with_its_stack_trace() {
    let mut app = app_with(&["orders-api"]);
    let log = "START RequestId: 5d1e Version: $LATEST\nboom\nEND RequestId: 5d1e\nREPORT RequestId: 5d1e\tDuration: 12.96 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\tInit Duration: 117.86 ms\t\n";
    let body = br#"{"errorType":"KeyError","errorMessage":"'id'","stackTrace":["  File \"/var/task/index.py\", line 3, in handler","    return event['id']"]}"#;
    let outcome = InvokeOutcome::from_parts(
        200,
        Some("5d1e".into()),
        Some("$LATEST".into()),
        Some("Unhandled"),
        body,
        Some(&base64::engine::general_purpose::STANDARD.encode(log)),
    );
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    app.focus = crate::app::Pane::Response;
    let buffer = render(&app, 120, 40);
    insta::assert_snapshot!(text(&buffer));
    let (x, y) = find(&buffer, "✘ Unhandled function error").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    let (x, y) = find(&buffer, "function error ").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Red, "the summary says failure, not success");
    assert!(find(&buffer, "Init ").is_some() && find(&buffer, "117.86 ms").is_some());
}

#[test]
fn json_bodies_are_coloured_and_event_invokes_explain_the_202() {
    let mut app = app_with(&["orders-api"]);
    let ok = InvokeOutcome::from_parts(
        200,
        Some("a1".into()),
        Some("1".into()),
        None,
        br#"{"total": 3, "ok": true}"#,
        None,
    );
    finished(&mut app, request(InvokeType::RequestResponse), ok);
    let buffer = render(&app, 120, 40);
    let (x, y) = find(&buffer, "\"total\"").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Cyan, "keys");
    let (x, y) = find(&buffer, "true").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Magenta, "literals");
    let (x, y) = find(&buffer, "succeeded").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Green);

    let queued = InvokeOutcome::from_parts(202, Some("b2".into()), None, None, b"", None);
    finished(&mut app, request(InvokeType::Event), queued);
    let buffer = render(&app, 120, 40);
    insta::assert_snapshot!(text(&buffer));
}

#[test]
fn untrusted_text_never_reaches_a_cell_raw() {
    let mut app = app_with(&["evil\u{202E}txt.exe"]);
    let body = "\x1b]0;owned\x07\x1b[2Jplain \u{9b}31m text\u{2066}";
    let outcome = InvokeOutcome::from_parts(200, Some("c3".into()), None, None, body.as_bytes(), None);
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    let buffer = render(&app, 120, 40);
    for cell in buffer.content() {
        for c in cell.symbol().chars() {
            assert!(!c.is_control(), "control {c:?} reached a cell");
            assert!(
                !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
                "bidi {c:?} reached a cell"
            );
        }
    }
    let screen = text(&buffer);
    assert!(
        screen.contains("␛]0;owned␇␛[2Jplain <U+009B>31m text<U+2066>"),
        "{screen}"
    );
    assert!(screen.contains("evil<U+202E>txt.exe"), "{screen}");
}

#[test]
fn binary_bodies_show_their_size_and_a_hex_dump() {
    let mut app = app_with(&["orders-api"]);
    let outcome = InvokeOutcome::from_parts(200, None, None, None, &[0xde, 0xad, 0xbe, 0xef, 0x00, 0xff], None);
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Body (6 bytes, binary"), "{screen}");
    assert!(screen.contains("de ad be ef 00 ff"), "{screen}");
}

#[test]
fn a_long_body_scrolls_and_only_the_window_is_built() {
    let mut app = app_with(&["orders-api"]);
    let big: Vec<u32> = (0..5000).collect();
    let outcome = InvokeOutcome::from_parts(
        200,
        None,
        None,
        None,
        serde_json::to_string(&big).unwrap().as_bytes(),
        None,
    );
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    let inv = app.shown_invocation().unwrap();
    let doc = super::response::ResponseDoc::new(&app, inv, 120);
    assert_eq!(doc.window((4000, 0), 10).len(), 10);
    assert!(doc.len() > 5000);
    app.focus = crate::app::Pane::Response;
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)));
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("4999"), "G shows the end: {screen}");
    assert!(!screen.contains("  0,"), "{screen}");
}

#[test]
fn invocations_pane_lists_newest_first_with_figures() {
    let mut app = app_with(&["orders-api"]);
    let log = "REPORT RequestId: r1\tDuration: 2.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t\n";
    let first = InvokeOutcome::from_parts(
        200,
        Some("r1".into()),
        None,
        None,
        b"1",
        Some(&base64::engine::general_purpose::STANDARD.encode(log)),
    );
    finished(&mut app, request(InvokeType::RequestResponse), first);
    let second = InvokeOutcome::from_parts(204, Some("r2".into()), None, None, b"", None);
    finished(&mut app, request(InvokeType::DryRun), second);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)));
    let buffer = render(&app, 140, 30);
    insta::assert_snapshot!(text(&buffer));
}

#[test]
fn help_and_connection_failure_overlays() {
    let mut app = app_with(&["orders-api"]);
    app.mode = Mode::Help(HelpView::default());
    let help = text(&render(&app, 130, 90));
    for info in crate::action::ACTIONS {
        let keys = app.keymap.labels(info.action);
        assert!(
            help.contains(&keys) && help.contains(info.help) && help.contains(info.name),
            "help lacks {}",
            info.name
        );
    }
    // At 30 rows the help scrolls to its last row.
    app.mode = Mode::Help(HelpView { scroll: usize::MAX });
    let last = crate::action::ACTIONS.last().unwrap();
    assert!(text(&render(&app, 120, 30)).contains(last.help), "the end is reachable");
    let mut app = App::new(ConnectionInfo::default());
    app.start();
    app.update(Event::Backend(BackendEvent::ConnectFailed {
        info: ConnectionInfo::default(),
        message: "No AWS region is set. Pass --region REGION, set AWS_REGION, or add `region = ...` to the profile in ~/.aws/config.".into(),
    }));
    insta::assert_snapshot!(text(&render(&app, 100, 24)));
}

#[test]
fn every_pane_draws_at_any_size_without_panicking() {
    let mut app = app_with(&["orders-api", "a-very-long-function-name-that-will-not-fit-anywhere"]);
    let outcome = InvokeOutcome::from_parts(
        200,
        Some("r".into()),
        None,
        Some("Unhandled"),
        b"{\"errorType\":\"E\"}",
        None,
    );
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    app.logs.append(&[crate::tail::LogEvent {
        timestamp: 1,
        stream: "s".into(),
        message: "x".repeat(500),
        event_id: "1".into(),
    }]);
    app.logs.key = Some(crate::app::WatchKey {
        group: "/aws/lambda/orders-api".into(),
        pattern: String::new(),
    });
    for pane in crate::app::Pane::ALL {
        app.focus = pane;
        for wrap in [false, true] {
            app.logs.wrap = wrap;
            for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 12), (80, 24), (300, 100)] {
                render(&app, w, h);
                app.mode = Mode::Help(HelpView::default());
                render(&app, w, h);
                app.mode = Mode::Normal;
            }
        }
    }
}

#[test]
fn wide_names_keep_the_columns_aligned() {
    let app = app_with(&["日本語の関数", "emoji-🚀-deploy", "plain-name"]);
    let buffer = render(&app, 140, 30);
    // Each function row's runtime starts in the same cell, whatever the
    // name's width (a wide character takes two cells).
    let starts: Vec<u16> = (0..buffer.area.height)
        .filter_map(|y| {
            (1..60).find(|&x| {
                ["p", "y", "t", "h", "o", "n"]
                    .iter()
                    .enumerate()
                    .all(|(i, c)| buffer[(x + i as u16, y)].symbol() == *c)
            })
        })
        .collect();
    assert_eq!(starts.len(), 3, "three rows: {}", text(&buffer));
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}\n{}", text(&buffer));
}

#[test]
fn prose_wraps_between_words_and_a_long_word_is_cut() {
    use unicode_width::UnicodeWidthStr;
    let text = "ExpiredTokenException: the token is expired — refresh them (for SSO: aws sso login) \
                arn:aws:lambda:us-east-1:000000000000:function:a-name-longer-than-any-row";
    for width in [1, 5, 12, 30, 80] {
        let rows: Vec<String> = super::wrap_words(ratatui::text::Line::raw(text), width)
            .iter()
            .map(|row| row.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        let words = |t: &str| t.split_whitespace().collect::<String>();
        assert_eq!(words(&rows.concat()), words(text), "nothing but spaces lost at {width}");
        assert!(rows.iter().all(|r| r.width() <= width), "{width}: {rows:?}");
        assert!(
            rows.iter().skip(1).all(|r| !r.trim().is_empty()),
            "no blank rows: {rows:?}"
        );
        if width == 30 {
            assert!(
                rows.iter().any(|r| r == "them (for SSO: aws sso login) "),
                "words stay whole: {rows:?}"
            );
        }
    }
}

#[test]
fn slash_in_the_response_searches_the_body_and_shows_the_match() {
    let mut app = app_with(&["orders-api"]);
    app.viewport = (120, 40);
    let mut items: Vec<serde_json::Value> = (0..3000).map(|n| serde_json::json!(n)).collect();
    items[1200] = serde_json::json!("needle-A");
    items[2500] = serde_json::json!("needle-B");
    let body = serde_json::to_string(&items).unwrap();
    let outcome = InvokeOutcome::from_parts(200, None, None, None, body.as_bytes(), None);
    finished(&mut app, request(InvokeType::RequestResponse), outcome);
    app.focus = crate::app::Pane::Response;
    let press = |app: &mut App, c: char| {
        app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    };
    press(&mut app, '/');
    for c in "needle".chars() {
        press(&mut app, c);
    }
    app.update(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let buffer = render(&app, 120, 40);
    let screen = text(&buffer);
    assert!(screen.contains("search needle (line 1 of 2)"), "{screen}");
    assert!(screen.contains("\"needle-A\""), "the match is on screen: {screen}");
    // The match is filled so the eye finds it.
    let row = (0..40u16)
        .find(|&y| {
            (0..120u16)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .contains("needle-A")
        })
        .unwrap();
    let cells: Vec<&str> = (0..120u16).map(|x| buffer[(x, row)].symbol()).collect();
    let x = (0..cells.len() - 8)
        .find(|&x| cells[x..x + 8].concat() == "needle-A")
        .unwrap() as u16;
    assert_ne!(buffer[(x, row)].bg, buffer[(x - 2, row)].bg, "highlighted");
    press(&mut app, 'n');
    let screen = text(&render(&app, 120, 40));
    assert!(
        screen.contains("(line 2 of 2)") && screen.contains("\"needle-B\""),
        "{screen}"
    );
    press(&mut app, 'n');
    assert!(text(&render(&app, 120, 40)).contains("(line 1 of 2)"), "round again");
    press(&mut app, 'N');
    assert!(text(&render(&app, 120, 40)).contains("(line 2 of 2)"), "N goes back");
    app.update(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(!text(&render(&app, 120, 40)).contains("search needle"));
}

mod screens;

#[test]
fn spaces_at_a_break_never_make_a_blank_row() {
    let text = "Duration 4.37 ms  Billed 5 ms  Init 149.02 ms  ";
    for width in 10..50 {
        let rows: Vec<String> = super::wrap_words(ratatui::text::Line::raw(text), width)
            .iter()
            .map(|row| row.to_string())
            .collect();
        assert!(rows.iter().all(|r| !r.trim().is_empty()), "{width}: {rows:?}");
    }
}

#[test]
fn marks_cross_spans_keep_every_byte_and_cover_only_the_matches() {
    use ratatui::style::{Modifier, Style};
    use ratatui::text::{Line, Span};
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let line = Line::from(vec![Span::raw("xab"), Span::styled("ab€a", bold), Span::raw("b")]);
    let marked = super::mark(line, "ba", Style::new().add_modifier(Modifier::REVERSED));
    let text: String = marked.spans.iter().map(|s| s.content.as_ref()).collect();
    assert_eq!(text, "xabab€ab");
    let reversed: String = marked
        .spans
        .iter()
        .filter(|s| s.style.add_modifier.contains(Modifier::REVERSED))
        .map(|s| s.content.as_ref())
        .collect();
    assert_eq!(reversed, "ba", "the match across the span edge, whole");
    // A line that is all matches is marked whole, in one pass.
    let all = super::mark(Line::raw("a".repeat(50_000)), "a", bold);
    let marked: usize = all
        .spans
        .iter()
        .filter(|s| s.style == bold)
        .map(|s| s.content.len())
        .sum();
    assert_eq!(marked, 50_000);
}

#[test]
fn at_80_columns_the_functions_title_still_says_cached_loading_and_the_filter() {
    let mut app = App::new(ConnectionInfo::default());
    app.start();
    let names: Vec<String> = (0..2001).map(|i| format!("fn-{i:04}")).collect();
    let functions = names.iter().map(|n| function(n, "python3.12")).collect();
    let place = app.history_place.clone();
    let saved_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        - 180_000;
    app.update(Event::Backend(BackendEvent::CachedFunctions {
        place,
        saved_ms,
        functions,
    }));
    app.update(Event::Resize { width: 80, height: 24 });
    let screen = text(&render(&app, 80, 24));
    let title = screen.lines().find(|l| l.contains("2001/2001")).unwrap_or_default();
    assert!(title.contains("…") && title.contains("cached 3m"), "{screen}");
}

/// The editor widget keeps columns in 16 bits: past column 65,535 it would
/// draw another part of the line; the pane says where the cursor is instead.
#[test]
fn a_cursor_past_column_65535_is_told_not_drawn_from_elsewhere_in_the_line() {
    let mut app = app_with(&["orders-api"]);
    let line = format!("{{\"k\": \"{}END\"}}", "x".repeat(100_000));
    app.payload.set_text(&line);
    app.payload.cursor_to_end();
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("of line 1, too far right to draw"), "{screen}");
    // Back at the start the editor draws the line again.
    app.payload.editor.move_cursor(ratatui_textarea::CursorMove::Head);
    let screen = text(&render(&app, 120, 40));
    assert!(
        screen.contains(r#"{"k": "xxx"#) && !screen.contains("too far right"),
        "{screen}"
    );
}

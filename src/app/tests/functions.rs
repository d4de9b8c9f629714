//! The Functions and Details panes: loading, stale answers, the filter, qualifiers.

use super::*;

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
    assert!(
        matches!(&out[..], [Command::CacheFunctions { functions, .. }] if functions.len() == 2),
        "the cursor did not move, so details are not reloaded; the whole list is cached: {out:?}"
    );
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
        result: Ok(Box::default()),
    }));
    assert_eq!(app.details.as_ref().unwrap().state, DetailsState::Loading);
}

#[test]
fn filter_narrows_and_escape_clears() {
    let mut app = loaded(&["orders-api", "billing", "ORDERS-worker"]);
    app.update(key(KeyCode::Char('/')));
    assert!(matches!(app.mode, Mode::Filter(_)));
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
fn moving_the_cursor_loads_details_of_the_new_function_and_each_keeps_its_qualifier() {
    let mut app = loaded(&["a", "b"]);
    app.qualifiers.insert("a".into(), "live".into());
    assert_eq!(app.selected_qualifier(), ("live".to_string(), Some("live".to_string())));
    let out = app.update(key(KeyCode::Char('j')));
    assert!(matches!(&out[..], [Command::LoadDetails { function, .. }] if function == "b"));
    assert_eq!(app.selected_qualifier().1, None, "b has its own: $LATEST");
    app.update(key(KeyCode::Char('k')));
    assert_eq!(app.selected_qualifier().1.as_deref(), Some("live"), "a keeps its own");
    app.update(key(KeyCode::Char('j')));
    assert!(
        app.update(key(KeyCode::Char('j'))).is_empty(),
        "at the end nothing changes"
    );
    app.update(key(KeyCode::Char('g')));
    assert_eq!(app.functions.selected().unwrap().name, "a");
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
        ..Default::default()
    };
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function: "echo".into(),
        result: Ok(Box::new(details)),
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
fn a_kept_filter_is_selected_when_the_filter_opens_again_so_typing_replaces_it() {
    let mut app = loaded(&["orders-api", "billing", "echo"]);
    app.update(key_char('/'));
    type_text(&mut app, "ord");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.functions.filter(), "ord");
    app.update(key_char('/'));
    type_text(&mut app, "bil");
    assert_eq!(app.functions.filter(), "bil", "not ordbil");
    assert_eq!(app.functions.selected().unwrap().name, "billing");
    app.update(Event::Paste("x".repeat(10_000)));
    assert_eq!(app.functions.filter().chars().count(), 256, "the filter is bounded");
}

#[test]
fn esc_on_the_filter_keeps_the_cursor_on_the_function_found() {
    let mut app = loaded(&["alpha", "beta", "gamma", "delta"]);
    app.update(key_char('/'));
    type_text(&mut app, "gam");
    assert_eq!(app.selected_name().as_deref(), Some("gamma"));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.functions.filter(), "");
    assert_eq!(
        app.selected_name().as_deref(),
        Some("gamma"),
        "the cursor stays where the filter put it"
    );
    // The same from a kept filter cleared in the pane.
    app.update(key_char('/'));
    type_text(&mut app, "del");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.functions.filter(), "");
    assert_eq!(app.selected_name().as_deref(), Some("delta"));
}

#[test]
fn what_was_remembered_comes_back_and_the_function_is_selected_when_its_page_arrives() {
    let mut app = App::new(ConnectionInfo::default());
    let mut remembered = crate::store::Remembered {
        selected_function: Some("late".into()),
        invoke_type: Some("dry".into()),
        logs_range: Some("24h".into()),
        logs_pattern: "ERROR".into(),
        ..Default::default()
    };
    remembered.qualifiers.insert("late".into(), "live".into());
    app.restore(remembered.clone());
    let Command::LoadFunctions { id } = app.start()[0] else {
        panic!()
    };
    let page = |names: &[&str], first, last| {
        Event::Backend(BackendEvent::FunctionsPage {
            id,
            functions: names.iter().map(|n| function(n)).collect(),
            first,
            last,
        })
    };
    app.update(page(&["early"], true, false));
    assert_eq!(app.selected_name().as_deref(), Some("early"), "not listed yet");
    app.update(page(&["late"], false, true));
    assert_eq!(app.selected_name().as_deref(), Some("late"));
    assert_eq!(app.selected_qualifier().1.as_deref(), Some("live"));
    assert_eq!(app.invoke_type, InvokeType::DryRun);
    assert_eq!(app.logs.range, TimeRange::Hours24);
    assert_eq!(app.remembered(), remembered, "saved again as it came");

    // Any key before the page arrives wins: typing a payload for the first
    // function must not be carried off to the remembered one.
    let mut app = App::new(ConnectionInfo::default());
    app.restore(remembered.clone());
    let Command::LoadFunctions { id } = app.start()[0] else {
        panic!()
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("first")],
        first: true,
        last: false,
    }));
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "{}");
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("late")],
        first: false,
        last: true,
    }));
    assert_eq!(app.selected_name().as_deref(), Some("first"));
    assert_eq!(app.payload.owner.as_deref(), Some("first"));

    // A cursor moved before the page arrives wins.
    let mut app = App::new(ConnectionInfo::default());
    app.restore(remembered);
    let Command::LoadFunctions { id } = app.start()[0] else {
        panic!()
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("a"), function("b")],
        first: true,
        last: false,
    }));
    app.update(key_char('j'));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![function("late")],
        first: false,
        last: true,
    }));
    assert_eq!(app.selected_name().as_deref(), Some("b"));
}

#[test]
fn clearing_a_kept_filter_by_any_way_keeps_the_function_found() {
    for clear in ["backspace", "esc-in-filter", "esc-in-pane"] {
        let mut app = loaded(&["chatty", "crash", "echo", "flaky", "slow"]);
        app.update(key_char('/'));
        type_text(&mut app, "fl");
        app.update(key(KeyCode::Enter));
        assert_eq!(app.selected_name().as_deref(), Some("flaky"));
        match clear {
            "backspace" => {
                app.update(key_char('/'));
                app.update(key(KeyCode::Backspace));
                app.update(key(KeyCode::Enter));
            }
            "esc-in-filter" => {
                app.update(key_char('/'));
                app.update(key(KeyCode::Esc));
            }
            _ => {
                app.update(key(KeyCode::Esc));
            }
        }
        assert_eq!(app.functions.filter(), "", "{clear}");
        assert_eq!(app.selected_name().as_deref(), Some("flaky"), "{clear}");
    }
}

#[test]
fn a_cached_list_shows_at_once_and_the_live_one_updates_it_in_place() {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!()
    };
    assert!(commands.iter().any(|c| matches!(c, Command::LoadCachedFunctions(_))));
    let place = app.history_place.clone();
    let cached = |name: &str, memory: i32| FunctionInfo {
        memory_mb: Some(memory),
        ..function(name)
    };
    app.update(Event::Backend(BackendEvent::CachedFunctions {
        place,
        saved_ms: 1,
        functions: vec![cached("alpha", 128), cached("gone", 128), cached("zeta", 128)],
    }));
    assert_eq!(app.functions.total(), 3);
    assert!(app.functions.cached_ms.is_some());
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected_name().as_deref(), Some("zeta"));
    // The live pages: zeta changed, gone is gone, new appears; the cursor stays.
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![cached("alpha", 128), cached("zeta", 512)],
        first: true,
        last: false,
    }));
    assert_eq!(app.selected_name().as_deref(), Some("zeta"));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: vec![cached("new", 128)],
        first: false,
        last: true,
    }));
    let names: Vec<&str> = app.functions.all_names().collect();
    assert_eq!(names, ["alpha", "zeta", "new"]);
    assert_eq!(app.selected_name().as_deref(), Some("zeta"));
    assert_eq!(app.functions.selected().unwrap().memory_mb, Some(512));
    assert!(app.functions.cached_ms.is_none(), "live now");
}

#[test]
fn details_loaded_once_come_back_at_once_and_r_asks_again() {
    let mut app = loaded(&["alpha", "bravo"]);
    let out = app.update(key(KeyCode::Down));
    let Some(Command::LoadDetails { id, function }) = out.first().cloned() else {
        panic!("{out:?}")
    };
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function,
        result: Ok(Box::default()),
    }));
    let out = app.update(key(KeyCode::Up));
    assert!(
        !out.iter().any(|c| matches!(c, Command::LoadDetails { .. })),
        "alpha's details were loaded already: {out:?}"
    );
    assert!(matches!(app.details.as_ref().unwrap().state, DetailsState::Loaded(_)));
    app.update(key_char('r'));
    let out = app.update(key(KeyCode::Down));
    assert!(out.iter().any(|c| matches!(c, Command::LoadDetails { .. })), "{out:?}");
}

#[test]
fn a_refresh_takes_the_live_order_and_a_vanished_function_leaves_the_cursor_on_a_neighbour() {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!()
    };
    let place = app.history_place.clone();
    app.update(Event::Backend(BackendEvent::CachedFunctions {
        place,
        saved_ms: 1,
        functions: ["bravo", "charlie", "delta"].map(function).to_vec(),
    }));
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected_name().as_deref(), Some("charlie"));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: ["alpha", "bravo", "delta"].map(function).to_vec(),
        first: true,
        last: true,
    }));
    let names: Vec<&str> = app.functions.all_names().collect();
    assert_eq!(names, ["alpha", "bravo", "delta"], "the live order, new ones in place");
    assert_eq!(app.functions.cursor(), 1, "the row charlie was on");
    let said = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("charlie is gone"), "{said}");
}

#[test]
fn a_cache_read_after_the_live_list_ended_is_not_shown() {
    let mut app = App::new(ConnectionInfo::default());
    let commands = app.start();
    let Command::LoadFunctions { id } = commands[0] else {
        panic!()
    };
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: Vec::new(),
        first: true,
        last: true,
    }));
    let place = app.history_place.clone();
    app.update(Event::Backend(BackendEvent::CachedFunctions {
        place,
        saved_ms: 1,
        functions: vec![function("stale")],
    }));
    assert_eq!(app.functions.total(), 0);
    assert!(app.functions.cached_ms.is_none());
}

#[test]
fn r_refreshes_in_place_and_the_cursor_keeps_its_function() {
    let mut app = loaded(&["alpha", "bravo", "charlie", "delta"]);
    app.update(key(KeyCode::Char('G')));
    assert_eq!(app.selected_name().as_deref(), Some("delta"));
    let out = app.update(key_char('r'));
    let Some(Command::LoadFunctions { id }) = out.first().cloned() else {
        panic!("{out:?}")
    };
    // The first page does not hold delta: the list stays, the cursor too.
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: ["alpha", "bravo"].map(function).to_vec(),
        first: true,
        last: false,
    }));
    assert_eq!(app.functions.total(), 4);
    assert_eq!(app.selected_name().as_deref(), Some("delta"));
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions: ["charlie", "delta"].map(function).to_vec(),
        first: false,
        last: true,
    }));
    assert_eq!(app.selected_name().as_deref(), Some("delta"));
    assert!(app.functions.complete);
}

//! The store against real files: permissions, damage, two consoles at once.
//! Over 500 lines: every table's tests run against real files through the
//! same helpers (fresh directories, a child killed mid-save).

use super::*;

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lambda-console-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn drafts_survive_a_reopen_and_the_files_are_private() {
    let dir = fresh_dir("reopen");
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert!(notices.is_empty());
    let mut drafts = store.load_drafts().unwrap();
    drafts.set("arn:aws:lambda:us-east-1:1:function:a", "{\n  \"x\": 1\n}");
    assert!(drafts.has_unsaved());
    store.save_drafts(&mut drafts).unwrap();
    assert!(!drafts.has_unsaved());
    drop(store);
    let (store, _) = Store::open(&dir).unwrap();
    assert_eq!(store.load_drafts().unwrap().by_function, drafts.by_function);
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(store.path()), 0o600);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_consoles_keep_each_others_drafts_function_by_function() {
    let dir = fresh_dir("two");
    let (mut first, _) = Store::open(&dir).unwrap();
    let (mut second, _) = Store::open(&dir).unwrap();
    let mut first_drafts = first.load_drafts().unwrap();
    let mut second_drafts = second.load_drafts().unwrap();
    first_drafts.set("a", "from the first");
    second_drafts.set("b", "from the second");
    first.save_drafts(&mut first_drafts).unwrap();
    second.save_drafts(&mut second_drafts).unwrap();
    let merged = first.load_drafts().unwrap().by_function;
    assert_eq!(merged.get("a").map(String::as_str), Some("from the first"));
    assert_eq!(merged.get("b").map(String::as_str), Some("from the second"));
    // Clearing a draft removes it for everyone.
    second_drafts.set("b", "  ");
    second.save_drafts(&mut second_drafts).unwrap();
    assert!(!first.load_drafts().unwrap().by_function.contains_key("b"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_database_is_moved_aside_and_reported() {
    let dir = fresh_dir("damaged");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(FILE_NAME), "this is not a database, it is a drafts note").unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("Database damaged") && notices[0].contains(".damaged-"),
        "{}",
        notices[0]
    );
    let aside: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).unwrap(),
        "this is not a database, it is a drafts note",
        "nothing of the old file is lost"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = aside[0].metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the old drafts stay private: {mode:o}");
    }
    let mut drafts = store.load_drafts().unwrap();
    drafts.set("a", "{}");
    store.save_drafts(&mut drafts).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn old_drafts_files_are_imported_once_and_a_corrupt_one_is_kept_aside() {
    let dir = fresh_dir("import");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("drafts.json"), r#"{"by_function": {"a": "{\"old\": 1}"}}"#).unwrap();
    let (store, notices) = Store::open(&dir).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(store.load_drafts().unwrap().by_function["a"], "{\"old\": 1}");
    assert!(dir.join("drafts.json.imported").exists() && !dir.join("drafts.json").exists());
    drop(store);
    std::fs::write(dir.join("drafts.json"), "{ not json").unwrap();
    let (store, notices) = Store::open(&dir).unwrap();
    assert!(
        notices[0].contains("could not be read") && notices[0].contains("moved to"),
        "{notices:?}"
    );
    assert_eq!(
        store.load_drafts().unwrap().by_function["a"],
        "{\"old\": 1}",
        "the earlier import stays"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_database_from_a_newer_console_is_left_alone() {
    let dir = fresh_dir("newer");
    drop(Store::open(&dir).unwrap());
    let connection = Connection::open(dir.join(FILE_NAME)).unwrap();
    connection.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(connection);
    let Err(error) = Store::open(&dir) else {
        panic!("a newer schema is not opened")
    };
    assert!(error.contains("newer lambda-console"), "{error}");
    assert!(dir.join(FILE_NAME).exists(), "not moved aside");
    let aside = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("damaged"));
    assert!(!aside);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn where_the_user_was_is_kept_per_place_and_replaced_whole() {
    let dir = fresh_dir("remembered");
    let (mut store, _) = Store::open(&dir).unwrap();
    let mut here = Remembered {
        selected_function: Some("orders".into()),
        invoke_type: Some("event".into()),
        logs_range: Some("1h".into()),
        logs_pattern: "ERROR".into(),
        ..Default::default()
    };
    here.qualifiers.insert("orders".into(), "live".into());
    here.qualifiers.insert("billing".into(), "3".into());
    store.save_remembered("local", &here).unwrap();
    let elsewhere = Remembered {
        selected_function: Some("other".into()),
        ..Default::default()
    };
    store
        .save_remembered("profile=prod region=eu-west-1 endpoint=", &elsewhere)
        .unwrap();
    drop(store);
    let (mut store, _) = Store::open(&dir).unwrap();
    assert_eq!(store.load_remembered("local").unwrap(), here);
    assert_eq!(
        store
            .load_remembered("profile=prod region=eu-west-1 endpoint=")
            .unwrap(),
        elsewhere
    );
    assert_eq!(store.load_remembered("nowhere").unwrap(), Remembered::default());
    // A qualifier dropped is gone after the next save; oversized values are not kept.
    here.qualifiers.remove("billing");
    here.logs_pattern = "x".repeat(10_000);
    store.save_remembered("local", &here).unwrap();
    let back = store.load_remembered("local").unwrap();
    assert_eq!(back.qualifiers.len(), 1);
    assert_eq!(back.logs_pattern, "", "bounded");
    // Junk written by hand is left out, the rest kept.
    store
        .connection
        .execute_batch(&format!(
            "INSERT INTO remembered VALUES ('local', 'logs_pattern', X'FF00');
             INSERT INTO remembered VALUES ('local', 'qualifier:huge', '{}');",
            "q".repeat(10_000)
        ))
        .unwrap();
    let back = store.load_remembered("local").unwrap();
    assert_eq!(back.selected_function.as_deref(), Some("orders"));
    assert!(!back.qualifiers.contains_key("huge"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_version_one_database_gains_the_new_table_and_keeps_its_drafts() {
    let dir = fresh_dir("migrate");
    std::fs::create_dir_all(&dir).unwrap();
    let connection = Connection::open(dir.join(FILE_NAME)).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE drafts (function_key TEXT PRIMARY KEY, text TEXT NOT NULL, updated_ms INTEGER NOT NULL);
             INSERT INTO drafts VALUES ('a', '{\"kept\": 1}', 0);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(connection);
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(store.load_drafts().unwrap().by_function["a"], "{\"kept\": 1}");
    store.save_remembered("local", &Remembered::default()).unwrap();
    // Every later step ran, in order, and the file says the newest schema.
    let version: i64 = store
        .connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(store.load_history("local", 10, i64::MAX).unwrap(), Vec::new());
    assert_eq!(store.load_function_cache("local").unwrap(), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Where a child process saves events until it is killed (see below).
const SAVE_CHILD: &str = "LAMBDA_CONSOLE_TEST_SAVE_CHILD";

fn uniform_event(
    owner: &crate::saved_events::EventOwner,
    name: &str,
    fill: char,
) -> crate::saved_events::EventsRequest {
    crate::saved_events::EventsRequest::Save {
        owner: owner.clone(),
        name: name.into(),
        body: format!("\"{}\"", fill.to_string().repeat(512 * 1024)),
        replace: true,
    }
}

fn test_owner() -> crate::saved_events::EventOwner {
    crate::saved_events::EventOwner {
        place: "local".into(),
        function: "arn:aws:lambda:local:000000000000:function:echo".into(),
        shared: false,
    }
}

#[test]
fn a_save_killed_midway_leaves_each_event_whole() {
    use std::io::BufRead;
    let owner = test_owner();
    if let Some(dir) = std::env::var_os(SAVE_CHILD) {
        // The child: save ever-changing events until killed.
        let (mut store, _) = Store::open(Path::new(&dir)).unwrap();
        for i in 0.. {
            let fill = (b'a' + (i % 26) as u8) as char;
            store.change_events(&uniform_event(&owner, "replaced", fill)).unwrap();
            store
                .change_events(&uniform_event(&owner, &format!("new-{}", i % 40), fill))
                .unwrap();
            if i == 3 {
                println!("saving");
            }
        }
    }
    let dir = fresh_dir("killed");
    let (mut store, _) = Store::open(&dir).unwrap();
    store.change_events(&uniform_event(&owner, "replaced", 'z')).unwrap();
    drop(store);
    for round in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::tests::a_save_killed_midway_leaves_each_event_whole",
                "--nocapture",
            ])
            .env(SAVE_CHILD, &dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        while let Some(Ok(line)) = lines.next() {
            if line.contains("saving") {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(37 * (round + 1)));
        child.kill().unwrap();
        child.wait().unwrap();
        let (store, notices) = Store::open(&dir).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        let events = store.saved_events(&owner).unwrap();
        assert!(events.iter().any(|e| e.name == "replaced"));
        for event in events {
            let inner = event.body.trim_matches('"');
            let first = inner.chars().next().unwrap();
            assert!(
                inner.len() == 512 * 1024 && inner.chars().all(|c| c == first),
                "{} is torn",
                event.name
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn events_are_kept_per_function_and_bounded_and_renames_never_overwrite() {
    use crate::saved_events::{EventsRefusal, EventsRequest};
    let dir = fresh_dir("events");
    let (mut store, _) = Store::open(&dir).unwrap();
    let owner = test_owner();
    let other = crate::saved_events::EventOwner {
        function: "arn:aws:lambda:local:000000000000:function:crash".into(),
        ..test_owner()
    };
    let save = |name: &str, body: &str, replace: bool| EventsRequest::Save {
        owner: owner.clone(),
        name: name.into(),
        body: body.into(),
        replace,
    };
    store.change_events(&save("a", "1", false)).unwrap();
    store.change_events(&save("b", "2", false)).unwrap();
    assert_eq!(
        store.change_events(&save("a", "3", false)),
        Err(EventsRefusal::Exists("a".into())),
        "not replaced unless agreed"
    );
    assert_eq!(store.change_events(&save("a", "3", true)).unwrap()[0].body, "3");
    assert!(
        store.saved_events(&other).unwrap().is_empty(),
        "another function's are its own"
    );
    let rename = |from: &str, to: &str| EventsRequest::Rename {
        owner: owner.clone(),
        from: from.into(),
        to: to.into(),
    };
    assert_eq!(
        store.change_events(&rename("a", "b")),
        Err(EventsRefusal::Exists("b".into()))
    );
    assert_eq!(
        store.change_events(&rename("gone", "c")),
        Err(EventsRefusal::Missing("gone".into()))
    );
    let names: Vec<String> = store
        .change_events(&rename("a", "c"))
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["b", "c"]);
    assert!(matches!(
        store.change_events(&save("bad name", "1", false)),
        Err(EventsRefusal::Failed(_))
    ));
    let too_big = "x".repeat(crate::saved_events::MAX_EVENT_BYTES + 1);
    assert!(
        matches!(store.change_events(&save("big", &too_big, false)), Err(EventsRefusal::Failed(why)) if why.contains("at most"))
    );
    // A hand-edited row over the bounds is left out, not trusted.
    store
        .connection
        .execute(
            "INSERT INTO saved_events (place, function, name, body, updated_ms) VALUES (?1, ?2, ?3, 'x', 0)",
            rusqlite::params![owner.place, owner.function, "n".repeat(300)],
        )
        .unwrap();
    assert_eq!(store.saved_events(&owner).unwrap().len(), 2);
    let delete = EventsRequest::Delete {
        owner: owner.clone(),
        name: "b".into(),
    };
    assert_eq!(store.change_events(&delete).unwrap().len(), 1);
    assert_eq!(store.change_events(&delete), Err(EventsRefusal::Missing("b".into())));
    // All of one function's events stay within what the picker holds.
    let full = "x".repeat(crate::saved_events::MAX_EVENT_BYTES);
    for n in 0..10 {
        store.change_events(&save(&format!("big-{n}"), &full, false)).unwrap();
    }
    let refused = store.change_events(&save("big-10", &full, false));
    assert!(
        matches!(&refused, Err(EventsRefusal::Failed(why)) if why.contains("64 MB")),
        "{refused:?}"
    );
    assert!(
        store.change_events(&save("big-9", "{}", true)).is_ok(),
        "replacing one makes room"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn history_entry(place: &str, n: i64, body: &[u8]) -> crate::history::HistoryEntry {
    use crate::history::{HistoryEntry, HistoryOutcome};
    HistoryEntry {
        place: place.into(),
        function: "echo".into(),
        qualifier: Some("live".into()),
        invoke_type: crate::model::InvokeType::RequestResponse,
        sent_ms: 1_796_000_000_000 + n,
        elapsed_ms: Some(12),
        log_group: "/aws/lambda/echo".into(),
        payload: Some(format!("{{\"n\": {n}}}").into_bytes()),
        client_context: Some("e30=".into()),
        outcome: HistoryOutcome::Answered {
            status_code: 200,
            request_id: Some(format!("rid-{n}")),
            executed_version: Some("1".into()),
            function_error: None,
            body: Some(body.to_vec()),
            body_bytes: body.len(),
            log_tail: "START\nREPORT RequestId: x\tDuration: 1.00 ms".into(),
            throttle_retries: 0,
        },
        async_end: None,
    }
}

#[test]
fn the_history_keeps_the_newest_within_its_count_and_size_per_place() {
    use crate::history::HistoryBounds;
    let dir = fresh_dir("history");
    let (mut store, _) = Store::open(&dir).unwrap();
    let bounds = HistoryBounds {
        max_invocations: 5,
        max_bytes: 1024 * 1024,
    };
    for n in 0..8 {
        store
            .record_invocation(&history_entry("here", n, b"{}"), bounds)
            .unwrap();
    }
    store
        .record_invocation(&history_entry("elsewhere", 99, b"{}"), bounds)
        .unwrap();
    let here = store.load_history("here", 100, i64::MAX).unwrap();
    let ids: Vec<i64> = here.iter().map(|e| e.sent_ms - 1_796_000_000_000).collect();
    assert_eq!(ids, [4, 5, 6, 7], "oldest first; the bound counts every place");
    assert_eq!(here[3], history_entry("here", 7, b"{}"), "read back as written");
    assert_eq!(store.load_history("elsewhere", 100, i64::MAX).unwrap().len(), 1);
    // The size bound lets go of the oldest first.
    let big = vec![b'x'; 250 * 1024];
    for n in 10..13 {
        store
            .record_invocation(&history_entry("here", n, &big[..200 * 1024]), bounds)
            .unwrap();
        store
            .record_invocation(&history_entry("here", n + 100, &big), bounds)
            .unwrap();
    }
    let total: usize = store
        .load_history("here", 100, i64::MAX)
        .unwrap()
        .iter()
        .map(|e| match &e.outcome {
            crate::history::HistoryOutcome::Answered { body, .. } => body.as_ref().map_or(0, Vec::len),
            _ => 0,
        })
        .sum();
    assert!((700 * 1024..=1024 * 1024).contains(&total), "{total}");
    assert_eq!(
        store.load_history("here", 1, i64::MAX).unwrap()[0].sent_ms,
        1_796_000_000_112,
        "the newest stays"
    );
    // An Event invocation's end is written into its row when known.
    let end = crate::history::AsyncEnd {
        state: crate::tail::AsyncState::Failed {
            attempt: 3,
            reason: "errorType Boom".into(),
        },
        report: None,
    };
    store.record_async_end("here", "rid-112", &end).unwrap();
    assert_eq!(store.load_history("here", 1, i64::MAX).unwrap()[0].async_end, Some(end));
    // A hand-edited row that does not read is left out.
    store
        .connection
        .execute(
            "UPDATE history SET invoke_type = 'teleport' WHERE sent_ms = ?1",
            [1_796_000_000_112i64],
        )
        .unwrap();
    assert!(
        store
            .load_history("here", 100, i64::MAX)
            .unwrap()
            .iter()
            .all(|e| e.sent_ms != 1_796_000_000_112)
    );
    // A load up to a row leaves out what was written after it.
    let newest = store.newest_history_id().unwrap();
    store
        .record_invocation(&history_entry("here", 200, b"{}"), bounds)
        .unwrap();
    assert!(
        store
            .load_history("here", 100, newest)
            .unwrap()
            .iter()
            .all(|e| e.sent_ms != 1_796_000_000_200)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_places_function_list_is_cached_without_environment_values() {
    let dir = fresh_dir("function-cache");
    let (mut store, _) = Store::open(&dir).unwrap();
    let function = crate::model::FunctionInfo {
        name: "echo".into(),
        memory_mb: Some(256),
        environment: crate::model::EnvVars(vec![("API_KEY".into(), "s3cr3t".into())]),
        ..Default::default()
    };
    assert_eq!(store.load_function_cache("here").unwrap(), None);
    store
        .save_function_cache("here", std::slice::from_ref(&function))
        .unwrap();
    let (_, listed) = store.load_function_cache("here").unwrap().unwrap();
    assert_eq!(listed[0].name, "echo");
    assert_eq!(listed[0].memory_mb, Some(256));
    assert_eq!(
        *listed[0].environment,
        [("API_KEY".to_string(), String::new())],
        "names only"
    );
    let raw: String = store
        .connection
        .query_row("SELECT list FROM function_cache", [], |row| row.get(0))
        .unwrap();
    assert!(!raw.contains("s3cr3t"), "{raw}");
    assert_eq!(store.load_function_cache("elsewhere").unwrap(), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

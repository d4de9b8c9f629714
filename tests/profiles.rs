//! Switching profiles and regions: two moto servers, each named by a
//! profile's `endpoint_url` in an AWS config file the test writes. A test
//! binary of its own, as it sets the process's AWS environment.

mod support;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lambda_console::app::App;
use lambda_console::message::{Command, Event};
use support::*;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_line(app: &mut App, text: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    for c in text.chars() {
        commands.extend(app.update(key(KeyCode::Char(c))));
    }
    commands
}

#[tokio::test(flavor = "multi_thread")]
async fn profiles_switch_between_endpoints_named_in_the_config_file_and_keep_their_filters() {
    let (one, two) = (start_moto(), start_moto());
    create_function(&lambda_client(&one.url).await, "only-on-one").await;
    create_function(&lambda_client(&two.url).await, "only-on-two").await;
    let dir = std::env::temp_dir().join(format!("lambda-console-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    let profile = |name: &str, url: &str| {
        format!(
            "[profile {name}]\nregion = {REGION}\nendpoint_url = {url}\naws_access_key_id = test\naws_secret_access_key = test\n"
        )
    };
    // A profile whose credentials never come: connecting to it hangs until
    // the console's time limit (8 s).
    let hangs = format!("[profile hangs]\nregion = {REGION}\ncredential_process = sleep 20\n");
    std::fs::write(&config, profile("one", &one.url) + &profile("two", &two.url) + &hangs).unwrap();
    // SAFETY: set before any thread of this test binary reads the
    // environment; this binary holds this one test.
    unsafe {
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"));
        for name in [
            "AWS_PROFILE",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_LAMBDA",
            "AWS_REGION",
            "AWS_ACCESS_KEY_ID",
        ] {
            std::env::remove_var(name);
        }
    }
    let settings = lambda_console::aws::Settings {
        profile: Some("one".into()),
        ..Default::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let commands = lambda_console::aws::spawn(settings.clone(), tx);
    let mut app = App::new(settings.connection_info());
    app.requested_profile = Some("one".into());
    app.name_place();
    app.known_profiles = lambda_console::aws::profiles::profile_names();
    assert_eq!(app.known_profiles, ["hangs", "one", "two"]);
    app.requested_profile = Some("one".into());
    let send = |batch: Vec<Command>| {
        for command in batch {
            commands.send(command).unwrap();
        }
    };
    send(app.start());
    let listed = |app: &App, name: &str| app.functions.all_names().any(|n| n == name);
    drive(
        &mut app,
        &commands,
        &mut rx,
        "profile one's list",
        Duration::from_secs(30),
        |app| !app.functions.loading && listed(app, "only-on-one") && app.connection_info.account.is_some(),
    )
    .await;
    assert!(!listed(&app, "only-on-two"));
    assert_eq!(
        app.connection_info.account.as_deref(),
        Some("123456789012"),
        "STS answers"
    );
    // A filter typed here comes back when we return.
    send(app.update(key(KeyCode::Char('/'))));
    send(type_line(&mut app, "only"));
    send(app.update(key(KeyCode::Enter)));
    // :pro<Tab> completes the command, t<Tab> the profile.
    send(app.update(key(KeyCode::Char(':'))));
    send(type_line(&mut app, "pro"));
    send(app.update(key(KeyCode::Tab)));
    send(type_line(&mut app, "t"));
    send(app.update(key(KeyCode::Tab)));
    let lambda_console::app::Mode::Command(line) = &app.mode else {
        panic!("the command line is open")
    };
    assert_eq!(line.input.text, "profile two");
    send(app.update(key(KeyCode::Enter)));
    assert_eq!(app.functions.filter(), "", "profile two has its own filter");
    drive(
        &mut app,
        &commands,
        &mut rx,
        "profile two's list",
        Duration::from_secs(30),
        |app| !app.functions.loading && listed(app, "only-on-two"),
    )
    .await;
    assert!(!listed(&app, "only-on-one"), "the list is profile two's alone");
    assert_eq!(app.connection_info.profile.as_deref(), Some("two"));
    send(app.update(key(KeyCode::Char(':'))));
    send(type_line(&mut app, "profile one"));
    send(app.update(key(KeyCode::Enter)));
    drive(
        &mut app,
        &commands,
        &mut rx,
        "profile one again",
        Duration::from_secs(30),
        |app| !app.functions.loading && listed(app, "only-on-one"),
    )
    .await;
    assert_eq!(app.functions.filter(), "only", "the filter of profile one came back");
    // A switch made while a connect hangs replaces it: profile two's list
    // comes well before the hanging one's 8 s time limit.
    send(app.update(key(KeyCode::Char(':'))));
    send(type_line(&mut app, "profile hangs"));
    send(app.update(key(KeyCode::Enter)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    send(app.update(key(KeyCode::Char(':'))));
    send(type_line(&mut app, "profile two"));
    send(app.update(key(KeyCode::Enter)));
    drive(
        &mut app,
        &commands,
        &mut rx,
        "profile two, not waiting on the hanging one",
        Duration::from_secs(6),
        |app| !app.functions.loading && listed(app, "only-on-two"),
    )
    .await;
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The console's own pipeline (App, the background side, the tracker) against
//! the embedded endpoint: async invocations followed to their end, throttles.

mod support;

use std::time::Duration;

use support::REGION;
use support::local::endpoint;

/// Sends an Event invoke of `function` with `payload` through the console's own
/// pipeline (App, background poller, tracker) and follows it to a final state.
async fn follow_async(function: &str, payload: &str) -> lambda_console::app::App {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use lambda_console::app::App;
    use lambda_console::message::Event;
    let settings = lambda_console::aws::Settings {
        region: Some(REGION.into()),
        endpoint_url: Some(endpoint().to_string()),
        anonymous_credentials: true,
        ..Default::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let commands = lambda_console::aws::spawn(settings.clone(), tx);
    let mut app = App::new(settings.connection_info());
    for command in app.start() {
        commands.send(command).unwrap();
    }
    support::drive(
        &mut app,
        &commands,
        &mut rx,
        "the function list",
        Duration::from_secs(20),
        |app| !app.functions.loading && app.functions.total() > 0,
    )
    .await;
    let key = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    app.update(key('/'));
    for c in function.chars() {
        app.update(key(c));
    }
    app.update(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(app.functions.selected().unwrap().name, function);
    app.set_payload_text(payload);
    app.update(key('t'));
    for command in app.update(key('i')) {
        commands.send(command).unwrap();
    }
    support::drive(
        &mut app,
        &commands,
        &mut rx,
        "a final state",
        Duration::from_secs(30),
        |app| {
            app.invocations.list[0]
                .async_state
                .as_ref()
                .is_some_and(|s| s.is_final())
        },
    )
    .await;
    assert!(
        app.trackers.is_empty(),
        "nothing left to follow, so the poller was released"
    );
    app
}

#[tokio::test]
async fn the_console_follows_a_retried_async_failure_to_its_end() {
    use lambda_console::tail::AsyncState;
    let app = follow_async("fails-and-retries", r#"{"fail": true}"#).await;
    let inv = &app.invocations.list[0];
    match &inv.async_state {
        Some(AsyncState::Failed { attempt, reason }) => {
            assert_eq!(*attempt, 3, "one attempt and two retries");
            assert!(reason.contains("FlakyError"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(inv.async_report.as_ref().unwrap().billed_duration_ms.is_some());
    assert_eq!(app.event_configs["fails-and-retries"].maximum_retry_attempts, 2);
}

#[tokio::test]
async fn the_console_follows_async_timeouts_and_successes() {
    use lambda_console::tail::AsyncState;
    let app = follow_async("quick-timeout", r#"{"seconds": 3}"#).await;
    match &app.invocations.list[0].async_state {
        Some(AsyncState::Failed { attempt: 3, reason }) => assert!(reason.contains("Status: timeout"), "{reason}"),
        other => panic!("three timed-out attempts: {other:?}"),
    }
    assert_eq!(
        app.invocations.list[0].async_report.as_ref().unwrap().status.as_deref(),
        Some("timeout")
    );
    let app = follow_async("echo", r#"{"ok": 1}"#).await;
    assert_eq!(
        app.invocations.list[0].async_state,
        Some(AsyncState::Succeeded { attempt: 1 })
    );
    assert_eq!(
        app.invocations.list[0].async_report.as_ref().unwrap().memory_size_mb,
        Some(128)
    );
}

/// The console's own clients, on the shared embedded endpoint.
async fn local_clients() -> lambda_console::aws::Clients {
    let settings = lambda_console::aws::Settings {
        region: Some(REGION.into()),
        endpoint_url: Some(endpoint().to_string()),
        anonymous_credentials: true,
        ..Default::default()
    };
    lambda_console::aws::connect(&settings)
        .await
        .map_err(|(_, m)| m)
        .unwrap()
        .0
}

/// The console's invoke retries a throttled call (the function did not run)
/// after the retry-after Lambda gives, and says it did.
#[tokio::test]
async fn the_console_retries_a_throttled_invoke_and_reports_it() {
    let clients = local_clients().await;
    let request = |seconds: &str| lambda_console::model::InvokeRequest {
        function: "single-slot".into(),
        qualifier: None,
        invoke_type: lambda_console::model::InvokeType::RequestResponse,
        payload: format!("{{\"seconds\": {seconds}}}").into_bytes(),
        client_context: None,
        url: None,
    };
    let slow_request = request("0.8");
    let busy = lambda_console::aws::invoke(&clients.lambda_invoke, &slow_request);
    let second = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        lambda_console::aws::invoke(&clients.lambda_invoke, &request("0")).await
    };
    let (busy, second) = tokio::join!(busy, second);
    assert_eq!(busy.unwrap().throttle_retries, 0);
    let second = second.expect("retried until the function was free");
    assert!(second.succeeded());
    assert!(second.throttle_retries >= 1, "{second:?}");
}

/// A client context set in the console reaches the function on a sync
/// invoke, as Lambda's runtimes read it; one over Lambda's limit is refused
/// by the endpoint as Lambda refuses it.
#[tokio::test]
async fn a_client_context_reaches_the_function_and_an_oversized_one_is_refused() {
    let clients = local_clients().await;
    let context = r#"{"custom": {"tenant": "acme"}, "env": {"locale": "en-GB"}}"#;
    let request = |client_context: Option<String>| lambda_console::model::InvokeRequest {
        function: "show-context".into(),
        qualifier: None,
        invoke_type: lambda_console::model::InvokeType::RequestResponse,
        payload: b"{}".to_vec(),
        client_context,
        url: None,
    };
    let encoded = lambda_console::client_context::encode(context).unwrap();
    let outcome = lambda_console::aws::invoke(&clients.lambda_invoke, &request(Some(encoded)))
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&outcome.raw_body).unwrap();
    assert_eq!(
        body["client_context"],
        serde_json::from_str::<serde_json::Value>(context).unwrap()
    );
    let outcome = lambda_console::aws::invoke(&clients.lambda_invoke, &request(None))
        .await
        .unwrap();
    assert_eq!(outcome.raw_body, br#"{"client_context": null}"#);
    // Past the limit (the console refuses to send it; a client that does
    // is answered as Lambda answers).
    use base64::Engine;
    let oversized =
        base64::engine::general_purpose::STANDARD.encode(format!(r#"{{"custom": {{"k": "{}"}}}}"#, "x".repeat(3_000)));
    let error = lambda_console::aws::invoke(&clients.lambda_invoke, &request(Some(oversized)))
        .await
        .unwrap_err();
    assert!(error.contains("InvalidParameterValueException"), "{error}");
    let error = lambda_console::aws::invoke(&clients.lambda_invoke, &request(Some("bm90IGpzb24=".into())))
        .await
        .unwrap_err();
    assert!(error.contains("valid Base64-encoded JSON object"), "{error}");
}

/// Shareable events round-trip in the web console's exact format (registry
/// `lambda-testevent-schemas`, schema `_NAME-schema`, events at
/// `components.examples.NAME.value`), read and written by boto3 as an
/// independent client, through the embedded endpoint's Schemas API.
#[tokio::test]
async fn shareable_events_round_trip_with_boto3_in_the_web_consoles_format() {
    use lambda_console::saved_events::{EventOwner, EventsRefusal, EventsRequest};
    let clients = local_clients().await;
    let change = |request: EventsRequest| {
        let client = clients.schemas.clone();
        async move { lambda_console::aws::shared_events::change(&client, &request).await }
    };
    let owner = EventOwner {
        place: "local".into(),
        function: "arn:aws:lambda:us-east-1:000000000000:function:show-context".into(),
        shared: true,
    };
    let save = |name: &str, body: &str, replace: bool| EventsRequest::Save {
        owner: owner.clone(),
        name: name.into(),
        body: body.into(),
        replace,
    };
    assert!(
        change(EventsRequest::Load { owner: owner.clone() })
            .await
            .unwrap()
            .is_empty()
    );
    let events = change(save("first", r#"{"order": 1, "items": ["a"]}"#, false))
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    let boto = |script: &str| {
        let prelude = "import boto3, json, os\n\
            c = boto3.client('schemas', endpoint_url=os.environ['URL'], region_name='us-east-1', \
            aws_access_key_id='x', aws_secret_access_key='x')\n\
            R, S = 'lambda-testevent-schemas', '_show-context-schema'\n";
        support::run_python(&format!("{prelude}{script}"), &[("URL", endpoint())])
    };
    // boto3 reads what the console wrote, where the web console looks.
    let read = boto(
        "d = c.describe_schema(RegistryName=R, SchemaName=S)\n\
         doc = json.loads(d['Content'])\n\
         print(json.dumps({'type': d['Type'], 'first': doc['components']['examples']['first']['value'], \
         'discovered': doc['components']['schemas']['Event']['properties']['order']}))",
    );
    let read: serde_json::Value = serde_json::from_str(&read).unwrap();
    assert_eq!(read["type"], "OpenApi3");
    assert_eq!(read["first"], serde_json::json!({"order": 1, "items": ["a"]}));
    assert_eq!(
        read["discovered"]["type"], "integer",
        "the schema came from GetDiscoveredSchema"
    );
    // An event boto3 adds in the web console's format shows in the console.
    boto(
        "d = c.describe_schema(RegistryName=R, SchemaName=S)\n\
         doc = json.loads(d['Content'])\n\
         doc['components']['examples']['from-boto'] = {'value': {'made': 'by boto3'}}\n\
         c.update_schema(RegistryName=R, SchemaName=S, Type='OpenApi3', Content=json.dumps(doc))",
    );
    let listed = change(EventsRequest::Load { owner: owner.clone() }).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["first", "from-boto"]);
    assert!(listed[1].body.contains("\"made\": \"by boto3\""));
    // Numbers keep every digit through the schema, whoever rewrites it.
    let precise = r#"{"id": 12345678901234567890123, "price": 0.30000000000000000001}"#;
    let listed = change(save("precise", precise, false)).await.unwrap();
    let kept = &listed.iter().find(|e| e.name == "precise").unwrap().body;
    assert!(
        kept.contains("12345678901234567890123") && kept.contains("0.30000000000000000001"),
        "{kept}"
    );
    change(EventsRequest::Delete {
        owner: owner.clone(),
        name: "precise".into(),
    })
    .await
    .unwrap();
    // Saving keeps the schema's other events; a taken name needs agreement.
    assert_eq!(
        change(save("first", "{}", false)).await,
        Err(EventsRefusal::Exists("first".into()))
    );
    change(save("second", r#"{"order": 2}"#, false)).await.unwrap();
    for n in 0..7 {
        change(save("second", &format!(r#"{{"order": {n}}}"#), true))
            .await
            .unwrap();
    }
    let kept = boto(
        "d = c.describe_schema(RegistryName=R, SchemaName=S)\n\
         doc = json.loads(d['Content'])\n\
         v = c.list_schema_versions(RegistryName=R, SchemaName=S)['SchemaVersions']\n\
         print(json.dumps({'names': sorted(doc['components']['examples']), 'versions': len(v)}))",
    );
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept["names"], serde_json::json!(["first", "from-boto", "second"]));
    assert_eq!(kept["versions"], 5, "at most five versions are left");
    // Rename and delete; the last one gone takes the schema with it.
    change(EventsRequest::Rename {
        owner: owner.clone(),
        from: "first".into(),
        to: "renamed".into(),
    })
    .await
    .unwrap();
    for name in ["renamed", "from-boto"] {
        change(EventsRequest::Delete {
            owner: owner.clone(),
            name: name.into(),
        })
        .await
        .unwrap();
    }
    let left = change(EventsRequest::Delete {
        owner: owner.clone(),
        name: "second".into(),
    })
    .await
    .unwrap();
    assert!(left.is_empty());
    let gone = boto(
        "try:\n    c.describe_schema(RegistryName=R, SchemaName=S)\n    print('still there')\n\
         except c.exceptions.NotFoundException:\n    print('gone')",
    );
    assert_eq!(gone.trim(), "gone");
    // Over 6,144,000 bytes is refused before anything is sent.
    let big = format!("\"{}\"", "x".repeat(6_144_000));
    assert!(
        matches!(change(save("big", &big, false)).await, Err(EventsRefusal::Failed(why)) if why.contains("6144000"))
    );
}

//! The background side against moto's server: an independent implementation of
//! the Lambda API, reached over HTTP through the real SDK.

mod support;

use std::time::Duration;

use lambda_console::aws::{self, Settings};
use lambda_console::message::{BackendEvent, Command, Event};
use lambda_console::model::{BodyView, InvokeRequest, InvokeType};
use support::*;
use tokio::sync::mpsc::unbounded_channel;

fn settings(url: &str) -> Settings {
    Settings {
        region: Some(REGION.into()),
        endpoint_url: Some(url.into()),
        anonymous_credentials: true,
        ..Default::default()
    }
}

async fn clients() -> aws::Clients {
    let url = &moto().url;
    aws::connect(&settings(url))
        .await
        .map_err(|(_, message)| message)
        .expect("connect to moto")
        .0
}

fn request(function: &str, invoke_type: InvokeType, payload: &str) -> InvokeRequest {
    InvokeRequest {
        function: function.into(),
        qualifier: None,
        invoke_type,
        payload: payload.as_bytes().to_vec(),
        client_context: None,
        url: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_function_arrives_through_the_backend() {
    let url = &moto().url;
    let client = lambda_client(url).await;
    let prefix = unique("many");
    for i in 0..130 {
        create_function(&client, &format!("{prefix}-{i:03}")).await;
    }
    let (tx, mut rx) = unbounded_channel();
    let commands = aws::spawn(settings(url), tx);
    commands.send(Command::LoadFunctions { id: 7 }).unwrap();
    let mut names = Vec::new();
    let mut connected = false;
    loop {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("events keep coming")
            .unwrap();
        match event {
            Event::Backend(BackendEvent::Connected(info)) => {
                assert_eq!(info.region.as_deref(), Some(REGION));
                assert_eq!(info.endpoint.as_deref(), Some(url.as_str()));
                connected = true;
            }
            Event::Backend(BackendEvent::FunctionsPage {
                id, functions, last, ..
            }) => {
                assert_eq!(id, 7, "the completion echoes the request id");
                names.extend(functions.into_iter().filter(|f| f.name.starts_with(&prefix)).map(|f| {
                    assert_eq!(f.memory_mb, Some(256));
                    assert_eq!(f.runtime, "python3.12");
                    assert_eq!(f.log_group, format!("/aws/lambda/{}", f.name));
                    f.name
                }));
                if last {
                    break;
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(connected);
    names.sort();
    assert_eq!(names.len(), 130);
    assert_eq!(names[129], format!("{prefix}-129"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_invoke_returns_the_echoed_body() {
    let clients = clients().await;
    let name = unique("echo");
    create_function(&clients.lambda, &name).await;
    let outcome = aws::invoke(
        &clients.lambda_invoke,
        &request(&name, InvokeType::RequestResponse, r#"{"hello":"moto"}"#),
    )
    .await
    .expect("invoke");
    assert_eq!(outcome.status_code, 200);
    assert!(outcome.succeeded());
    assert!(outcome.request_id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(
        outcome.body,
        BodyView::Json(lambda_console::model::Lines::from_text("{\n  \"hello\": \"moto\"\n}"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn event_and_dry_run_invokes_answer_202_and_204() {
    let clients = clients().await;
    let name = unique("async");
    create_function(&clients.lambda, &name).await;
    let event = aws::invoke(&clients.lambda_invoke, &request(&name, InvokeType::Event, "{}"))
        .await
        .expect("event");
    assert_eq!(event.status_code, 202);
    assert!(event.log_tail.is_empty(), "no log tail for async invokes");
    let dry = aws::invoke(&clients.lambda_invoke, &request(&name, InvokeType::DryRun, ""))
        .await
        .expect("dry run");
    assert_eq!(dry.status_code, 204);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_function_is_a_readable_resource_not_found() {
    // moto's Docker-less Invoke answers for any name, so the missing function is
    // asked about through the calls moto does check.
    let clients = clients().await;
    let error = aws::load_details(&clients.lambda, "no-such-function-anywhere")
        .await
        .expect_err("missing function");
    assert!(error.contains("ResourceNotFoundException"), "{error}");
    assert!(error.contains("check the function name"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn versions_and_aliases_are_listed_and_invokable() {
    let clients = clients().await;
    let name = unique("versioned");
    create_function(&clients.lambda, &name).await;
    let v1 = clients
        .lambda
        .publish_version()
        .function_name(&name)
        .description("first")
        .send()
        .await
        .unwrap();
    let v1 = v1.version().unwrap().to_string();
    clients
        .lambda
        .create_alias()
        .function_name(&name)
        .name("live")
        .function_version(&v1)
        .send()
        .await
        .unwrap();
    let details = aws::load_details(&clients.lambda, &name).await.expect("details");
    let versions: Vec<&str> = details.versions.iter().map(|v| v.version.as_str()).collect();
    assert!(
        versions.contains(&"$LATEST") && versions.contains(&v1.as_str()),
        "{versions:?}"
    );
    assert_eq!(details.aliases.len(), 1);
    assert_eq!(details.aliases[0].name, "live");
    assert_eq!(details.aliases[0].function_version, v1);
    let mut on_alias = request(&name, InvokeType::RequestResponse, "[1,2]");
    on_alias.qualifier = Some("live".into());
    let outcome = aws::invoke(&clients.lambda_invoke, &on_alias)
        .await
        .expect("invoke alias");
    assert_eq!(outcome.status_code, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_endpoint_says_so() {
    let port = free_port();
    let (clients, _) = aws::connect(&settings(&format!("http://127.0.0.1:{port}")))
        .await
        .map_err(|(_, m)| m)
        .unwrap();
    let error = aws::invoke(&clients.lambda_invoke, &request("x", InvokeType::RequestResponse, ""))
        .await
        .unwrap_err();
    assert!(
        error.contains("Endpoint unreachable") || error.contains("connect"),
        "{error}"
    );
}

async fn next_batch(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> Option<Vec<lambda_console::tail::LogEvent>> {
    loop {
        match tokio::time::timeout(Duration::from_secs(4), rx.recv()).await {
            Err(_) => return None,
            Ok(Some(Event::Backend(BackendEvent::LogBatch { events, .. }))) => return Some(events),
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the background side stopped"),
        }
    }
}

/// The poller against moto's Logs API: lines from several streams in time
/// order, and across polls neither a duplicate nor a gap, even for events that
/// share the newest timestamp already seen.
#[tokio::test(flavor = "multi_thread")]
async fn the_log_poller_interleaves_streams_without_duplicates_or_gaps() {
    use aws_sdk_cloudwatchlogs::types::InputLogEvent;
    let url = &moto().url;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk_config(url).await);
    let group = format!("/test/{}", unique("tail"));
    logs.create_log_group().log_group_name(&group).send().await.unwrap();
    for stream in ["a", "b"] {
        logs.create_log_stream()
            .log_group_name(&group)
            .log_stream_name(stream)
            .send()
            .await
            .unwrap();
    }
    let t0 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        - 60_000;
    let put = |stream: &'static str, lines: Vec<(i64, &'static str)>| {
        let logs = logs.clone();
        let group = group.clone();
        async move {
            let events = lines
                .into_iter()
                .map(|(t, m)| InputLogEvent::builder().timestamp(t0 + t).message(m).build().unwrap());
            logs.put_log_events()
                .log_group_name(group)
                .log_stream_name(stream)
                .set_log_events(Some(events.collect()))
                .send()
                .await
                .unwrap();
        }
    };
    put("a", vec![(0, "a0"), (20, "a20")]).await;
    put("b", vec![(10, "b10"), (20, "b20")]).await;

    let (tx, mut rx) = unbounded_channel();
    let commands = aws::spawn(settings(url), tx);
    let key = lambda_console::message::WatchKey {
        group: group.clone(),
        pattern: String::new(),
    };
    commands
        .send(Command::Watch {
            key,
            since_ms: t0 - 1000,
        })
        .unwrap();
    let mut seen: Vec<String> = Vec::new();
    while seen.len() < 4 {
        let batch = next_batch(&mut rx).await.expect("the first lines");
        seen.extend(batch.into_iter().map(|e| e.message));
    }
    assert_eq!(&seen[..2], ["a0", "b10"], "interleaved by time across streams");
    assert!(seen[2..].contains(&"a20".to_string()) && seen[2..].contains(&"b20".to_string()));

    // More lines, one at the newest timestamp already delivered.
    put("a", vec![(20, "a20-late"), (30, "a30")]).await;
    while seen.len() < 6 {
        let batch = next_batch(&mut rx).await.expect("the later lines");
        seen.extend(batch.into_iter().map(|e| e.message));
    }
    // Nothing more arrives over the next polls: no line comes twice.
    if let Some(extra) = next_batch(&mut rx).await {
        panic!("lines delivered twice: {extra:?}");
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 6, "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("a30"));
}

/// moto serves no EventBridge Schemas API: listing shareable events says
/// so (the picker shows it), and saving one is refused with the reason.
#[tokio::test]
async fn shareable_events_are_unavailable_where_there_is_no_schemas_api() {
    use lambda_console::saved_events::{EventOwner, EventsRefusal, EventsRequest};
    let clients = clients().await;
    let owner = EventOwner {
        place: "endpoint=moto".into(),
        function: "arn:aws:lambda:us-east-1:123456789012:function:echo".into(),
        shared: true,
    };
    let listed = aws::shared_events::change(&clients.schemas, &EventsRequest::Load { owner: owner.clone() }).await;
    assert!(matches!(listed, Err(EventsRefusal::Unavailable(_))), "{listed:?}");
    let saved = aws::shared_events::change(
        &clients.schemas,
        &EventsRequest::Save {
            owner,
            name: "x".into(),
            body: "{}".into(),
            replace: false,
        },
    )
    .await;
    assert!(matches!(saved, Err(EventsRefusal::Unavailable(_))), "{saved:?}");
}

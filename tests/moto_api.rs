//! The background side against moto's server: an independent implementation of
//! the Lambda API, reached over HTTP through the real SDK.

mod support;

use std::time::Duration;

use lambda_console::app::{BackendEvent, Command, Event};
use lambda_console::aws::{self, Settings};
use lambda_console::model::{BodyView, InvokeRequest, InvokeType};
use support::*;
use tokio::sync::mpsc::unbounded_channel;

fn settings(url: &str) -> Settings {
    Settings {
        profile: None,
        region: Some(REGION.into()),
        endpoint_url: Some(url.into()),
        anonymous_credentials: true,
        local: false,
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
        BodyView::Json(vec!["{".into(), "  \"hello\": \"moto\"".into(), "}".into()])
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

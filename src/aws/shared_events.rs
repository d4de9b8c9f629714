//! Shareable test events, stored exactly as the Lambda web console and
//! `sam remote test-event` store them: in the EventBridge Schemas registry
//! `lambda-testevent-schemas`, schema `_<function>-schema` (OpenApi3), each
//! event at `components.examples.<NAME>.value`. Other events in the schema
//! are kept; at most five schema versions are left behind.

use aws_sdk_schemas::Client;
use aws_sdk_schemas::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_schemas::types::Type;
use serde_json::{Map, Value, json};

use super::errors::describe_sdk_error;
use crate::saved_events::{EventsRefusal, EventsRequest, MAX_SHARED_SCHEMA_BYTES, SavedEvent, check_body, check_name};

pub const REGISTRY: &str = "lambda-testevent-schemas";
/// Versions of a function's schema left after a change, as the web console keeps.
pub const VERSIONS_KEPT: usize = 5;

pub fn schema_name(function: &str) -> String {
    format!("_{function}-schema")
}

/// The function's name, from the owner's unqualified ARN.
fn function_of(request: &EventsRequest) -> String {
    let arn = &request.owner().function;
    arn.rsplit(':').next().unwrap_or(arn).to_string()
}

/// How an SDK error reads to the user: no permission, no Schemas API at
/// this endpoint, or the service's own words.
fn refusal<E, R>(err: &SdkError<E, R>) -> EventsRefusal
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let code = err.as_service_error().and_then(|e| e.code());
    match code {
        Some("ForbiddenException" | "UnauthorizedException" | "AccessDeniedException") => {
            EventsRefusal::Forbidden(describe_sdk_error(err))
        }
        Some(
            "BadRequestException"
            | "ConflictException"
            | "NotFoundException"
            | "InternalServerErrorException"
            | "ServiceUnavailableException"
            | "TooManyRequestsException",
        ) => EventsRefusal::Failed(describe_sdk_error(err)),
        // No code the Schemas API answers with (a 404 page, an unreadable
        // answer, an unknown operation): the endpoint has no such API.
        _ => EventsRefusal::Unavailable(describe_sdk_error(err)),
    }
}

fn is_not_found<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    err.as_service_error().and_then(|e| e.code()) == Some("NotFoundException")
}

/// The schema's content and its examples, or None when there is no schema.
async fn current(client: &Client, function: &str) -> Result<Option<Value>, EventsRefusal> {
    match client
        .describe_schema()
        .registry_name(REGISTRY)
        .schema_name(schema_name(function))
        .send()
        .await
    {
        Ok(out) => {
            let content = out.content().unwrap_or("{}");
            if content.len() > MAX_SHARED_SCHEMA_BYTES {
                return Err(EventsRefusal::Failed(format!(
                    "the schema {} is {} bytes, more than the console reads ({MAX_SHARED_SCHEMA_BYTES})",
                    schema_name(function),
                    content.len()
                )));
            }
            match serde_json::from_str::<Value>(content) {
                Ok(value @ Value::Object(_)) => Ok(Some(value)),
                _ => Err(EventsRefusal::Failed(format!(
                    "the schema {} is not an OpenAPI document the console can change",
                    schema_name(function)
                ))),
            }
        }
        Err(err) if is_not_found(&err) => Ok(None),
        Err(err) => Err(refusal(&err)),
    }
}

/// The events of a schema's content, by name, bodies pretty-printed; at
/// most as many as a function keeps privately (a schema anyone can write
/// must not flood the picker).
pub fn events_in(content: &Value) -> Vec<SavedEvent> {
    let Some(examples) = content.pointer("/components/examples").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut named: Vec<(&String, &Value)> = examples
        .iter()
        .filter_map(|(name, example)| Some((name, example.get("value")?)))
        // Anyone who can write the schema names its events: only names the
        // web console would take come through (bounded, one line).
        .filter(|(name, _)| crate::saved_events::check_name(name).is_ok())
        .collect();
    named.sort_by(|a, b| a.0.cmp(b.0));
    named.truncate(crate::saved_events::MAX_EVENTS_PER_FUNCTION);
    named
        .into_iter()
        .map(|(name, value)| SavedEvent {
            name: name.clone(),
            body: serde_json::to_string_pretty(value).unwrap_or_default(),
            updated_ms: 0,
        })
        .collect()
}

fn examples_mut(content: &mut Value) -> &mut Map<String, Value> {
    let root = content.as_object_mut().expect("checked to be an object");
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let examples = components
        .as_object_mut()
        .expect("made an object")
        .entry("examples")
        .or_insert_with(|| json!({}));
    if !examples.is_object() {
        *examples = json!({});
    }
    examples.as_object_mut().expect("made an object")
}

/// Applies one change to the function's shareable events and answers with
/// them as they are after it.
pub async fn change(client: &Client, request: &EventsRequest) -> Result<Vec<SavedEvent>, EventsRefusal> {
    let function = function_of(request);
    let existing = current(client, &function).await?;
    let content = match request {
        EventsRequest::Load { .. } => return Ok(existing.as_ref().map(events_in).unwrap_or_default()),
        EventsRequest::Save {
            name, body, replace, ..
        } => {
            check_name(name).map_err(EventsRefusal::Failed)?;
            check_body(body).map_err(EventsRefusal::Failed)?;
            let value: Value = serde_json::from_str(body)
                .map_err(|e| EventsRefusal::Failed(format!("a shareable event is JSON: {e}")))?;
            let Some(mut content) = existing else {
                return create(client, &function, name, body, value).await;
            };
            let examples = examples_mut(&mut content);
            if examples.contains_key(name) && !replace {
                return Err(EventsRefusal::Exists(name.clone()));
            }
            examples.insert(name.clone(), json!({ "value": value }));
            content
        }
        EventsRequest::Rename { from, to, .. } => {
            check_name(to).map_err(EventsRefusal::Failed)?;
            let mut content = existing.ok_or_else(|| EventsRefusal::Missing(from.clone()))?;
            let examples = examples_mut(&mut content);
            if examples.contains_key(to) && from != to {
                return Err(EventsRefusal::Exists(to.clone()));
            }
            let example = examples
                .remove(from)
                .ok_or_else(|| EventsRefusal::Missing(from.clone()))?;
            examples.insert(to.clone(), example);
            content
        }
        EventsRequest::Delete { name, .. } => {
            let mut content = existing.ok_or_else(|| EventsRefusal::Missing(name.clone()))?;
            let examples = examples_mut(&mut content);
            if examples.remove(name).is_none() {
                return Err(EventsRefusal::Missing(name.clone()));
            }
            if examples.is_empty() {
                client
                    .delete_schema()
                    .registry_name(REGISTRY)
                    .schema_name(schema_name(&function))
                    .send()
                    .await
                    .map_err(|e| refusal(&e))?;
                return Ok(Vec::new());
            }
            content
        }
    };
    client
        .update_schema()
        .registry_name(REGISTRY)
        .schema_name(schema_name(&function))
        .r#type(Type::OpenApi3)
        .content(content.to_string())
        .send()
        .await
        .map_err(|e| refusal(&e))?;
    keep_newest_versions(client, &function).await?;
    Ok(events_in(&content))
}

/// The function's first shareable event: the registry if it is missing,
/// then a schema discovered from the event, holding it as an example.
async fn create(
    client: &Client,
    function: &str,
    name: &str,
    body: &str,
    value: Value,
) -> Result<Vec<SavedEvent>, EventsRefusal> {
    match client.describe_registry().registry_name(REGISTRY).send().await {
        Ok(_) => {}
        Err(err) if is_not_found(&err) => {
            let created = client.create_registry().registry_name(REGISTRY).send().await;
            // Another console may have made it meanwhile.
            if let Err(err) = created
                && err.as_service_error().and_then(|e| e.code()) != Some("ConflictException")
            {
                return Err(refusal(&err));
            }
        }
        Err(err) => return Err(refusal(&err)),
    }
    let discovered = client
        .get_discovered_schema()
        .events(body)
        .r#type(Type::OpenApi3)
        .send()
        .await
        .map_err(|e| refusal(&e))?;
    let mut content = match discovered.content().map(serde_json::from_str::<Value>) {
        Some(Ok(content @ Value::Object(_))) => content,
        _ => json!({"openapi": "3.0.0", "info": {"version": "1.0.0", "title": "Event"}, "paths": {}}),
    };
    examples_mut(&mut content).insert(name.to_string(), json!({ "value": value }));
    client
        .create_schema()
        .registry_name(REGISTRY)
        .schema_name(schema_name(function))
        .r#type(Type::OpenApi3)
        .content(content.to_string())
        .send()
        .await
        .map_err(|e| refusal(&e))?;
    Ok(events_in(&content))
}

/// Deletes the oldest versions of the function's schema beyond five.
async fn keep_newest_versions(client: &Client, function: &str) -> Result<(), EventsRefusal> {
    let mut versions: Vec<u64> = Vec::new();
    let mut token: Option<String> = None;
    // Bounded: a schema with thousands of versions is trimmed over several saves.
    for _ in 0..20 {
        let page = client
            .list_schema_versions()
            .registry_name(REGISTRY)
            .schema_name(schema_name(function))
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| refusal(&e))?;
        versions.extend(
            page.schema_versions()
                .iter()
                .filter_map(|v| v.schema_version()?.parse::<u64>().ok()),
        );
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    versions.sort_unstable();
    let excess = versions.len().saturating_sub(VERSIONS_KEPT);
    for version in &versions[..excess] {
        let deleted = client
            .delete_schema_version()
            .registry_name(REGISTRY)
            .schema_name(schema_name(function))
            .schema_version(version.to_string())
            .send()
            .await;
        if let Err(err) = deleted
            && !is_not_found(&err)
        {
            return Err(refusal(&err));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_web_console_takes_come_through_from_a_schema() {
        let long = "n".repeat(10_000);
        let content = json!({"components": {"examples": {
            "ok-event_1.v2": {"value": {"a": 1}},
            "with space": {"value": {}},
            "\u{1b}]0;owned\u{7}": {"value": {}},
            long: {"value": {}},
        }}});
        let names: Vec<String> = events_in(&content).into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["ok-event_1.v2"]);
    }
}

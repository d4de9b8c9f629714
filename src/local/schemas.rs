//! The EventBridge Schemas operations that shareable test events use, as
//! the service answers them: registries, schemas with numbered versions,
//! and schema discovery from an event. Kept in memory, within bounds.
//! Over 500 lines: one service's nine operations and their bounds, which
//! share one in-memory registry and its byte count.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ACCOUNT, Endpoint, LambdaError, REGION, iso_now, lock};

/// Registries the endpoint holds.
const MAX_REGISTRIES: usize = 100;
/// Schemas all registries hold together.
const MAX_SCHEMAS: usize = 10_000;
/// What a schema takes besides its versions, counted against the total:
/// its name and a description of up to 256 characters.
fn schema_overhead(name: &str) -> usize {
    name.len() + 4 * MAX_DESCRIPTION_CHARS
}
/// Versions one schema keeps; the oldest go first.
const MAX_VERSIONS: usize = 100;
/// One version's content: a shareable event of 6,144,000 bytes and its schema.
const MAX_CONTENT_BYTES: usize = 8 * 1024 * 1024;
/// All content together, every version of every schema.
const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;
/// Events one discovery call reads.
const MAX_DISCOVERY_EVENTS: usize = 10;
/// Nesting the discovered schema follows: deeper values are left untyped.
const MAX_DISCOVERY_DEPTH: usize = 32;
const MAX_NAME_BYTES: usize = 385;
/// The service's own limit on descriptions.
const MAX_DESCRIPTION_CHARS: usize = 256;
/// Nodes a discovered schema describes: a wide event gets the start of its shape.
const MAX_DISCOVERY_NODES: usize = 10_000;

#[derive(Default)]
pub(super) struct Registries {
    by_name: HashMap<String, Registry>,
    total_bytes: usize,
    schema_count: usize,
}

#[derive(Default)]
struct Registry {
    description: Option<String>,
    schemas: BTreeMap<String, Schema>,
}

struct Schema {
    description: Option<String>,
    kind: String,
    versions: BTreeMap<u64, Version>,
    last_modified: String,
}

struct Version {
    content: String,
    created: String,
}

fn not_found(message: String) -> LambdaError {
    LambdaError::new(StatusCode::NOT_FOUND, "NotFoundException", message)
}

fn bad_request(message: impl Into<String>) -> LambdaError {
    LambdaError::new(StatusCode::BAD_REQUEST, "BadRequestException", message)
}

fn conflict(message: String) -> LambdaError {
    LambdaError::new(StatusCode::CONFLICT, "ConflictException", message)
}

fn registry_arn(name: &str) -> String {
    format!("arn:aws:schemas:{REGION}:{ACCOUNT}:registry/{name}")
}

fn schema_arn(registry: &str, name: &str) -> String {
    format!("arn:aws:schemas:{REGION}:{ACCOUNT}:schema/{registry}/{name}")
}

/// Names are visible ASCII, as Lambda function names (and so the schemas
/// named after them) are: nothing that could hide or reorder text.
fn check_name(name: &str) -> Result<(), LambdaError> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES || !name.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad_request(format!(
            "Names are 1 to {MAX_NAME_BYTES} visible ASCII characters"
        )));
    }
    Ok(())
}

/// A request body as a JSON object; Schemas answers anything else with
/// BadRequestException.
fn body_json(body: &Bytes) -> Result<Value, LambdaError> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    match serde_json::from_slice(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(bad_request("The request body must be a JSON object")),
        Err(e) => Err(bad_request(format!("Invalid request body: {e}"))),
    }
}

/// A description, within the service's limit.
fn description(body: &Value) -> Result<Option<String>, LambdaError> {
    let description = text_field(body, "Description")?;
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS)
    {
        return Err(bad_request(format!(
            "Description must be at most {MAX_DESCRIPTION_CHARS} characters"
        )));
    }
    Ok(description)
}

fn text_field(body: &Value, key: &str) -> Result<Option<String>, LambdaError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(bad_request(format!("{key} must be a string"))),
    }
}

fn check_kind(kind: &str) -> Result<(), LambdaError> {
    match kind {
        "OpenApi3" | "JSONSchemaDraft4" => Ok(()),
        other => Err(bad_request(format!(
            "Invalid Type {}: use OpenApi3 or JSONSchemaDraft4",
            crate::sanitize::one_line(other)
        ))),
    }
}

fn check_content(content: &str) -> Result<(), LambdaError> {
    if content.len() > MAX_CONTENT_BYTES {
        return Err(bad_request(format!(
            "Content must be at most {MAX_CONTENT_BYTES} bytes"
        )));
    }
    serde_json::from_str::<serde::de::IgnoredAny>(content)
        .map(|_| ())
        .map_err(|e| bad_request(format!("Content is not valid JSON: {e}")))
}

impl Schema {
    fn latest(&self) -> (u64, &Version) {
        let (number, version) = self.versions.last_key_value().expect("a schema has a version");
        (*number, version)
    }

    fn describe(&self, registry: &str, name: &str, number: u64, version: &Version) -> Value {
        json!({
            "Content": version.content,
            "Description": self.description,
            "LastModified": self.last_modified,
            "SchemaArn": schema_arn(registry, name),
            "SchemaName": name,
            "SchemaVersion": number.to_string(),
            "Type": self.kind,
            "VersionCreatedDate": version.created,
            "tags": {},
        })
    }
}

impl Registries {
    fn registry(&mut self, name: &str) -> Result<&mut Registry, LambdaError> {
        self.by_name.get_mut(name).ok_or_else(|| {
            not_found(format!(
                "Registry with name {} does not exist.",
                crate::sanitize::one_line(name)
            ))
        })
    }

    fn schema(&mut self, registry: &str, name: &str) -> Result<&mut Schema, LambdaError> {
        self.registry(registry)?.schemas.get_mut(name).ok_or_else(|| {
            not_found(format!(
                "Schema with name {} does not exist.",
                crate::sanitize::one_line(name)
            ))
        })
    }

    /// Makes room for `adding` bytes of content, or says there is none.
    fn room_for(&self, adding: usize) -> Result<(), LambdaError> {
        if self.total_bytes + adding > MAX_TOTAL_BYTES {
            return Err(bad_request(format!(
                "The local registry holds at most {} MB of schemas",
                MAX_TOTAL_BYTES / (1024 * 1024)
            )));
        }
        Ok(())
    }
}

pub(super) async fn create_registry(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    body: Bytes,
) -> Result<Response, LambdaError> {
    check_name(&name)?;
    let description = description(&body_json(&body)?)?;
    let mut registries = lock(&endpoint.schemas);
    if registries.by_name.contains_key(&name) {
        return Err(conflict(format!("Registry with name {name} already exists.")));
    }
    if registries.by_name.len() >= MAX_REGISTRIES {
        return Err(bad_request(format!(
            "The local endpoint holds at most {MAX_REGISTRIES} registries"
        )));
    }
    registries.by_name.insert(
        name.clone(),
        Registry {
            description: description.clone(),
            schemas: BTreeMap::new(),
        },
    );
    let answer =
        json!({"RegistryArn": registry_arn(&name), "RegistryName": name, "Description": description, "tags": {}});
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

pub(super) async fn describe_registry(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, LambdaError> {
    let mut registries = lock(&endpoint.schemas);
    let registry = registries.registry(&name)?;
    let answer = json!({
        "RegistryArn": registry_arn(&name),
        "RegistryName": name,
        "Description": registry.description,
        "tags": {},
    });
    Ok(Json(answer).into_response())
}

pub(super) async fn create_schema(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name)): UrlPath<(String, String)>,
    body: Bytes,
) -> Result<Response, LambdaError> {
    check_name(&name)?;
    let body = body_json(&body)?;
    let content = text_field(&body, "Content")?.ok_or_else(|| bad_request("Content is required"))?;
    let kind = text_field(&body, "Type")?.ok_or_else(|| bad_request("Type is required"))?;
    check_kind(&kind)?;
    check_content(&content)?;
    let mut registries = lock(&endpoint.schemas);
    let bytes = content.len() + schema_overhead(&name);
    registries.room_for(bytes)?;
    if registries.schema_count >= MAX_SCHEMAS {
        return Err(bad_request(format!(
            "The local endpoint holds at most {MAX_SCHEMAS} schemas"
        )));
    }
    let target = registries.registry(&registry)?;
    if target.schemas.contains_key(&name) {
        return Err(conflict(format!("Schema with name {name} already exists.")));
    }
    let now = iso_now();
    let schema = Schema {
        description: description(&body)?,
        kind,
        versions: BTreeMap::from([(
            1,
            Version {
                content,
                created: now.clone(),
            },
        )]),
        last_modified: now,
    };
    let (number, version) = schema.latest();
    let mut answer = schema.describe(&registry, &name, number, version);
    answer.as_object_mut().map(|a| a.remove("Content"));
    target.schemas.insert(name, schema);
    registries.total_bytes += bytes;
    registries.schema_count += 1;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// UpdateSchema: new content is a new version; the oldest beyond the bound go.
pub(super) async fn update_schema(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name)): UrlPath<(String, String)>,
    body: Bytes,
) -> Result<Response, LambdaError> {
    let body = body_json(&body)?;
    let content = text_field(&body, "Content")?;
    let kind = text_field(&body, "Type")?;
    if let Some(kind) = &kind {
        check_kind(kind)?;
    }
    if let Some(content) = &content {
        check_content(content)?;
    }
    let description = description(&body)?;
    let mut registries = lock(&endpoint.schemas);
    registries.room_for(content.as_ref().map_or(0, String::len))?;
    let schema = registries.schema(&registry, &name)?;
    let now = iso_now();
    let mut freed = 0;
    let mut added = 0;
    if let Some(content) = content
        && schema.latest().1.content != content
    {
        let next = schema.latest().0 + 1;
        added = content.len();
        schema.versions.insert(
            next,
            Version {
                content,
                created: now.clone(),
            },
        );
        while schema.versions.len() > MAX_VERSIONS {
            if let Some((_, oldest)) = schema.versions.pop_first() {
                freed += oldest.content.len();
            }
        }
    }
    if let Some(kind) = kind {
        schema.kind = kind;
    }
    if description.is_some() {
        schema.description = description;
    }
    schema.last_modified = now;
    let (number, version) = schema.latest();
    let mut answer = schema.describe(&registry, &name, number, version);
    answer.as_object_mut().map(|a| a.remove("Content"));
    registries.total_bytes = registries.total_bytes + added - freed;
    Ok(Json(answer).into_response())
}

/// Query strings are read as text and checked here, so a bad one gets the
/// service's error shape rather than a framework's plain text.
#[derive(Deserialize)]
pub(super) struct VersionQuery {
    #[serde(rename = "schemaVersion")]
    schema_version: Option<String>,
}

pub(super) async fn describe_schema(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name)): UrlPath<(String, String)>,
    Query(query): Query<VersionQuery>,
) -> Result<Response, LambdaError> {
    let mut registries = lock(&endpoint.schemas);
    let schema = registries.schema(&registry, &name)?;
    let (number, version) = match query.schema_version {
        None => schema.latest(),
        Some(wanted) => {
            let number: u64 = wanted
                .parse()
                .map_err(|_| bad_request("schemaVersion must be a number"))?;
            let version = schema
                .versions
                .get(&number)
                .ok_or_else(|| not_found(format!("Schema version {number} does not exist.")))?;
            (number, version)
        }
    };
    Ok(Json(schema.describe(&registry, &name, number, version)).into_response())
}

pub(super) async fn delete_schema(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name)): UrlPath<(String, String)>,
) -> Result<Response, LambdaError> {
    let mut registries = lock(&endpoint.schemas);
    registries.schema(&registry, &name)?;
    let removed = registries.registry(&registry)?.schemas.remove(&name);
    let freed: usize = removed
        .map(|schema| schema.versions.values().map(|v| v.content.len()).sum::<usize>() + schema_overhead(&name))
        .unwrap_or(0);
    registries.total_bytes -= freed;
    registries.schema_count -= 1;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    limit: Option<String>,
    #[serde(rename = "nextToken")]
    next_token: Option<String>,
}

pub(super) async fn list_schema_versions(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name)): UrlPath<(String, String)>,
    Query(page): Query<PageQuery>,
) -> Result<Response, LambdaError> {
    let mut registries = lock(&endpoint.schemas);
    let schema = registries.schema(&registry, &name)?;
    let limit = match page.limit {
        None => 100,
        Some(limit) => limit
            .parse::<usize>()
            .map_err(|_| bad_request("limit must be a number from 1 to 100"))?
            .clamp(1, 100),
    };
    let start: usize = match page.next_token {
        None => 0,
        Some(token) => token.parse().map_err(|_| bad_request("Invalid nextToken"))?,
    };
    let numbers: Vec<u64> = schema.versions.keys().copied().collect();
    let shown: Vec<Value> = numbers
        .iter()
        .skip(start)
        .take(limit)
        .map(|number| {
            json!({
                "SchemaArn": schema_arn(&registry, &name),
                "SchemaName": name,
                "SchemaVersion": number.to_string(),
                "Type": schema.kind,
            })
        })
        .collect();
    let next = start.saturating_add(limit);
    let mut answer = json!({ "SchemaVersions": shown });
    if next < numbers.len() {
        answer["NextToken"] = json!(next.to_string());
    }
    Ok(Json(answer).into_response())
}

pub(super) async fn delete_schema_version(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath((registry, name, version)): UrlPath<(String, String, String)>,
) -> Result<Response, LambdaError> {
    let number: u64 = version
        .parse()
        .map_err(|_| bad_request("SchemaVersion must be a number"))?;
    let mut registries = lock(&endpoint.schemas);
    let schema = registries.schema(&registry, &name)?;
    if !schema.versions.contains_key(&number) {
        return Err(not_found(format!("Schema version {number} does not exist.")));
    }
    if schema.latest().0 == number {
        return Err(bad_request("The latest version of a schema cannot be deleted"));
    }
    let freed = schema.versions.remove(&number).map_or(0, |v| v.content.len());
    registries.total_bytes -= freed;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GetDiscoveredSchema: an OpenAPI 3 schema of the events' shape.
pub(super) async fn get_discovered_schema(body: Bytes) -> Result<Response, LambdaError> {
    // Parsing and walking a large event is work for a blocking thread, not
    // for the threads that answer every other call.
    tokio::task::spawn_blocking(move || discover(&body))
        .await
        .map_err(|_| bad_request("The event could not be read"))?
}

fn discover(body: &Bytes) -> Result<Response, LambdaError> {
    let body = body_json(body)?;
    let kind = text_field(&body, "Type")?.ok_or_else(|| bad_request("Type is required"))?;
    if kind != "OpenApi3" {
        return Err(bad_request("Only OpenApi3 is discovered here"));
    }
    let events = match body.get("Events") {
        Some(Value::Array(events)) if !events.is_empty() && events.len() <= MAX_DISCOVERY_EVENTS => events,
        _ => {
            return Err(bad_request(format!(
                "Events is a list of 1 to {MAX_DISCOVERY_EVENTS} events"
            )));
        }
    };
    let first = match &events[0] {
        Value::String(text) => {
            serde_json::from_str::<Value>(text).map_err(|e| bad_request(format!("Event is not valid JSON: {e}")))?
        }
        _ => return Err(bad_request("Each event is a string of JSON")),
    };
    let content = json!({
        "openapi": "3.0.0",
        "info": { "version": "1.0.0", "title": "Event" },
        "paths": {},
        "components": { "schemas": { "Event": shape_of(&first, 0, &mut MAX_DISCOVERY_NODES.clone()) } },
    });
    Ok(Json(json!({ "Content": content.to_string() })).into_response())
}

/// The JSON Schema of a value's shape, as discovery infers it, describing
/// at most `nodes` values and `MAX_DISCOVERY_DEPTH` levels.
fn shape_of(value: &Value, depth: usize, nodes: &mut usize) -> Value {
    if depth >= MAX_DISCOVERY_DEPTH || *nodes == 0 {
        return json!({});
    }
    *nodes -= 1;
    match value {
        Value::Null => json!({}),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::String(_) => json!({ "type": "string" }),
        Value::Array(items) => match items.first() {
            Some(item) => json!({ "type": "array", "items": shape_of(item, depth + 1, nodes) }),
            None => json!({ "type": "array", "items": {} }),
        },
        Value::Object(map) => {
            let mut properties = serde_json::Map::new();
            for (key, value) in map {
                if *nodes == 0 {
                    break;
                }
                properties.insert(key.clone(), shape_of(value, depth + 1, nodes));
            }
            let required: Vec<&String> = properties.keys().collect();
            json!({ "type": "object", "required": required, "properties": properties })
        }
    }
}

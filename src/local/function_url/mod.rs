//! Function URLs and what else invokes a function: GetFunctionUrlConfig,
//! ListEventSourceMappings and GetPolicy answered from `function.toml`, and
//! the URL itself served under `/lambda-url/NAME/`. A request becomes
//! Lambda's function-URL event (payload format 2.0) and the function's
//! return becomes the HTTP response, as Lambda maps them. An AWS_IAM URL
//! checks that a SigV4 Authorization header is there; it does not verify
//! the signature.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

mod event;

pub use event::{UrlAnswer, UrlRequest, url_answer, url_event};

use super::spec::{FunctionSpec, UrlSpec};
use super::{ACCOUNT, Endpoint, LambdaError, REGION, SYNC_LIMIT, new_request_id, now_millis};

/// Where the endpoint serves a function's URL.
pub const URL_PREFIX: &str = "/lambda-url/";
/// A streamed answer's prelude is looked for in its first bytes only.
const MAX_PRELUDE: usize = 64 * 1024;
/// The methods a function URL takes (CONNECT would make a tunnel of it).
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The URL's id, as Lambda's 32-character url-id: stable for a name.
fn url_id(name: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn no_url(name: &str) -> LambdaError {
    LambdaError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("The resource you requested does not exist. (no [url] for {name})"),
    )
}

pub(super) async fn get_function_url_config(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    let spec = &runner.spec;
    let url = spec.url.as_ref().ok_or_else(|| no_url(&spec.name))?;
    // The Host the caller used is loopback (the guard saw to it): the URL
    // reaches this endpoint the same way.
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let modified = super::lambda_timestamp(spec.modified_unix);
    let mut out = json!({
        "FunctionUrl": format!("http://{host}{URL_PREFIX}{}/", spec.name),
        "FunctionArn": runner.arn,
        "AuthType": url.auth_type,
        "InvokeMode": url.invoke_mode,
        "CreationTime": modified,
        "LastModifiedTime": modified,
    });
    if let Some(cors) = &url.cors {
        out["Cors"] = json!({
            "AllowOrigins": cors.allow_origins,
            "AllowMethods": cors.allow_methods,
            "AllowHeaders": cors.allow_headers,
            "ExposeHeaders": cors.expose_headers,
            "AllowCredentials": cors.allow_credentials,
            "MaxAge": cors.max_age,
        });
    }
    Ok(([("content-type", "application/json")], out.to_string()).into_response())
}

#[derive(serde::Deserialize)]
pub(super) struct MappingQuery {
    #[serde(rename = "FunctionName")]
    function_name: Option<String>,
    #[serde(rename = "EventSourceArn")]
    event_source_arn: Option<String>,
}

/// A mapping's UUID: stable for its function and place in the file.
fn mapping_uuid(function: &str, index: usize) -> String {
    let id = url_id(&format!("{function}#{index}"));
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    )
}

pub(super) async fn list_event_source_mappings(
    State(endpoint): State<Arc<Endpoint>>,
    Query(query): Query<MappingQuery>,
) -> Result<Response, LambdaError> {
    let functions: Vec<Arc<super::runtime::Runner>> = match &query.function_name {
        Some(name) => vec![endpoint.resolve(name, None)?.0],
        None => endpoint.functions.clone(),
    };
    let mut mappings = Vec::new();
    for spec in functions.iter().map(|f| &f.spec) {
        let arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{}", spec.name);
        for (index, mapping) in spec.event_source_mappings.iter().enumerate() {
            if query
                .event_source_arn
                .as_ref()
                .is_some_and(|a| a != &mapping.source_arn)
            {
                continue;
            }
            let mut out = json!({
                "UUID": mapping_uuid(&spec.name, index),
                "EventSourceArn": mapping.source_arn,
                "FunctionArn": arn,
                "State": mapping.state,
                "StateTransitionReason": "USER_INITIATED",
                "BatchSize": mapping.batch_size,
                "MaximumBatchingWindowInSeconds": mapping.batching_window_seconds,
                "LastProcessingResult": mapping.last_processing_result,
                "LastModified": spec.modified_unix as f64,
            });
            if let Some(target) = &mapping.on_failure {
                out["DestinationConfig"] = json!({"OnFailure": {"Destination": target}});
            }
            mappings.push(out);
        }
    }
    Ok((
        [("content-type", "application/json")],
        json!({ "EventSourceMappings": mappings }).to_string(),
    )
        .into_response())
}

/// The resource-based policy a permission becomes, as GetPolicy returns it.
fn policy_of(spec: &FunctionSpec, arn: &str) -> Value {
    let statements: Vec<Value> = spec
        .permissions
        .iter()
        .map(|permission| {
            let principal = &permission.principal;
            let principal = if principal == "*" {
                json!("*")
            } else if principal.ends_with(".amazonaws.com") {
                json!({ "Service": principal })
            } else {
                json!({ "AWS": principal })
            };
            let mut condition = Map::new();
            if let Some(source) = &permission.source_arn {
                condition.insert("ArnLike".into(), json!({ "AWS:SourceArn": source }));
            }
            let mut equals = Map::new();
            if let Some(account) = &permission.source_account {
                equals.insert("AWS:SourceAccount".into(), json!(account));
            }
            if let Some(auth) = &permission.function_url_auth_type {
                equals.insert("lambda:FunctionUrlAuthType".into(), json!(auth));
            }
            if !equals.is_empty() {
                condition.insert("StringEquals".into(), Value::Object(equals));
            }
            let mut statement = json!({
                "Sid": permission.sid,
                "Effect": "Allow",
                "Principal": principal,
                "Action": permission.action,
                "Resource": arn,
            });
            if !condition.is_empty() {
                statement["Condition"] = Value::Object(condition);
            }
            statement
        })
        .collect();
    json!({ "Version": "2012-10-17", "Id": "default", "Statement": statements })
}

pub(super) async fn get_policy(
    State(endpoint): State<Arc<Endpoint>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, LambdaError> {
    let (runner, _) = endpoint.resolve(&name, None)?;
    if runner.spec.permissions.is_empty() {
        return Err(LambdaError::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            "The resource you requested does not exist.",
        ));
    }
    let policy = policy_of(&runner.spec, &runner.arn);
    Ok((
        [("content-type", "application/json")],
        json!({ "Policy": policy.to_string(), "RevisionId": url_id(&policy.to_string()) }).to_string(),
    )
        .into_response())
}

/// An answer of the URL itself, in the shape Lambda's front end gives.
fn url_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "Message": message }).to_string(),
    )
        .into_response()
}

fn respond(status: u16, headers: &[(String, String)], body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The access key of a SigV4 Authorization header, when there is one.
fn sigv4_access_key(headers: &HeaderMap) -> Option<String> {
    let auth = headers.get("authorization")?.to_str().ok()?;
    let rest = auth.strip_prefix("AWS4-HMAC-SHA256 ")?;
    if !rest.contains("Signature=") || !rest.contains("SignedHeaders=") {
        return None;
    }
    let credential = rest.split("Credential=").nth(1)?;
    let key = credential.split('/').next()?.trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// Any request under `/lambda-url/NAME`: the path after the name goes to
/// the function as it came (still percent-encoded, as Lambda passes it).
pub(super) async fn serve_url(
    state: State<Arc<Endpoint>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let rest = uri.path().strip_prefix(URL_PREFIX).unwrap_or_default();
    let (name, raw_path) = match rest.split_once('/') {
        Some((name, path)) => (name.to_string(), format!("/{path}")),
        None => (rest.to_string(), "/".to_string()),
    };
    serve(state, name, raw_path, method, uri, headers, body).await
}

async fn serve(
    State(endpoint): State<Arc<Endpoint>>,
    name: String,
    raw_path: String,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(runner) = endpoint.by_name.get(&name).cloned() else {
        return url_error(StatusCode::NOT_FOUND, "No function URL here");
    };
    let Some(url) = runner.spec.url.clone() else {
        return url_error(StatusCode::NOT_FOUND, "No function URL here");
    };
    if !METHODS.contains(&method.as_str()) {
        return url_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    let access_key = sigv4_access_key(&headers);
    if url.auth_type == "AWS_IAM" && access_key.is_none() {
        return url_error(StatusCode::FORBIDDEN, "Forbidden");
    }
    if body.len() > SYNC_LIMIT {
        return url_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request must be smaller than 6291456 bytes",
        );
    }
    let request_id = new_request_id();
    let domain = format!("{}.lambda-url.{REGION}.on.aws", url_id(&name));
    let event = url_event(&UrlRequest {
        method: method.as_str(),
        raw_path: &raw_path,
        raw_query: uri.query().unwrap_or(""),
        headers: &headers,
        body: &body,
        request_id: &request_id,
        domain: &domain,
        millis: now_millis(),
        access_key: access_key.as_deref().filter(|_| url.auth_type == "AWS_IAM"),
    });
    let event = Bytes::from(event.to_string());
    if event.len() > SYNC_LIMIT {
        return url_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request must be smaller than 6291456 bytes",
        );
    }
    let id = request_id.clone();
    let mut response = if url.invoke_mode == "RESPONSE_STREAM" {
        serve_streaming(runner, &url, request_id, event).await
    } else {
        match runner.invoke("$LATEST", request_id, event, None, None).await {
            Err(_) => url_error(StatusCode::TOO_MANY_REQUESTS, "Rate Exceeded."),
            Ok(result) if result.function_error.is_some() => {
                url_error(StatusCode::BAD_GATEWAY, "Internal Server Error")
            }
            Ok(result) => {
                let answer = url_answer(&result.body);
                respond(answer.status, &answer.headers, Body::from(answer.body))
            }
        }
    };
    // As Lambda's front end answers: the request id ties the call to its logs.
    response
        .headers_mut()
        .insert("x-amzn-requestid", super::header_value(&id));
    response
}

/// A RESPONSE_STREAM URL: the body goes as the function writes it, after
/// its prelude (status and headers, then eight NUL bytes) when it sends one.
async fn serve_streaming(
    runner: Arc<super::runtime::Runner>,
    _url: &UrlSpec,
    request_id: String,
    event: Bytes,
) -> Response {
    let (sink, mut chunks) = mpsc::channel::<Bytes>(8);
    let invoke = tokio::spawn(async move { runner.invoke("$LATEST", request_id, event, None, Some(sink)).await });
    // Up to the prelude's end, or the first bytes, whichever comes first.
    let mut head = Vec::new();
    let prelude_end = loop {
        match chunks.recv().await {
            Some(chunk) => {
                head.extend_from_slice(&chunk);
                if let Some(at) = head.windows(8).position(|w| w == [0u8; 8]) {
                    break Some(at);
                }
                if head.len() >= MAX_PRELUDE || !head.starts_with(b"{") {
                    break None;
                }
            }
            None => break None,
        }
    };
    let (status, headers, rest) = match prelude_end {
        Some(at) => {
            let prelude = url_answer(&head[..at]);
            let rest = head[at + 8..].to_vec();
            (prelude.status, prelude.headers, rest)
        }
        None if head.is_empty() => {
            // Nothing came: the invocation's own end says what happened.
            return match invoke.await {
                Ok(Ok(result)) if result.function_error.is_none() => {
                    let answer = url_answer(&result.body);
                    respond(answer.status, &answer.headers, Body::from(answer.body))
                }
                Ok(Err(_)) => url_error(StatusCode::TOO_MANY_REQUESTS, "Rate Exceeded."),
                _ => url_error(StatusCode::BAD_GATEWAY, "Internal Server Error"),
            };
        }
        None => (
            200,
            vec![("content-type".to_string(), "application/octet-stream".to_string())],
            head,
        ),
    };
    let first = futures::stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(rest)) });
    // After the last chunk, the invocation's end: a function that failed
    // part-way breaks the body off rather than ending it as if whole.
    let more = futures::stream::unfold(Some((chunks, invoke)), |state| async move {
        let (mut chunks, invoke) = state?;
        match chunks.recv().await {
            Some(chunk) => Some((Ok::<Bytes, std::io::Error>(chunk), Some((chunks, invoke)))),
            None => match invoke.await {
                Ok(Ok(result)) if result.function_error.is_none() => None,
                _ => Some((Err(std::io::Error::other("the function failed part-way")), None)),
            },
        }
    });
    use futures::StreamExt;
    respond(status, &headers, Body::from_stream(first.chain(more)))
}

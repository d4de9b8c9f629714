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
use base64::Engine;
use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use super::spec::{FunctionSpec, UrlSpec};
use super::{ACCOUNT, Endpoint, LambdaError, REGION, SYNC_LIMIT, civil_date, new_request_id, now_millis};

/// Where the endpoint serves a function's URL.
pub const URL_PREFIX: &str = "/lambda-url/";
/// A streamed answer's prelude is looked for in its first bytes only.
const MAX_PRELUDE: usize = 64 * 1024;
/// Headers and cookies a function's answer may set, at most (clients refuse
/// far fewer than a function could return).
const MAX_ANSWER_HEADERS: usize = 100;
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

/// Content types Lambda passes as text; any other body goes base64.
fn is_text(content_type: Option<&str>) -> bool {
    let Some(kind) = content_type else { return true };
    let kind = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    kind.starts_with("text/")
        || ["json", "xml", "javascript", "x-www-form-urlencoded", "graphql", "yaml"]
            .iter()
            .any(|text| kind.ends_with(text) || kind.contains(&format!("+{text}")))
}

/// `12/Mar/2020:19:03:58 +0000`, as requestContext.time gives it.
fn request_time(millis: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_date(millis / 1000);
    let t = (millis / 1000).rem_euclid(86_400);
    format!(
        "{d:02}/{}/{y:04}:{:02}:{:02}:{:02} +0000",
        MONTHS[(m as usize - 1) % 12],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// What the request was, as the event needs it.
pub struct UrlRequest<'a> {
    pub method: &'a str,
    pub raw_path: &'a str,
    pub raw_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub request_id: &'a str,
    pub domain: &'a str,
    pub millis: i64,
    /// For AWS_IAM: the access key the signature names.
    pub access_key: Option<&'a str>,
}

/// Lambda's function-URL event, payload format 2.0.
pub fn url_event(request: &UrlRequest) -> Value {
    let mut headers: Map<String, Value> = Map::new();
    let mut cookies: Vec<String> = Vec::new();
    for (name, value) in request.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        // Cookies leave the headers for a list of their own.
        if name.as_str() == "cookie" {
            cookies.extend(value.split(';').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()));
            continue;
        }
        match headers.get_mut(name.as_str()) {
            Some(Value::String(joined)) => {
                joined.push(',');
                joined.push_str(&value);
            }
            _ => {
                headers.insert(name.as_str().to_string(), json!(value));
            }
        }
    }
    let mut parameters: Map<String, Value> = Map::new();
    for pair in request.raw_query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (percent_decode(key), percent_decode(value));
        match parameters.get_mut(&key) {
            Some(Value::String(joined)) => {
                joined.push(',');
                joined.push_str(&value);
            }
            _ => {
                parameters.insert(key, json!(value));
            }
        }
    }
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    let prefix = request.domain.split('.').next().unwrap_or_default();
    let mut context = json!({
        "accountId": if request.access_key.is_some() { ACCOUNT } else { "anonymous" },
        "apiId": prefix,
        "domainName": request.domain,
        "domainPrefix": prefix,
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": "127.0.0.1",
            "userAgent": header("user-agent").unwrap_or_default(),
        },
        "requestId": request.request_id,
        "routeKey": "$default",
        "stage": "$default",
        "time": request_time(request.millis),
        "timeEpoch": request.millis,
    });
    if let Some(key) = request.access_key {
        context["authorizer"] = json!({"iam": {
            "accessKey": key,
            "accountId": ACCOUNT,
            "callerId": key,
            "cognitoIdentity": null,
            "principalOrgId": null,
            "userArn": format!("arn:aws:iam::{ACCOUNT}:user/local"),
            "userId": key,
        }});
    }
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": false,
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !parameters.is_empty() {
        event["queryStringParameters"] = Value::Object(parameters);
    }
    if !request.body.is_empty() {
        match std::str::from_utf8(request.body) {
            Ok(text) if is_text(header("content-type")) => event["body"] = json!(text),
            _ => {
                event["body"] = json!(base64::engine::general_purpose::STANDARD.encode(request.body));
                event["isBase64Encoded"] = json!(true);
            }
        }
    }
    event
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the HTTP response is made of.
#[derive(Debug, PartialEq)]
pub struct UrlAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The function's return as Lambda maps it: an object with `statusCode` is
/// the response as given; any other JSON is a 200 `application/json` body.
pub fn url_answer(returned: &[u8]) -> UrlAnswer {
    let plain = || UrlAnswer {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: returned.to_vec(),
    };
    let bad = || UrlAnswer {
        status: 502,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"Message":"Internal Server Error"}"#.to_vec(),
    };
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(returned) else {
        return plain();
    };
    let Some(status) = object.get("statusCode") else {
        return plain();
    };
    // A status that is no HTTP answer's (101 would turn the connection
    // into a tunnel) is the function's fault, as on Lambda.
    let Some(status) = status.as_u64().filter(|s| (200..=599).contains(s)) else {
        return bad();
    };
    // Framing is the server's: a function's content-length or
    // transfer-encoding would split or break the response.
    const FRAMING: [&str; 8] = [
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "proxy-connection",
    ];
    let mut headers: Vec<(String, String)> = object
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .take(MAX_ANSWER_HEADERS)
                .map(|(name, value)| {
                    let value = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
                    (name.to_ascii_lowercase(), value)
                })
                .filter(|(name, _)| !FRAMING.contains(&name.as_str()) && !name.starts_with("proxy-"))
                .collect()
        })
        .unwrap_or_default();
    for cookie in object
        .get("cookies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(MAX_ANSWER_HEADERS)
    {
        if let Some(cookie) = cookie.as_str() {
            headers.push(("set-cookie".into(), cookie.to_string()));
        }
    }
    let text = match object.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let body = if object.get("isBase64Encoded").and_then(Value::as_bool) == Some(true) {
        match base64::engine::general_purpose::STANDARD.decode(text.as_bytes()) {
            Ok(bytes) => bytes,
            Err(_) => return bad(),
        }
    } else {
        text.into_bytes()
    };
    // These statuses carry no body.
    let body = if matches!(status, 204 | 304) { Vec::new() } else { body };
    if !headers.iter().any(|(name, _)| name == "content-type") && !body.is_empty() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    UrlAnswer {
        status: status as u16,
        headers,
        body,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(headers: &'a HeaderMap, query: &'a str, body: &'a [u8]) -> UrlRequest<'a> {
        UrlRequest {
            method: "POST",
            raw_path: "/items/7",
            raw_query: query,
            headers,
            body,
            request_id: "r-1",
            domain: "abc.lambda-url.us-east-1.on.aws",
            millis: 1_583_348_638_390,
            access_key: None,
        }
    }

    #[test]
    fn a_request_becomes_the_documented_event() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.append("x-multi", HeaderValue::from_static("a"));
        headers.append("x-multi", HeaderValue::from_static("b"));
        headers.insert("cookie", HeaderValue::from_static("c1=v1; c2=v2"));
        headers.insert("user-agent", HeaderValue::from_static("curl/8"));
        let event = url_event(&request(&headers, "a=1&b=2&b=3&sp=x+y%21", br#"{"n": 1}"#));
        assert_eq!(event["version"], "2.0");
        assert_eq!(event["routeKey"], "$default");
        assert_eq!(event["rawPath"], "/items/7");
        assert_eq!(event["rawQueryString"], "a=1&b=2&b=3&sp=x+y%21");
        assert_eq!(event["cookies"], json!(["c1=v1", "c2=v2"]));
        assert_eq!(event["headers"]["x-multi"], "a,b");
        assert!(event["headers"].get("cookie").is_none(), "cookies leave the headers");
        assert_eq!(
            event["queryStringParameters"],
            json!({"a": "1", "b": "2,3", "sp": "x y!"})
        );
        assert_eq!(event["body"], r#"{"n": 1}"#);
        assert_eq!(event["isBase64Encoded"], false);
        let context = &event["requestContext"];
        assert_eq!(context["http"]["method"], "POST");
        assert_eq!(context["http"]["path"], "/items/7");
        assert_eq!(context["http"]["userAgent"], "curl/8");
        assert_eq!(context["time"], "04/Mar/2020:19:03:58 +0000");
        assert_eq!(context["timeEpoch"], 1_583_348_638_390i64);
        assert_eq!(context["accountId"], "anonymous");
        assert_eq!(context["domainPrefix"], "abc");
    }

    #[test]
    fn a_binary_body_goes_base64() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/octet-stream"));
        let event = url_event(&request(&headers, "", &[0, 159, 146, 150]));
        assert_eq!(event["isBase64Encoded"], true);
        assert_eq!(event["body"], "AJ+Slg==");
        assert!(event.get("queryStringParameters").is_none());
    }

    #[test]
    fn a_function_cannot_frame_or_split_the_response() {
        let split = url_answer(
            br#"{"statusCode": 200, "headers": {"Content-Length": "0", "Transfer-Encoding": "chunked", "Connection": "close", "X-Ok": "1"}, "body": "HTTP/1.1 200 OK\r\n\r\n"}"#,
        );
        let names: Vec<&str> = split.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"x-ok")
                && !names
                    .iter()
                    .any(|n| ["content-length", "transfer-encoding", "connection"].contains(n)),
            "{names:?}"
        );
        assert_eq!(url_answer(br#"{"statusCode": 101}"#).status, 502, "no tunnel");
        assert_eq!(url_answer(br#"{"statusCode": "200"}"#).status, 502);
        assert_eq!(
            url_answer(br#"{"statusCode": 200, "body": "!!", "isBase64Encoded": true}"#).status,
            502
        );
        assert!(url_answer(br#"{"statusCode": 204, "body": "x"}"#).body.is_empty());
    }

    #[test]
    fn returns_map_to_responses_as_lambda_maps_them() {
        let plain = url_answer(br#"{"ok": true}"#);
        assert_eq!(plain.status, 200);
        assert_eq!(plain.body, br#"{"ok": true}"#);
        assert!(
            plain
                .headers
                .contains(&("content-type".into(), "application/json".into()))
        );
        let given = url_answer(
            br#"{"statusCode": 201, "headers": {"X-Id": "7", "Content-Type": "text/plain"}, "cookies": ["s=1"], "body": "made"}"#,
        );
        assert_eq!(given.status, 201);
        assert_eq!(given.body, b"made");
        assert!(given.headers.contains(&("x-id".into(), "7".into())));
        assert!(given.headers.contains(&("set-cookie".into(), "s=1".into())));
        let binary = url_answer(br#"{"statusCode": 200, "body": "AJ+Slg==", "isBase64Encoded": true}"#);
        assert_eq!(binary.body, [0, 159, 146, 150]);
    }
}

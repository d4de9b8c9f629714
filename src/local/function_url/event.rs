//! A function URL's request as Lambda's event (payload format 2.0), and the
//! function's return as the HTTP response, mapped and checked as Lambda's
//! front end does.

use axum::http::HeaderMap;
use base64::Engine;
use serde_json::{Map, Value, json};

use super::super::{ACCOUNT, civil_date};

/// Headers and cookies a function's answer may set, at most (clients refuse
/// far fewer than a function could return).
const MAX_ANSWER_HEADERS: usize = 100;

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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

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

//! Function URLs on the embedded endpoint, called with curl rather than
//! the SDK (as a function's HTTP clients call it), and what else invokes a
//! function: event source mappings and the resource-based policy.

use std::process::Command;

use super::lambda;

/// curl's answer: status, lower-cased headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

fn curl(args: &[&str], body: Option<&[u8]>) -> Answer {
    let dir = std::env::temp_dir().join(format!("lambda-console-curl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let headers_file = dir.join(format!("h-{}", uuid::Uuid::new_v4()));
    let mut command = Command::new("curl");
    command
        .args(["-sS", "--max-time", "20", "-D"])
        .arg(&headers_file)
        .args(args);
    if let Some(body) = body {
        let body_file = dir.join(format!("b-{}", uuid::Uuid::new_v4()));
        std::fs::write(&body_file, body).unwrap();
        command.arg("--data-binary").arg(format!("@{}", body_file.display()));
    }
    let out = command.output().expect("curl runs (.ci/run installs it)");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let head = std::fs::read_to_string(&headers_file).unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: out.stdout,
    }
}

async fn url_of(function: &str) -> (String, String) {
    let config = lambda()
        .await
        .get_function_url_config()
        .function_name(function)
        .send()
        .await
        .unwrap();
    (
        config.function_url().to_string(),
        config.auth_type().as_str().to_string(),
    )
}

#[tokio::test]
async fn a_get_with_a_query_cookies_and_headers_becomes_the_documented_event() {
    let (url, auth) = url_of("web-api").await;
    assert_eq!(auth, "NONE");
    assert!(url.ends_with("/lambda-url/web-api/"), "{url}");
    let answer = curl(
        &[
            "-H",
            "X-Trace: one",
            "-H",
            "X-Trace: two",
            "-H",
            "Cookie: theme=dark; session=abc",
            "-A",
            "curl-test",
            &format!("{url}echo?a=1&b=2&b=3&q=x%20y"),
        ],
        None,
    );
    assert_eq!(answer.status, 200);
    // A return without statusCode is Lambda's 200 application/json.
    assert_eq!(answer.header("content-type"), ["application/json"]);
    let event = answer.json();
    assert_eq!(event["version"], "2.0");
    // The path as it came, still percent-encoded, as Lambda passes it.
    let encoded = curl(&[&format!("{url}a%2Fb%20c")], None).json();
    assert_eq!(
        encoded["message"], "no route GET /a%2Fb%20c",
        "web-api names the rawPath it got"
    );
    let connect = curl(&["-X", "CONNECT", &format!("{url}items")], None);
    assert_eq!(connect.status, 405, "no tunnel through a function URL");
    assert_eq!(event["routeKey"], "$default");
    assert_eq!(event["rawPath"], "/echo");
    assert_eq!(event["rawQueryString"], "a=1&b=2&b=3&q=x%20y");
    assert_eq!(
        event["queryStringParameters"],
        serde_json::json!({"a": "1", "b": "2,3", "q": "x y"})
    );
    assert_eq!(event["cookies"], serde_json::json!(["theme=dark", "session=abc"]));
    assert_eq!(
        event["headers"]["x-trace"], "one,two",
        "repeated headers joined, names lower-cased"
    );
    assert!(event["headers"].get("cookie").is_none());
    assert_eq!(event["isBase64Encoded"], false);
    assert!(event.get("body").is_none(), "a GET has no body");
    let context = &event["requestContext"];
    assert_eq!(context["http"]["method"], "GET");
    assert_eq!(context["http"]["path"], "/echo");
    assert_eq!(context["http"]["protocol"], "HTTP/1.1");
    assert_eq!(context["http"]["sourceIp"], "127.0.0.1");
    assert_eq!(context["http"]["userAgent"], "curl-test");
    assert_eq!(context["accountId"], "anonymous");
    assert!(
        context["domainName"]
            .as_str()
            .unwrap()
            .ends_with(".lambda-url.us-east-1.on.aws")
    );
    assert_eq!(context["requestId"].as_str().unwrap().len(), 36);
    assert!(context["timeEpoch"].as_i64().unwrap() > 1_700_000_000_000);
    assert!(context["time"].as_str().unwrap().ends_with(" +0000"));
}

#[tokio::test]
async fn posts_carry_text_as_text_and_binary_as_base64() {
    let (url, _) = url_of("web-api").await;
    let text = curl(
        &["-H", "Content-Type: application/json", &format!("{url}echo")],
        Some(br#"{"hello": "url"}"#),
    );
    let event = text.json();
    assert_eq!(event["requestContext"]["http"]["method"], "POST");
    assert_eq!(event["body"], r#"{"hello": "url"}"#);
    assert_eq!(event["isBase64Encoded"], false);
    let bytes = [0u8, 159, 146, 150, 255];
    let binary = curl(
        &["-H", "Content-Type: application/octet-stream", &format!("{url}echo")],
        Some(&bytes),
    );
    let event = binary.json();
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["body"], "AJ+Slv8=");
}

#[tokio::test]
async fn both_response_styles_map_back_with_status_headers_cookies_and_base64() {
    let (url, _) = url_of("web-api").await;
    let created = curl(
        &["-H", "Content-Type: application/json", &format!("{url}items")],
        Some(br#"{"name": "third"}"#),
    );
    assert_eq!(created.status, 201);
    assert_eq!(created.header("content-type"), ["application/json"]);
    assert!(
        created
            .header("set-cookie")
            .iter()
            .any(|c| c.starts_with("last-created=")),
        "{:?}",
        created.headers
    );
    assert_eq!(created.json()["name"], "third");
    let missing = curl(&[&format!("{url}items/999")], None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["message"], "no item 999");
    let binary = curl(&[&format!("{url}binary")], None);
    assert_eq!(binary.status, 200);
    assert_eq!(binary.header("content-type"), ["application/octet-stream"]);
    assert_eq!(
        binary.body,
        (0u8..8).collect::<Vec<u8>>(),
        "isBase64Encoded bodies are decoded"
    );
    let listed = curl(&[&format!("{url}items?limit=1")], None);
    assert_eq!(listed.json(), serde_json::json!([{"id": 1, "name": "first"}]));
    // The request id ties the call to its log lines, as Lambda's front end does.
    assert_eq!(listed.header("x-amzn-requestid")[0].len(), 36, "{:?}", listed.headers);
}

#[tokio::test]
async fn an_unhandled_error_is_a_502() {
    let (url, _) = url_of("web-api").await;
    let failed = curl(&[&format!("{url}fail")], None);
    assert_eq!(failed.status, 502);
    assert_eq!(failed.json()["Message"], "Internal Server Error");
}

#[tokio::test]
async fn an_aws_iam_url_wants_a_sigv4_header_and_streams_its_answer() {
    let (url, auth) = url_of("streamer").await;
    assert_eq!(auth, "AWS_IAM");
    let refused = curl(&[&format!("{url}?chunks=2&interval_ms=10")], None);
    assert_eq!(refused.status, 403, "no signature, no call");
    let signed = curl(
        &[
            "-H",
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261130/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
            &format!("{url}?chunks=3&interval_ms=10"),
        ],
        None,
    );
    assert_eq!(signed.status, 200);
    // The streamer's prelude set the content type; the chunks are the body.
    assert_eq!(signed.header("content-type"), ["text/plain"]);
    assert!(
        signed.header("transfer-encoding").contains(&"chunked"),
        "{:?}",
        signed.headers
    );
    let body = String::from_utf8(signed.body).unwrap();
    assert!(
        body.starts_with("chunk 1 of 3") && body.contains("chunk 3 of 3"),
        "{body}"
    );
}

#[tokio::test]
async fn mappings_and_the_policy_say_what_else_invokes_a_function() {
    let client = lambda().await;
    let mappings = client
        .list_event_source_mappings()
        .function_name("web-api")
        .send()
        .await
        .unwrap();
    let mapping = &mappings.event_source_mappings()[0];
    assert_eq!(
        mapping.event_source_arn(),
        Some("arn:aws:sqs:us-east-1:000000000000:web-api-jobs")
    );
    assert_eq!(mapping.state(), Some("Enabled"));
    assert_eq!(
        (mapping.batch_size(), mapping.maximum_batching_window_in_seconds()),
        (Some(10), Some(5))
    );
    assert_eq!(mapping.last_processing_result(), Some("OK"));
    let on_failure = mapping
        .destination_config()
        .and_then(|d| d.on_failure())
        .and_then(|f| f.destination());
    assert_eq!(on_failure, Some("arn:aws:sqs:us-east-1:000000000000:web-api-dlq"));
    let policy = client.get_policy().function_name("web-api").send().await.unwrap();
    let policy: serde_json::Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    let statements = policy["Statement"].as_array().unwrap();
    assert_eq!(statements[1]["Principal"]["Service"], "s3.amazonaws.com");
    assert_eq!(
        statements[1]["Condition"]["ArnLike"]["AWS:SourceArn"],
        "arn:aws:s3:::web-api-uploads"
    );
    assert_eq!(statements[0]["Action"], "lambda:InvokeFunctionUrl");
    // A function with no permissions has no policy, as on Lambda.
    let none = client.get_policy().function_name("echo").send().await.unwrap_err();
    assert!(none.into_service_error().is_resource_not_found_exception());
    let none = client
        .get_function_url_config()
        .function_name("echo")
        .send()
        .await
        .unwrap_err();
    assert!(none.into_service_error().is_resource_not_found_exception());
}

/// A streaming function that fails part-way breaks the body off: a client
/// does not take what came for the whole answer.
#[tokio::test]
async fn a_stream_that_fails_part_way_is_broken_off_not_ended() {
    let (url, _) = url_of("streamer").await;
    let out = Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "-H",
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261130/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00",
            &format!("{url}?chunks=4&interval_ms=10&fail_after=2"),
        ])
        .output()
        .unwrap();
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(body.contains("chunk 2 of 4") && !body.contains("chunk 3"), "{body}");
    assert!(
        !out.status.success(),
        "curl sees the body broken off: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

//! What invokes a function, in Details: its URL, its event source mappings
//! and whom its policy lets call it, each refused in its own place.

use std::time::Duration;

use super::support::local::raw_http;
use super::support::pty::Console;
use super::support::serve_local::ServeLocal as Server;
use super::{aws_env, free_port, fresh_home};

#[test]
fn details_show_the_url_the_mappings_and_the_principals_and_a_refusal_in_place() {
    let home = fresh_home("url-details");
    let (port, url) = free_port();
    let _server = Server::start(port, &home, &[]);
    let mut env = aws_env();
    env.push(("AWS_REGION", "us-east-1"));
    let mut console = Console::start_sized(Some(&home), &["--endpoint-url", &url], &env, (60, 200));
    console.wait_for("Functions 7/7");
    // The next GetPolicy is refused; the other calls are served.
    let fault = r#"{"status": 403, "type": "AccessDeniedException", "message": "no lambda:GetPolicy for you", "only": "/policy"}"#;
    let answer = raw_http(&url, "POST /local/fault", &[], fault.as_bytes());
    assert_eq!(answer.map(|(status, _)| status), Some(204));
    console.send("G");
    let screen = console.wait_for("triggers sqs web-api-jobs");
    assert!(
        screen.contains(&format!("url {url}/lambda-url/web-api/ (NONE, BUFFERED)")),
        "{screen}"
    );
    assert!(
        screen.contains("Enabled batch 10/5s, last OK, failures to web-api-dlq"),
        "{screen}"
    );
    assert!(
        screen.contains("may invoke ✘ AccessDeniedException"),
        "the refusal is said in its place: {screen}"
    );
    // Back on it later, the policy is read again and its principals shown.
    console.send("k");
    console.wait_for("▶ streamer @ $LATEST");
    console.send("r");
    console.wait_for("Functions 7/7");
    console.send("G");
    let screen = console.wait_until("the principals", Duration::from_secs(10), |s| {
        s.contains("may invoke * (URL, NONE)")
    });
    assert!(
        screen.contains("s3.amazonaws.com from arn:aws:s3:::web-api-uploads"),
        "{screen}"
    );
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// Type `url`: Ctrl-R opens the request form over the function's URL; the
/// answer shows its status, headers and body. For an AWS_IAM URL the
/// request is signed: the function sees the SigV4 Authorization header.
#[test]
fn a_url_invocation_shows_status_headers_and_body_and_signs_for_aws_iam() {
    let home = fresh_home("url-invoke");
    let functions = home.join("functions");
    super::support::local::write_samples(&functions);
    // web-api behind an AWS_IAM URL: its /echo answers the event it got.
    let dir = functions.join("iam-api");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(functions.join("web-api/bootstrap"), dir.join("bootstrap")).unwrap();
    std::fs::write(
        dir.join("function.toml"),
        "name = \"iam-api\"\n[url]\nauth_type = \"AWS_IAM\"\n",
    )
    .unwrap();
    let mut console = Console::start_sized(
        Some(&home),
        &["--local", "--functions", functions.to_str().unwrap()],
        &[],
        (60, 240),
    );
    console.wait_for("Functions 8/8");
    console.send("/");
    console.type_text("web-api");
    console.wait_for("Functions 1/8");
    console.send("\r");
    console.send(":");
    console.type_text("type url\r");
    // Its URL is read with the rest of Details.
    console.wait_for("(NONE, BUFFERED)");
    console.send("\x12");
    console.wait_for("Request to web-api's URL");
    console.type_text("/items/2\r");
    let screen = console.wait_for("HTTP 200");
    assert!(
        screen.contains("GET http://127.0.0.1:") && screen.contains("/lambda-url/web-api/items/2"),
        "{screen}"
    );
    assert!(
        screen.contains("content-type: application/json"),
        "the headers: {screen}"
    );
    assert!(screen.contains(r#""name": "second""#), "the body: {screen}");
    // A 404 from the function is its status, as its clients see it.
    console.send("\x12");
    console.wait_for("Request to web-api's URL");
    console.type_text("/items/999\r");
    let screen = console.wait_for("HTTP 404");
    assert!(screen.contains("no item 999"), "{screen}");
    // The AWS_IAM one: signed with the console's credentials.
    console.send("/");
    console.send("\x15");
    console.type_text("iam-api");
    console.wait_for("Functions 1/8");
    console.send("\r");
    console.wait_for("(AWS_IAM, BUFFERED)");
    console.send("\x12");
    let screen = console.wait_for("Request to iam-api's URL");
    assert!(screen.contains("AWS_IAM: signed with SigV4"), "{screen}");
    console.type_text("/echo\r");
    let screen = console.wait_for("HTTP 200");
    assert!(
        screen.contains(r#""authorization": "AWS4-HMAC-SHA256 Credential=local/"#),
        "the function saw the signature: {screen}"
    );
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

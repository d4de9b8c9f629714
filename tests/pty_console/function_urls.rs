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

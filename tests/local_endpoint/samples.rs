//! The samples run natively by the binary (what `--local` writes) against
//! their python twins in assets/functions: the same answers, the same
//! error types and messages, the same lines logged.

use super::{body_json, invoke, lambda, tail_of};

/// The function's own lines in a log tail: between START and END.
fn own_lines(tail: &str) -> Vec<String> {
    tail.lines()
        .filter(|l| !l.starts_with("START ") && !l.starts_with("END ") && !l.starts_with("REPORT "))
        // Request ids and time left differ between the twins' calls.
        .map(|l| {
            [" for ", " (", " with "]
                .iter()
                .fold(l, |l, cut| l.split(cut).next().unwrap_or(l))
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn each_native_sample_answers_as_its_python_twin() {
    let client = lambda().await;
    let cases: &[(&str, &str)] = &[
        ("echo", r#"{"from": "twin", "n": [1, 2.5, "é"]}"#),
        ("echo", ""),
        ("slow", r#"{"seconds": 0.05}"#),
        ("flaky", r#"{"fail": true}"#),
        ("flaky", r#"{"failure_rate": 0}"#),
        ("crash", "{}"),
        ("crash", r#"{"order": {"items": []}}"#),
        ("crash", r#"{"order": {"items": [{"sku": "A-1"}]}}"#),
        ("chatty", r#"{"lines": 12}"#),
        ("slow", "[1]"),
        // web-api takes function-URL events (its state is per environment:
        // only reads that do not depend on what other tests added).
        (
            "web-api",
            r#"{"rawPath": "/items", "queryStringParameters": {"limit": "2"}, "requestContext": {"http": {"method": "GET"}}}"#,
        ),
        (
            "web-api",
            r#"{"rawPath": "/items/2", "requestContext": {"http": {"method": "GET"}}}"#,
        ),
        (
            "web-api",
            r#"{"rawPath": "/nowhere", "requestContext": {"http": {"method": "PUT"}}}"#,
        ),
        (
            "web-api",
            r#"{"rawPath": "/binary", "requestContext": {"http": {"method": "GET"}}}"#,
        ),
        (
            "web-api",
            r#"{"rawPath": "/fail", "requestContext": {"http": {"method": "GET"}}}"#,
        ),
        ("web-api", "{}"),
    ];
    for (name, payload) in cases {
        let native = invoke(&client, name, payload).await;
        let python = invoke(&client, &format!("py-{name}"), payload).await;
        let what = format!("{name} with {payload:?}");
        assert_eq!(native.function_error(), python.function_error(), "{what}");
        let (native_body, python_body) = (body_json(&native), body_json(&python));
        if native.function_error().is_some() {
            assert_eq!(native_body["errorType"], python_body["errorType"], "{what}");
            let message = |body: &serde_json::Value| {
                let text = body["errorMessage"].as_str().unwrap_or_default().to_string();
                text.split(" (").next().unwrap_or_default().to_string()
            };
            assert_eq!(message(&native_body), message(&python_body), "{what}");
            assert!(native_body["stackTrace"].is_array(), "{what}: {native_body}");
        } else {
            assert_eq!(
                native.payload().unwrap().as_ref(),
                python.payload().unwrap().as_ref(),
                "{what}: the same bytes"
            );
        }
        assert_eq!(own_lines(&tail_of(&native)), own_lines(&tail_of(&python)), "{what}");
    }
}

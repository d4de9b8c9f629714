//! Hostile requests against the embedded endpoint: random tokens, limits,
//! times, qualifiers, headers, bodies and paths, over real HTTP. Every one
//! must get an answer that is not a server error (a 500 means a handler
//! panicked), and the endpoint must serve a normal call afterwards.
//!
//! The case count and the seed come from LAMBDA_CONSOLE_FUZZ_CASES and
//! LAMBDA_CONSOLE_FUZZ_SEED (2,000 cases and a fixed seed by default).

mod support;

use support::local::{endpoint, raw_http};

/// xorshift64*: small, seedable, good enough to pick cases.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }

    /// A number a client might send: edges, negatives, huge, not a number.
    fn number(&mut self) -> String {
        match self.below(8) {
            0 => "0".into(),
            1 => "-1".into(),
            2 => u64::MAX.to_string(),
            3 => i64::MIN.to_string(),
            4 => "1e309".into(),
            5 => "\"12\"".into(),
            6 => (self.next() % 100_000).to_string(),
            _ => "null".into(),
        }
    }

    /// A paging token: the shapes the endpoint hands out, at the edges.
    fn token(&mut self) -> String {
        match self.below(8) {
            0 => "f/18446744073709551615".into(),
            1 => "b/18446744073709551615".into(),
            2 => format!("f/{}", self.below(50)),
            3 => format!("b/{}", self.below(50)),
            4 => "18446744073709551615".into(),
            5 => format!("{}", self.below(50)),
            6 => format!("{:020}{:020}", self.next() % 10, self.next()),
            _ => self.text(),
        }
    }

    /// A string a client might send: empty, long, odd bytes, a token shape.
    fn text(&mut self) -> String {
        match self.below(9) {
            0 => String::new(),
            1 => "x".repeat(self.below(70_000)),
            2 => "f/18446744073709551615".into(),
            3 => format!("b/{}", self.next()),
            4 => "\u{202e}\u{1b}[2J\u{0}".into(),
            5 => "../../etc/passwd".into(),
            6 => format!("{:020}{:020}", self.next(), self.next()),
            7 => "🙂".repeat(self.below(50)),
            _ => self.next().to_string(),
        }
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A Logs API call with hostile fields; `streams` are real stream names, so
/// that tokens and limits reach the code that reads events.
fn logs_request(random: &mut Random, streams: &[String]) -> (String, Vec<(String, String)>, Vec<u8>) {
    let operation = random.pick(&[
        "FilterLogEvents",
        "GetLogEvents",
        "DescribeLogStreams",
        "DescribeLogGroups",
        "PutLogEvents",
        "",
    ]);
    let group = random.pick(&[
        "/aws/lambda/echo",
        "/aws/lambda/echo",
        "/aws/lambda/none",
        "",
        "/aws/lambda/echo\u{0}",
    ]);
    let mut fields = vec![format!("\"logGroupName\": {}", json_string(group))];
    for name in [
        "nextToken",
        "logStreamName",
        "filterPattern",
        "logStreamNamePrefix",
        "logGroupNamePrefix",
    ] {
        if random.below(2) == 0 {
            let value = match (name, streams.is_empty() || random.below(4) == 0) {
                ("logStreamName", false) => streams[random.below(streams.len())].clone(),
                ("nextToken", _) => random.token(),
                _ => random.text(),
            };
            fields.push(format!("\"{name}\": {}", json_string(&value)));
        }
    }
    for name in ["limit", "startTime", "endTime"] {
        if random.below(2) == 0 {
            fields.push(format!("\"{name}\": {}", random.number()));
        }
    }
    if random.below(4) == 0 {
        fields.push("\"logStreamNames\": [\"a\", 1, null]".into());
    }
    let body = match random.below(10) {
        0 => random.text(),
        1 => "[".repeat(100_000),
        _ => format!("{{{}}}", fields.join(", ")),
    };
    let headers = vec![
        ("X-Amz-Target".to_string(), format!("Logs_20140328.{operation}")),
        ("Content-Type".to_string(), "application/x-amz-json-1.1".to_string()),
    ];
    ("POST /".to_string(), headers, body.into_bytes())
}

/// A Lambda API call with hostile query strings, headers and bodies.
fn lambda_request(random: &mut Random) -> (String, Vec<(String, String)>, Vec<u8>) {
    let function = random.pick(&[
        "echo",
        "crash",
        "nope",
        "echo:live",
        "echo:999",
        "arn:aws:lambda:us-east-1:000000000000:function:echo:1",
        "%2e%2e",
    ]);
    let query = |random: &mut Random| {
        let value: String = random.text().bytes().take(200).map(|b| format!("%{b:02X}")).collect();
        match random.below(4) {
            0 => format!("?Marker={value}&MaxItems={}", random.number().trim_matches('"')),
            1 => format!("?Qualifier={value}"),
            2 => "?MaxItems=-5".to_string(),
            _ => String::new(),
        }
    };
    let q = query(random);
    let (line, body) = match random.below(6) {
        0 => (format!("GET /2015-03-31/functions{q}"), Vec::new()),
        1 => (format!("GET /2015-03-31/functions/{function}{q}"), Vec::new()),
        2 => (format!("GET /2015-03-31/functions/{function}/versions{q}"), Vec::new()),
        3 => (format!("GET /2015-03-31/functions/{function}/aliases{q}"), Vec::new()),
        4 => (
            format!("PUT /2019-09-25/functions/{function}/event-invoke-config{q}"),
            format!(
                "{{\"MaximumRetryAttempts\": {}, \"MaximumEventAgeInSeconds\": {}}}",
                random.number(),
                random.number()
            )
            .into_bytes(),
        ),
        _ => (
            format!("POST /2015-03-31/functions/{function}/invocations{q}"),
            match random.below(4) {
                0 => random.text().into_bytes(),
                1 => (0..random.below(3000)).map(|_| random.next() as u8).collect(),
                _ => b"{\"ok\": 1}".to_vec(),
            },
        ),
    };
    let mut headers = vec![(
        "X-Amz-Invocation-Type".to_string(),
        // Mostly calls that do not run the function, so the endpoint is not
        // just busy running echo.
        random
            .pick(&["DryRun", "DryRun", "RequestResponse", "Event", "Bogus", ""])
            .to_string(),
    )];
    if random.below(2) == 0 {
        headers.push(("X-Amz-Log-Type".into(), random.pick(&["Tail", "None", "Nope"]).into()));
    }
    if random.below(3) == 0 {
        headers.push((
            "X-Amz-Client-Context".into(),
            random.pick(&["e30=", "!!!", "eyJ", ""]).into(),
        ));
    }
    (line, headers, body)
}

/// The Schemas operations shareable events use, with hostile names,
/// versions, pages and bodies.
fn schemas_request(random: &mut Random) -> (String, Vec<(String, String)>, Vec<u8>) {
    let registry = random.pick(&["lambda-testevent-schemas", "r", "%00", "%2e%2e", "x%0Ay"]);
    let schema = random.pick(&["_echo-schema", "s", "%FF%FE", "a%2Fb"]);
    let base = format!("/v1/registries/name/{registry}");
    let content = match random.below(4) {
        0 => json_string(&random.text()),
        1 => json_string("{\"components\": {\"examples\": 5}}"),
        2 => random.number(),
        _ => json_string(r#"{"openapi": "3.0.0"}"#),
    };
    let kind = random.pick(&["\"OpenApi3\"", "\"JSONSchemaDraft4\"", "\"Avro\"", "7", "null"]);
    let body = format!(
        "{{\"Content\": {content}, \"Type\": {kind}, \"Description\": {}}}",
        random.number()
    );
    let (line, body) = match random.below(9) {
        0 => (format!("POST {base}"), random.text().into_bytes()),
        1 => (format!("GET {base}"), Vec::new()),
        2 => (format!("POST {base}/schemas/name/{schema}"), body.into_bytes()),
        3 => (format!("PUT {base}/schemas/name/{schema}"), body.into_bytes()),
        4 => (
            format!(
                "GET {base}/schemas/name/{schema}?schemaVersion={}",
                random.number().trim_matches('"')
            ),
            Vec::new(),
        ),
        5 => (format!("DELETE {base}/schemas/name/{schema}"), Vec::new()),
        6 => (
            format!(
                "GET {base}/schemas/name/{schema}/versions?limit={}&nextToken={}",
                random.number().trim_matches('"'),
                random.number().trim_matches('"')
            ),
            Vec::new(),
        ),
        7 => (
            format!(
                "DELETE {base}/schemas/name/{schema}/version/{}",
                random.number().trim_matches('"')
            ),
            Vec::new(),
        ),
        _ => {
            let deep = format!("{}1{}", "[".repeat(random.below(200)), "]".repeat(random.below(200)));
            let event = match random.below(3) {
                0 => json_string(&deep),
                1 => json_string(&random.text()),
                _ => random.number(),
            };
            (
                "POST /v1/discover".to_string(),
                format!("{{\"Events\": [{event}], \"Type\": {kind}}}").into_bytes(),
            )
        }
    };
    (
        line,
        vec![("Content-Type".to_string(), "application/json".to_string())],
        body,
    )
}

#[test]
fn hostile_requests_get_answers_and_the_endpoint_goes_on() {
    let url = endpoint();
    let cases: usize = std::env::var("LAMBDA_CONSOLE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let seed: u64 = std::env::var("LAMBDA_CONSOLE_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5EED_1A3B_DA00_0001);
    let mut random = Random(seed.max(1));
    let (status, _) = raw_http(url, "POST /2015-03-31/functions/echo/invocations", &[], b"{}").unwrap();
    assert_eq!(status, 200, "echo runs, so its log group has streams");
    let (_, described) = raw_http(
        url,
        "POST /",
        &[("X-Amz-Target", "Logs_20140328.DescribeLogStreams")],
        br#"{"logGroupName": "/aws/lambda/echo"}"#,
    )
    .unwrap();
    let described: serde_json::Value = serde_json::from_slice(&described).unwrap();
    let streams: Vec<String> = described["logStreams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["logStreamName"].as_str().unwrap().to_string())
        .collect();
    assert!(!streams.is_empty());
    let mut statuses = std::collections::BTreeMap::new();
    for case in 0..cases {
        let (line, headers, body) = match random.below(3) {
            0 => logs_request(&mut random, &streams),
            1 => lambda_request(&mut random),
            _ => schemas_request(&mut random),
        };
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let answer = raw_http(url, &line, &headers, &body);
        let Some((status, answer_body)) = answer else {
            panic!("case {case} (seed {seed}): no answer to {line} {headers:?}");
        };
        assert!(
            status < 500 || status == 502,
            "case {case} (seed {seed}): {status} for {line} {headers:?}: {}",
            String::from_utf8_lossy(&answer_body)
        );
        *statuses.entry(status).or_insert(0) += 1;
    }
    println!("{cases} hostile requests (seed {seed}), answers by status: {statuses:?}");
    // Normal calls still work.
    let (status, body) = raw_http(url, "GET /2015-03-31/functions", &[], b"").unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("\"echo\""));
    let (status, body) = raw_http(
        url,
        "POST /2015-03-31/functions/echo/invocations",
        &[("X-Amz-Invocation-Type", "RequestResponse")],
        b"{\"after\": \"the storm\"}",
    )
    .unwrap();
    assert_eq!(
        (status, String::from_utf8_lossy(&body).as_ref()),
        (200, "{\"after\": \"the storm\"}")
    );
}

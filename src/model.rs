//! Plain data shared by the state side and the background side.
//! Over 500 lines with its tests: the response laid out for display
//! (bodies, errors, REPORT) and its tests sit beside the types they shape.

use crate::report::Report;
use crate::sanitize::{sanitize, sanitize_lines};

/// Where the console is connected, for the header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConnectionInfo {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Shown only when the endpoint is overridden.
    pub endpoint: Option<String>,
    /// The account the credentials belong to (STS), once known.
    pub account: Option<String>,
}

/// A function's async settings (GetFunctionEventInvokeConfig, or Lambda's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct EventConfig {
    pub maximum_retry_attempts: u32,
    pub maximum_event_age_seconds: u32,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
}

impl Default for EventConfig {
    fn default() -> Self {
        EventConfig {
            maximum_retry_attempts: 2,
            maximum_event_age_seconds: 21_600,
            on_success: None,
            on_failure: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FunctionInfo {
    pub name: String,
    pub arn: String,
    /// `provided.al2023`, `python3.12`..., or `image` for container functions.
    pub runtime: String,
    pub memory_mb: Option<i32>,
    pub timeout_s: Option<i32>,
    pub last_modified: String,
    pub description: String,
    pub handler: String,
    pub architectures: Vec<String>,
    pub role: String,
    /// LoggingConfig.LogGroup when set, else `/aws/lambda/NAME`.
    pub log_group: String,
    /// `Active`, `Pending`, `Inactive` or `Failed` (empty when not said).
    pub state: String,
    pub state_reason: String,
    /// `Successful`, `InProgress` or `Failed`.
    pub last_update_status: String,
    pub code_size: i64,
    pub code_sha256: String,
    pub ephemeral_storage_mb: Option<i32>,
    /// Names and values; the values are shown only when asked for.
    pub environment: EnvVars,
    pub layers: Vec<String>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// SnapStart's ApplyOn, when not `None`.
    pub snap_start: Option<String>,
    pub dead_letter: Option<String>,
}

/// Environment variables, by name. Values often hold secrets: Debug (and so
/// any log line or crash report made from it) shows the names only.
#[derive(Clone, PartialEq, Default)]
pub struct EnvVars(pub Vec<(String, String)>);

impl std::fmt::Debug for EnvVars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(name, _)| name)).finish()
    }
}

/// Serialized (for the list cache) as names only: values stay off the disk.
impl serde::Serialize for EnvVars {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(name, _)| name))
    }
}

impl<'de> serde::Deserialize<'de> for EnvVars {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(deserializer)?;
        Ok(EnvVars(names.into_iter().map(|name| (name, String::new())).collect()))
    }
}

impl std::ops::Deref for EnvVars {
    type Target = Vec<(String, String)>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl FunctionInfo {
    pub fn default_log_group(name: &str) -> String {
        format!("/aws/lambda/{name}")
    }

    /// Why an invoke now may not run as expected, when the function is not
    /// ready: Pending, Inactive or Failed, or an update in progress or failed.
    pub fn not_ready(&self) -> Option<String> {
        let reason = if self.state_reason.is_empty() {
            String::new()
        } else {
            format!(" ({})", crate::sanitize::one_line(&self.state_reason))
        };
        match (self.state.as_str(), self.last_update_status.as_str()) {
            (state @ ("Pending" | "Inactive" | "Failed"), _) => Some(format!("is {state}{reason}")),
            (_, status @ ("InProgress" | "Failed")) => Some(format!("has its last update {status}{reason}")),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VersionInfo {
    pub version: String,
    pub description: String,
    pub last_modified: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AliasInfo {
    pub name: String,
    pub function_version: String,
    pub description: String,
}

/// Versions and aliases of one function, loaded when it is selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    pub versions: Vec<VersionInfo>,
    pub aliases: Vec<AliasInfo>,
    /// Each loaded on its own: a refusal (AccessDenied, say) of one is said
    /// in its place and hides nothing else.
    pub reserved_concurrency: Result<Option<i32>, String>,
    /// Qualifier, requested, available, status.
    pub provisioned: Result<Vec<(String, i32, i32, String)>, String>,
    /// The function URL, its auth type and invoke mode; None when it has none.
    pub url: Result<Option<(String, String, String)>, String>,
    pub tags: Result<Vec<(String, String)>, String>,
    /// What reads queues and streams into it (ListEventSourceMappings).
    pub mappings: Result<Vec<MappingInfo>, String>,
    /// Who may invoke it: its resource-based policy's statements (GetPolicy).
    pub grants: Result<Vec<Grant>, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappingInfo {
    pub source_arn: String,
    pub state: String,
    pub batch_size: Option<i32>,
    pub batching_window_seconds: Option<i32>,
    pub last_result: String,
    pub on_failure: Option<String>,
}

/// Grants and mappings kept for Details, and each's text, at most.
pub const MAX_SHOWN: usize = 20;
const MAX_SHOWN_CHARS: usize = 200;

/// `text` cut to what Details shows.
pub fn cut_text(text: &str) -> String {
    text.chars().take(MAX_SHOWN_CHARS).collect()
}

/// One statement of a function's resource-based policy, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// `s3.amazonaws.com`, an account or role ARN, or `*`.
    pub principal: String,
    pub action: String,
    /// The source ARN or account a condition names, if any.
    pub source: Option<String>,
    /// `lambda:FunctionUrlAuthType`, for a URL grant.
    pub url_auth: Option<String>,
}

impl Grant {
    /// The statements of a policy document (GetPolicy's `Policy`): principal,
    /// action and conditions, whatever shapes IAM allows them (a string or
    /// a list; a principal by kind).
    pub fn from_policy(policy: &str) -> Result<Vec<Grant>, String> {
        use serde_json::Value;
        let document: Value = serde_json::from_str(policy).map_err(|e| format!("the policy is not JSON: {e}"))?;
        let statements = match &document["Statement"] {
            Value::Array(list) => list.clone(),
            single @ Value::Object(_) => vec![single.clone()],
            _ => Vec::new(),
        };
        let text = |value: &Value| -> String {
            match value {
                Value::String(s) => s.clone(),
                Value::Array(list) => list
                    .iter()
                    .map(|v| v.as_str().unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Null => String::new(),
                other => other.to_string(),
            }
        };
        // A policy anyone with permission can write: a screenful of grants,
        // each of a line's length, is what Details shows.
        let text = |value: &Value| cut_text(&text(value));
        Ok(statements
            .iter()
            .take(MAX_SHOWN)
            .map(|statement| {
                let principal = match &statement["Principal"] {
                    Value::Object(kinds) => kinds.values().map(text).collect::<Vec<_>>().join(", "),
                    other => text(other),
                };
                let condition = &statement["Condition"];
                let find = |key: &str| {
                    condition
                        .as_object()
                        .into_iter()
                        .flat_map(|operators| operators.values())
                        .find_map(|keys| {
                            keys.as_object()?
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                                .map(|(_, v)| text(v))
                        })
                };
                let source = match (find("AWS:SourceArn"), find("AWS:SourceAccount")) {
                    (Some(arn), Some(account)) => Some(format!("{arn} (account {account})")),
                    (arn, account) => arn.or(account),
                };
                Grant {
                    principal,
                    action: text(&statement["Action"]),
                    source,
                    url_auth: find("lambda:FunctionUrlAuthType"),
                }
            })
            .collect())
    }
}

impl Default for Details {
    fn default() -> Self {
        Details {
            versions: Vec::new(),
            aliases: Vec::new(),
            reserved_concurrency: Ok(None),
            provisioned: Ok(Vec::new()),
            url: Ok(None),
            tags: Ok(Vec::new()),
            mappings: Ok(Vec::new()),
            grants: Ok(Vec::new()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvokeType {
    #[default]
    RequestResponse,
    Event,
    DryRun,
    /// InvokeWithResponseStream: the answer shown as it streams.
    Stream,
    /// A burst (`b`) of sync calls, kept in the history as one row whose
    /// body is its summary. Not in the `t` cycle: `b` starts one.
    Burst,
    /// An HTTP request to the function's URL, as its clients send one.
    Url,
}

impl InvokeType {
    pub fn next(self) -> InvokeType {
        match self {
            InvokeType::RequestResponse => InvokeType::Event,
            InvokeType::Event => InvokeType::DryRun,
            InvokeType::DryRun => InvokeType::Stream,
            InvokeType::Stream => InvokeType::Url,
            InvokeType::Url | InvokeType::Burst => InvokeType::RequestResponse,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InvokeType::RequestResponse => "RequestResponse",
            InvokeType::Event => "Event",
            InvokeType::DryRun => "DryRun",
            InvokeType::Stream => "Stream",
            InvokeType::Burst => "Burst",
            InvokeType::Url => "URL",
        }
    }

    /// The short name used in the invocations pane and the config file.
    pub fn short_name(self) -> &'static str {
        match self {
            InvokeType::RequestResponse => "sync",
            InvokeType::Event => "event",
            InvokeType::DryRun => "dry",
            InvokeType::Stream => "stream",
            InvokeType::Burst => "burst",
            InvokeType::Url => "url",
        }
    }

    /// Reads a short name (`sync`, `event`, `dry`) or the API's own name.
    pub fn parse(text: &str) -> Option<InvokeType> {
        InvokeType::ALL
            .into_iter()
            .find(|t| text.eq_ignore_ascii_case(t.short_name()) || text.eq_ignore_ascii_case(t.as_str()))
    }

    /// Reads a type as the history keeps it: one of ALL, or a burst.
    pub fn parse_kept(text: &str) -> Option<InvokeType> {
        InvokeType::parse(text).or_else(|| text.eq_ignore_ascii_case("Burst").then_some(InvokeType::Burst))
    }

    /// The types a single invoke can have (`t`, `:type`, the config).
    pub const ALL: [InvokeType; 5] = [
        InvokeType::RequestResponse,
        InvokeType::Event,
        InvokeType::DryRun,
        InvokeType::Stream,
        InvokeType::Url,
    ];
}

/// A burst to send: `count` sync calls of `request`, `concurrency` at a
/// time. With `payloads`, call n sends payload n modulo their number (the
/// saved events in turn) instead of the request's own.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstPlan {
    pub request: InvokeRequest,
    pub payloads: Vec<Vec<u8>>,
    pub count: u32,
    pub concurrency: u32,
}

/// What to invoke: everything the background needs, nothing it must look up.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeRequest {
    pub function: String,
    /// None means $LATEST (no Qualifier sent).
    pub qualifier: Option<String>,
    pub invoke_type: InvokeType,
    /// Empty means no payload.
    pub payload: Vec<u8>,
    /// The client context, base64-encoded as Invoke sends it (sync only).
    pub client_context: Option<String>,
    /// For a URL invocation: the HTTP request (the payload is its body).
    pub url: Option<Box<UrlRequest>>,
}

/// An HTTP request to a function URL.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UrlRequest {
    /// The function's URL, as GetFunctionUrlConfig gave it.
    pub base: String,
    pub method: String,
    /// The path under the URL, with its query: `/items?limit=2`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// NONE or AWS_IAM (signed with SigV4).
    pub auth_type: String,
    /// BUFFERED or RESPONSE_STREAM.
    pub invoke_mode: String,
}

impl UrlRequest {
    /// The whole URL: the base, then the path (one slash between).
    pub fn full_url(&self) -> String {
        format!(
            "{}/{}",
            self.base.trim_end_matches('/'),
            self.path.trim_start_matches('/')
        )
    }
}

impl InvokeRequest {
    /// `function:qualifier` as the user reads it, sanitized.
    pub fn target(&self) -> String {
        crate::sanitize::one_line(&format!(
            "{}:{}",
            self.function,
            self.qualifier.as_deref().unwrap_or("$LATEST")
        ))
    }
}

/// Text split into lines without a String per line: one buffer and where
/// each line starts. A pretty-printed megabyte of JSON costs about its own
/// size, not forty times that.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lines {
    text: String,
    /// Byte offset of each line in `text`; lines are separated by '\n'.
    starts: Vec<u32>,
}

impl Lines {
    /// Sanitizes each line of `text` (split on '\n', a '\r' before it dropped).
    pub fn from_text(text: &str) -> Lines {
        let mut lines = Lines::default();
        for line in text.split('\n') {
            lines.push(&sanitize(line.strip_suffix('\r').unwrap_or(line)));
        }
        lines
    }

    /// Adds one line, sanitized.
    pub fn push_sanitized(&mut self, line: &str) {
        self.push(&sanitize(line));
    }

    fn push(&mut self, line: &str) {
        if !self.starts.is_empty() {
            self.text.push('\n');
        }
        self.starts.push(self.text.len() as u32);
        self.text.push_str(line);
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    pub fn get(&self, index: usize) -> &str {
        let Some(&start) = self.starts.get(index) else {
            return "";
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next as usize - 1);
        &self.text[start as usize..end]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Memory held, for keeping the response history within its budget.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * std::mem::size_of::<u32>()
    }
}

/// The response body as it will be shown, prepared once off the UI path.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BodyView {
    #[default]
    None,
    /// Pretty-printed JSON, sanitized.
    Json(Lines),
    /// UTF-8 that is not JSON, sanitized.
    Text(Lines),
    /// Not UTF-8: a hex dump of the start.
    Binary { hex_lines: Vec<String> },
    /// Let go to keep the response history within its memory budget.
    Dropped { bytes: usize },
}

impl BodyView {
    pub fn from_bytes(bytes: &[u8]) -> BodyView {
        if bytes.is_empty() {
            return BodyView::None;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return BodyView::Binary {
                hex_lines: hex_dump(bytes, 512),
            };
        };
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => {
                let pretty = serde_json::to_string_pretty(&value).unwrap_or_else(|_| text.to_string());
                BodyView::Json(Lines::from_text(&pretty))
            }
            Err(_) => BodyView::Text(Lines::from_text(text)),
        }
    }

    pub fn line_count(&self) -> usize {
        match self {
            BodyView::None => 0,
            BodyView::Json(lines) | BodyView::Text(lines) => lines.len(),
            BodyView::Binary { hex_lines } => hex_lines.len(),
            BodyView::Dropped { .. } => 1,
        }
    }

    pub fn heap_bytes(&self) -> usize {
        match self {
            BodyView::Json(lines) | BodyView::Text(lines) => lines.heap_bytes(),
            BodyView::Binary { hex_lines } => hex_lines.iter().map(String::capacity).sum(),
            BodyView::None | BodyView::Dropped { .. } => 0,
        }
    }
}

fn hex_dump(bytes: &[u8], limit: usize) -> Vec<String> {
    bytes[..bytes.len().min(limit)]
        .chunks(16)
        .enumerate()
        .map(|(row, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let ascii: String = chunk
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            format!("{:08x}  {:<48} {ascii}", row * 16, hex.join(" "))
        })
        .collect()
}

/// A FunctionError body (`errorType`, `errorMessage`, `stackTrace`), laid out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionErrorView {
    /// `Handled` or `Unhandled`, from X-Amz-Function-Error.
    pub kind: String,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    pub stack_trace: Vec<String>,
}

impl FunctionErrorView {
    pub fn parse(kind: &str, body: &[u8]) -> FunctionErrorView {
        let mut view = FunctionErrorView {
            kind: sanitize_lines(kind).join(" "),
            ..Default::default()
        };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) else {
            return view;
        };
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        view.error_type = map.get("errorType").map(|v| sanitize_lines(&text(v)).join(" "));
        view.error_message = map.get("errorMessage").map(|v| sanitize_lines(&text(v)).join(" ⏎ "));
        view.stack_trace = match map.get("stackTrace") {
            Some(serde_json::Value::Array(frames)) =>
            // Python's frames end in a newline: no blank line after each.
            {
                frames
                    .iter()
                    .flat_map(|f| sanitize_lines(text(f).trim_end_matches('\n')))
                    .collect()
            }
            Some(serde_json::Value::String(s)) => sanitize_lines(s),
            _ => Vec::new(),
        };
        view
    }
}

/// A completed Invoke call, as far as the service answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeOutcome {
    pub status_code: i32,
    pub request_id: Option<String>,
    pub executed_version: Option<String>,
    pub function_error: Option<FunctionErrorView>,
    pub body: BodyView,
    /// The body as it came, for saving to a file.
    pub raw_body: Vec<u8>,
    /// Decoded LogType=Tail result, split and sanitized.
    pub log_tail: Vec<String>,
    pub report: Option<Report>,
    /// Throttled attempts that were retried before this answer.
    pub throttle_retries: u32,
    /// Why the last throttled attempt was refused.
    pub throttle_reason: Option<String>,
    /// A streamed answer's chunks (the body then shows them with their times).
    pub streamed: Option<Box<crate::stream_view::Streamed>>,
    /// A URL invocation's response headers, sanitized, as they came.
    pub http_headers: Vec<(String, String)>,
}

impl InvokeOutcome {
    /// Builds the view of a raw Invoke answer; pure so it can be tested alone.
    pub fn from_parts(
        status_code: i32,
        request_id: Option<String>,
        executed_version: Option<String>,
        function_error: Option<&str>,
        body: &[u8],
        log_result_base64: Option<&str>,
    ) -> InvokeOutcome {
        use base64::Engine;
        let log_text = log_result_base64
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let report = Report::find_in(&log_text);
        let mut log_tail = if log_text.is_empty() {
            Vec::new()
        } else {
            sanitize_lines(&log_text)
        };
        if log_tail.last().is_some_and(|l| l.is_empty()) {
            log_tail.pop();
        }
        InvokeOutcome {
            status_code,
            request_id: request_id.map(|id| sanitize_lines(&id).join(" ")),
            executed_version: executed_version.map(|v| sanitize_lines(&v).join(" ")),
            function_error: function_error.map(|kind| FunctionErrorView::parse(kind, body)),
            body: BodyView::from_bytes(body),
            raw_body: body.to_vec(),
            log_tail,
            report,
            throttle_retries: 0,
            throttle_reason: None,
            streamed: None,
            http_headers: Vec::new(),
        }
    }

    /// The function ran out of time: REPORT says `Status: timeout`, or the
    /// error is Lambda's own `Sandbox.Timedout`.
    pub fn timed_out(&self) -> bool {
        self.report.as_ref().and_then(|r| r.status.as_deref()) == Some("timeout")
            || self
                .function_error
                .as_ref()
                .and_then(|e| e.error_type.as_deref())
                .is_some_and(|t| t == "Sandbox.Timedout")
    }

    pub fn succeeded(&self) -> bool {
        self.function_error.is_none() && (200..300).contains(&self.status_code)
    }
}

/// `HH:MM:SS` (and `.mmm`) of a Unix time in milliseconds, in UTC.
/// `MM-DD HH:MM` in UTC: when an earlier run's invocation was sent.
pub fn day_and_time(unix_millis: i64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm).
    let days = unix_millis.div_euclid(86_400_000) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    format!("{month:02}-{day:02} {}", &time_of_day(unix_millis, false)[..5])
}

pub fn time_of_day(unix_millis: i64, with_millis: bool) -> String {
    let secs = unix_millis.div_euclid(1000).rem_euclid(86_400);
    let clock = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if with_millis {
        format!("{clock}.{:03}", unix_millis.rem_euclid(1000))
    } else {
        clock
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn environment_values_never_reach_debug_output() {
        let info = FunctionInfo {
            environment: EnvVars(vec![("API_KEY".into(), "s3cr3t".into())]),
            ..Default::default()
        };
        let shown = format!("{info:?}");
        assert!(shown.contains("API_KEY") && !shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn earlier_runs_show_their_day() {
        // 2026-11-30T04:05:06Z, and the last moment of a leap day.
        assert_eq!(day_and_time(1_796_011_506_000), "11-30 04:05");
        assert_eq!(day_and_time(1_709_251_199_000), "02-29 23:59");
        assert_eq!(day_and_time(0), "01-01 00:00");
    }

    #[test]
    fn unhandled_error_is_laid_out() {
        let body = br#"{"errorType":"ValueError","errorMessage":"bad\u001b[31m input","stackTrace":["  File \"a.py\", line 1","  raise"]}"#;
        let o = InvokeOutcome::from_parts(
            200,
            Some("r1".into()),
            Some("$LATEST".into()),
            Some("Unhandled"),
            body,
            None,
        );
        assert!(!o.succeeded());
        let e = o.function_error.unwrap();
        assert_eq!(e.kind, "Unhandled");
        assert_eq!(e.error_type.as_deref(), Some("ValueError"));
        assert_eq!(e.error_message.as_deref(), Some("bad␛[31m input"));
        assert_eq!(e.stack_trace.len(), 2);
    }

    #[test]
    fn log_tail_is_decoded_and_report_parsed() {
        let log = "START RequestId: r1 Version: $LATEST\nhi\nEND RequestId: r1\nREPORT RequestId: r1\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(log);
        let o = InvokeOutcome::from_parts(200, None, None, None, b"{\"ok\":true}", Some(&b64));
        assert!(o.succeeded());
        assert_eq!(o.log_tail.len(), 4);
        assert_eq!(o.report.unwrap().billed_duration_ms, Some(2));
        let BodyView::Json(lines) = &o.body else {
            panic!("{:?}", o.body)
        };
        assert_eq!(lines.iter().collect::<Vec<_>>(), ["{", "  \"ok\": true", "}"]);
    }

    #[test]
    fn binary_and_text_bodies_are_safe() {
        assert!(matches!(
            BodyView::from_bytes(&[0xff, 0x00, 0x1b]),
            BodyView::Binary { .. }
        ));
        let BodyView::Text(lines) = BodyView::from_bytes(b"plain\x1b[2J") else {
            panic!()
        };
        assert_eq!(lines.iter().collect::<Vec<_>>(), ["plain␛[2J"]);
    }

    #[test]
    fn a_big_body_costs_about_its_own_size() {
        let numbers: Vec<u64> = (0..200_000).collect();
        let body = serde_json::to_vec(&serde_json::json!({ "items": numbers })).unwrap();
        let view = BodyView::from_bytes(&body);
        let pretty_size: usize = (0..view.line_count()).map(|_| 1).sum::<usize>();
        assert!(pretty_size > 200_000, "one line per number");
        // A String per line took 24 bytes of header and an allocation each.
        assert!(
            view.heap_bytes() < 4 * body.len() + 8 * pretty_size,
            "{} for {}",
            view.heap_bytes(),
            body.len()
        );
        let BodyView::Json(lines) = &view else { panic!() };
        assert_eq!(lines.get(1), "  \"items\": [");
        assert_eq!(lines.get(lines.len() - 1), "}");
        assert_eq!(lines.get(lines.len()), "", "past the end is empty, not a panic");
    }
}

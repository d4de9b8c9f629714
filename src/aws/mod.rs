//! The background side: builds the SDK clients once, then turns each Command into
//! an SDK call on its own task and sends the result back as an Event. It never
//! touches state; latest-wins jobs (list, details) abort the one they replace.

mod errors;

pub use errors::{describe_invoke_error, describe_sdk_error};

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_lambda::Client as LambdaClient;
use aws_sdk_lambda::operation::RequestId;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{FunctionConfiguration, InvocationType, LogType, PackageType};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::message::{BackendEvent, Command, Event, WatchKey};
use crate::model::{
    AliasInfo, ConnectionInfo, Details, EventConfig, FunctionInfo, InvokeOutcome, InvokeRequest, InvokeType,
    VersionInfo,
};

/// How the console finds AWS: flags first, then the SDK's own chain.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Static placeholder credentials, for endpoints that do not authenticate.
    pub anonymous_credentials: bool,
    /// Connected to the embedded endpoint: the header says so.
    pub local: bool,
}

impl Settings {
    /// What the header shows before the configuration is resolved.
    pub fn connection_info(&self) -> ConnectionInfo {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let profile = if self.local {
            Some("none (local endpoint)".into())
        } else {
            self.profile.clone()
        };
        ConnectionInfo {
            profile: profile.or_else(|| env("AWS_PROFILE")),
            region: self
                .region
                .clone()
                .or_else(|| env("AWS_REGION"))
                .or_else(|| env("AWS_DEFAULT_REGION")),
            endpoint: self
                .endpoint_url
                .clone()
                .or_else(|| env("AWS_ENDPOINT_URL_LAMBDA"))
                .or_else(|| env("AWS_ENDPOINT_URL")),
        }
    }
}

/// A sync invoke may run for 15 minutes; the first byte may come only then.
const INVOKE_READ_TIMEOUT: Duration = Duration::from_secs(16 * 60);
/// Control-plane calls (list, details) are quick; a stuck one should not hang the pane.
const CONTROL_READ_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Bounds configuration and credential look-ups, IMDS included.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(8);
/// Cursor moves within this window load details only once.
const DETAILS_DEBOUNCE: Duration = Duration::from_millis(120);
/// Throttled invokes did not run, so retrying them is safe; this many in all.
const THROTTLE_ATTEMPTS: u32 = 3;
const PAGE_SIZE: i32 = 50;

#[derive(Clone)]
pub struct Clients {
    /// Standard retries, bounded timeouts.
    pub lambda: LambdaClient,
    /// StartLiveTail is sent to a `stream-` host prefix, which an overridden
    /// endpoint (moto, the embedded one) does not have: only AWS's own get it.
    pub live_tail: bool,
    /// No SDK retries and a 16 minute read timeout: see `invoke`.
    pub lambda_invoke: LambdaClient,
    pub logs: aws_sdk_cloudwatchlogs::Client,
}

/// Starts the background side; commands go in, events come out on `events`.
pub fn spawn(settings: Settings, events: UnboundedSender<Event>) -> UnboundedSender<Command> {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(run(settings, rx, events));
    tx
}

async fn run(settings: Settings, mut commands: UnboundedReceiver<Command>, events: UnboundedSender<Event>) {
    let send = {
        let events = events.clone();
        move |e: BackendEvent| {
            let _ = events.send(Event::Backend(e));
        }
    };
    let clients = match connect(&settings).await {
        Ok((clients, info)) => {
            send(BackendEvent::Connected(info));
            Some(clients)
        }
        Err((info, message)) => {
            send(BackendEvent::ConnectFailed { info, message });
            None
        }
    };
    let mut list_job: Option<JoinHandle<()>> = None;
    let mut details_job: Option<JoinHandle<()>> = None;
    let mut watches: std::collections::HashMap<WatchKey, JoinHandle<()>> = Default::default();
    while let Some(command) = commands.recv().await {
        let Some(clients) = &clients else {
            send(refuse(command));
            continue;
        };
        match command {
            Command::LoadFunctions { id } => {
                replace_job(
                    &mut list_job,
                    tokio::spawn(load_functions(clients.lambda.clone(), id, events.clone())),
                );
            }
            Command::LoadDetails { id, function } => {
                let client = clients.lambda.clone();
                let events = events.clone();
                replace_job(
                    &mut details_job,
                    tokio::spawn(async move {
                        tokio::time::sleep(DETAILS_DEBOUNCE).await;
                        let result = load_details(&client, &function).await;
                        let _ = events.send(Event::Backend(BackendEvent::DetailsLoaded { id, function, result }));
                    }),
                );
            }
            Command::Watch { key, since_ms } => {
                let job = tokio::spawn(watch_group(
                    clients.logs.clone(),
                    clients.live_tail,
                    key.clone(),
                    since_ms,
                    events.clone(),
                ));
                if let Some(old) = watches.insert(key, job) {
                    old.abort();
                }
            }
            Command::Unwatch { key } => {
                if let Some(job) = watches.remove(&key) {
                    job.abort();
                }
            }
            Command::SaveFile { path, bytes } => {
                let events = events.clone();
                tokio::spawn(async move {
                    let result = tokio::fs::write(&path, bytes).await.map_err(|e| e.to_string());
                    let _ = events.send(Event::Backend(BackendEvent::FileSaved { path, result }));
                });
            }
            Command::LoadEventConfig { function } => {
                let client = clients.lambda.clone();
                let events = events.clone();
                tokio::spawn(async move {
                    let config = load_event_config(&client, &function).await;
                    let _ = events.send(Event::Backend(BackendEvent::EventConfigLoaded { function, config }));
                });
            }
            Command::Invoke { id, request } => {
                let client = clients.lambda_invoke.clone();
                let events = events.clone();
                tokio::spawn(async move {
                    let result = invoke(&client, &request).await.map(Box::new);
                    let _ = events.send(Event::Backend(BackendEvent::InvokeFinished { id, result }));
                });
            }
        }
    }
}

fn replace_job(slot: &mut Option<JoinHandle<()>>, job: JoinHandle<()>) {
    if let Some(old) = slot.replace(job) {
        old.abort();
    }
}

/// Answers a command when there is no connection, so nothing waits forever.
fn refuse(command: Command) -> BackendEvent {
    let error = "not connected: see the message at the top".to_string();
    match command {
        Command::LoadFunctions { id } => BackendEvent::FunctionsFailed { id, error },
        Command::LoadDetails { id, function } => BackendEvent::DetailsLoaded {
            id,
            function,
            result: Err(error),
        },
        Command::Invoke { id, .. } => BackendEvent::InvokeFinished { id, result: Err(error) },
        Command::Watch { key, .. } | Command::Unwatch { key } => BackendEvent::WatchStatus {
            key,
            message: Some(error),
        },
        Command::LoadEventConfig { function } => BackendEvent::EventConfigLoaded {
            function,
            config: EventConfig::default(),
        },
        Command::SaveFile { path, .. } => BackendEvent::FileSaved {
            path,
            result: Err(error),
        },
    }
}

/// Resolves region and credentials (bounded in time) and builds the clients.
pub async fn connect(settings: &Settings) -> Result<(Clients, ConnectionInfo), (ConnectionInfo, String)> {
    let mut info = settings.connection_info();
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if settings.anonymous_credentials {
        loader = loader.credentials_provider(aws_sdk_lambda::config::Credentials::new(
            "local",
            "local",
            None,
            None,
            "lambda-console-local",
        ));
    }
    let Ok(config) = tokio::time::timeout(RESOLVE_TIMEOUT, loader.load()).await else {
        return Err((info, "Timed out reading the AWS configuration.".into()));
    };
    let Some(region) = config.region() else {
        return Err((
            info,
            "No AWS region is set. Pass --region REGION, set AWS_REGION, or add `region = ...` to the profile in ~/.aws/config.".into(),
        ));
    };
    info.region = Some(region.to_string());
    let Some(provider) = config.credentials_provider() else {
        return Err((info, "No credentials provider is configured.".into()));
    };
    use aws_credential_types::provider::ProvideCredentials;
    match tokio::time::timeout(RESOLVE_TIMEOUT, provider.provide_credentials()).await {
        Err(_) => {
            return Err((info, "Timed out looking for AWS credentials (is the instance metadata service reachable?). Set AWS_PROFILE, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.".into()));
        }
        Ok(Err(err)) => {
            let detail =
                crate::sanitize::one_line(&aws_smithy_types::error::display::DisplayErrorContext(&err).to_string());
            return Err((
                info,
                format!(
                    "No usable AWS credentials: {detail}. Set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
                ),
            ));
        }
        Ok(Ok(_)) => {}
    }
    let control_timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(CONTROL_READ_TIMEOUT)
        .build();
    let lambda = LambdaClient::from_conf(
        aws_sdk_lambda::config::Builder::from(&config)
            .timeout_config(control_timeouts.clone())
            .build(),
    );
    // An Invoke that timed out may still be running: retrying it would run the
    // function twice, so the SDK never retries; throttles are retried by hand.
    let lambda_invoke = LambdaClient::from_conf(
        aws_sdk_lambda::config::Builder::from(&config)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .read_timeout(INVOKE_READ_TIMEOUT)
                    .disable_operation_timeout()
                    .disable_operation_attempt_timeout()
                    .build(),
            )
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let logs = aws_sdk_cloudwatchlogs::Client::from_conf(
        aws_sdk_cloudwatchlogs::config::Builder::from(&config)
            .timeout_config(control_timeouts)
            .build(),
    );
    let overridden = settings.endpoint_url.is_some()
        || ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"]
            .iter()
            .any(|v| std::env::var_os(v).is_some());
    Ok((
        Clients {
            lambda,
            live_tail: !overridden,
            lambda_invoke,
            logs,
        },
        info,
    ))
}

async fn load_functions(client: LambdaClient, id: u64, events: UnboundedSender<Event>) {
    let mut pages = client.list_functions().max_items(PAGE_SIZE).into_paginator().send();
    let mut first = true;
    loop {
        let event = match pages.next().await {
            None => BackendEvent::FunctionsPage {
                id,
                functions: Vec::new(),
                first,
                last: true,
            },
            Some(Ok(page)) => {
                let functions = page.functions().iter().map(function_info).collect();
                let event = BackendEvent::FunctionsPage {
                    id,
                    functions,
                    first,
                    last: false,
                };
                first = false;
                let _ = events.send(Event::Backend(event));
                continue;
            }
            Some(Err(err)) => BackendEvent::FunctionsFailed {
                id,
                error: describe_sdk_error(&err),
            },
        };
        let _ = events.send(Event::Backend(event));
        return;
    }
}

pub fn function_info(f: &FunctionConfiguration) -> FunctionInfo {
    let name = f.function_name().unwrap_or_default().to_string();
    let runtime = match (f.runtime(), f.package_type()) {
        (Some(runtime), _) => runtime.as_str().to_string(),
        (None, Some(PackageType::Image)) => "image".to_string(),
        _ => String::new(),
    };
    FunctionInfo {
        arn: f.function_arn().unwrap_or_default().to_string(),
        runtime,
        memory_mb: f.memory_size(),
        timeout_s: f.timeout(),
        last_modified: f.last_modified().unwrap_or_default().to_string(),
        description: f.description().unwrap_or_default().to_string(),
        handler: f.handler().unwrap_or_default().to_string(),
        architectures: f.architectures().iter().map(|a| a.as_str().to_string()).collect(),
        role: f.role().unwrap_or_default().to_string(),
        log_group: f
            .logging_config()
            .and_then(|l| l.log_group())
            .map(str::to_string)
            .unwrap_or_else(|| FunctionInfo::default_log_group(&name)),
        name,
    }
}

pub async fn load_details(client: &LambdaClient, function: &str) -> Result<Details, String> {
    let versions = async {
        let mut pages = client
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| describe_sdk_error(&e))?;
            versions.extend(page.versions().iter().map(|v| VersionInfo {
                version: v.version().unwrap_or_default().to_string(),
                description: v.description().unwrap_or_default().to_string(),
                last_modified: v.last_modified().unwrap_or_default().to_string(),
            }));
        }
        Ok::<_, String>(versions)
    };
    let aliases = async {
        let mut pages = client.list_aliases().function_name(function).into_paginator().send();
        let mut aliases = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| describe_sdk_error(&e))?;
            aliases.extend(page.aliases().iter().map(|a| AliasInfo {
                name: a.name().unwrap_or_default().to_string(),
                function_version: a.function_version().unwrap_or_default().to_string(),
                description: a.description().unwrap_or_default().to_string(),
            }));
        }
        Ok::<_, String>(aliases)
    };
    let (versions, aliases) = tokio::join!(versions, aliases);
    Ok(Details {
        versions: versions?,
        aliases: aliases?,
    })
}

/// One Invoke; throttled attempts (the function did not run) are retried.
pub async fn invoke(client: &LambdaClient, request: &InvokeRequest) -> Result<InvokeOutcome, String> {
    let mut throttle_retries = 0;
    loop {
        let mut call = client
            .invoke()
            .function_name(&request.function)
            .invocation_type(match request.invoke_type {
                InvokeType::RequestResponse => InvocationType::RequestResponse,
                InvokeType::Event => InvocationType::Event,
                InvokeType::DryRun => InvocationType::DryRun,
            })
            .set_qualifier(request.qualifier.clone());
        if request.invoke_type == InvokeType::RequestResponse {
            call = call.log_type(LogType::Tail);
        }
        if !request.payload.is_empty() {
            call = call.payload(Blob::new(request.payload.clone()));
        }
        match call.send().await {
            Ok(out) => {
                let body = out.payload().map(|b| b.as_ref()).unwrap_or_default();
                let mut outcome = InvokeOutcome::from_parts(
                    out.status_code(),
                    out.request_id().map(str::to_string),
                    out.executed_version().map(str::to_string),
                    out.function_error(),
                    body,
                    out.log_result(),
                );
                outcome.throttle_retries = throttle_retries;
                return Ok(outcome);
            }
            Err(err) => {
                let retry_after = errors::throttle_retry_after(&err);
                match retry_after {
                    Some(wait) if throttle_retries + 1 < THROTTLE_ATTEMPTS => {
                        throttle_retries += 1;
                        tokio::time::sleep(wait.min(Duration::from_secs(10))).await;
                    }
                    _ => {
                        let mut message = describe_invoke_error(&err);
                        if throttle_retries > 0 {
                            message.push_str(&format!(" (after {throttle_retries} throttled retries)"));
                        }
                        return Err(message);
                    }
                }
            }
        }
    }
}

/// A function's async settings; Lambda's defaults when none are configured.
pub async fn load_event_config(client: &LambdaClient, function: &str) -> EventConfig {
    let Ok(out) = client
        .get_function_event_invoke_config()
        .function_name(function)
        .send()
        .await
    else {
        return EventConfig::default();
    };
    let destination = |which: Option<&aws_sdk_lambda::types::DestinationConfig>, success: bool| {
        which
            .and_then(|d| {
                if success {
                    d.on_success().and_then(|o| o.destination())
                } else {
                    d.on_failure().and_then(|o| o.destination())
                }
            })
            .map(str::to_string)
    };
    let defaults = EventConfig::default();
    EventConfig {
        maximum_retry_attempts: out
            .maximum_retry_attempts()
            .map(|n| n as u32)
            .unwrap_or(defaults.maximum_retry_attempts),
        maximum_event_age_seconds: out
            .maximum_event_age_in_seconds()
            .map(|n| n as u32)
            .unwrap_or(defaults.maximum_event_age_seconds),
        on_success: destination(out.destination_config(), true),
        on_failure: destination(out.destination_config(), false),
    }
}

/// Polls faster than this only while lines keep coming.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
const IDLE_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// Lines go to the UI in batches of at most this many, so a flood never
/// holds up a keystroke for long.
const LOG_BATCH: usize = 2000;

/// Follows a log group: FilterLogEvents catches up (every page to the end, then
/// again from the newest timestamp seen, see `TailCursor`), then StartLiveTail
/// streams new lines where the endpoint offers it. When live tail is refused it
/// is not asked again and polling goes on; when a session ends, polling
/// catches up and a new session starts. Polling backs off when nothing changes
/// and when throttled; a missing group is waited for quietly.
async fn watch_group(
    client: aws_sdk_cloudwatchlogs::Client,
    live_tail: bool,
    key: WatchKey,
    since_ms: i64,
    events: UnboundedSender<Event>,
) {
    let mut watch = GroupWatch {
        client,
        key,
        events,
        cursor: crate::tail::TailCursor::new(since_ms),
        idle_polls: 0,
        status: None,
    };
    let mut live_refused = !live_tail;
    loop {
        let Some(delay) = watch.poll_once().await else { return };
        if !live_refused && watch.status.is_none() {
            match watch.live_tail().await {
                LiveEnd::Refused(reason) => {
                    tracing::info!(group = %watch.key.group, %reason, "live tail refused; polling");
                    live_refused = true;
                }
                LiveEnd::Ended => continue,
                LiveEnd::Closed => return,
            }
        }
        tokio::time::sleep(delay).await;
    }
}

enum LiveEnd {
    Refused(String),
    /// The session ended (they last three hours) or broke: catch up and retry.
    Ended,
    /// The console is gone.
    Closed,
}

struct GroupWatch {
    client: aws_sdk_cloudwatchlogs::Client,
    key: WatchKey,
    events: UnboundedSender<Event>,
    cursor: crate::tail::TailCursor,
    idle_polls: u32,
    status: Option<String>,
}

impl GroupWatch {
    fn send(&self, event: BackendEvent) -> bool {
        self.events.send(Event::Backend(event)).is_ok()
    }

    fn set_status(&mut self, status: Option<String>) -> bool {
        if status == self.status {
            return true;
        }
        self.status = status.clone();
        self.send(BackendEvent::WatchStatus {
            key: self.key.clone(),
            message: status,
        })
    }

    /// Sends new events in batches; false when the console is gone.
    fn deliver(&self, mut fresh: Vec<crate::tail::LogEvent>) -> bool {
        while !fresh.is_empty() {
            let rest = fresh.split_off(fresh.len().min(LOG_BATCH));
            if !self.send(BackendEvent::LogBatch {
                key: self.key.clone(),
                events: fresh,
            }) {
                return false;
            }
            fresh = rest;
        }
        true
    }

    /// One catch-up: every page from the cursor. Returns the delay before the
    /// next, or None when the console is gone.
    #[allow(deprecated)]
    async fn poll_once(&mut self) -> Option<Duration> {
        use crate::tail::LogEvent;
        let mut batch = Vec::new();
        let mut token: Option<String> = None;
        let mut delay = POLL_INTERVAL;
        let outcome = loop {
            let page = self
                .client
                .filter_log_events()
                .log_group_name(&self.key.group)
                .start_time(self.cursor.start_time)
                // Ignored by CloudWatch (it always interleaves now) but honoured by other implementations.
                .interleaved(true)
                .set_filter_pattern((!self.key.pattern.is_empty()).then(|| self.key.pattern.clone()))
                .set_next_token(token.take())
                .send()
                .await;
            match page {
                Ok(page) => {
                    batch.extend(page.events().iter().map(|e| LogEvent {
                        timestamp: e.timestamp().unwrap_or_default(),
                        stream: e.log_stream_name().unwrap_or_default().to_string(),
                        message: e.message().unwrap_or_default().trim_end_matches('\n').to_string(),
                        event_id: e.event_id().unwrap_or_default().to_string(),
                    }));
                    token = page.next_token().map(str::to_string);
                    if token.is_none() {
                        break None;
                    }
                }
                Err(err) => {
                    let code = err
                        .as_service_error()
                        .and_then(|e| aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::code(e).map(str::to_string));
                    break Some(match code.as_deref() {
                        Some("ResourceNotFoundException") => {
                            "the log group does not exist yet (no invocation has logged)".to_string()
                        }
                        Some("ThrottlingException") => {
                            delay = IDLE_POLL_INTERVAL * 2;
                            "CloudWatch Logs is throttling; polling more slowly".to_string()
                        }
                        _ => describe_sdk_error(&err),
                    });
                }
            }
        };
        if !self.set_status(outcome) {
            return None;
        }
        batch.sort_by_key(|e| e.timestamp);
        let fresh = self.cursor.accept(batch);
        if fresh.is_empty() {
            self.idle_polls += 1;
        } else {
            self.idle_polls = 0;
            if !self.deliver(fresh) {
                return None;
            }
        }
        if self.idle_polls > 10 {
            delay = delay.max(IDLE_POLL_INTERVAL);
        }
        Some(delay)
    }

    /// Streams new lines with StartLiveTail until the session ends.
    async fn live_tail(&mut self) -> LiveEnd {
        use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
        // StartLiveTail names groups by ARN.
        let described = self
            .client
            .describe_log_groups()
            .log_group_name_prefix(&self.key.group)
            .send()
            .await;
        let arn = described.ok().and_then(|out| {
            out.log_groups()
                .iter()
                .find(|g| g.log_group_name() == Some(self.key.group.as_str()))
                .and_then(|g| g.arn())
                .map(|arn| arn.trim_end_matches(":*").to_string())
        });
        let Some(arn) = arn else {
            return LiveEnd::Refused("no ARN for the log group".into());
        };
        let mut request = self.client.start_live_tail().log_group_identifiers(arn);
        if !self.key.pattern.is_empty() {
            request = request.log_event_filter_pattern(&self.key.pattern);
        }
        let mut output = match request.send().await {
            Ok(output) => output,
            Err(err) => return LiveEnd::Refused(describe_sdk_error(&err)),
        };
        let boundary = self.cursor.start_time;
        loop {
            match output.response_stream.recv().await {
                Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                    let mut batch: Vec<crate::tail::LogEvent> = update
                        .session_results()
                        .iter()
                        .map(|e| crate::tail::LogEvent {
                            timestamp: e.timestamp().unwrap_or_default(),
                            stream: e.log_stream_name().unwrap_or_default().to_string(),
                            message: e.message().unwrap_or_default().trim_end_matches('\n').to_string(),
                            event_id: String::new(),
                        })
                        .collect();
                    batch.sort_by_key(|e| e.timestamp);
                    let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                    let status = sampled.then(|| "live tail is sampling: over 500 lines a second".to_string());
                    let fresh = self.cursor.accept_live(boundary, batch);
                    if !self.set_status(status) || !self.deliver(fresh) {
                        return LiveEnd::Closed;
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => return LiveEnd::Ended,
            }
        }
    }
}

//! The background side: builds the SDK clients once, then turns each Command into
//! an SDK call on its own task and sends the result back as an Event. It never
//! touches state; latest-wins jobs (list, details) abort the one they replace.

mod backend;
pub mod burst;
mod errors;
mod functions;
mod invoke;
mod logs;
mod stream_prefix;
mod url_invoke;
pub use stream_prefix::DropStreamHostPrefix;
pub mod profiles;
pub mod shared_events;

pub use errors::{describe_invoke_error, describe_sdk_error};
pub use functions::{function_info, load_details};
pub use invoke::{invoke, load_event_config};
pub use logs::PollIntervals;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_lambda::Client as LambdaClient;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::message::{BackendEvent, Command, Event, WatchKey};
use crate::model::{ConnectionInfo, EventConfig};

/// How the console finds AWS: flags first, then the SDK's own chain.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// How often log groups are polled (config: `[tail]`).
    pub poll: PollIntervals,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Static placeholder credentials, for endpoints that do not authenticate.
    pub anonymous_credentials: bool,
    /// Connected to the embedded endpoint: the header says so.
    pub local: bool,
    /// Never try Live Tail: poll only (config: `[tail] live_tail = false`).
    pub polling_only: bool,
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
            account: None,
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
/// Details load, and a log group is first asked for, only once the cursor
/// has rested this long: a held key through 100 functions asks for one.
/// A load or a watch the next one replaces is dropped before it asks.
pub(super) const CURSOR_REST: Duration = Duration::from_millis(150);

#[derive(Clone)]
pub struct Clients {
    /// Standard retries, bounded timeouts.
    pub lambda: LambdaClient,
    /// No SDK retries and a 16 minute read timeout: see `invoke`.
    pub lambda_invoke: LambdaClient,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// For shareable test events (EventBridge Schemas).
    pub schemas: aws_sdk_schemas::Client,
    /// Who the credentials belong to, for the header.
    pub sts: aws_sdk_sts::Client,
    /// What signs a request to an AWS_IAM function URL.
    pub url_signer: url_invoke::UrlSigner,
}

/// Starts the background side; commands go in, events come out on `events`.
pub fn spawn(settings: Settings, events: UnboundedSender<Event>) -> UnboundedSender<Command> {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(backend::run(settings, rx, events));
    tx
}

/// What to do about credentials that did not resolve: an SSO session that
/// ran out says the one command that renews it.
fn credentials_message(detail: &str, profile: Option<&str>) -> String {
    let lower = detail.to_lowercase();
    if lower.contains("sso") && (lower.contains("token") || lower.contains("expired") || lower.contains("session")) {
        let profile = profile
            .map(|p| format!(" --profile {}", crate::sanitize::one_line(p)))
            .unwrap_or_default();
        return format!(
            "The SSO session has expired or was never started ({detail}): run `aws sso login{profile}`, then :profile again."
        );
    }
    format!(
        "No usable AWS credentials: {detail}. Set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
    )
}

/// Connects, says how it went, and hands back the clients when it worked.
async fn connect_and_say(settings: Settings, events: UnboundedSender<Event>) -> Option<Clients> {
    let send = |e: BackendEvent| {
        let _ = events.send(Event::Backend(e));
    };
    match connect(&settings).await {
        Ok((clients, info)) => {
            send(BackendEvent::Connected(info.clone()));
            // Who the account is, for the header: a failure only leaves it out.
            let sts = clients.sts.clone();
            if let Some(account) = caller_account(&sts).await {
                send(BackendEvent::Connected(ConnectionInfo {
                    account: Some(account),
                    ..info
                }));
            }
            Some(clients)
        }
        Err((info, message)) => {
            send(BackendEvent::ConnectFailed { info, message });
            None
        }
    }
}

/// The account id (STS GetCallerIdentity), bounded in time.
async fn caller_account(sts: &aws_sdk_sts::Client) -> Option<String> {
    let call = sts.get_caller_identity().send();
    match tokio::time::timeout(RESOLVE_TIMEOUT, call).await {
        Ok(Ok(identity)) => identity.account().map(str::to_string),
        Ok(Err(error)) => {
            tracing::info!(error = %describe_sdk_error(&error), "no account id");
            None
        }
        Err(_) => None,
    }
}

/// The user's own credentials, for `--pass-credentials`: from `profile` or
/// the usual chain, bounded in time like every look-up here.
pub async fn credentials_to_pass(profile: Option<&str>) -> Result<crate::local::PassedCredentials, String> {
    use aws_credential_types::provider::ProvideCredentials;
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = profile {
        loader = loader.profile_name(profile);
    }
    let config = tokio::time::timeout(RESOLVE_TIMEOUT, loader.load())
        .await
        .map_err(|_| "timed out reading the AWS configuration".to_string())?;
    let provider = config
        .credentials_provider()
        .ok_or_else(|| "no credentials provider is configured".to_string())?;
    let credentials = tokio::time::timeout(RESOLVE_TIMEOUT, provider.provide_credentials())
        .await
        .map_err(|_| "timed out looking for AWS credentials".to_string())?
        .map_err(|e| {
            crate::sanitize::one_line(&aws_smithy_types::error::display::DisplayErrorContext(&e).to_string())
        })?;
    Ok(crate::local::PassedCredentials {
        access_key_id: credentials.access_key_id().to_string(),
        secret_access_key: credentials.secret_access_key().to_string(),
        session_token: credentials.session_token().map(str::to_string),
    })
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
            return Err((info, credentials_message(&detail, settings.profile.as_deref())));
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
    // From the flag, the environment or the profile's `endpoint_url`.
    let overridden = settings.endpoint_url.is_some()
        || config.endpoint_url().is_some()
        || ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"]
            .iter()
            .any(|v| std::env::var_os(v).is_some());
    let mut logs_config =
        aws_sdk_cloudwatchlogs::config::Builder::from(&config).timeout_config(control_timeouts.clone());
    if overridden {
        logs_config = logs_config.interceptor(stream_prefix::DropStreamHostPrefix);
    }
    let logs = aws_sdk_cloudwatchlogs::Client::from_conf(logs_config.build());
    let schemas = aws_sdk_schemas::Client::from_conf(
        aws_sdk_schemas::config::Builder::from(&config)
            .timeout_config(control_timeouts.clone())
            .build(),
    );
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&config)
            .timeout_config(control_timeouts.clone())
            .build(),
    );
    Ok((
        Clients {
            lambda,
            lambda_invoke,
            logs,
            schemas,
            sts,
            url_signer: url_invoke::UrlSigner {
                credentials: config.credentials_provider(),
                region: config.region().map(|r| r.to_string()),
                endpoint_host: settings
                    .endpoint_url
                    .as_deref()
                    .or(config.endpoint_url())
                    .and_then(|url| url.parse::<hyper::Uri>().ok())
                    .and_then(|uri| uri.host().map(str::to_string)),
            },
        },
        info,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_expired_sso_session_says_the_command_that_renews_it() {
        let message = super::credentials_message("the SSO session token for profile prod has expired", Some("prod"));
        assert!(message.contains("run `aws sso login --profile prod`"), "{message}");
        let other = super::credentials_message("no providers in chain", None);
        assert!(other.starts_with("No usable AWS credentials"), "{other}");
    }
}

//! Invoke, with throttles (where the function did not run) retried by hand
//! and nothing else retried, and a function's async settings.

use std::time::Duration;

use aws_sdk_lambda::Client as LambdaClient;
use aws_sdk_lambda::operation::RequestId;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};

use super::{describe_invoke_error, errors};
use crate::model::{EventConfig, InvokeOutcome, InvokeRequest, InvokeType};

/// Throttled invokes did not run, so retrying them is safe; this many in all.
const THROTTLE_ATTEMPTS: u32 = 3;

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
            .set_qualifier(request.qualifier.clone())
            .set_client_context(request.client_context.clone());
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

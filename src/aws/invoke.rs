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
/// A Stream invoke's chunks are only in its outcome's log here.
pub async fn invoke(client: &LambdaClient, request: &InvokeRequest) -> Result<InvokeOutcome, String> {
    invoke_with_chunks(client, request, &|_, _| {}).await
}

/// As `invoke`; an InvokeWithResponseStream's chunks go to `on_chunk` as
/// they arrive.
pub async fn invoke_with_chunks(
    client: &LambdaClient,
    request: &InvokeRequest,
    on_chunk: &(dyn Fn(Duration, Vec<u8>) + Send + Sync),
) -> Result<InvokeOutcome, String> {
    let mut throttle_retries = 0;
    let mut throttle_reason = None;
    loop {
        let sent = match request.invoke_type {
            InvokeType::Stream => invoke_streaming(client, request, on_chunk).await,
            // Sent by `url_invoke`, never as an Invoke.
            InvokeType::Url => return Err("a URL invocation is not an Invoke".into()),
            _ => invoke_once(client, request).await,
        };
        match sent {
            Ok(mut outcome) => {
                outcome.throttle_retries = throttle_retries;
                outcome.throttle_reason = throttle_reason;
                return Ok(outcome);
            }
            Err(Refused::Throttled {
                retry_after, reason, ..
            }) if throttle_retries + 1 < THROTTLE_ATTEMPTS => {
                throttle_retries += 1;
                throttle_reason = Some(reason);
                tokio::time::sleep(retry_after.min(Duration::from_secs(10))).await;
            }
            Err(Refused::Throttled { mut message, .. } | Refused::Failed(mut message)) => {
                if throttle_retries > 0 {
                    message.push_str(&format!(" (after {throttle_retries} throttled retries)"));
                }
                return Err(message);
            }
        }
    }
}

/// Why a call did not get an answer from the function.
enum Refused {
    Throttled {
        retry_after: Duration,
        /// Lambda's reason, like ReservedFunctionConcurrentInvocationLimitExceeded.
        reason: String,
        message: String,
    },
    Failed(String),
}

fn refused<E, R>(err: &aws_sdk_lambda::error::SdkError<E, R>) -> Refused
where
    E: errors::InvokeErrorKind
        + aws_sdk_lambda::error::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
    R: std::fmt::Debug,
{
    let message = describe_invoke_error(err);
    match errors::throttle_retry_after(err) {
        Some(retry_after) => Refused::Throttled {
            retry_after,
            reason: errors::throttle_reason(err),
            message,
        },
        None => Refused::Failed(message),
    }
}

async fn invoke_once(client: &LambdaClient, request: &InvokeRequest) -> Result<InvokeOutcome, Refused> {
    let mut call = client
        .invoke()
        .function_name(&request.function)
        .invocation_type(match request.invoke_type {
            InvokeType::Event => InvocationType::Event,
            InvokeType::DryRun => InvocationType::DryRun,
            // A burst's row is never sent; its calls go as sync.
            InvokeType::RequestResponse | InvokeType::Stream | InvokeType::Burst | InvokeType::Url => {
                InvocationType::RequestResponse
            }
        })
        .set_qualifier(request.qualifier.clone())
        .set_client_context(request.client_context.clone());
    if matches!(request.invoke_type, InvokeType::RequestResponse | InvokeType::Burst) {
        call = call.log_type(LogType::Tail);
    }
    if !request.payload.is_empty() {
        call = call.payload(Blob::new(request.payload.clone()));
    }
    let out = call.send().await.map_err(|e| refused(&e))?;
    let body = out.payload().map(|b| b.as_ref()).unwrap_or_default();
    // A burst's call is summed up, never shown: its body is laid out only
    // when it holds the function's error (its type is counted).
    let body = match request.invoke_type {
        InvokeType::Burst if out.function_error().is_none() => &[][..],
        _ => body,
    };
    Ok(InvokeOutcome::from_parts(
        out.status_code(),
        out.request_id().map(str::to_string),
        out.executed_version().map(str::to_string),
        out.function_error(),
        body,
        out.log_result(),
    ))
}

/// InvokeWithResponseStream: chunks go to `on_chunk` as they come; the
/// outcome holds InvokeComplete's error and log tail (the console keeps
/// the chunks it was handed).
async fn invoke_streaming(
    client: &LambdaClient,
    request: &InvokeRequest,
    on_chunk: &(dyn Fn(Duration, Vec<u8>) + Send + Sync),
) -> Result<InvokeOutcome, Refused> {
    use aws_sdk_lambda::types::InvokeWithResponseStreamResponseEvent as StreamEvent;
    let started = std::time::Instant::now();
    let mut call = client
        .invoke_with_response_stream()
        .function_name(&request.function)
        .set_qualifier(request.qualifier.clone())
        .set_client_context(request.client_context.clone())
        .log_type(LogType::Tail);
    if !request.payload.is_empty() {
        call = call.payload(Blob::new(request.payload.clone()));
    }
    let mut out = call.send().await.map_err(|e| refused(&e))?;
    let (mut error_code, mut error_details, mut log_result) = (None, None, None);
    loop {
        match out.event_stream.recv().await {
            Ok(Some(StreamEvent::PayloadChunk(chunk))) => {
                let bytes = chunk.payload().map(|p| p.as_ref().to_vec()).unwrap_or_default();
                on_chunk(started.elapsed(), bytes);
            }
            Ok(Some(StreamEvent::InvokeComplete(done))) => {
                error_code = done.error_code().map(str::to_string);
                error_details = done.error_details().map(str::to_string);
                log_result = done.log_result().map(str::to_string);
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(error) => {
                // What broke may quote the rest of the stream: its start is enough.
                let why: String = super::describe_sdk_error(&error).chars().take(300).collect();
                return Err(Refused::Failed(format!("The stream broke off: {why}")));
            }
        }
    }
    // The error's details are its body, as Invoke would have answered it.
    let body = match (&error_code, &error_details) {
        (Some(_), Some(details)) => details.clone().into_bytes(),
        (Some(code), None) => crate::local::runtime::error_body(code, ""),
        _ => Vec::new(),
    };
    Ok(InvokeOutcome::from_parts(
        200,
        out.request_id().map(str::to_string),
        out.executed_version().map(str::to_string),
        error_code.as_ref().map(|_| "Unhandled"),
        &body,
        log_result.as_deref(),
    ))
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

//! SDK errors turned into one readable line, with the inner detail kept.

use std::time::Duration;

use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::operation::invoke::InvokeError;
use aws_sdk_lambda::operation::invoke_with_response_stream::InvokeWithResponseStreamError;
use aws_sdk_lambda::types::error::TooManyRequestsException;
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::sanitize::one_line;

/// Describes any SDK error: the service's code and message with a hint, or what
/// went wrong on the way (unreachable endpoint, timeout, credentials).
pub fn describe_sdk_error<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let text = match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let code = inner.code().unwrap_or("UnknownError");
            let message = inner.message().unwrap_or("no message");
            let mut text = format!("{code}: {message}");
            if let Some(hint) = hint_for(code) {
                text.push_str(" — ");
                text.push_str(hint);
            }
            text
        }
        SdkError::DispatchFailure(failure) => {
            let what = if failure.is_timeout() {
                "Timed out connecting to the endpoint"
            } else if failure.is_io() {
                "Endpoint unreachable"
            } else {
                "Request not sent"
            };
            format!("{what}: {}", DisplayErrorContext(err))
        }
        SdkError::TimeoutError(_) => {
            format!(
                "Timed out waiting for the service (not retried): {}",
                DisplayErrorContext(err)
            )
        }
        SdkError::ConstructionFailure(_) => {
            format!(
                "Request could not be built (credentials missing or expired?): {}",
                DisplayErrorContext(err)
            )
        }
        SdkError::ResponseError(_) => format!("Unreadable response: {}", DisplayErrorContext(err)),
        _ => DisplayErrorContext(err).to_string(),
    };
    one_line(&text)
}

fn hint_for(code: &str) -> Option<&'static str> {
    Some(match code {
        "ResourceNotFoundException" => "check the function name and qualifier",
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
            "the credentials have expired: refresh them (for SSO: aws sso login)"
        }
        "AccessDeniedException" | "AccessDenied" => "the credentials lack permission for this call",
        "UnrecognizedClientException" | "InvalidSignatureException" | "InvalidClientTokenId" => {
            "the credentials are not valid for this endpoint"
        }
        "RequestTooLargeException" => "the payload is over Lambda's limit (6 MB sync, 1 MB async)",
        "TooManyRequestsException" => "Lambda is throttling this function or account",
        _ => return None,
    })
}

/// Invoke and InvokeWithResponseStream are throttled alike.
pub trait InvokeErrorKind {
    fn throttle(&self) -> Option<&TooManyRequestsException>;
}

impl InvokeErrorKind for InvokeError {
    fn throttle(&self) -> Option<&TooManyRequestsException> {
        match self {
            InvokeError::TooManyRequestsException(throttle) => Some(throttle),
            _ => None,
        }
    }
}

impl InvokeErrorKind for InvokeWithResponseStreamError {
    fn throttle(&self) -> Option<&TooManyRequestsException> {
        match self {
            InvokeWithResponseStreamError::TooManyRequestsException(throttle) => Some(throttle),
            _ => None,
        }
    }
}

fn throttle_of<E: InvokeErrorKind, R>(err: &SdkError<E, R>) -> Option<&TooManyRequestsException> {
    match err {
        SdkError::ServiceError(service) => service.err().throttle(),
        _ => None,
    }
}

/// When an Invoke was throttled, how long to wait before trying again.
pub fn throttle_retry_after<E: InvokeErrorKind, R>(err: &SdkError<E, R>) -> Option<Duration> {
    let throttle = throttle_of(err)?;
    let seconds = throttle
        .retry_after_seconds()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Some(Duration::from_secs(seconds.max(1)))
}

/// Why Lambda throttled an Invoke, in its own words (`not given` when not).
pub fn throttle_reason<E: InvokeErrorKind, R>(err: &SdkError<E, R>) -> String {
    throttle_of(err)
        .and_then(|t| t.reason())
        .map(|r| one_line(r.as_str()))
        .unwrap_or_else(|| "not given".into())
}

/// An Invoke error, with a throttle's reason and retry-after spelled out.
pub fn describe_invoke_error<E, R>(err: &SdkError<E, R>) -> String
where
    E: InvokeErrorKind + ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let text = describe_sdk_error(err);
    let Some(throttle) = throttle_of(err) else {
        return text;
    };
    let reason = throttle_reason(err);
    let retry = throttle.retry_after_seconds().unwrap_or("not given");
    one_line(&format!(
        "Throttled (HTTP 429), reason {reason}, retry after {retry} s. {text}"
    ))
}

//! StartLiveTail goes to the endpoint's host with `stream-` in front, as
//! AWS's own endpoints have it. An overridden endpoint (the embedded one,
//! moto, a proxy) has no such host: for it the prefix is taken off again.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

const PREFIX: &str = "://stream-";

#[derive(Debug)]
pub struct DropStreamHostPrefix;

impl Intercept for DropStreamHostPrefix {
    fn name(&self) -> &'static str {
        "DropStreamHostPrefix"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        // Only the operation the SDK prefixes: a user's own host may begin so.
        let live_tail = request
            .headers()
            .get("x-amz-target")
            .is_some_and(|target| target.ends_with(".StartLiveTail"));
        if live_tail && let Some(fixed) = without_prefix(request.uri()) {
            request.set_uri(fixed.as_str())?;
        }
        Ok(())
    }
}

fn without_prefix(uri: &str) -> Option<String> {
    let at = uri.find(PREFIX)?;
    Some(format!("{}://{}", &uri[..at], &uri[at + PREFIX.len()..]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_prefix_goes() {
        assert_eq!(
            super::without_prefix("http://stream-127.0.0.1:9001/").as_deref(),
            Some("http://127.0.0.1:9001/")
        );
        assert_eq!(
            super::without_prefix("https://stream-stream-logs.example/").as_deref(),
            Some("https://stream-logs.example/")
        );
        assert_eq!(super::without_prefix("http://127.0.0.1:9001/"), None);
    }
}

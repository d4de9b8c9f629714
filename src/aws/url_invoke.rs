//! A URL invocation: an HTTP request to the function's URL, as its clients
//! send one, signed with SigV4 (service `lambda`, the current credentials
//! and region) when the URL's auth type is AWS_IAM. The answer's status,
//! headers and body are shown; a RESPONSE_STREAM URL's body as it comes.

use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::provider::ProvideCredentials;
use http_body_util::BodyExt;
use hyper::body::Bytes;

use crate::model::{InvokeOutcome, InvokeRequest};

/// A URL answer is bounded as a streamed invoke's is; past it, the rest is
/// dropped and said.
const MAX_BODY: usize = 20 * 1024 * 1024;
/// Lambda's longest run, and a little: then the call is given up on.
const TIMEOUT: Duration = Duration::from_secs(16 * 60);
/// Response headers kept, at most.
const MAX_HEADERS: usize = 100;

/// The credentials and region a signed request uses: the connection's.
#[derive(Clone)]
pub struct UrlSigner {
    pub credentials: Option<aws_credential_types::provider::SharedCredentialsProvider>,
    pub region: Option<String>,
    /// The host of the endpoint the connection was told to use, if any.
    pub endpoint_host: Option<String>,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlSigner")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

pub(super) async fn call(
    signer: &UrlSigner,
    request: &InvokeRequest,
    on_chunk: &(dyn Fn(Duration, Vec<u8>) + Send + Sync),
) -> Result<InvokeOutcome, String> {
    let spec = request.url.as_deref().ok_or("a URL invocation without its request")?;
    let url = spec.full_url();
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url} is not a URL: {e}"))?;
    let host = uri.authority().map(|a| a.to_string()).ok_or("the URL names no host")?;
    let method = hyper::Method::from_bytes(spec.method.trim().to_ascii_uppercase().as_bytes())
        .map_err(|_| format!("{} is not an HTTP method", crate::sanitize::one_line(&spec.method)))?;
    let mut headers: Vec<(String, String)> = vec![("host".into(), host)];
    if !spec.headers.iter().any(|(name, _)| name == "user-agent") {
        headers.push((
            "user-agent".into(),
            format!("lambda-console/{}", env!("CARGO_PKG_VERSION")),
        ));
    }
    headers.extend(spec.headers.iter().cloned());
    if spec.auth_type == "AWS_IAM" {
        may_sign_for(signer, &uri)?;
        headers.extend(signature(signer, method.as_str(), &url, &headers, &request.payload).await?);
    }
    let mut builder = hyper::Request::builder().method(method).uri(uri);
    for (name, value) in &headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let http_request = builder
        .body(http_body_util::Full::new(Bytes::from(request.payload.clone())))
        .map_err(|e| format!("the request cannot be made: {e}"))?;
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS roots: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector);
    let started = Instant::now();
    let response = tokio::time::timeout(TIMEOUT, http.request(http_request))
        .await
        .map_err(|_| "no answer in 16 minutes".to_string())?
        .map_err(|e| format!("{url}: {}", error_chain(&e)))?;
    let status = response.status().as_u16();
    let response_headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .take(MAX_HEADERS)
        .map(|(name, value)| {
            (
                crate::sanitize::one_line(name.as_str()),
                crate::sanitize::one_line(&String::from_utf8_lossy(value.as_bytes())),
            )
        })
        .collect();
    let request_id = response
        .headers()
        .get("x-amzn-requestid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let streaming = spec.invoke_mode == "RESPONSE_STREAM";
    let mut body = response.into_body();
    let (mut kept, mut seen) = (Vec::new(), 0usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| format!("the answer broke off: {}", error_chain(&e)))?;
        let Ok(data) = frame.into_data() else { continue };
        seen += data.len();
        // Past the bound nothing more is read: the connection is dropped.
        if seen > MAX_BODY {
            break;
        }
        let room = MAX_BODY.saturating_sub(kept.len());
        let take = &data[..data.len().min(room)];
        if streaming {
            // Shown as they come; the view keeps them and hands the body over.
            if !take.is_empty() {
                on_chunk(started.elapsed(), take.to_vec());
            }
        } else {
            kept.extend_from_slice(take);
        }
    }
    let mut outcome = InvokeOutcome::from_parts(i32::from(status), request_id, None, None, &kept, None);
    outcome.http_headers = response_headers;
    if seen > MAX_BODY {
        outcome.http_headers.push((
            "(lambda-console)".into(),
            format!("the body went past {MAX_BODY} bytes: the rest was not read"),
        ));
    }
    Ok(outcome)
}

/// An error and its causes ("client error (SendRequest): invalid header…").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    crate::sanitize::one_line(&text)
}

/// A signed request shows the access key and the session token, and acts
/// as you: it goes only to a function URL's own host (HTTPS), this machine,
/// or the endpoint the connection was told to use, whatever URL an endpoint
/// answered GetFunctionUrlConfig with.
fn may_sign_for(signer: &UrlSigner, uri: &hyper::Uri) -> Result<(), String> {
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let endpoint = signer
        .endpoint_host
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case(host));
    let lambda_url = host.to_ascii_lowercase().ends_with(".on.aws")
        && host.to_ascii_lowercase().contains(".lambda-url.")
        && uri.scheme_str() == Some("https");
    if loopback || endpoint || lambda_url {
        Ok(())
    } else {
        Err(format!(
            "Not sent: an AWS_IAM request is signed only for an https *.lambda-url.REGION.on.aws host, \
             this machine or the connection's endpoint, and this URL names {}",
            crate::sanitize::one_line(host)
        ))
    }
}

/// The SigV4 headers for the request: the current credentials, the
/// client's region, service `lambda`, the body's hash.
async fn signature(
    signer: &UrlSigner,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Vec<(String, String)>, String> {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    let credentials = signer
        .credentials
        .as_ref()
        .ok_or("no credentials to sign the request with")?
        .provide_credentials()
        .await
        .map_err(|e| format!("no credentials to sign the request with: {e}"))?;
    let region = signer.region.clone().unwrap_or_else(|| "us-east-1".into());
    let identity = credentials.into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(&region)
        .name("lambda")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot sign: {e}"))?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .map_err(|e| format!("cannot sign: {e}"))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| format!("cannot sign: {e}"))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_request_goes_only_to_a_function_urls_host_this_machine_or_the_endpoint() {
        let signer = UrlSigner {
            credentials: None,
            region: None,
            endpoint_host: Some("moto".into()),
        };
        let may = |url: &str| may_sign_for(&signer, &url.parse().unwrap()).is_ok();
        assert!(may("https://abc.lambda-url.eu-west-1.on.aws/items"));
        assert!(may("http://127.0.0.1:9001/lambda-url/f/"));
        assert!(may("http://localhost:9001/"));
        assert!(may("http://[::1]:9001/"));
        assert!(may("http://moto:5000/lambda-url/f/"), "the endpoint it was told to use");
        assert!(!may("http://abc.lambda-url.eu-west-1.on.aws/"), "not over plain HTTP");
        assert!(!may("https://attacker.example/"));
        assert!(!may("https://lambda-url.on.aws.attacker.example/"));
    }
}

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
        .map_err(|e| format!("{url}: {e}"))?;
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
        let frame = frame.map_err(|e| format!("the answer broke off: {e}"))?;
        let Ok(data) = frame.into_data() else { continue };
        seen += data.len();
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
            format!("the body was {seen} bytes: the first {MAX_BODY} are kept"),
        ));
    }
    Ok(outcome)
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

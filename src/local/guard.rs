//! What every request passes before a handler: the loopback guard (the
//! endpoint does not authenticate) and the panic guard (one request's panic
//! is that request's 500, never the endpoint's end).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::LambdaError;

/// The endpoint does not authenticate, so it answers only what comes from
/// this machine by name: a Host that is not a loopback name or address is
/// refused (a DNS-rebinding page sends its own name), and so is anything a
/// browser sends with an Origin (a page's fetch or form post), and so is
/// anything a browser marks with Sec-Fetch-* headers: a GET from a page's
/// `<img>` or link carries no Origin, and would run a function URL.
pub(crate) async fn loopback_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let headers = request.headers();
    let from_a_browser = ["sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user"]
        .iter()
        .any(|name| headers.contains_key(*name));
    if headers.contains_key("origin") || from_a_browser {
        return LambdaError::new(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            "Requests from web pages are refused: the local endpoint does not authenticate.",
        )
        .into_response();
    }
    let mut hosts = headers.get_all("host").iter();
    let host = hosts.next().and_then(|h| h.to_str().ok()).unwrap_or("");
    // One Host, and an absolute-form target (which a proxy would obey over
    // the Host) must name this machine too.
    let target = request.uri().authority().map(|a| a.as_str());
    if hosts.next().is_some() || !is_loopback_host(host) || target.is_some_and(|t| !is_loopback_host(t)) {
        return LambdaError::new(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            "The local endpoint answers only requests to 127.0.0.1, ::1 or localhost.",
        )
        .into_response();
    }
    next.run(request).await
}

/// `127.0.0.1:9001`, `localhost`, `[::1]:80`...: a Host header naming this machine.
fn is_loopback_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return ip.is_loopback();
    }
    let name = match host.strip_prefix('[') {
        // `[::1]` or `[::1]:PORT`: nothing else may follow the bracket.
        Some(rest) => match rest.split_once(']') {
            Some((name, "")) => name,
            Some((name, port))
                if port
                    .strip_prefix(':')
                    .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) =>
            {
                name
            }
            _ => return false,
        },
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A request whose handler panics gets a 500 and the endpoint goes on.
pub(super) async fn answer_panics(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use futures::FutureExt;
    match std::panic::AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => LambdaError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServiceException",
            "The local endpoint failed on this request; it goes on serving others.",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_answered() {
        for host in [
            "127.0.0.1:9001",
            "localhost",
            "LOCALHOST:80",
            "[::1]:9001",
            "::1",
            "127.0.0.2",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:9001",
            "127.0.0.1.evil.example",
            "[::2]:1",
            "localhost.evil",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}

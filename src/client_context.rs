//! The client context a synchronous invoke may carry: a JSON object with
//! `custom`, `env` (and `client`, as the mobile SDKs send), base64-encoded,
//! at most 3,583 bytes once encoded. Lambda passes it to the function as
//! `context.client_context`, for synchronous invokes only.

use base64::Engine;

/// Lambda's limit on the encoded context.
pub const MAX_ENCODED_BYTES: usize = 3_583;
/// The keys Lambda's runtimes read.
const KEYS: [&str; 3] = ["custom", "env", "client"];

/// Checks the JSON the user typed and encodes it as Invoke sends it.
pub fn encode(json: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let Some(object) = value.as_object() else {
        return Err("a client context is a JSON object, like {\"custom\": {\"k\": \"v\"}}".into());
    };
    if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!(
            "`{}` is not a client context key: use custom, env or client",
            crate::sanitize::one_line(key)
        ));
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(value.to_string());
    if encoded.len() > MAX_ENCODED_BYTES {
        return Err(format!(
            "it is {} bytes encoded; Lambda takes at most {MAX_ENCODED_BYTES}",
            encoded.len()
        ));
    }
    Ok(encoded)
}

/// Checks an encoded context read back from the history (a hand-edited
/// file may hold anything) before it is sent again.
pub fn check_encoded(encoded: &str) -> Result<(), String> {
    if encoded.len() > MAX_ENCODED_BYTES {
        return Err(format!(
            "it is {} bytes encoded; Lambda takes at most {MAX_ENCODED_BYTES}",
            encoded.len()
        ));
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| "it is not base64".to_string())?;
    let text = String::from_utf8(decoded).map_err(|_| "it is not UTF-8".to_string())?;
    encode(&text).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_is_an_object_of_known_keys_within_the_encoded_limit() {
        let encoded = encode(r#"{"custom": {"tenant": "acme"}, "env": {"locale": "en"}}"#).unwrap();
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        assert_eq!(decoded, br#"{"custom":{"tenant":"acme"},"env":{"locale":"en"}}"#);
        assert!(encode("[1]").unwrap_err().contains("JSON object"));
        assert!(encode(r#"{"secret": 1}"#).unwrap_err().contains("`secret`"));
        assert!(encode("{").unwrap_err().starts_with("not JSON"));
        // 2,670 bytes of JSON encode to 3,560; 2,700 to 3,600.
        let sized = |n: usize| format!(r#"{{"custom": {{"k": "{}"}}}}"#, "x".repeat(n - 18));
        assert!(encode(&sized(2_670)).is_ok());
        assert!(encode(&sized(2_700)).unwrap_err().contains("at most 3583"));
        assert!(check_encoded("eyJjdXN0b20iOnt9fQ==").is_ok());
        assert!(check_encoded("e30=\r\nX-Evil: 1").unwrap_err().contains("not base64"));
        assert!(check_encoded("WzFd").unwrap_err().contains("JSON object"));
    }
}

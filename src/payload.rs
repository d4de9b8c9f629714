//! The payload draft: JSON validation with a position, pretty-formatting, limits.

/// Lambda's request limits; checked before sending so the user learns at once.
pub const SYNC_PAYLOAD_LIMIT: usize = 6 * 1024 * 1024;
pub const ASYNC_PAYLOAD_LIMIT: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// Whitespace only: sent as no payload at all.
    Empty,
    Valid,
    /// 1-based line and column of the first error, as the user sees them.
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
}

impl Validity {
    pub fn describe(&self) -> String {
        match self {
            Validity::Empty => "empty payload (none is sent)".to_string(),
            Validity::Valid => "valid JSON".to_string(),
            Validity::Invalid { line, column, message } => {
                format!("invalid JSON at line {line}, column {column}: {message}")
            }
        }
    }
}

pub fn validate(text: &str) -> Validity {
    if text.trim().is_empty() {
        return Validity::Empty;
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Validity::Valid,
        Err(err) => Validity::Invalid {
            line: err.line().max(1),
            column: err.column().max(1),
            message: error_message_without_position(&err),
        },
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn error_message_without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    }
}

/// Pretty-prints valid JSON with two-space indents, keeping key order.
pub fn pretty(text: &str) -> Result<String, Validity> {
    match validate(text) {
        Validity::Empty => Ok(String::new()),
        Validity::Valid => {
            let value: serde_json::Value = serde_json::from_str(text).expect("validated above");
            Ok(serde_json::to_string_pretty(&value).expect("a Value always serializes"))
        }
        invalid => Err(invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_are_allowed() {
        assert_eq!(validate(""), Validity::Empty);
        assert_eq!(validate("  \n "), Validity::Empty);
    }

    #[test]
    fn errors_name_line_and_column() {
        let v = validate("{\n  \"a\": 1,\n  \"b\": }\n");
        match v {
            Validity::Invalid { line, column, message } => {
                assert_eq!((line, column), (3, 8));
                assert!(message.contains("expected value"), "{message}");
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn pretty_keeps_key_order() {
        assert_eq!(
            pretty("{\"z\":1,\"a\":[true]}").unwrap(),
            "{\n  \"z\": 1,\n  \"a\": [\n    true\n  ]\n}"
        );
        assert!(pretty("{").is_err());
    }
}
